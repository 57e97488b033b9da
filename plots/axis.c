/* axis.c: numbers in their units (1.23 µs, 64 KiB, 3.2 GB/s, 68k /s) for tick labels, captions and
 * tables; explicit gnuplot ticks in those units over a figure's data range, so no axis ever reads
 * "1e+09"; and what each key the report draws measures, for the captions. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

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
    static const char *const u[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int k = 0;
    if (isnan(v)) {
        snprintf(b, len, "n/a");
        return;
    }
    while (fabs(v) >= 1024 && k < 4)
        v /= 1024, k++;
    snprintf(b, len, "%.4g %s", v, u[k]);
}

/* Decimal prefixes: 3.2 GB/s, 68.1k /s. */
static void fmt_si(double v, const char *unit, char *b, size_t len)
{
    static const char *const p[] = {"", "k", "M", "G", "T", "P"};
    int k = 0;
    if (isnan(v)) {
        snprintf(b, len, "n/a");
        return;
    }
    while (fabs(v) >= 1000 && k < 5)
        v /= 1000, k++;
    snprintf(b, len, "%.3g %s%s", v, p[k], unit);
}

void wt__fmt_unit(double v, int unit, char *b, size_t len)
{
    switch (unit) {
    case WT_U_NS: wt__fmt_ns(v, b, len); break;
    case WT_U_BYTES: wt__fmt_bytes(v, b, len); break;
    case WT_U_MIB: wt__fmt_bytes(v * 1048576.0, b, len); break;
    case WT_U_BPS: fmt_si(v, "B/s", b, len); break;
    case WT_U_PER_S: fmt_si(v, "/s", b, len); break;
    case WT_U_PCT: snprintf(b, len, "%.3g %%", v); break;
    default: /* never 1e+07: large numbers with a prefix, small ones in full */
        if (fabs(v) >= 1e4)
            fmt_si(v, "", b, len);
        else if (fabs(v) >= 100)
            snprintf(b, len, "%.0f", v);
        else if (v != 0 && fabs(v) < 1e-3)
            snprintf(b, len, "%.6f", v);
        else
            snprintf(b, len, "%.3g", v);
        break;
    }
}

int wt__key_unit(const char *keys)
{
    char k[64];
    snprintf(k, sizeof k, "%.*s", (int)strcspn(keys, ","), keys);
    size_t n = strlen(k);
    if (!strcmp(k, WT_F_REAL_TIME) || !strcmp(k, WT_F_CPU_TIME) || (n > 3 && !strcmp(k + n - 3, "_ns")) ||
        !strncmp(k, "ns_", 3))
        return WT_U_NS;
    if (strstr(k, "bytes_per_second"))
        return WT_U_BPS;
    if ((n > 11 && !strcmp(k + n - 11, "_per_second")) || (n > 6 && !strcmp(k + n - 6, "_per_s")))
        return WT_U_PER_S;
    return n > 4 && !strcmp(k + n - 4, "_pct") ? WT_U_PCT : WT_U_PLAIN;
}

/* The placement value at x position x (series.c numbers those the results use). */
static const char *class_name(const wt_results *R, int x)
{
    const char *k;
    json_t *v;
    json_object_foreach(R->classes, k, v)
        if (json_integer_value(v) == x)
            return k;
    return "?";
}

/* A tic label is a format for gnuplot: a % in it is doubled (a placement value can hold one). */
static void tic(FILE *g, int *first, const char *label, double at)
{
    char b[200];
    size_t n = 0;
    for (const char *s = label; *s && n + 3 < sizeof b; s++)
        if ((b[n++] = *s) == '%')
            b[n++] = '%';
    b[n] = 0;
    fputs(*first ? "(" : ", ", g);
    *first = 0;
    wt__gp_quote(g, b);
    fprintf(g, " %.10g", at);
}

void wt__gp_axis(FILE *g, const wt_results *R, const char *axis, int unit, int logscale, double lo, double hi,
                 const double *at, int nat)
{
    char b[64];
    int first = 1;
    if (!(lo <= hi) || !isfinite(lo) || !isfinite(hi))
        return;
    if (logscale && lo <= 0)
        logscale = 0;
    fprintf(g, "set %stics ", axis);
    if (unit == WT_U_CLASS) {
        for (int x = (int)floor(lo); x <= (int)ceil(hi); x++)
            tic(g, &first, class_name(R, x), x);
        fprintf(g, ")\nset %srange [%g:%g]\n", axis, floor(lo) - 0.4, ceil(hi) + 0.4);
        return;
    }
    if (at && nat >= 2 && nat <= 64) { /* the measured values, at most ten of them, none crowding */
        int step = (nat + 9) / 10;
        double last = NAN, span = logscale ? log(at[nat - 1] / at[0]) : at[nat - 1] - at[0];
        for (int j = 0; j < nat; j += step) {
            double gap = logscale ? log(at[j] / last) : at[j] - last;
            if (!isnan(last) && gap < 0.05 * span)
                continue;
            wt__fmt_unit(at[j], unit, b, sizeof b);
            tic(g, &first, b, at[j]);
            last = at[j];
        }
    } else if (logscale && (unit == WT_U_BYTES || unit == WT_U_MIB)) { /* powers of two, at most ten */
        int e0 = (int)ceil(log2(lo) - 1e-9), e1 = (int)floor(log2(hi) + 1e-9), step = 1;
        while ((e1 - e0) / step >= 10)
            step = step == 1 ? 2 : step == 2 ? 5 : step * 2;
        for (int e = e0 + ((step - e0 % step) % step); e <= e1; e += step) {
            wt__fmt_unit(pow(2, e), unit, b, sizeof b);
            tic(g, &first, b, pow(2, e));
        }
    } else if (logscale) {
        int e0 = (int)floor(log10(lo)), e1 = (int)ceil(log10(hi));
        static const double m125[] = {1, 2, 5};
        int fine = e1 - e0 <= 2, step = (e1 - e0 + 9) / 10;
        for (int e = e0; e <= e1; e += step)
            for (int k = 0; k < (fine ? 3 : 1); k++) {
                double t = m125[k] * pow(10, e);
                if (fine && (t < lo / 2.5 || t > hi * 2.5))
                    continue;
                wt__fmt_unit(t, unit, b, sizeof b);
                tic(g, &first, b, t);
            }
    } else {
        if (lo >= 0 && !at)
            lo = 0;
        double span = hi > lo ? hi - lo : fabs(hi) > 0 ? fabs(hi) : 1, raw = span / 5;
        double mag = pow(10, floor(log10(raw))), st = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : 5 * mag;
        double from = lo >= 0 && (!at || lo < 0.35 * hi) ? 0 : floor(lo / st) * st; /* values from zero */
        for (double t = from; t <= hi + st * 0.5; t += st) {
            wt__fmt_unit(fabs(t) < st * 1e-9 ? 0 : t, unit, b, sizeof b);
            tic(g, &first, b, t);
            if (t > hi)
                break;
        }
        lo = from;
        hi = hi + 0.05 * (hi - lo);
    }
    if (first) {
        fputs("autofreq\n", g);
        return;
    }
    fputs(")\n", g);
    if (logscale)
        fprintf(g, "set %srange [%.6g:%.6g]\n", axis, lo / 1.4, hi * 1.4);
    else if (!(at && nat >= 2))
        fprintf(g, "set %srange [%.6g:%.6g]\n", axis, lo, hi > lo ? hi : lo + 1);
    else
        fprintf(g, "set %srange [%.6g:%.6g]\n", axis, lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo));
}

static const struct {
    const char *key, *what;
} whats[] = {
    {WT_C_P50, "p50 of the per-operation histogram"},
    {WT_C_P99, "p99 of the per-operation histogram"},
    {WT_F_REAL_TIME, "mean time per operation"},
    {WT_C_ONE_WAY, "one-way latency (half the mean round trip)"},
    {WT_C_CPU_PER_MSG, "CPU time both sides burn per round trip"},
    {WT_C_BYTES_PER_S, "payload bytes per second"},
    {WT_C_TASKS_PER_S, "tasks completed per second"},
    {WT_C_OPS_PER_S, "operations per second"},
    {WT_C_MSGS_PER_S, "messages delivered per second"},
    {WT_C_SPAWNS_PER_S, "workers started per second"},
    {WT_C_OVERHEAD, "overhead ratio"},
    {WT_C_NS_PER_TASK, "mean time per task"},
    {WT_C_CHEAP_P50, "p50 latency of the cheap requests"},
    {WT_C_CHEAP_P99, "p99 latency of the cheap requests"},
    {WT_C_LAG_MEAN, "mean event-loop lag"},
    {WT_C_LAG_P99, "p99 event-loop lag"},
    {WT_C_DETECT_P50, "median time to detect a killed worker"},
    {WT_C_DETECT_P99, "p99 time to detect a killed worker"},
    {WT_C_RECOVER_P50, "median time to recover from a killed worker"},
    {WT_C_RECOVER_P99, "p99 time to recover from a killed worker"},
    {NULL, NULL},
};

const char *wt__key_what(const char *key)
{
    for (int i = 0; whats[i].key; i++)
        if (!strcmp(whats[i].key, key))
            return whats[i].what;
    return key;
}
