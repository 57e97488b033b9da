/* pool.open: pool versus a worker per request, open loop: tasks of calibrated CPU work (cost_ns
 * nominal, real cost task_ns measured in setup) arrive on a Poisson schedule at load% of capacity;
 * latency per task, ns, from its SCHEDULED arrival to its completion, so a submitter that falls
 * behind (blocked on a join, a full queue) cannot hide the delay (no coordinated omission).
 * Capacity = P / task_ns: P = 1 for inline (the caller runs each task), else P = PUs - 1 workers
 * on the PUs other than the caller's, which spins to dispatch on time: mode thread (a pinned
 * thread per task, joined at most 64 tasks later), process (a pinned child per task, reaped the
 * same way), pool (P pinned workers, 1024-slot queue, 50 us spin then park). Timed: from the
 * first scheduled arrival until the last task has completed; the time per op is the wall time per
 * arrival. Percentiles come from the histogram; counters: task_ns, offered_per_s, done_per_s,
 * parallel, late_ns (mean dispatch lateness of the submitter). Every result is checked. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "wt.h"

enum { INLINE, THREAD, PROCESS, POOL };
#define INFLIGHT 64 /* threads or children a submitter may have outstanding */

typedef struct st st;
typedef struct slot { /* one per task of a run; shared with the children in mode process */
    const st *s;
    uint64_t at, res, done; /* scheduled arrival (absolute ns), result, completion time */
} slot;

struct st {
    int mode, par;
    uint64_t units, seed, expect, runs;
    double task_ns, gap_ns; /* mean inter-arrival time */
    int pus[INFLIGHT];
    wt_pool *pool;
    slot *slot;
    size_t slot_bytes;
    wt_thread th[INFLIGHT];
    pid_t pid[INFLIGHT];
    uint64_t done_tasks, done_ns, late_ns;
};


static void pool_task(void *arg)
{
    slot *sl = arg;
    sl->res = wt_work(sl->s->units, sl->s->seed);
    sl->done = wt_now_ns();
}
static void *thread_task(void *arg)
{
    pool_task(arg);
    return NULL;
}
static int child_task(void *arg)
{
    pool_task(arg);
    return 0;
}

/* Real cost of one task, measured on the caller's PU in setup. */
static int measure_cost(st *s, wt_run *r)
{
    s->task_ns = wt_work_cost_ns(s->units, s->seed, &s->expect);
    return s->task_ns < 0 ? wt_fail(r, "wt_work is not a pure function of (units, seed)") : 0;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    static const char *const modes[] = {"inline", "thread", "process", "pool"};
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    const char *m = wt_arg(ctx, "mode");
    for (s->mode = 0; s->mode < 4 && strcmp(m, modes[s->mode]); s->mode++)
        ;
    if (s->mode == 4)
        return wt_fail(r, "unknown mode '%s'", m);
    if (s->mode == PROCESS && wt_sanitizer() && !strcmp(wt_sanitizer(), "thread"))
        return wt_skip(r, "fork of a threaded process under ThreadSanitizer");
    int64_t load = wt_arg_int(ctx, "load", 50);
    if (load < 1 || load > 100)
        return wt_fail(r, "load:%lld: expected a percentage of capacity, 1 to 100", (long long)load);
    int nw = ctx->npus - 1 < INFLIGHT ? ctx->npus - 1 : INFLIGHT;
    s->par = s->mode == INLINE ? 1 : nw;
    for (int k = 0; k < INFLIGHT; k++)
        s->pus[k] = ctx->pu[0] < 0 ? -1 : wt_pu(1 + k % nw);
    s->units = wt_work_units_for((double)wt_arg_int(ctx, "cost_ns", 1000));
    s->seed = 0x5eed;
    if (measure_cost(s, r) < 0)
        return WT_RFAIL;
    s->gap_ns = s->task_ns / ((double)load / 100.0 * s->par);
    if (s->mode == POOL) {
        wt_pool_opts o = {.nworkers = nw, .pus = ctx->pu[0] < 0 ? NULL : s->pus, .queue = 1024, .spin_ns = 50000};
        int rc = wt_pool_create(&s->pool, &o);
        if (rc < 0)
            return wt_error(r, -rc, "starting the pool");
    }
    return 0;
}

/* Join or reap what runs in ring position k, if anything. 0, or WT_RFAIL recorded on r. */
static int finish(st *s, wt_run *r, int k)
{
    if (s->mode == THREAD && s->th[k].started) {
        if (wt_thread_join(&s->th[k], 10) < 0)
            return wt_fail(r, "a task thread hung (left detached)");
    } else if (s->mode == PROCESS && s->pid[k] > 0) {
        int rc = wt_child_wait(s->pid[k], 10);
        s->pid[k] = 0;
        char buf[96];
        if (rc != 0)
            return wt_fail(r, "a task child %s", wt_child_status_str(rc, buf, sizeof buf));
    }
    return 0;
}

static int finish_all(st *s, wt_run *r)
{
    int rc = 0;
    for (int k = 0; k < INFLIGHT; k++)
        if (finish(s, r, k) < 0)
            rc = WT_RFAIL;
    return rc;
}

/* Slots and the Poisson schedule (offsets from the start) for iters tasks, outside the timed
 * region; the schedule is a fixed function of the run's index. */
static int prepare(st *s, uint64_t iters)
{
    size_t need = (size_t)iters * sizeof(slot);
    if (need > s->slot_bytes) {
        wt_shared_free(s->slot, s->slot_bytes);
        s->slot_bytes = 0;
        if (!(s->slot = wt_shared_alloc(need)))
            return -errno;
        s->slot_bytes = need;
    }
    uint64_t x = 0x9e3779b97f4a7c15ull * ++s->runs, at = 0;
    for (uint64_t i = 0; i < iters; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double u = (double)(x >> 11) * 0x1p-53; /* [0, 1) */
        at += (uint64_t)(-log1p(-u) * s->gap_ns);
        s->slot[i] = (slot){.s = s, .at = at};
    }
    return 0;
}

/* Wait until the absolute time t: sleep while it is far, spin the last 200 us. */
static void wait_until(uint64_t t)
{
    for (uint64_t now; (now = wt_now_ns()) < t;) {
        if (t - now > 400000) {
            uint64_t w = t - 200000;
            struct timespec ts = {(time_t)(w / 1000000000u), (long)(w % 1000000000u)};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        } else {
            wt_cpu_relax();
        }
    }
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    int rc = prepare(s, iters);
    if (rc < 0)
        return wt_error(r, -rc, "task slots");
    uint64_t t0 = wt_now_ns() + 10000, late = 0;
    for (uint64_t i = 0; i < iters; i++)
        s->slot[i].at += t0;
    for (uint64_t i = 0; i < iters; i++) {
        slot *sl = &s->slot[i];
        int k = (int)(i % INFLIGHT);
        wait_until(sl->at);
        late += wt_now_ns() - sl->at;
        switch (s->mode) {
        case INLINE:
            pool_task(sl);
            break;
        case POOL:
            if (wt_pool_submit(s->pool, pool_task, sl) < 0)
                return wt_fail(r, "the pool's queue stayed full for 10 s (a worker hung)");
            break;
        case THREAD:
            if (finish(s, r, k) < 0)
                return finish_all(s, r), WT_RFAIL;
            if ((rc = wt_thread_start(&s->th[k], s->pus[k], thread_task, sl)) < 0)
                return finish_all(s, r), wt_error(r, -rc, "starting a task thread");
            break;
        case PROCESS:
            if (finish(s, r, k) < 0)
                return finish_all(s, r), WT_RFAIL;
            if ((s->pid[k] = wt_child_start(s->pus[k], child_task, sl)) < 0) {
                int err = (int)-s->pid[k];
                s->pid[k] = 0;
                return finish_all(s, r), wt_error(r, err, "forking a task child");
            }
            break;
        }
    }
    if (s->mode == POOL && wt_pool_drain(s->pool, 30) < 0)
        return wt_fail(r, "the pool did not complete its tasks within 30 s (a worker hung)");
    if (finish_all(s, r) < 0)
        return WT_RFAIL;
    uint64_t end = t0;
    wt_hist *h = wt_run_hist(r);
    for (uint64_t i = 0; i < iters; i++) {
        const slot *sl = &s->slot[i];
        if (sl->res != s->expect)
            return wt_fail(r, "task %llu: result %llx, expected %llx", (unsigned long long)i,
                           (unsigned long long)sl->res, (unsigned long long)s->expect);
        wt_hist_add(h, sl->done - sl->at);
        end = sl->done > end ? sl->done : end;
    }
    s->done_tasks += iters;
    s->done_ns += end - t0;
    s->late_ns += late;
    wt_counter(r, "task_ns", s->task_ns, 0);
    wt_counter(r, "offered_per_s", 1e9 / s->gap_ns, 0);
    wt_counter(r, "done_per_s", (double)s->done_tasks * 1e9 / (double)s->done_ns, 0);
    wt_counter(r, "parallel", s->par, 0);
    wt_counter(r, "late_ns", (double)s->late_ns / (double)s->done_tasks, 0);
    return (int64_t)(end - t0);
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    if (wt_pool_destroy(s->pool, 10) == 0) {
        wt_shared_free(s->slot, s->slot_bytes);
        free(s);
    }
}

static const wt_param params[] = {
    {"mode", "inline,thread,pool", "inline,thread,process,pool"},
    {"cost_ns", "10000", "1000,10000,100000,1000000"},
    {"load", "50,95", "50,80,95"},
    {0},
};

const wt_case wt_case_pool_open = {
    .name = "pool.open",
    .summary = "Poisson arrivals of calibrated tasks at a share of capacity, latency from scheduled arrival, ns",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
