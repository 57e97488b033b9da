/* table.c: the readable table printed while Google Benchmark runs: one line per result (its median
 * over repetitions, CV, and the case's own p50/p99), outcome lines for FAIL/ERROR/SKIP, progress on
 * stderr when it is a terminal. No timing here. */
#include <stdio.h>
#include <string.h>
#include "run.h"
#include "shim.h"

static const char *fmt_ns(double ns, char *buf, size_t len)
{
    if (ns < 0)
        snprintf(buf, len, "-");
    else if (ns < 1e3)
        snprintf(buf, len, "%.1f ns", ns);
    else if (ns < 1e6)
        snprintf(buf, len, "%.2f us", ns / 1e3);
    else if (ns < 1e9)
        snprintf(buf, len, "%.2f ms", ns / 1e6);
    else
        snprintf(buf, len, "%.2f s", ns / 1e9);
    return buf;
}

static double counter(const wt_gb_result *r, const char *name)
{
    for (int i = 0; i < r->ncounters; i++)
        if (strcmp(r->counter_names[i], name) == 0)
            return r->counter_values[i];
    return -1;
}

void wt__table_header(void)
{
    printf("%-62s %12s %7s %12s %12s\n", "result (median of repetitions)", "time/op", "cv", "p50", "p99");
    fflush(stdout);
}

/* The last result seen, so the cv aggregate (reported after the median) can complete its line. */
static char pending_name[200];
static double pending_t, pending_p50, pending_p99;
static int pending;

static void flush_line(wt_tally *t, double cv)
{
    char a[32], b[32], c[32], d[16];
    if (!pending)
        return;
    if (cv >= 0)
        snprintf(d, sizeof d, "%.1f%%", cv * 100);
    else
        snprintf(d, sizeof d, "-");
    printf("%-62s %12s %7s %12s %12s\n", pending_name, fmt_ns(pending_t, a, sizeof a), d,
           fmt_ns(pending_p50, b, sizeof b), fmt_ns(pending_p99, c, sizeof c));
    fflush(stdout);
    if (cv > 0.05) {
        t->noisy++;
        size_t off = strlen(t->noisy_names);
        if (off + strlen(pending_name) + 2 < sizeof t->noisy_names)
            snprintf(t->noisy_names + off, sizeof t->noisy_names - off, "%s%s", off ? " " : "", pending_name);
    }
    pending = 0;
}

void wt__table_cb(const wt_gb_result *r, void *arg)
{
    wt_tally *t = arg;
    if (r->error) {
        /* One line per failing result, however many repetitions repeat it. */
        static char seen[64][200];
        static int nseen;
        for (int i = 0; i < nseen; i++)
            if (strcmp(seen[i], r->name) == 0)
                return;
        snprintf(seen[nseen % 64], sizeof seen[0], "%s", r->name);
        if (nseen < 64)
            nseen++;
        flush_line(t, -1);
        const char *m = r->error_msg;
        if (!strncmp(m, "SKIP", 4))
            t->skip++;
        else if (!strncmp(m, "ERROR", 5))
            t->error++;
        else
            t->fail++;
        const char *colon = strchr(m, ':');
        int kl = colon && colon - m <= 5 ? (int)(colon - m) : 4;
        printf("%-5.*s %-56s %s\n", kl, m, r->name, colon ? colon + 2 : m);
        fflush(stdout);
        return;
    }
    const char *agg = r->aggregate;
    if (!*agg) {
        /* a repetition: shown only when there is no aggregate to come */
        if (t->tty) {
            t->done++;
            fprintf(stderr, "\r\033[K[%d] %s", t->done, r->name);
            fflush(stderr);
        }
        return;
    }
    if (strcmp(agg, "median") == 0) {
        flush_line(t, -1);
        if (t->tty)
            fprintf(stderr, "\r\033[K");
        snprintf(pending_name, sizeof pending_name, "%s", r->name);
        pending_t = r->time_ns;
        pending_p50 = counter(r, "p50_ns");
        pending_p99 = counter(r, "p99_ns");
        pending = 1;
        t->ok++;
    } else if (strcmp(agg, "cv") == 0 && pending && strcmp(pending_name, r->name) == 0) {
        flush_line(t, r->time_ns);
    }
}

/* For single-repetition runs (smoke): no aggregates come, so the repetition is the result. */
void wt__table_single(const wt_gb_result *r, void *arg)
{
    wt_tally *t = arg;
    if (r->error || *r->aggregate) {
        wt__table_cb(r, arg);
        return;
    }
    snprintf(pending_name, sizeof pending_name, "%s", r->name);
    pending_t = r->time_ns;
    pending_p50 = counter(r, "p50_ns");
    pending_p99 = counter(r, "p99_ns");
    pending = 1;
    t->ok++;
    flush_line(t, -1);
}

void wt__table_end(wt_tally *t) { flush_line(t, -1); }
