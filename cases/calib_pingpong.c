/* calib.pingpong: the bare two-thread cache-line ping-pong behind msg.spin, ns per round trip,
 * timed as one batch. One atomic counter on its own cache line: the caller stores odd values and
 * spins (pause) for the next even one, the worker does the reverse. No payload, no copy, no
 * per-message check, no histogram: msg.spin/bytes:8 against this, in the same run, is the cost of
 * wtbench's driver. The worker gives up after WT_PP_TIMEOUT_NS without a turn (checked every 4096
 * spins), as the caller does. */
#include <stdlib.h>
#include "wt.h"

#define STOP UINT64_MAX

typedef struct st {
    _Alignas(64) _Atomic uint64_t v;
    _Alignas(64) uint64_t k; /* the caller's last even value */
    wt_thread th;
} st;

static int wait_for(_Atomic uint64_t *v, uint64_t want)
{
    uint64_t x, t0 = 0;
    uint32_t n = 0;
    while ((x = atomic_load_explicit(v, memory_order_acquire)) != want && x != STOP) {
        wt_cpu_relax();
        if (wt_pp_spin_timeout(&n, &t0))
            return -ETIMEDOUT;
    }
    return x == STOP ? 1 : 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters);

static void *worker(void *arg)
{
    st *s = arg;
    for (uint64_t k = 1; wait_for(&s->v, k) == 0; k += 2)
        atomic_store_explicit(&s->v, k + 1, memory_order_release);
    return NULL;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    st *s = aligned_alloc(64, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    atomic_init(&s->v, 0);
    s->k = 0;
    s->th.started = 0;
    *state = s;
    int rc = wt_thread_start(&s->th, ctx->pu[1], worker, s);
    if (rc < 0)
        return wt_error(r, -rc, "starting the worker");
    return run(s, r, 32) < 0 ? WT_RFAIL : 0; /* warm-up: the worker runs before the first timing */
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    uint64_t k = s->k, t0 = wt_now_ns();
    for (uint64_t i = 0; i < iters; i++, k += 2) {
        atomic_store_explicit(&s->v, k + 1, memory_order_release);
        if (wait_for(&s->v, k + 2))
            return wt_fail(r, "the worker did not answer turn %llu within %.0f s", (unsigned long long)k + 1,
                           WT_PP_TIMEOUT_NS * 1e-9);
    }
    uint64_t t1 = wt_now_ns();
    s->k = k;
    return (int64_t)(t1 - t0);
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    atomic_store(&s->v, STOP);
    if (wt_thread_join(&s->th, 2 * WT_PP_TIMEOUT_NS * 1e-9) == 0)
        free(s); /* a hung worker may still read s: leak it (the harness reports the thread) */
}

static const wt_param params[] = {
    {"place", "far", "far"},
    {0},
};

const wt_case wt_case_calib_pingpong = {
    .name = "calib.pingpong",
    .summary = "bare two-thread cache-line ping-pong, ns per round trip (calibration for msg.spin)",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
