/* measure.c: the measurement rules as pure functions, unit-tested with known answers
 * (tests/test_measure.c): the warm-up rule, the 95 % interval of a median, and the adaptive
 * stopping rule over repetitions. No clock is read here; callers pass what they measured. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

void wt__rules_for(const wt_opts *o, wt_rules *R)
{
    memset(R, 0, sizeof *R);
    R->target = o->target > 0 ? o->target : 0.02;
    R->rep_min_ops = 8;
    R->steady_tol = 0.10;
    if (o->smoke) { /* verification only: one short repetition, one operation warm */
        R->min_reps = R->max_reps = 1;
        R->budget_s = 1e9;
        R->rep_min_ops = 2;
        R->rep_min_s = R->sample_min_s = R->warm_min_s = 0;
        R->warm_max_s = 0;
    } else if (o->quick) {
        R->min_reps = 6; /* the fewest whose order statistics bound a median at 95 % */
        R->max_reps = 15;
        R->budget_s = 1.0;
        R->rep_min_s = 0.010;
        R->sample_min_s = 0.001;
        R->warm_min_s = 0.005;
        R->warm_max_s = 0.100;
    } else {
        R->min_reps = 9;
        R->max_reps = 60;
        R->budget_s = 15.0;
        R->rep_min_s = 0.050;
        R->sample_min_s = 0.002;
        R->warm_min_s = 0.020;
        R->warm_max_s = 0.500;
    }
    R->window_min_reps = o->smoke ? 1 : 3;
    if (o->repetitions)
        R->min_reps = R->max_reps = R->window_min_reps = o->repetitions;
    if (o->min_time > 0)
        R->rep_min_s = o->min_time;
    if (o->budget_s > 0)
        R->budget_s = o->budget_s;
}

uint64_t wt__warm_next(wt_warm *w, const wt_rules *R, uint64_t ops, double ns, double wall_s)
{
    if (!w->n)
        w->n = 1;
    w->ops += ops;
    double want = R->sample_min_s * 1e9;
    if (ns < want && w->n < WT_MAX_BATCH) {
        /* Too short to be a sample: grow the batch toward sample_min_s, at least doubling. */
        double est = ns > 0 ? (double)w->n * want / ns * 1.25 : 2.0 * (double)w->n;
        uint64_t n = est > 2.0 * (double)w->n ? (uint64_t)est : 2 * w->n;
        w->n = n < WT_MAX_BATCH ? n : WT_MAX_BATCH;
        w->prev = w->last = 0;
    } else {
        w->prev = w->last;
        w->last = ns / (double)ops;
    }
    w->steady = w->prev > 0 && fabs(w->last - w->prev) <= R->steady_tol * w->prev;
    if (w->ops >= 1 && wall_s >= R->warm_min_s && (w->steady || R->warm_max_s <= 0))
        return 0;
    if (wall_s >= R->warm_max_s)
        return 0; /* not steady within the warm-up limit: the result says so (warm_steady 0) */
    return w->n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* P(X <= k) for X ~ Binomial(n, 1/2). */
static double binom_half_cdf(int n, int k)
{
    double p = 0, c = 1; /* c = C(n, i) / 2^n, built multiplicatively */
    for (int i = 0; i < n; i++)
        c *= 0.5;
    for (int i = 0; i <= k && i <= n; i++) {
        p += c;
        c = c * (double)(n - i) / (double)(i + 1);
    }
    return p;
}

int wt__median_ci(const double *x, int n, double *med, double *lo, double *hi)
{
    if (n <= 0)
        return -1;
    double *s = malloc((size_t)n * sizeof *s);
    if (!s)
        return -1;
    memcpy(s, x, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    *med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    /* Distribution-free interval [x(k+1), x(n-k)] (1-based): the largest k with
     * P(Binomial(n, 1/2) <= k) <= 2.5 % covers the median with at least 95 %. */
    int k = -1;
    while (k + 1 < n / 2 && binom_half_cdf(n, k + 1) <= 0.025)
        k++;
    *lo = s[k < 0 ? 0 : k];
    *hi = s[k < 0 ? n - 1 : n - 1 - k];
    free(s);
    return k < 0 ? -1 : 0;
}

int wt__stop(const wt_rules *R, int n, double med, double lo, double hi, int have_ci, double spent_s)
{
    if (n >= R->min_reps && have_ci && med > 0 && (hi - lo) / 2 <= R->target * med)
        return WT_STOP_PRECISE;
    if (n >= R->max_reps || (n >= R->min_reps && spent_s >= R->budget_s))
        return WT_STOP_BUDGET;
    return WT_STOP_NO;
}
