/* stress.c: what every stress.* case shares (DESIGN.md, "Stress cases"): the progress watchdog, the
 * test knobs that lose, duplicate or stall exactly once, and the accounting every stress case
 * reports (operations per second, CPU time, voluntary and involuntary context switches, migrations)
 * with the check that no descriptor outlives the run.
 *
 * Workers (threads or forked processes) publish (last operation, sequence number) in their slot of
 * shared memory. A watchdog thread in the case's process reads the slots every tick; a worker that
 * has shown no progress for the stall time makes the case FAIL "STALL: ..." with what every worker
 * was doing (the whole table goes to stderr), and it sets the stop flag that every worker polls, so
 * the case returns and the suite goes on. The same thread ends the run at its duration.
 * Time: from wt_stress_begin to the stop (the deadline, or the stall), ns of the harness clock;
 * nothing here is inside a per-operation timed region. */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include "wt.h"

#define TICK_NS 20000000ull /* the watchdog looks every 20 ms */
#define ROLE_LEN 24

typedef struct slot { /* one worker, one cache line: written by its worker only */
    _Alignas(64) _Atomic uint64_t seq;
    _Atomic uint32_t op;
    _Atomic uint32_t done; /* finished on purpose: no longer watched */
    _Atomic uint32_t idle; /* waiting for the others on purpose: not a stall of its own */
    _Atomic uint32_t migr; /* CPU changes the worker saw */
    int last_cpu;          /* the worker's own */
    char role[ROLE_LEN];
} slot;

typedef struct shared { /* shared memory: forked workers see the same stop flag and knob */
    _Atomic uint32_t stop;    /* 0 running; 1 the duration is over, 2 a stall, 4 the case stopped */
    _Atomic uint32_t fired;   /* the test knob has fired */
    _Atomic uint32_t release; /* the stall knob's worker may go on: a stall was reported, or the end */
    slot slots[];
} shared;

struct wt_stress {
    shared *sh;
    size_t shlen;
    int n, nops, knob, fd0;
    const char *const *ops;
    const char *cname;
    uint64_t stall_ns, duration_ns, t0, deadline;
    _Atomic uint64_t stop_ns;
    struct rusage self0, child0;
    wt_thread wd;
    _Atomic uint32_t quit; /* futex word: the watchdog leaves */
    _Atomic int stalled;   /* why[] is written */
    char why[300];
};

static int count_fds(void)
{
    int n = wt_proc_count("fd");
    return n < 0 ? n : n - 1; /* the directory's own descriptor */
}

/* WTBENCH_TEST_FAULT=lose:CASE, dup:CASE or stall:CASE (crash: and hang: belong to harness/run.c). */
static int knob_for(const char *case_name)
{
    static const char *const kinds[] = {"lose:", "dup:", "stall:"};
    const char *f = getenv("WTBENCH_TEST_FAULT");
    for (int k = 0; f && k < 3; k++) {
        size_t l = strlen(kinds[k]);
        if (!strncmp(f, kinds[k], l) && !strcmp(f + l, case_name))
            return WT_KNOB_LOSE + k;
    }
    return 0;
}

int wt_stress_open(wt_stress **out, const wt_ctx *ctx, wt_run *r, int nworkers, const char *const *ops)
{
    *out = NULL;
    if (nworkers < 1 || nworkers > WT_STRESS_MAX_WORKERS)
        return wt_fail(r, "%d stress workers: expected 1 to %d", nworkers, WT_STRESS_MAX_WORKERS);
    wt_stress *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "stress state");
    s->shlen = sizeof(shared) + (size_t)nworkers * sizeof(slot);
    if (!(s->sh = wt_shared_alloc(s->shlen))) {
        int e = errno;
        free(s);
        return wt_error(r, e, "shared memory for the progress slots");
    }
    s->n = nworkers;
    s->ops = ops;
    for (s->nops = 0; ops[s->nops]; s->nops++)
        ;
    s->cname = ctx->c->name;
    s->knob = knob_for(ctx->c->name);
    s->duration_ns = (uint64_t)(ctx->duration_s * 1e9);
    /* 5 s, or the duration when that is shorter, but never under 2 s: a loaded 2-PU machine can
     * keep a runnable worker off the CPU for tens of ms, never for seconds. */
    double st = ctx->duration_s < 5 ? ctx->duration_s : 5;
    s->stall_ns = (uint64_t)((st < 2 ? 2 : st) * 1e9);
    for (int i = 0; i < nworkers; i++) {
        s->sh->slots[i].last_cpu = -1;
        snprintf(s->sh->slots[i].role, ROLE_LEN, "worker %d", i);
    }
    s->fd0 = count_fds();
    *out = s;
    return 0;
}

void wt_stress_role(wt_stress *s, int w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->sh->slots[w].role, ROLE_LEN, fmt, ap);
    va_end(ap);
}

int wt_stress_knob(wt_stress *s, int kind)
{
    return s->knob == kind && !atomic_exchange(&s->sh->fired, 1);
}

int wt_stress_stopping(const wt_stress *s)
{
    return atomic_load_explicit(&s->sh->stop, memory_order_relaxed) != 0;
}

static void set_stop(wt_stress *s, uint32_t why)
{
    uint64_t z = 0;
    atomic_compare_exchange_strong(&s->stop_ns, &z, wt_now_ns());
    atomic_fetch_or(&s->sh->stop, why);
    wt_futex_wake(&s->sh->stop, 1 << 30);
}

void wt_stress_stop(wt_stress *s) { set_stop(s, 4); }

int wt_stress_sleep(wt_stress *s, uint64_t ns)
{
    uint64_t end = wt_now_ns() + ns;
    for (uint64_t now; !wt_stress_stopping(s) && (now = wt_now_ns()) < end;)
        wt_futex_wait(&s->sh->stop, 0, end - now);
    return wt_stress_stopping(s);
}

void wt_stress_wait(wt_stress *s)
{
    while (!wt_stress_stopping(s))
        wt_futex_wait(&s->sh->stop, 0, 0);
}

/* The stall knob: worker 0 stops making progress once it is 16 operations in, until the watchdog
 * has reported it (or the run ends), as a hung worker would. */
static void stall_here(wt_stress *s)
{
    if (!wt_stress_knob(s, WT_KNOB_STALL))
        return;
    while (!atomic_load(&s->sh->release)) {
        struct timespec ms = {0, 10000000};
        nanosleep(&ms, NULL);
    }
}

void wt_stress_note(wt_stress *s, int w, int op, uint64_t seq)
{
    slot *sl = &s->sh->slots[w];
    atomic_store_explicit(&sl->op, (uint32_t)op, memory_order_relaxed);
    atomic_store_explicit(&sl->seq, seq, memory_order_relaxed);
    if (s->knob == WT_KNOB_STALL && w == 0 && seq >= 16)
        stall_here(s);
}

void wt_stress_cpu(wt_stress *s, int w)
{
    slot *sl = &s->sh->slots[w];
    int c = sched_getcpu();
    if (sl->last_cpu >= 0 && c != sl->last_cpu)
        atomic_fetch_add_explicit(&sl->migr, 1, memory_order_relaxed);
    sl->last_cpu = c;
}

void wt_stress_done(wt_stress *s, int w) { atomic_store(&s->sh->slots[w].done, 1); }

void wt_stress_idle(wt_stress *s, int w, int on)
{
    atomic_store_explicit(&s->sh->slots[w].idle, (uint32_t)on, memory_order_relaxed);
}

static const char *op_name(const wt_stress *s, uint32_t op) { return op < (uint32_t)s->nops ? s->ops[op] : "?"; }

/* Record the stall of worker w: the FAIL line (what fits in it) and the whole table on stderr. */
static void report_stall(wt_stress *s, int w, uint64_t idle_ns)
{
    slot *sl = s->sh->slots;
    size_t off = (size_t)snprintf(s->why, sizeof s->why, "STALL: worker %d (%s) last did %s seq %llu, no progress for %.1f s; ",
                                  w, sl[w].role, op_name(s, atomic_load(&sl[w].op)),
                                  (unsigned long long)atomic_load(&sl[w].seq), (double)idle_ns * 1e-9);
    fprintf(stderr, "wtbench: %s: STALL of worker %d after %.1f s without progress; every worker:\n", s->cname, w,
            (double)idle_ns * 1e-9);
    for (int i = 0; i < s->n; i++) {
        const char *op = op_name(s, atomic_load(&sl[i].op));
        unsigned long long q = (unsigned long long)atomic_load(&sl[i].seq);
        const char *st = atomic_load(&sl[i].done) ? " done" : atomic_load(&sl[i].idle) ? " waiting" : "";
        fprintf(stderr, "  worker %-3d %-22s last did %-10s seq %-12llu%s\n", i, sl[i].role, op, q, st);
        if (off < sizeof s->why)
            off += (size_t)snprintf(s->why + off, sizeof s->why - off, "%sw%d %s %llu%s", i ? ", " : "workers: ", i, op,
                                    q, st);
    }
    atomic_store(&s->stalled, 1);
    atomic_store(&s->sh->release, 1);
    set_stop(s, 2);
}

static void *watchdog(void *arg)
{
    wt_stress *s = arg;
    uint64_t *seq = calloc((size_t)s->n, sizeof *seq), *since = calloc((size_t)s->n, sizeof *since);
    uint32_t *op = calloc((size_t)s->n, sizeof *op);
    if (!seq || !since || !op) {
        free(seq), free(since), free(op);
        return NULL; /* no watchdog: wt_stress_begin reported it */
    }
    for (int i = 0; i < s->n; i++) {
        seq[i] = atomic_load(&s->sh->slots[i].seq);
        op[i] = atomic_load(&s->sh->slots[i].op);
        since[i] = s->t0;
    }
    uint64_t busy = s->t0; /* the last time a watched worker was not waiting */
    while (!atomic_load(&s->quit)) {
        uint64_t now = wt_now_ns();
        if (now >= s->deadline && !wt_stress_stopping(s))
            set_stop(s, 1);
        int oldest = -1, watched = 0;
        for (int i = 0; i < s->n; i++) {
            slot *sl = &s->sh->slots[i];
            uint64_t q = atomic_load_explicit(&sl->seq, memory_order_relaxed);
            uint32_t o = atomic_load_explicit(&sl->op, memory_order_relaxed);
            int done = (int)atomic_load(&sl->done), idle = (int)atomic_load_explicit(&sl->idle, memory_order_relaxed);
            if (q != seq[i] || o != op[i] || done)
                seq[i] = q, op[i] = o, since[i] = now;
            watched += !done;
            if (!done && !idle)
                busy = now;
            if (!done && !idle && now - since[i] >= s->stall_ns && (oldest < 0 || since[i] < since[oldest]))
                oldest = i;
        }
        /* The worker without progress the longest, of those not waiting for the others; or, when
         * every worker has been waiting that long (a deadlock), the one waiting the longest. */
        for (int i = 0; oldest < 0 && watched && now - busy >= s->stall_ns && i < s->n; i++)
            if (!atomic_load(&s->sh->slots[i].done) && (oldest < 0 || since[i] < since[oldest]))
                oldest = i;
        if (oldest >= 0 && !atomic_load(&s->stalled))
            report_stall(s, oldest, now - since[oldest]);
        uint64_t wait = TICK_NS;
        if (!wt_stress_stopping(s) && s->deadline > now && s->deadline - now < wait)
            wait = s->deadline - now;
        wt_futex_wait(&s->quit, 0, wait ? wait : 1);
    }
    free(seq), free(since), free(op);
    return NULL;
}

int wt_stress_begin(wt_stress *s, wt_run *r)
{
    getrusage(RUSAGE_SELF, &s->self0);
    getrusage(RUSAGE_CHILDREN, &s->child0);
    s->t0 = wt_now_ns();
    s->deadline = s->t0 + s->duration_ns;
    int rc = wt_thread_start(&s->wd, -1, watchdog, s);
    if (rc < 0) {
        set_stop(s, 4);
        return wt_error(r, -rc, "starting the stress watchdog");
    }
    return 0;
}

static uint64_t tv_ns(struct timeval a) { return (uint64_t)a.tv_sec * 1000000000ull + (uint64_t)a.tv_usec * 1000ull; }

int64_t wt_stress_end(wt_stress *s, wt_run *r, uint64_t ops)
{
    struct rusage self, child;
    set_stop(s, 4); /* the stop time stays that of the deadline or the stall, when one came first */
    atomic_store(&s->sh->release, 1);
    atomic_store(&s->quit, 1);
    wt_futex_wake(&s->quit, 1);
    if (wt_thread_join(&s->wd, 10) < 0)
        return wt_fail(r, "the stress watchdog did not leave within 10 s");
    uint64_t ns = atomic_load(&s->stop_ns) - s->t0;
    if (atomic_load(&s->stalled))
        return wt_fail(r, "%s", s->why);
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &child);
    uint64_t cpu = tv_ns(self.ru_utime) + tv_ns(self.ru_stime) - tv_ns(s->self0.ru_utime) - tv_ns(s->self0.ru_stime) +
                   tv_ns(child.ru_utime) + tv_ns(child.ru_stime) - tv_ns(s->child0.ru_utime) -
                   tv_ns(s->child0.ru_stime);
    long vcs = self.ru_nvcsw - s->self0.ru_nvcsw + child.ru_nvcsw - s->child0.ru_nvcsw;
    long ics = self.ru_nivcsw - s->self0.ru_nivcsw + child.ru_nivcsw - s->child0.ru_nivcsw;
    wt_counter(r, "ops_per_s", (double)ops * 1e9 / (double)(ns ? ns : 1), 0);
    wt_counter(r, "cpu_s", (double)cpu * 1e-9, 0);
    wt_counter(r, "cpu_per_op_ns", ops ? (double)cpu / (double)ops : 0, 0);
    wt_counter(r, "vol_cs", (double)vcs, 0);
    wt_counter(r, "invol_cs", (double)ics, 0);
    for (int i = 0; i < s->n; i++)
        for (uint32_t m = atomic_load(&s->sh->slots[i].migr); m; m--)
            wt_note_migration();
    int fds = count_fds();
    if (s->fd0 >= 0 && fds > s->fd0)
        return wt_fail(r, "LEAK: %d descriptor(s) outlived the run (%d open, %d before it)", fds - s->fd0, fds, s->fd0);
    if (s->knob && !atomic_load(&s->sh->fired))
        return wt_fail(r, "the test knob WTBENCH_TEST_FAULT=%s never fired (the run ended before its point)",
                       getenv("WTBENCH_TEST_FAULT"));
    return (int64_t)ns;
}

void wt_stress_close(wt_stress *s)
{
    if (!s)
        return;
    atomic_store(&s->sh->release, 1);
    if (s->wd.started) { /* a run that never reached wt_stress_end */
        set_stop(s, 4);
        atomic_store(&s->quit, 1);
        wt_futex_wake(&s->quit, 1);
        if (wt_thread_join(&s->wd, 10) < 0)
            return; /* it may still read the slots: leak them */
    }
    wt_shared_free(s->sh, s->shlen);
    free(s);
}

uint64_t wt_stress_stall_ns(const wt_stress *s) { return s->stall_ns; }

double wt_jain(const double *x, int n)
{
    double sum = 0, sq = 0;
    for (int i = 0; i < n; i++)
        sum += x[i], sq += x[i] * x[i];
    return sq > 0 ? sum * sum / ((double)n * sq) : 1.0;
}
