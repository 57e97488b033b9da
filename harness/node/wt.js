'use strict';
// wt.js: what a node case may use, in its main thread and in its workers: the clock (node's
// process.hrtime, CLOCK_MONOTONIC like the native cases), the calling thread's TID (so that the
// harness can pin a worker), SKIP, and the suite's calibrated CPU work. Timing and pinning stay in
// the harness: serve.js runs the batches and asks wtbench to bind threads.
const fs = require('fs');

class Skip extends Error {}

// ns since an arbitrary origin, as a Number (exact below 2^53 ns: 104 days).
function now() {
  return Number(process.hrtime.bigint());
}

// The calling thread's kernel TID, read from /proc/thread-self (a worker thread has its own).
function tid() {
  return Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
}

// units steps of a dependent multiply-xorshift chain (like the native wt_work, but
// in 32-bit integers so that it stays exact in JavaScript): the result depends on every step.
function work(units, seed) {
  let x = (seed | 0) ^ 0x9e3779b9;
  for (let i = 0; i < units; i++) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d);
    x ^= x >>> 12;
  }
  return x >>> 0;
}

// Units of work() for a nominal cost of ns, measured on the calling thread (best of a few 2 ms
// loops); at least 1.
let perUnit = 0;
function workUnitsFor(ns) {
  if (!perUnit) {
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const units = 200000, t0 = now();
      work(units, k);
      best = Math.min(best, (now() - t0) / units);
    }
    perUnit = best;
  }
  return Math.max(1, Math.round(ns / perUnit));
}

// The first message from a worker: resolves with it, rejects on the worker's error or exit.
function once(worker) {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMsg);
      worker.off('error', onErr);
      worker.off('exit', onExit);
    };
    const onMsg = (m) => (done(), resolve(m));
    const onErr = (e) => (done(), reject(e));
    const onExit = (c) => (done(), reject(new Error(`worker exited with code ${c}`)));
    worker.on('message', onMsg);
    worker.on('error', onErr);
    worker.on('exit', onExit);
  });
}

// A batch of n operations timed one by one: one() resolves with { ns, ok } for each; the batch's
// answer for serve.js ({ ns, bad, samples }).
async function timeEach(n, one) {
  const samples = new Array(n);
  let ns = 0, bad = 0;
  for (let i = 0; i < n; i++) {
    const r = await one();
    samples[i] = r.ns;
    ns += r.ns;
    if (!r.ok)
      bad++;
  }
  return { ns, bad, samples };
}

module.exports = { Skip, now, tid, work, workUnitsFor, once, timeEach };
