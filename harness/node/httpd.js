'use strict';
// httpd.js: the node:http server of the http family, the counterpart of the C server wthttpd
// (harness/bare/wthttpd.c: the same arguments, routes and lines). harness/http.c starts it:
//   node httpd.js mode=inline|thread|pool pus=P0[,P1...] slow_ns=N io_ns=N loops=N kind=thread|process die=K
// already bound to P0, and reads its stdout: "listening PORT UNITS" once it answers, "pin ID PU"
// to have thread ID (or every thread of process ID) bound to PU (node cannot bind a thread itself),
// "skip TEXT" (no piscina for mode=pool), "fail TEXT". Nothing is timed here but /io's wait.
// Routes, on 127.0.0.1 (a kernel-chosen port), keep-alive:
//   GET /           "ok\n", at once
//   GET /slow-page  h.work(UNITS, 0x5eed) as 8 hex digits, UNITS calibrated here for slow_ns: run on
//                   the event loop (inline), in a new Worker per request (thread) or on piscina (pool)
//   GET /io         after io_ns: setTimeout on the event loop (inline), in a Worker per request or a
//                   piscina task (each awaits its own timer); "io NS\n", 500 under half of io_ns (node
//                   counts a timer from its loop's cached clock, so it may fire a little early)
// Offloaded work runs on P1.. (round-robin); piscina has one thread per such PU (min = max).
// With loops=N > 1 the server scales: kind=process is node's cluster (N workers sharing the port,
// the primary handing out connections round-robin; worker i bound to P(i mod #PUs)); kind=thread
// keeps the one server on the main thread and hands every "/" to N worker threads round-robin
// (postMessage there and back), since node 20 cannot share a listening socket between threads
// (no reusePort before 22.12). die=K (a test knob): the K-th request kills the process (SIGKILL).
const http = require('http');
const fs = require('fs');
const cluster = require('cluster');
const { Worker } = require('worker_threads');
const wt = require('./wt.js');

const args = {};
for (const s of process.argv.slice(2)) {
  const i = s.indexOf('=');
  if (i > 0) args[s.slice(0, i)] = s.slice(i + 1);
}
const mode = args.mode || 'inline';
const kind = args.kind || 'thread';
const pus = (args.pus || '-1').split(',').map(Number);
const loops = Number(args.loops) || 1;
const slowNs = Number(args.slow_ns) || 1e8;
const ioNs = Number(args.io_ns) || 5e6;
const die = Number(args.die) || 0;
const SEED = 0x5eed;
const TASK = __dirname + '/httpd_task.js';
const workPus = pus.length > 1 ? pus.slice(1) : pus;
let rr = 0;

function say(s) {
  fs.writeSync(1, s + '\n');
}
function pin(id, pu) {
  if (pu >= 0) say(`pin ${id} ${pu}`);
}
const hex = (v) => (v >>> 0).toString(16).padStart(8, '0') + '\n';

function reply(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

// A Worker running one task (thread mode): its thread is bound to the next work PU at once (the
// thread exists when the constructor returns; it is found as the new entry of /proc/self/task), so
// that its start-up runs there too, not beside the event loop.
function oneShot(task) {
  const before = new Set(fs.readdirSync('/proc/self/task'));
  const w = new Worker(TASK, { workerData: { wtTask: task } });
  const pu = workPus[rr++ % workPus.length];
  for (const t of fs.readdirSync('/proc/self/task')) if (!before.has(t)) pin(t, pu);
  return wt.once(w);
}

let pool = null;
function offload(task) {
  return mode === 'pool' ? pool.run(task) : oneShot(task);
}

function serve(units, onRoot) {
  let served = 0;
  const server = http.createServer((req, res) => {
    if (die && ++served === die) process.kill(process.pid, 'SIGKILL');
    const path = req.url.split('?')[0];
    if (req.method !== 'GET') return reply(res, 405, 'GET only\n');
    if (path === '/') return onRoot ? onRoot(res) : reply(res, 200, 'ok\n');
    if (path === '/slow-page') {
      if (mode === 'inline') return reply(res, 200, hex(wt.work(units, SEED)));
      return offload({ kind: 'slow', units, seed: SEED }).then(
        (v) => reply(res, 200, hex(v)), (e) => reply(res, 500, `${e.message}\n`));
    }
    if (path === '/io') {
      const done = (ns) => reply(res, ns * 2 >= ioNs ? 200 : 500, `io ${ns}\n`);
      if (mode === 'inline') {
        const t0 = wt.now();
        return setTimeout(() => done(wt.now() - t0), Math.max(1, Math.round(ioNs / 1e6)));
      }
      return offload({ kind: 'io', ns: ioNs }).then(done, (e) => reply(res, 500, `${e.message}\n`));
    }
    reply(res, 404, 'not found\n');
  });
  server.keepAliveTimeout = 0; // no idle timeout: wrk's connections stay for the whole window
  server.on('error', (e) => (say(`fail listening: ${e.message}`), process.exit(1)));
  return server;
}

// kind=thread, loops=N: N worker threads answer "/", the main thread keeps the socket.
function hub(n) {
  const ws = [], waiting = new Map();
  let next = 0, id = 0;
  for (let i = 0; i < n; i++) {
    const before = new Set(fs.readdirSync('/proc/self/task'));
    const w = new Worker(TASK, { workerData: { wtHub: true } });
    for (const t of fs.readdirSync('/proc/self/task')) if (!before.has(t)) pin(t, pus[i % pus.length]);
    w.on('message', ({ id, body }) => {
      const res = waiting.get(id);
      waiting.delete(id);
      reply(res, 200, body);
    });
    w.on('error', (e) => (say(`fail a hub worker: ${e.message}`), process.exit(1)));
    w.on('exit', (c) => (say(`fail a hub worker exited (${c})`), process.exit(1)));
    ws.push(w);
  }
  return (res) => {
    waiting.set(++id, res);
    ws[next++ % n].postMessage(id);
  };
}

function main() {
  const units = wt.workUnitsFor(slowNs);
  if (loops > 1 && kind === 'process') {
    if (cluster.isPrimary) {
      cluster.schedulingPolicy = cluster.SCHED_RR;
      let ready = 0;
      cluster.on('listening', (w, addr) => {
        if (++ready === loops) say(`listening ${addr.port} ${units}`);
      });
      // A worker's IPC channel can fail (EPIPE sending it a connection) just before its exit is
      // seen; cluster re-emits that on the worker, where no listener would crash the primary
      // with a stack trace instead of naming the worker. Its exit names it; 2 s without one, this does.
      cluster.on('fork', (w) => w.on('error', (e) => setTimeout(() => {
        say(`fail cluster worker ${w.id} (process ${w.process.pid}): ${e.message}`);
        process.exit(1);
      }, 2000).unref()));
      cluster.on('exit', (w, code, sig) => {
        say(`fail cluster worker ${w.id} (process ${w.process.pid}) ${sig ? `was killed by ${sig}` : `exited with ${code}`}`);
        process.exit(1);
      });
      for (let i = 0; i < loops; i++) cluster.fork({ WT_HTTPD_LOOP: String(i) });
      return;
    }
    // The primary ends at the first worker's death; a worker still answering it about a connection
    // it was handed then gets EPIPE on the channel, which unheard would print a stack trace. It
    // says so in one line and ends: the primary's "fail" line stays the result's reason.
    cluster.worker.on('error', (e) => (say(`cluster worker ${cluster.worker.id}: its primary has gone (${e.message})`),
      process.exit(1)));
    pin(process.pid, pus[Number(process.env.WT_HTTPD_LOOP) % pus.length]);
    return serve(units).listen(0, '127.0.0.1'); // a cluster worker: the primary says "listening"
  }
  if (mode === 'pool') {
    let Piscina;
    try {
      Piscina = require('piscina');
    } catch (e) {
      return say(`skip piscina is not installed beside httpd.js (ci/npm-ci installs it): ${e.code || e.message}`);
    }
    const n = workPus.length;
    pool = new Piscina({ filename: TASK, minThreads: n, maxThreads: n, idleTimeout: 1e9,
      workerData: { pus: workPus } });
  }
  const server = serve(units, loops > 1 ? hub(loops) : null);
  server.listen(0, '127.0.0.1', () => say(`listening ${server.address().port} ${units}`));
}

try {
  main();
} catch (e) {
  say(`fail ${String(e.message || e).replace(/\s+/g, ' ')}`);
  process.exit(1);
}
