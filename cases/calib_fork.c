/* calib.fork: the bare primitive loop behind spawn.process/how:fork: fork, child _exit(0), waitpid,
 * n times, timed as one batch (ns per process), with no extra resident memory in the parent. */
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wt.h"

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    uint64_t t0 = wt_now_ns();
    for (uint64_t i = 0; i < iters; i++) {
        pid_t p = fork();
        if (p < 0)
            return wt_error(r, errno, "fork");
        if (p == 0)
            _exit(0);
        int st;
        waitpid(p, &st, 0);
    }
    return (int64_t)(wt_now_ns() - t0);
}

const wt_case wt_case_calib_fork = {
    .name = "calib.fork",
    .summary = "bare fork + _exit + waitpid loop, ns per process (calibration)",
    .min_pus = 1,
    .flags = WT_NEEDS_FORK,
    .run = run,
};
