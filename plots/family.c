/* family.c: the family table. One row a family: its id, title, the question it answers, which
 * results are its own, its figures, crossovers, headline ratios and claims. The report's sections,
 * its figure list, the summary at the top and findings.md are all driven by this table: a family
 * that adds its row (and the arrays the row points to, here) appears in the report, and nothing
 * else in plots/ changes. Results no row claims are listed on the page, never dropped silently.
 * Names of parameters, counters and context keys come from harness/contract.h. No timing here. */
#include <string.h>
#include "report.h"

#define LAT WT_C_P50 "," WT_F_REAL_TIME
#define ONE_WAY WT_C_ONE_WAY "," WT_C_P50 "," WT_F_REAL_TIME
#define MSG_GROUPS "shared memory and futexes=msg.spin*,msg.futex,msg.condvar,msg.sem,msg.shmring|" \
                   "kernel objects=msg.eventfd,msg.pipe,msg.ustream,msg.udgram,msg.mq"
#define XFER_GROUPS "between threads=xfer.copy,xfer.copy1,xfer.transfer,xfer.share|" \
                    "between processes=xfer.pipe,xfer.shm,xfer.vmsplice"

/* ---- spawn -------------------------------------------------------------------------------------- */
static const wt_fig spawn_figs[] = {
    {.id = "spawn_cost", .title = "Starting a worker, per mechanism", .kind = WT_FIG_BARS,
     .pat = "spawn.*;calib.thread;calib.fork", .y = LAT, .aux = WT_C_P99, .ylabel = "time to start the worker",
     .yunit = WT_U_NS, .logy = 1},
    {.id = "spawn_fork_mem", .title = "Process start cost against the memory its parent holds", .kind = WT_FIG_LINES,
     .pat = "spawn.process", .x = WT_P_MEM_MIB, .y = LAT, .xlabel = "parent memory", .ylabel = "start cost",
     .xunit = WT_U_MIB, .yunit = WT_U_NS, .logx = 1, .logy = 1,
     .note = "how:thread is the flat reference: a thread started from the same parent."},
    {0},
};
static const wt_ratiodef spawn_ratios[] = {
    {"Process spawn ÷ thread spawn (fork+wait, smallest parent, ÷ thread start+join)",
     {"spawn.process how:fork", LAT, 2}, {"spawn.thread until:join", LAT, 0}, "fork", "thread",
     "spawn_cost,spawn_fork_mem", 0},
    {"posix_spawn ÷ thread spawn", {"spawn.process how:spawn", LAT, 2}, {"spawn.thread until:join", LAT, 0},
     "posix_spawn", "thread", "spawn_cost", 0},
    {0},
};
static const wt_claimdef spawn_claims[] = {
    {1, "A thread is much cheaper to start than a process, and a process costs more the more memory its "
        "parent holds.", "spawn_cost,spawn_fork_mem", wt__judge_start},
    {0},
};

/* ---- msg ---------------------------------------------------------------------------------------- */
static const wt_fig msg_figs[] = {
    {.id = "msg_matrix", .title = "One-way latency by placement (smallest payload)", .kind = WT_FIG_LINES,
     .pat = "msg.* place:*;calib.pingpong", .x = WT_P_PLACE, .y = ONE_WAY, .at = WT_P_BYTES,
     .xlabel = "placement: what the two PUs share", .ylabel = "one-way latency", .xunit = WT_U_CLASS,
     .yunit = WT_U_NS, .logy = 1, .panel = WT_P_PEER, .groups = MSG_GROUPS, .limit = "calib.*",
     .note = "Lines join the placements of one mechanism only to guide the eye."},
    {.id = "msg_payload", .title = "One-way latency against payload (farthest placement)", .kind = WT_FIG_LINES,
     .pat = "msg.* place:@far", .x = WT_P_BYTES, .y = ONE_WAY, .xlabel = "payload", .ylabel = "one-way latency",
     .xunit = WT_U_BYTES, .yunit = WT_U_NS, .logx = 1, .logy = 1, .panel = WT_P_PEER, .groups = MSG_GROUPS},
    {.id = "msg_cpu", .title = "CPU burned per message against its latency (farthest placement)",
     .kind = WT_FIG_SCATTER, .pat = "msg.* place:@far", .x = ONE_WAY, .y = WT_C_CPU_PER_MSG, .aux = WT_P_BYTES,
     .xlabel = "one-way latency", .ylabel = "CPU time per round trip, both sides", .xunit = WT_U_NS,
     .yunit = WT_U_NS, .logx = 1, .logy = 1, .panel = WT_P_PEER, .groups = MSG_GROUPS,
     .note = "One point per payload size."},
    {.id = "msg_c2c", .title = "Core-to-core one-way latency (cache-line ping-pong), PUs in topology order",
     .kind = WT_FIG_HEAT, .pat = "msg.c2c", .y = WT_C_ONE_WAY "," WT_F_REAL_TIME, .yunit = WT_U_NS},
    {0},
};
static const wt_ratiodef msg_ratios[] = {
    {"futex ÷ spin (one-way, farthest placement)", {"msg.futex peer:thread place:@far", ONE_WAY, 0},
     {"msg.spin peer:thread place:@far", ONE_WAY, 0}, "futex", "spin", "msg_matrix", 0},
    {"Farthest ÷ nearest placement (spin one-way)", {"msg.spin peer:thread place:@far", ONE_WAY, 0},
     {"msg.spin peer:thread place:@near", ONE_WAY, 0}, "farthest", "nearest", "msg_matrix", 1},
    {"Core-to-core slowest ÷ fastest pair", {"msg.c2c", WT_C_ONE_WAY "," WT_F_REAL_TIME, 1},
     {"msg.c2c", WT_C_ONE_WAY "," WT_F_REAL_TIME, 0}, "slowest", "fastest", "msg_c2c", 0},
    {0},
};
static const wt_claimdef msg_claims[] = {
    {2, "Shared memory with atomics is faster than message passing, and message passing between threads is "
        "faster than IPC between processes.", "msg_matrix,msg_payload", wt__judge_ipc},
    {0},
};

/* ---- xfer --------------------------------------------------------------------------------------- */
static const wt_fig xfer_figs[] = {
    {.id = "xfer_time_touch", .title = "Handing a payload over, consumer reads every byte (touch:1)",
     .kind = WT_FIG_LINES, .pat = "xfer.* touch:1", .x = WT_P_BYTES, .y = WT_F_REAL_TIME, .aux = "touch",
     .xlabel = "payload", .ylabel = "time per message", .xunit = WT_U_BYTES, .yunit = WT_U_NS, .logx = 1,
     .logy = 1, .panel = WT_P_PLACE, .groups = XFER_GROUPS},
    {.id = "xfer_time_notouch", .title = "Handing a payload over, consumer does not read it (touch:0)",
     .kind = WT_FIG_LINES, .pat = "xfer.* touch:0", .x = WT_P_BYTES, .y = WT_F_REAL_TIME, .aux = "touch",
     .xlabel = "payload", .ylabel = "time per message", .xunit = WT_U_BYTES, .yunit = WT_U_NS, .logx = 1,
     .logy = 1, .panel = WT_P_PLACE, .groups = XFER_GROUPS},
    {.id = "xfer_bandwidth", .title = "Bandwidth against size, held to the single-PU memcpy limit",
     .kind = WT_FIG_LINES, .pat = "xfer.* touch:1;calib.memcpy", .x = WT_P_BYTES, .y = WT_C_BYTES_PER_S,
     .aux = "touch", .xlabel = "payload", .ylabel = "payload bandwidth", .xunit = WT_U_BYTES, .yunit = WT_U_BPS,
     .logx = 1, .logy = 1, .panel = WT_P_PLACE, .groups = XFER_GROUPS, .limit = "calib.memcpy"},
    {0},
};
static const wt_xodef xfer_xos[] = {
    {"transfer-beats-copy-read", "Payload size above which a transfer beats a copy, consumer reads every byte",
     "xfer.transfer touch:1", "xfer.copy touch:1", WT_P_BYTES, WT_F_REAL_TIME, 1.0, WT_P_PLACE,
     "transfer (its fastest variant at each size)", "copy"},
    {"transfer-beats-copy", "Payload size above which a transfer beats a copy, consumer does not read it",
     "xfer.transfer touch:0", "xfer.copy touch:0", WT_P_BYTES, WT_F_REAL_TIME, 1.0, WT_P_PLACE,
     "transfer (its fastest variant at each size)", "copy"},
    {0},
};
static const wt_claimdef xfer_claims[] = {
    {3, "Transferring a buffer beats copying it for large buffers, and does not help small ones.",
     "xo_transfer-beats-copy-read,xfer_time_touch,xfer_time_notouch", wt__judge_xfer},
    {0},
};

/* ---- pool --------------------------------------------------------------------------------------- */
static const wt_fig pool_figs[] = {
    {.id = "pool_overhead", .title = "Overhead ratio against task cost, per mode", .kind = WT_FIG_LINES,
     .pat = "pool.closed", .x = WT_P_COST_NS, .y = WT_C_OVERHEAD, .xlabel = "task cost",
     .ylabel = "(time per task × PUs − cost) ÷ cost", .xunit = WT_U_NS, .logx = 1, .logy = 1,
     .panel = WT_P_WORKERS, .ref = 0.10, .reflabel = "10 % overhead"},
    {.id = "pool_throughput", .title = "Throughput against pool size, per task cost", .kind = WT_FIG_LINES,
     .pat = "pool.closed", .x = WT_P_WORKERS, .y = WT_C_TASKS_PER_S ",items_per_second", .xlabel = "workers",
     .ylabel = "tasks per second", .yunit = WT_U_PER_S, .logy = 1, .panel = WT_P_COST_NS, .ideal = WT_IDEAL_LINEAR},
    {.id = "pool_open", .title = "Open loop: p99 latency against offered load", .kind = WT_FIG_LINES,
     .pat = "pool.open", .x = WT_P_LOAD, .y = WT_C_P99, .xlabel = "offered load", .ylabel = "p99 latency",
     .xunit = WT_U_PCT, .yunit = WT_U_NS, .logy = 1, .panel = WT_P_COST_NS},
    {.id = "pool_dispatch", .title = "Pool dispatch: an empty task, submit to completion", .kind = WT_FIG_BARS,
     .pat = "pool.dispatch", .y = LAT, .aux = WT_C_P99, .ylabel = "dispatch latency", .yunit = WT_U_NS, .logy = 1},
    {0},
};
static const wt_xodef pool_xos[] = {
    {"thread-under-10pct", "Task cost above which a thread per request costs under 10 % overhead",
     "pool.closed mode:thread*", NULL, WT_P_COST_NS, WT_C_OVERHEAD, 0.10, NULL,
     "thread per request: overhead ratio (best pool size at each cost)", "10 % overhead"},
    {"pool-stops-mattering", "Task cost above which a thread per request is within 10 % of the pool's time per task",
     "pool.closed mode:thread*", "pool.closed mode:pool*", WT_P_COST_NS, WT_C_NS_PER_TASK "," WT_F_REAL_TIME, 1.10,
     NULL, "thread per request: time per task", "pool: time per task × 1.1"},
    {0},
};
static const wt_claimdef pool_claims[] = {
    {4, "Starting a worker per request is fine for long tasks and wasteful for short ones; a pool wins below "
        "some task cost.", "xo_pool-stops-mattering,xo_thread-under-10pct,pool_overhead", wt__judge_pool},
    {6, "More workers than cores does not make CPU-bound work faster.", "pool_throughput", wt__judge_oversub},
    {0},
};

/* ---- responsive --------------------------------------------------------------------------------- */
static const wt_fig resp_figs[] = {
    {.id = "pool_responsive", .title = "Cheap requests while heavy ones run, per mode", .kind = WT_FIG_BARS,
     .pat = "pool.responsive", .y = WT_C_CHEAP_P50 "," WT_C_P50, .aux = WT_C_CHEAP_P99 "," WT_C_P99,
     .ylabel = "latency of a cheap request", .yunit = WT_U_NS, .logy = 1},
    {.id = "pool_lag", .title = "Event-loop lag per mode", .kind = WT_FIG_BARS, .pat = "pool.responsive",
     .y = WT_C_LAG_MEAN ",loop_lag_ns,lag_ns", .aux = WT_C_LAG_P99 ",loop_lag_p99_ns", .ylabel = "event-loop lag",
     .yunit = WT_U_NS, .logy = 1},
    {0},
};
static const wt_claimdef resp_claims[] = {
    {5, "CPU-heavy work on the main loop blocks every other request for its whole duration; offloaded, the "
        "cheap requests stay fast.", "pool_responsive,pool_lag", wt__judge_block},
    {0},
};

/* ---- stress ------------------------------------------------------------------------------------- */
static const wt_fig stress_figs[] = {
    {.id = "stress_invariants", .title = "Every invariant of every stress result", .kind = WT_FIG_TABLE,
     .pat = "stress.*", .y = WT_C_LOST "," WT_C_DUPLICATED "," WT_C_REORDERED "," WT_C_BAD_CHECKSUM,
     .aux = WT_C_LIMIT_REACHED "," WT_C_FALSE_DEATHS "," WT_C_FAULTS "," WT_C_REJECTED_PCT},
    {.id = "stress_oversub", .title = "CPU-bound throughput against oversubscription", .kind = WT_FIG_LINES,
     .pat = "stress.oversub", .x = WT_P_PER_PU, .y = WT_C_TASKS_PER_S "," WT_C_OPS_PER_S,
     .xlabel = "workers per PU", .ylabel = "tasks per second", .yunit = WT_U_PER_S, .logx = 1},
    {.id = "stress_pool", .title = "The pool under open-loop load: tasks done", .kind = WT_FIG_LINES,
     .pat = "stress.pool", .x = WT_P_LOAD_PCT, .y = WT_C_TASKS_PER_S "," WT_C_OPS_PER_S, .xlabel = "offered load",
     .ylabel = "tasks per second", .xunit = WT_U_PCT, .yunit = WT_U_PER_S},
    {.id = "stress_pool_p99", .title = "The pool under open-loop load: p99 latency from scheduled arrival",
     .kind = WT_FIG_LINES, .pat = "stress.pool", .x = WT_P_LOAD_PCT, .y = WT_C_P99, .xlabel = "offered load",
     .ylabel = "p99 latency", .xunit = WT_U_PCT, .yunit = WT_U_NS, .logy = 1},
    {.id = "stress_flood", .title = "Message floods: throughput per mechanism", .kind = WT_FIG_BARS,
     .pat = "stress.flood", .y = WT_C_MSGS_PER_S "," WT_C_OPS_PER_S, .ylabel = "messages per second",
     .yunit = WT_U_PER_S, .logy = 1},
    {.id = "stress_spawn", .title = "Spawn storms: workers started per second", .kind = WT_FIG_BARS,
     .pat = "stress.spawn", .y = WT_C_SPAWNS_PER_S "," WT_C_OPS_PER_S, .ylabel = "workers per second",
     .yunit = WT_U_PER_S, .logy = 1},
    {.id = "stress_detect", .title = "A worker killed: time to detect it, per route", .kind = WT_FIG_BARS,
     .pat = "stress.fault", .y = WT_C_DETECT_P50 ",detect_ns", .aux = WT_C_DETECT_P99, .ylabel = "detection time",
     .yunit = WT_U_NS, .logy = 1},
    {.id = "stress_recover", .title = "A worker killed: time to recover, per route", .kind = WT_FIG_BARS,
     .pat = "stress.fault", .y = WT_C_RECOVER_P50 ",recover_ns", .aux = WT_C_RECOVER_P99,
     .ylabel = "recovery time", .yunit = WT_U_NS, .logy = 1},
    {0},
};
static const wt_claimdef stress_claims[] = {
    {0, "Under load and faults every message and task is delivered exactly once, in order where order is "
        "promised, with every checksum right.", "stress_invariants", wt__judge_invariants},
    {0},
};

/* ---- calib -------------------------------------------------------------------------------------- */
static const wt_fig calib_figs[] = {
    {.id = "calib_work", .title = "The regression gate's check case (calib.work)", .kind = WT_FIG_BARS,
     .pat = "calib.work", .y = WT_F_REAL_TIME, .ylabel = "time per operation", .yunit = WT_U_NS, .logy = 1},
    {0},
};

/* ---- node: the same questions on node, beside the native primitives ------------------------------ */
#define NODE_SPAWN "node.spawn.*;spawn.thread until:join;spawn.process how:spawn"
#define NODE_MSG "node.msg.* place:@far;msg.eventfd peer:thread place:@far;msg.futex peer:thread place:@far;" \
                 "msg.spin peer:thread place:@far"
static const wt_fig node_figs[] = {
    {.id = "node_spawn", .title = "Starting a worker on Node, beside the native primitives", .kind = WT_FIG_BARS,
     .pat = NODE_SPAWN, .y = LAT, .aux = WT_C_P99, .ylabel = "time to start the worker", .yunit = WT_U_NS, .logy = 1},
    {.id = "node_msg", .title = "A message on Node, beside the native primitives (farthest placement)",
     .kind = WT_FIG_BARS, .pat = NODE_MSG, .y = ONE_WAY, .aux = WT_C_P99, .ylabel = "one-way latency (half a round trip)",
     .yunit = WT_U_NS, .logy = 1},
    {.id = "node_xfer", .title = "Handing a buffer to a worker on Node and natively, consumer reads every byte",
     .kind = WT_FIG_LINES, .pat = "node.xfer.* touch:1;xfer.copy touch:1;xfer.transfer touch:1;xfer.share touch:1",
     .x = WT_P_BYTES, .y = WT_F_REAL_TIME, .aux = "touch," WT_P_PLACE, .xlabel = "payload", .ylabel = "time per message",
     .xunit = WT_U_BYTES, .yunit = WT_U_NS, .logx = 1, .logy = 1,
     .groups = "Node=node.xfer.*|native=xfer.*"},
    {.id = "node_pool", .title = "Overhead ratio against task cost on Node, per mode", .kind = WT_FIG_LINES,
     .pat = "node.pool.closed", .x = WT_P_COST_NS, .y = WT_C_OVERHEAD, .xlabel = "task cost",
     .ylabel = "(time per task × PUs − cost) ÷ cost", .xunit = WT_U_NS, .logx = 1, .logy = 1,
     .panel = WT_P_WORKERS, .ref = 0.10, .reflabel = "10 % overhead"},
    {0},
};
/* What Node adds: each Node figure ÷ its native counterpart from the same run. */
static const wt_ratiodef node_ratios[] = {
    {"new Worker to its first message ÷ pthread create + join", {"node.spawn.worker until:message module:none", LAT, 0},
     {"spawn.thread place:pu stack:default until:join", LAT, 0}, "new Worker", "pthread", "node_spawn", 0},
    {"child_process.fork to its first message ÷ posix_spawn to reaped",
     {"node.spawn.process how:fork until:message module:none", LAT, 0}, {"spawn.process how:spawn", LAT, 2},
     "child_process.fork", "posix_spawn", "node_spawn", 0},
    {"postMessage round trip ÷ eventfd round trip between threads (one way, farthest placement)",
     {"node.msg.post kind:number place:@far", ONE_WAY, 0}, {"msg.eventfd peer:thread place:@far", ONE_WAY, 0},
     "postMessage", "eventfd", "node_msg", 0},
    {"Atomics.wait/notify ÷ futex (one way, farthest placement)", {"node.msg.atomics place:@far", ONE_WAY, 0},
     {"msg.futex peer:thread place:@far", ONE_WAY, 0}, "Atomics.wait", "futex", "node_msg", 0},
    {"Atomics spin ÷ C11 atomics spin (one way, farthest placement)", {"node.msg.spin place:@far", ONE_WAY, 0},
     {"msg.spin peer:thread place:@far", ONE_WAY, 0}, "Atomics spin", "spin", "node_msg", 0},
    {"structured clone of 4 MiB ÷ a native copy of 4 MiB (consumer reads)",
     {"node.xfer.clone place:@far bytes:4194304 touch:1", WT_F_REAL_TIME, 0},
     {"xfer.copy place:@far bytes:4194304 touch:1", WT_F_REAL_TIME, 0},
     "clone", "copy", "node_xfer", 0},
    {"transferList of 4 MiB ÷ a native hand-off of 4 MiB (recycled buffers, consumer reads)",
     {"node.xfer.transfer place:@far alloc:recycled bytes:4194304 touch:1", WT_F_REAL_TIME, 0},
     {"xfer.transfer place:@far alloc:recycled bytes:4194304 touch:1", WT_F_REAL_TIME, 0}, "transferList", "hand-off", "node_xfer", 0},
    {"piscina ÷ the suite's pool, time per 10 µs task, one worker",
     {"node.pool.closed mode:pool workers:1 cost_ns:10000", WT_C_NS_PER_TASK, 0},
     {"pool.closed mode:pool workers:1 cost_ns:10000", WT_C_NS_PER_TASK, 0}, "piscina", "wt_pool", "node_pool", 0},
    {"\"/\" p99 while /slow-page runs in a pool: node:http ÷ the C epoll server",
     {"http.replay server:node mode:pool", WT_C_ROOT_P99 "," WT_F_REAL_TIME, 0},
     {"http.replay server:c mode:pool", WT_C_ROOT_P99 "," WT_F_REAL_TIME, 0}, "node", "C", "http_replay", 0},
    {0},
};
static const wt_xodef node_xos[] = {
    {"node-transfer-beats-clone-read", "Payload size above which transferList beats a structured clone on Node, "
     "consumer reads every byte", "node.xfer.transfer touch:1", "node.xfer.clone touch:1", WT_P_BYTES, WT_F_REAL_TIME,
     1.0, WT_P_PLACE, "transferList (its fastest variant at each size)", "structured clone"},
    {"node-thread-under-10pct", "Task cost above which a new Worker per task costs under 10 % overhead on Node",
     "node.pool.closed mode:thread*", NULL, WT_P_COST_NS, WT_C_OVERHEAD, 0.10, NULL,
     "new Worker per task: overhead ratio (best pool size at each cost)", "10 % overhead"},
    {"node-pool-stops-mattering", "Task cost above which a new Worker per task is within 10 % of piscina's time "
     "per task", "node.pool.closed mode:thread*", "node.pool.closed mode:pool*", WT_P_COST_NS,
     WT_C_NS_PER_TASK "," WT_F_REAL_TIME, 1.10, NULL, "new Worker per task: time per task", "piscina: time per task × 1.1"},
    {0},
};
static const wt_claimdef node_claims[] = {
    {1, "On Node: a worker thread (new Worker) is much cheaper to start than a process (child_process.fork).",
     "node_spawn", wt__judge_node_start},
    {2, "On Node: shared memory with Atomics is faster than message passing (postMessage, MessageChannel).",
     "node_msg", wt__judge_node_ipc},
    {3, "On Node: transferring an ArrayBuffer beats cloning it for large buffers, and does not help small ones.",
     "xo_node-transfer-beats-clone-read,node_xfer", wt__judge_node_xfer},
    {4, "On Node: a new Worker per task is fine for long tasks and wasteful for short ones; a pool (piscina) wins "
        "below some task cost.", "xo_node-pool-stops-mattering,xo_node-thread-under-10pct,node_pool",
     wt__judge_node_pool},
    {0},
};

/* ---- http: the guides' "/" vs "/slow-page" experiment over real HTTP ---------------------------- */
static const wt_fig http_figs[] = {
    {.id = "http_replay", .title = "\"/\" latency while /slow-page runs, per server and mode", .kind = WT_FIG_BARS,
     .pat = "http.replay", .y = WT_C_ROOT_P99 "," WT_F_REAL_TIME, .aux = WT_C_ROOT_MAX,
     .ylabel = "\"/\" p99 latency (whisker: max)", .yunit = WT_U_NS, .logy = 1},
    {.id = "http_slow", .title = "/slow-page latency, per server and mode", .kind = WT_FIG_BARS,
     .pat = "http.replay", .y = WT_C_SLOW_P50, .ylabel = "/slow-page median latency", .yunit = WT_U_NS, .logy = 1},
    {.id = "http_io", .title = "An I/O-bound handler inline and offloaded: requests per second", .kind = WT_FIG_BARS,
     .pat = "http.io", .y = WT_C_IO_PER_S, .ylabel = "I/O requests per second", .yunit = WT_U_PER_S},
    {.id = "http_scale", .title = "Cheap requests across cores: processes against threads", .kind = WT_FIG_BARS,
     .pat = "http.scale", .y = WT_C_REQ_PER_S, .ylabel = "requests per second", .yunit = WT_U_PER_S},
    {0},
};
static const wt_claimdef http_claims[] = {
    {5, "Over real HTTP: CPU-heavy work on the event loop blocks every other request for its whole duration; "
        "offloaded, \"/\" stays fast.", "http_replay,http_slow", wt__judge_http_block},
    {7, "Workers do not help I/O-bound work: the event loop's asynchronous I/O already serves it.", "http_io",
     wt__judge_http_io},
    {8, "To scale an HTTP server across cores, processes (cluster) beat worker threads.", "http_scale",
     wt__judge_http_scale},
    {0},
};

const wt_family wt__families[] = {
    {.id = "spawn", .title = "Starting a worker (spawn)", .question = "What does a worker cost to start?",
     .pat = "spawn.*;calib.thread;calib.fork", .colour = "how,until", .figs = spawn_figs,
     .ratios = spawn_ratios, .claims = spawn_claims},
    {.id = "msg", .title = "Messages between workers (msg)", .question = "What does a message cost?",
     .pat = "msg.*;calib.pingpong", .colour = "", .figs = msg_figs, .ratios = msg_ratios, .claims = msg_claims},
    {.id = "xfer", .title = "Transfer or copy (xfer)", .question = "Transfer or copy?",
     .pat = "xfer.*;calib.memcpy", .colour = "alloc", .figs = xfer_figs, .xos = xfer_xos, .claims = xfer_claims},
    {.id = "pool", .title = "Pool or worker per request (pool)", .question = "Pool or worker per request?",
     .pat = "pool.closed;pool.open;pool.dispatch", .colour = WT_P_MODE, .figs = pool_figs, .xos = pool_xos,
     .claims = pool_claims},
    {.id = "responsive", .title = "The main loop under heavy work (pool.responsive)",
     .question = "Does the main loop stay responsive?", .pat = "pool.responsive", .colour = WT_P_MODE,
     .figs = resp_figs, .claims = resp_claims},
    {.id = "stress", .title = "Load and faults (stress)", .question = "Does it hold under load and faults?",
     .pat = "stress.*", .colour = "mech,route,what", .figs = stress_figs, .claims = stress_claims},
    {.id = "node", .title = "What Node adds (node)", .question = "What does Node add?", .pat = "node.*",
     .colour = "kind,how,until,module,src,mode,alloc", .figs = node_figs, .xos = node_xos, .ratios = node_ratios,
     .claims = node_claims},
    {.id = "http", .title = "The blocked event loop over real HTTP (http)",
     .question = "Does the event loop stay responsive over real HTTP, and what scales a server?", .pat = "http.*",
     .colour = WT_P_SERVER "," WT_P_MODE, .figs = http_figs, .claims = http_claims},
    {.id = "calib", .title = "Yardsticks (calib)", .question = "What do the bare references cost?",
     .pat = "calib.*", .colour = "", .figs = calib_figs},
    {0},
};

const wt_family *wt__family_of(const char *fv)
{
    for (const wt_family *f = wt__families; f->id; f++)
        if (wt__fv_match(fv, f->pat))
            return f;
    return NULL;
}

int wt__family_in(const wt_results *R, const wt_family *fam, int file)
{
    for (int i = 0; i < R->nr; i++)
        if ((file < 0 || R->r[i].file == file) && wt__family_of(R->r[i].fv) == fam)
            return 1;
    return 0;
}
