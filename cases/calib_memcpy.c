/* calib.memcpy: the bandwidth limit behind the xfer family: memcpy of bytes between two buffers in
 * the bare helper (wtcalib), pinned to the caller's PU, both buffers written from user space
 * before the first timing (pages:warm), timed by the helper as one batch: ns per copy, and
 * bytes_per_second. The source's first and last words are stamped before each copy and checked in
 * the destination after it (inside the loop), so no copy can be skipped. */
#include <stdio.h>
#include <stdlib.h>
#include "wt.h"

typedef struct st {
    void *h;       /* the helper */
    double bytes;  /* per copy */
    double copied; /* running total: the harness takes the part after the warm-up */
} st;

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    char args[64];
    long long bytes = (long long)wt_arg_int(ctx, "bytes", 0);
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    if (bytes < 16)
        return wt_fail(r, "bytes:%lld: expected at least 16", bytes);
    s->bytes = (double)bytes;
    snprintf(args, sizeof args, "memcpy %lld", bytes);
    return wt_helper_start(ctx, r, &s->h, args);
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    int64_t ns = wt_helper_run(s->h, r, iters);
    if (ns >= 0) {
        s->copied += s->bytes * (double)iters;
        wt_counter(r, "bytes_per_second", s->copied, WT_CTR_RATE);
    }
    return ns;
}

static void teardown(void *state)
{
    st *s = state;
    if (s)
        wt_helper_stop(s->h);
    free(s);
}

static const wt_param params[] = {
    {"bytes", "64,4096,65536,1048576,4194304,67108864",
     "64,256,1024,4096,16384,65536,262144,1048576,4194304,16777216,67108864"},
    {0},
};

const wt_case wt_case_calib_memcpy = {
    .name = "calib.memcpy",
    .summary = "memcpy between two warm buffers in the bare helper, ns per copy (the xfer family's limit)",
    .min_pus = 1,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
