/* figures.c: the figures of every family of the table (family.c), in its order, and the line
 * renderer: series against a parameter, the median of each result with its spread from the
 * repetitions as error bars, in small multiples of at most WT_PANEL_MAX series (panels.c), ticks in
 * units, limit and ideal lines, and a caption that names the statistic drawn and lists what the
 * axes could not show. Each figure writes ID.dat (the numbers) and ID.gp (the gnuplot script that
 * draws ID.svg), both kept so a user can restyle it. No timing here. */
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

/* The caption's account of what is drawn: statistic, spread, what all series share. */
void wt__note_stat(wt_figout *fo, const wt_series *s, int ns, const char *common, const char *how)
{
    char keys[4][32];
    int cnt[4] = {0}, nk = 0, ci = 0, range = 0, pts = 0;
    for (int i = 0; i < ns; i++) {
        int k = 0;
        while (k < nk && strcmp(keys[k], s[i].ykey))
            k++;
        if (k == nk && nk < 4)
            snprintf(keys[nk++], sizeof keys[0], "%s", s[i].ykey);
        if (k < 4)
            cnt[k]++;
        ci += s[i].nci, range += s[i].nrange, pts += s[i].n;
    }
    char b[600];
    size_t off = (size_t)snprintf(b, sizeof b, "%s the median over its repetitions of each result's ", how);
    for (int k = 0; k < nk && off < sizeof b; k++) {
        off += (size_t)snprintf(b + off, sizeof b - off, "%s%s (%s)", k ? "; " : "", keys[k], wt__key_what(keys[k]));
        if (nk > 1 && off < sizeof b)
            off += (size_t)snprintf(b + off, sizeof b - off, " for %d series", cnt[k]);
    }
    wt__note(fo, "%s.", b);
    if (ci + range == 0)
        wt__note(fo, "Every point comes from a single run: no error bars (repetitions give them).");
    else if (ci == pts)
        wt__note(fo, "Error bars: the 95 %% interval of that median (order statistics of the repetitions).");
    else if (ci + range == pts)
        wt__note(fo, "Error bars: the 95 %% interval of that median where a result has 6 or more repetitions, "
                 "else the range of its repetitions (%d of %d points).", range, pts);
    else
        wt__note(fo, "Error bars: the 95 %% interval of the median (%d points), the range of 2 to 5 repetitions "
                 "(%d); %d points come from a single run and have none.", ci, range, pts - ci - range);
    if (common && *common)
        wt__note(fo, "All series: %s.", common);
}

/* "label at x" for the caption's list of values an axis cannot show. */
static void unshown(char *b, size_t len, int *n, const char *label, double x, double y, int xu, int yu)
{
    char xs[48], ys[48];
    size_t off = strlen(b);
    if ((*n)++ >= 8 || off + 200 >= len)
        return;
    wt__fmt_unit(x, xu, xs, sizeof xs);
    wt__fmt_unit(y, yu, ys, sizeof ys);
    snprintf(b + off, len - off, "%s%.120s at %s: %s", off ? "; " : "", label, xs, ys);
}

static double npus_of(const wt_results *R, int f)
{
    const char *p = wt__ctx(R, f, WT_X_PUS);
    json_t *n = json_object_get(R->f[f].ctx, WT_X_NUM_CPUS);
    int c = 1;
    for (; p && *p; p++)
        c += *p == ',';
    return p ? c : json_is_number(n) ? json_number_value(n) : NAN;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Linear scaling from the panel's best point at its smallest x, up to the PUs: a grey dashed line. */
static void ideal(FILE *g, const wt_results *R, const wt_series *s, int first, int n)
{
    double x0 = INFINITY, y0 = 0;
    int f = 0;
    for (int i = first; i < first + n; i++)
        if (s[i].n && !isnan(s[i].x[0]) && s[i].x[0] > 0 && (s[i].x[0] < x0 || (s[i].x[0] == x0 && s[i].y[0] > y0)))
            x0 = s[i].x[0], y0 = s[i].y[0], f = s[i].file;
    double P = npus_of(R, f);
    if (!isfinite(x0) || isnan(P))
        return;
    fprintf(g, ", \\\n     (x < %g ? x : %g) * %.6g title 'ideal: linear up to %g PUs' lc rgb 'gray50' dt 2 lw 1.5",
            P, P, y0 / x0, P);
}

int wt__fig_lines(const wt_fig *F, const char *sec, const wt_results *R, const char *dir, wt_figlist *L)
{
    wt_series *s = NULL;
    wt_panel *P = NULL;
    int ns = wt__series_build(R, F->pat, F->x, F->aux, F->y, F->at, &s), nlim = 0, nx = 0, rc = -1;
    double xs[64], ylo = INFINITY, yhi = -INFINITY;
    for (int i = 0; i < ns; i++)
        for (int k = 0; k < s[i].n; k++) {
            int j = 0;
            while (!isnan(s[i].x[k]) && j < nx && xs[j] != s[i].x[k])
                j++;
            if (!isnan(s[i].x[k]) && j == nx && nx < 64)
                xs[nx++] = s[i].x[k];
        }
    if (ns <= 0 || nx == 0) {
        wt__series_free(s, ns);
        return ns < 0 ? -1 : 0;
    }
    qsort(xs, (size_t)nx, sizeof *xs, cmp_dbl);
    wt_figout *fo = wt__fig_add(L, F->id, sec, F->title);
    if (!fo)
        goto out;
    if (nx < 2 && F->xunit != WT_U_CLASS) {
        char v[48];
        wt__fmt_unit(xs[0], F->xunit, v, sizeof v);
        fo->nodraw = 1;
        wt__note(fo, "Not drawn: every result was measured at one %s (%s); a curve needs two. A full run "
                 "(--full) sweeps it.", F->xlabel, v);
        rc = 1;
        goto out;
    }
    int logx = F->logx && xs[0] > 0, logy = F->logy;
    char common[600], gone[1600] = "";
    int ngone = 0;
    int np = wt__panels(R, F, s, ns, &nlim, &P, common, sizeof common);
    FILE *d = np >= 0 ? wt__gp_open(dir, F->id, "dat") : NULL, *g = d ? wt__gp_open(dir, F->id, "gp") : NULL;
    if (!g) {
        if (d)
            fclose(d);
        goto out;
    }
    int keyw = 0, drawn = 0;
    for (int i = 0; i < ns; i++) {
        fputs("# ", d);
        wt__put_esc(d, s[i].key);
        fputs(R->nf > 1 ? " in " : "", d);
        wt__put_esc(d, R->nf > 1 ? R->f[s[i].file].label : "");
        fputs("\n# x median lo hi repetitions (lo, hi: see the caption)\n", d);
        for (int k = 0; k < s[i].n; k++) {
            put_num(d, s[i].x[k], logx);
            put_num(d, s[i].y[k], logy);
            put_num(d, s[i].lo[k], logy);
            put_num(d, s[i].hi[k], logy);
            fprintf(d, " %.0f\n", s[i].reps[k]);
            if ((logy && s[i].y[k] <= 0) || (logx && s[i].x[k] <= 0))
                unshown(gone, sizeof gone, &ngone, s[i].label, s[i].x[k], s[i].y[k], F->xunit, F->yunit);
            else
                for (int e = 0; e < 3; e++) {
                    double v = e == 0 ? s[i].y[k] : e == 1 ? s[i].lo[k] : s[i].hi[k];
                    if (!isnan(v) && (!logy || v > 0))
                        ylo = v < ylo ? v : ylo, yhi = v > yhi ? v : yhi;
                }
        }
        fputs("\n\n", d);
        int len = (int)strlen(s[i].label);
        keyw = len > keyw ? len : keyw;
    }
    if (F->ref > 0)
        ylo = F->ref < ylo ? F->ref : ylo, yhi = F->ref > yhi ? F->ref : yhi;
    if (F->ideal)
        keyw = keyw > 26 ? keyw : 26;
    if (F->reflabel && (int)strlen(F->reflabel) > keyw)
        keyw = (int)strlen(F->reflabel);
    wt__gp_layout(g, F->id, F->title, np, keyw);
    fprintf(g, "set xlabel '%s'\nset ylabel '%s'\n", F->xlabel ? F->xlabel : "", F->ylabel ? F->ylabel : "");
    if (logx)
        fputs("set logscale x\n", g);
    if (logy)
        fputs("set logscale y\n", g);
    wt__gp_axis(g, R, "x", F->xunit, logx, xs[0], xs[nx - 1], F->xunit == WT_U_CLASS ? NULL : xs, nx);
    wt__gp_axis(g, R, "y", F->yunit, logy, ylo, yhi, NULL, 0);
    for (int p = 0; p < np; p++) {
        wt__gp_panel(g, p, np, np > 1 ? P[p].title : NULL);
        fputs("plot ", g);
        int idx[WT_PANEL_MAX + 8], n = 0, bases[WT_PANEL_MAX + 8], branks[WT_PANEL_MAX + 8], nb = 0;
        for (int i = P[p].first; i < P[p].first + P[p].n && n < WT_PANEL_MAX; i++)
            idx[n++] = i;
        for (int i = ns - nlim; i < ns && n < WT_PANEL_MAX + 8; i++) /* the limits, in every panel */
            idx[n++] = i;
        for (int t = 0; t < n; t++) {
            int i = idx[t], rank = 0;
            for (int u = 0; u < t; u++) /* several runs: the how-many-th series; one: of this colour */
                rank += R->nf > 1 ? u > 0 && strcmp(s[idx[u]].key, s[idx[u - 1]].key) != 0
                                  : !strcmp(s[idx[u]].ident, s[i].ident);
            if (R->nf > 1 && t > 0 && strcmp(s[i].key, s[idx[t - 1]].key))
                rank++;
            fputs(t ? ", \\\n     " : "", g);
            if (isnan(s[i].x[0])) { /* a result without the x parameter: a flat line at its value */
                fprintf(g, "%.6g title ", s[i].y[0]);
                wt__gp_quote(g, s[i].label);
                wt__gp_style(g, R, &s[i], 1);
                continue;
            }
            fprintf(g, "'%s.dat' index %d using 1:2:3:4 with yerrorlines ps 0.7", F->id, i);
            wt__gp_style(g, R, &s[i], rank);
            if (R->nf > 1) {
                fputs(" notitle", g);
                if (t == 0 || strcmp(s[i].key, s[idx[t - 1]].key))
                    bases[nb++] = i, branks[nb - 1] = rank;
            } else {
                fputs(" title ", g);
                wt__gp_quote(g, s[i].label);
            }
            drawn += i < ns - nlim;
        }
        if (R->nf > 1)
            wt__gp_runkey(g, R);
        for (int k = 0; k < nb; k++)
            wt__gp_markkey(g, &s[bases[k]], branks[k], 0);
        if (F->ref > 0) {
            fprintf(g, ", \\\n     %.6g title ", F->ref);
            wt__gp_quote(g, F->reflabel);
            fputs(" dt 3 lw 2 lc rgb 'gray40'", g);
        }
        if (F->ideal == WT_IDEAL_LINEAR)
            ideal(g, R, s, P[p].first, P[p].n);
        fputc('\n', g);
    }
    if (np > 1)
        fputs("unset multiplot\n", g);
    fclose(d);
    fclose(g);
    wt__note_stat(fo, s, ns, common, "Drawn:");
    if (F->note)
        wt__note(fo, "%s", F->note);
    if (nlim)
        wt__note(fo, "Drawn in every panel (black dashed): the limit the others are held to.");
    if (F->ref > 0)
        wt__note(fo, "Dotted grey: %s.", F->reflabel);
    if (F->ideal == WT_IDEAL_LINEAR)
        wt__note(fo, "Grey dashed: ideal linear scaling from the panel's best point at its fewest workers, "
                 "up to the PUs.");
    if (F->logx && !logx)
        wt__note(fo, "The x axis is linear: the sweep includes %g.", xs[0]);
    if (ngone)
        wt__note(fo, "Not drawn, %d value%s a log axis cannot show (zero or negative): %s%s.", ngone,
                 ngone > 1 ? "s" : "", gone, ngone > 8 ? "; all are in the .dat" : "");
    if (drawn < ns - nlim)
        wt__note(fo, "%d series beyond the first %d panels are in the .dat only.", ns - nlim - drawn, np);
    if (R->nf > 1)
        wt__note(fo, "Colours: one per run (the key's thick lines); marks and dashes, the series (in black in the key).");
    rc = 1;
out:
    free(P);
    wt__series_free(s, ns);
    return rc;
}

int wt__figures_write(const wt_results *R, const wt_findings *Fd, const char *dir, wt_figlist *L)
{
    for (const wt_family *fam = wt__families; fam->id; fam++) {
        for (const wt_fig *F = fam->figs; F && F->id; F++) {
            if (F->kind != WT_FIG_TABLE && !wt__any(R, F->pat))
                continue;
            int rc = F->kind == WT_FIG_LINES     ? wt__fig_lines(F, fam->id, R, dir, L)
                     : F->kind == WT_FIG_SCATTER ? wt__fig_scatter(F, fam->id, R, dir, L)
                     : F->kind == WT_FIG_HEAT    ? wt__fig_heat(F, fam->id, R, dir, L)
                     : F->kind == WT_FIG_TABLE   ? wt__fig_table(F, fam->id, R, dir, L)
                                                 : wt__fig_bars(F, fam->id, R, dir, L);
            if (rc < 0)
                return -1;
        }
        if (wt__fig_xo(fam, R, Fd, dir, L) < 0)
            return -1;
    }
    return 0;
}
