/* bars.c: the bar figures of the report. BARS: one horizontal bar per result (p50, or the figure's
 * first y key) with a whisker to its p99 (aux keys) and the values written beside it, rows in order of
 * first appearance, one bar per results file and row when several files are drawn. CLUSTER: vertical
 * bars, one group per result and one bar per value of a parameter (msg_matrix). Both on a value axis
 * that is logarithmic when the figure asks for it. No timing here. */
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

/* Rows of a bar chart: distinct keys in order of first appearance. */
static int row_index(char (*rows)[256], int *nrows, const char *key)
{
    for (int i = 0; i < *nrows; i++)
        if (!strcmp(rows[i], key))
            return i;
    snprintf(rows[*nrows], 256, "%s", key);
    return (*nrows)++;
}

/* "p50_ns,real_time" -> "p50": the first key without its unit, for legends and value texts */
static void keyname(const char *keys, char *b, size_t len)
{
    size_t n = strcspn(keys ? keys : "", ",");
    snprintf(b, len, "%.*s", (int)n, keys ? keys : "");
    n = strlen(b);
    if (n > 3 && !strcmp(b + n - 3, "_ns"))
        b[n - 3] = 0;
}

static const char *const fills[] = {"#5b8fd0", "#e0913a", "#58a55c", "#c95a5a", "#8f6cc0", "#8c6d4f"};

/* Horizontal bars: value axis x, rows down the y axis (first row on top). */
static void hbars(FILE *g, FILE *d, const wt_fig *F, char (*rows)[256], int nrows, char (*cols)[256], int ncols,
                  const double *v, int cap)
{
    double lo = INFINITY, hi = 0;
    size_t longest = 8;
    char yn[64], wn[64];
    keyname(F->y, yn, sizeof yn);
    keyname(F->aux, wn, sizeof wn);
    fputs("# row", d);
    for (int c = 0; c < ncols; c++) {
        fputc(' ', d);
        wt__dat_quote(d, *cols[c] ? cols[c] : yn);
        fputs(" low high text", d);
    }
    fputc('\n', d);
    int *ord = malloc((size_t)nrows * sizeof *ord);
    for (int r = 0; ord && r < nrows; r++) { /* rows by name: the variants of a mechanism together */
        int k = r;
        while (k > 0 && strcmp(rows[ord[k - 1]], rows[r]) > 0)
            ord[k] = ord[k - 1], k--;
        ord[k] = r;
    }
    for (int q = 0; q < nrows; q++) {
        int r = ord ? ord[q] : q;
        longest = strlen(rows[r]) > longest ? strlen(rows[r]) : longest;
        wt__dat_quote(d, rows[r]);
        for (int c = 0; c < ncols; c++) {
            const double *x = &v[(r * cap + c) * 3];
            for (int k = 0; k < 3; k++)
                put_num(d, x[k], F->logy);
            char a[32], b[32];
            wt__fmt_ns(x[0], a, sizeof a);
            wt__fmt_ns(x[2], b, sizeof b);
            if (F->aux && !isnan(x[2]) && x[2] > x[0])
                fprintf(d, " \"%s (%s %s)\"", a, wn, b);
            else
                fprintf(d, " \"%s\"", a);
            if (!isnan(x[0]) && x[0] > 0)
                lo = x[0] < lo ? x[0] : lo, hi = x[2] > hi ? x[2] : hi;
        }
        fputc('\n', d);
    }
    free(ord);
    int rowpx = ncols > 1 ? 14 * ncols + 6 : 22;
    wt__gp_header(g, F->id, F->title, 960, 130 + rowpx * nrows);
    fprintf(g, "set xlabel '%s'\n", F->ylabel);
    fputs("set grid x\nset datafile missing '?'\nset ytics scale 0 font ',9' noenhanced\n", g);
    fprintf(g, "set yrange [%g:-0.6]\nset rmargin 4\n", nrows - 0.4); /* lmargin: gnuplot fits the labels */
    double base = 0;
    if (F->logy && lo < INFINITY) {
        base = pow(10, floor(log10(lo)));
        /* room on the right for the value text */
        double top = pow(10, ceil(log10(hi)) + 1);
        fprintf(g, "set logscale x\nset xrange [%g:%g]\nset xtics (", base * 0.999, top); /* else no tick at base */
        for (double t = base; t <= top * 1.01; t *= 10) { /* time units on the ticks */
            char b[32];
            wt__fmt_ns(t, b, sizeof b);
            fprintf(g, "%s'%s' %g", t > base ? ", " : "", b, t);
        }
        fputs(")\n", g);
    } else {
        fprintf(g, "set xrange [0:%g]\n", hi > 0 ? hi * 1.6 : 1);
    }
    fputs("set key below horizontal\nset style fill solid 0.8 border rgb 'gray30'\nset bars 2\n", g);
    double h = 0.8 / ncols;
    fputs("plot ", g);
    for (int c = 0; c < ncols; c++) {
        double off = -0.4 + h * c, mid = off + h / 2;
        const char *fc = fills[c % (int)(sizeof fills / sizeof *fills)];
        fprintf(g, "%s'%s.dat' using (%g):($0+%g):(%g):%d:($0+%g):($0+%g)%s with boxxyerror fc rgb '%s' title ",
                c ? ", \\\n     " : "", F->id, base, mid, base, 2 + 4 * c, off, off + h, c ? "" : ":ytic(1)", fc);
        char t[320];
        snprintf(t, sizeof t, "%s%s%s (bar)", cols[c], *cols[c] ? ": " : "", yn);
        wt__gp_quote(g, t);
        snprintf(t, sizeof t, "%s (whisker)", wn);
        if (F->aux) {
            fprintf(g, ", \\\n     '' using %d:($0+%g):%d:%d with xerrorbars pt 0 lw 1.5 lc rgb 'black' title ",
                    2 + 4 * c, mid, 3 + 4 * c, 4 + 4 * c);
            wt__gp_quote(g, c ? "" : t);
        }
        fprintf(g, ", \\\n     '' using %d:($0+%g):%d with labels left offset 0.6,0 font ',8' notitle", 4 + 4 * c, mid,
                5 + 4 * c);
    }
    fputc('\n', g);
}

/* Clustered vertical bars: one group per row, one bar per column. */
static void vbars(FILE *g, FILE *d, const wt_fig *F, char (*rows)[256], int nrows, char (*cols)[256], int ncols,
                  const double *v, int cap)
{
    fputs("# row", d);
    for (int c = 0; c < ncols; c++) {
        fputc(' ', d);
        wt__dat_quote(d, cols[c]);
    }
    fputc('\n', d);
    size_t longest = 8;
    for (int r = 0; r < nrows; r++) {
        longest = strlen(rows[r]) > longest ? strlen(rows[r]) : longest;
        wt__dat_quote(d, rows[r]);
        for (int c = 0; c < ncols; c++)
            put_num(d, v[(r * cap + c) * 3], F->logy);
        fputc('\n', d);
    }
    wt__gp_header(g, F->id, F->title, 960, 300 + 5 * (int)longest);
    fprintf(g, "set ylabel '%s'\n", F->ylabel);
    if (F->logy) {
        fputs("set logscale y\n", g);
        wt__gp_time_tics(g, "y");
    }
    fputs("set grid y\nset datafile missing '?'\nset style data histogram\nset style fill solid 0.8 border -1\n"
          "set xtics rotate by 90 right font ',8' scale 0\nset key outside right top\n"
          "set style histogram clustered gap 1\n", g);
    fputs("plot ", g);
    for (int c = 0; c < ncols; c++) {
        fprintf(g, "%s'%s.dat' using %d:xtic(1) lc rgb '%s' title ", c ? ", \\\n     " : "", F->id, 2 + c,
                fills[c % (int)(sizeof fills / sizeof *fills)]);
        char t[300];
        snprintf(t, sizeof t, "%s:%s", F->x, cols[c]);
        wt__gp_quote(g, t);
    }
    fputc('\n', g);
}

int wt__fig_bars(const wt_fig *F, const wt_results *R, const char *dir, wt_figlist *L, int cluster)
{
    int cap = R->nr + 1, nrows = 0, ncols = 0;
    char (*rows)[256] = calloc((size_t)cap, sizeof *rows), (*cols)[256] = calloc((size_t)cap, sizeof *cols);
    double *v = malloc((size_t)cap * (size_t)cap * 3 * sizeof *v), *pick = malloc((size_t)cap * (size_t)cap * sizeof *pick);
    int rc = -1;
    if (!rows || !cols || !v || !pick)
        goto out;
    for (int i = 0; i < cap * cap * 3; i++)
        v[i] = NAN;
    for (int i = 0; i < cap * cap; i++)
        pick[i] = INFINITY;
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        double y = wt__rec_num(r, F->y);
        const char *cv = cluster ? wt__rec_param(r, F->x) : "";
        if (!wt__rec_match(R, r, F->pat) || isnan(y) || !cv)
            continue;
        char key[256], col[256];
        size_t off = (size_t)snprintf(key, sizeof key, "%s", r->fv);
        for (int k = 0; k < r->np && off < sizeof key; k++)
            if (!cluster || (strcmp(r->pk[k], F->x) && strcmp(r->pk[k], F->aux)))
                off += (size_t)snprintf(key + off, sizeof key - off, "/%s:%s", r->pk[k], r->pv[k]);
        snprintf(col, sizeof col, "%s%s%s", R->nf > 1 ? R->f[r->file].label : "", R->nf > 1 && *cv ? " " : "", cv);
        int ri = row_index(rows, &nrows, key), ci = row_index(cols, &ncols, col);
        const char *pv = cluster ? wt__rec_param(r, F->aux) : NULL;
        double pk = pv ? atof(pv) : 0;
        if (pk >= pick[ri * cap + ci])
            continue; /* CLUSTER: the smallest value of the aux parameter wins */
        pick[ri * cap + ci] = pk;
        double *c = &v[(ri * cap + ci) * 3];
        c[0] = y;
        c[1] = y;
        c[2] = F->aux && !cluster ? wt__rec_num(r, F->aux) : NAN;
        if (isnan(c[2]) || c[2] < y)
            c[2] = y;
    }
    rc = 0;
    if (!nrows)
        goto out;
    rc = -1;
    FILE *d = wt__gp_open(dir, F->id, "dat"), *g = d ? wt__gp_open(dir, F->id, "gp") : NULL;
    if (d && g) {
        wt__fig_add(L, F->id, F->section, F->title);
        (cluster ? vbars : hbars)(g, d, F, rows, nrows, cols, ncols, v, cap);
        rc = 1;
    }
    if (d)
        fclose(d);
    if (g)
        fclose(g);
out:
    free(rows), free(cols), free(v), free(pick);
    return rc;
}
