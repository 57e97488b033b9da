'use strict';
// node.msg.atomics: round trip of a number between the main thread and one worker thread over a
// SharedArrayBuffer, each side sleeping in Atomics.wait until its turn (the futex analogue: V8's
// Atomics.wait/notify are a futex-like wait queue), ns per round trip, timed by the main thread one
// round trip at a time (the histogram): main writes the sequence number (DATA), publishes its turn
// (TURN, odd) with Atomics.store, always calls Atomics.notify, and waits until TURN turns even; the
// worker, woken, checks the number, writes it back (ECHO), publishes the even turn and notifies.
// No spinning: a side whose turn has not come calls Atomics.wait at once. Main checks every echo;
// the worker counts numbers other than the one it expected (BAD); either fails a check. The
// worker is pinned to the placement's second PU, the main thread stays on its first. Between
// batches the worker sleeps in Atomics.wait; teardown sets STOP and wakes it, then terminates it.
// A main-thread wait that times out (5 s) fails the batch: a hung or dead worker never hangs the
// case. Counter one_way_ns: half the mean round trip. The buffer's page is written in setup.
// Native counterpart: msg.futex/peer:thread at the same placement.
// @case node.msg.atomics
// @summary SharedArrayBuffer + Atomics.wait/notify round trip main <-> pinned worker (the futex analogue); ns each
// @native ^msg\.futex/peer:thread/
// @min_pus 2
// @param place far all
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

// Int32 indices: the turn, the number and its echo share one cache line; the control words
// (written once a batch or less) live on another.
const TURN = 0, DATA = 1, ECHO = 2, BAD = 16, STOP = 17, GONE = 18;
const MASK = 0x3fffffff; // turns and numbers wrap here (even, so parity survives the wrap)
const TIMEOUT_MS = 5000;

if (!isMainThread) {
  const wt = require('./wt.js');
  const ia = new Int32Array(workerData.sab);
  parentPort.postMessage({ tid: wt.tid() });
  let turn = 0, expect = 1;
  try {
    for (;;) {
      const want = (turn + 1) & MASK;
      let cur;
      while ((cur = Atomics.load(ia, TURN)) !== want && !Atomics.load(ia, STOP))
        Atomics.wait(ia, TURN, cur); // no timeout: between batches it sleeps here
      if (Atomics.load(ia, STOP))
        break;
      const seq = Atomics.load(ia, DATA);
      if (seq !== expect)
        Atomics.add(ia, BAD, 1);
      expect = (seq + 1) & MASK || 1;
      Atomics.store(ia, ECHO, seq);
      turn = (want + 1) & MASK;
      Atomics.store(ia, TURN, turn);
      Atomics.notify(ia, TURN, 1);
    }
  } finally {
    Atomics.store(ia, GONE, 1);
  }
  return;
}

exports.setup = async (ctx, h) => {
  const sab = new SharedArrayBuffer(4096);
  const ia = new Int32Array(sab);
  ia.fill(0); // every page written before timing
  const w = new Worker(__filename, { workerData: { sab } });
  const st = { h, w, ia, turn: 0, seq: 0, samples: new Float64Array(1024).fill(1) };
  try {
    await h.placed(w, 1);
  } catch (e) {
    await exports.teardown(st);
    throw e;
  }
  return st;
};

exports.run = (st, n) => {
  const { h, ia } = st;
  if (st.samples.length < n)
    st.samples = new Float64Array(n).fill(1);
  const samples = st.samples;
  const bad0 = Atomics.load(ia, BAD);
  let bad = 0, turn = st.turn, seq = st.seq;
  const t0 = h.now();
  let tPrev = t0;
  for (let i = 0; i < n; i++) {
    seq = (seq + 1) & MASK || 1;
    Atomics.store(ia, DATA, seq);
    turn = (turn + 1) & MASK;
    Atomics.store(ia, TURN, turn);
    Atomics.notify(ia, TURN, 1);
    const want = (turn + 1) & MASK;
    let cur;
    while ((cur = Atomics.load(ia, TURN)) !== want) {
      if (Atomics.wait(ia, TURN, cur, TIMEOUT_MS) === 'timed-out' && Atomics.load(ia, TURN) === cur)
        throw new Error(`no echo from the worker for ${TIMEOUT_MS / 1000} s (round trip ${i + 1} of ${n}` +
          `${Atomics.load(ia, GONE) ? '; the worker left its loop' : ''})`);
    }
    turn = want;
    if (Atomics.load(ia, ECHO) !== seq)
      bad++;
    const t = h.now();
    samples[i] = t - tPrev;
    tPrev = t;
  }
  const ns = tPrev - t0;
  st.turn = turn;
  st.seq = seq;
  bad += Atomics.load(ia, BAD) - bad0;
  return { ns, bad, samples: samples.subarray(0, n), counters: { 'one_way_ns+': ns / 2 } };
};

exports.teardown = async (st) => {
  if (!st)
    return;
  Atomics.store(st.ia, STOP, 1);
  Atomics.notify(st.ia, TURN, 1);
  await st.w.terminate();
};
