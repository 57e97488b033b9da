'use strict';
// node.pool.open: a pool versus a worker per request in node, open loop: tasks of calibrated CPU
// work (h.work; cost_ns nominal, real cost task_ns measured on the main thread in setup) arrive on a
// Poisson schedule at load% of capacity; latency per task, ns, from its SCHEDULED arrival to its
// completion (the worker's clock as the task ends), so a submitter that falls behind cannot hide
// the delay. As native pool.open: capacity = P / task_ns, P = 1 inline, else P = PUs - 1 workers on
// the PUs other than the main thread's (worker k on the machine's PU 1 + k mod P). mode: inline
// (the main thread runs each task at its arrival); thread (a new Worker per task, created on its PU
// (pool.js, spawnTask), at most 64 in flight: the 65th arrival waits for the first's exit); pool
// (piscina, P threads); fixed (the suite's own pool in node: P long-lived Workers, task i posted to
// worker i mod P). Between arrivals the main thread turns its event loop (setImmediate) so that
// completions, piscina's bookkeeping and pin answers are served; inline it spins. Timed: from the
// first scheduled arrival until the last task has completed; the time per op is the wall time per
// arrival. Per-task latencies go to the harness's histogram (p50_ns, p99_ns); counters: task_ns,
// offered_per_s, done_per_s, parallel, late_ns (mean dispatch lateness of the main thread). Every
// result is checked (fixed: and that each task answered once). Without piscina installed, mode pool
// is a SKIP with the reason. Native counterpart: pool.open (mode process left out, as in
// node.pool.closed).
// Quick keeps piscina at cost_ns:10000 and load 95 (node starts every round, ~0.3 s a result
// here); the other modes and loads run with --full.
// @case node.pool.open
// @summary Poisson arrivals of calibrated tasks in node at a share of capacity (inline, Worker per task, piscina, fixed Workers), latency from scheduled arrival, ns
// @native ^pool\.open/mode:pool/
// @min_pus 2
// @param mode pool inline,thread,pool,fixed
// @param cost_ns 10000 1000,10000,100000,1000000
// @param load 95 50,80,95
const P = require('./pool.js');
const INFLIGHT = 64; // new Workers the main thread may have outstanding
const MODES = ['inline', 'thread', 'pool', 'fixed'];

exports.setup = async (ctx, h) => {
  const mode = ctx.args.mode, cost = Number(ctx.args.cost_ns), load = Number(ctx.args.load);
  if (!MODES.includes(mode))
    throw new Error(`unknown mode '${mode}'`);
  if (!(cost > 0))
    throw new Error(`cost_ns:${ctx.args.cost_ns}: expected a positive number of ns`);
  if (!(Number.isInteger(load) && load >= 1 && load <= 100))
    throw new Error(`load:${ctx.args.load}: expected a percentage of capacity, 1 to 100`);
  if (ctx.npus < 2)
    throw new h.Skip(`needs 2 PUs, this process may use ${ctx.npus}`);
  if (mode === 'pool')
    P.piscina(h); // a SKIP, before anything is measured, when piscina is missing
  const nw = Math.min(ctx.npus - 1, INFLIGHT), par = mode === 'inline' ? 1 : nw;
  const t = P.task(h, cost), idx = (k) => 1 + (k % nw);
  const st = {
    h, mode, nw, t, par, idx, gap: t.task_ns / ((load / 100) * par), runs: 0,
    workers: [], pool: null, sp: { h, t, q: Promise.resolve() },
  };
  if (mode === 'pool')
    st.pool = await P.startPiscina(h, nw, t, idx);
  else if (mode === 'fixed')
    st.workers = await P.startFixed(h, nw, t, idx);
  return st;
};

// The Poisson schedule of n arrivals (offsets from the start, ns): a fixed function of the run's
// index, as native (xorshift32 here).
function schedule(st, n) {
  let x = (Math.imul(0x9e3779b9, ++st.runs) | 1) >>> 0, at = 0;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    at += -Math.log1p(-((x >>> 0) / 4294967296)) * st.gap;
    a[i] = at;
  }
  return a;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

exports.run = async (st, n) => {
  const { h, mode, t } = st;
  const at = schedule(st, n), res = new Array(n), pend = [];
  const slot = new Array(INFLIGHT).fill(null);
  const fixed = mode === 'fixed' ? P.fixedCollect(st.workers, n, res) : null;
  // Every pending task is handled at once (no unhandled rejection); the first failure is thrown
  // once the tasks dispatched so far have settled.
  let late = 0, err = null;
  const track = (p) => {
    const q = p.catch((e) => void (err = err || e));
    pend.push(q);
    return q;
  };
  if (fixed)
    track(fixed);
  const t0 = h.now() + 10000;
  for (let i = 0; i < n && !err; i++) {
    at[i] += t0;
    if (mode === 'inline') {
      while (h.now() < at[i]);
      late += h.now() - at[i];
      const r = h.work(t.units, t.seed);
      res[i] = [r, h.now()];
      continue;
    }
    while (h.now() < at[i])
      await turn();
    late += h.now() - at[i];
    if (mode === 'fixed') {
      st.workers[i % st.nw].postMessage(i);
    } else if (mode === 'pool') {
      track(st.pool.run(i).then((r) => (res[i] = r)));
    } else {
      const k = i % INFLIGHT;
      if (slot[k])
        await slot[k];
      slot[k] = track(P.spawnTask(st.sp, st.idx(k)).then((wk) => P.taskDone(wk, i)).then((r) => (res[i] = r)));
    }
  }
  await Promise.all(pend);
  if (err)
    throw err;
  P.check(res, n, t.expect);
  const samples = new Array(n);
  let end = t0;
  for (let i = 0; i < n; i++) {
    samples[i] = Math.max(0, res[i][1] - at[i]);
    end = Math.max(end, res[i][1]);
  }
  // done_per_s is this batch's (a timed sample once the warm-up is over); late_ns a batch total
  // the harness keeps after the warm-up and reports per task (NAME+).
  return {
    ns: end - t0,
    samples,
    counters: {
      task_ns: t.task_ns, offered_per_s: 1e9 / st.gap, done_per_s: (n * 1e9) / (end - t0),
      parallel: st.par, 'late_ns+': late,
    },
  };
};

exports.teardown = P.stop;
