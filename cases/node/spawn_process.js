'use strict';
// node.spawn.process: cost of starting a node child process, ns per child, timed per child by the
// parent's main thread: from just before child_process.fork (how:fork) or cluster.fork
// (how:cluster, the primary's setupPrimary done once in setup) until, by `until`,
//   message  the child's first IPC message (the nonce's echo) runs in the parent's handler,
//   exit     the child's 'exit' event runs after the child, its message sent, ended by itself (it
//            disconnects its IPC channel, cluster.worker.disconnect() under cluster, and its event
//            loop empties: no kill, no process.exit).
// Children start one at a time: the next starts only after the previous one's exit (waited for
// outside the timed region in until:message), so no two overlap. Each child runs this file (a new
// node: V8, bootstrap, the module loader), with stdin and stdout ignored, stderr inherited and an
// IPC channel; the nonce comes in its environment. module: none, or heavy: before it answers, the
// child requires 15 of node's big built-in modules (HEAVY below: http, https, http2, crypto, zlib,
// stream, util, net, tls, child_process, assert, url, dns, readline, vm) and checks that each has
// its main export. Every child proves it ran: it echoes a multiply of its nonce, its pid and the
// count of modules it checked; a wrong or missing echo counts as a failed check, a non-zero exit or
// a signal fails the result. A child that has not exited 10 s after its start is killed and fails
// the result; teardown kills every child still alive and waits for it. Children inherit the
// parent's binding (the case's PU). Counter parent_rss_kib: the parent node's resident memory.
// Native counterpart: spawn.process/how:spawn (posix_spawn of a new program, reaped).
// @case node.spawn.process
// @summary child_process.fork / cluster.fork until the child's first IPC message / its exit, bare or loading 15 built-ins; ns each
// @native ^spawn\.process/how:spawn/mem_mib:0$
// @min_pus 1
// @param how fork fork,cluster
// @param until message message,exit
// @param module none none,heavy
const CHILD = 'wt-spawn-child';

// The modules module:heavy loads, and an export each must have (proof that it loaded).
const HEAVY = [
  ['node:http', 'createServer'], ['node:https', 'request'], ['node:http2', 'connect'],
  ['node:crypto', 'createHash'], ['node:zlib', 'gzipSync'], ['node:stream', 'Readable'],
  ['node:util', 'inspect'], ['node:net', 'Socket'], ['node:tls', 'connect'],
  ['node:child_process', 'spawn'], ['node:assert', 'strictEqual'], ['node:url', 'URL'],
  ['node:dns', 'lookup'], ['node:readline', 'createInterface'], ['node:vm', 'Script'],
];

// The child: node CASE.js wt-spawn-child MODULE [cluster], nonce in WT_NONCE.
if (process.argv[2] === CHILD) {
  let mods = 0;
  if (process.argv[3] === 'heavy')
    for (const [name, fn] of HEAVY) {
      if (typeof require(name)[fn] !== 'function')
        throw new Error(`${name} has no ${fn}`);
      mods++;
    }
  const echo = Math.imul(Number(process.env.WT_NONCE), 0x9e3779b1) >>> 0;
  // A cluster worker ends the cluster way (a bare process.disconnect() would make cluster call
  // process.exit), which tells the primary that it leaves on purpose; a forked child just closes
  // its channel. (Its argv says which: cluster deletes NODE_UNIQUE_ID from the environment.)
  process.send({ echo, pid: process.pid, mods }, () =>
    process.argv[4] === 'cluster' ? require('cluster').worker.disconnect() : process.disconnect());
  return;
}

const TIMEOUT_MS = 10000;

exports.setup = (ctx, h) => {
  const { how, until, module } = ctx.args;
  if (!['fork', 'cluster'].includes(how))
    throw new Error(`how ${how}: expected fork or cluster`);
  if (!['message', 'exit'].includes(until))
    throw new Error(`until ${until}: expected message or exit`);
  if (!['none', 'heavy'].includes(module))
    throw new Error(`module ${module}: expected none or heavy`);
  const st = {
    h, how, until, module,
    heavy: module === 'heavy' ? HEAVY.length : 0,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    nonce: (Math.random() * 0x7fffffff) >>> 0,
    live: new Set(),
    seq: 0,
  };
  if (how === 'cluster') {
    st.cluster = require('cluster');
    st.cluster.setupPrimary({ exec: __filename, args: [CHILD, module, 'cluster'], stdio: st.stdio });
  } else {
    st.fork = require('child_process').fork;
  }
  return st;
};

// Start one child; returns {proc, emitter}: the ChildProcess and what emits its 'message' and
// 'exit' (the ChildProcess, or the cluster Worker).
function start(st, nonce) {
  if (st.how === 'cluster') {
    const w = st.cluster.fork({ WT_NONCE: String(nonce) });
    return { proc: w.process, emitter: w };
  }
  const env = Object.assign({}, process.env, { WT_NONCE: String(nonce) });
  const c = st.fork(__filename, [CHILD, st.module], { env, stdio: st.stdio });
  return { proc: c, emitter: c };
}

// One child: resolves with {ns, ok} once it has exited with code 0, rejects otherwise.
function spawnOne(st) {
  return new Promise((resolve, reject) => {
    const { h, until } = st;
    const nonce = (st.nonce + ++st.seq) >>> 0, k = st.seq;
    let c = null, t1 = 0, reply = null, err = null;
    const timer = setTimeout(() => {
      err = new Error(`no exit ${TIMEOUT_MS / 1000} s after its ${st.how === 'cluster' ? 'cluster' : 'child_process'}.fork; killed`);
      if (c)
        c.proc.kill('SIGKILL');
    }, TIMEOUT_MS);
    const t0 = h.now();
    try {
      c = start(st, nonce);
    } catch (e) {
      clearTimeout(timer);
      throw e;
    }
    c.emitter.on('message', (m) => {
      if (until === 'message' && !t1)
        t1 = h.now();
      if (reply === null)
        reply = m;
    });
    c.proc.on('error', (e) => (err = err || e));
    c.emitter.once('exit', (code, signal) => {
      if (until === 'exit')
        t1 = h.now();
      clearTimeout(timer);
      st.live.delete(c);
      if (err)
        return reject(new Error(`child ${k}: ${err.message || err}`));
      if (code !== 0)
        return reject(new Error(`child ${k} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}` +
          (reply === null ? ' before its message' : '')));
      if (reply === null)
        return reject(new Error(`child ${k} exited without its message`));
      const ok = reply.echo === Math.imul(nonce, 0x9e3779b1) >>> 0 && reply.pid === c.proc.pid &&
        reply.mods === st.heavy;
      resolve({ ns: t1 - t0, ok });
    });
    st.live.add(c);
  });
}

function rssKib() {
  const m = require('fs').readFileSync('/proc/self/status', 'utf8').match(/^VmRSS:\s+(\d+)/m);
  return m ? Number(m[1]) : 0;
}

exports.run = async (st, n) => {
  const b = await st.h.timeEach(n, () => spawnOne(st));
  return Object.assign(b, { counters: { parent_rss_kib: rssKib() } });
};

// Kill every child still alive and wait for its exit.
exports.teardown = async (st) => {
  if (!st)
    return;
  await Promise.all([...st.live].map((c) => new Promise((resolve) => {
    if (c.proc.exitCode !== null || c.proc.signalCode !== null)
      return resolve();
    c.proc.once('exit', resolve);
    c.proc.kill('SIGKILL');
  })));
};
