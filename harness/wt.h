/* wt.h: everything a case may use. A case includes only this header; it never calls hwloc or
 * Google Benchmark, and it pins and times only through these functions.
 *
 * Result names: family.variant/param:value/... built by the harness from the descriptor. */
#ifndef WT_H
#define WT_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- outcomes ---------------------------------------------------------------------------- */
/* A run returns elapsed ns (>= 0) or one of these after recording why with wt_fail/wt_error/wt_skip. */
#define WT_RFAIL  (-1)  /* wrong result: a broken mechanism must fail, never look fast */
#define WT_RERROR (-2)  /* the environment refused (EPERM, ENOMEM, EAGAIN, ...) */
#define WT_RSKIP  (-3)  /* cannot run here, with a reason */

/* Exit codes of the CLI (ctest SKIP_RETURN_CODE 77). */
enum { WT_EXIT_OK = 0, WT_EXIT_FAIL = 1, WT_EXIT_USAGE = 2, WT_EXIT_SKIP = 77 };

/* ---- the clock ----------------------------------------------------------------------------- */
uint64_t wt_now_ns(void);        /* CLOCK_MONOTONIC, ns; the one clock of every timed region */
uint64_t wt_thread_cpu_ns(void); /* CPU time of the calling thread */
uint64_t wt_proc_cpu_ns(void);   /* CPU time of the whole process (all threads, not children) */
uint64_t wt_child_cpu_ns(void);  /* CPU time of waited-for children */

/* ---- per-sample latency histogram: log-linear buckets, 1 ns .. ~1e12 ns ------------------- */
#define WT_HIST_SUB 32 /* linear sub-buckets per power of two: <= 3.1 % relative bucket width */
#define WT_HIST_POW 41
typedef struct wt_hist {
    uint64_t count, sum, min, max;
    uint64_t bucket[WT_HIST_POW * WT_HIST_SUB];
} wt_hist;
void wt_hist_reset(wt_hist *h);
void wt_hist_add(wt_hist *h, uint64_t ns);
void wt_hist_merge(wt_hist *dst, const wt_hist *src);
/* Value at quantile q in [0,1]; an upper bucket bound clamped to [min, max]; 0 when empty. */
uint64_t wt_hist_quantile(const wt_hist *h, double q);

/* ---- case descriptor ------------------------------------------------------------------------ */
typedef struct wt_param {
    const char *name;  /* "bytes"; "place" is special: its values are placement classes */
    const char *quick; /* comma list for --quick, e.g. "8,64,4096"; place: "all", "far", "pu,far";
                          "pus": every PU's OS index (evenly sampled to 64 in quick mode) */
    const char *full;  /* comma list for --full */
} wt_param;

typedef struct wt_ctx wt_ctx;
typedef struct wt_run wt_run;

#define WT_NEEDS_FORK 1u /* uses fork(): skipped under TSan, whose runtime breaks in forked children */
#define WT_STRESS 2u     /* a stress case: run(state, r, 1) is called once per result and lasts
                            ctx->duration_s at the load the case states; no warm-up, one repetition.
                            It passes only if its invariants hold (wt_fail otherwise). */
#define WT_WINDOW 4u     /* a window of load (the http family): each repetition is one call
                            run(state, r, 1) lasting ctx->duration_s (--duration, else 1 s in smoke
                            and quick mode, 3 s in full), which returns the window's figure as its
                            "ns per operation"; no warm-up inside the repetition (setup warms what it
                            starts with an untimed burst) and no steal retake. Windows repeat over
                            rounds under the normal stopping rule, but the fewest repetitions is 3
                            (smoke 1, or --repetitions), not the mode's minimum: a window lasts far
                            longer than a repetition of short operations. */

typedef struct wt_case {
    const char *name;       /* "family.variant" */
    const char *summary;    /* one line: what it measures, in what unit */
    unsigned min_pus;       /* distinct PUs needed; a placement of class pu needs only 1 */
    unsigned flags;         /* WT_NEEDS_* */
    const wt_param *params; /* up to WT_MAX_PARAMS, ended by {0} */
    /* Allocate and start what the timed region needs (outside it). Returns 0, or WT_R* after
     * recording the reason on r. *state is passed to run and teardown. */
    int (*setup)(const wt_ctx *ctx, wt_run *r, void **state);
    /* Do exactly iters operations; return elapsed ns of the timed region, or WT_R*. */
    int64_t (*run)(void *state, wt_run *r, uint64_t iters);
    /* Stop workers and free; must succeed after a failed run too. */
    void (*teardown)(void *state);
    /* Or NULL: a POSIX extended regular expression over result names, the native results this
     * case is compared with (a node case's counterparts); a --filter that selects any result of
     * this case selects those too, so that each figure has its counterpart from the same run. */
    const char *native;
} wt_case;

#define WT_MAX_PARAMS 6

/* What a case instance was given: its parameters and its placement. */
struct wt_ctx {
    const wt_case *c;
    const char *name; /* full result name */
    int quick;        /* 1 in quick mode */
    int smoke;        /* 1 in a smoke test: tiny sizes, verification only */
    double duration_s;/* WT_STRESS cases: seconds run() lasts (--duration; smoke 1, quick 2, full 30);
                         WT_WINDOW cases: seconds a window lasts (--duration; smoke and quick 1, full 3) */
    const char *place;/* placement class name, or NULL when the case has no place parameter */
    int pu[2];        /* OS PU indexes: pu[0] the caller/producer, pu[1] the worker/consumer;
                         -1 when unpinned (--pin none) */
    int node[2];      /* OS NUMA node index of each PU, -1 unknown */
    int npus;         /* PUs usable by this process */
    int nparams;
    const char *pname[WT_MAX_PARAMS];
    const char *pval[WT_MAX_PARAMS];
};
const char *wt_arg(const wt_ctx *ctx, const char *name); /* NULL if absent */
/* Integer value of a parameter, K/M/G (binary) suffixes allowed; dflt if absent. */
int64_t wt_arg_int(const wt_ctx *ctx, const char *name, int64_t dflt);

/* ---- reporting from inside a run ------------------------------------------------------------ */
int wt_fail(wt_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int wt_error(wt_run *r, int err, const char *what); /* err: positive errno */
int wt_skip(wt_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
wt_hist *wt_run_hist(wt_run *r); /* per-sample histogram, reset when the warm-up ends */
/* From setup: every sample (one run() call) of this instance lasts at least seconds, and a
 * repetition at least two samples: for a case whose operation is short but whose effect comes in
 * periods (pool.responsive's heavy requests). */
void wt_sample_min(wt_run *r, double seconds);
/* From setup: warm up for at least seconds before timing, for an operation whose steady state comes
 * later than two agreeing batches show (node's JIT tiers up over ~100 ms). */
void wt_warm_min(wt_run *r, double seconds);
/* A counter reported beside the time. flags: WT_CTR_*. With either flag the value is a running
 * total over the instance's runs: the harness takes the part added after the warm-up and divides it
 * by the operations (PER_ITER) or the timed seconds (RATE) run after it. */
#define WT_CTR_PER_ITER 1u /* value is divided by the iteration count */
#define WT_CTR_RATE     2u /* value is divided by the elapsed seconds */
void wt_counter(wt_run *r, const char *name, double value, unsigned flags);

/* ---- placement and workers (only the harness pins) ------------------------------------------ */
int wt_pin_self(int pu);          /* bind the calling thread; 0 or -errno; no-op when simulated */
int wt_attr_pin(pthread_attr_t *a, int pu); /* a thread created with a starts on pu */
int wt_on_pu(int pu);             /* 1 if the caller runs on pu (or pinning is off/simulated) */
void wt_note_migration(void);     /* count a migration seen by a worker */
int wt_current_pu(void);          /* sched_getcpu() */
/* Bind [addr, addr+len) to NUMA node (OS index); 0, -errno; no-op when node < 0 or simulated. */
int wt_membind(void *addr, size_t len, int node);

typedef struct wt_thread {
    pthread_t tid;
    int started;
} wt_thread;
/* Start fn(arg) on a thread pinned to pu (pu < 0: unpinned); 0 or -rc (pthread's error). */
int wt_thread_start(wt_thread *t, int pu, void *(*fn)(void *), void *arg);
/* Join within timeout_s; -ETIMEDOUT if the worker hangs (it is then left detached). */
int wt_thread_join(wt_thread *t, double timeout_s);

/* Fork a child pinned to pu running fn(arg); its return value is the exit status. Returns the pid
 * or -errno. */
pid_t wt_child_start(int pu, int (*fn)(void *), void *arg);
/* Wait for a child within timeout_s. Returns its exit status (0..255), or -ETIMEDOUT (the child
 * is then killed and reaped), or -EINTR-style -errno; a child killed by a signal gives
 * -(1000 + signal). */
int wt_child_wait(pid_t pid, double timeout_s);
/* One-line description of a wt_child_wait result for messages. */
const char *wt_child_status_str(int st, char *buf, size_t len);

/* Shared anonymous memory, visible across fork; NULL on failure (errno set). */
void *wt_shared_alloc(size_t len);
void wt_shared_free(void *p, size_t len);

/* ---- waiting: spin, futex, spin-then-park (process-shared futexes) ------------------------- */
#include <stdatomic.h>
void wt_cpu_relax(void);
/* Block while *w == val (futex); returns 0, or -ETIMEDOUT after timeout_ns (0: no timeout). */
int wt_futex_wait(_Atomic uint32_t *w, uint32_t val, uint64_t timeout_ns);
void wt_futex_wake(_Atomic uint32_t *w, int n);

/* Start gate: workers wait until the opener opens it. */
typedef struct wt_gate { _Atomic uint32_t open; } wt_gate;
void wt_gate_open(wt_gate *g);
void wt_gate_wait(wt_gate *g);

/* ---- the suite's worker pool: pinned workers, bounded MPMC queue, spin-then-park wake-ups --- */
typedef struct wt_pool wt_pool;
typedef void (*wt_task_fn)(void *arg);
typedef struct wt_pool_opts {
    int nworkers;      /* >= 1 */
    const int *pus;    /* nworkers PUs (OS indexes), or NULL: unpinned */
    unsigned queue;    /* queue capacity, rounded up to a power of two (>= 2) */
    uint64_t spin_ns;  /* an idle worker spins this long before parking; UINT64_MAX: never parks */
} wt_pool_opts;
int wt_pool_create(wt_pool **out, const wt_pool_opts *o); /* 0 or -errno */
/* Queue fn(arg). When the queue is full the caller waits (spin, yield, then park) until half of it
 * has completed; 0, or -ETIMEDOUT when it stays full for 10 s (a hung worker). */
int wt_pool_submit(wt_pool *p, wt_task_fn fn, void *arg);
/* Wait until every submitted task has completed (spin up to 50 us, then park); -ETIMEDOUT after
 * timeout_s (a hung task). */
int wt_pool_drain(wt_pool *p, double timeout_s);
/* Wait until every worker sleeps in the kernel (read back from /proc); -ETIMEDOUT otherwise. */
int wt_pool_wait_parked(wt_pool *p, double timeout_s);
/* Stop and join the workers; -ETIMEDOUT if one hangs (it is then left detached). */
int wt_pool_destroy(wt_pool *p, double timeout_s);
int wt_pool_size(const wt_pool *p);

/* ---- calibrated CPU work ---------------------------------------------------------------------- */
/* units steps of a dependent multiply-xorshift chain seeded by seed: the compiler cannot remove or
 * shorten it, and the result is a pure function of (units, seed), so a task's result is checked
 * against one computed in setup. */
uint64_t wt_work(uint64_t units, uint64_t seed);
/* Measured cost of one unit in ns on the calling thread (best of a few 1 ms loops). */
double wt_work_ns_per_unit(void);
/* Units for a nominal cost of ns (at least 1), from a per-process calibration. */
uint64_t wt_work_units_for(double ns);
/* Real cost of wt_work(units, seed) in ns on the calling thread: the median of up to 201 samples
 * (batches of about 10 us for short work), bounded to a few ms in all; *result gets the value a
 * task must return. -1 if two calls disagree. Call in setup, outside the timed region. */
double wt_work_cost_ns(uint64_t units, uint64_t seed, uint64_t *result);

/* ---- the bare helper (wtcalib, built beside wtbench): yardsticks outside the harness ---------- */
/* A case whose loop runs in the minimal helper program uses these three as setup / run /
 * teardown. args: "LOOP [ARG...]" (see harness/bare/wtcalib.c); the helper pins itself to pu[0]
 * (a second thread to pu[1]) and prepares its memory (every page written) before it answers. */
typedef struct wt_helper wt_helper;
int wt_helper_start(const wt_ctx *ctx, wt_run *r, void **state, const char *args);
/* iters operations timed by the helper's own clock: ns, or WT_R* (a failed check is a FAIL). */
int64_t wt_helper_run(void *state, wt_run *r, uint64_t iters);
/* The helper's resident memory and page-table size, KiB: 0 or -EPIPE. */
int wt_helper_mem(void *state, double *rss_kib, double *pte_kib);
void wt_helper_stop(void *state);

/* Which sanitizer this build runs under ("address", "thread"), or NULL. */
const char *wt_sanitizer(void);

/* Entries of a /proc directory of this process ("task": threads, "fd": open descriptors, the
 * directory's own one included), or -1. */
int wt_proc_count(const char *what);

/* Path of the wtbench binary (the bare helper wtcalib lies beside it). */
const char *wt_self_exe(void);

/* ---- added for the pool family ------------------------------------------------------------- */
/* OS index of the i-th PU this process may use, in topology order (i taken modulo their count;
 * wt_pu(0) is the caller's PU of a case without a place parameter); -1 when pinning is off. Lets
 * a case spread N workers over the machine. */
int wt_pu(int i);


/* ---- msg family: the ping-pong driver (harness/pingpong.c) ---------------------------------- */
/* A msg.<mech> case supplies only its channel: shared state and send/recv for side 0 (the caller)
 * and side 1 (the peer: a pinned thread, or a forked child when param peer is "process"). The
 * driver does the rest the same way for every mechanism: params peer/place/bytes, the peer's
 * lifetime, sequence numbers and echo checks, timing, CPU time, timeouts. */
#include <errno.h>
#include <time.h>
#define WT_PP_TIMEOUT_NS 5000000000ull /* a wait on the peer gives up after this: -ETIMEDOUT */
#define WT_PP_TICK_NS 100000000ull     /* period of the tick of WT_PP_TICK */
typedef struct wt_pp_cfg {
    size_t bytes; /* message size, the same both ways, >= 8 (it starts with the sequence number) */
    int process;  /* 1: the peer is a forked child: objects must be process-shared */
} wt_pp_cfg;
#define WT_PP_SPIN 1u /* waits never block: timed as a batch, SKIP on place pu */
#define WT_PP_TICK 2u /* recv blocks in calls with no timeout of their own: while it runs, each side
                         gets SIGURG every WT_PP_TICK_NS (no SA_RESTART), so those calls return
                         EINTR and wt_pp_tick_timeout() turns enough of them into -ETIMEDOUT */
typedef struct wt_pp_ops {
    unsigned flags; /* WT_PP_* */
    /* Bytes of channel state: shared memory, zeroed, page-aligned, inherited by a forked peer. */
    size_t (*size)(const wt_pp_cfg *cfg);
    /* Initialise the channel before the peer starts: 0, or WT_R* recorded on r (wt_skip for a
     * size the mechanism cannot carry: never clamp). */
    int (*open)(void *ch, const wt_pp_cfg *cfg, wt_run *r);
    /* Side 0 or 1 sends / receives one message of len bytes: 0 or -errno; -ETIMEDOUT when the
     * peer was silent for WT_PP_TIMEOUT_NS, -EBADMSG for a message of the wrong size,
     * -EMSGSIZE when the mechanism cannot carry len bytes (the driver reports a SKIP). */
    int (*send)(void *ch, int side, const void *buf, size_t len);
    int (*recv)(void *ch, int side, void *buf, size_t len);
    /* Release what open made; called once after the peer is gone, also after a failed open. */
    void (*close)(void *ch);
} wt_pp_ops;
int wt_pp_setup(const wt_ctx *ctx, wt_run *r, void **state, const wt_pp_ops *ops);
int64_t wt_pp_run(void *state, wt_run *r, uint64_t iters);
void wt_pp_teardown(void *state);
/* For a recv of a WT_PP_TICK channel whose call returned EINTR: 0 to retry, -ETIMEDOUT when
 * *ticks (zero it per message) adds up to WT_PP_TIMEOUT_NS. */
int wt_pp_tick_timeout(unsigned *ticks);
/* Spin-wait budget: call every pass of a spin loop with *n and *t0 zeroed per wait; reads the
 * clock once every 4096 passes (never on a wait that ends sooner); -ETIMEDOUT after about
 * WT_PP_TIMEOUT_NS, else 0. */
static inline int wt_pp_spin_timeout(uint32_t *n, uint64_t *t0)
{
    if (++*n & 4095u)
        return 0;
    uint64_t t = wt_now_ns();
    if (!*t0)
        *t0 = t;
    return t - *t0 > WT_PP_TIMEOUT_NS ? -ETIMEDOUT : 0;
}
/* CLOCK_MONOTONIC / CLOCK_REALTIME deadline WT_PP_TIMEOUT_NS from now, for timed waits. */
void wt_pp_deadline(int clock, struct timespec *ts);


/* ==== stress family (harness/stress.c, harness/squeue.c) ===================================== */
/* A stress case (flag WT_STRESS): wt_stress_open in setup, before the case opens any descriptor
 * (the count then is the leak baseline); in run: start the workers, wt_stress_begin, work until
 * wt_stress_stopping, stop and join or reap every worker, close what run opened, then
 * wt_stress_end before the case's own verdicts. Workers, threads or forked processes, publish
 * progress with wt_stress_note; one that shows none for the stall time (5 s, or the duration when
 * shorter, at least 2 s) makes the case FAIL "STALL: worker i (role) last did OP seq N ..." with
 * what every worker was doing, and sets stopping so that every worker leaves. */
typedef struct wt_stress wt_stress;
#define WT_STRESS_MAX_WORKERS 256
/* Test knobs, from WTBENCH_TEST_FAULT=lose:CASE, dup:CASE, stall:CASE: inside CASE exactly one
 * message or task is lost or duplicated (the case does it where wt_stress_knob says so), or worker
 * 0 stops making progress once 16 operations in; the case's checkers must catch it. */
enum { WT_KNOB_LOSE = 1, WT_KNOB_DUP, WT_KNOB_STALL };
/* nworkers progress slots in shared memory; ops: operation names, NULL-terminated (a note's op
 * indexes it). 0, or WT_R* recorded on r. */
int wt_stress_open(wt_stress **out, const wt_ctx *ctx, wt_run *r, int nworkers, const char *const *ops);
void wt_stress_role(wt_stress *s, int w, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 1 exactly once per run (across processes) when the knob of this kind names this case. */
int wt_stress_knob(wt_stress *s, int kind);
/* Worker w did operation op, its seq-th: two relaxed stores. */
void wt_stress_note(wt_stress *s, int w, int op, uint64_t seq);
/* Worker w samples its CPU; a change counts as a migration (call every few hundred operations). */
void wt_stress_cpu(wt_stress *s, int w);
/* Worker w has finished on purpose: the watchdog stops watching it. */
void wt_stress_done(wt_stress *s, int w);
/* Worker w waits for the others on purpose (on 1) or works again (on 0): while it waits, its lack
 * of progress is theirs, and the watchdog names one of them (or, when every worker waits, the
 * one waiting the longest). */
void wt_stress_idle(wt_stress *s, int w, int on);
/* Start the run's clock, the watchdog and the deadline (ctx->duration_s from now). */
int wt_stress_begin(wt_stress *s, wt_run *r);
/* 1 once the duration is over, a stall was found or the case called wt_stress_stop. */
int wt_stress_stopping(const wt_stress *s);
void wt_stress_stop(wt_stress *s);
void wt_stress_wait(wt_stress *s);                /* sleep until stopping */
int wt_stress_sleep(wt_stress *s, uint64_t ns);   /* sleep ns or until stopping; 1 if stopping */
uint64_t wt_stress_stall_ns(const wt_stress *s);
/* After every worker is gone: FAIL on a stall, a leaked descriptor or a knob that never fired;
 * counters ops_per_s (ops over the run), cpu_s, cpu_per_op_ns, vol_cs, invol_cs (this process and
 * its reaped children, over the run) and the workers' migrations. Returns the run's ns (begin to
 * stop) or WT_R*. */
int64_t wt_stress_end(wt_stress *s, wt_run *r, uint64_t ops);
void wt_stress_close(wt_stress *s); /* teardown; NULL is fine */
/* Jain's fairness index of x[0..n): 1 when all are equal, 1/n when one has everything. */
double wt_jain(const double *x, int n);


/* Bounded multi-producer multi-consumer queues of WT_SQ_MSG-byte messages between threads
 * (harness/squeue.c; the mechanisms are described there). */
#define WT_SQ_MSG 64
enum { WT_SQ_PIPE, WT_SQ_USTREAM, WT_SQ_MQ, WT_SQ_SHMRING, WT_SQ_FUTEXQ, WT_SQ_NKINDS };
typedef struct wt_sq wt_sq;
int wt_sq_kind(const char *name); /* "pipe", "ustream", "mq", "shmring", "futexq"; -1 otherwise */
/* cap: messages the queue holds (rounded by the mechanism; see wt_sq_cap). 0 or -errno. */
int wt_sq_open(wt_sq **out, int kind, int nprod, int ncons, unsigned cap);
unsigned wt_sq_cap(const wt_sq *q);
/* Producer p sends one message: 0 at once, 1 after waiting for room (backpressure), -ETIMEDOUT
 * when there was no room within timeout_ns (nothing sent), -EBADMSG, -errno. */
int wt_sq_send(wt_sq *q, int p, const void *m, uint64_t timeout_ns);
/* Consumer c receives one: 0, -ETIMEDOUT (nothing within timeout_ns), -EBADMSG (torn), -errno. */
int wt_sq_recv(wt_sq *q, int c, void *m, uint64_t timeout_ns);
void wt_sq_close(wt_sq *q); /* NULL is fine */


/* ==== http family: a server under load over TCP loopback (harness/http.c, harness/httpload.c) ===== */
/* The servers: wthttpd (harness/bare/wthttpd.c, built beside wtbench) and node's node/httpd.js
 * (harness/node/httpd.js); the same arguments, routes and lines, described in those files:
 * "/" answers at once, "/slow-page" after slow_ns of calibrated CPU work (its result, verified by
 * the caller), "/io" after a timer of io_ns. A server runs in its own process group, its first
 * event loop bound to pus[0] and offloaded work to pus[1..]; a thread of the case reads its lines
 * and binds the threads it names. It dies with the case (PR_SET_PDEATHSIG), and teardown kills its
 * whole group (loop processes, cluster workers) and reaps it: nothing listens after it. */
typedef struct wt_httpd wt_httpd;
#define WT_HTTP_MAX_PUS 16
typedef struct wt_httpd_cfg {
    const char *server; /* "c" (wthttpd) or "node" (node/httpd.js) */
    const char *mode;   /* where /slow-page's and /io's work runs: inline, thread (one per request), pool */
    const char *kind;   /* with loops > 1, what the event loops are: process or thread (see the servers) */
    int loops;          /* event loops (C), cluster workers or hub threads (node); 1: one loop */
    int npus;           /* PUs given: pus[0] the first loop's, offloaded work on the others; -1: unpinned */
    int pus[WT_HTTP_MAX_PUS];
    double slow_ns, io_ns; /* nominal cost of /slow-page's CPU loop; /io's wait */
} wt_httpd_cfg;
/* The first request a server dies on under the test knob WTBENCH_TEST_FAULT=die:RESULT (RESULT the
 * full result name): a warm-up in setup stays below it, so the server dies in the window. */
#define WT_HTTP_DIE_AT 64
/* Start the server and wait until it listens: 0, or WT_R* recorded on r (SKIP without node or,
 * for node's pool mode, without piscina; FAIL when it ends or stays silent for 30 s first). *out
 * is set either way; wt_httpd_stop it. */
int wt_httpd_start(wt_httpd **out, const wt_ctx *ctx, wt_run *r, const wt_httpd_cfg *cfg);
int wt_httpd_port(const wt_httpd *s);
const char *wt_httpd_name(const wt_httpd *s); /* "the C server (wthttpd mode=pool)", for messages */
/* What /slow-page must answer (the work's result for the server's units), computed here on the
 * calling thread: slow_ns of work once (cached). */
uint64_t wt_httpd_slow_expect(wt_httpd *s);
/* 0 while the server runs; once it died (or reported a failure), WT_RFAIL recorded on r: "NAME
 * died mid-window: killed by signal 9 (...)", with its last line. */
int wt_httpd_check(wt_httpd *s, wt_run *r);
void wt_httpd_stop(wt_httpd *s); /* NULL is fine */

/* A client on a keep-alive connection (blocking calls with a deadline). 0 or -errno. */
int wt_http_connect(int port, int *fd);
/* One GET: its status and body (NUL-terminated, cut to cap - 1). 0; -ETIMEDOUT (no whole answer
 * within timeout_s), -EPIPE (the server closed), -EBADMSG (not an HTTP/1.x answer with a
 * Content-Length), -errno. */
int wt_http_get(int fd, const char *path, double timeout_s, int *status, char *body, size_t cap);
/* Setup's untimed warm-up: n GETs of path spread over conns connections, each must answer 200:
 * 0, or WT_RFAIL recorded on r (the server's death first, if that is why). */
int wt_httpd_warm(wt_httpd *s, wt_run *r, const char *path, int n, int conns, double timeout_s);

/* wrk (Debian's /usr/bin/wrk, or $WTBENCH_WRK): the load of a window. */
const char *wt_wrk_path(void); /* NULL when there is none: the case SKIPs with the reason */
typedef struct wt_wrk_opts {
    const char *path;   /* "/" */
    int conns, threads; /* wrk -c, -t */
    double seconds;     /* the window; wrk -d counts whole seconds, so a fraction ends it by SIGINT */
    double timeout_s;   /* wrk --timeout: a request slower than this is an error, not a latency */
    int npus;           /* wrk runs on these PUs (npus 0 or a PU < 0: where the case may run) */
    int pus[WT_HTTP_MAX_PUS];
} wt_wrk_opts;
typedef struct wt_wrk {
    double seconds, requests, per_second; /* wrk's own duration, completed requests, their rate */
    double p50_ns, p99_ns, max_ns, mean_ns; /* latency of single requests (wrk: us resolution) */
} wt_wrk;
/* Run one window of wrk against s and watch s meanwhile: 0 with *out filled; WT_RFAIL recorded on
 * r when s dies (its reason), wrk reports socket errors, timed-out requests or answers other than
 * 2xx/3xx, completes none, or hangs (killed 5 s after its window); WT_RSKIP without wrk. */
int wt_wrk_run(wt_httpd *s, wt_run *r, const wt_wrk_opts *o, wt_wrk *out);

#endif
