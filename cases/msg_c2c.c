/* msg.c2c: the core-to-core matrix: one-way latency of a cache-line ping-pong between PU `from`
 * and PU `to`, for every pair (params from:pus, to:pus), ns per round trip (one_way_ns = half).
 * Both sides are worker threads pinned to the pair; the caller only starts a run (a futex gate)
 * and waits for its end. The `from` worker times the batch: it stores odd values into one atomic
 * counter on its own cache line and spins for the next even one, the `to` worker does the
 * reverse. Each worker verifies its PU at the start and end of every run (a migration is
 * counted). from == to is a SKIP. The report draws the heatmap from these names and wt_pu_map. */
#include <stdlib.h>
#include "wt.h"

typedef struct st {
    _Alignas(64) _Atomic uint64_t v; /* the ping-pong line */
    _Alignas(64) _Atomic uint32_t gen; /* run number: the workers sleep on it between runs */
    _Atomic uint32_t done;             /* runs finished, summed over both workers: the caller sleeps on it */
    _Atomic uint32_t ready;            /* the `to` worker is awake for run `ready` */
    _Atomic int stop, failed;
    uint64_t iters, base, elapsed;     /* published by the gen / done stores (release) */
    uint64_t total;                    /* elapsed summed over the runs: the counter's running total */
    int pu[2];
    wt_thread th[2];
} st;

typedef struct arg {
    st *s;
    int role; /* 0: from (times the batch), 1: to */
} arg;

/* Spin until *v == want; -ETIMEDOUT if the other side is silent too long. */
static int spin_for(_Atomic uint64_t *v, uint64_t want)
{
    uint64_t t0 = 0;
    uint32_t n = 0;
    while (atomic_load_explicit(v, memory_order_acquire) != want) {
        wt_cpu_relax();
        if (wt_pp_spin_timeout(&n, &t0))
            return -ETIMEDOUT;
    }
    return 0;
}

/* Sleep until *w != old; -ETIMEDOUT after WT_PP_TIMEOUT_NS. */
static int sleep_while(_Atomic uint32_t *w, uint32_t old)
{
    uint32_t cur;
    uint64_t t0 = wt_now_ns();
    while ((cur = atomic_load(w)) == old) {
        if (wt_now_ns() - t0 > WT_PP_TIMEOUT_NS)
            return -ETIMEDOUT;
        wt_futex_wait(w, cur, WT_PP_TIMEOUT_NS);
    }
    return 0;
}

static int one_run(st *s, int role, uint32_t g)
{
    uint64_t n = s->iters, b = s->base;
    if (role == 1) {
        atomic_store_explicit(&s->ready, g, memory_order_release);
        for (uint64_t i = 0; i < n; i++) {
            if (spin_for(&s->v, b + 2 * i + 1))
                return -ETIMEDOUT;
            atomic_store_explicit(&s->v, b + 2 * i + 2, memory_order_release);
        }
        return 0;
    }
    uint64_t t0 = 0;
    uint32_t k = 0;
    while (atomic_load_explicit(&s->ready, memory_order_acquire) != g) { /* the other side is awake */
        wt_cpu_relax();
        if (wt_pp_spin_timeout(&k, &t0))
            return -ETIMEDOUT;
    }
    t0 = wt_now_ns();
    for (uint64_t i = 0; i < n; i++) {
        atomic_store_explicit(&s->v, b + 2 * i + 1, memory_order_release);
        if (spin_for(&s->v, b + 2 * i + 2))
            return -ETIMEDOUT;
    }
    s->elapsed = wt_now_ns() - t0;
    return 0;
}

static void *worker(void *p)
{
    arg *a = p;
    st *s = a->s;
    for (uint32_t g = 0;;) {
        if (sleep_while(&s->gen, g)) {
            atomic_store(&s->failed, 1);
            break;
        }
        g = atomic_load_explicit(&s->gen, memory_order_acquire);
        if (atomic_load(&s->stop))
            break;
        if (!wt_on_pu(s->pu[a->role]))
            wt_note_migration();
        int rc = one_run(s, a->role, g);
        if (!wt_on_pu(s->pu[a->role]))
            wt_note_migration();
        if (rc)
            atomic_store(&s->failed, 1);
        atomic_fetch_add_explicit(&s->done, 1, memory_order_release);
        wt_futex_wake(&s->done, 1);
        if (rc)
            break;
    }
    return NULL;
}

static arg args[2];

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    int from = (int)wt_arg_int(ctx, "from", -1), to = (int)wt_arg_int(ctx, "to", -1);
    if (from == to)
        return wt_skip(r, "from and to are the same PU (%d): a ping-pong needs two", from);
    st *s = aligned_alloc(64, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *s = (st){.pu = {ctx->pu[0] < 0 ? -1 : from, ctx->pu[0] < 0 ? -1 : to}}; /* --pin none: unpinned */
    *state = s;
    for (int i = 0; i < 2; i++) {
        args[i] = (arg){s, i};
        int rc = wt_thread_start(&s->th[i], s->pu[i], worker, &args[i]);
        if (rc < 0)
            return wt_error(r, -rc, "starting a worker");
    }
    return 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    s->iters = iters;
    uint32_t g = atomic_load(&s->gen) + 1, target = 2 * g, d;
    atomic_store_explicit(&s->gen, g, memory_order_release);
    wt_futex_wake(&s->gen, 2);
    while ((d = atomic_load_explicit(&s->done, memory_order_acquire)) != target)
        if (atomic_load(&s->failed) || sleep_while(&s->done, d))
            return wt_fail(r, "the workers on PUs %d and %d did not finish run %u within %.0f s", s->pu[0], s->pu[1],
                           g, WT_PP_TIMEOUT_NS * 1e-9);
    if (atomic_load(&s->failed))
        return wt_fail(r, "a worker on PU %d or %d was left without an answer for %.0f s", s->pu[0], s->pu[1],
                       WT_PP_TIMEOUT_NS * 1e-9);
    s->base += 2 * iters;
    s->total += s->elapsed;
    wt_counter(r, "one_way_ns", (double)s->total / 2, WT_CTR_PER_ITER);
    return (int64_t)s->elapsed;
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    atomic_store(&s->stop, 1);
    atomic_fetch_add(&s->gen, 1);
    wt_futex_wake(&s->gen, 2);
    int hung = 0;
    for (int i = 0; i < 2; i++)
        hung |= wt_thread_join(&s->th[i], 2 * WT_PP_TIMEOUT_NS * 1e-9) == -ETIMEDOUT;
    if (!hung) /* a hung worker may still read s: leak it (the harness reports the thread) */
        free(s);
}

static const wt_param params[] = {
    {"from", "pus", "pus"},
    {"to", "pus", "pus"},
    {0},
};

const wt_case wt_case_msg_c2c = {
    .name = "msg.c2c",
    .summary = "core-to-core matrix: cache-line ping-pong between every pair of PUs, ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
