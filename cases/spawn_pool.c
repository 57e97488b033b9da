/* spawn.pool: what a pool pays instead of spawning: handing a task to an already-running pinned
 * worker, ns per hand-off. Timed per task: from just before wt_pool_submit until the task's first
 * instruction (the task's own clock sample; the same end point as spawn.thread/until:start). wait:
 * spin (the worker spins idle, hot) or park (it sleeps in the kernel, checked through /proc before
 * every hand-off, outside the timed region). Each task writes back its sequence number; a missing
 * or wrong one fails. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "wt.h"

typedef struct st {
    wt_pool *pool;
    int park;
    _Atomic uint64_t seen;
    uint64_t t_start;
} st;

typedef struct task {
    st *s;
    uint64_t seq;
} task;

static void task_fn(void *arg)
{
    task *t = arg;
    t->s->t_start = wt_now_ns();
    atomic_store_explicit(&t->s->seen, t->seq, memory_order_release);
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    s->park = !strcmp(wt_arg(ctx, "wait"), "park");
    if (!s->park && ctx->place && !strcmp(ctx->place, "pu"))
        return wt_skip(r, "a hot worker spinning on the submitter's own PU progresses only when preempted");
    wt_pool_opts o = {.nworkers = 1, .pus = &ctx->pu[1], .queue = 2, .spin_ns = s->park ? 0 : UINT64_MAX};
    int rc = wt_pool_create(&s->pool, &o);
    return rc < 0 ? wt_error(r, -rc, "starting the pool") : 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    wt_hist *h = wt_run_hist(r);
    uint64_t total = 0;
    for (uint64_t i = 1; i <= iters; i++) {
        if (s->park && wt_pool_wait_parked(s->pool, 5) < 0)
            return wt_fail(r, "the worker never parked");
        task t = {s, i};
        uint64_t t0 = wt_now_ns();
        if (wt_pool_submit(s->pool, task_fn, &t) < 0 || wt_pool_drain(s->pool, 10) < 0)
            return wt_fail(r, "task %llu never completed (worker hung)", (unsigned long long)i);
        uint64_t seen = atomic_load_explicit(&s->seen, memory_order_acquire);
        if (seen != i)
            return wt_fail(r, "task %llu: worker reported sequence %llu", (unsigned long long)i, (unsigned long long)seen);
        uint64_t d = s->t_start - t0;
        wt_hist_add(h, d);
        total += d;
    }
    return (int64_t)total;
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    if (wt_pool_destroy(s->pool, 10) == 0)
        free(s);
}

static const wt_param params[] = {
    {"place", "far", "all"},
    {"wait", "spin,park", "spin,park"},
    {0},
};

const wt_case wt_case_spawn_pool = {
    .name = "spawn.pool",
    .summary = "hand a task to a running pinned pool worker until it starts, ns per hand-off",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
