/* pool.closed: pool versus a worker per request, closed loop: N tasks of calibrated CPU work (cost_ns
 * nominal; the real cost is measured in setup and reported as task_ns) run as fast as they go.
 * One op is a round of ROUND tasks (or `workers`, when more; one task inline), so that a run keeps
 * all workers busy even when it holds a single op of long tasks, and every pool size is timed over
 * the same number of tasks between two waits for completion (a round of only `workers` tasks left
 * a PU idle at each round's end whenever one task ran late, which favoured oversubscription); ns per
 * op = wall time per round, and the counter ns_per_task = wall time / tasks. mode: inline (the caller runs each task), thread (a pinned thread
 * created and joined per task), process (a pinned child forked and reaped per task), pool (the
 * suite's pool: `workers` pinned workers, 1024-slot queue, 50 us spin then park). workers: tasks
 * in flight at once (thread, process) or the pool size; workers are spread over the PUs starting
 * next to the caller's. inline runs only as workers:1, and sizes above 2 x PUs are skipped.
 * Timed: from the first dispatch until every task has completed and been joined or reaped.
 * Counters: task_ns, ns_per_task, tasks_per_second, parallel (P = min(workers, PUs), 1 for inline), overhead_ns =
 * wall time per task x P - task_ns, overhead_ratio = overhead_ns / task_ns. Every task's result is
 * checked against the one computed in setup. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wt.h"

enum { INLINE, THREAD, PROCESS, POOL };
#define ROUND 8 /* tasks per op, at least */

typedef struct st st;
typedef struct slot { /* one per task of a run; shared with the children in mode process */
    const st *s;
    uint64_t res;
} slot;

struct st {
    int mode, w, par;
    uint64_t units, seed, expect;
    double task_ns;
    int pus[64];
    wt_pool *pool;
    slot *slot;
    size_t slot_bytes;
    wt_thread th[64];  /* mode thread: in flight */
    pid_t pid[64];     /* mode process: in flight */
    uint64_t done_tasks, done_ns; /* accumulated over the runs of this setup */
};

static uint64_t run_task(const slot *sl) { return wt_work(sl->s->units, sl->s->seed); }
static void pool_task(void *arg) { ((slot *)arg)->res = run_task(arg); }
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
    s->w = (int)wt_arg_int(ctx, "workers", 1);
    if (s->w < 1 || s->w > 64)
        return wt_fail(r, "workers:%d: expected 1 to 64", s->w);
    if (s->mode == INLINE && s->w != 1)
        return wt_skip(r, "inline runs every task on the caller: workers:1 only");
    if (s->w > 2 * ctx->npus)
        return wt_skip(r, "workers:%d is above 2 x the %d PUs this process may use", s->w, ctx->npus);
    if (s->mode == PROCESS && wt_sanitizer() && !strcmp(wt_sanitizer(), "thread"))
        return wt_skip(r, "fork of a threaded process under ThreadSanitizer");
    s->par = s->mode == INLINE ? 1 : s->w < ctx->npus ? s->w : ctx->npus;
    for (int k = 0; k < s->w; k++)
        s->pus[k] = ctx->pu[0] < 0 ? -1 : wt_pu(1 + k);
    s->units = wt_work_units_for((double)wt_arg_int(ctx, "cost_ns", 1000));
    s->seed = 0x5eed;
    if (measure_cost(s, r) < 0)
        return WT_RFAIL;
    if (s->mode == POOL) {
        wt_pool_opts o = {.nworkers = s->w, .pus = ctx->pu[0] < 0 ? NULL : s->pus, .queue = 1024, .spin_ns = 50000};
        int rc = wt_pool_create(&s->pool, &o);
        if (rc < 0)
            return wt_error(r, -rc, "starting the pool");
    }
    return 0;
}

/* Join or reap the task in flight in ring position k, if any. 0, or WT_R* recorded on r. */
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
    for (int k = 0; k < s->w; k++)
        if (finish(s, r, k) < 0)
            rc = WT_RFAIL;
    return rc;
}

/* Slots for iters tasks, written outside the timed region (shared memory for children). */
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
    for (uint64_t i = 0; i < iters; i++)
        s->slot[i] = (slot){.s = s, .res = 0};
    return 0;
}

static int64_t run(void *state, wt_run *r, uint64_t rounds)
{
    st *s = state;
    uint64_t iters = rounds * (uint64_t)(s->mode == INLINE ? 1 : s->w > ROUND ? s->w : ROUND); /* tasks */
    int rc = prepare(s, iters);
    if (rc < 0)
        return wt_error(r, -rc, "task slots");
    uint64_t t0 = wt_now_ns();
    for (uint64_t i = 0; i < iters; i++) {
        slot *sl = &s->slot[i];
        int k = (int)(i % (uint64_t)s->w);
        switch (s->mode) {
        case INLINE:
            sl->res = run_task(sl);
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
    uint64_t ns = wt_now_ns() - t0;
    for (uint64_t i = 0; i < iters; i++)
        if (s->slot[i].res != s->expect)
            return wt_fail(r, "task %llu: result %llx, expected %llx", (unsigned long long)i,
                           (unsigned long long)s->slot[i].res, (unsigned long long)s->expect);
    s->done_tasks += iters;
    s->done_ns += ns;
    double per = (double)s->done_ns / (double)s->done_tasks, over = per * s->par - s->task_ns;
    wt_counter(r, "task_ns", s->task_ns, 0);
    wt_counter(r, "ns_per_task", per, 0);
    wt_counter(r, "tasks_per_second", 1e9 / per, 0);
    wt_counter(r, "parallel", s->par, 0);
    wt_counter(r, "overhead_ns", over, 0);
    wt_counter(r, "overhead_ratio", over / s->task_ns, 0);
    return (int64_t)ns;
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
    {"workers", "1,2,4", "1,2,4,8,16,32,64"},
    {"cost_ns", "1000,10000,100000,1000000,3000000", "1000,3000,10000,30000,100000,300000,1000000,3000000,10000000"},
    {0},
};

const wt_case wt_case_pool_closed = {
    .name = "pool.closed",
    .summary = "closed loop of calibrated tasks: inline, thread or process per task, or the pool, ns per task",
    .min_pus = 1,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
