/* work.c: calibrated CPU-bound work for tasks (pool family) and stable calibration cases. The
 * calibration loop is timed with the harness clock; nothing here is a result by itself. */
#include <stdlib.h>
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

/* x, which the compiler must treat as unknown here: wt_work is a pure function of this file, so
 * without it the compiler may compute a call once, or outside the clock reads around it (an
 * ASan -O1 build did: it timed 10 ms of work as 131 ns). */
static uint64_t opaque(uint64_t x)
{
    __asm__ volatile("" : "+r"(x) : : "memory");
    return x;
}

double wt_work_ns_per_unit(void)
{
    double best = 1e9;
    uint64_t units = 1 << 16, sink = 0;
    for (int k = 0; k < 7; k++) {
        uint64_t t0 = wt_now_ns();
        sink += opaque(wt_work(units, opaque((uint64_t)k + 1)));
        uint64_t dt = wt_now_ns() - t0;
        double per = (double)dt / (double)units;
        if (per < best && sink)
            best = per;
        if (dt < 500000)
            units *= 2; /* aim for loops of about a millisecond */
    }
    return best;
}

/* ns per unit, calibrated once per process on the first caller's PU (cases call it in setup). */
static double per_unit_ns(void)
{
    static double per_unit;
    if (!per_unit)
        per_unit = wt_work_ns_per_unit();
    return per_unit;
}

uint64_t wt_work_units_for(double ns)
{
    double u = ns / per_unit_ns();
    return u < 1 ? 1 : (uint64_t)u;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double wt_work_cost_ns(uint64_t units, uint64_t seed, uint64_t *result)
{
    double v[201], c = (double)units * per_unit_ns(); /* estimated ns per call */
    uint64_t batch = c < 1e4 ? (uint64_t)(1e4 / c) + 1 : 1;
    int n = c * (double)batch * 201 < 3e6 ? 201 : c < 3e6 ? 5 : 3;
    uint64_t expect = wt_work(units, seed);
    for (int k = 0; k < n; k++) {
        uint64_t t0 = wt_now_ns();
        for (uint64_t b = 0; b < batch; b++)
            if (opaque(wt_work(units, opaque(seed))) != expect)
                return -1;
        v[k] = (double)(wt_now_ns() - t0) / (double)batch;
    }
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    *result = expect;
    return v[n / 2];
}
