/* calib.fork: the bare loop behind spawn.process/how:fork: fork, child _exit(0), waitpid, n times,
 * in the bare helper (wtcalib: a parent as small as a process gets), timed by the helper as one
 * batch (ns per process). */
#include "wt.h"

static int setup(const wt_ctx *ctx, wt_run *r, void **state) { return wt_helper_start(ctx, r, state, "fork"); }

const wt_case wt_case_calib_fork = {
    .name = "calib.fork",
    .summary = "bare fork + _exit + waitpid loop in the bare helper, ns per process (calibration)",
    .min_pus = 1,
    .flags = WT_NEEDS_FORK,
    .setup = setup,
    .run = wt_helper_run,
    .teardown = wt_helper_stop,
};
