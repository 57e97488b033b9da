/* calib.work: the suite's calibrated CPU work, wt_work(units) n times, timed as one batch (ns per
 * call). A pure register-bound dependent chain: no memory traffic, no system calls, no peers, so it
 * is the most stable figure the suite has. The perf gate uses it as the same-run calibration
 * primitive (stored-baseline figures are divided by it) and as the target of its tests. Every
 * call's result is checked against one computed in setup; a wrong result fails.
 *
 * FOR TESTS ONLY: the environment variable WTBENCH_TEST_DELAY_PCT=P[:UNITS] makes each call do P %
 * more wt_work units (one longer chain: a known slowdown INSIDE the timed region, real work, not a
 * sleep), on every calib.work instance or, with :UNITS, only on calib.work/units:UNITS. The perf
 * gate's tests use it to prove that an injected slowdown is caught. Never set it outside tests. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "wt.h"

#define NSEEDS 8

typedef struct st {
    uint64_t units; /* wt_work units per call */
    uint64_t extra; /* test knob: extra units per call, 0 normally */
    uint64_t want[NSEEDS];  /* wt_work(units + extra, k + 1) */
} st;

/* Parse WTBENCH_TEST_DELAY_PCT for an instance of `units`: extra units, 0, or -1 if malformed. */
static int64_t knob_extra(uint64_t units, const char **bad)
{
    const char *v = getenv("WTBENCH_TEST_DELAY_PCT");
    char *end;
    if (!v || !*v)
        return 0;
    *bad = v;
    errno = 0;
    double pct = strtod(v, &end);
    if (errno || end == v || !(pct >= 0 && pct <= 1000))
        return -1;
    if (*end == ':') {
        const char *u = end + 1;
        unsigned long long only = strtoull(u, &end, 10);
        if (end == u || *end)
            return -1;
        if (only != units)
            return 0;
    } else if (*end) {
        return -1;
    }
    return (int64_t)((double)units * pct / 100.0 + 0.5);
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    static st s;
    const char *bad = NULL;
    int64_t units = wt_arg_int(ctx, "units", 1024);
    if (units < 1)
        return wt_fail(r, "units:%lld: expected a positive number", (long long)units);
    int64_t extra = knob_extra((uint64_t)units, &bad);
    if (extra < 0)
        return wt_fail(r, "WTBENCH_TEST_DELAY_PCT='%s': expected PCT or PCT:UNITS, PCT from 0 to 1000", bad);
    s.units = (uint64_t)units;
    s.extra = (uint64_t)extra;
    for (uint64_t k = 0; k < NSEEDS; k++)
        s.want[k] = wt_work(s.units + s.extra, k + 1);
    *state = &s;
    return 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    uint64_t bad = 0, n = s->units + s->extra; /* the knob's delay: the same chain, longer */
    uint64_t t0 = wt_now_ns();
    for (uint64_t i = 0; i < iters; i++)
        bad |= wt_work(n, i % NSEEDS + 1) ^ s->want[i % NSEEDS];
    uint64_t ns = wt_now_ns() - t0;
    if (bad)
        return wt_fail(r, "wt_work returned a wrong result (units %llu)", (unsigned long long)s->units);
    return (int64_t)ns;
}

static const wt_param params[] = {
    {"units", "256,2048", "256,2048,16384"}, /* wt_work steps per call */
    {0},
};

const wt_case wt_case_calib_work = {
    .name = "calib.work",
    .summary = "wt_work(units) loop, ns per call, result verified (calibration, perf-gate reference)",
    .min_pus = 1,
    .params = params,
    .setup = setup,
    .run = run,
};
