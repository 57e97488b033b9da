/* calib.thread: the bare loop behind spawn.thread: pthread_create with default attributes and
 * pthread_join, n times, in the bare helper (wtcalib: no C++, hwloc or Google Benchmark in the
 * process), pinned to the caller's PU, timed by the helper as one batch (ns per thread). The new
 * thread inherits the PU. spawn.thread / calib.thread is the harness's overhead, same run. */
#include "wt.h"

static int setup(const wt_ctx *ctx, wt_run *r, void **state) { return wt_helper_start(ctx, r, state, "thread"); }

const wt_case wt_case_calib_thread = {
    .name = "calib.thread",
    .summary = "bare pthread_create + pthread_join loop in the bare helper, ns per thread (calibration)",
    .min_pus = 1,
    .setup = setup,
    .run = wt_helper_run,
    .teardown = wt_helper_stop,
};
