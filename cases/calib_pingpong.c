/* calib.pingpong: the bare two-thread cache-line ping-pong behind msg.spin, ns per round trip, in
 * the bare helper (wtcalib), its two threads pinned to the placement's PUs, timed by the helper as
 * one batch. One atomic counter on its own cache line: the caller stores odd values and spins for
 * the next even one, the peer does the reverse. No payload, no copy, no per-message check:
 * msg.spin/bytes:8 against this, in the same run, is the cost of wtbench's driver. */
#include "wt.h"

static int setup(const wt_ctx *ctx, wt_run *r, void **state) { return wt_helper_start(ctx, r, state, "pingpong"); }

static const wt_param params[] = {
    {"place", "far", "far"},
    {0},
};

const wt_case wt_case_calib_pingpong = {
    .name = "calib.pingpong",
    .summary = "bare two-thread cache-line ping-pong in the bare helper, ns per round trip (calibration)",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_helper_run,
    .teardown = wt_helper_stop,
};
