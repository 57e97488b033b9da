/* test_xover.c: the crossover computation on synthetic curves with known answers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "../plots/report.h"

static int fails;

static void check(const char *what, int cond)
{
    if (!cond) {
        fprintf(stderr, "FAIL: %s\n", what);
        fails++;
    }
}

static int near(double a, double b, double rel)
{
    return fabs(a - b) <= rel * fabs(b);
}

int main(void)
{
    double xc;
    /* Power laws a = 10 x^0.5, b = x: on log-log axes they cross exactly at x = 100. */
    double x[] = {1, 10, 1000, 10000}, a[4], b[4];
    for (int i = 0; i < 4; i++)
        a[i] = 10 * sqrt(x[i]), b[i] = x[i];
    check("power laws: found", wt__xover(x, a, b, 4, &xc) == WT_XO_FOUND);
    check("power laws: x = 100", near(xc, 100, 1e-9));

    /* A straight line on log-log axes against a constant threshold: a = 1e5 / x crosses 0.1 at 1e6. */
    double c[] = {1e3, 1e4, 1e5, 1e7}, r[4], t[4];
    for (int i = 0; i < 4; i++)
        r[i] = 1e5 / c[i], t[i] = 0.1;
    check("threshold: found", wt__xover(c, r, t, 4, &xc) == WT_XO_FOUND);
    check("threshold: x = 1e6", near(xc, 1e6, 1e-9));

    /* A dips below b early, comes back above, then stays below: the last crossing counts. */
    double x2[] = {1, 2, 4, 8, 16}, a2[] = {5, 1, 5, 5, 1}, b2[] = {2, 2, 2, 2, 2};
    check("last crossing: found", wt__xover(x2, a2, b2, 5, &xc) == WT_XO_FOUND);
    check("last crossing: between 8 and 16", xc > 8 && xc < 16);
    /* log(5/2) at 8 and log(1/2) at 16: t = log 2.5 / log 5 */
    check("last crossing: log-log value", near(xc, exp(log(8) + log(2.5) / log(5) * log(2)), 1e-9));

    double a3[] = {1, 1, 1}, b3[] = {2, 2, 2};
    check("below everywhere", wt__xover(x, a3, b3, 3, &xc) == WT_XO_BELOW && xc == 1);
    check("never below", wt__xover(x, b3, a3, 3, &xc) == WT_XO_NEVER && isnan(xc));
    double a4[] = {1, 3}, b4[] = {2, 2};
    check("below then above: never", wt__xover(x, a4, b4, 2, &xc) == WT_XO_NEVER);
    check("no points", wt__xover(x, a, b, 0, &xc) == WT_XO_NODATA);

    /* A non-positive value (a negative overhead ratio from noise) falls back to linear in log x. */
    double x5[] = {10, 100}, a5[] = {0.3, -0.1}, b5[] = {0.1, 0.1};
    check("non-positive: found", wt__xover(x5, a5, b5, 2, &xc) == WT_XO_FOUND);
    check("non-positive: midpoint in log x", near(xc, sqrt(1000), 1e-9));

    /* Softness: ratios 1.17 at 1 KiB and 0.89 at 16 KiB (a over b = 1) cross with a log-log slope
     * of log(0.89/1.17)/log(16); 10 % on a moves the crossing by log(1.1)/|slope| in log x. */
    double x6[] = {64, 1024, 16384, 262144}, a6[] = {1.7, 1.17, 0.89, 0.62}, b6[] = {1, 1, 1, 1}, lo, hi;
    check("soft: found", wt__xover(x6, a6, b6, 4, &xc) == WT_XO_FOUND);
    double sp6 = wt__xo_soft(x6, a6, b6, 4, &lo, &hi);
    double t_lo = log(1.17 / 1.1) / log(1.17 / 0.89), t_hi = log(1.17 * 1.1) / log(1.17 / 0.89);
    check("soft: lower end", near(lo, 1024 * pow(16, t_lo), 1e-9));
    check("soft: upper end (still between 1 and 16 KiB: 0.89 x 1.1 < 1)", near(hi, 1024 * pow(16, t_hi), 1e-9));
    check("soft: span", near(sp6, hi / lo, 1e-12) && sp6 > 5 && sp6 < 8);
    /* 0.93 at 16 KiB: 10 % more puts it above 1 there, so that end lands between 16 and 256 KiB */
    double a8[] = {1.7, 1.17, 0.93, 0.62};
    wt__xo_soft(x6, a8, b6, 4, &lo, &hi);
    check("soft: an end in another segment", near(hi, 16384 * pow(16, log(0.93 * 1.1) / log(0.93 / 0.62)), 1e-9));
    check("soft: the other end in the first", near(lo, 1024 * pow(16, log(1.17 / 1.1) / log(1.17 / 0.93)), 1e-9));
    /* power laws a = 10 x^0.5 against b = x cross steeply (slope -0.5): 1.1^2 either way */
    check("soft: steep crossing", near(wt__xo_soft(x, a, b, 4, &lo, &hi), pow(1.1, 4), 1e-9));
    /* 10 % less leaves a below b everywhere: the span is open */
    double a7[] = {1.05, 0.5}, b7[] = {1, 1};
    check("soft: open below", isinf(wt__xo_soft(x6, a7, b7, 2, &lo, &hi)) && isinf(lo) && lo < 0);
    check("soft: no points", isnan(wt__xo_soft(x6, a7, b7, 0, &lo, &hi)));

    /* Pairing takes the smallest y of several variants at each common x. */
    double sx1[] = {1, 2, 3}, sy1[] = {5, 5, 5}, sx2[] = {1, 2}, sy2[] = {4, 6}, sbx[] = {1, 3}, sby[] = {7, 8};
    wt_series A[2] = {{.n = 3, .x = sx1, .y = sy1}, {.n = 2, .x = sx2, .y = sy2}}, B = {.n = 2, .x = sbx, .y = sby};
    double *px, *pa, *pb, *sp;
    int n = wt__pair_min(A, 2, &B, 1, &px, &pa, &pb, NULL);
    check("pair: common x 1 and 3", n == 2 && px[0] == 1 && px[1] == 3);
    check("pair: minima", n == 2 && pa[0] == 4 && pa[1] == 5 && pb[0] == 7 && pb[1] == 8);
    if (n >= 0) {
        free(px), free(pa), free(pb);
    }
    /* ... and the spread of the point it chose on each side (the crossover figure draws it) */
    double l1[] = {4.5, 4.5, 4.5}, h1[] = {5.5, 5.5, 5.5}, l2[] = {3, 5}, h2[] = {4.2, 7}, lb[] = {6, 7}, hb[] = {8, 9};
    A[0].lo = l1, A[0].hi = h1, A[1].lo = l2, A[1].hi = h2, B.lo = lb, B.hi = hb;
    n = wt__pair_min(A, 2, &B, 1, &px, &pa, &pb, &sp);
    check("pair: spread of the chosen points", n == 2 && sp[0] == 3 && sp[1] == 4.2 && sp[2] == 6 && sp[3] == 8 &&
                                                   sp[4] == 4.5 && sp[5] == 5.5 && sp[6] == 7 && sp[7] == 9);
    if (n >= 0) {
        free(px), free(pa), free(pb), free(sp);
    }
    if (!fails)
        printf("test_xover: all checks passed\n");
    return fails ? 1 : 0;
}
