'use strict';
// node.msg.post: worker.postMessage round trip between the main thread and one worker thread, ns
// per round trip, timed by the main thread one round trip at a time: from the main thread's
// postMessage until the echo's 'message' event runs. Each message carries its sequence number, and
// the echo must come back with it (and, for a buffer, its size and end bytes); anything else fails.
// kind: number (a bare Number), string (64 characters), object (a small record: 8 fields, a nested
// array), buffer (an ArrayBuffer of `bytes`, structured-cloned both ways). The worker is pinned to
// the placement's second PU; the main thread stays on the first. Native counterpart: the msg family
// at the same placement (postMessage is a locked queue plus a uv_async_send wake-up: an eventfd).
// Counter one_way_ns: half the mean round trip.
// @case node.msg.post
// @summary worker.postMessage round trip main <-> worker: number, string, object, ArrayBuffer; ns each
// @native ^msg\.eventfd/peer:thread/
// @min_pus 2
// @param place far all
// @param kind number,buffer number,string,object,buffer
// @param bytes 64 64,1024,16384
const { Worker, isMainThread, parentPort } = require('worker_threads');

if (!isMainThread) {
  const wt = require('./wt.js');
  parentPort.postMessage({ tid: wt.tid() });
  parentPort.on('message', (m) => parentPort.postMessage(m));
  return;
}

// The message for seq; a buffer is the case's one ArrayBuffer, restamped (postMessage clones it).
function payload(st, seq) {
  switch (st.kind) {
    case 'number': return seq;
    case 'string': return String(seq).padStart(64, '0');
    case 'object': return { seq, a: 1, b: 'two', c: 3.5, d: true, e: null, f: [1, 2, 3], g: { h: 'i' } };
    default:
      new Float64Array(st.buf, 0, 1)[0] = seq;
      new Uint8Array(st.buf)[st.bytes - 1] = seq & 0xff;
      return st.buf;
  }
}
function check(kind, bytes, seq, m) {
  switch (kind) {
    case 'number': return m === seq;
    case 'string': return typeof m === 'string' && Number(m) === seq;
    case 'object': return m && m.seq === seq && m.g && m.g.h === 'i';
    default: return m instanceof ArrayBuffer && m.byteLength === bytes &&
      new Float64Array(m, 0, 1)[0] === seq && new Uint8Array(m)[bytes - 1] === (seq & 0xff);
  }
}

exports.setup = async (ctx, h) => {
  const kind = ctx.args.kind, bytes = Number(ctx.args.bytes);
  if (!['number', 'string', 'object', 'buffer'].includes(kind))
    throw new Error(`kind ${kind}: expected number, string, object or buffer`);
  if (kind === 'buffer' && !(bytes >= 8))
    throw new Error(`bytes ${ctx.args.bytes}: expected at least 8`);
  if (kind !== 'buffer' && ctx.args.bytes !== '64')
    throw new h.Skip(`kind ${kind} has a fixed size; bytes applies to kind buffer`);
  const w = new Worker(__filename);
  await h.placed(w, 1);
  const buf = kind === 'buffer' ? new ArrayBuffer(bytes) : null;
  if (buf)
    new Uint8Array(buf).fill(1); // every page written before timing
  return { w, kind, bytes, buf, seq: 0, h };
};

exports.run = (st, n) => new Promise((resolve, reject) => {
  const { w, kind, bytes, h } = st;
  const samples = new Array(n);
  let i = 0, bad = 0, t = 0;
  const t0 = h.now();
  const onExit = (c) => (w.off('message', onMsg), reject(new Error(`the worker exited (${c})`)));
  const send = () => {
    t = h.now();
    w.postMessage(payload(st, st.seq));
  };
  const onMsg = (m) => {
    const t1 = h.now();
    samples[i] = t1 - t;
    if (!check(kind, bytes, st.seq, m))
      bad++;
    st.seq++;
    if (++i < n)
      return send();
    w.off('message', onMsg);
    w.off('exit', onExit);
    resolve({ ns: t1 - t0, bad, samples, counters: { 'one_way_ns+': (t1 - t0) / 2 } });
  };
  w.on('message', onMsg);
  w.once('exit', onExit);
  send();
});

exports.teardown = (st) => st && st.w.terminate();
