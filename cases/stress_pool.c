/* stress.pool: the suite's pool (wt_pool) under open-loop load, up to overload. P = max(1, PUs - 1)
 * pinned workers; a submitter thread on the first PU dispatches tasks of calibrated CPU work (about
 * 20 us, checked results) on a Poisson schedule at load_pct % of capacity (P / task cost) for the
 * whole duration, never waiting for the pool: the queue is bounded by admission (at most 64 tasks
 * accepted and not completed), and an arrival beyond it is rejected and counted. Every accepted task
 * has a slot: the submitter sets how many runs are pending, the task counts its run. Invariant: no
 * accepted task lost or run twice (its run count is 1 once it is no longer pending, else FAIL naming
 * the task), every result right. Latency per accepted task, ns, from its SCHEDULED arrival to its
 * completion (no coordinated omission), in the histogram. Counters: offered_per_s, tasks_per_second
 * (completed), rejected, rejected_pct, max_inflight, capacity_per_s, task_ns, late_ns (mean
 * dispatch lateness). Timed: the duration. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wt.h"

#define CAP 64u     /* tasks accepted and not completed */
#define SLOTS 256u  /* task slots, reused in turn */
#define NSEED 16
#define TASK_NS 20000.0
#define VICTIM 100u /* the accepted task that a test knob loses or runs twice */
#define SEED0 0x9001ull

enum { OP_START, OP_SUBMIT, OP_REJECT, OP_TASK };
static const char *const ops[] = {"start", "submit", "reject", "task", NULL};

typedef struct st st;
typedef struct slot {
    _Atomic int pending, runs; /* pending: runs submitted and not finished */
    int used;
    st *s;
    uint64_t id, at, done, res;
} slot;

struct st {
    int nw, load;
    uint64_t units, expect[NSEED];
    double task_ns, gap_ns;
    wt_pool *pool;
    wt_stress *ws;
    wt_thread sub;
    slot *slot;
    wt_hist h;
    _Atomic uint64_t completed;
    _Atomic int next_w, hung, err;
    uint64_t accepted, rejected, late, maxin, arrivals;
    int bad_set;
    char bad[160];
};

static void task(void *arg)
{
    static _Thread_local st *tl_s;
    static _Thread_local int tl_w;
    slot *sl = arg;
    st *s = sl->s;
    if (tl_s != s)
        tl_s = s, tl_w = 1 + atomic_fetch_add(&s->next_w, 1) % s->nw;
    sl->res = wt_work(s->units, SEED0 + sl->id % NSEED);
    sl->done = wt_now_ns();
    atomic_fetch_add_explicit(&sl->runs, 1, memory_order_relaxed);
    uint64_t c = atomic_fetch_add_explicit(&s->completed, 1, memory_order_relaxed) + 1;
    wt_stress_note(s->ws, tl_w, OP_TASK, c);
    atomic_fetch_sub_explicit(&sl->pending, 1, memory_order_release);
}

/* A slot whose runs are over: exactly one run, the right result; its latency. */
static void check(st *s, slot *sl)
{
    int runs = atomic_load(&sl->runs);
    const char *what = runs == 0 ? "lost" : runs > 1 ? "duplicated" : NULL;
    if (!what && sl->res != s->expect[sl->id % NSEED])
        what = "wrong result";
    if (what && !s->bad_set) {
        s->bad_set = 1;
        snprintf(s->bad, sizeof s->bad, "%s: accepted task %llu (ran %d times, expected once)", what,
                 (unsigned long long)sl->id, runs);
    }
    if (runs == 1)
        wt_hist_add(&s->h, sl->done - sl->at);
    sl->used = 0;
}

static void wait_until(st *s, uint64_t t)
{
    for (uint64_t now; (now = wt_now_ns()) < t && !wt_stress_stopping(s->ws);) {
        if (t - now > 400000) {
            uint64_t w = t - 200000;
            struct timespec ts = {(time_t)(w / 1000000000u), (long)(w % 1000000000u)};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        } else {
            wt_cpu_relax();
        }
    }
}

static void *submitter(void *arg)
{
    st *s = arg;
    uint64_t x = 0x9E3779B97F4A7C15ull, at = wt_now_ns();
    while (!wt_stress_stopping(s->ws)) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        at += (uint64_t)(-log1p(-(double)(x >> 11) * 0x1p-53) * s->gap_ns);
        wait_until(s, at);
        uint64_t now = wt_now_ns();
        s->late += now - at;
        s->arrivals++;
        uint64_t in = s->accepted - atomic_load_explicit(&s->completed, memory_order_relaxed);
        slot *sl = &s->slot[s->accepted % SLOTS];
        if (in >= CAP || atomic_load_explicit(&sl->pending, memory_order_acquire) > 0) {
            s->rejected++; /* the bounded queue is full (or the slot's task still runs) */
            wt_stress_note(s->ws, 0, OP_REJECT, s->arrivals);
            continue;
        }
        s->maxin = in + 1 > s->maxin ? in + 1 : s->maxin;
        if (sl->used)
            check(s, sl);
        int copies = 1;
        if (s->accepted == VICTIM)
            copies = wt_stress_knob(s->ws, WT_KNOB_LOSE) ? 0 : wt_stress_knob(s->ws, WT_KNOB_DUP) ? 2 : 1;
        sl->s = s, sl->id = s->accepted, sl->at = at, sl->used = 1, sl->done = sl->res = 0;
        atomic_store_explicit(&sl->runs, 0, memory_order_relaxed);
        atomic_store_explicit(&sl->pending, copies, memory_order_relaxed);
        for (int k = 0; k < copies; k++) {
            int rc = wt_pool_submit(s->pool, task, sl);
            if (rc < 0) {
                atomic_store(&s->err, -rc);
                wt_stress_stop(s->ws);
                break;
            }
        }
        s->accepted++;
        wt_stress_note(s->ws, 0, OP_SUBMIT, s->arrivals);
        if ((s->arrivals & 255) == 0)
            wt_stress_cpu(s->ws, 0);
    }
    wt_stress_done(s->ws, 0);
    return NULL;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    s->load = (int)wt_arg_int(ctx, "load_pct", 100);
    if (s->load < 1 || s->load > 1000)
        return wt_fail(r, "load_pct %d: expected 1 to 1000 (%% of capacity)", s->load);
    s->nw = ctx->npus - 1 < 1 ? 1 : ctx->npus - 1 > 64 ? 64 : ctx->npus - 1;
    s->units = wt_work_units_for(TASK_NS);
    uint64_t res;
    if ((s->task_ns = wt_work_cost_ns(s->units, SEED0, &res)) < 0)
        return wt_fail(r, "wt_work is not a pure function of (units, seed)");
    for (int i = 0; i < NSEED; i++)
        s->expect[i] = wt_work(s->units, SEED0 + (uint64_t)i);
    s->gap_ns = s->task_ns / ((double)s->load / 100.0 * s->nw);
    if (!(s->slot = calloc(SLOTS, sizeof *s->slot)))
        return wt_error(r, ENOMEM, "task slots");
    wt_hist_reset(&s->h);
    int rc = wt_stress_open(&s->ws, ctx, r, 1 + s->nw, ops);
    if (rc == 0)
        wt_stress_role(s->ws, 0, "submitter");
    for (int i = 0; rc == 0 && i < s->nw; i++)
        wt_stress_role(s->ws, 1 + i, "pool worker %d", i);
    return rc;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    int pus[64], rc, hung = 0;
    double t;
    for (int i = 0; i < s->nw; i++)
        pus[i] = wt_pu(1 + i);
    wt_pool_opts o = {.nworkers = s->nw, .pus = pus[0] < 0 ? NULL : pus, .queue = 2 * CAP, .spin_ns = 50000};
    if ((rc = wt_pool_create(&s->pool, &o)) < 0)
        return wt_error(r, -rc, "starting the pool");
    if ((rc = wt_stress_begin(s->ws, r)) == 0 && (rc = wt_thread_start(&s->sub, wt_pu(0), submitter, s)) < 0)
        wt_error(r, -rc, "starting the submitter");
    if (rc == 0)
        wt_stress_wait(s->ws);
    wt_stress_stop(s->ws);
    t = (double)wt_stress_stall_ns(s->ws) * 1e-9 + 10;
    hung |= wt_thread_join(&s->sub, t) < 0;
    for (int i = 0; i < s->nw; i++)
        wt_stress_done(s->ws, 1 + i);
    hung |= wt_pool_drain(s->pool, t) < 0 || wt_pool_destroy(s->pool, t) < 0;
    atomic_store(&s->hung, hung);
    if (hung)
        return wt_fail(r, "the submitter or a pool worker hung (left detached)");
    s->pool = NULL;
    if (rc < 0)
        return rc;
    for (unsigned k = 0; k < SLOTS; k++) {
        if (atomic_load(&s->slot[k].pending) > 0 && !s->bad_set) { /* drained, yet still pending */
            s->bad_set = 1;
            snprintf(s->bad, sizeof s->bad, "lost: accepted task %llu (never ran; the pool is drained)",
                     (unsigned long long)s->slot[k].id);
        }
        if (s->slot[k].used)
            check(s, &s->slot[k]);
    }
    wt_hist_merge(wt_run_hist(r), &s->h);
    uint64_t done = atomic_load(&s->completed);
    int64_t ns = wt_stress_end(s->ws, r, done);
    if (ns < 0)
        return ns;
    if (s->err)
        return wt_error(r, s->err, "wt_pool_submit");
    if (s->bad_set)
        return wt_fail(r, "%s", s->bad);
    double sec = (double)ns * 1e-9;
    wt_counter(r, "offered_per_s", 1e9 / s->gap_ns, 0);
    wt_counter(r, "tasks_per_second", (double)done / sec, 0);
    wt_counter(r, "rejected", (double)s->rejected, 0);
    wt_counter(r, "rejected_pct", s->arrivals ? 100.0 * (double)s->rejected / (double)s->arrivals : 0, 0);
    wt_counter(r, "max_inflight", (double)s->maxin, 0);
    wt_counter(r, "capacity_per_s", 1e9 * s->nw / s->task_ns, 0);
    wt_counter(r, "task_ns", s->task_ns, 0);
    wt_counter(r, "late_ns", s->arrivals ? (double)s->late / (double)s->arrivals : 0, 0);
    return done ? ns : wt_fail(r, "no task completed in %.1f s", sec);
}

static void teardown(void *state)
{
    st *s = state;
    if (!s || atomic_load(&s->hung))
        return;
    wt_pool_destroy(s->pool, 10);
    wt_stress_close(s->ws);
    free(s->slot);
    free(s);
}

static const wt_param params[] = {
    {"load_pct", "50,200", "50,100,200"},
    {0},
};

const wt_case wt_case_stress_pool = {
    .name = "stress.pool",
    .summary = "the suite's pool under open-loop load up to overload, bounded queue: rejections, no task lost; ns",
    .min_pus = 1,
    .flags = WT_STRESS,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
