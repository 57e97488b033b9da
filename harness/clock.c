/* clock.c: the harness clock. CLOCK_MONOTONIC in ns for every timed region; per-thread, process and
 * children CPU time for the cost of spinning. wt_clock_calibrate() measures the clock's resolution
 * (smallest non-zero step seen) and read cost (mean ns per read over a tight loop) at start-up; the
 * figures go into the result context and are never subtracted from results. */
#include <sys/resource.h>
#include <time.h>
#include "harness.h"

static uint64_t ts_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t wt_now_ns(void) { return ts_ns(CLOCK_MONOTONIC); }
uint64_t wt_thread_cpu_ns(void) { return ts_ns(CLOCK_THREAD_CPUTIME_ID); }
uint64_t wt_proc_cpu_ns(void) { return ts_ns(CLOCK_PROCESS_CPUTIME_ID); }

uint64_t wt_child_cpu_ns(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ull +
           (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ull;
}

void wt__clock_calibrate(wt_clockinfo *ci)
{
    struct timespec res;
    clock_getres(CLOCK_MONOTONIC, &res);
    ci->getres_ns = (double)res.tv_sec * 1e9 + (double)res.tv_nsec;

    /* Smallest non-zero step between consecutive reads. */
    uint64_t step = UINT64_MAX;
    for (int i = 0; i < 20000; i++) {
        uint64_t a = wt_now_ns(), b = wt_now_ns();
        while (b == a)
            b = wt_now_ns();
        if (b - a < step)
            step = b - a;
    }
    ci->resolution_ns = (double)step;

    /* Read cost: best of 5 loops of 100k reads. */
    double best = 1e9;
    for (int k = 0; k < 5; k++) {
        const int n = 100000;
        uint64_t t0 = wt_now_ns(), sink = 0;
        for (int i = 0; i < n; i++)
            sink += wt_now_ns();
        uint64_t t1 = wt_now_ns();
        double per = (double)(t1 - t0) / n;
        if (per < best && sink)
            best = per;
    }
    ci->read_ns = best;
}
