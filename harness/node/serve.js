'use strict';
// serve.js: the harness inside node. wtbench (harness/node.c) starts
//   node serve.js CASE.js PU0 PU1 quick=Q smoke=S duration=D npus=N name=value...
// already bound to PU0. It loads the case, runs its setup, answers "ready" (or "skip TEXT",
// "error TEXT", "fail TEXT") and then serves the bare helper's protocol on stdin/stdout:
// "N" runs one batch of N operations and answers "ok NS BAD K S1..SK NAME=VALUE...", NS the
// batch's time by node's CLOCK_MONOTONIC, K per-operation samples, then counters (a key "NAME"
// is a level, the last batch's value; a key "NAME+" is this batch's total of a per-operation
// quantity, which wtbench sums and divides by the operations after the warm-up); "m" answers
// "mem RSS_KB PTE_KB"; EOF tears down and exits. A case may ask for one of its threads to be bound
// to PU IDX (0 or 1: the placement's PUs; 2 and up: the machine's IDX-th PU (modulo their count),
// to spread a pool's workers like the native pool cases' wt_pu(IDX)) with h.pin(TID, IDX): wtbench
// binds it by TID and answers before it returns (concurrent calls queue).
//
// A case module exports setup(ctx, h) -> state, run(state, n) -> {ns, bad, samples, counters},
// and teardown(state); any of them may be async. ctx: {args, quick, smoke, duration, npus (the PUs
// wtbench may use), pu}; h: wt.js plus pin. Throwing h.Skip is a SKIP; any other exception fails
// the result with its message.
const fs = require('fs');
const wt = require('./wt.js');

const [script, pu0, pu1, ...kv] = process.argv.slice(2);
const args = {};
for (const s of kv) {
  const i = s.indexOf('=');
  args[s.slice(0, i)] = s.slice(i + 1);
}
const ctx = {
  args,
  quick: args.quick === '1',
  smoke: args.smoke === '1',
  duration: Number(args.duration) || 1,
  npus: Number(args.npus) || 1,
  pu: [Number(pu0), Number(pu1)],
};

// stdin as lines: next() resolves with the next line, or null at EOF; readers are served in the
// order they asked (a FIFO), so that a pin answer never reaches the batch loop or the other way.
const lines = [], waiting = [];
let ended = false, partial = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  partial += d;
  let i;
  while ((i = partial.indexOf('\n')) >= 0) {
    lines.push(partial.slice(0, i));
    partial = partial.slice(i + 1);
  }
  wake();
});
process.stdin.on('end', () => ((ended = true), wake()));
function wake() {
  while (waiting.length && (lines.length || ended))
    waiting.shift()(lines.length ? lines.shift() : null);
}
function next() {
  return new Promise((resolve) => (waiting.push(resolve), wake()));
}
function say(s) {
  fs.writeSync(1, s + '\n');
}
function oneLine(e) {
  return String((e && e.message) || e).replace(/\s+/g, ' ').slice(0, 400);
}

// One pin request at a time on the pipe: concurrent calls queue behind each other.
let pins = Promise.resolve();
async function pinOne(tid, idx) {
  say(`pin ${tid} ${idx}`);
  const a = await next();
  const rc = a && a.startsWith('pinned ') ? Number(a.slice(7)) : NaN;
  if (rc !== 0)
    throw new Error(`binding thread ${tid} to PU ${idx < 2 ? ctx.pu[idx] : `#${idx}`}: ${a === null ? 'no answer' : a}`);
}
const h = Object.assign({}, wt, {
  pin(tid, idx) {
    const p = pins.then(() => pinOne(tid, idx));
    pins = p.catch(() => {});
    return p;
  },
  // A new worker placed: its first message (which carries its { tid }) awaited, then the thread
  // bound to PU idx; resolves with that message.
  async placed(worker, idx) {
    const m = await wt.once(worker);
    await h.pin(m.tid, idx);
    return m;
  },
});

function mem() {
  const st = fs.readFileSync('/proc/self/status', 'utf8');
  const kib = (k) => Number((st.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm')) || [0, 0])[1]);
  return `mem ${kib('VmRSS')} ${kib('VmPTE')}`;
}

async function main() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 18)
    return say(`skip node ${process.versions.node} is older than 18`);
  let c, state;
  try {
    c = require(script);
    state = await c.setup(ctx, h);
  } catch (e) {
    say(e instanceof wt.Skip ? `skip ${oneLine(e)}` : `fail setup: ${oneLine(e)}`);
    process.exit(0); // a worker the setup started would keep node alive until wtbench kills it
  }
  say('ready');
  let lastMs = 0;
  for (let line; (line = await next()) !== null;) {
    if (line === 'm') {
      say(mem());
      continue;
    }
    const n = Number(line);
    try {
      // A batch that never ends (a lost reply, a hung worker) fails its result instead of holding
      // the case until the supervisor's timeout: 30 s, or 100 times the last batch.
      let timer;
      const limit = Math.max(30e3, 100 * lastMs);
      const t0 = wt.now();
      const res = await Promise.race([c.run(state, n), new Promise((_, rej) => {
        timer = setTimeout(() => rej(new Error(`a batch of ${n} did not end within ${limit / 1e3} s (hung)`)), limit);
      })]).finally(() => clearTimeout(timer));
      lastMs = (wt.now() - t0) / 1e6;
      const samples = res.samples || [];
      const ctrs = Object.entries(res.counters || {}).map(([k, v]) => ` ${k}=${v}`).join('');
      say(`ok ${Math.round(res.ns)} ${res.bad || 0} ${samples.length}` +
          (samples.length ? ' ' + samples.map(Math.round).join(' ') : '') + ctrs);
    } catch (e) {
      say(e instanceof wt.Skip ? `skip ${oneLine(e)}` : `fail ${oneLine(e)}`);
      if (/\(hung\)$/.test(oneLine(e)))
        process.exit(1); // its workers may never end: teardown could hang too
    }
  }
  if (c.teardown)
    await c.teardown(state);
  process.exit(0);
}

main().catch((e) => {
  say(`fail ${oneLine(e)}`);
  process.exit(1);
});
