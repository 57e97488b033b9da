'use strict';
// xfer.js: what the node.xfer.* cases share, the JavaScript side of cases/xfer.h (a module, not a
// case: it has no "// @case" line): the payload and its digest, the argument checks, the pinned
// consumer worker, and the producer's timed loop.
//
// The timed loop (run): one message in flight (ping-pong), as in xfer.h. A message's time covers
// the whole exchange: getting a buffer to produce into (the producer's own, a new ArrayBuffer, one
// back from the consumer, the SharedArrayBuffer), producing the message in it, postMessage, the
// consumer's work (its digest; with touch:1 it reads every byte), and the acknowledgement's
// 'message' event on the main thread. Each message is timed alone (consecutive clock reads);
// samples go to the harness when a message takes 1 us or more (always, in practice: a postMessage
// round trip is several us).
//
// Payload: 32-bit word i of message seq is (seq * GOLD) ^ i (Int32Array; 32-bit integers stay
// exact in JavaScript), written fresh for every message. touch:1 writes every word and the
// consumer's digest is the sum of word i ^ i over every word plus the touch:0 digest; touch:0 stamps
// only the first and last word (a header and a trailer: nothing can be served stale from an earlier
// message) and the consumer reads only those two: 3 x first + last. All sums modulo 2^32. Either way
// the producer checks the consumer's digest against its own; a wrong one fails the result, naming
// the message.
const GOLD = 0x9e3779b9 | 0;

// Produce message seq in buf (an ArrayBuffer or SharedArrayBuffer of bytes); returns the digest
// the consumer must report.
function fill(buf, bytes, seq, touch) {
  const w = new Int32Array(buf, 0, bytes >> 2), n = w.length, base = Math.imul(seq, GOLD);
  const ends = (Math.imul(3, base) + (base ^ (n - 1))) | 0;
  if (!touch) {
    w[0] = base;
    w[n - 1] = base ^ (n - 1);
    return ends;
  }
  for (let i = 0; i < n; i++)
    w[i] = base ^ i;
  return (Math.imul(base, n) + ends) | 0; // the sum over every word of word ^ index, plus ends
}

// The consumer's digest of buf (touch:1 reads every word, touch:0 the first and last), or a
// string saying why buf is not a message of bytes (which never equals a digest).
function digest(buf, bytes, touch) {
  if (!(buf instanceof ArrayBuffer || buf instanceof SharedArrayBuffer) || buf.byteLength !== bytes)
    return `the consumer got ${buf && buf.constructor ? buf.constructor.name : typeof buf} of ` +
      `${buf && buf.byteLength} bytes, expected ${bytes}`;
  const w = new Int32Array(buf, 0, bytes >> 2), n = w.length;
  let s = (Math.imul(3, w[0]) + w[n - 1]) | 0;
  if (touch)
    for (let i = 0; i < n; i++)
      s = (s + (w[i] ^ i)) | 0;
  return s;
}

// bytes and touch, checked: {bytes, touch}. Throws with one line naming the bad value.
function args(ctx) {
  const bytes = Number(ctx.args.bytes), touch = ctx.args.touch;
  if (!(Number.isInteger(bytes) && bytes >= 64 && bytes % 64 === 0))
    throw new Error(`bytes:${ctx.args.bytes}: expected a multiple of 64, at least 64`);
  if (touch !== '0' && touch !== '1')
    throw new Error(`touch:${touch}: expected 0 or 1`);
  return { bytes, touch: Number(touch) };
}

// Start the consumer (file, as a worker with workerData) and bind it to the placement's second PU
// once it has posted its TID; the main thread stays on the first.
async function consumer(file, workerData, h) {
  const { Worker } = require('worker_threads');
  const w = new Worker(file, { workerData });
  await h.placed(w, 1);
  return w;
}

// In the consumer: post the TID, then answer each message with reply(message).
function serve(reply) {
  const { parentPort } = require('worker_threads');
  parentPort.postMessage({ tid: require('./wt.js').tid() });
  parentPort.on('message', reply);
}

const hex = (v) => (v >>> 0).toString(16).padStart(8, '0');
const HUNG_MS = 5000; // no acknowledgement for two checks in a row: the consumer hung

// The producer's timed loop: n messages. st: {w, h, bytes, touch, seq (last sent), copies (payload
// copies per message, for copied_bytes_per_second; 0: none), obtain(st) -> buffer, send(st, buf,
// seq), ack(st, message) -> digest}; obtain, send and ack may throw (a failure, with its reason).
function run(st, n) {
  return new Promise((resolve, reject) => {
    const { w, h } = st;
    const samples = new Array(n);
    let i = 0, want = 0, seq = 0, seen = -1;
    const t0 = h.now();
    let t = t0;
    const end = (e, res) => {
      clearInterval(dog);
      w.off('message', onMsg);
      w.off('error', onErr);
      w.off('exit', onExit);
      if (e)
        reject(e);
      else
        resolve(res);
    };
    const onErr = (e) => end(new Error(`message ${seq}: the consumer threw: ${(e && e.message) || e}`));
    const onExit = (c) => end(new Error(`message ${seq}: the consumer exited (code ${c})`));
    const dog = setInterval(() => {
      if (seen === i)
        end(new Error(`message ${seq}: no acknowledgement within ${(2 * HUNG_MS) / 1000} s (consumer hung)`));
      seen = i;
    }, HUNG_MS);
    const next = () => {
      seq = ++st.seq;
      const buf = st.obtain(st);
      want = fill(buf, st.bytes, seq, st.touch);
      st.send(st, buf, seq);
    };
    const onMsg = (m) => {
      let dg;
      try {
        dg = st.ack(st, m);
      } catch (e) {
        return end(e);
      }
      if (dg !== want)
        return end(new Error(typeof dg === 'number'
          ? `message ${seq}: the consumer's digest ${hex(dg)}, expected ${hex(want)} (stale or torn data)`
          : `message ${seq}: ${dg}`));
      const t1 = h.now();
      samples[i] = t1 - t;
      t = t1;
      if (++i < n) {
        try {
          next();
        } catch (e) {
          end(e);
        }
        return;
      }
      const ns = t1 - t0, bps = (st.bytes * n * 1e9) / ns;
      const counters = { bytes_per_second: bps };
      if (st.copies)
        counters.copied_bytes_per_second = st.copies * bps;
      end(null, { ns, samples: ns >= 1000 * n ? samples : [], counters });
    };
    w.on('message', onMsg);
    w.on('error', onErr);
    w.on('exit', onExit);
    try {
      next();
    } catch (e) {
      end(e);
    }
  });
}

module.exports = { fill, digest, args, consumer, serve, run };
