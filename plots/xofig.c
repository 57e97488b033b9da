/* xofig.c: one figure per crossover of the family table, "xo_ID", drawn from exactly the two curves
 * the crossover compares (curve A, and curve B times the factor, or the threshold), paired on the
 * same x values as the computation pairs them, each point with its spread from the repetitions; a
 * dotted line at the crossover and a shaded band over its 95 % bootstrap interval. A panel per
 * value of the crossover's split parameter (place); several runs overlaid in their colours. So a
 * marker is never drawn on curves other than those it comes from. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

static void put_num(FILE *f, double v)
{
    if (isnan(v) || v <= 0)
        fputs(" ?", f);
    else
        fprintf(f, " %.6g", v);
}

/* The colour of a crossover's curve: of the first token of its pattern that is a series identity
 * (its family.variant, or a parameter such as "mode:thread"), else dflt; several runs: the run's. */
static const char *pat_colour(const wt_results *R, const char *pat, int file, const char *dflt)
{
    char tok[96];
    if (R->nf > 1)
        return wt__colour_hex(R, file, "");
    for (const char *p = pat; p && *p;) {
        size_t n = strcspn(p, " ;");
        snprintf(tok, sizeof tok, "%.*s", (int)(n < sizeof tok ? n : sizeof tok - 1), p);
        tok[strcspn(tok, "*?[")] = 0;
        if (json_object_get(R->colour, tok))
            return wt__colour_hex(R, file, tok);
        if (p[n] != ' ') /* the first alternative only */
            break;
        p += n + 1;
    }
    return dflt;
}

/* One crossover definition: its figure, or 0 when none of its crossovers has data. */
static int one(const wt_family *fam, const wt_xodef *d, const wt_results *R, const wt_findings *Fd,
               const char *dir, wt_figlist *L)
{
    int idx[64], n = 0, np = 0, pan[64];
    char pv[16][48];
    for (int i = 0; i < Fd->nxo && n < 64; i++)
        if (Fd->xo[i].d == d && Fd->xo[i].status != WT_XO_NODATA) {
            int k = 0;
            while (k < np && strcmp(pv[k], Fd->xo[i].per))
                k++;
            if (k == np && np < 16)
                snprintf(pv[np++], sizeof pv[0], "%s", Fd->xo[i].per);
            if (k < 16)
                pan[n] = k, idx[n++] = i;
        }
    if (!n)
        return 0;
    char id[96], title[300];
    snprintf(id, sizeof id, "xo_%s", d->id);
    snprintf(title, sizeof title, "Crossover: %s", d->what);
    FILE *dd = wt__gp_open(dir, id, "dat"), *g = dd ? wt__gp_open(dir, id, "gp") : NULL;
    wt_figout *fo = g ? wt__fig_add(L, id, fam->id, title) : NULL;
    if (!fo) {
        if (dd)
            fclose(dd);
        if (g)
            fclose(g);
        return -1;
    }
    double xlo = INFINITY, xhi = 0, ylo = INFINITY, yhi = 0;
    for (int j = 0; j < n; j++) {
        const wt_xo *x = &Fd->xo[idx[j]];
        double *xs = NULL, *a = NULL, *b = NULL, *sp = NULL;
        int m = wt__xo_curves(R, d, x->file, *x->per ? x->per : NULL, &xs, &a, &b, &sp);
        fprintf(dd, "# %s%s%s in ", d->id, *x->per ? " " : "", *x->per ? d->per : "");
        wt__put_esc(dd, x->per);
        fputc(' ', dd);
        wt__put_esc(dd, R->f[x->file].label);
        fputs("\n# x a a_lo a_hi b b_lo b_hi (b: times the factor)\n", dd);
        for (int k = 0; k < m; k++) {
            double v[7] = {xs[k], a[k], sp[4 * k], sp[4 * k + 1], b[k], sp[4 * k + 2], sp[4 * k + 3]};
            for (int e = 0; e < 7; e++)
                put_num(dd, v[e]);
            fputc('\n', dd);
            if (xs[k] > 0)
                xlo = fmin(xlo, xs[k]), xhi = fmax(xhi, xs[k]);
            for (int e = 1; e < 7; e++)
                if (v[e] > 0)
                    ylo = fmin(ylo, v[e]), yhi = fmax(yhi, v[e]);
        }
        fputs("\n\n", dd);
        free(xs), free(a), free(b), free(sp);
    }
    fclose(dd);
    int kw = (int)strlen(d->aname) > (int)strlen(d->bname) ? (int)strlen(d->aname) : (int)strlen(d->bname);
    kw = kw > 56 ? kw : 56; /* the crossover's own entry */
    wt__gp_layout(g, id, title, np, kw + (R->nf > 1 ? 12 : 0));
    char yk[64];
    snprintf(yk, sizeof yk, "%.*s", (int)strcspn(d->key, ","), d->key);
    fprintf(g, "set xlabel '%s'\nset ylabel '%s'\nset logscale xy\n", d->x, wt__key_what(yk));
    wt__gp_axis(g, R, "x", wt__xo_unit(d), 1, xlo, xhi, NULL, 0);
    wt__gp_axis(g, R, "y", wt__key_unit(d->key), 1, ylo, yhi, NULL, 0);
    for (int p = 0; p < np; p++) {
        char pt[120];
        snprintf(pt, sizeof pt, "%s%s%.60s", *pv[p] ? d->per : "", *pv[p] ? ":" : "", pv[p]);
        fputs("unset object\nunset arrow\nunset label\n", g);
        wt__gp_panel(g, p, np, np > 1 ? pt : NULL);
        for (int j = 0; j < n; j++) {
            const wt_xo *x = &Fd->xo[idx[j]];
            const char *c = R->nf > 1 ? wt__colour_hex(R, x->file, "") : "#000000";
            if (pan[j] != p || x->status != WT_XO_FOUND)
                continue;
            if (isfinite(x->lo) && isfinite(x->hi) && x->hi > x->lo)
                fprintf(g, "set object rect from %.6g, graph 0 to %.6g, graph 1 behind fc rgb '%s' "
                        "fs transparent solid 0.12 noborder\n", x->lo, x->hi, c);
            fprintf(g, "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead dt 3 lw 2 lc rgb '%s' front\n", x->xc,
                    x->xc, c);
        }
        fputs("plot ", g);
        int first = 1;
        for (int j = 0; j < n; j++) {
            const wt_xo *x = &Fd->xo[idx[j]];
            if (pan[j] != p)
                continue;
            const char *ca = pat_colour(R, d->a, x->file, "#1f4e9c");
            const char *cb = d->b ? pat_colour(R, d->b, x->file, "#c0501a") : R->nf > 1 ? ca : "#666666";
            char ta[200], tb[200];
            snprintf(ta, sizeof ta, "%s%s%.60s", d->aname, R->nf > 1 ? " · " : "", R->nf > 1 ? R->f[x->file].label : "");
            snprintf(tb, sizeof tb, "%s%s%.60s", d->bname, R->nf > 1 ? " · " : "", R->nf > 1 ? R->f[x->file].label : "");
            fprintf(g, "%s'%s.dat' index %d using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 0.6 lc rgb '%s' title ",
                    first ? "" : ", \\\n     ", id, j, ca);
            wt__gp_quote(g, ta);
            fprintf(g, ", \\\n     '' index %d using 1:5:6:7 with yerrorlines lw 2 dt 2 pt 5 ps 0.6 lc rgb '%s' title ",
                    j, cb);
            wt__gp_quote(g, tb);
            first = 0;
            if (x->status == WT_XO_FOUND) { /* the answer as a key entry beside its dotted line */
                char t[300], l[400], c[48];
                wt_xo k = *x; /* the key stays short: "soft" here, its span in the caption and findings */
                k.soft = NAN;
                wt__xo_text(&k, t, sizeof t);
                if (x->soft >= WT_XO_SOFT)
                    snprintf(t + strlen(t), sizeof t - strlen(t), ", soft");
                wt__fmt_unit(x->xc, wt__xo_unit(d), c, sizeof c);
                if (!(x->agree >= 0.95)) /* the key stays short; the caption and the summary say more */
                    snprintf(t, sizeof t, "%s, inconclusive (%.0f %% of resamples agree)", c, x->agree * 100);
                snprintf(l, sizeof l, "crossover%s%s: %.250s", R->nf > 1 ? " " : "", R->nf > 1 ? R->f[x->file].label : "",
                         t);
                fprintf(g, ", \\\n     NaN with lines dt 3 lw 2 lc rgb '%s' title ", R->nf > 1 ? ca : "#000000");
                wt__gp_quote(g, l);
            }
        }
        fputc('\n', g);
    }
    if (np > 1)
        fputs("unset multiplot\n", g);
    fclose(g);
    wt__note(fo, "The two curves this crossover compares, paired on the sizes measured on both: A, %s; B, %s.",
             d->aname, d->bname);
    wt__note(fo, "Each point: the median over its repetitions of %.*s, with its 95 %% interval (or the range of "
             "2 to 5 repetitions).", (int)strcspn(d->key, ","), d->key);
    wt__note(fo, "Dotted line: where A goes below B and stays below (interpolated on log-log axes); shaded: its "
             "95 %% bootstrap interval over %d resamples of the repetitions.", WT_BOOT_N);
    return 1;
}

int wt__fig_xo(const wt_family *fam, const wt_results *R, const wt_findings *Fd, const char *dir, wt_figlist *L)
{
    for (const wt_xodef *d = fam->xos; d && d->id; d++)
        if (one(fam, d, R, Fd, dir, L) < 0)
            return -1;
    return 0;
}
