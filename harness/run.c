/* run.c: one repetition of each given result, through Google Benchmark, in this process (a per-case
 * child of the supervisor, one per round). A repetition: setup (not timed); warm-up (untimed run()
 * calls, batches growing to the sample size, until steady: measure.c); timed samples of `batch`
 * operations until the repetition holds the rules' minimum time and operations, a sample whose PUs
 * lost time to the host (steal) retaken and counted; teardown (not timed). The time is the sum of
 * the samples' manual times over their operations; the case's histogram (after the warm-up), its
 * counters, migrations and leaks become counters or outcomes. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
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
    double cwarm[MAX_COUNTERS]; /* counter values when the warm-up ended */
    double sample_min_s;        /* the case's own floor for a sample (wt_sample_min) */
    double warm_min_s;          /* the case's own floor for the warm-up (wt_warm_min) */
    int nwarm;
    wt_hist hist;
};

/* One repetition of one result: what was timed, and what came before it. */
typedef struct meas {
    uint64_t ops, ns, cpu_ns;  /* accepted samples: timed operations, ns, caller thread CPU ns */
    uint64_t all_ops, all_ns;  /* every sample after the warm-up, retaken ones too (for counters) */
    uint64_t samples, batch, retaken, warm_ops, warm_ns;
    int steady;
} meas;

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

void wt_sample_min(wt_run *r, double seconds) { r->sample_min_s = seconds; }
void wt_warm_min(wt_run *r, double seconds) { r->warm_min_s = seconds; }

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
        r->cwarm[r->nc] = 0;
        r->cflags[r->nc++] = flags;
    }
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

/* Counters: WT_CTR_PER_ITER and WT_CTR_RATE values are running totals over the instance's runs;
 * the part added after the warm-up is divided by the operations / seconds run after it. */
static void finish_counters(wt_gb_state *st, wt_run *r, const meas *m)
{
    if (r->hist.count) {
        wt_gb_counter(st, "p50_ns", (double)wt_hist_quantile(&r->hist, 0.50));
        wt_gb_counter(st, "p99_ns", (double)wt_hist_quantile(&r->hist, 0.99));
        wt_gb_counter(st, "p999_ns", (double)wt_hist_quantile(&r->hist, 0.999));
        wt_gb_counter(st, "max_ns", (double)r->hist.max);
    }
    for (int i = 0; i < r->nc; i++) {
        double v = r->cval[i];
        if (r->cflags[i] & (WT_CTR_PER_ITER | WT_CTR_RATE))
            v -= r->cwarm[i];
        if ((r->cflags[i] & WT_CTR_PER_ITER) && m->all_ops)
            v /= (double)m->all_ops;
        if ((r->cflags[i] & WT_CTR_RATE) && m->all_ns)
            v /= (double)m->all_ns * 1e-9;
        wt_gb_counter(st, r->cname[i], v);
    }
    if (r->b->ctx.pu[0] >= 0)
        wt_gb_counter(st, "migrations", (double)atomic_load(&wt__migrations));
    wt_gb_counter(st, "samples", (double)m->samples);
    wt_gb_counter(st, "batch", (double)m->batch);
    if (!(r->b->c->flags & WT_WINDOW)) { /* a window has no warm-up here: its setup warmed it */
        wt_gb_counter(st, "warm_ops", (double)m->warm_ops);
        wt_gb_counter(st, "warm_ns", (double)m->warm_ns);
        wt_gb_counter(st, "warm_steady", m->steady);
    }
    wt_gb_counter(st, "retaken", (double)m->retaken);
}

/* Steal ticks (USER_HZ) of the PUs a case uses, from /proc/stat; 0 when unknown. */
static uint64_t steal_ticks(const int *pu)
{
    FILE *f = fopen("/proc/stat", "r");
    char line[512];
    uint64_t sum = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        int cpu;
        unsigned long long v[8];
        if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &v[0], &v[1], &v[2], &v[3], &v[4],
                   &v[5], &v[6], &v[7]) == 9 && (pu[0] < 0 || cpu == pu[0] || cpu == pu[1]))
            sum += v[7];
    }
    fclose(f);
    return sum;
}

/* Warm-up, then timed samples until the repetition holds rep_min_s and rep_min_ops. A sample
 * during which the host stole CPU time from the case's PUs is retaken (and counted). */
static int measure(const wt_bench *b, const wt_rules *rules, wt_run *r, void *state, meas *m)
{
    const wt_case *c = b->c;
    wt_rules own = *rules, *R = &own;
    if (r->warm_min_s > R->warm_min_s && !b->ctx.smoke) {
        R->warm_min_s = r->warm_min_s;
        if (R->warm_max_s < 2 * R->warm_min_s)
            R->warm_max_s = 2 * R->warm_min_s;
    }
    if (r->sample_min_s > R->sample_min_s && !b->ctx.smoke) {
        R->sample_min_s = r->sample_min_s;
        if (R->rep_min_s < 2 * R->sample_min_s)
            R->rep_min_s = 2 * R->sample_min_s;
        if (R->warm_max_s < 2 * R->sample_min_s)
            R->warm_max_s = 2 * R->sample_min_s;
    }
    if (c->flags & (WT_STRESS | WT_WINDOW)) { /* one call lasting ctx->duration_s: no warm-up here */
        int64_t ns = c->run(state, r, 1);
        if (ns < 0)
            return -1;
        m->ops = m->all_ops = m->samples = m->batch = 1;
        m->ns = m->all_ns = (uint64_t)ns;
        return 0;
    }
    wt_warm w = {0};
    uint64_t n = 1, t0 = wt_now_ns();
    for (;;) {
        int64_t ns = c->run(state, r, n);
        if (ns < 0)
            return -1;
        m->warm_ops += n;
        m->warm_ns += (uint64_t)ns;
        if (!(n = wt__warm_next(&w, R, n, (double)ns, (double)(wt_now_ns() - t0) * 1e-9)))
            break;
    }
    m->steady = w.steady;
    m->batch = n = w.n;
    for (int i = 0; i < r->nc; i++)
        r->cwarm[i] = r->cval[i];
    r->nwarm = r->nc;
    wt_hist_reset(&r->hist);
    /* Steal is read around the samples, never between them: a pause of tens of microseconds
     * between two samples (reading /proc/stat) threw spinning ping-pongs on this VM into a mode
     * five times slower (a spinning peer's PAUSE loop exits to the hypervisor). */
    int check = !b->ctx.smoke;
    for (;;) {
        uint64_t s0 = check ? steal_ticks(b->ctx.pu) : 0;
        /* Enough: rep_min_s and rep_min_ops, or, for long operations, four times rep_min_s and
         * three operations, or eight times rep_min_s and two (never one: a single operation has no
         * spread to show). */
        while (!((m->ns >= (uint64_t)(R->rep_min_s * 1e9) && m->ops >= R->rep_min_ops) ||
                 (m->ns >= (uint64_t)(4 * R->rep_min_s * 1e9) && m->ops >= 3) ||
                 (m->ns >= (uint64_t)(8 * R->rep_min_s * 1e9) && m->ops >= 2))) {
            uint64_t c0 = wt_thread_cpu_ns();
            int64_t ns = c->run(state, r, n);
            uint64_t c1 = wt_thread_cpu_ns();
            if (ns < 0)
                return -1;
            m->all_ops += n;
            m->all_ns += (uint64_t)ns;
            m->ops += n;
            m->ns += (uint64_t)ns;
            m->cpu_ns += c1 - c0;
            m->samples++;
        }
        if (!check || steal_ticks(b->ctx.pu) == s0 || m->retaken >= 2)
            return 0;
        /* The host stole CPU from the case's PUs during these samples: take them again. */
        m->retaken++;
        m->ops = m->ns = m->cpu_ns = m->samples = 0;
        wt_hist_reset(&r->hist);
    }
}

/* Test-only fault injection, so the supervisor's crash and hang reports can be tested:
 * WTBENCH_TEST_FAULT=crash:CASE or hang:CASE makes that case's process crash or hang. */
static void test_fault(const char *case_name)
{
    const char *f = getenv("WTBENCH_TEST_FAULT");
    if (!f)
        return;
    const char *colon = strchr(f, ':');
    if (!colon || strcmp(colon + 1, case_name) != 0)
        return;
    if (!strncmp(f, "crash:", 6))
        abort();
    if (!strncmp(f, "hang:", 5))
        for (;;)
            pause();
}

static const wt_rules *g_rules;
int wt__progress_fd = -1;

static void bench_fn(wt_gb_state *st, void *arg)
{
    const wt_bench *b = arg;
    const wt_case *c = b->c;
    wt_run *r = calloc(1, sizeof *r);
    meas m;
    memset(&m, 0, sizeof m);
    while (wt_gb_keep_running_batch(st, 1)) { /* one pass: the harness times, Google Benchmark reports */
        if (!r) {
            wt_gb_error(st, "ERROR: out of memory");
            break;
        }
        r->b = b;
        if (wt__progress_fd >= 0) {
            char line[256];
            int len = snprintf(line, sizeof line, "%s\n", b->name);
            if (write(wt__progress_fd, line, (size_t)len) < 0)
                wt__progress_fd = -1;
        }
        test_fault(c->name);
        wt_hist_reset(&r->hist);
        atomic_store(&wt__migrations, 0);
        int threads0 = wt_proc_count("task");
        void *state = NULL;
        uint64_t t0 = wt_now_ns();
        int prc = wt_pin_self(b->ctx.pu[0]);
        if (prc < 0)
            wt_error(r, -prc, "pinning the caller");
        else if (c->setup && c->setup(&b->ctx, r, &state) < 0 && !r->outcome)
            wt_fail(r, "setup failed without a reason");
        if (!r->outcome) {
            if (measure(b, g_rules, r, state, &m) < 0 && !r->outcome)
                wt_fail(r, "run failed without a reason");
            if (!r->outcome && !wt_on_pu(b->ctx.pu[0]))
                wt_note_migration();
        }
        if (c->teardown)
            c->teardown(state);
        /* pthread_join returns when the kernel clears the thread's TID, a moment before the task
         * leaves /proc/self/task: give joined threads up to 200 ms to disappear. */
        int leak_t = threads0 > 0 ? wt_proc_count("task") - threads0 : 0;
        for (int k = 0; leak_t > 0 && k < 200; k++) {
            struct timespec ms = {0, 1000000};
            nanosleep(&ms, NULL);
            leak_t = wt_proc_count("task") - threads0;
        }
        int leak_c = leaked_children();
        if (!r->outcome && (leak_t > 0 || leak_c > 0))
            wt_fail(r, "LEAK: %d thread(s) and %d child process(es) outlived the case", leak_t > 0 ? leak_t : 0,
                    leak_c);
        if (r->outcome) {
            char msg[340];
            const char *kind = r->outcome == WT_RSKIP ? "SKIP" : r->outcome == WT_RERROR ? "ERROR" : "FAIL";
            snprintf(msg, sizeof msg, "%s: %s", kind, r->msg);
            wt_gb_error(st, msg);
        } else {
            finish_counters(st, r, &m);
            wt_gb_counter(st, "rep_wall_ns", (double)(wt_now_ns() - t0));
            wt_gb_set_result(st, m.ops, (double)m.ns * 1e-9, (double)m.cpu_ns * 1e-9);
        }
    }
    free(r);
}

int wt__register(wt_bench *const *b, int nb, const wt_rules *R)
{
    wt_gb_opts g = {0};
    g.manual_time = 1;
    g.iterations = 1; /* one pass: bench_fn warms, samples and reports the real counts itself */
    g_rules = R;
    int n = 0;
    for (int i = 0; i < nb; i++) {
        int rc = wt_gb_register(b[i]->name, bench_fn, b[i], &g);
        if (rc < 0)
            return rc;
        n++;
    }
    return n;
}
