/* calib.thread: the bare primitive loop behind spawn.thread: pthread_create with default attributes
 * and pthread_join, n times, timed as one batch (ns per thread). No pinning of the new thread (it
 * inherits the caller's PU), no verification, no per-sample clock: the ratio spawn.thread /
 * calib.thread is the harness's overhead, measured in the same run. */
#include "wt.h"

static void *empty(void *arg) { return arg; }

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    uint64_t t0 = wt_now_ns();
    for (uint64_t i = 0; i < iters; i++) {
        pthread_t t;
        int rc = pthread_create(&t, NULL, empty, NULL);
        if (rc)
            return wt_error(r, rc, "pthread_create");
        pthread_join(t, NULL);
    }
    return (int64_t)(wt_now_ns() - t0);
}

const wt_case wt_case_calib_thread = {
    .name = "calib.thread",
    .summary = "bare pthread_create + pthread_join loop, ns per thread (calibration)",
    .min_pus = 1,
    .run = run,
};
