'use strict';
// pool.js: what the node.pool.* cases share (a module, not a case: it has no "// @case" line): the
// workers' side (one task per new Worker, a fixed pool's Worker, piscina's task function), the real
// cost of a task, creating a Worker on a given PU, and starting piscina or a fixed pool with every
// worker pinned. Every worker runs h.work(units, seed) and answers [result, completion time] (a
// fixed pool's worker [index, result, completion time]); the completion time is the worker's clock
// (CLOCK_MONOTONIC, the same in every thread) read as the task ends. PU indices are h.pin's: 0 the
// main thread's, 1 and up the machine's PUs in topology order (modulo their count), as native
// wt_pu(1 + k) spreads a native pool's worker k.
const { Worker, isMainThread, workerData, parentPort } = require('worker_threads');
const path = require('path');
const wt = require('./wt.js');
const FILE = path.join(__dirname, 'pool.js');

if (!isMainThread && workerData && workerData.role) {
  const { role, units, seed } = workerData;
  if (role === 'piscina') {
    // A task is its index or, once per worker in setup, a barrier that holds every worker until all
    // have one, so that each answers with its own TID.
    module.exports = (t) => {
      if (typeof t === 'number') {
        const r = wt.work(units, seed);
        return [r, wt.now()];
      }
      const a = new Int32Array(t.sab);
      Atomics.add(a, 0, 1);
      for (const end = Date.now() + 10000; Atomics.load(a, 0) < t.n && Date.now() < end;)
        Atomics.wait(a, 0, Atomics.load(a, 0), 100);
      return wt.tid();
    };
  } else if (role === 'task') { // one task, at once (the thread was created on its PU); then it ends
    const r = wt.work(units, seed);
    parentPort.postMessage([r, wt.now()]);
  } else { // 'fixed'
    parentPort.postMessage({ tid: wt.tid() });
    parentPort.on('message', (i) => {
      const r = wt.work(units, seed);
      parentPort.postMessage([i, r, wt.now()]);
    });
  }
  return;
}

// Real cost of one task on the calling thread: the median of up to 201 timings (batched to
// >= 10 us), as native wt_work_cost_ns.
function measureCost(h, units, seed, expect) {
  const c = (units * 1000) / h.workUnitsFor(1000); // estimated ns a call
  const batch = c < 1e4 ? Math.floor(1e4 / Math.max(c, 1)) + 1 : 1;
  const n = c * batch * 201 < 3e6 ? 201 : c < 3e6 ? 5 : 3, v = [];
  for (let k = 0; k < n; k++) {
    const t0 = h.now();
    for (let b = 0; b < batch; b++)
      if (h.work(units, seed) !== expect)
        throw new Error('h.work is not a pure function of (units, seed)');
    v.push((h.now() - t0) / batch);
  }
  v.sort((a, b) => a - b);
  return v[n >> 1];
}

// The task of a case: {units, seed, expect, task_ns} for a nominal cost of cost_ns.
function task(h, cost_ns) {
  const seed = 0x5eed, units = h.workUnitsFor(cost_ns), expect = h.work(units, seed);
  return { units, seed, expect, task_ns: measureCost(h, units, seed, expect) };
}

// piscina, or a SKIP saying why it cannot be loaded.
function piscina(h) {
  try {
    return require('piscina');
  } catch (e) {
    throw new h.Skip('piscina is not installed beside the node cases (ci/npm-ci runs npm ci at build ' +
      `time): ${String(e.message).split('\n')[0]}`);
  }
}

// A piscina of n threads (minThreads = maxThreads = n, never reaped), its worker k pinned to PU
// idx(k): one barrier task per worker returns each worker's TID.
async function startPiscina(h, n, t, idx) {
  const Piscina = piscina(h);
  const pool = new Piscina({
    filename: FILE, minThreads: n, maxThreads: n, idleTimeout: Infinity,
    workerData: { role: 'piscina', units: t.units, seed: t.seed },
  });
  const sab = new SharedArrayBuffer(4);
  const tids = await Promise.all(Array.from({ length: n }, () => pool.run({ sab, n })));
  if (new Set(tids).size !== n)
    throw new Error(`piscina's ${n} workers answered the TID barrier with ${new Set(tids).size} distinct TIDs`);
  await Promise.all(tids.map((tid, k) => h.pin(tid, idx(k))));
  return pool;
}

// n long-lived Workers, worker k pinned to PU idx(k).
async function startFixed(h, n, t, idx) {
  const ws = [];
  for (let k = 0; k < n; k++) {
    const wk = new Worker(FILE, { workerData: { role: 'fixed', units: t.units, seed: t.seed } });
    ws.push(wk);
    await h.placed(wk, idx(k));
  }
  return ws;
}

// A new Worker running one task on PU idx from its first instruction, as a native thread created
// pinned. Node has no way to set a thread's affinity at its creation, and a new thread inherits its
// creator's: so the main thread moves to PU idx while it creates the Worker (whose thread, isolate
// and bootstrap then run there, not on the main thread's PU 0) and moves back to PU 0. One creation
// at a time (callers queue on sp.q): the main thread has one binding. sp: {h, q: a Promise, t}.
function spawnTask(sp, idx) {
  const p = sp.q.then(async () => {
    await sp.h.pin(process.pid, idx);
    try {
      return new Worker(FILE, { workerData: { role: 'task', units: sp.t.units, seed: sp.t.seed } });
    } finally {
      await sp.h.pin(process.pid, 0);
    }
  });
  sp.q = p.catch(() => {});
  return p;
}

// Resolves with a task Worker's answer once it has exited (code 0 after one answer); rejects
// naming task i otherwise.
function taskDone(wk, i) {
  return new Promise((resolve, reject) => {
    let ans = null;
    wk.on('message', (m) => (ans = m));
    wk.on('error', (e) => reject(new Error(`task ${i}: its worker threw: ${e.message}`)));
    wk.on('exit', (c) => (ans && c === 0 ? resolve(ans)
      : reject(new Error(`task ${i}: its worker exited (code ${c}) without a result`))));
  });
}

// Collects a fixed pool's answers for tasks 0..n-1 into res[i] = [result, time]; resolves when
// every task has answered once, rejects on a duplicate or stray answer or a worker's error or exit.
function fixedCollect(ws, n, res) {
  return new Promise((resolve, reject) => {
    let left = n;
    const end = (e) => {
      for (const wk of ws) {
        wk.off('message', onMsg);
        wk.off('error', onErr);
        wk.off('exit', onExit);
      }
      if (e)
        reject(e);
      else
        resolve();
    };
    const onMsg = ([i, r, at]) => {
      if (!(i >= 0 && i < n) || res[i] !== undefined)
        return end(new Error(`task ${i} answered twice, or was never sent`));
      res[i] = [r, at];
      if (--left === 0)
        end();
    };
    const onErr = (e) => end(new Error(`a pool worker threw: ${e.message}`));
    const onExit = (c) => end(new Error(`a pool worker exited (code ${c})`));
    for (const wk of ws) {
      wk.on('message', onMsg);
      wk.on('error', onErr);
      wk.on('exit', onExit);
    }
    if (!n)
      end();
  });
}

// Check every result: res[i][0] must be expect. Throws naming the first wrong task.
function check(res, n, expect) {
  for (let i = 0; i < n; i++)
    if (!res[i] || res[i][0] !== expect)
      throw new Error(`task ${i}: result ${res[i] && res[i][0]}, expected ${expect}`);
}

async function stop(st) {
  if (!st)
    return;
  await Promise.all((st.workers || []).map((wk) => wk.terminate()));
  if (st.pool)
    await st.pool.destroy();
}

module.exports = { task, piscina, startPiscina, startFixed, spawnTask, taskDone, fixedCollect, check, stop };
