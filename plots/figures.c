/* figures.c: the figure table (result names -> figures, in one place so it is easy to adjust) and
 * the generic renderers: lines against a parameter, bars with whiskers, clustered bars, scatter.
 * Each figure writes ID.dat (the numbers) and ID.gp (the gnuplot script that draws ID.svg), both kept
 * so a user can restyle it. A figure whose data is absent is not written. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

enum { LINES, BARS, CLUSTER, SCATTER, HEAT };

typedef struct wt_fig {
    const char *id, *section, *title;
    int kind;
    const char *pat;   /* records (see wt__rec_match) */
    const char *x;     /* LINES: x parameter; SCATTER: x keys; CLUSTER: column parameter */
    const char *y;     /* y keys: the first one a record has */
    const char *aux;   /* BARS: whisker keys (p99); CLUSTER: parameter whose smallest value is used;
                        * LINES/SCATTER: parameters left out of the series name */
    const char *xlabel, *ylabel;
    int logx, logy;
    double ref;        /* LINES: horizontal reference line at this y, 0: none */
    const char *reflabel;
} wt_fig;

#define LAT "p50_ns,real_time"
static const wt_fig figs[] = {
    {"spawn_cost", "spawn", "Starting a worker: p50 (bar) and p99 (whisker) per mechanism", BARS,
     "spawn.*;calib.thread;calib.fork", NULL, LAT, "p99_ns", NULL, "ns (log)", 0, 1, 0, NULL},
    {"spawn_fork_mem", "spawn", "Process start cost against parent memory, beside the flat thread cost", LINES,
     "spawn.process how:*", "mem_mib", LAT, NULL, "parent memory (MiB, log)", "ns (log)",
     1, 1, 0, NULL},
    {"msg_matrix", "msg", "One-way latency by mechanism and placement (smallest payload)", CLUSTER,
     "msg.*;calib.pingpong", "place", "one_way_ns,p50_ns,real_time", "bytes", NULL, "one-way ns (log)", 0, 1,
     0, NULL},
    {"msg_payload", "msg", "One-way latency against payload (farthest placement)", LINES, "msg.* place:@far",
     "bytes", "one_way_ns,p50_ns,real_time", NULL, "payload (bytes, log)", "one-way ns (log)", 1, 1, 0, NULL},
    {"msg_cpu", "msg", "CPU burned per message against its latency (farthest placement)", SCATTER,
     "msg.* place:@far", "one_way_ns,p50_ns,real_time", "cpu_ns_per_msg", "bytes", "one-way ns (log)",
     "CPU ns per message (log)", 1, 1, 0, NULL},
    {"msg_c2c", "msg", "Core-to-core one-way latency (cache-line ping-pong), PUs in topology order", HEAT,
     "msg.c2c", NULL, "one_way_ns,real_time", NULL, "to PU", "from PU", 0, 0, 0, NULL},
    {"xfer_time_touch", "xfer", "Handing a payload over, consumer reads every byte (touch:1)", LINES,
     "xfer.* touch:1", "bytes", "real_time", "touch", "payload (bytes, log)", "ns per message (log)", 1, 1, 0,
     NULL},
    {"xfer_time_notouch", "xfer", "Handing a payload over, consumer does not read it (touch:0)", LINES,
     "xfer.* touch:0", "bytes", "real_time", "touch", "payload (bytes, log)", "ns per message (log)", 1, 1, 0,
     NULL},
    {"xfer_bandwidth", "xfer", "Bandwidth against size, with the single-PU memcpy limit", LINES,
     "xfer.* touch:1;calib.memcpy", "bytes", "bytes_per_second", "touch", "payload (bytes, log)",
     "bytes per second (log)", 1, 1, 0, NULL},
    {"pool_overhead", "pool", "Overhead ratio against task cost per mode", LINES, "pool.closed", "cost_ns",
     "overhead_ratio", NULL, "task cost (ns, log)", "(time per task - cost) / cost (log)", 1, 1, 0.10,
     "10 % overhead"},
    {"pool_throughput", "pool", "Throughput against pool size", LINES, "pool.closed", "workers",
     "tasks_per_second,items_per_second,throughput", NULL, "workers", "tasks per second", 0, 0, 0, NULL},
    {"pool_open", "pool", "Open loop: p99 latency against offered load", LINES, "pool.open", "load",
     "p99_ns", NULL, "load (fraction of capacity)", "p99 ns (log)", 0, 1, 0, NULL},
    {"pool_dispatch", "pool", "Pool dispatch: p50 (bar) and p99 (whisker)", BARS, "pool.dispatch", NULL, LAT,
     "p99_ns", NULL, "ns (log)", 0, 1, 0, NULL},
    {"pool_responsive", "pool", "Cheap requests while heavy ones run: p50 (bar) and p99 (whisker) per mode",
     BARS, "pool.responsive", NULL, "cheap_p50_ns,p50_ns", "cheap_p99_ns,p99_ns", NULL, "ns (log)", 0, 1, 0,
     NULL},
    {"pool_lag", "pool", "Event-loop lag per mode", BARS, "pool.responsive", NULL,
     "loop_lag_ns,lag_ns,lag_p99_ns,loop_lag_p99_ns,lag_max_ns", NULL, NULL, "ns (log)", 0, 1, 0, NULL},
    {NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL},
};

static void put_num(FILE *f, double v, int logscale)
{
    if (isnan(v) || (logscale && v <= 0))
        fputs(" ?", f);
    else
        fprintf(f, " %.6g", v);
}

static void axes(FILE *g, const wt_fig *F)
{
    if (F->xlabel)
        fprintf(g, "set xlabel '%s'\n", F->xlabel);
    fprintf(g, "set ylabel '%s'\n", F->ylabel);
    if (F->logx)
        fputs("set logscale x\n", g);
    if (F->logy)
        fputs("set logscale y\n", g);
    fputs("set grid\nset datafile missing '?'\n", g);
}

static void marks(FILE *g, const wt_fig *F, const wt_results *R, const wt_xo *xo, int nxo)
{
    int k = 0;
    for (int i = 0; i < nxo; i++) {
        if (!xo[i].d->fig || strcmp(xo[i].d->fig, F->id) || xo[i].status != WT_XO_FOUND)
            continue;
        fprintf(g, "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead dt 3 lw 1.5 lc 'black'\n", xo[i].xc,
                xo[i].xc);
        fprintf(g, "set label %d ", 100 + k);
        char l[300];
        snprintf(l, sizeof l, "%s%s%s%s%s %.3g", R->nf > 1 ? R->f[xo[i].file].label : "", R->nf > 1 ? ": " : "",
                 xo[i].d->id, *xo[i].per ? " " : "", xo[i].per, xo[i].xc);
        wt__gp_quote(g, l);
        fprintf(g, " at %.6g, graph %.2f rotate by 90 left front font ',8' offset 0.8,0\n", xo[i].xc, 0.03 + 0.02 * (k % 3));
        k++;
    }
}

static FILE *open_pair(const char *dir, const char *id, FILE **g)
{
    FILE *d = wt__gp_open(dir, id, "dat");
    *g = d ? wt__gp_open(dir, id, "gp") : NULL;
    if (d && !*g) {
        fclose(d);
        d = NULL;
    }
    return d;
}

static void plot_sep(FILE *g, int *first)
{
    fputs(*first ? "plot " : ", \\\n     ", g);
    *first = 0;
}

static int lines(const wt_fig *F, const wt_results *R, const wt_xo *xo, int nxo, const char *dir,
                 wt_figlist *L)
{
    wt_series *s = NULL;
    int ns = wt__series_build(R, F->pat, F->x, F->aux, F->y, &s), npts = 0;
    for (int i = 0; i < ns; i++)
        npts += !isnan(s[i].x[0]);
    if (ns <= 0 || !npts) {
        wt__series_free(s, ns);
        return ns < 0 ? -1 : 0;
    }
    FILE *g, *d = open_pair(dir, F->id, &g);
    if (!d) {
        wt__series_free(s, ns);
        return -1;
    }
    wt__fig_add(L, F->id, F->section, F->title);
    wt__gp_header(g, F->id, F->title, 900, 520);
    axes(g, F);
    marks(g, F, R, xo, nxo);
    fprintf(g, "set key outside right top font ',%d'\n", ns > 16 ? 7 : 9);
    int block = 0, first = 1;
    for (int i = 0; i < ns; i++) {
        plot_sep(g, &first);
        if (isnan(s[i].x[0])) { /* no x parameter: a flat line at its value */
            fprintf(g, "%.6g title ", s[i].y[0]);
            wt__gp_quote(g, s[i].label);
            fputs(" dt 2 lw 2", g);
            fprintf(d, "# flat line: %s = %.6g (no block)\n", s[i].label, s[i].y[0]);
            continue;
        }
        fprintf(d, "# %s\n", s[i].label);
        for (int k = 0; k < s[i].n; k++) {
            put_num(d, s[i].x[k], F->logx);
            put_num(d, s[i].y[k], F->logy);
            fputc('\n', d);
        }
        fputs("\n\n", d);
        fprintf(g, "'%s.dat' index %d using 1:2 with linespoints pt 7 ps 0.6 title ", F->id, block++);
        wt__gp_quote(g, s[i].label);
    }
    if (F->ref > 0) {
        plot_sep(g, &first);
        fprintf(g, "%.6g title ", F->ref);
        wt__gp_quote(g, F->reflabel);
        fputs(" dt 3 lw 2 lc 'gray40'", g);
    }
    fputc('\n', g);
    fclose(d);
    fclose(g);
    wt__series_free(s, ns);
    return 1;
}

/* One point per record: x key against y key, series by name without the aux parameters. */
static int scatter(const wt_fig *F, const wt_results *R, const char *dir, wt_figlist *L)
{
    char(*keys)[256] = calloc((size_t)R->nr + 1, sizeof *keys);
    int *rk = calloc((size_t)R->nr + 1, sizeof *rk), nk = 0, rc = -1;
    if (!keys || !rk)
        goto out;
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        rk[i] = -1;
        if (!wt__rec_match(R, r, F->pat) || isnan(wt__rec_num(r, F->x)) || isnan(wt__rec_num(r, F->y)))
            continue;
        char k[256];
        wt__rec_key(r, NULL, F->aux, k, sizeof k);
        if (R->nf > 1)
            snprintf(k + strlen(k), sizeof k - strlen(k), " (%s)", R->f[r->file].label);
        for (rk[i] = 0; rk[i] < nk && strcmp(keys[rk[i]], k); rk[i]++)
            ;
        if (rk[i] == nk)
            snprintf(keys[nk++], 256, "%s", k);
    }
    rc = 0;
    if (!nk)
        goto out;
    rc = -1;
    FILE *g, *d = open_pair(dir, F->id, &g);
    if (!d)
        goto out;
    wt__fig_add(L, F->id, F->section, F->title);
    wt__gp_header(g, F->id, F->title, 900, 520);
    axes(g, F);
    fprintf(g, "set key outside right top font ',%d'\n", nk > 16 ? 7 : 9);
    int first = 1;
    for (int k = 0; k < nk; k++) {
        fprintf(d, "# %s\n", keys[k]);
        for (int i = 0; i < R->nr; i++)
            if (rk[i] == k) {
                put_num(d, wt__rec_num(&R->r[i], F->x), F->logx);
                put_num(d, wt__rec_num(&R->r[i], F->y), F->logy);
                fprintf(d, " \"%s\"\n", R->r[i].name);
            }
        fputs("\n\n", d);
        plot_sep(g, &first);
        fprintf(g, "'%s.dat' index %d using 1:2 with points pt 7 ps 1 title ", F->id, k);
        wt__gp_quote(g, keys[k]);
    }
    fputc('\n', g);
    fclose(d);
    fclose(g);
    rc = 1;
out:
    free(keys);
    free(rk);
    return rc;
}

/* Rows of a bar chart: distinct series keys in order of first appearance. */
static int row_index(char (*rows)[256], int *nrows, const char *key)
{
    for (int i = 0; i < *nrows; i++)
        if (!strcmp(rows[i], key))
            return i;
    snprintf(rows[*nrows], 256, "%s", key);
    return (*nrows)++;
}

static int bars(const wt_fig *F, const wt_results *R, const char *dir, wt_figlist *L, int cluster)
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
    FILE *g, *d = open_pair(dir, F->id, &g);
    if (!d)
        goto out;
    wt__fig_add(L, F->id, F->section, F->title);
    fputs("# row", d);
    for (int c = 0; c < ncols; c++)
        fprintf(d, cluster ? " \"%s\"" : " \"%s\" low high", cols[c]);
    fputc('\n', d);
    for (int r = 0; r < nrows; r++) {
        fprintf(d, "\"%s\"", rows[r]);
        for (int c = 0; c < ncols; c++)
            for (int k = 0; k < (cluster ? 1 : 3); k++)
                put_num(d, v[(r * cap + c) * 3 + k], F->logy);
        fputc('\n', d);
    }
    size_t longest = 8;
    for (int r = 0; r < nrows; r++)
        longest = strlen(rows[r]) > longest ? strlen(rows[r]) : longest;
    wt__gp_header(g, F->id, F->title, 900, 420 + 6 * (int)longest);
    axes(g, F);
    fputs("set style data histogram\nset style fill solid 0.7 border -1\nset xtics rotate by 90 right font ',8'\n"
          "set key outside right top\n", g);
    fprintf(g, "set bmargin %d\n", 3 + (int)(longest * 0.6));
    fputs(cluster ? "set style histogram clustered gap 1\n" : "set style histogram errorbars gap 1 lw 1\n", g);
    fputs("plot ", g);
    for (int c = 0; c < ncols; c++) {
        if (cluster)
            fprintf(g, "%s'%s.dat' using %d:xtic(1) title ", c ? ", \\\n     " : "", F->id, 2 + c);
        else
            fprintf(g, "%s'%s.dat' using %d:%d:%d:xtic(1) title ", c ? ", \\\n     " : "", F->id, 2 + 3 * c,
                    3 + 3 * c, 4 + 3 * c);
        wt__gp_quote(g, *cols[c] ? cols[c] : "p50, whisker p99");
    }
    fputc('\n', g);
    fclose(d);
    fclose(g);
    rc = 1;
out:
    free(rows), free(cols), free(v), free(pick);
    return rc;
}

int wt__figures_write(const wt_results *R, const wt_xo *xo, int nxo, const char *dir, wt_figlist *L)
{
    for (const wt_fig *F = figs; F->id; F++) {
        if (!wt__any(R, F->pat))
            continue;
        int rc = F->kind == LINES     ? lines(F, R, xo, nxo, dir, L)
                 : F->kind == SCATTER ? scatter(F, R, dir, L)
                 : F->kind == HEAT    ? wt__fig_heat(R, F->pat, F->y, dir, L)
                                      : bars(F, R, dir, L, F->kind == CLUSTER);
        if (rc < 0)
            return -1;
    }
    return 0;
}
