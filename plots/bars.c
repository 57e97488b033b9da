/* bars.c: the bar figures of the report. BARS: one horizontal bar per result (p50, or the figure's
 * first y key) with a whisker to its p99 (aux keys) and the values written beside it, rows sorted by
 * name, one bar per results file and row when several files are drawn. CLUSTER: vertical bars, one
 * group per result (in order of first appearance) and one bar per value of a parameter (msg_matrix).
 * Both on a value axis that is logarithmic when the figure asks for it. Memory is linear in the
 * results: rows and columns are found through a hash and only the bars that exist are kept. The .dat
 * holds every row; the picture draws at most MAXROWS of them and its caption says so. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define MAXROWS 300 /* rows drawn: beyond that a bar chart is no longer readable */
#define MAXCOLS 24  /* columns (files x parameter values) kept */

static void put_num(FILE *f, double v, int logscale)
{
    if (isnan(v) || (logscale && v <= 0))
        fputs(" ?", f);
    else
        fprintf(f, " %.6g", v);
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

/* Distinct keys in order of first appearance, found through a hash. */
typedef struct names {
    char (*v)[256];
    int n, cap;
    json_t *at;
} names;

/* Index of key, added when new; -1 out of memory, -2 new but the list already holds max. */
static int name_index(names *N, const char *key, int max)
{
    json_t *i = json_object_get(N->at, key);
    if (i)
        return (int)json_integer_value(i);
    if (N->n == max)
        return -2;
    if (N->n == N->cap) {
        char(*v)[256] = realloc(N->v, (size_t)(N->cap ? 2 * N->cap : 64) * sizeof *v);
        if (!v)
            return -1;
        N->v = v, N->cap = N->cap ? 2 * N->cap : 64;
    }
    snprintf(N->v[N->n], 256, "%s", key);
    if (json_object_set_new_nocheck(N->at, key, json_integer(N->n)) < 0) /* a cut key may split UTF-8 */
        return -1;
    return N->n++;
}

/* One bar: its row and column, value, whisker top, and the aux parameter value that chose it. */
typedef struct cell {
    int row, col;
    double y, hi, pick;
} cell;

typedef struct grid {
    names rows, cols;
    cell *c;
    int nc, cap, dropped; /* dropped: records whose column did not fit in MAXCOLS */
    int *start;           /* the cells of row r: c[start[r]] .. c[start[r + 1] - 1] */
} grid;

static int cmp_cell(const void *a, const void *b)
{
    const cell *p = a, *q = b;
    return p->row != q->row ? (p->row > q->row) - (p->row < q->row) : (p->col > q->col) - (p->col < q->col);
}

/* Row r as three numbers per column (y, y, whisker top), NAN where that column has no bar. */
static void row_values(const grid *G, int r, double *v)
{
    for (int c = 0; c < 3 * G->cols.n; c++)
        v[c] = NAN;
    for (int k = G->start[r]; k < G->start[r + 1]; k++) {
        const cell *x = &G->c[k];
        v[3 * x->col] = v[3 * x->col + 1] = x->y;
        v[3 * x->col + 2] = x->hi;
    }
}

typedef struct ord {
    const char *name;
    int i;
} ord;

static int cmp_ord(const void *a, const void *b)
{
    const ord *p = a, *q = b;
    int c = strcmp(p->name, q->name);
    return c ? c : (p->i > q->i) - (p->i < q->i);
}

/* The caption's word on rows the picture leaves out (all of them are in the .dat). */
static void note_cut(wt_figout *fo, const grid *G)
{
    int n = 0;
    if (fo && G->rows.n > MAXROWS)
        n = snprintf(fo->note, sizeof fo->note, "%d rows: the first %d are drawn, all are in the .dat. ", G->rows.n,
                     MAXROWS);
    if (fo && G->dropped && n >= 0 && (size_t)n < sizeof fo->note)
        snprintf(fo->note + n, sizeof fo->note - (size_t)n, "%d results in columns beyond the first %d left out.",
                 G->dropped, MAXCOLS);
}

static const char *const fills[] = {"#5b8fd0", "#e0913a", "#58a55c", "#c95a5a", "#8f6cc0", "#8c6d4f"};

/* Horizontal bars: value axis x, rows down the y axis (first row on top). */
static int hbars(FILE *g, FILE *d, const wt_fig *F, const grid *G)
{
    int nrows = G->rows.n, ncols = G->cols.n, shown = nrows < MAXROWS ? nrows : MAXROWS;
    double lo = INFINITY, hi = 0, *v = malloc(3 * (size_t)ncols * sizeof *v);
    char yn[64], wn[64];
    ord *o = malloc((size_t)nrows * sizeof *o);
    if (!v || !o) {
        free(v), free(o);
        return -1;
    }
    keyname(F->y, yn, sizeof yn);
    keyname(F->aux, wn, sizeof wn);
    fputs("# row", d);
    for (int c = 0; c < ncols; c++) {
        fputc(' ', d);
        wt__dat_quote(d, *G->cols.v[c] ? G->cols.v[c] : yn);
        fputs(" low high text", d);
    }
    fputc('\n', d);
    for (int r = 0; r < nrows; r++) /* rows by name: the variants of a mechanism together */
        o[r] = (ord){G->rows.v[r], r};
    qsort(o, (size_t)nrows, sizeof *o, cmp_ord);
    for (int q = 0; q < nrows; q++) {
        wt__dat_quote(d, o[q].name);
        row_values(G, o[q].i, v);
        for (int c = 0; c < ncols; c++) {
            const double *x = &v[3 * c];
            for (int k = 0; k < 3; k++)
                put_num(d, x[k], F->logy);
            char a[32], b[32];
            wt__fmt_ns(x[0], a, sizeof a);
            wt__fmt_ns(x[2], b, sizeof b);
            if (F->aux && !isnan(x[2]) && x[2] > x[0])
                fprintf(d, " \"%s (%s %s)\"", a, wn, b);
            else
                fprintf(d, " \"%s\"", a);
            if (q < shown && !isnan(x[0]) && x[0] > 0)
                lo = x[0] < lo ? x[0] : lo, hi = x[2] > hi ? x[2] : hi;
        }
        fputc('\n', d);
    }
    free(v), free(o);
    int rowpx = ncols > 1 ? 14 * ncols + 6 : 22;
    wt__gp_header(g, F->id, F->title, 960, 130 + rowpx * shown);
    fprintf(g, "set xlabel '%s'\n", F->ylabel);
    fputs("set grid x\nset datafile missing '?'\nset ytics scale 0 font ',9' noenhanced\n", g);
    fprintf(g, "set yrange [%g:-0.6]\nset rmargin 4\n", shown - 0.4); /* lmargin: gnuplot fits the labels */
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
        fprintf(g, "%s'%s.dat' every ::0::%d using (%g):($0+%g):(%g):%d:($0+%g):($0+%g)%s with boxxyerror "
                "fc rgb '%s' title ", c ? ", \\\n     " : "", F->id, shown - 1, base, mid, base, 2 + 4 * c, off,
                off + h, c ? "" : ":ytic(1)", fc);
        char t[320];
        snprintf(t, sizeof t, "%s%s%s (bar)", G->cols.v[c], *G->cols.v[c] ? ": " : "", yn);
        wt__gp_quote(g, t);
        snprintf(t, sizeof t, "%s (whisker)", wn);
        if (F->aux) {
            fprintf(g, ", \\\n     '' every ::0::%d using %d:($0+%g):%d:%d with xerrorbars pt 0 lw 1.5 "
                    "lc rgb 'black' title ", shown - 1, 2 + 4 * c, mid, 3 + 4 * c, 4 + 4 * c);
            wt__gp_quote(g, c ? "" : t);
        }
        fprintf(g, ", \\\n     '' every ::0::%d using %d:($0+%g):%d with labels left offset 0.6,0 font ',8' "
                "notitle", shown - 1, 4 + 4 * c, mid, 5 + 4 * c);
    }
    fputc('\n', g);
    return 0;
}

/* Clustered vertical bars: one group per row, one bar per column. */
static int vbars(FILE *g, FILE *d, const wt_fig *F, const grid *G)
{
    int nrows = G->rows.n, ncols = G->cols.n, shown = nrows < MAXROWS ? nrows : MAXROWS;
    double *v = malloc(3 * (size_t)ncols * sizeof *v);
    if (!v)
        return -1;
    fputs("# row", d);
    for (int c = 0; c < ncols; c++) {
        fputc(' ', d);
        wt__dat_quote(d, G->cols.v[c]);
    }
    fputc('\n', d);
    size_t longest = 8;
    for (int r = 0; r < nrows; r++) {
        size_t len = strlen(G->rows.v[r]);
        longest = r < shown && len > longest ? len : longest;
        wt__dat_quote(d, G->rows.v[r]);
        row_values(G, r, v);
        for (int c = 0; c < ncols; c++)
            put_num(d, v[3 * c], F->logy);
        fputc('\n', d);
    }
    free(v);
    wt__gp_header(g, F->id, F->title, shown > 40 ? 960 + 16 * (shown - 40) : 960, 300 + 5 * (int)longest);
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
        fprintf(g, "%s'%s.dat' every ::0::%d using %d:xtic(1) lc rgb '%s' title ", c ? ", \\\n     " : "", F->id,
                shown - 1, 2 + c, fills[c % (int)(sizeof fills / sizeof *fills)]);
        char t[300];
        snprintf(t, sizeof t, "%s:%s", F->x, G->cols.v[c]);
        wt__gp_quote(g, t);
    }
    fputc('\n', g);
    return 0;
}

/* The cell of (ri, ci), added when new; NULL when out of memory. */
static cell *cell_at(grid *G, json_t *at, int ri, int ci)
{
    char k[32];
    snprintf(k, sizeof k, "%d %d", ri, ci);
    json_t *i = json_object_get(at, k);
    if (i)
        return &G->c[json_integer_value(i)];
    if (G->nc == G->cap) {
        cell *c = realloc(G->c, (size_t)(G->cap ? 2 * G->cap : 64) * sizeof *c);
        if (!c)
            return NULL;
        G->c = c, G->cap = G->cap ? 2 * G->cap : 64;
    }
    if (json_object_set_new(at, k, json_integer(G->nc)) < 0)
        return NULL;
    G->c[G->nc] = (cell){ri, ci, NAN, NAN, INFINITY};
    return &G->c[G->nc++];
}

static int fill(grid *G, const wt_fig *F, const wt_results *R, int cluster)
{
    json_t *at = json_object();
    if (!at)
        return -1;
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
        int ci = name_index(&G->cols, col, MAXCOLS), ri = ci >= 0 ? name_index(&G->rows, key, -1) : ci;
        if (ri == -2) {
            G->dropped++;
            continue;
        }
        cell *c = ri >= 0 ? cell_at(G, at, ri, ci) : NULL;
        if (!c) {
            json_decref(at);
            return -1;
        }
        const char *pv = cluster ? wt__rec_param(r, F->aux) : NULL;
        double pk = pv ? atof(pv) : 0;
        if (pk >= c->pick)
            continue; /* CLUSTER: the smallest value of the aux parameter wins */
        c->pick = pk;
        c->y = y;
        c->hi = F->aux && !cluster ? wt__rec_num(r, F->aux) : NAN;
        if (isnan(c->hi) || c->hi < y)
            c->hi = y;
    }
    json_decref(at);
    if (G->nc)
        qsort(G->c, (size_t)G->nc, sizeof *G->c, cmp_cell);
    if (!(G->start = calloc((size_t)G->rows.n + 1, sizeof *G->start)))
        return -1;
    for (int k = 0; k < G->nc; k++)
        G->start[G->c[k].row + 1]++;
    for (int r = 0; r < G->rows.n; r++)
        G->start[r + 1] += G->start[r];
    return 0;
}

int wt__fig_bars(const wt_fig *F, const wt_results *R, const char *dir, wt_figlist *L, int cluster)
{
    grid G = {.rows.at = json_object(), .cols.at = json_object()};
    int rc = -1;
    if (!G.rows.at || !G.cols.at || fill(&G, F, R, cluster) < 0)
        goto out;
    rc = 0;
    if (!G.rows.n)
        goto out;
    rc = -1;
    FILE *d = wt__gp_open(dir, F->id, "dat"), *g = d ? wt__gp_open(dir, F->id, "gp") : NULL;
    if (d && g && (cluster ? vbars : hbars)(g, d, F, &G) == 0) {
        note_cut(wt__fig_add(L, F->id, F->section, F->title), &G);
        rc = 1;
    }
    if (d)
        fclose(d);
    if (g)
        fclose(g);
out:
    json_decref(G.rows.at), json_decref(G.cols.at);
    free(G.rows.v), free(G.cols.v), free(G.c), free(G.start);
    return rc;
}
