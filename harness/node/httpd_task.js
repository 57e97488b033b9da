'use strict';
// httpd_task.js: what httpd.js offloads, in a worker thread. Three ways in:
//   a piscina worker (mode=pool): exports the task function; the thread asks to be bound to its PU
//     (piscina's workerData.pus, by threadId) as it loads;
//   a Worker per request (mode=thread, workerData.wtTask): runs that one task, posts the result, ends;
//   a hub worker (kind=thread scaling, workerData.wtHub): answers each id posted to it with "/"'s body.
// Tasks: {kind: 'slow', units, seed} -> h.work(units, seed); {kind: 'io', ns} -> the ns waited on a
// timer of ns (rounded to ms).
const fs = require('fs');
const { parentPort, workerData, threadId } = require('worker_threads');
const wt = require('./wt.js');

function task(t) {
  if (t.kind === 'slow') return wt.work(t.units, t.seed);
  const t0 = wt.now();
  return new Promise((resolve) => setTimeout(() => resolve(wt.now() - t0), Math.max(1, Math.round(t.ns / 1e6))));
}

if (workerData && workerData.wtTask) {
  Promise.resolve(task(workerData.wtTask)).then((v) => parentPort.postMessage(v));
} else if (workerData && workerData.wtHub) {
  parentPort.on('message', (id) => parentPort.postMessage({ id, body: 'ok\n' }));
} else {
  const pus = (require('piscina').workerData || {}).pus || [];
  const pu = pus.length ? pus[(threadId - 1) % pus.length] : -1;
  if (pu >= 0) fs.writeSync(1, `pin ${wt.tid()} ${pu}\n`);
  module.exports = task;
}
