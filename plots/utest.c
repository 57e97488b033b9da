/* utest.c: the Mann-Whitney U test, two-sided, as scipy.stats.mannwhitneyu computes it with its
 * defaults (the test compare.py and so ci/perf-gate apply): exact when neither sample has ties and
 * one of them has 8 values or fewer, else the normal approximation with the tie correction and the
 * continuity correction. Returns the p-value, NAN when a side is empty. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

typedef struct val {
    double v;
    int side;
} val;

static int cmp_val(const void *a, const void *b)
{
    double x = ((const val *)a)->v, y = ((const val *)b)->v;
    return (x > y) - (x < y);
}

/* P(U <= k) for samples of m and n without ties: the m-subsets of ranks 1..m+n counted by their sum. */
static double exact_cdf(int m, int n, long k)
{
    if (m > n) {
        int t = m;
        m = n, n = t;
    }
    long top = (long)m * n;
    double *dp = calloc((size_t)(m + 1) * (size_t)(top + 1), sizeof *dp); /* dp[c][u]: c ranks, U = u */
    if (!dp)
        return NAN;
    dp[0] = 1;
    /* adding rank e (0-based) to a subset of c ranks raises U by e - c */
    for (int e = 0; e < m + n; e++)
        for (int c = (e + 1 < m ? e + 1 : m); c >= 1; c--) {
            int add = e - (c - 1);
            if (add < 0 || add > n)
                continue;
            double *to = dp + (size_t)c * (size_t)(top + 1), *from = dp + (size_t)(c - 1) * (size_t)(top + 1);
            for (long u = top - add; u >= 0; u--)
                to[u + add] += from[u];
        }
    double below = 0, all = 0, *last = dp + (size_t)m * (size_t)(top + 1);
    for (long u = 0; u <= top; u++) {
        all += last[u];
        if (u <= k)
            below += last[u];
    }
    free(dp);
    return below / all;
}

double wt__utest(const double *x, int nx, const double *y, int ny)
{
    if (nx < 1 || ny < 1)
        return NAN;
    int n = nx + ny, ties = 0;
    val *a = malloc((size_t)n * sizeof *a);
    if (!a)
        return NAN;
    for (int i = 0; i < nx; i++)
        a[i] = (val){x[i], 0};
    for (int i = 0; i < ny; i++)
        a[nx + i] = (val){y[i], 1};
    qsort(a, (size_t)n, sizeof *a, cmp_val);
    double r1 = 0, tie_term = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && a[j].v == a[i].v)
            j++;
        double rank = (i + 1 + j) / 2.0, t = j - i; /* the average of ranks i+1 .. j */
        for (int k = i; k < j; k++)
            r1 += a[k].side == 0 ? rank : 0;
        tie_term += t * t * t - t;
        ties |= j - i > 1;
        i = j;
    }
    free(a);
    double u1 = r1 - nx * (nx + 1) / 2.0, u2 = (double)nx * ny - u1, u = u1 > u2 ? u1 : u2, p;
    if ((nx <= 8 || ny <= 8) && !ties) {
        p = exact_cdf(nx, ny, (long)llround((double)nx * ny - u)); /* P(U >= u) by symmetry */
    } else {
        double s = sqrt(nx * (double)ny / 12 * ((n + 1) - tie_term / ((double)n * (n - 1))));
        if (!(s > 0))
            return 1;
        double z = (u - nx * (double)ny / 2 - 0.5) / s;
        p = 0.5 * erfc(z / sqrt(2));
    }
    p *= 2;
    return p > 1 ? 1 : p < 0 ? 0 : p;
}
