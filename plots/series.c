/* series.c: records -> series grouped by the stable result names family.variant/param:value/...,
 * with each point's spread from the repetitions; and the colours: every series identity (its
 * family.variant and the parameters its family's row names in `colour`) gets one index for the
 * whole report, so a mechanism has one colour in every figure. No timing here. */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"


/* The identity a colour stands for: the values of the family's colour parameters the record has
 * ("mode:pool": the pool is one colour in pool.closed and pool.open alike), else family.variant. */
void wt__ident(const wt_rec *r, char *out, size_t len)
{
    const wt_family *fam = wt__family_of(r->fv);
    size_t off = 0;
    *out = 0;
    for (int i = 0; fam && i < r->np && off < len; i++)
        if (wt__in_list(r->pk[i], fam->colour))
            off += (size_t)snprintf(out + off, len - off, "%s%s:%s", off ? "/" : "", r->pk[i], r->pv[i]);
    if (!off)
        snprintf(out, len, "%s", r->fv);
}

typedef struct idn {
    int fam;
    const char *s;
} idn;

static int cmp_idn(const void *a, const void *b)
{
    const idn *p = a, *q = b;
    return p->fam != q->fam ? (p->fam > q->fam) - (p->fam < q->fam) : strcmp(p->s, q->s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Identities sorted within their family, numbered from 0 in each; placement values that are not
 * classes numbered after the seven classes, in sorted order. Linear in the records but the sort. */
int wt__colours_init(wt_results *R)
{
    R->colour = json_object(), R->classes = json_object();
    json_t *seen = json_object(), *odd = json_object();
    idn *v = malloc(((size_t)R->nr + 1) * sizeof *v);
    int n = 0, rc = -1, nodd = 0, known = 0, pos = 0;
    const char **ov = malloc(((size_t)R->nr + 1) * sizeof *ov);
    if (!R->colour || !R->classes || !seen || !odd || !v || !ov)
        goto out;
    for (int i = 0; i < R->nr; i++) {
        char id[160], fk[200];
        const wt_family *fam = wt__family_of(R->r[i].fv);
        wt__ident(&R->r[i], id, sizeof id);
        snprintf(fk, sizeof fk, "%d %s", fam ? (int)(fam - wt__families) : -1, id);
        if (!json_object_get(seen, fk)) {
            if (json_object_set_new_nocheck(seen, fk, json_true()) < 0)
                goto out;
            const char *key = json_object_iter_key(json_object_iter_at(seen, fk));
            v[n++] = (idn){fam ? (int)(fam - wt__families) : -1, key + strcspn(key, " ") + 1};
        }
        const char *p = wt__rec_param(&R->r[i], WT_P_PLACE);
        if (p && wt__place_rank(p) >= 0)
            known |= 1 << wt__place_rank(p);
        else if (p && !json_object_get(odd, p)) {
            if (json_object_set_new_nocheck(odd, p, json_true()) < 0)
                goto out;
            ov[nodd++] = json_object_iter_key(json_object_iter_at(odd, p));
        }
    }
    qsort(v, (size_t)n, sizeof *v, cmp_idn);
    for (int i = 0, k = 0; i < n; i++) { /* numbered within the family; shared ones keep their first */
        k = i && v[i].fam == v[i - 1].fam ? k : 0;
        if (!json_object_get(R->colour, v[i].s) && json_object_set_new_nocheck(R->colour, v[i].s, json_integer(k++)) < 0)
            goto out;
    }
    static const char *const cls[] = {"pu", "smt", "l2", "l3", "numa", "package", "machine"};
    for (int k = 0; k < 7; k++) /* x positions: the classes the results use, nearest first, then odd values */
        if ((known >> k & 1) && json_object_set_new_nocheck(R->classes, cls[k], json_integer(pos++)) < 0)
            goto out;
    qsort(ov, (size_t)nodd, sizeof *ov, cmp_str);
    for (int i = 0; i < nodd; i++)
        if (json_object_set_new_nocheck(R->classes, ov[i], json_integer(pos++)) < 0)
            goto out;
    rc = 0;
out:
    json_decref(seen), json_decref(odd);
    free(v), free(ov);
    return rc;
}

int wt__colour(const wt_results *R, const char *ident)
{
    if (!strncmp(ident, "calib.", 6))
        return -1;
    json_t *k = json_object_get(R->colour, ident);
    return k ? (int)json_integer_value(k) : 0;
}

/* Append a point; the capacity doubles when the count reaches a power of two (from 4). */
static int add_point(wt_series *s, const double *p)
{
    int n = s->n;
    double **arr[6] = {&s->x, &s->y, &s->lo, &s->hi, &s->reps, &s->m};
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
        for (int k = 0; k < 6; k++) {
            double *nv = realloc(*arr[k], (size_t)(n ? 2 * n : 4) * sizeof *nv);
            if (!nv)
                return -1;
            *arr[k] = nv;
        }
    for (int k = 0; k < 6; k++)
        (*arr[k])[n] = p[k];
    s->n++;
    return 0;
}

typedef struct pt {
    double v[6]; /* x y lo hi reps m */
    int i;
} pt;

/* By x, a point without x (NAN) first; at equal x the smallest m first, then in arrival order. */
static int cmp_pt(const void *a, const void *b)
{
    const pt *p = a, *q = b;
    int na = isnan(p->v[0]), nb = isnan(q->v[0]);
    if (na != nb)
        return nb - na;
    if (!na && p->v[0] != q->v[0])
        return p->v[0] < q->v[0] ? -1 : 1;
    if (p->v[5] != q->v[5] && !isnan(p->v[5]) && !isnan(q->v[5]))
        return p->v[5] < q->v[5] ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

/* Sort the points; with `at`, keep only the first (smallest m) at each x. */
static int sort_points(wt_series *s, int at)
{
    pt *v = malloc((size_t)(s->n ? s->n : 1) * sizeof *v);
    double *arr[6] = {s->x, s->y, s->lo, s->hi, s->reps, s->m};
    if (!v)
        return -1;
    for (int i = 0; i < s->n; i++) {
        for (int k = 0; k < 6; k++)
            v[i].v[k] = arr[k][i];
        v[i].i = i;
    }
    qsort(v, (size_t)s->n, sizeof *v, cmp_pt);
    int m = 0;
    for (int i = 0; i < s->n; i++) {
        if (at && m && v[i].v[0] == arr[0][m - 1])
            continue;
        for (int k = 0; k < 6; k++)
            arr[k][m] = v[i].v[k];
        m++;
    }
    s->n = m;
    s->nci = s->nrange = 0; /* of the points kept: 6 or more repetitions give an interval (records.c) */
    for (int i = 0; i < m; i++)
        s->nci += s->reps[i] >= 6, s->nrange += s->reps[i] >= 2 && s->reps[i] < 6;
    free(v);
    return 0;
}

/* x of a record: the parameter's number, or a placement class's position. */
static int x_of(const wt_results *R, const wt_rec *r, const char *xparam, double *x)
{
    const char *xv = xparam ? wt__rec_param(r, xparam) : NULL;
    char *end = NULL;
    *x = NAN;
    if (!xv)
        return 0;
    if (!strcmp(xparam, WT_P_PLACE)) {
        json_t *o = json_object_get(R->classes, xv);
        *x = o ? (double)json_integer_value(o) : NAN;
        return isnan(*x) ? -1 : 0;
    }
    *x = strtod(xv, &end);
    return end == xv || *end ? -1 : 0;
}

int wt__series_build(const wt_results *R, const char *pat, const char *xparam, const char *drop,
                     const char *ykeys, const char *at, wt_series **out)
{
    wt_series *s = NULL;
    int ns = 0, cap = 0;
    char dropat[300];
    snprintf(dropat, sizeof dropat, "%s%s%s", drop ? drop : "", drop && at ? "," : "", at ? at : "");
    json_t *index = json_object(); /* "file key" -> series, so that finding one is not a scan */
    if (!index)
        return -1;
    const int *ci;
    int nc = wt__cand(R, pat, &ci);
    for (int k = 0; k < nc; k++) {
        const wt_rec *r = &R->r[ci ? ci[k] : k];
        if (!wt__rec_match(R, r, pat))
            continue;
        double y = wt__rec_num(r, ykeys), x;
        if (isnan(y) || x_of(R, r, xparam, &x) < 0)
            continue;
        char key[256], hk[300];
        wt__rec_key(r, xparam, dropat, key, sizeof key);
        snprintf(hk, sizeof hk, "%d %s", r->file, key);
        json_t *hit = json_object_get(index, hk);
        int k = hit ? (int)json_integer_value(hit) : ns;
        if (k == ns) {
            if (ns == cap) {
                wt_series *n2 = realloc(s, (size_t)(cap = cap ? 2 * cap : 16) * sizeof *s);
                if (!n2)
                    goto oom;
                s = n2;
            }
            if (json_object_set_new_nocheck(index, hk, json_integer(ns)) < 0) /* a cut key may split UTF-8 */
                goto oom;
            memset(&s[ns], 0, sizeof *s);
            s[ns].file = r->file;
            snprintf(s[ns].key, sizeof s[ns].key, "%s", key);
            snprintf(s[ns].label, sizeof s[ns].label, "%s", key);
            s[ns].rec = (int)(r - R->r);
            wt__rec_key_used(r, ykeys, s[ns].ykey, sizeof s[ns].ykey);
            ns++;
        }
        double lo = y, hi = y;
        int n = 1;
        if (!wt__rec_spread(r, ykeys, &lo, &hi, &n))
            lo = hi = y; /* a single run: a point without a bar */
        const char *mv = at ? wt__rec_param(r, at) : NULL;
        double p[6] = {x, y, lo, hi, n ? n : 1, mv ? atof(mv) : NAN};
        if (add_point(&s[k], p) < 0)
            goto oom;
    }
    for (int k = 0; k < ns; k++)
        if (sort_points(&s[k], at != NULL) < 0)
            goto oom;
    json_decref(index);
    *out = s;
    return ns;
oom:
    json_decref(index);
    wt__series_free(s, ns);
    return -1;
}

void wt__series_free_one(wt_series *s)
{
    free(s->x), free(s->y), free(s->lo), free(s->hi), free(s->reps), free(s->m), free(s->xlo), free(s->xhi);
}

void wt__series_free(wt_series *s, int n)
{
    for (int i = 0; i < n; i++)
        wt__series_free_one(&s[i]);
    free(s);
}
