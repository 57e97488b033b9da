'use strict';
// node.msg.channel: round trip of a number over a MessageChannel between two worker threads (the
// main thread only starts, pins and drives them), ns per round trip, timed inside worker A one round
// trip at a time: from A's port.postMessage(seq) until B's echo's 'message' event runs in A. Worker
// A is pinned to the placement's first PU, worker B to its second; each holds one end of the
// channel. A batch: main posts {n} to A over A's parentPort; A starts its clock only then, runs n
// round trips, stops its clock and posts {ns, bad, samples} back; so the main <-> A hand-off is
// outside the timed region. Every message is its sequence number: B echoes it if it is the one it
// expected (else -1), A checks that the echo is the number it sent; a mismatch counts as a failed
// check. A watchdog in A (a 1 s interval, active only during a batch) fails the batch when no echo
// came for 5 s; a worker's error or exit fails it too. Counter one_way_ns: half the mean round trip.
// Native counterpart: the msg family (msg.eventfd, msg.futex) at the same placement, peer:thread (a
// MessagePort is a locked queue plus a uv_async_send wake-up of the receiving thread's loop).
// @case node.msg.channel
// @summary MessageChannel round trip between two pinned worker threads, timed inside one; ns each
// @native ^msg\.eventfd/peer:thread/
// @min_pus 2
// @param place far all
const { Worker, MessageChannel, isMainThread, parentPort, workerData } = require('worker_threads');

const STALL_MS = 5000;

// Worker B: echoes every sequence number it expected, -1 for any other.
function peerB(port) {
  let expect = 1;
  port.on('message', (m) => {
    port.postMessage(m === expect ? m : -1);
    expect = m + 1;
  });
}

// Worker A: runs the batches main asks for.
function peerA(port, wt) {
  let seq = 0, n = 0, i = 0, bad = 0, t0 = 0, tPrev = 0, dog = null, seen = 0, quiet = 0;
  let samples = new Float64Array(1024).fill(1);
  port.on('message', (m) => {
    const t = wt.now();
    samples[i] = t - tPrev;
    tPrev = t;
    if (m !== seq)
      bad++;
    if (++i < n)
      return port.postMessage(++seq);
    clearInterval(dog);
    parentPort.postMessage({ ns: t - t0, bad, samples: samples.subarray(0, n) });
  });
  parentPort.on('message', (b) => {
    n = b.n;
    i = bad = 0;
    if (samples.length < n)
      samples = new Float64Array(n).fill(1); // every page written before the clock starts
    seen = quiet = 0;
    dog = setInterval(() => {
      if (i !== seen)
        return ((seen = i), (quiet = 0));
      if (++quiet * 1000 >= STALL_MS) {
        clearInterval(dog);
        parentPort.postMessage({ error: `no echo from worker B for ${STALL_MS / 1000} s (message ${seq})` });
      }
    }, 1000);
    t0 = tPrev = wt.now();
    port.postMessage(++seq);
  });
}

if (!isMainThread) {
  const wt = require('./wt.js');
  parentPort.postMessage({ tid: wt.tid() });
  if (workerData.role === 'a')
    peerA(workerData.port, wt);
  else
    peerB(workerData.port);
  return;
}

exports.setup = async (ctx, h) => {
  const { port1, port2 } = new MessageChannel();
  const st = { h, a: null, b: null };
  st.a = new Worker(__filename, { workerData: { role: 'a', port: port1 }, transferList: [port1] });
  st.b = new Worker(__filename, { workerData: { role: 'b', port: port2 }, transferList: [port2] });
  try {
    const [ta, tb] = await Promise.all([h.once(st.a), h.once(st.b)]);
    await h.pin(ta.tid, 0);
    await h.pin(tb.tid, 1);
  } catch (e) {
    await exports.teardown(st);
    throw e;
  }
  return st;
};

exports.run = (st, n) => new Promise((resolve, reject) => {
  const { a, b } = st;
  const done = () => {
    a.off('message', onMsg);
    for (const w of [a, b]) {
      w.off('error', onErr);
      w.off('exit', onExit);
    }
  };
  const onErr = (e) => (done(), reject(e));
  const onExit = (c) => (done(), reject(new Error(`a worker exited (code ${c}) during a batch`)));
  const onMsg = (m) => {
    done();
    if (m.error)
      return reject(new Error(m.error));
    resolve({ ns: m.ns, bad: m.bad, samples: m.samples, counters: { 'one_way_ns+': m.ns / 2 } });
  };
  a.on('message', onMsg);
  for (const w of [a, b]) {
    w.once('error', onErr);
    w.once('exit', onExit);
  }
  a.postMessage({ n });
});

exports.teardown = async (st) => {
  if (st)
    await Promise.all([st.a, st.b].filter(Boolean).map((w) => w.terminate()));
};
