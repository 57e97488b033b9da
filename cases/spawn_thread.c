/* spawn.thread: cost of starting a thread, ns per thread. Timed per thread: from just before
 * pthread_create until the worker's first instruction (until:start, read from the worker's own
 * clock sample) or until pthread_join returns (until:join). The worker is pinned (created with its
 * affinity in the attributes) to the same PU as the caller or a distant one; default stack or the
 * smallest allowed. The worker writes back a value derived from its argument; a wrong value fails. */
#include <limits.h>
#include <string.h>
#include "wt.h"

typedef struct st {
    int pu;
    int inherit; /* the worker's PU is the caller's: it inherits the caller's one-PU mask */
    size_t stack;
    int until_join;
} st;

typedef struct slot {
    uint64_t in, out, t_first;
    int pu, on_pu;
} slot;

static void *worker(void *arg)
{
    slot *s = arg;
    s->t_first = wt_now_ns();
    s->on_pu = wt_on_pu(s->pu);
    s->out = s->in * 2654435761u + 1;
    return NULL;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    static st s;
    const char *stack = wt_arg(ctx, "stack");
    s.pu = ctx->pu[1];
    s.inherit = ctx->pu[1] == ctx->pu[0];
    s.stack = stack && !strcmp(stack, "small") ? (size_t)PTHREAD_STACK_MIN : 0;
    s.until_join = !strcmp(wt_arg(ctx, "until"), "join");
    *state = &s;
    return 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    wt_hist *h = wt_run_hist(r);
    uint64_t total = 0;
    pthread_attr_t a;
    int rc = pthread_attr_init(&a);
    if (rc)
        return wt_error(r, rc, "pthread_attr_init");
    /* An affinity in the attributes makes the new thread call sched_setaffinity before it runs;
     * on the caller's own PU the inherited mask already pins it (checked by the worker). */
    if ((!s->inherit && (rc = -wt_attr_pin(&a, s->pu))) ||
        (s->stack && (rc = pthread_attr_setstacksize(&a, s->stack)))) {
        pthread_attr_destroy(&a);
        return wt_error(r, rc, "thread attributes");
    }
    for (uint64_t i = 0; i < iters; i++) {
        slot sl = {.in = i + 1, .pu = s->pu};
        pthread_t t;
        uint64_t t0 = wt_now_ns();
        rc = pthread_create(&t, &a, worker, &sl);
        if (rc) {
            pthread_attr_destroy(&a);
            return wt_error(r, rc, "pthread_create");
        }
        pthread_join(t, NULL);
        uint64_t t1 = s->until_join ? wt_now_ns() : sl.t_first;
        if (sl.out != sl.in * 2654435761u + 1) {
            pthread_attr_destroy(&a);
            return wt_fail(r, "worker %llu wrote back %llu", (unsigned long long)i, (unsigned long long)sl.out);
        }
        if (!sl.on_pu)
            wt_note_migration();
        wt_hist_add(h, t1 - t0);
        total += t1 - t0;
    }
    pthread_attr_destroy(&a);
    return (int64_t)total;
}

static void teardown(void *state) { (void)state; }

static const wt_param params[] = {
    {"place", "pu,far", "all"},
    {"stack", "default", "default,small"},
    {"until", "start,join", "start,join"},
    {0},
};

const wt_case wt_case_spawn_thread = {
    .name = "spawn.thread",
    .summary = "pthread_create to the worker's first instruction or to joined, ns per thread",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
