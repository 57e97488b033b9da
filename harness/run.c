/* run.c: runs expanded cases through Google Benchmark in this process. Per invocation: setup (not
 * timed), run(iters) whose returned ns is the manual time, teardown (not timed); then the case's
 * histogram percentiles, its counters, migrations and leaks become counters or outcomes. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"
#include "run.h"
#include "shim.h"

#define MAX_COUNTERS 24

struct wt_run {
    const wt_bench *b;
    int outcome; /* 0, WT_RFAIL, WT_RERROR, WT_RSKIP */
    char msg[300];
    int nc;
    char cname[MAX_COUNTERS][40];
    double cval[MAX_COUNTERS];
    unsigned cflags[MAX_COUNTERS];
    wt_hist hist;
};

static int record(wt_run *r, int outcome, const char *fmt, va_list ap)
{
    if (!r->outcome) { /* sticky: the first reason wins */
        r->outcome = outcome;
        vsnprintf(r->msg, sizeof r->msg, fmt, ap);
    }
    return r->outcome;
}

int wt_fail(wt_run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = record(r, WT_RFAIL, fmt, ap);
    va_end(ap);
    return rc;
}

int wt_skip(wt_run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = record(r, WT_RSKIP, fmt, ap);
    va_end(ap);
    return rc;
}

static int record_s(wt_run *r, int outcome, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = record(r, outcome, fmt, ap);
    va_end(ap);
    return rc;
}

int wt_error(wt_run *r, int err, const char *what)
{
    return record_s(r, WT_RERROR, "%s: %s", what, strerror(err < 0 ? -err : err));
}

wt_hist *wt_run_hist(wt_run *r) { return &r->hist; }

void wt_counter(wt_run *r, const char *name, double value, unsigned flags)
{
    for (int i = 0; i < r->nc; i++)
        if (strcmp(r->cname[i], name) == 0) {
            r->cval[i] = value;
            r->cflags[i] = flags;
            return;
        }
    if (r->nc < MAX_COUNTERS) {
        snprintf(r->cname[r->nc], sizeof r->cname[0], "%s", name);
        r->cval[r->nc] = value;
        r->cflags[r->nc++] = flags;
    }
}

static int count_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* Children left behind: reap zombies, count the living. */
static int leaked_children(void)
{
    int n = 0, st;
    pid_t p;
    while ((p = waitpid(-1, &st, WNOHANG)) > 0)
        n++;
    if (p == 0)
        n++; /* at least one still running */
    return n;
}

static void finish_counters(wt_gb_state *st, wt_run *r, uint64_t iters, uint64_t ns)
{
    if (r->hist.count) {
        wt_gb_counter(st, "p50_ns", (double)wt_hist_quantile(&r->hist, 0.50));
        wt_gb_counter(st, "p99_ns", (double)wt_hist_quantile(&r->hist, 0.99));
        wt_gb_counter(st, "p999_ns", (double)wt_hist_quantile(&r->hist, 0.999));
        wt_gb_counter(st, "max_ns", (double)r->hist.max);
    }
    for (int i = 0; i < r->nc; i++) {
        double v = r->cval[i];
        if ((r->cflags[i] & WT_CTR_PER_ITER) && iters)
            v /= (double)iters;
        if ((r->cflags[i] & WT_CTR_RATE) && ns)
            v /= (double)ns * 1e-9;
        wt_gb_counter(st, r->cname[i], v);
    }
    if (r->b->ctx.pu[0] >= 0)
        wt_gb_counter(st, "migrations", (double)atomic_load(&wt__migrations));
}

static void bench_fn(wt_gb_state *st, void *arg)
{
    const wt_bench *b = arg;
    const wt_case *c = b->c;
    wt_run *r = calloc(1, sizeof *r);
    if (!r) {
        wt_gb_error(st, "ERROR: out of memory");
        return;
    }
    r->b = b;
    wt_hist_reset(&r->hist);
    atomic_store(&wt__migrations, 0);
    int threads0 = count_threads();
    void *state = NULL;
    uint64_t total_ns = 0, total_it = 0;

    int prc = wt_pin_self(b->ctx.pu[0]);
    if (prc < 0)
        wt_error(r, -prc, "pinning the caller");
    else if (c->setup && c->setup(&b->ctx, r, &state) < 0 && !r->outcome)
        wt_fail(r, "setup failed without a reason");
    if (!r->outcome) {
        uint64_t n = wt_gb_max_iterations(st);
        while (wt_gb_keep_running_batch(st, n)) {
            int64_t ns = c->run(state, r, n);
            if (ns < 0) {
                if (!r->outcome)
                    wt_fail(r, "run failed without a reason");
                break;
            }
            wt_gb_set_iteration_time(st, (double)ns * 1e-9);
            total_ns += (uint64_t)ns;
            total_it += n;
        }
        if (!r->outcome && !wt_on_pu(b->ctx.pu[0]))
            wt_note_migration();
    }
    if (c->teardown)
        c->teardown(state);
    int leak_t = threads0 > 0 ? count_threads() - threads0 : 0;
    int leak_c = leaked_children();
    if (!r->outcome && (leak_t > 0 || leak_c > 0))
        wt_fail(r, "LEAK: %d thread(s) and %d child process(es) outlived the case", leak_t > 0 ? leak_t : 0, leak_c);

    if (r->outcome) {
        char msg[340];
        const char *kind = r->outcome == WT_RSKIP ? "SKIP" : r->outcome == WT_RERROR ? "ERROR" : "FAIL";
        snprintf(msg, sizeof msg, "%s: %s", kind, r->msg);
        wt_gb_error(st, msg);
    } else {
        finish_counters(st, r, total_it, total_ns);
    }
    free(r);
}

int wt__register(wt_bench *b, int nb, const wt_opts *o, int *nskip)
{
    wt_gb_opts g = {0}; /* repetitions and min time travel as flags (see wt__gb_flags) */
    g.manual_time = 1;
    (void)o;
    int n = 0;
    for (int i = 0; i < nb; i++) {
        if (b[i].skip) {
            printf("SKIP  %-58s %s\n", b[i].name, b[i].skip);
            (*nskip)++;
            continue;
        }
        int rc = wt_gb_register(b[i].name, bench_fn, &b[i], &g);
        if (rc < 0)
            return rc;
        n++;
    }
    return n;
}
