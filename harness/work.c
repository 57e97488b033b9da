/* work.c: calibrated CPU-bound work for tasks (pool family) and stable calibration cases. The
 * calibration loop is timed with the harness clock; nothing here is a result by itself. */
#include "wt.h"

uint64_t wt_work(uint64_t units, uint64_t seed)
{
    uint64_t x = seed | 1;
    for (uint64_t i = 0; i < units; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        x ^= x >> 29;
    }
    return x;
}

double wt_work_ns_per_unit(void)
{
    double best = 1e9;
    uint64_t units = 1 << 16, sink = 0;
    for (int k = 0; k < 7; k++) {
        uint64_t t0 = wt_now_ns();
        sink += wt_work(units, (uint64_t)k + 1);
        uint64_t dt = wt_now_ns() - t0;
        double per = (double)dt / (double)units;
        if (per < best && sink)
            best = per;
        if (dt < 500000)
            units *= 2; /* aim for loops of about a millisecond */
    }
    return best;
}
