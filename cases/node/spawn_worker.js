'use strict';
// node.spawn.worker: cost of starting a worker thread with `new Worker`, ns per worker, timed per
// worker by the main thread: from just before `new Worker(...)` until, by `until`,
//   online   its 'online' event runs in the main thread (the worker has begun running JavaScript;
//            it loads its modules after this, so module:heavy is a SKIP here),
//   message  its first message (the nonce's echo) runs in the main thread's 'message' handler,
//   exit     its 'exit' event runs after the worker, its message posted, ended by itself (its event
//            loop emptied: no process.exit, no terminate).
// Workers start one at a time: the next begins only after the previous one's exit (waited for
// outside the timed region in online and message), so no two overlap. src: file (this file, loaded
// by path) or eval (the same worker function's source, with eval: true). module: none, or heavy:
// before it answers, the worker requires 15 of node's big built-in modules (HEAVY below: http,
// https, http2, crypto, zlib, stream, util, net, tls, child_process, assert, url, dns, readline,
// vm), each loaded afresh in the worker's own isolate, and checks that each has its main export.
// Every worker proves it ran: it echoes a nonce chosen per worker (a multiply of it) and the count
// of modules it checked; a wrong or missing echo counts as a failed check, an error or a non-zero
// exit code fails the result. Workers inherit the main thread's binding (the case's PU).
// Native counterpart: spawn.thread (until:start ~ online, until:join ~ exit) and calib.thread.
// @case node.spawn.worker
// @summary new Worker until online / first message / exit, from a file or eval, bare or loading 15 built-ins; ns each
// @native ^spawn\.thread/place:pu/stack:default/until:join$
// @min_pus 1
// @param src file file,eval
// @param until message online,message,exit
// @param module none none,heavy
const { Worker, isMainThread } = require('worker_threads');

// The modules module:heavy loads, and an export each must have (proof that it loaded).
const HEAVY = [
  ['node:http', 'createServer'], ['node:https', 'request'], ['node:http2', 'connect'],
  ['node:crypto', 'createHash'], ['node:zlib', 'gzipSync'], ['node:stream', 'Readable'],
  ['node:util', 'inspect'], ['node:net', 'Socket'], ['node:tls', 'connect'],
  ['node:child_process', 'spawn'], ['node:assert', 'strictEqual'], ['node:url', 'URL'],
  ['node:dns', 'lookup'], ['node:readline', 'createInterface'], ['node:vm', 'Script'],
];

// The worker: loads its modules, echoes the nonce, and returns (its loop then empties: it exits).
// It must stay self-contained: src:eval runs its source text.
function workerMain() {
  const { parentPort, workerData: d } = require('worker_threads');
  let mods = 0;
  for (const [name, fn] of d.heavy) {
    if (typeof require(name)[fn] !== 'function')
      throw new Error(`${name} has no ${fn}`);
    mods++;
  }
  parentPort.postMessage({ echo: Math.imul(d.nonce, 0x9e3779b1) >>> 0, mods });
}

if (!isMainThread) {
  workerMain();
  return;
}

const TIMEOUT_MS = 10000; // a worker that has not exited by then fails the result

exports.setup = (ctx, h) => {
  const { src, until, module } = ctx.args;
  if (!['file', 'eval'].includes(src))
    throw new Error(`src ${src}: expected file or eval`);
  if (!['online', 'message', 'exit'].includes(until))
    throw new Error(`until ${until}: expected online, message or exit`);
  if (!['none', 'heavy'].includes(module))
    throw new Error(`module ${module}: expected none or heavy`);
  if (until === 'online' && module === 'heavy')
    throw new h.Skip('until online ends before the worker loads its modules: the same as module none');
  return {
    h, until,
    what: src === 'file' ? __filename : `(${workerMain})()`,
    evalSrc: src === 'eval',
    heavy: module === 'heavy' ? HEAVY : [],
    nonce: (Math.random() * 0x7fffffff) >>> 0,
    live: new Set(),
    seq: 0,
  };
};

// One worker: resolves with {ns, ok} once it has exited with code 0, rejects otherwise.
function spawnOne(st) {
  return new Promise((resolve, reject) => {
    const { h, until } = st;
    const nonce = (st.nonce + ++st.seq) >>> 0, k = st.seq;
    const opts = { eval: st.evalSrc, workerData: { nonce, heavy: st.heavy } };
    let w = null, t1 = 0, reply = null, err = null;
    const timer = setTimeout(() => {
      err = new Error(`no exit ${TIMEOUT_MS / 1000} s after new Worker; terminated`);
      if (w)
        w.terminate();
    }, TIMEOUT_MS);
    const t0 = h.now();
    try {
      w = new Worker(st.what, opts);
    } catch (e) {
      clearTimeout(timer);
      throw e;
    }
    if (until === 'online')
      w.once('online', () => (t1 = h.now()));
    w.on('message', (m) => {
      if (until === 'message' && !t1)
        t1 = h.now();
      if (reply === null)
        reply = m;
    });
    w.on('error', (e) => (err = err || e));
    w.once('exit', (code) => {
      if (until === 'exit')
        t1 = h.now();
      clearTimeout(timer);
      st.live.delete(w);
      if (err)
        return reject(new Error(`worker ${k}: ${err.message || err}`));
      if (code !== 0)
        return reject(new Error(`worker ${k} exited with code ${code}`));
      if (!t1)
        return reject(new Error(`worker ${k} exited without its ${until === 'online' ? "'online' event" : 'message'}`));
      const ok = reply !== null && reply.echo === Math.imul(nonce, 0x9e3779b1) >>> 0 &&
        reply.mods === st.heavy.length;
      resolve({ ns: t1 - t0, ok });
    });
    st.live.add(w);
  });
}

exports.run = (st, n) => st.h.timeEach(n, () => spawnOne(st));

exports.teardown = async (st) => {
  if (st)
    await Promise.all([...st.live].map((w) => w.terminate()));
};
