'use strict';
// node.msg.spin: round trip of a number between the main thread and one worker thread over a
// SharedArrayBuffer, both sides spinning on Atomics.load (the spin analogue: no wait, no notify),
// ns per round trip, timed by the main thread as one batch (round trips are sub-microsecond: two
// clock reads each would weigh on them; no per-operation samples): main writes the sequence number
// (DATA), publishes its turn (TURN, odd) with Atomics.store and spins until TURN turns even; the
// worker, spinning, checks the number, writes it back (ECHO) and publishes the even turn. TURN,
// DATA and ECHO share one cache line. Main checks every echo; the worker counts numbers other than
// the one it expected (BAD); either fails a check.
// A batch: main hands the worker its size (N) and wakes it (GO, Atomics.notify), then spins until
// the worker acknowledges (ACK) that it spins; only then does the clock start. Between batches the
// worker sleeps in Atomics.wait on GO, so it burns its PU only while a batch runs. A spin that sees
// no progress for 5 s (the clock is read every 2^14 spins) fails the batch on either side: a hung
// or dead peer never hangs the case. SKIP on place pu: on one PU the spinner would wait out its time
// slice for the peer. The worker is pinned to the placement's second PU, the main thread stays on
// its first. Counter one_way_ns: half the mean round trip. The buffer's page is written in setup.
// Native counterpart: msg.spin/peer:thread at the same placement.
// @case node.msg.spin
// @summary SharedArrayBuffer round trip main <-> pinned worker, both spinning on Atomics.load; ns each, timed as a batch
// @native ^msg\.spin/peer:thread/
// @min_pus 2
// @param place far all
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

// Int32 indices: the turn, the number and its echo share one cache line; the batch's control words
// another; the worker's report a third.
const TURN = 0, DATA = 1, ECHO = 2;
const GO = 16, N = 17, ACK = 18, STOP = 19;
const BAD = 32, ERR = 33, GONE = 34;
const MASK = 0x3fffffff; // turns and numbers wrap here (even, so parity survives the wrap)
const TIMEOUT_NS = 5e9;

// The worker: sleeps on GO between batches, spins through each batch; returns when STOP is set or
// when main went quiet in a batch (then ERR holds the round trip it waited for).
function peer(ia, wt) {
  let go = 0, turn = 0, expect = 1;
  for (;;) {
    let g;
    while ((g = Atomics.load(ia, GO)) === go && !Atomics.load(ia, STOP))
      Atomics.wait(ia, GO, g); // between batches: asleep
    if (Atomics.load(ia, STOP))
      return;
    go = g;
    const n = Atomics.load(ia, N);
    Atomics.store(ia, ACK, go);
    for (let i = 0; i < n; i++) {
      const want = (turn + 1) & MASK;
      let spins = 0, t0 = 0;
      while (Atomics.load(ia, TURN) !== want)
        if ((++spins & 0x3fff) === 0) {
          const t = wt.now();
          if (!t0)
            t0 = t;
          else if (t - t0 > TIMEOUT_NS)
            return Atomics.store(ia, ERR, i + 1);
        }
      const seq = Atomics.load(ia, DATA);
      if (seq !== expect)
        Atomics.add(ia, BAD, 1);
      expect = (seq + 1) & MASK || 1;
      Atomics.store(ia, ECHO, seq);
      turn = (want + 1) & MASK;
      Atomics.store(ia, TURN, turn);
    }
  }
}

if (!isMainThread) {
  const wt = require('./wt.js');
  const ia = new Int32Array(workerData.sab);
  parentPort.postMessage({ tid: wt.tid() });
  try {
    peer(ia, wt);
  } finally {
    Atomics.store(ia, GONE, 1);
  }
  return;
}

// Spins until ia[idx] === v; false after TIMEOUT_NS.
function spinUntil(h, ia, idx, v) {
  let spins = 0, t0 = 0;
  while (Atomics.load(ia, idx) !== v)
    if ((++spins & 0x3fff) === 0) {
      const t = h.now();
      if (!t0)
        t0 = t;
      else if (t - t0 > TIMEOUT_NS)
        return Atomics.load(ia, idx) === v;
    }
  return true;
}

exports.setup = async (ctx, h) => {
  if (ctx.args.place === 'pu' || (ctx.pu[0] === ctx.pu[1] && ctx.pu[0] >= 0))
    throw new h.Skip('spinning on one PU: the spinner waits out its time slice for the peer');
  const sab = new SharedArrayBuffer(4096);
  const ia = new Int32Array(sab);
  ia.fill(0); // every page written before timing
  const w = new Worker(__filename, { workerData: { sab } });
  const st = { h, w, ia, turn: 0, seq: 0, go: 0 };
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
  const bad0 = Atomics.load(ia, BAD);
  // The hand-off, outside the clock: the batch's size, then GO, then the worker's ACK.
  Atomics.store(ia, N, n);
  st.go = (st.go + 1) & MASK;
  Atomics.store(ia, GO, st.go);
  Atomics.notify(ia, GO, 1);
  if (!spinUntil(h, ia, ACK, st.go))
    throw new Error(`the worker did not take batch ${st.go} within ${TIMEOUT_NS / 1e9} s` +
      (Atomics.load(ia, ERR) ? ` (it stopped after round trip ${Atomics.load(ia, ERR)} of a batch: main went quiet)` : ''));
  let bad = 0, turn = st.turn, seq = st.seq;
  const t0 = h.now();
  for (let i = 0; i < n; i++) {
    seq = (seq + 1) & MASK || 1;
    Atomics.store(ia, DATA, seq);
    turn = (turn + 1) & MASK;
    Atomics.store(ia, TURN, turn);
    turn = (turn + 1) & MASK;
    if (!spinUntil(h, ia, TURN, turn))
      throw new Error(`no echo from the worker for ${TIMEOUT_NS / 1e9} s (round trip ${i + 1} of ${n}` +
        `${Atomics.load(ia, GONE) ? '; the worker left its loop' : ''})`);
    if (Atomics.load(ia, ECHO) !== seq)
      bad++;
  }
  const ns = h.now() - t0;
  st.turn = turn;
  st.seq = seq;
  bad += Atomics.load(ia, BAD) - bad0;
  return { ns, bad, counters: { 'one_way_ns+': ns / 2 } };
};

exports.teardown = async (st) => {
  if (!st)
    return;
  Atomics.store(st.ia, STOP, 1);
  Atomics.notify(st.ia, GO, 1);
  await st.w.terminate();
};
