/* stress.oversub: oversubscription of CPU-bound work. per_pu workers on every PU (pinned; what
 * thread, or process: forked children) run verified tasks back to back for the whole duration: a
 * task is wt_work of about 20 us from one of 64 seeds whose results were computed in setup, and a
 * wrong result fails. Exactly once: each worker folds (worker, task number, result) of every task
 * into a digest in shared memory next to its task count; the parent recomputes the digest for that
 * count from the expected results, and a difference that is one task's term names the task lost
 * (missing) or duplicated (folded twice). A probe thread pinned to the first PU sleeps to an
 * absolute time every 1 ms: its wake-up lateness, ns, is the histogram (latency under load).
 * Counters: tasks_per_second, tasks, fairness (Jain's index of the workers' task counts, 1 when
 * equal), workers, per_pu, task_ns (the task's real cost alone, measured in setup), the context
 * switches and CPU time of wt_stress_end (children included). Timed: the duration. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wt.h"

#define NSEED 64
#define TASK_NS 20000.0
#define PROBE_NS 1000000ull
#define VICTIM 50u /* worker 0's task that a test knob loses or duplicates */
#define SEED0 0x51ed5eedull

enum { OP_START, OP_TASK, OP_PROBE };
static const char *const ops[] = {"start", "task", "probe", NULL};

typedef struct rec { /* one worker, in shared memory */
    _Alignas(64) _Atomic uint64_t tasks;
    uint64_t digest;
    _Atomic uint64_t bad, bad_task, bad_res;
} rec;

typedef struct shared {
    wt_gate gate;
    uint64_t expect[NSEED];
    rec w[];
} shared;

typedef struct st st;
typedef struct worker {
    st *s;
    int id;
    wt_thread th;
    pid_t pid;
} worker;

struct st {
    int process, per_pu, nw;
    uint64_t units;
    double task_ns;
    shared *sh;
    size_t shlen;
    worker *w;
    wt_thread probe;
    wt_hist h;
    wt_stress *ws;
    _Atomic int hung;
};

static uint64_t term(int w, uint64_t k, uint64_t res)
{
    uint64_t h = ((uint64_t)w << 40 ^ k) * 0x9E3779B97F4A7C15ull;
    h = (h ^ (h >> 29) ^ res) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
}

static int work(void *arg)
{
    worker *w = arg;
    st *s = w->s;
    rec *me = &s->sh->w[w->id];
    wt_gate_wait(&s->sh->gate);
    for (uint64_t k = 0; !wt_stress_stopping(s->ws); k++) {
        int idx = (int)((k + (uint64_t)w->id) % NSEED);
        uint64_t res = wt_work(s->units, SEED0 + (uint64_t)idx);
        if (res != s->sh->expect[idx] && atomic_fetch_add(&me->bad, 1) == 0)
            atomic_store(&me->bad_task, k), atomic_store(&me->bad_res, res);
        int copies = 1;
        if (w->id == 0 && k == VICTIM)
            copies = wt_stress_knob(s->ws, WT_KNOB_LOSE) ? 0 : wt_stress_knob(s->ws, WT_KNOB_DUP) ? 2 : 1;
        for (int c = 0; c < copies; c++)
            me->digest += term(w->id, k, res);
        atomic_store_explicit(&me->tasks, k + 1, memory_order_release);
        wt_stress_note(s->ws, w->id, OP_TASK, k + 1);
        if ((k & 15) == 0)
            wt_stress_cpu(s->ws, w->id);
    }
    wt_stress_done(s->ws, w->id);
    return 0;
}

static void *work_thread(void *arg)
{
    work(arg);
    return NULL;
}

/* Wake-up lateness of a 1 ms periodic sleeper on the first PU. */
static void *probe(void *arg)
{
    st *s = arg;
    wt_gate_wait(&s->sh->gate);
    uint64_t next = wt_now_ns(), n = 0;
    while (!wt_stress_stopping(s->ws)) {
        next += PROBE_NS;
        struct timespec ts = {(time_t)(next / 1000000000u), (long)(next % 1000000000u)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
            ;
        uint64_t now = wt_now_ns();
        wt_hist_add(&s->h, now - next);
        if (now > next + PROBE_NS)
            next = now; /* a late wake-up does not make the next ones look late too */
        wt_stress_note(s->ws, s->nw, OP_PROBE, ++n);
    }
    wt_stress_done(s->ws, s->nw);
    return NULL;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    const char *what = wt_arg(ctx, "what");
    s->process = !strcmp(what, "process");
    if (!s->process && strcmp(what, "thread"))
        return wt_fail(r, "unknown what '%s': expected thread or process", what);
    if (s->process && wt_sanitizer() && !strcmp(wt_sanitizer(), "thread"))
        return wt_skip(r, "process workers need fork(), which the thread sanitizer's runtime does not survive");
    s->per_pu = (int)wt_arg_int(ctx, "per_pu", 1);
    s->nw = s->per_pu * ctx->npus;
    if (s->per_pu < 1 || s->nw + 1 > WT_STRESS_MAX_WORKERS)
        return wt_fail(r, "per_pu %d: expected 1 or more, with per_pu x %d PUs below %d", s->per_pu, ctx->npus,
                       WT_STRESS_MAX_WORKERS);
    s->units = wt_work_units_for(TASK_NS);
    uint64_t res;
    if ((s->task_ns = wt_work_cost_ns(s->units, SEED0, &res)) < 0)
        return wt_fail(r, "wt_work is not a pure function of (units, seed)");
    s->shlen = sizeof(shared) + (size_t)s->nw * sizeof(rec);
    s->w = calloc((size_t)s->nw, sizeof *s->w);
    if (!s->w || !(s->sh = wt_shared_alloc(s->shlen)))
        return wt_error(r, ENOMEM, "worker records");
    memset(s->sh, 0, s->shlen);
    for (int i = 0; i < NSEED; i++)
        s->sh->expect[i] = wt_work(s->units, SEED0 + (uint64_t)i);
    wt_hist_reset(&s->h);
    for (int i = 0; i < s->nw; i++)
        s->w[i] = (worker){.s = s, .id = i, .pid = -1};
    int rc = wt_stress_open(&s->ws, ctx, r, s->nw + 1, ops);
    for (int i = 0; rc == 0 && i < s->nw; i++)
        wt_stress_role(s->ws, i, "%s %d on PU %d", s->process ? "process" : "thread", i, wt_pu(i));
    if (rc == 0)
        wt_stress_role(s->ws, s->nw, "probe");
    return rc;
}

/* Join or reap every worker and the probe; 0, or -1 when one hung. */
static int stop_all(st *s, wt_run *r)
{
    double t = (double)wt_stress_stall_ns(s->ws) * 1e-9 + 10;
    int hung = 0;
    char buf[96];
    wt_stress_stop(s->ws);
    wt_gate_open(&s->sh->gate);
    for (int i = 0; i < s->nw; i++) {
        if (!s->process) {
            hung |= wt_thread_join(&s->w[i].th, t) < 0;
        } else if (s->w[i].pid > 0) {
            int st = wt_child_wait(s->w[i].pid, t);
            s->w[i].pid = -1;
            if (st != 0)
                wt_fail(r, "worker process %d %s", i, wt_child_status_str(st, buf, sizeof buf));
        }
    }
    hung |= wt_thread_join(&s->probe, t) < 0;
    atomic_store(&s->hung, hung);
    return hung ? -1 : 0;
}

/* Each worker's digest against the one its task count implies. */
static int verify(st *s, wt_run *r)
{
    for (int i = 0; i < s->nw; i++) {
        rec *w = &s->sh->w[i];
        if (atomic_load(&w->bad))
            return wt_fail(r, "worker %d task %llu: result %llx is wrong (%llu wrong in all)", i,
                           (unsigned long long)w->bad_task, (unsigned long long)w->bad_res,
                           (unsigned long long)w->bad);
        uint64_t n = atomic_load(&w->tasks), want = 0;
        for (uint64_t k = 0; k < n; k++)
            want += term(i, k, s->sh->expect[(k + (uint64_t)i) % NSEED]);
        if (want == w->digest)
            continue;
        for (uint64_t k = 0; k < n; k++) {
            uint64_t t = term(i, k, s->sh->expect[(k + (uint64_t)i) % NSEED]);
            if (want - w->digest == t)
                return wt_fail(r, "lost: worker %d task %llu (counted, its result never accounted)", i,
                               (unsigned long long)k);
            if (w->digest - want == t)
                return wt_fail(r, "duplicated: worker %d task %llu (its result accounted twice)", i,
                               (unsigned long long)k);
        }
        return wt_fail(r, "worker %d: the results of its %llu tasks do not add up (more than one lost or doubled)", i,
                       (unsigned long long)n);
    }
    return 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    int rc = 0;
    for (int i = 0; i < s->nw && !rc; i++) {
        if (s->process) {
            pid_t p = wt_child_start(wt_pu(i), work, &s->w[i]);
            if (p < 0)
                rc = wt_error(r, (int)-p, "forking a worker");
            s->w[i].pid = p;
        } else if ((rc = wt_thread_start(&s->w[i].th, wt_pu(i), work_thread, &s->w[i])) < 0) {
            wt_error(r, -rc, "starting a worker thread");
        }
    }
    if (!rc && (rc = wt_thread_start(&s->probe, wt_pu(0), probe, s)) < 0)
        wt_error(r, -rc, "starting the probe");
    if (!rc && (rc = wt_stress_begin(s->ws, r)) == 0) {
        wt_gate_open(&s->sh->gate);
        wt_stress_wait(s->ws);
    }
    if (stop_all(s, r) < 0)
        return wt_fail(r, "a worker or the probe hung (left detached)");
    if (rc < 0)
        return rc;
    uint64_t tasks = 0;
    double *x = calloc((size_t)s->nw, sizeof *x);
    if (!x)
        return wt_error(r, ENOMEM, "fairness");
    for (int i = 0; i < s->nw; i++) {
        uint64_t n = atomic_load(&s->sh->w[i].tasks);
        x[i] = (double)n;
        tasks += n;
    }
    double jain = wt_jain(x, s->nw);
    free(x);
    wt_hist_merge(wt_run_hist(r), &s->h);
    int64_t ns = wt_stress_end(s->ws, r, tasks);
    if (ns < 0 || verify(s, r) < 0)
        return ns < 0 ? ns : WT_RFAIL;
    wt_counter(r, "tasks_per_second", (double)tasks * 1e9 / (double)ns, 0);
    wt_counter(r, "tasks", (double)tasks, 0);
    wt_counter(r, "fairness", jain, 0);
    wt_counter(r, "workers", s->nw, 0);
    wt_counter(r, "per_pu", s->per_pu, 0);
    wt_counter(r, "task_ns", s->task_ns, 0);
    return tasks ? ns : wt_fail(r, "no task completed in %.1f s", (double)ns * 1e-9);
}

static void teardown(void *state)
{
    st *s = state;
    if (!s || atomic_load(&s->hung))
        return;
    wt_stress_close(s->ws);
    wt_shared_free(s->sh, s->shlen);
    free(s->w);
    free(s);
}

static const wt_param params[] = {
    {"what", "thread", "thread,process"},
    {"per_pu", "1,4", "1,2,4,8"},
    {0},
};

const wt_case wt_case_stress_oversub = {
    .name = "stress.oversub",
    .summary = "verified CPU-bound tasks at 1-8 workers per PU, threads or processes: tasks/s, fairness, probe latency",
    .min_pus = 1,
    .flags = WT_STRESS,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
