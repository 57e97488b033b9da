/* pool.dispatch: the pool's cost for an empty task, submit to completion, ns per task: one pinned
 * worker at placement `place` from the caller; each operation is wt_pool_submit of a task that
 * only writes its token, then wt_pool_drain until it has completed. wait:spin: the worker spins
 * idle (hot) and a batch of tasks is timed as one (sub-microsecond, no histogram); wait:park: the
 * worker sleeps in the kernel (checked through /proc before every task, outside the timed region)
 * and each task is timed alone (histogram). The references are the same run's msg.spin and
 * msg.futex round trips at the same placement. Every task writes a token derived from its own slot;
 * a missing or wrong token fails (checked after the timed region). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "wt.h"

typedef struct st {
    wt_pool *pool;
    int park;
    uint64_t *slot; /* one per task of a run, written by the task */
    uint64_t nslot;
} st;

static uint64_t token(const uint64_t *slot) { return (uint64_t)(uintptr_t)slot * 0x9e3779b97f4a7c15ull | 1; }

static void task_fn(void *arg)
{
    uint64_t *slot = arg;
    *slot = token(slot);
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
    wt_pool_opts o = {.nworkers = 1, .pus = &ctx->pu[1], .queue = 64, .spin_ns = s->park ? 0 : UINT64_MAX};
    int rc = wt_pool_create(&s->pool, &o);
    return rc < 0 ? wt_error(r, -rc, "starting the pool") : 0;
}

/* Slots for iters tasks, zeroed and touched outside the timed region. */
static int slots(st *s, uint64_t iters)
{
    if (iters > s->nslot) {
        free(s->slot);
        s->slot = malloc(iters * sizeof *s->slot);
        s->nslot = s->slot ? iters : 0;
        if (!s->slot)
            return -ENOMEM;
    }
    memset(s->slot, 0, iters * sizeof *s->slot);
    return 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    if (slots(s, iters) < 0)
        return wt_error(r, ENOMEM, "task slots");
    wt_hist *h = wt_run_hist(r);
    uint64_t total = 0, t0 = wt_now_ns();
    for (uint64_t i = 0; i < iters; i++) {
        if (s->park) {
            if (wt_pool_wait_parked(s->pool, 5) < 0)
                return wt_fail(r, "the worker never parked");
            t0 = wt_now_ns();
        }
        if (wt_pool_submit(s->pool, task_fn, &s->slot[i]) < 0 || wt_pool_drain(s->pool, 10) < 0)
            return wt_fail(r, "task %llu never completed (worker hung)", (unsigned long long)i);
        if (s->park) {
            uint64_t d = wt_now_ns() - t0;
            wt_hist_add(h, d);
            total += d;
        }
    }
    if (!s->park)
        total = wt_now_ns() - t0;
    for (uint64_t i = 0; i < iters; i++)
        if (s->slot[i] != token(&s->slot[i]))
            return wt_fail(r, "task %llu: its token was not written back", (unsigned long long)i);
    return (int64_t)total;
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    if (wt_pool_destroy(s->pool, 10) == 0) {
        free(s->slot);
        free(s);
    }
}

static const wt_param params[] = {
    {"place", "far", "all"},
    {"wait", "spin,park", "spin,park"},
    {0},
};

const wt_case wt_case_pool_dispatch = {
    .name = "pool.dispatch",
    .summary = "empty task through the pool, submit to completion, hot or parked worker, ns per task",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
