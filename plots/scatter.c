/* scatter.c: one point per result, one key against another (msg_cpu: CPU per message against
 * one-way latency), with the spread of both medians from the repetitions as error bars, series by
 * name without the figure's aux parameters, in panels of at most WT_PANEL_MAX series (panels.c).
 * Memory linear in the results: series are found through a hash. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

static void put_num(FILE *f, double v, int logscale)
{
    if (isnan(v) || (logscale && v <= 0))
        fputs(" ?", f);
    else
        fprintf(f, " %.6g", v);
}

/* Append to series s the point of record r; the arrays double at each power of two. */
static int add(wt_series *s, const wt_rec *r, const wt_fig *F)
{
    int n = s->n;
    double **arr[7] = {&s->x, &s->y, &s->lo, &s->hi, &s->xlo, &s->xhi, &s->reps};
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
        for (int k = 0; k < 7; k++) {
            double *v = realloc(*arr[k], (size_t)(n ? 2 * n : 4) * sizeof *v);
            if (!v)
                return -1;
            *arr[k] = v;
        }
    double x = wt__rec_num(r, F->x), y = wt__rec_num(r, F->y), xl = x, xh = x, yl = y, yh = y;
    int nx, ny, kx = wt__rec_spread(r, F->x, &xl, &xh, &nx), ky = wt__rec_spread(r, F->y, &yl, &yh, &ny);
    if (!kx)
        xl = xh = x;
    if (!ky)
        yl = yh = y;
    s->x[n] = x, s->y[n] = y, s->lo[n] = yl, s->hi[n] = yh, s->xlo[n] = xl, s->xhi[n] = xh;
    s->reps[n] = ny;
    s->nci += ky == 1, s->nrange += ky == 2;
    s->n++;
    return 0;
}

static int build(const wt_fig *F, const wt_results *R, wt_series **out)
{
    wt_series *s = NULL;
    int ns = 0, cap = 0;
    json_t *at = json_object(); /* file and key -> series: no scan of the series per record */
    if (!at)
        return -1;
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        if (!wt__rec_match(R, r, F->pat) || isnan(wt__rec_num(r, F->x)) || isnan(wt__rec_num(r, F->y)))
            continue;
        char k[256], hk[300];
        wt__rec_key(r, NULL, F->aux, k, sizeof k);
        snprintf(hk, sizeof hk, "%d %s", r->file, k);
        json_t *ki = json_object_get(at, hk);
        int j = ki ? (int)json_integer_value(ki) : ns;
        if (j == ns) {
            wt_series *nv = ns == cap ? realloc(s, (size_t)(cap = cap ? 2 * cap : 16) * sizeof *s) : s;
            if (!nv || json_object_set_new_nocheck(at, hk, json_integer(ns)) < 0) {
                s = nv ? nv : s;
                goto oom;
            }
            s = nv;
            memset(&s[ns], 0, sizeof *s);
            s[ns].file = r->file;
            snprintf(s[ns].key, sizeof s[ns].key, "%s", k);
            s[ns].rec = i;
            wt__rec_key_used(r, F->y, s[ns].ykey, sizeof s[ns].ykey);
            ns++;
        }
        if (add(&s[j], r, F) < 0)
            goto oom;
    }
    json_decref(at);
    *out = s;
    return ns;
oom:
    json_decref(at);
    wt__series_free(s, ns);
    return -1;
}

int wt__fig_scatter(const wt_fig *F, const char *sec, const wt_results *R, const char *dir, wt_figlist *L)
{
    wt_series *s = NULL;
    wt_panel *P = NULL;
    int ns = build(F, R, &s), nlim = 0, rc = -1, drawn = 0, keyw = 0;
    if (ns <= 0)
        return ns;
    char common[600];
    int np = wt__panels(R, F, s, ns, &nlim, &P, common, sizeof common);
    wt_figout *fo = np >= 0 ? wt__fig_add(L, F->id, sec, F->title) : NULL;
    FILE *d = fo ? wt__gp_open(dir, F->id, "dat") : NULL, *g = d ? wt__gp_open(dir, F->id, "gp") : NULL;
    if (!g) {
        if (d)
            fclose(d);
        goto out;
    }
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    int lg[2] = {F->logx, F->logy}, gone = 0;
    for (int i = 0; i < ns; i++) {
        fputs("# ", d);
        wt__put_esc(d, s[i].key);
        fputs("\n# x y y_lo y_hi x_lo x_hi repetitions\n", d);
        for (int k = 0; k < s[i].n; k++) {
            double v[6] = {s[i].x[k], s[i].y[k], s[i].lo[k], s[i].hi[k], s[i].xlo[k], s[i].xhi[k]};
            for (int e = 0; e < 6; e++) {
                int ax = e == 0 || e >= 4 ? 0 : 1;
                put_num(d, v[e], lg[ax]);
                if (!isnan(v[e]) && (!lg[ax] || v[e] > 0))
                    lo[ax] = v[e] < lo[ax] ? v[e] : lo[ax], hi[ax] = v[e] > hi[ax] ? v[e] : hi[ax];
            }
            gone += (lg[0] && v[0] <= 0) || (lg[1] && v[1] <= 0);
            fprintf(d, " %.0f\n", s[i].reps[k]);
        }
        fputs("\n\n", d);
        keyw = (int)strlen(s[i].label) > keyw ? (int)strlen(s[i].label) : keyw;
    }
    wt__gp_layout(g, F->id, F->title, np, keyw);
    fprintf(g, "set xlabel '%s'\nset ylabel '%s'\n", F->xlabel, F->ylabel);
    fputs(F->logx ? "set logscale x\n" : "", g);
    fputs(F->logy ? "set logscale y\n" : "", g);
    wt__gp_axis(g, R, "x", F->xunit, F->logx, lo[0], hi[0], NULL, 0);
    wt__gp_axis(g, R, "y", F->yunit, F->logy, lo[1], hi[1], NULL, 0);
    for (int p = 0; p < np; p++) {
        wt__gp_panel(g, p, np, np > 1 ? P[p].title : NULL);
        fputs("plot ", g);
        int bases[WT_PANEL_MAX], branks[WT_PANEL_MAX], nb = 0;
        for (int i = P[p].first; i < P[p].first + P[p].n; i++) {
            int rank = 0;
            for (int u = P[p].first; u < i; u++)
                rank += R->nf > 1 ? strcmp(s[u].key, s[u + 1].key) != 0 : !strcmp(s[u].ident, s[i].ident);
            fprintf(g, "%s'%s.dat' index %d using 1:2:5:6:3:4 with xyerrorbars ps 1", i > P[p].first ? ", \\\n     " : "",
                    F->id, i);
            wt__gp_style(g, R, &s[i], rank);
            if (R->nf > 1) {
                fputs(" notitle", g);
                if (i == P[p].first || strcmp(s[i].key, s[i - 1].key))
                    bases[nb++] = i, branks[nb - 1] = rank;
            } else {
                fputs(" title ", g);
                wt__gp_quote(g, s[i].label);
            }
            drawn++;
        }
        if (R->nf > 1)
            wt__gp_runkey(g, R);
        for (int k = 0; k < nb; k++)
            wt__gp_markkey(g, &s[bases[k]], branks[k], 1);
        fputc('\n', g);
    }
    if (np > 1)
        fputs("unset multiplot\n", g);
    fclose(d);
    fclose(g);
    char xk[64];
    snprintf(xk, sizeof xk, "%.*s", (int)strcspn(F->x, ","), F->x);
    wt__note(fo, "x: the median over its repetitions of each result's %s (the first of %s it has).",
             wt__key_what(xk), F->x);
    wt__note_stat(fo, s, ns, common, "y:");
    wt__note(fo, "The error bars on x are that median's spread too.");
    if (F->note)
        wt__note(fo, "%s", F->note);
    if (gone)
        wt__note(fo, "Not drawn: %d points with a zero or negative value a log axis cannot show (in the .dat).", gone);
    if (drawn < ns)
        wt__note(fo, "%d series beyond the first %d panels are in the .dat only.", ns - drawn, np);
    if (R->nf > 1)
        wt__note(fo, "Colours: one per run (the key's thick lines); marks, the series (in black in the key).");
    rc = 1;
out:
    free(P);
    wt__series_free(s, ns);
    return rc;
}
