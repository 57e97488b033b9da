/* test_measure: the measurement rules (harness/measure.c) against known answers: the median's
 * distribution-free 95 % interval, the adaptive stopping rule, and the warm-up rule. */
#include <math.h>
#include <string.h>
#include "check.h"
#include "harness.h"

static wt_rules quick(void)
{
    wt_opts o;
    memset(&o, 0, sizeof o);
    o.quick = 1;
    wt_rules R;
    wt__rules_for(&o, &R);
    return R;
}

static void median_ci(void)
{
    double med, lo, hi;
    double five[] = {5, 1, 4, 2, 3};
    CHECK(wt__median_ci(five, 5, &med, &lo, &hi) == -1 && med == 3, "5 values: no 95 %% interval, median 3");
    double six[] = {6, 1, 5, 2, 4, 3};
    /* n = 6: P(B <= 0) = 1/64 <= 2.5 %, P(B <= 1) = 7/64 > 2.5 %: [x(1), x(6)] */
    CHECK(wt__median_ci(six, 6, &med, &lo, &hi) == 0 && med == 3.5 && lo == 1 && hi == 6, "6 values: [min, max]");
    double v[20];
    for (int i = 0; i < 20; i++)
        v[i] = 20 - i; /* 1..20 */
    /* n = 20: P(B <= 5) = 2.07 %, P(B <= 6) = 5.77 %: k = 5, interval [x(6), x(15)] = [6, 15] */
    CHECK(wt__median_ci(v, 20, &med, &lo, &hi) == 0 && med == 10.5 && lo == 6 && hi == 15,
          "20 values: [6, 15], got [%g, %g]", lo, hi);
}

static void stopping(void)
{
    wt_rules R = quick();
    CHECK(R.target == 0.02 && R.min_reps == 6, "quick defaults");
    CHECK(wt__stop(&R, 5, 100, 99.5, 100.5, 0, 0.1) == WT_STOP_NO, "too few repetitions: go on");
    CHECK(wt__stop(&R, 6, 100, 98.5, 101.5, 1, 0.1) == WT_STOP_PRECISE, "±1.5 %% within ±2 %%: precise");
    CHECK(wt__stop(&R, 6, 100, 95, 105, 1, 0.1) == WT_STOP_NO, "±5 %% with budget left: go on");
    CHECK(wt__stop(&R, 6, 100, 95, 105, 1, R.budget_s) == WT_STOP_BUDGET, "±5 %% with the budget spent: stop");
    CHECK(wt__stop(&R, 5, 100, 95, 105, 0, 10 * R.budget_s) == WT_STOP_NO, "budget spent below the minimum: go on");
    CHECK(wt__stop(&R, R.max_reps, 100, 50, 150, 1, 0) == WT_STOP_BUDGET, "repetition cap: stop");
}

/* Windows of load (WT_WINDOW): at least 3 repetitions (smoke 1, --repetitions N), then the usual
 * rule, which supervise.c applies with min_reps = window_min_reps. */
static void windows(void)
{
    wt_rules R = quick(), W;
    wt_opts o;
    CHECK(R.window_min_reps == 3, "quick: 3 windows at least (%d)", R.window_min_reps);
    W = R;
    W.min_reps = R.window_min_reps;
    CHECK(wt__stop(&W, 2, 100, 50, 150, 0, 10 * R.budget_s) == WT_STOP_NO, "2 windows, budget spent: go on");
    CHECK(wt__stop(&W, 3, 100, 50, 150, 0, 3 * R.budget_s) == WT_STOP_BUDGET, "3 windows, budget spent: stop");
    memset(&o, 0, sizeof o);
    o.smoke = 1;
    wt__rules_for(&o, &W);
    CHECK(W.window_min_reps == 1, "smoke: one window (%d)", W.window_min_reps);
    o.smoke = 0;
    o.repetitions = 7;
    wt__rules_for(&o, &W);
    CHECK(W.window_min_reps == 7 && W.max_reps == 7, "--repetitions 7: 7 windows");
}

static void warmup(void)
{
    wt_rules R = quick(); /* sample 1 ms, warm 5 ms .. 100 ms, steady within 10 % */
    wt_warm w;
    memset(&w, 0, sizeof w);
    /* 100 ns ops: batches grow until a batch lasts 1 ms */
    uint64_t n = wt__warm_next(&w, &R, 1, 100, 0.0001);
    CHECK(n >= 2, "a short batch grows (%llu)", (unsigned long long)n);
    while (n && (double)n * 100 < 1e6)
        n = wt__warm_next(&w, &R, n, (double)n * 100, 0.001);
    CHECK(n >= 10000, "batch reaches a millisecond (%llu)", (unsigned long long)n);
    /* at the final size: steady, but not before warm_min_s */
    CHECK(wt__warm_next(&w, &R, n, (double)n * 100, 0.002) == n, "first full batch: no steady pair yet");
    CHECK(wt__warm_next(&w, &R, n, (double)n * 100, 0.003) == n, "steady but under the minimum warm time");
    CHECK(wt__warm_next(&w, &R, n, (double)n * 100, 0.006) == 0 && w.steady, "steady after 5 ms: warm");
    /* a cold op that keeps getting faster: not steady until it settles */
    memset(&w, 0, sizeof w);
    double per[] = {11e6, 6e6, 3e6, 2e6, 2.05e6};
    int k = 0;
    double t = 0;
    for (; k < 5; k++) {
        t += per[k] * 1e-9;
        if (!wt__warm_next(&w, &R, 1, per[k], t))
            break;
    }
    CHECK(k == 4 && w.steady, "cold first ops: warm only once two ops agree (after op %d)", k + 1);
    /* never steady: stops at warm_max_s and says so */
    memset(&w, 0, sizeof w);
    uint64_t r = 1;
    for (int i = 0; i < 1000 && r; i++)
        r = wt__warm_next(&w, &R, 1, i % 2 ? 2e6 : 4e6, 0.003 * (i + 1));
    CHECK(r == 0 && !w.steady, "never steady: ends at the limit, not steady");
}

int main(void)
{
    median_ci();
    stopping();
    windows();
    warmup();
    return check_result("test_measure");
}
