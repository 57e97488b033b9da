/* changes.c: what changed between runs. Every later file is compared with the first: per result
 * present and successful in both, the ratio of the medians B / A of the time per operation
 * (real_time) with its 95 % bootstrap interval (both sides resampled from their repetitions, as for
 * every interval of the report), and the Mann-Whitney U test over the two files' repetitions
 * (utest.c, the test compare.py and so ci/perf-gate apply) where each side has 2 or more. A change is
 * significant when p < 0.05 and the ratio's interval excludes 1. Written as changes.md; the page
 * shows the table (html.c). Linear in the results but the bootstrap. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

static int cmp_f(const void *p, const void *q)
{
    double x = *(const double *)p, y = *(const double *)q;
    return x < y ? -1 : x > y;
}

static void compare(const wt_rec *ra, const wt_rec *rb, wt_change *c)
{
    static double va[256], vb[256];
    double q[WT_BOOT_N];
    int n = 0, old = wt__boot_set(0);
    c->ma = wt__rec_num(ra, WT_F_REAL_TIME), c->mb = wt__rec_num(rb, WT_F_REAL_TIME);
    c->ratio = c->mb / c->ma;
    for (int k = 1; k <= WT_BOOT_N; k++) { /* B draws its own resamples: a file given twice is two samples */
        wt__boot_set(k + WT_BOOT_N);
        double nb = wt__rec_num(rb, WT_F_REAL_TIME);
        wt__boot_set(k);
        double r = nb / wt__rec_num(ra, WT_F_REAL_TIME);
        if (isfinite(r))
            q[n++] = r;
    }
    wt__boot_set(old);
    qsort(q, (size_t)n, sizeof *q, cmp_f);
    c->lo = n ? q[(int)floor(0.025 * (n - 1))] : NAN;
    c->hi = n ? q[(int)ceil(0.975 * (n - 1))] : NAN;
    c->na = wt__rec_values(ra, WT_F_REAL_TIME, va, 256);
    c->nb = wt__rec_values(rb, WT_F_REAL_TIME, vb, 256);
    c->p = c->na >= 2 && c->nb >= 2 ? wt__utest(va, c->na, vb, c->nb) : NAN;
    c->sig = c->p < 0.05 && (c->lo > 1 || c->hi < 1);
}

int wt__changes(const wt_results *R, wt_findings *F)
{
    json_t *first = json_object(); /* name -> record index in the first file */
    F->ch = malloc(((size_t)R->nr + 1) * sizeof *F->ch);
    if (!first || !F->ch) {
        json_decref(first);
        return -1;
    }
    for (int i = 0; i < R->nr; i++)
        if (R->r[i].file == 0 && !R->r[i].error && R->r[i].j &&
            json_object_set_new_nocheck(first, R->r[i].name, json_integer(i)) < 0) {
            json_decref(first);
            return -1;
        }
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *rb = &R->r[i];
        json_t *a = rb->file > 0 && !rb->error && rb->j ? json_object_get(first, rb->name) : NULL;
        if (!a)
            continue;
        wt_change *c = &F->ch[F->nch++];
        memset(c, 0, sizeof *c);
        c->a = (int)json_integer_value(a), c->b = i;
        compare(&R->r[c->a], rb, c);
    }
    json_decref(first);
    return 0;
}

/* Significant first, the largest change first; then the rest by name. */
static const wt_results *g_R;
static int cmp_change(const void *p, const void *q)
{
    const wt_change *a = p, *b = q;
    int fa = g_R->r[a->b].file, fb = g_R->r[b->b].file;
    if (fa != fb)
        return fa - fb;
    if (a->sig != b->sig)
        return b->sig - a->sig;
    double x = fabs(log(a->ratio)), y = fabs(log(b->ratio));
    if (a->sig && x != y)
        return x < y ? 1 : -1;
    return strcmp(g_R->r[a->b].name, g_R->r[b->b].name);
}

void wt__changes_sort(const wt_results *R, wt_findings *F)
{
    g_R = R;
    if (F->nch > 1)
        qsort(F->ch, (size_t)F->nch, sizeof *F->ch, cmp_change);
}

/* Per later file: compared, significant, slower, faster, and how many had repetitions for the test. */
void wt__changes_count(const wt_results *R, const wt_findings *F, int file, int *n, int *sig, int *slower,
                       int *tested)
{
    *n = *sig = *slower = *tested = 0;
    for (int i = 0; i < F->nch; i++) {
        const wt_change *c = &F->ch[i];
        if (R->r[c->b].file != file)
            continue;
        (*n)++, *sig += c->sig, *slower += c->sig && c->ratio > 1, *tested += !isnan(c->p);
    }
}

int wt__changes_write(const wt_results *R, const wt_findings *F, const char *dir)
{
    char p[4096], m[1200], a[48], b[48];
    snprintf(p, sizeof p, "%s/changes.md", dir);
    FILE *o = fopen(p, "w");
    if (!o)
        return -1;
    fprintf(o, "# wtbench: what changed\n\nEvery run against the first, %s. Per result in both: the ratio of "
            "the medians of the time per operation (B ÷ A) with its 95 %% bootstrap interval over %d resamples "
            "of the repetitions, and the Mann-Whitney U test's two-sided p over the two runs' repetitions (the "
            "test compare.py and ci/perf-gate apply; none where a side has fewer than 2, weak below 9). "
            "Significant: p < 0.05 and the interval excludes 1.\n", wt__md(R->f[0].label, 0, m, sizeof m),
            WT_BOOT_N);
    for (int f = 1; f < R->nf; f++) {
        int n, sig, slower, tested;
        wt__changes_count(R, F, f, &n, &sig, &slower, &tested);
        fprintf(o, "\n## %s", wt__md(R->f[f].label, 0, m, sizeof m));
        fprintf(o, " against %s\n\n", wt__md(R->f[0].label, 0, m, sizeof m));
        fprintf(o, "%d results compared (%d with repetitions enough for the test): **%d significant** (%d slower, "
                "%d faster).\n\n", n, tested, sig, slower, sig - slower);
        if (!n)
            continue;
        fputs("| result | A | B | B ÷ A | 95 % interval | p | |\n|---|---|---|---|---|---|---|\n", o);
        for (int i = 0; i < F->nch; i++) {
            const wt_change *c = &F->ch[i];
            if (R->r[c->b].file != f)
                continue;
            wt__fmt_ns(c->ma, a, sizeof a), wt__fmt_ns(c->mb, b, sizeof b);
            fputs("| ", o);
            for (const char *s = wt__md(R->r[c->b].name, 1, m, sizeof m); *s; s++) /* a | would end the cell */
                fputs(*s == '|' ? "\\|" : (char[2]){*s, 0}, o);
            fprintf(o, " | %s (%d) | %s (%d) | %.3f | [%.3f, %.3f] | ", a, c->na, b, c->nb, c->ratio, c->lo, c->hi);
            if (isnan(c->p))
                fputs("— |", o);
            else
                fprintf(o, "%.3g |", c->p);
            fprintf(o, " %s |\n", !c->sig ? "" : c->ratio > 1 ? "**slower**" : "**faster**");
        }
    }
    return fclose(o) == 0 ? 0 : -1;
}
