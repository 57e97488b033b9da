/* test_utest.c: the report's Mann-Whitney U test (plots/utest.c) against p-values scipy 1.10's
 * mannwhitneyu(x, y, alternative='two-sided') gives, the test compare.py applies: exact without ties
 * when a side has 8 or fewer, the normal approximation with tie and continuity corrections otherwise. */
#include <math.h>
#include <stdio.h>
#include "../plots/report.h"

static int fails;

static void check(const char *what, double got, double want)
{
    if (!(fabs(got - want) <= 1e-9 * (fabs(want) > 1 ? fabs(want) : 1))) {
        fprintf(stderr, "FAIL: %s: p = %.17g, expected %.17g\n", what, got, want);
        fails++;
    }
}

int main(void)
{
    double a[] = {1, 2, 3}, b[] = {4, 5, 6};
    check("exact, separated 3 vs 3", wt__utest(a, 3, b, 3), 0.1);
    check("exact, separated, order of the sides", wt__utest(b, 3, a, 3), 0.1);
    check("identical samples (all tied pairs)", wt__utest(a, 3, a, 3), 1.0);
    double c[] = {1.1, 2.2, 3.3, 4.4, 5.5}, d[] = {3.0, 6.1, 7.2, 8.3, 9.4, 10.5};
    check("exact 5 vs 6", wt__utest(c, 5, d, 6), 0.030303030303030304);
    double e[] = {10, 11, 12, 13, 14, 15, 16, 17, 18};
    double f[] = {12.5, 13.5, 14.5, 15.5, 16.5, 17.5, 18.5, 19.5, 20.5, 21.5};
    check("normal 9 vs 10 (both above 8)", wt__utest(e, 9, f, 10), 0.055013832353979004);
    double g[] = {1, 2, 2, 3, 3, 3}, h[] = {2, 3, 4, 4, 5};
    check("ties: normal with tie correction", wt__utest(g, 6, h, 5), 0.08871369199677616);
    double k[] = {5, 5, 5, 5};
    check("all equal", wt__utest(k, 4, k, 4), 1.0);
    double m[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5}, n[] = {2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5};
    check("ties, 11 vs 12", wt__utest(m, 11, n, 12), 0.7090244847321532);
    double x[20], y[20];
    for (int i = 0; i < 20; i++)
        x[i] = i, y[i] = i + 5.5;
    check("normal 20 vs 20", wt__utest(x, 20, y, 20), 0.010581211443165648);
    double p[] = {1, 2}, q[] = {3, 4};
    check("exact 2 vs 2", wt__utest(p, 2, q, 2), 1.0 / 3);
    if (!isnan(wt__utest(p, 0, q, 2))) {
        fprintf(stderr, "FAIL: an empty side must give NAN\n");
        fails++;
    }
    if (!fails)
        printf("test_utest: all checks passed\n");
    return fails ? 1 : 0;
}
