/* bars.c: the bar figures of the report: one horizontal bar per result (the median over its
 * repetitions of the figure's first y key the result has), the spread of that median from the
 * repetitions as a thick dark error bar, a thin whisker to the aux key (p99: the spread of single
 * operations) and the value written beside it; rows sorted by name; one colour per series identity
 * (one run) or one bar per run in the run's colour (several). Memory is linear in the results: rows
 * and columns are found through a hash and only the bars that exist are kept. The .dat holds every
 * row; the picture draws at most MAXROWS of them and its caption says so. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define MAXROWS 300 /* rows drawn: beyond that a bar chart is no longer readable */

static void put_num(FILE *f, double v, int logscale)
{
    if (isnan(v) || (logscale && v <= 0))
        fputs(" ?", f);
    else
        fprintf(f, " %.6g", v);
}

/* One bar: its row and file, value, spread, whisker top, colour, the key read. */
typedef struct cell {
    int row, col, kind;
    double y, lo, hi, top;
    unsigned rgb;
    char key[32];
} cell;

typedef struct grid {
    char (*rows)[256];
    int nrows, rcap;
    json_t *at;
    cell *c;
    int nc, cap;
    int *start; /* the cells of row r: c[start[r]] .. c[start[r + 1] - 1] */
} grid;

static int cmp_cell(const void *a, const void *b)
{
    const cell *p = a, *q = b;
    return p->row != q->row ? (p->row > q->row) - (p->row < q->row) : (p->col > q->col) - (p->col < q->col);
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

static int row_index(grid *G, const char *key)
{
    json_t *i = json_object_get(G->at, key);
    if (i)
        return (int)json_integer_value(i);
    if (G->nrows == G->rcap) {
        char(*v)[256] = realloc(G->rows, (size_t)(G->rcap ? 2 * G->rcap : 64) * sizeof *v);
        if (!v)
            return -1;
        G->rows = v, G->rcap = G->rcap ? 2 * G->rcap : 64;
    }
    snprintf(G->rows[G->nrows], 256, "%s", key);
    if (json_object_set_new_nocheck(G->at, key, json_integer(G->nrows)) < 0) /* a cut key may split UTF-8 */
        return -1;
    return G->nrows++;
}

static int fill(grid *G, const wt_fig *F, const wt_results *R)
{
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        double y = wt__rec_num(r, F->y);
        if (!wt__rec_match(R, r, F->pat) || isnan(y))
            continue;
        int ri = row_index(G, r->name);
        if (ri < 0)
            return -1;
        if (G->nc == G->cap) {
            cell *c = realloc(G->c, (size_t)(G->cap ? 2 * G->cap : 64) * sizeof *c);
            if (!c)
                return -1;
            G->c = c, G->cap = G->cap ? 2 * G->cap : 64;
        }
        cell *c = &G->c[G->nc++];
        char id[160];
        int n;
        wt__ident(r, id, sizeof id);
        *c = (cell){.row = ri, .col = r->file, .y = y, .lo = y, .hi = y, .top = NAN};
        c->kind = wt__rec_spread(r, F->y, &c->lo, &c->hi, &n);
        if (!c->kind)
            c->lo = c->hi = y;
        c->top = F->aux ? wt__rec_num(r, F->aux) : NAN;
        if (isnan(c->top) || c->top < y)
            c->top = y;
        c->rgb = (unsigned)strtoul(wt__colour_hex(R, r->file, id) + 1, NULL, 16);
        wt__rec_key_used(r, F->y, c->key, sizeof c->key);
    }
    if (G->nc)
        qsort(G->c, (size_t)G->nc, sizeof *G->c, cmp_cell);
    if (!(G->start = calloc((size_t)G->nrows + 1, sizeof *G->start)))
        return -1;
    for (int k = 0; k < G->nc; k++)
        G->start[G->c[k].row + 1]++;
    for (int r = 0; r < G->nrows; r++)
        G->start[r + 1] += G->start[r];
    return 0;
}

/* The caption: the statistic of the bars, by key, and what the error bar and whisker are. */
static void caption(wt_figout *fo, const wt_fig *F, const grid *G, int nf, const char *gone, int ngone)
{
    char keys[4][32], b[600], wk[64];
    int cnt[4] = {0}, nk = 0, kinds[3] = {0};
    for (int k = 0; k < G->nc; k++) {
        int j = 0;
        while (j < nk && strcmp(keys[j], G->c[k].key))
            j++;
        if (j == nk && nk < 4)
            snprintf(keys[nk++], sizeof keys[0], "%s", G->c[k].key);
        cnt[j < 4 ? j : 3]++;
        kinds[G->c[k].kind]++;
    }
    size_t off = (size_t)snprintf(b, sizeof b, "Bar: the median over its repetitions of each result's ");
    for (int j = 0; j < nk && off < sizeof b; j++)
        off += (size_t)snprintf(b + off, sizeof b - off, "%s%s (%s)", j ? "; " : "", keys[j], wt__key_what(keys[j]));
    for (int j = 0; nk > 1 && j < nk && off < sizeof b; j++) /* which rows read which key */
        off += (size_t)snprintf(b + off, sizeof b - off, "%s%s for %d row%s", j ? ", " : ": ", keys[j], cnt[j],
                                cnt[j] > 1 ? "s" : "");
    wt__note(fo, "%s.", b);
    if (kinds[1] + kinds[2])
        wt__note(fo, "Thick dark bar: that median's 95 %% interval%s.", kinds[2] ? " (the range of the repetitions "
                 "where a result has 2 to 5)" : "");
    if (kinds[0])
        wt__note(fo, "%d bar%s from a single run carry no interval.", kinds[0], kinds[0] > 1 ? "s" : "");
    if (F->aux) {
        snprintf(wk, sizeof wk, "%.*s", (int)strcspn(F->aux, ","), F->aux);
        wt__note(fo, "Thin whisker: up to the median of %s (%s), the spread of single operations.", wk,
                 wt__key_what(wk));
    }
    if (nf > 1)
        wt__note(fo, "One bar per run, in the run's colour.");
    if (G->nrows > MAXROWS)
        wt__note(fo, "%d rows: the first %d are drawn, all are in the .dat.", G->nrows, MAXROWS);
    if (ngone)
        wt__note(fo, "Not drawn, %d value%s a log axis cannot show: %s.", ngone, ngone > 1 ? "s" : "", gone);
}

static int hbars(FILE *g, FILE *d, const wt_fig *F, const wt_results *R, const grid *G, wt_figout *fo)
{
    int nrows = G->nrows, ncols = R->nf, shown = nrows < MAXROWS ? nrows : MAXROWS, ngone = 0;
    double lo = INFINITY, hi = 0;
    char gone[1200] = "";
    ord *o = malloc((size_t)(nrows ? nrows : 1) * sizeof *o);
    if (!o)
        return -1;
    fputs("# row, then per run: value lo hi whisker rgb text\n", d);
    for (int r = 0; r < nrows; r++) /* rows by name: the variants of a mechanism together */
        o[r] = (ord){G->rows[r], r};
    qsort(o, (size_t)nrows, sizeof *o, cmp_ord);
    for (int q = 0; q < nrows; q++) {
        wt__dat_quote(d, o[q].name);
        for (int c = 0; c < ncols; c++) {
            const cell *x = NULL;
            for (int k = G->start[o[q].i]; k < G->start[o[q].i + 1]; k++)
                x = G->c[k].col == c ? &G->c[k] : x;
            if (!x) {
                fputs(" ? ? ? ? 0 \"\"", d);
                continue;
            }
            put_num(d, x->y, F->logy), put_num(d, x->lo, F->logy), put_num(d, x->hi, F->logy);
            put_num(d, x->top, F->logy);
            char a[48], b[48];
            wt__fmt_unit(x->y, F->yunit, a, sizeof a);
            wt__fmt_unit(x->top, F->yunit, b, sizeof b);
            fprintf(d, " %u \"%s%s%s%s\"", x->rgb, a, x->top > x->y ? " (whisker " : "", x->top > x->y ? b : "",
                    x->top > x->y ? ")" : "");
            if (F->logy && x->y <= 0 && ngone++ < 8)
                snprintf(gone + strlen(gone), sizeof gone - strlen(gone), "%s%.100s: %s", *gone ? "; " : "",
                         o[q].name, a);
            else if (q < shown && !isnan(x->y) && x->y > 0)
                lo = fmin(lo, fmin(x->y, x->lo)), hi = fmax(hi, fmax(x->top, x->hi));
        }
        fputc('\n', d);
    }
    free(o);
    int rowpx = ncols > 1 ? 14 * ncols + 6 : 22;
    wt__gp_header(g, F->id, F->title, 960, 130 + rowpx * shown);
    fprintf(g, "set xlabel '%s'\n", F->ylabel);
    fputs("set grid x\nset datafile missing '?'\nset ytics scale 0 font ',9' noenhanced\n", g);
    fprintf(g, "set yrange [%g:-0.6]\nset rmargin 4\n", shown - 0.4); /* lmargin: gnuplot fits the labels */
    double base = 0, top = hi > 0 ? hi * 1.8 : 1;
    if (F->logy && lo < INFINITY) {
        base = pow(10, floor(log10(lo)));
        top = pow(10, ceil(log10(hi)) + 1); /* room on the right for the value text */
        fputs("set logscale x\n", g);
    }
    wt__gp_axis(g, R, "x", F->yunit, F->logy && lo < INFINITY, F->logy ? base : 0, top, NULL, 0);
    fprintf(g, "set xrange [%g:%g]\n", F->logy ? base * 0.999 : 0, top);
    fputs("set key below horizontal\nset style fill solid 0.75 border rgb 'gray30'\nset bars 1.5\n", g);
    double h = 0.8 / ncols;
    fputs("plot ", g);
    for (int c = 0; c < ncols; c++) {
        double off = -0.4 + h * c, mid = off + h / 2;
        int k = 2 + 6 * c; /* value; lo hi whisker rgb text follow */
        fprintf(g, "%s'%s.dat' every ::0::%d using (%g):($0+%g):(%g):%d:($0+%g):($0+%g):%d%s with boxxyerror "
                "fc rgb variable title ", c ? ", \\\n     " : "", F->id, shown - 1, base, mid, base, k, off, off + h,
                k + 4, c ? "" : ":ytic(1)");
        wt__gp_quote(g, R->nf > 1 ? R->f[c].label : "");
        if (F->aux)
            fprintf(g, ", \\\n     '' every ::0::%d using %d:($0+%g):%d:%d with xerrorbars pt 0 lw 1 lc rgb 'gray20' "
                    "notitle", shown - 1, k, mid, k, k + 3);
        fprintf(g, ", \\\n     '' every ::0::%d using %d:($0+%g):%d:%d with xerrorbars pt 0 lw 3 lc rgb '#222222' "
                "notitle", shown - 1, k, mid, k + 1, k + 2);
        fprintf(g, ", \\\n     '' every ::0::%d using %d:($0+%g):%d with labels left offset 0.6,0 font ',8' "
                "notitle", shown - 1, k + 3, mid, k + 5);
    }
    fputc('\n', g);
    caption(fo, F, G, R->nf, gone, ngone);
    return 0;
}

int wt__fig_bars(const wt_fig *F, const char *sec, const wt_results *R, const char *dir, wt_figlist *L)
{
    grid G = {.at = json_object()};
    int rc = -1;
    if (!G.at || fill(&G, F, R) < 0)
        goto out;
    rc = 0;
    if (!G.nrows)
        goto out;
    rc = -1;
    FILE *d = wt__gp_open(dir, F->id, "dat"), *g = d ? wt__gp_open(dir, F->id, "gp") : NULL;
    wt_figout *fo = g ? wt__fig_add(L, F->id, sec, F->title) : NULL;
    if (fo && hbars(g, d, F, R, &G, fo) == 0)
        rc = 1;
    if (d)
        fclose(d);
    if (g)
        fclose(g);
out:
    json_decref(G.at);
    free(G.rows), free(G.c), free(G.start);
    return rc;
}
