/* stress.spawn: spawn storms. S spawners (threads pinned over the PUs, S = max(2, PUs)) start
 * workers as fast as they go for the whole duration, each keeping up to 32 in flight (it joins or
 * reaps its oldest before starting another): what thread (pthread_create, joined) or process
 * (fork, the child _exits, reaped with waitpid). Every worker has a slot in shared memory: the
 * spawner writes its id and start time; the worker stamps when it ran and adds 1 to its token.
 * Invariants: every worker ran exactly once (its token is 1 when it is reaped; else FAIL naming
 * spawner and worker), every child exited 0, and nothing outlives the storm: no thread, no child
 * (no zombie), no descriptor. EAGAIN or ENOMEM from pthread_create or fork (RLIMIT_NPROC, the cgroup
 * pids limit, memory) is the limit reached, never a failure: counter limit_reached is the number of
 * workers in flight at the first refusal, limit_hits the refusals; the spawner then reaps its
 * oldest worker and tries again. Latency, ns, from just before the start call to the worker's
 * first instruction (histogram); counters spawns_per_second, spawns. Timed: the duration. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "wt.h"

#define INFLIGHT 32 /* per spawner */
#define VICTIM 20u  /* spawner 0's worker that a test knob loses or runs twice */

enum { OP_START, OP_SPAWN, OP_REAP, OP_LIMIT };
static const char *const ops[] = {"start", "spawn", "reap", "limit-wait", NULL};

typedef struct slot { /* shared with the child */
    _Atomic uint32_t runs;
    int fault; /* 0, or the knob the worker plays: it does not run, or runs twice */
    uint64_t id, t0;
    _Atomic uint64_t ran;
    int busy;
    pid_t pid;
    pthread_t tid;
} slot;

typedef struct st st;
typedef struct spawner {
    st *s;
    int id, pu;
    wt_thread th;
    uint64_t spawns;
    wt_hist h;
} spawner;

struct st {
    int process, ns;
    slot *slots; /* ns * INFLIGHT, shared memory */
    size_t slots_len;
    spawner *sp;
    wt_stress *ws;
    wt_gate gate;
    _Atomic int inflight, limit_at, limit_hits, err;
    _Atomic int bad_set, hung;
    const char *err_what;
    char bad[160];
    _Atomic uint64_t nbad;
};

static void worker_ran(slot *sl)
{
    atomic_store_explicit(&sl->ran, wt_now_ns(), memory_order_relaxed);
    if (sl->fault != WT_KNOB_LOSE)
        atomic_fetch_add_explicit(&sl->runs, sl->fault == WT_KNOB_DUP ? 2 : 1, memory_order_release);
}

static void *thread_worker(void *arg)
{
    worker_ran(arg);
    return NULL;
}


static void offend(st *s, int sp, const slot *sl, const char *what, int v)
{
    atomic_fetch_add(&s->nbad, 1);
    if (!atomic_exchange(&s->bad_set, 1))
        snprintf(s->bad, sizeof s->bad, "%s: spawner %d worker %llu (token %d, expected 1)", what, sp,
                 (unsigned long long)sl->id, v);
}

/* Join or reap the worker in sl and check its token. */
static void reap(st *s, spawner *sp, slot *sl)
{
    if (s->process) {
        int status;
        pid_t p;
        while ((p = waitpid(sl->pid, &status, 0)) < 0 && errno == EINTR)
            ;
        if (p != sl->pid)
            offend(s, sp->id, sl, "could not be reaped", -1);
        else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            offend(s, sp->id, sl, "child did not exit 0", (int)atomic_load(&sl->runs));
    } else {
        pthread_join(sl->tid, NULL);
    }
    sl->busy = 0;
    atomic_fetch_sub(&s->inflight, 1);
    uint32_t runs = atomic_load_explicit(&sl->runs, memory_order_acquire);
    if (runs == 0)
        offend(s, sp->id, sl, "never ran", 0);
    else if (runs > 1)
        offend(s, sp->id, sl, "ran more than once", (int)runs);
    else
        wt_hist_add(&sp->h, atomic_load(&sl->ran) - sl->t0);
}

/* Start the worker of sl: 0, or a positive errno. */
static int spawn(st *s, slot *sl)
{
    sl->t0 = wt_now_ns();
    if (!s->process)
        return pthread_create(&sl->tid, NULL, thread_worker, sl);
    pid_t p = fork();
    if (p == 0) {
        worker_ran(sl);
        _exit(0);
    }
    if (p < 0)
        return errno;
    sl->pid = p;
    return 0;
}

static void *spawner_main(void *arg)
{
    spawner *sp = arg;
    st *s = sp->s;
    slot *ring = s->slots + (size_t)sp->id * INFLIGHT;
    wt_gate_wait(&s->gate);
    for (uint64_t n = 0; !wt_stress_stopping(s->ws); n++) {
        slot *sl = &ring[n % INFLIGHT];
        if (sl->busy) {
            wt_stress_note(s->ws, sp->id, OP_REAP, n);
            reap(s, sp, sl);
        }
        sl->id = n;
        atomic_store(&sl->runs, 0);
        atomic_store(&sl->ran, 0);
        sl->fault = 0;
        if (sp->id == 0 && n == VICTIM)
            sl->fault = wt_stress_knob(s->ws, WT_KNOB_LOSE) ? WT_KNOB_LOSE : wt_stress_knob(s->ws, WT_KNOB_DUP) ? WT_KNOB_DUP : 0;
        int rc;
        while ((rc = spawn(s, sl)) == EAGAIN || rc == ENOMEM) { /* the limit: make room, try again */
            int at = atomic_load(&s->inflight), z = 0;
            atomic_compare_exchange_strong(&s->limit_at, &z, at > 0 ? at : 1);
            atomic_fetch_add(&s->limit_hits, 1);
            wt_stress_note(s->ws, sp->id, OP_LIMIT, n);
            slot *old = NULL;
            for (int k = 1; k < INFLIGHT && !old; k++)
                old = ring[(n + k) % INFLIGHT].busy ? &ring[(n + k) % INFLIGHT] : NULL;
            if (old)
                reap(s, sp, old);
            else if (wt_stress_sleep(s->ws, 1000000))
                break;
        }
        if (rc) {
            if (rc != EAGAIN && rc != ENOMEM && !atomic_exchange(&s->err, rc))
                s->err_what = s->process ? "fork" : "pthread_create";
            break;
        }
        sl->busy = 1;
        atomic_fetch_add(&s->inflight, 1);
        sp->spawns++;
        wt_stress_note(s->ws, sp->id, OP_SPAWN, n + 1);
        if ((n & 63) == 0)
            wt_stress_cpu(s->ws, sp->id);
    }
    for (int k = 0; k < INFLIGHT; k++) /* oldest first does not matter here: all are reaped */
        if (ring[k].busy)
            reap(s, sp, &ring[k]);
    wt_stress_done(s->ws, sp->id);
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
        return wt_skip(r, "a process storm needs fork(), which the thread sanitizer's runtime does not survive");
    s->ns = ctx->npus < 2 ? 2 : ctx->npus > 64 ? 64 : ctx->npus;
    s->slots_len = (size_t)s->ns * INFLIGHT * sizeof(slot);
    s->sp = calloc((size_t)s->ns, sizeof *s->sp);
    if (!s->sp || !(s->slots = wt_shared_alloc(s->slots_len)))
        return wt_error(r, ENOMEM, "spawner state");
    memset(s->slots, 0, s->slots_len);
    for (int i = 0; i < s->ns; i++) {
        s->sp[i] = (spawner){.s = s, .id = i, .pu = wt_pu(i)};
        wt_hist_reset(&s->sp[i].h);
    }
    int rc = wt_stress_open(&s->ws, ctx, r, s->ns, ops);
    for (int i = 0; rc == 0 && i < s->ns; i++)
        wt_stress_role(s->ws, i, "spawner %d", i);
    return rc;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    int rc = 0, threads0 = wt_proc_count("task"), hung = 0;
    for (int i = 0; i < s->ns && !rc; i++)
        if ((rc = wt_thread_start(&s->sp[i].th, s->sp[i].pu, spawner_main, &s->sp[i])) < 0)
            wt_error(r, -rc, "starting a spawner");
    if (!rc && (rc = wt_stress_begin(s->ws, r)) == 0) {
        wt_gate_open(&s->gate);
        wt_stress_wait(s->ws);
    }
    wt_stress_stop(s->ws);
    wt_gate_open(&s->gate);
    for (int i = 0; i < s->ns; i++)
        hung |= wt_thread_join(&s->sp[i].th, (double)wt_stress_stall_ns(s->ws) * 1e-9 + 10) < 0;
    atomic_store(&s->hung, hung);
    if (hung)
        return wt_fail(r, "a spawner hung (left detached)");
    if (rc < 0)
        return rc;
    uint64_t spawns = 0;
    wt_hist *h = wt_run_hist(r);
    for (int i = 0; i < s->ns; i++)
        spawns += s->sp[i].spawns, wt_hist_merge(h, &s->sp[i].h);
    int64_t ns = wt_stress_end(s->ws, r, spawns);
    if (ns < 0)
        return ns;
    if (s->err)
        return wt_error(r, s->err, s->err_what);
    if (atomic_load(&s->bad_set))
        return wt_fail(r, "%s; %llu worker(s) wrong in all", s->bad, (unsigned long long)s->nbad);
    /* Nothing outlives the storm: a joined thread leaves /proc a moment after the join returns. */
    int left = wt_proc_count("task") - threads0;
    for (int k = 0; left > 0 && k < 200; k++) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
        left = wt_proc_count("task") - threads0;
    }
    if (left > 0)
        return wt_fail(r, "LEAK: %d thread(s) outlived the storm", left);
    errno = 0;
    if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD)
        return wt_fail(r, "LEAK: a child process (or zombie) outlived the storm");
    wt_counter(r, "spawns_per_second", (double)spawns * 1e9 / (double)ns, 0);
    wt_counter(r, "spawns", (double)spawns, 0);
    wt_counter(r, "spawners", s->ns, 0);
    wt_counter(r, "inflight_max", s->ns * INFLIGHT, 0);
    wt_counter(r, "limit_reached", atomic_load(&s->limit_at), 0);
    wt_counter(r, "limit_hits", atomic_load(&s->limit_hits), 0);
    return spawns ? ns : wt_fail(r, "no worker started in %.1f s", (double)ns * 1e-9);
}

static void teardown(void *state)
{
    st *s = state;
    if (!s || atomic_load(&s->hung))
        return;
    wt_stress_close(s->ws);
    wt_shared_free(s->slots, s->slots_len);
    free(s->sp);
    free(s);
}

static const wt_param params[] = {
    {"what", "thread,process", "thread,process"},
    {0},
};

const wt_case wt_case_stress_spawn = {
    .name = "stress.spawn",
    .summary = "spawn storms of threads or processes from several spawners: each ran once, nothing left; spawns/s",
    .min_pus = 1,
    .flags = WT_STRESS,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
