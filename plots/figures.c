/* figures.c: the figure table (result names -> figures, in one place so it is easy to adjust) and
 * the generic renderers: lines against a parameter, bars with whiskers, clustered bars, scatter.
 * Each figure writes ID.dat (the numbers) and ID.gp (the gnuplot script that draws ID.svg), both kept
 * so a user can restyle it. A figure whose data is absent is not written. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define LAT "p50_ns,real_time"
#define MAXSERIES 80 /* series drawn in one figure (wt__gp_style tells 80 apart); the .dat holds all */
static const wt_fig figs[] = {
    {"spawn_cost", "spawn", "Starting a worker: p50 (bar) and p99 (whisker) per mechanism", WT_FIG_BARS,
     "spawn.*;calib.thread;calib.fork", NULL, LAT, "p99_ns", NULL, "time to start the worker (log scale)", 0, 1, 0, NULL},
    {"spawn_fork_mem", "spawn", "Process start cost against parent memory, beside the flat thread cost", WT_FIG_LINES,
     "spawn.process how:*", "mem_mib", LAT, NULL, "parent memory (MiB, log)", "start cost, p50 (log)",
     1, 1, 0, NULL},
    {"msg_matrix", "msg", "One-way latency by mechanism and placement (smallest payload)", WT_FIG_CLUSTER,
     "msg.*;calib.pingpong", "place", "one_way_ns,p50_ns,real_time", "bytes", NULL, "one-way latency (log)", 0, 1,
     0, NULL},
    {"msg_payload", "msg", "One-way latency against payload (farthest placement)", WT_FIG_LINES, "msg.* place:@far",
     "bytes", "one_way_ns,p50_ns,real_time", NULL, "payload size (log)", "one-way latency (log)", 1, 1, 0, NULL},
    {"msg_cpu", "msg", "CPU burned per message against its latency (farthest placement)", WT_FIG_SCATTER,
     "msg.* place:@far", "one_way_ns,p50_ns,real_time", "cpu_ns_per_msg", "bytes", "one-way latency (log)",
     "CPU time per round trip, both sides (log)", 1, 1, 0, NULL},
    {"msg_c2c", "msg", "Core-to-core one-way latency (cache-line ping-pong), PUs in topology order", WT_FIG_HEAT,
     "msg.c2c", NULL, "one_way_ns,real_time", NULL, "to PU", "from PU", 0, 0, 0, NULL},
    {"xfer_time_touch", "xfer", "Handing a payload over, consumer reads every byte (touch:1)", WT_FIG_LINES,
     "xfer.* touch:1", "bytes", "real_time", "touch", "payload size (log)", "time per message (log)", 1, 1, 0,
     NULL},
    {"xfer_time_notouch", "xfer", "Handing a payload over, consumer does not read it (touch:0)", WT_FIG_LINES,
     "xfer.* touch:0", "bytes", "real_time", "touch", "payload size (log)", "time per message (log)", 1, 1, 0,
     NULL},
    {"xfer_bandwidth", "xfer", "Bandwidth against size, with the single-PU memcpy limit", WT_FIG_LINES,
     "xfer.* touch:1;calib.memcpy", "bytes", "bytes_per_second", "touch", "payload size (log)",
     "bytes per second (log)", 1, 1, 0, NULL},
    {"pool_overhead", "pool", "Overhead ratio against task cost per mode", WT_FIG_LINES, "pool.closed", "cost_ns",
     "overhead_ratio", NULL, "task cost (log)", "(time per task - cost) / cost (log)", 1, 1, 0.10,
     "10 % overhead"},
    {"pool_throughput", "pool", "Throughput against pool size", WT_FIG_LINES, "pool.closed", "workers",
     "tasks_per_second,items_per_second,throughput", NULL, "workers", "tasks per second (log)", 0, 1, 0, NULL},
    {"pool_open", "pool", "Open loop: p99 latency against offered load", WT_FIG_LINES, "pool.open", "load",
     "p99_ns", NULL, "offered load (% of capacity)", "p99 latency (log)", 0, 1, 0, NULL},
    {"pool_dispatch", "pool", "Pool dispatch: p50 (bar) and p99 (whisker)", WT_FIG_BARS, "pool.dispatch", NULL, LAT,
     "p99_ns", NULL, "dispatch latency (log scale)", 0, 1, 0, NULL},
    {"pool_responsive", "pool", "Cheap requests while heavy ones run: p50 (bar) and p99 (whisker) per mode",
     WT_FIG_BARS, "pool.responsive", NULL, "p50_ns,cheap_p50_ns", "p99_ns,cheap_p99_ns", NULL, "latency of a cheap request (log scale)", 0, 1, 0,
     NULL},
    {"pool_lag", "pool", "Event-loop lag per mode: mean (bar) and p99 (whisker)", WT_FIG_BARS, "pool.responsive",
     NULL, "lag_mean_ns,loop_lag_ns,lag_ns", "lag_p99_ns,loop_lag_p99_ns", NULL, "event-loop lag (log scale)", 0,
     1, 0, NULL},
    {NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL},
};

static void put_num(FILE *f, double v, int logscale)
{
    if (isnan(v) || (logscale && v <= 0))
        fputs(" ?", f);
    else
        fprintf(f, " %.6g", v);
}

/* Is the first of these keys a time in ns (then a log axis gets ticks in time units)? */
static int is_time(const char *keys)
{
    size_t n = keys ? strcspn(keys, ",") : 0;
    return n && (!strncmp(keys, "real_time", n) || !strncmp(keys, "cpu_time", n) || memmem(keys, n, "_ns", 3));
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
    if (F->logx && F->kind == WT_FIG_SCATTER && is_time(F->x))
        wt__gp_time_tics(g, "x");
    if (F->logy && is_time(F->y))
        wt__gp_time_tics(g, "y");
    fputs("set grid\nset datafile missing '?'\n", g);
}

/* Crossovers found for this figure: a dotted vertical line and a horizontal label near the bottom,
 * on the side of the line with more room, stacked when there are several. */
static void marks(FILE *g, const wt_fig *F, const wt_results *R, const wt_xo *xo, int nxo)
{
    int k = 0;
    for (int i = 0; i < nxo; i++) {
        if (!xo[i].d->fig || strcmp(xo[i].d->fig, F->id) || xo[i].status != WT_XO_FOUND)
            continue;
        fprintf(g, "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead dt 3 lw 2 lc 'black' front\n", xo[i].xc,
                xo[i].xc);
        fprintf(g, "set label %d ", 100 + k);
        char l[300], v[32];
        if (!strcmp(xo[i].d->x, "bytes"))
            wt__fmt_bytes(xo[i].xc, v, sizeof v);
        else if (strstr(xo[i].d->x, "_ns"))
            wt__fmt_ns(xo[i].xc, v, sizeof v);
        else
            snprintf(v, sizeof v, "%.3g", xo[i].xc);
        snprintf(l, sizeof l, "%s%s%s%s%s at %s", R->nf > 1 ? R->f[xo[i].file].label : "", R->nf > 1 ? ": " : "",
                 xo[i].d->id, *xo[i].per ? " " : "", xo[i].per, v);
        wt__gp_quote(g, l);
        double span = F->logx && xo[i].xmin > 0 ? log(xo[i].xmax / xo[i].xmin) : xo[i].xmax - xo[i].xmin;
        double at = F->logx && xo[i].xmin > 0 ? log(xo[i].xc / xo[i].xmin) : xo[i].xc - xo[i].xmin;
        int right = span > 0 && at / span > 0.55;
        fprintf(g, " at %.6g, graph %.2f %s front font ',9' offset %s,0 boxed\n", xo[i].xc, 0.05 + 0.06 * k,
                right ? "right" : "left", right ? "-0.7" : "0.7");
        k++;
    }
    if (k)
        fputs("set style textbox opaque noborder\n", g);
}

/* The caption's word on series the picture leaves out. */
static void note_cut(wt_figout *fo, int ns)
{
    if (fo && ns > MAXSERIES)
        snprintf(fo->note, sizeof fo->note, "%d series: the first %d by name are drawn, all are in the .dat.", ns,
                 MAXSERIES);
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

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_series(const void *a, const void *b)
{
    return strcmp(((const wt_series *)a)->label, ((const wt_series *)b)->label);
}

/* Ticks at the measured x values (sizes, pool sizes, loads) in their units; at most ten of them,
 * every second or third one when more were measured. */
static void xtics(FILE *g, const wt_fig *F, const wt_series *s, int ns)
{
    double v[64];
    int n = 0;
    for (int i = 0; i < ns; i++)
        for (int k = 0; k < s[i].n; k++) {
            int j = 0;
            if (isnan(s[i].x[k]))
                continue;
            while (j < n && v[j] != s[i].x[k])
                j++;
            if (j == n && n == 64)
                return;
            if (j == n)
                v[n++] = s[i].x[k];
        }
    qsort(v, (size_t)n, sizeof *v, cmp_dbl);
    int step = (n + 9) / 10, m = 0;
    for (int j = 0; j < n; j += step)
        v[m++] = v[j];
    n = m;
    if (n < 2)
        return;
    double lo = v[0], hi = v[0];
    fputs("set xtics (", g);
    for (int j = 0; j < n; j++) {
        char b[32];
        if (!strcmp(F->x, "bytes"))
            wt__fmt_bytes(v[j], b, sizeof b);
        else if (strstr(F->x, "_ns"))
            wt__fmt_ns(v[j], b, sizeof b);
        else
            snprintf(b, sizeof b, "%g", v[j]);
        fprintf(g, "%s'%s' %.6g", j ? ", " : "", b, v[j]);
        lo = v[j] < lo ? v[j] : lo, hi = v[j] > hi ? v[j] : hi;
    }
    fputs(")\n", g);
    if (F->logx && lo > 0)
        fprintf(g, "set xrange [%.6g:%.6g]\n", lo / 1.5, hi * 1.5);
    else
        fprintf(g, "set xrange [%.6g:%.6g]\n", lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo));
}

static int lines(const wt_fig *F, const wt_results *R, const wt_xo *xo, int nxo, const char *dir,
                 wt_figlist *L)
{
    wt_series *s = NULL;
    int ns = wt__series_build(R, F->pat, F->x, F->aux, F->y, &s), npts = 0;
    if (ns > 1)
        qsort(s, (size_t)ns, sizeof *s, cmp_series); /* legend in name order: variants together */
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
    note_cut(wt__fig_add(L, F->id, F->section, F->title), ns);
    wt__gp_header(g, F->id, F->title, 900, 520);
    axes(g, F);
    marks(g, F, R, xo, nxo);
    xtics(g, F, s, ns);
    fprintf(g, "set key outside right top font ',%d'\n", ns > 16 ? 8 : 9);
    int block = 0, first = 1;
    for (int i = 0; i < ns; i++) {
        int drawn = i < MAXSERIES;
        if (drawn)
            plot_sep(g, &first);
        if (isnan(s[i].x[0])) { /* no x parameter: a flat line at its value */
            if (drawn) {
                fprintf(g, "%.6g title ", s[i].y[0]);
                wt__gp_quote(g, s[i].label);
                fputs(" dt 2 lw 2", g);
            }
            fputs("# flat line: ", d);
            wt__put_esc(d, s[i].label);
            fprintf(d, " = %.6g (no block)\n", s[i].y[0]);
            continue;
        }
        fputs("# ", d);
        wt__put_esc(d, s[i].label);
        fputs("\n# x median ci_lo ci_hi repetitions\n", d);
        for (int k = 0; k < s[i].n; k++) {
            put_num(d, s[i].x[k], F->logx);
            put_num(d, s[i].y[k], F->logy);
            put_num(d, s[i].lo[k], F->logy);
            put_num(d, s[i].hi[k], F->logy);
            fprintf(d, " %.0f\n", s[i].reps[k]);
        }
        fputs("\n\n", d);
        if (!drawn) {
            block++;
            continue;
        }
        fprintf(g, "'%s.dat' index %d using 1:2:3:4 with yerrorlines ps 0.7", F->id, block++);
        wt__gp_style(g, i, s[i].key);
        fputs(" title ", g);
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
    int *rk = calloc((size_t)R->nr + 1, sizeof *rk), *start = NULL, *ord = NULL, nk = 0, rc = -1;
    json_t *at = json_object(); /* key -> index: no scan of the keys per record */
    if (!keys || !rk || !at)
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
        json_t *ki = json_object_get(at, k);
        rk[i] = ki ? (int)json_integer_value(ki) : nk;
        if (rk[i] == nk) {
            snprintf(keys[nk], 256, "%s", k);
            if (json_object_set_new_nocheck(at, k, json_integer(nk++)) < 0)
                goto out;
        }
    }
    rc = 0;
    if (!nk)
        goto out;
    rc = -1;
    /* the records of key k: ord[start[k]] .. ord[start[k + 1] - 1], in file order */
    start = calloc((size_t)nk + 1, sizeof *start), ord = malloc(((size_t)R->nr + 1) * sizeof *ord);
    if (!start || !ord)
        goto out;
    for (int i = 0; i < R->nr; i++)
        if (rk[i] >= 0)
            start[rk[i] + 1]++;
    for (int k = 0; k < nk; k++)
        start[k + 1] += start[k];
    for (int i = 0; i < R->nr; i++)
        if (rk[i] >= 0)
            ord[start[rk[i]]++] = i;
    for (int k = nk; k > 0; k--) /* the fill moved each start to the next one's: move them back */
        start[k] = start[k - 1];
    start[0] = 0;
    FILE *g, *d = open_pair(dir, F->id, &g);
    if (!d)
        goto out;
    note_cut(wt__fig_add(L, F->id, F->section, F->title), nk);
    wt__gp_header(g, F->id, F->title, 900, 520);
    axes(g, F);
    fprintf(g, "set key outside right top font ',%d'\n", nk > 16 ? 7 : 9);
    int first = 1;
    for (int k = 0; k < nk; k++) {
        fputs("# ", d);
        wt__put_esc(d, keys[k]);
        fputc('\n', d);
        for (int j = start[k]; j < start[k + 1]; j++) {
            const wt_rec *r = &R->r[ord[j]];
            put_num(d, wt__rec_num(r, F->x), F->logx);
            put_num(d, wt__rec_num(r, F->y), F->logy);
            fputc(' ', d);
            wt__dat_quote(d, r->name);
            fputc('\n', d);
        }
        fputs("\n\n", d);
        if (k >= MAXSERIES)
            continue;
        plot_sep(g, &first);
        fprintf(g, "'%s.dat' index %d using 1:2 with points ps 1", F->id, k);
        wt__gp_style(g, k, keys[k]);
        fputs(" title ", g);
        wt__gp_quote(g, keys[k]);
    }
    fputc('\n', g);
    fclose(d);
    fclose(g);
    rc = 1;
out:
    json_decref(at);
    free(keys), free(rk), free(start), free(ord);
    return rc;
}

int wt__figures_write(const wt_results *R, const wt_xo *xo, int nxo, const char *dir, wt_figlist *L)
{
    for (const wt_fig *F = figs; F->id; F++) {
        if (!wt__any(R, F->pat))
            continue;
        int rc = F->kind == WT_FIG_LINES     ? lines(F, R, xo, nxo, dir, L)
                 : F->kind == WT_FIG_SCATTER ? scatter(F, R, dir, L)
                 : F->kind == WT_FIG_HEAT    ? wt__fig_heat(R, F->pat, F->y, dir, L)
                                      : wt__fig_bars(F, R, dir, L, F->kind == WT_FIG_CLUSTER);
        if (rc < 0)
            return -1;
    }
    return 0;
}
