/* xover.c: crossover points between two curves, e.g. the payload size above which a transfer beats a
 * copy, or the task cost above which a thread per request costs under 10 % overhead. A crossover is
 * where curve A goes below curve B and stays below for every larger x measured; between the last point
 * where a >= b and the next one it is interpolated on log-log axes (the figures are log-log). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

/* Difference whose zero is the crossover: log(a/b) when both are positive, else a - b. */
static double gap(double a, double b, int use_log)
{
    return use_log ? log(a) - log(b) : a - b;
}

int wt__xover(const double *x, const double *a, const double *b, int n, double *xc)
{
    *xc = NAN;
    if (n <= 0)
        return WT_XO_NODATA;
    int k = n; /* first index of the final run where a < b */
    while (k > 0 && a[k - 1] < b[k - 1])
        k--;
    if (k == n)
        return WT_XO_NEVER;
    if (k == 0) {
        *xc = x[0];
        return WT_XO_BELOW;
    }
    double x0 = x[k - 1], x1 = x[k];
    int lg = a[k - 1] > 0 && b[k - 1] > 0 && a[k] > 0 && b[k] > 0;
    double d0 = gap(a[k - 1], b[k - 1], lg), d1 = gap(a[k], b[k], lg); /* d0 >= 0 > d1 */
    double t = d0 / (d0 - d1);
    if (x0 > 0 && x1 > 0)
        *xc = exp(log(x0) + t * (log(x1) - log(x0)));
    else
        *xc = x0 + t * (x1 - x0);
    return WT_XO_FOUND;
}

/* x of the crossover as a number: -inf when a is below b everywhere, +inf when never. */
static double xo_at(const double *x, const double *a, const double *b, int n)
{
    double xc;
    int st = wt__xover(x, a, b, n, &xc);
    return st == WT_XO_FOUND ? xc : st == WT_XO_BELOW ? -INFINITY : INFINITY;
}

double wt__xo_soft(const double *x, const double *a, const double *b, int n, double *lo, double *hi)
{
    *lo = *hi = NAN;
    double *s = n > 0 ? malloc((size_t)n * sizeof *s) : NULL;
    if (!s)
        return NAN;
    double v[2];
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < n; i++)
            s[i] = a[i] * (k ? 1 / 1.1 : 1.1);
        v[k] = xo_at(x, s, b, n);
    }
    free(s);
    *lo = fmin(v[0], v[1]), *hi = fmax(v[0], v[1]);
    return isinf(*lo) || isinf(*hi) ? INFINITY : *hi / *lo;
}

typedef struct xy {
    double x, y, lo, hi;
} xy;

static int cmp_xy(const void *p, const void *q)
{
    const xy *a = p, *b = q;
    return a->x != b->x ? (a->x > b->x) - (a->x < b->x) : (a->y > b->y) - (a->y < b->y);
}

/* Every point of the series with an x, sorted by x then y (the smallest y first at each x);
 * NULL when out of memory, the count in *n. */
static xy *points(const wt_series *S, int ns, int *n)
{
    size_t cap = 1;
    for (int i = 0; i < ns; i++)
        cap += (size_t)S[i].n;
    xy *v = malloc(cap * sizeof *v);
    *n = 0;
    for (int i = 0; v && i < ns; i++)
        for (int j = 0; j < S[i].n; j++)
            if (!isnan(S[i].x[j]) && !isnan(S[i].y[j]))
                v[(*n)++] = (xy){S[i].x[j], S[i].y[j], S[i].lo ? S[i].lo[j] : NAN, S[i].hi ? S[i].hi[j] : NAN};
    if (v)
        qsort(v, (size_t)*n, sizeof *v, cmp_xy);
    return v;
}

/* Both sides sorted by x, then one merge: linear after the sorts (a scan of every series at every
 * x was quadratic in the points). */
int wt__pair_min(const wt_series *A, int na, const wt_series *B, int nb, double **px, double **pa,
                 double **pb, double **spread)
{
    int m = 0, mb = 0, n = 0;
    xy *va = points(A, na, &m), *vb = B ? points(B, nb, &mb) : NULL;
    double *x = malloc(((size_t)m + 1) * sizeof *x), *a = malloc(((size_t)m + 1) * sizeof *a);
    double *b = malloc(((size_t)m + 1) * sizeof *b), *sp = spread ? malloc(((size_t)m + 1) * 4 * sizeof *sp) : NULL;
    if (!va || (B && !vb) || !x || !a || !b || (spread && !sp)) {
        free(va), free(vb), free(x), free(a), free(b), free(sp);
        return -1;
    }
    for (int i = 0, k = 0; i < m; i++) {
        if (i > 0 && va[i].x == va[i - 1].x)
            continue; /* the first point at an x has its smallest y */
        while (B && k < mb && vb[k].x < va[i].x)
            k++;
        if (B && (k == mb || vb[k].x != va[i].x))
            continue;
        x[n] = va[i].x, a[n] = va[i].y, b[n] = B ? vb[k].y : 1;
        if (sp) {
            sp[4 * n] = va[i].lo, sp[4 * n + 1] = va[i].hi;
            sp[4 * n + 2] = B ? vb[k].lo : 1, sp[4 * n + 3] = B ? vb[k].hi : 1;
        }
        n++;
    }
    free(va), free(vb);
    *px = x, *pa = a, *pb = b;
    if (spread)
        *spread = sp;
    return n;
}

/* Distinct values of parameter per among records matching pat in file f. */
static int per_values(const wt_results *R, int f, const char *pat, const char *per, char v[][48], int max)
{
    int n = 0;
    const int *ci;
    int nc = wt__cand(R, pat, &ci);
    for (int k = 0; k < nc && n < max; k++) {
        const wt_rec *r = &R->r[ci ? ci[k] : k];
        const char *p = r->file == f && wt__rec_match(R, r, pat) ? wt__rec_param(r, per) : NULL;
        int k;
        for (k = 0; p && k < n && strcmp(v[k], p); k++)
            ;
        if (p && k == n)
            snprintf(v[n++], 48, "%s", p);
    }
    return n;
}

int wt__xo_curves(const wt_results *R, const wt_xodef *d, int f, const char *perval, double **x, double **a,
                  double **b, double **spread)
{
    char pa[400], pb[400];
    snprintf(pa, sizeof pa, "%s%s%s%s", d->a, perval ? " " : "", perval ? d->per : "", perval ? ":" : "");
    if (perval)
        snprintf(pa + strlen(pa), sizeof pa - strlen(pa), "%.47s", perval);
    snprintf(pb, sizeof pb, "%.200s%s%.40s%s%.47s", d->b ? d->b : "", perval && d->b ? " " : "",
             perval && d->b ? d->per : "", perval && d->b ? ":" : "", perval && d->b ? perval : "");
    wt_series *A = NULL, *B = NULL;
    int na = wt__series_build(R, pa, d->x, NULL, d->key, NULL, &A), nb = 0;
    if (d->b)
        nb = wt__series_build(R, pb, d->x, NULL, d->key, NULL, &B);
    if (na < 0 || nb < 0) {
        wt__series_free(A, na > 0 ? na : 0), wt__series_free(B, nb > 0 ? nb : 0);
        return -1;
    }
    /* keep only this file's series */
    int ka = 0, kb = 0;
    for (int i = 0; i < na; i++)
        if (A[i].file == f)
            A[ka++] = A[i];
        else
            wt__series_free_one(&A[i]);
    for (int i = 0; i < nb; i++)
        if (B[i].file == f)
            B[kb++] = B[i];
        else
            wt__series_free_one(&B[i]);
    int n = ka > 0 && (!d->b || kb > 0) ? wt__pair_min(A, ka, d->b ? B : NULL, kb, x, a, b, spread) : 0;
    for (int i = 0; i < n; i++)
        (*b)[i] *= d->factor;
    for (int i = 0; spread && *spread && i < n; i++)
        (*spread)[4 * i + 2] *= d->factor, (*spread)[4 * i + 3] *= d->factor;
    wt__series_free(A, ka);
    wt__series_free(B, kb);
    return n;
}

static void one(const wt_results *R, const wt_xodef *d, int f, const char *perval, wt_xo *o)
{
    memset(o, 0, sizeof *o);
    o->d = d, o->file = f, o->xc = o->soft = o->soft_lo = o->soft_hi = NAN;
    snprintf(o->per, sizeof o->per, "%.47s", perval ? perval : "");
    double *x = NULL, *a = NULL, *b = NULL;
    int n = wt__xo_curves(R, d, f, perval, &x, &a, &b, NULL);
    o->status = n > 0 ? wt__xover(x, a, b, n, &o->xc) : WT_XO_NODATA;
    /* only where two measured curves cross: against a fixed threshold (b NULL) the curve is often a
     * ratio such as an overhead, and 10 % of it is not 10 % of a measured time */
    if (o->status == WT_XO_FOUND && d->b)
        o->soft = wt__xo_soft(x, a, b, n, &o->soft_lo, &o->soft_hi);
    if (n > 0) {
        o->xmin = x[0], o->xmax = x[n - 1];
        o->first = a[0] / b[0], o->last = a[n - 1] / b[n - 1];
    }
    free(x), free(a), free(b);
}

static int cmp_dd(const void *p, const void *q)
{
    double x = *(const double *)p, y = *(const double *)q;
    return x < y ? -1 : x > y;
}

/* 2.5 % and 97.5 % points of v[0..n) (sorted here). */
static void pct95(double *v, int n, double *lo, double *hi)
{
    qsort(v, (size_t)n, sizeof *v, cmp_dd);
    *lo = n ? v[(int)floor(0.025 * (n - 1))] : NAN;
    *hi = n ? v[(int)ceil(0.975 * (n - 1))] : NAN;
}


/* The intervals of every crossover from its values on the resamples (boots[b], nb[b] of them; a
 * resample with another count is left out). */
void wt__xo_intervals(wt_xo *v, int n, wt_xo *const *boots, const int *nb)
{
    double *xc = malloc(sizeof(double) * WT_BOOT_N * (size_t)(n ? n : 1) * 3);
    int *same = calloc((size_t)(n ? n : 1), sizeof *same), m = 0;
    if (!xc || !same) {
        free(xc), free(same);
        return;
    }
    for (int b = 0; b < WT_BOOT_N; b++) {
        const wt_xo *w = boots[b];
        if (!w || nb[b] != n)
            continue;
        for (int i = 0; i < n; i++) {
            double x = w[i].status == WT_XO_FOUND ? w[i].xc : w[i].status == WT_XO_BELOW ? -INFINITY : INFINITY;
            xc[(size_t)i * WT_BOOT_N * 3 + (size_t)m] = x;
            xc[(size_t)i * WT_BOOT_N * 3 + WT_BOOT_N + (size_t)m] = w[i].first;
            xc[(size_t)i * WT_BOOT_N * 3 + 2 * WT_BOOT_N + (size_t)m] = w[i].last;
            same[i] += w[i].status == v[i].status;
        }
        m++;
    }
    for (int i = 0; i < n; i++) {
        double *p = xc + (size_t)i * WT_BOOT_N * 3;
        pct95(p, m, &v[i].lo, &v[i].hi);
        pct95(p + WT_BOOT_N, m, &v[i].first_lo, &v[i].first_hi);
        pct95(p + 2 * WT_BOOT_N, m, &v[i].last_lo, &v[i].last_hi);
        v[i].agree = m ? (double)same[i] / m : NAN;
    }
    free(xc);
    free(same);
}

wt_xo *wt__xo_points(const wt_results *R, int *count)
{
    int n = 0, cap = 16;
    wt_xo *v = malloc((size_t)cap * sizeof *v);
    for (const wt_family *fam = wt__families; v && fam->id; fam++)
    for (const wt_xodef *d = fam->xos; v && d && d->id; d++)
        for (int f = 0; f < R->nf; f++) {
            char pv[16][48];
            int np = d->per ? per_values(R, f, d->a, d->per, pv, 16) : 0;
            for (int k = 0; k < (d->per ? np : 1); k++) {
                if (n == cap) {
                    wt_xo *nv = realloc(v, (size_t)(cap *= 2) * sizeof *v);
                    if (!nv) {
                        free(v);
                        return NULL;
                    }
                    v = nv;
                }
                one(R, d, f, d->per ? pv[k] : NULL, &v[n]);
                if (v[n].status != WT_XO_NODATA || !d->per)
                    n++;
            }
        }
    *count = v ? n : 0;
    return v;
}

int wt__xo_unit(const wt_xodef *d)
{
    return !strcmp(d->x, WT_P_BYTES) ? WT_U_BYTES : strstr(d->x, "_ns") ? WT_U_NS : WT_U_PLAIN;
}

void wt__xo_text(const wt_xo *x, char *b, size_t len)
{
    char c[48], lo[48], hi[48], a[48], z[48];
    int u = wt__xo_unit(x->d);
    wt__fmt_unit(x->xc, u, c, sizeof c);
    wt__fmt_unit(x->lo, u, lo, sizeof lo), wt__fmt_unit(x->hi, u, hi, sizeof hi);
    wt__fmt_unit(x->xmin, u, a, sizeof a), wt__fmt_unit(x->xmax, u, z, sizeof z);
    if (x->status == WT_XO_NODATA)
        snprintf(b, len, "not measured");
    else if (!(x->agree >= 0.95))
        snprintf(b, len, "inconclusive: %s, %.0f %% of resamples agree (95 %% interval [%s, %s])", x->status == WT_XO_FOUND ? c : x->status == WT_XO_BELOW ? "at or below the smallest size"
                                                                                    : "beyond the largest size",
                 x->agree * 100, isinf(x->lo) ? "below the range" : lo, isinf(x->hi) ? "beyond the range" : hi);
    else if (x->status == WT_XO_FOUND && x->soft >= WT_XO_SOFT) {
        char sl[48], sh[48];
        wt__fmt_unit(x->soft_lo, u, sl, sizeof sl), wt__fmt_unit(x->soft_hi, u, sh, sizeof sh);
        snprintf(b, len, "%s [%s, %s], soft: ±10 %% moves it over %s to %s", c, isinf(x->lo) ? a : lo,
                 isinf(x->hi) ? z : hi, isinf(x->soft_lo) ? "below the range" : sl,
                 isinf(x->soft_hi) ? "beyond the range" : sh);
    }
    else if (x->status == WT_XO_FOUND)
        snprintf(b, len, "%s [%s, %s]", c, isinf(x->lo) ? a : lo, isinf(x->hi) ? z : hi);
    else if (x->status == WT_XO_BELOW)
        snprintf(b, len, "at or below %s (the smallest measured)", a);
    else
        snprintf(b, len, "not within %s to %s", a, z);
}
