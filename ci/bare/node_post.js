'use strict';
// node_post.js: a bare postMessage round trip main <-> worker, outside wtbench: the worker bound to
// CPU 1 with taskset (the main thread runs where it is started: taskset -c 0), warmed WARM_MS
// (default 100, as wtbench's quick warm-up), then one batch of 300 round trips; prints its mean in
// µs. Each echo is checked. Used by ci/bare-check, which runs it several times (fresh processes,
// like wtbench's repetitions).
const { Worker, isMainThread, parentPort } = require('worker_threads');
const fs = require('fs'), cp = require('child_process');
if (!isMainThread) {
  parentPort.postMessage(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()));
  parentPort.on('message', (m) => parentPort.postMessage(m));
  return;
}
const warm = Number(process.env.WARM_MS || 100) * 1e6;
const now = () => Number(process.hrtime.bigint());
const w = new Worker(__filename);
w.once('message', (tid) => {
  cp.execSync(`taskset -p -c 1 ${tid} >/dev/null`);
  let i = 0, n = 0, t0 = 0;
  const start = now();
  w.on('message', (m) => {
    if (m !== i)
      throw new Error(`echo ${m}, expected ${i}`);
    i++;
    if (!t0 && now() - start >= warm)
      (t0 = now()), (n = i);
    if (t0 && i - n === 300) {
      console.log(((now() - t0) / 300 / 1e3).toFixed(2));
      process.exit(0);
    }
    w.postMessage(i);
  });
  w.postMessage(i);
});
