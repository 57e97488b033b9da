/* judge.c: the findings, computed once for findings.md and the page alike: every crossover of the
 * family table with its bootstrap interval (xover.c), every claim judged on each file on the point
 * estimates and then on WT_BOOT_N resamples of the repetitions (a verdict stands only when at least
 * 97.5 % of the resamples reach it; otherwise it is INCONCLUSIVE), every headline ratio with its
 * 95 % bootstrap interval, and the changes between runs (changes.c). No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

const char *const wt__vname[] = {"NOT MEASURED", "CONFIRMED", "REFUTED", "PARTLY CONFIRMED", "INCONCLUSIVE"};

static int cmp_f(const void *p, const void *q)
{
    double x = *(const double *)p, y = *(const double *)q;
    return x < y ? -1 : x > y;
}

static void pct95(double *v, int n, double *lo, double *hi)
{
    qsort(v, (size_t)n, sizeof *v, cmp_f);
    *lo = n ? v[(int)floor(0.025 * (n - 1))] : NAN;
    *hi = n ? v[(int)ceil(0.975 * (n - 1))] : NAN;
}

static int judge_claims(const wt_results *R, wt_findings *F, wt_xo *const *boots, const int *nboot)
{
    int n = 0;
    for (const wt_family *fam = wt__families; fam->id; fam++)
        for (const wt_claimdef *c = fam->claims; c && c->text; c++)
            n += R->nf;
    wt_judged *J = calloc((size_t)(n ? n : 1), sizeof *J);
    double *st = malloc(sizeof(double) * 3 * WT_BOOT_N * (size_t)(n ? n : 1));
    int *cnt = calloc(3 * (size_t)(n ? n : 1), sizeof *cnt), k = 0, nb = 0;
    wt_verdict *w = malloc(sizeof *w);
    if (!J || !st || !cnt || !w) {
        free(J), free(st), free(cnt), free(w);
        return -1;
    }
    for (const wt_family *fam = wt__families; fam->id; fam++)
        for (const wt_claimdef *c = fam->claims; c && c->text; c++)
            for (int f = 0; f < R->nf; f++, k++) {
                J[k].fam = fam, J[k].c = c, J[k].file = f;
                c->judge(R, F->xo, F->nxo, f, &J[k].v);
            }
    int old = wt__boot_set(0), nres = wt__boot_any(R) ? WT_BOOT_N : 1; /* nothing to resample: one pass */
    for (int b = 1; b <= nres; b++) {
        wt__boot_set(b);
        const wt_xo *x = boots[b - 1];
        int nx = nboot[b - 1];
        for (int i = 0; i < n; i++) {
            memset(w, 0, sizeof *w);
            J[i].c->judge(R, x ? x : F->xo, x ? nx : F->nxo, J[i].file, w);
            J[i].agree += w->state == J[i].v.state;
            for (int s = 0; s < w->ns && s < 3; s++)
                if (!isnan(w->stat[s]))
                    st[((size_t)i * 3 + (size_t)s) * WT_BOOT_N + (size_t)cnt[3 * i + s]++] = w->stat[s];
        }
        nb++;
    }
    wt__boot_set(old);
    for (int i = 0; i < n; i++) {
        J[i].agree /= nb;
        for (int s = 0; s < 3; s++)
            pct95(st + ((size_t)i * 3 + (size_t)s) * WT_BOOT_N, cnt[3 * i + s], &J[i].lo[s], &J[i].hi[s]);
        J[i].shown = J[i].v.state && J[i].agree < 0.975 ? WT_V_INCONCLUSIVE : J[i].v.state;
    }
    free(st), free(cnt), free(w);
    F->cl = J, F->ncl = n;
    return 0;
}

static double pick(const wt_results *R, int f, const wt_pickdef *p)
{
    return p->kind == 2 ? wt__at_param(R, f, p->pat, WT_P_MEM_MIB, 0, p->keys)
                        : wt__pick(R, f, p->pat, p->keys, p->kind, NULL);
}

/* A headline ratio num/den with the 95 % bootstrap interval of the ratio: both figures are picked
 * again on every resample by the same rule. */
static void ratio(const wt_results *R, int f, wt_ratio *o)
{
    const wt_ratiodef *d = o->d;
    double v[WT_BOOT_N];
    if (d->places && (!strcmp(R->f[f].near, R->f[f].far) || !strcmp(R->f[f].near, "-"))) {
        snprintf(o->why, sizeof o->why, "this machine has one placement class besides pu: %s", R->f[f].far);
        return;
    }
    o->num = pick(R, f, &d->num), o->den = pick(R, f, &d->den);
    if (isnan(o->num) || isnan(o->den) || o->den <= 0) {
        snprintf(o->why, sizeof o->why, "%s or %s missing", d->nn, d->dn);
        return;
    }
    int n = 0, old = wt__boot_set(0), nres = wt__boot_any(R) ? WT_BOOT_N : 1;
    for (int k = 1; k <= nres; k++) {
        wt__boot_set(k);
        double q = pick(R, f, &d->num) / pick(R, f, &d->den);
        if (isfinite(q))
            v[n++] = q;
    }
    wt__boot_set(old);
    o->ok = 1;
    o->v = o->num / o->den;
    pct95(v, n, &o->lo, &o->hi);
}

int wt__judge_all(const wt_results *R, wt_findings *F)
{
    static wt_xo *boots[WT_BOOT_N];
    static int nboot[WT_BOOT_N];
    memset(F, 0, sizeof *F);
    F->xo = wt__xo_points(R, &F->nxo);
    int old = wt__boot_set(0), rc = 0, nres = wt__boot_any(R) ? WT_BOOT_N : 1;
    for (int b = 0; b < WT_BOOT_N; b++) { /* the crossovers on each resample, for their intervals and the claims */
        wt__boot_set(b + 1);
        boots[b] = b < nres ? wt__xo_points(R, &nboot[b]) : NULL;
        nboot[b] = b < nres ? nboot[b] : 0;
    }
    wt__boot_set(old);
    if (F->xo)
        wt__xo_intervals(F->xo, F->nxo, boots, nboot);
    if (!F->xo || judge_claims(R, F, boots, nboot) < 0)
        rc = -1;
    for (int b = 0; b < WT_BOOT_N; b++)
        free(boots[b]), boots[b] = NULL;
    if (rc < 0)
        return -1;
    int n = 0;
    for (const wt_family *fam = wt__families; fam->id; fam++)
        for (const wt_ratiodef *d = fam->ratios; d && d->what; d++)
            n += R->nf;
    F->ra = calloc((size_t)(n ? n : 1), sizeof *F->ra);
    if (!F->ra)
        return -1;
    for (const wt_family *fam = wt__families; fam->id; fam++)
        for (const wt_ratiodef *d = fam->ratios; d && d->what; d++)
            for (int f = 0; f < R->nf; f++) {
                wt_ratio *o = &F->ra[F->nra++];
                o->fam = fam, o->d = d, o->file = f;
                ratio(R, f, o);
            }
    return R->nf > 1 ? wt__changes(R, F) : 0;
}

void wt__findings_free(wt_findings *F)
{
    free(F->xo), free(F->cl), free(F->ra), free(F->ch);
    memset(F, 0, sizeof *F);
}
