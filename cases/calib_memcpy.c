/* calib.memcpy: the bandwidth limit behind the xfer family: memcpy of bytes between two buffers on
 * one PU (the caller's, pu[0]), both bound to its NUMA node and faulted in during setup. ns per copy;
 * bytes_per_second is bytes copied per second, to hold xfer's copied_bytes_per_second against in the
 * same run. Below XFER_HIST_BYTES the copies are timed as one batch, from there on each alone into
 * the histogram. The source's first and last words are stamped before each copy (inside the timed
 * region: two stores) and checked in the destination after it, so no copy can be skipped. */
#include "xfer.h"

typedef struct st {
    size_t bytes;
    uint64_t *src, *dst, msgs;
} st;

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    int touch;
    if (xfer_args(ctx, r, &s->bytes, &touch) < 0)
        return WT_RFAIL;
    if (!(s->src = xfer_map(s->bytes, ctx->node[0], 1)) || !(s->dst = xfer_map(s->bytes, ctx->node[0], 1)))
        return wt_error(r, errno, "mapping the buffers");
    return 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    wt_hist *h = wt_run_hist(r);
    size_t n = s->bytes / 8;
    int each = s->bytes >= XFER_HIST_BYTES;
    uint64_t t0 = wt_now_ns(), t = t0;
    for (uint64_t i = 0; i < iters; i++) {
        uint64_t seq = ++s->msgs;
        s->src[0] = seq;
        s->src[n - 1] = ~seq;
        memcpy(s->dst, s->src, s->bytes);
        if (s->dst[0] != seq || s->dst[n - 1] != ~seq)
            return wt_fail(r, "copy %llu: the destination does not hold the source", (unsigned long long)seq);
        if (each) {
            uint64_t t1 = wt_now_ns();
            wt_hist_add(h, t1 - t);
            t = t1;
        }
    }
    if (!each)
        t = wt_now_ns();
    wt_counter(r, "bytes_per_second", (double)s->bytes * (double)s->msgs, WT_CTR_RATE);
    return (int64_t)(t - t0);
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    xfer_unmap(s->src, s->bytes);
    xfer_unmap(s->dst, s->bytes);
    free(s);
}

static const wt_param params[] = {
    {"bytes", XFER_SIZES_QUICK, XFER_SIZES_FULL},
    {0},
};

const wt_case wt_case_calib_memcpy = {
    .name = "calib.memcpy",
    .summary = "memcpy between two buffers on one PU, ns per copy (the xfer family's bandwidth limit)",
    .min_pus = 1,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
