'use strict';
// node.pool.closed: a pool versus a worker per request in node, closed loop: tasks of calibrated CPU
// work (h.work; cost_ns nominal, the real cost measured on the main thread in setup and reported as
// task_ns) run as fast as they go. As native pool.closed: one op is a round of 8 tasks (or
// `workers`, when more; one task inline); ns per op = wall time per round, ns_per_task = wall time
// per task. mode: inline (the main thread runs each task); thread (a new Worker per task, `workers`
// in flight at once, each created on its PU (pool.js, spawnTask), running its task at once, posting
// its result and exiting; a task is done at its 'exit', as a native thread at its join); pool
// (piscina, minThreads = maxThreads = workers, the tasks submitted all at once); fixed (the
// suite's own pool in node: `workers` long-lived Workers, the tasks posted to them round-robin all
// at once, one reply message each). Worker k (chain k in mode thread) is pinned to the machine's
// PU 1 + k (modulo the PUs) as native pool.closed spreads its workers, piscina's through one
// barrier task per worker that returns its TID; the main thread stays on PU 0. inline runs only as
// workers:1, and sizes above 2 x PUs are skipped. A new Worker starts with a cold JIT, so in mode
// thread the work itself also runs slower than task_ns: that is part of a worker per request in
// node. Timed: from the first dispatch until every task has completed (thread: exited). Counters,
// accumulated over the runs of one setup as native: task_ns, ns_per_task, tasks_per_second,
// parallel (P = min(workers, PUs), 1 inline), overhead_ns = ns_per_task x P - task_ns,
// overhead_ratio = overhead_ns / task_ns. Every task's result is checked (fixed: and that each
// task answered once). Without piscina installed, mode pool is a SKIP with the reason. Native
// counterpart: pool.closed (its mode process is left out: a node process per task is spawn's
// question, and costs tens of ms).
// Quick keeps inline and piscina at workers:1 and two task costs: modes thread (8 new Workers an
// op, ~50 ms each to start here: ~15 s a result) and fixed run with --full.
// @case node.pool.closed
// @summary closed loop of calibrated tasks in node: inline, new Worker per task, piscina or a fixed pool of Workers; ns per round of 8
// @native ^pool\.closed/mode:pool/workers:1/
// @min_pus 1
// @param mode inline,pool inline,thread,pool,fixed
// @param workers 1 1,2,4,8,16,32,64
// @param cost_ns 10000,1000000 1000,3000,10000,30000,100000,300000,1000000,3000000,10000000
const P = require('./pool.js');
const ROUND = 8; // tasks per op, at least
const MODES = ['inline', 'thread', 'pool', 'fixed'];

exports.setup = async (ctx, h) => {
  const mode = ctx.args.mode, w = Number(ctx.args.workers), cost = Number(ctx.args.cost_ns);
  if (!MODES.includes(mode))
    throw new Error(`unknown mode '${mode}'`);
  if (!(Number.isInteger(w) && w >= 1 && w <= 64))
    throw new Error(`workers:${ctx.args.workers}: expected 1 to 64`);
  if (!(cost > 0))
    throw new Error(`cost_ns:${ctx.args.cost_ns}: expected a positive number of ns`);
  if (mode === 'inline' && w !== 1)
    throw new h.Skip('inline runs every task on the caller: workers:1 only');
  if (w > 2 * ctx.npus)
    throw new h.Skip(`workers:${w} is above 2 x the ${ctx.npus} PUs this process may use`);
  if (mode === 'pool')
    P.piscina(h); // a SKIP, before anything is measured, when piscina is missing
  const t = P.task(h, cost), idx = (k) => 1 + k;
  const st = {
    h, mode, w, t, par: mode === 'inline' ? 1 : Math.min(w, ctx.npus),
    workers: [], pool: null, sp: { h, t, q: Promise.resolve() },
  };
  if (mode === 'pool')
    st.pool = await P.startPiscina(h, w, t, idx);
  else if (mode === 'fixed')
    st.workers = await P.startFixed(h, w, t, idx);
  return st;
};

// mode thread: chain k runs tasks k, k + w, ... one after the other, each in a new Worker on PU
// 1 + k; resolves when its last one has exited.
async function threadChain(st, k, iters, res) {
  for (let i = k; i < iters; i += st.w)
    res[i] = await P.taskDone(await P.spawnTask(st.sp, 1 + k), i);
}

exports.run = async (st, rounds) => {
  const { h, mode, w, t } = st;
  const iters = rounds * (mode === 'inline' ? 1 : Math.max(w, ROUND));
  const res = new Array(iters);
  const t0 = h.now();
  if (mode === 'inline') {
    for (let i = 0; i < iters; i++)
      res[i] = [h.work(t.units, t.seed)];
  } else if (mode === 'thread') {
    await Promise.all(Array.from({ length: Math.min(w, iters) }, (_, k) => threadChain(st, k, iters, res)));
  } else if (mode === 'fixed') {
    const done = P.fixedCollect(st.workers, iters, res);
    for (let i = 0; i < iters; i++)
      st.workers[i % w].postMessage(i);
    await done;
  } else {
    const ps = new Array(iters);
    for (let i = 0; i < iters; i++)
      ps[i] = st.pool.run(i).then((r) => (res[i] = r));
    await Promise.all(ps);
  }
  const ns = h.now() - t0;
  P.check(res, iters, t.expect);
  // Per-operation counters as batch totals (NAME+): the harness keeps the part after the warm-up
  // and divides it by the operations, as a native case's running totals.
  const tpr = iters / rounds, per = ns / iters, over = ns / tpr * st.par - rounds * t.task_ns;
  return {
    ns,
    counters: {
      task_ns: t.task_ns, 'ns_per_task+': ns / tpr, tasks_per_second: 1e9 / per, parallel: st.par,
      'overhead_ns+': over, 'overhead_ratio+': over / t.task_ns,
    },
  };
};

exports.teardown = P.stop;
