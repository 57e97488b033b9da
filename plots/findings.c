/* findings.c: findings.md, computed from the results and never written by hand: crossover points,
 * headline ratios, then the six claims of DESIGN.md (judged in claims.c), each CONFIRMED / REFUTED /
 * NOT MEASURED on this machine with the numbers behind the verdict and the figures they come from. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define LAT "p50_ns,real_time"

/* The crossover table: what findings.md states and the figures mark (A must be a single pattern). */
const wt_xodef wt__xodefs[] = {
    {"transfer-beats-copy-read", "Payload size above which a transfer beats a copy, consumer reads every byte",
     "xfer.transfer touch:1", "xfer.copy touch:1", "bytes", "real_time", 1.0, "place", "xfer_time_touch"},
    {"transfer-beats-copy", "Payload size above which a transfer beats a copy, consumer does not read it",
     "xfer.transfer touch:0", "xfer.copy touch:0", "bytes", "real_time", 1.0, "place", "xfer_time_notouch"},
    {"thread-under-10pct", "Task cost above which a thread per request costs under 10 % overhead",
     "pool.closed mode:thread*", NULL, "cost_ns", "overhead_ratio", 0.10, NULL, "pool_overhead"},
    {"pool-stops-mattering",
     "Task cost above which a thread per request is within 10 % of the pool's time per task",
     "pool.closed mode:thread*", "pool.closed mode:pool*", "cost_ns", "ns_per_task,real_time", 1.10, NULL,
     "pool_overhead"},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL},
};

void wt__fmt_ns(double ns, char *b, size_t len)
{
    if (isnan(ns))
        snprintf(b, len, "n/a");
    else if (fabs(ns) >= 1e9)
        snprintf(b, len, "%.3g s", ns / 1e9);
    else if (fabs(ns) >= 1e6)
        snprintf(b, len, "%.3g ms", ns / 1e6);
    else if (fabs(ns) >= 1e3)
        snprintf(b, len, "%.3g µs", ns / 1e3);
    else
        snprintf(b, len, "%.3g ns", ns);
}

void wt__fmt_bytes(double v, char *b, size_t len)
{
    static const char *const u[] = {"B", "KiB", "MiB", "GiB"};
    int k = 0;
    while (fabs(v) >= 1024 && k < 3)
        v /= 1024, k++;
    snprintf(b, len, "%.4g %s", v, u[k]);
}

static void fmt_x(const char *param, double x, char *b, size_t len)
{
    if (!strcmp(param, "bytes"))
        wt__fmt_bytes(x, b, len);
    else
        wt__fmt_ns(x, b, len);
}

void wt__figs(FILE *o, const char *list)
{
    fputs(" (figures:", o);
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        fprintf(o, " [%.*s](index.html#fig-%.*s)", (int)n, p, (int)n, p);
        p += n + (p[n] == ',');
    }
    fputs(")", o);
}

static void crossovers(FILE *o, const wt_results *R, const wt_xo *xo, int nxo)
{
    fputs("## Crossover points\n\n", o);
    for (const wt_xodef *d = wt__xodefs; d->id; d++) {
        int any = 0;
        for (int i = 0; i < nxo; i++) {
            const wt_xo *x = &xo[i];
            if (x->d != d)
                continue;
            char a[48], b[48], c[48], m[500];
            fprintf(o, "- %s%s%s%s%s%s: ", d->what, *x->per ? " (" : "", *x->per ? d->per : "",
                    *x->per ? " " : "", *x->per ? wt__md(x->per, 0, m, sizeof m) : "", *x->per ? ")" : "");
            if (R->nf > 1)
                fprintf(o, "[%s] ", wt__md(R->f[x->file].label, 0, m, sizeof m));
            fmt_x(d->x, x->xc, c, sizeof c);
            fmt_x(d->x, x->xmin, a, sizeof a);
            fmt_x(d->x, x->xmax, b, sizeof b);
            char l[48], h[48];
            fmt_x(d->x, x->lo, l, sizeof l);
            fmt_x(d->x, x->hi, h, sizeof h);
            if (x->status != WT_XO_NODATA && !(x->agree >= 0.95))
                fprintf(o, "INCONCLUSIVE: the point estimate says %s, but %.0f %% of %d bootstrap resamples of the "
                        "repetitions find no crossover in %s to %s (95 %% interval [%s, %s])",
                        x->status == WT_XO_FOUND ? c : x->status == WT_XO_BELOW ? "at or below the smallest size"
                                                                               : "beyond the largest size",
                        (1 - x->agree) * 100, WT_BOOT_N, a, b, isinf(x->lo) ? "below the range" : l,
                        isinf(x->hi) ? "beyond the range" : h);
            else if (x->status == WT_XO_FOUND)
                fprintf(o, "**%s**, 95 %% interval [%s, %s] (interpolated log-log; bootstrap over repetitions; "
                        "measured %s to %s)", c, isinf(x->lo) ? a : l, isinf(x->hi) ? b : h, a, b);
            else if (x->status == WT_XO_BELOW)
                fprintf(o, "**at or below %s**, the smallest measured (holds at every point up to %s)", a, b);
            else if (x->status == WT_XO_NEVER)
                fprintf(o, "**not within %s to %s** (ratio at the largest: %.3g)", a, b, x->last);
            else
                fprintf(o, "NOT MEASURED (no matching results)");
            if (x->status != WT_XO_NODATA)
                wt__figs(o, d->fig);
            fputc('\n', o);
            any = 1;
        }
        if (!any)
            fprintf(o, "- %s: NOT MEASURED (no %s results)\n", d->what, d->a);
    }
}

static int cmp_f(const void *p, const void *q)
{
    double x = *(const double *)p, y = *(const double *)q;
    return x < y ? -1 : x > y;
}

/* A headline ratio num/den with the 95 % bootstrap interval of the ratio: the two figures are
 * picked again on every resample by the same rule (kind 0: smallest over the pattern, 1: largest,
 * 2: at the smallest mem_mib). */
typedef struct pickdef {
    const char *pat, *keys;
    int kind;
} pickdef;

static double pick_def(const wt_results *R, int f, const pickdef *p)
{
    return p->kind == 2 ? wt__at_param(R, f, p->pat, "mem_mib", 0, p->keys) : wt__pick(R, f, p->pat, p->keys, p->kind, NULL);
}

static void ratio(FILE *o, const wt_results *R, int f, const char *what, pickdef pn, pickdef pd, const char *nn,
                  const char *dn, const char *fig)
{
    double num = pick_def(R, f, &pn), den = pick_def(R, f, &pd), v[WT_BOOT_N];
    char a[48], b[48];
    wt__fmt_ns(num, a, sizeof a);
    wt__fmt_ns(den, b, sizeof b);
    if (isnan(num) || isnan(den) || den <= 0) {
        fprintf(o, "- %s: NOT MEASURED (%s or %s missing)\n", what, nn, dn);
        return;
    }
    int n = 0, old = wt__boot_set(0), boot = wt__boot_any(R);
    for (int k = 1; k <= (boot ? WT_BOOT_N : 1); k++) {
        wt__boot_set(k);
        double q = pick_def(R, f, &pn) / pick_def(R, f, &pd);
        if (isfinite(q))
            v[n++] = q;
    }
    wt__boot_set(old);
    qsort(v, (size_t)n, sizeof *v, cmp_f);
    fprintf(o, "- %s: **%.3g×**, 95 %% interval [%.3g, %.3g] (%s %s ÷ %s %s)", what, num / den,
            n ? v[(int)floor(0.025 * (n - 1))] : NAN, n ? v[(int)ceil(0.975 * (n - 1))] : NAN, nn, a, dn, b);
    wt__figs(o, fig);
    fputc('\n', o);
}

/* The environment's noise warnings, the measurement rules and every result whose interval stayed
 * wider than the target: each line as a list item. */
static void noise(FILE *o, const wt_results *R)
{
    char m[1200], m2[1200];
    for (int i = 0; i < R->nf; i++) {
        const char *lab = R->nf > 1 ? wt__md(R->f[i].label, 0, m, sizeof m) : "";
        const char *ru = wt__ctx(R, i, "wt_rules");
        if (ru && *ru)
            fprintf(o, "Measurement rules%s%s: %s.\n\n", R->nf > 1 ? " for " : "", lab, wt__md(ru, 0, m2, sizeof m2));
        static const char *const key[] = {"wt_warnings", "wt_noise"};
        static const char *const head[] = {"Noise warnings", "Results whose 95 % interval stayed wider than the target"};
        for (int k = 0; k < 2; k++) {
            const char *t = wt__ctx(R, i, key[k]);
            if (!t || !*t)
                continue;
            fprintf(o, "%s%s%s:\n\n", head[k], R->nf > 1 ? " for " : "", lab);
            for (const char *l = t; *l;) {
                size_t n = strcspn(l, "\n");
                char line[1000];
                snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), l);
                if (n)
                    fprintf(o, "- %s\n", wt__md(line, 0, m2, sizeof m2));
                l += n + (l[n] == '\n');
            }
            fputc('\n', o);
        }
    }
}

int wt__findings_write(const wt_results *R, const wt_xo *xo, int nxo, const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/findings.md", dir);
    FILE *o = fopen(p, "w");
    if (!o)
        return -1;
    /* everything from the inputs goes through wt__md: a name is text, never markdown or HTML */
    const char *host = wt__ctx(R, 0, "host_name"), *mode = wt__ctx(R, 0, "wt_mode");
    char m[1200], m2[1200], m3[1200];
    fprintf(o, "# wtbench findings: %s\n\nComputed by `wtbench report` from", wt__md(host ? host : "?", 0, m, sizeof m));
    for (int i = 0; i < R->nf; i++)
        fprintf(o, " %s%s", wt__md(R->f[i].path, 1, m, sizeof m), i + 1 < R->nf ? "," : "");
    fprintf(o, " (mode %s). Nothing here is written by hand; the figures are in `index.html`.\n\n",
            wt__md(mode ? mode : "?", 0, m, sizeof m));
    noise(o, R);
    crossovers(o, R, xo, nxo);
    fputs("\n## Headline ratios\n\n", o);
    for (int f = 0; f < R->nf; f++) {
        if (R->nf > 1)
            fprintf(o, "### %s\n\n", wt__md(R->f[f].label, 0, m, sizeof m));
        const char *ow = "one_way_ns,p50_ns,real_time";
        pickdef th = {"spawn.thread until:join", LAT, 0};
        ratio(o, R, f, "Process spawn ÷ thread spawn (fork+wait, smallest parent, ÷ thread start+join)",
              (pickdef){"spawn.process how:fork", LAT, 2}, th, "fork", "thread", "spawn_cost,spawn_fork_mem");
        ratio(o, R, f, "posix_spawn ÷ thread spawn", (pickdef){"spawn.process how:spawn", LAT, 2}, th, "posix_spawn",
              "thread", "spawn_cost");
        ratio(o, R, f, "futex ÷ spin (one-way, farthest placement)", (pickdef){"msg.futex peer:thread place:@far", ow, 0},
              (pickdef){"msg.spin peer:thread place:@far", ow, 0}, "futex", "spin", "msg_matrix");
        if (strcmp(R->f[f].near, R->f[f].far) && strcmp(R->f[f].near, "-")) {
            char fw[96], nw[96], what[160];
            snprintf(fw, sizeof fw, "msg.spin peer:thread place:%s", R->f[f].far);
            snprintf(nw, sizeof nw, "msg.spin peer:thread place:%s", R->f[f].near);
            snprintf(what, sizeof what, "Farthest ÷ nearest placement (spin one-way, %s ÷ %s)", R->f[f].far,
                     R->f[f].near);
            ratio(o, R, f, what, (pickdef){fw, ow, 0}, (pickdef){nw, ow, 0}, R->f[f].far, R->f[f].near, "msg_matrix");
        } else {
            fprintf(o, "- Farthest ÷ nearest placement: NOT MEASURED (this machine has one placement class "
                       "besides pu: %s)\n", R->f[f].far);
        }
        ratio(o, R, f, "Core-to-core slowest ÷ fastest pair", (pickdef){"msg.c2c", "one_way_ns,real_time", 1},
              (pickdef){"msg.c2c", "one_way_ns,real_time", 0}, "slowest", "fastest", "msg_c2c");
    }
    fputs("\n## The claims of the worker-thread guides, on this machine\n\n", o);
    for (int f = 0; f < R->nf; f++) {
        if (R->nf > 1)
            fprintf(o, "### %s\n\n", wt__md(R->f[f].label, 0, m, sizeof m));
        wt__claims_for(o, R, xo, nxo, f);
        fputc('\n', o);
    }
    int failed = 0;
    for (int i = 0; i < R->nr; i++)
        failed += R->r[i].error != NULL;
    if (failed) {
        fputs("## Results left out (failed or skipped)\n\n", o);
        for (int i = 0; i < R->nr; i++)
            if (R->r[i].error)
                fprintf(o, "- %s%s%s: %s\n", wt__md(R->r[i].name, 1, m, sizeof m), R->nf > 1 ? " in " : "",
                        R->nf > 1 ? wt__md(R->f[R->r[i].file].label, 0, m2, sizeof m2) : "",
                        wt__md(R->r[i].error, 0, m3, sizeof m3));
    }
    return fclose(o) == 0 ? 0 : -1;
}
