'use strict';
// node_worker.js: a bare loop of new Worker (from this file) until its first message, one at a
// time, outside wtbench; 5 warm-up workers, then 9 batches of 5; prints the median batch in ms.
// Each worker proves it ran (3x+1 of its workerData). Used by ci/bare-check.
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
if (!isMainThread) { parentPort.postMessage(workerData * 3 + 1); return; }
const now = () => Number(process.hrtime.bigint());
async function one(i) {
  const w = new Worker(__filename, { workerData: i });
  const m = await new Promise((res, rej) => { w.once('message', res); w.once('error', rej); });
  if (m !== i * 3 + 1) throw new Error('bad');
  await new Promise((res) => w.once('exit', res));
}
(async () => {
  for (let i = 0; i < 5; i++) await one(i);
  const r = [];
  for (let b = 0; b < 9; b++) {
    let t = 0;
    for (let i = 0; i < 5; i++) { const t0 = now(); const w = new Worker(__filename, { workerData: i });
      const m = await new Promise((res) => w.once('message', res)); t += now() - t0;
      if (m !== i * 3 + 1) throw new Error('bad'); await new Promise((res) => w.once('exit', res)); }
    r.push(t / 5);
  }
  r.sort((a, b) => a - b);
  console.log(`bare new Worker to first message: median ${(r[4] / 1e6).toFixed(2)} ms (min ${(r[0] / 1e6).toFixed(2)}, max ${(r[8] / 1e6).toFixed(2)})`);
})();
