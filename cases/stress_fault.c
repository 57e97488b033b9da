/* stress.fault: a worker process killed with SIGKILL at random points mid-task and mid-message, for
 * the whole duration. The dispatcher (the case's thread) posts tasks one at a time through shared
 * memory to a worker process (cases/fault.h): a task is about 40 us of wt_work with a checked
 * result, its reply 1 KiB written in two halves. A killer thread, every 1 to 5 ms, waits for the
 * worker to be in a task or between the halves of a reply (in turn) and kills it there with
 * SIGKILL. The dispatcher learns of the death by route:
 *   pidfd          it polls a pidfd of the worker beside the eventfd that announces replies
 *   eof            replies come through a pipe whose only writer is the worker: end of file
 *   futex_timeout  it waits on the reply's futex word in 1 ms slices; a heartbeat that the worker
 *                  bumps between task steps unchanged for 4 ms means dead (it then kills it; a
 *                  worker that was only slow counts as a false death)
 *   robust         the worker holds a process-shared robust mutex over each task and reply: the
 *                  dispatcher's lock returns EOWNERDEAD, it calls pthread_mutex_consistent and
 *                  checks the counter the mutex protects (completions, with a check word)
 * Then it reaps the worker and starts a replacement. A reply complete at the death is delivered
 * (not run again); otherwise the task in flight is run again on the replacement. A ledger checks
 * that tasks complete in order exactly once: lost or duplicated tasks FAIL, named.
 * Histogram: detection time, ns, from just before kill() to the dispatcher knowing. Counters:
 * detect_p50_ns, detect_p99_ns, recover_p50_ns, recover_p99_ns (detection to the replacement
 * ready), faults, faults_mid_task, faults_mid_msg, false_deaths, reruns, delivered_at_death,
 * tasks, tasks_per_second, repairs (robust: check word repaired). Timed: the duration. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fault.h"

enum { OP_START, OP_TASK, OP_AIM, OP_KILL, OP_RECOVER };
static const char *const ops[] = {"start", "task", "aim", "kill", "recover", NULL};
#define DEAD_NS 4000000ull /* route futex_timeout: a heartbeat this old means dead */

typedef struct st {
    fault_cfg cfg; /* route, eventfd, the pipe's write end, generation: what the next worker gets */
    int rfd, pidfd, mtx_ok, bad_set, hung;
    uint64_t expect[FAULT_NSEED];
    fault_shm *m;
    pthread_mutex_t kl; /* the killer and the dispatcher's replacement */
    pid_t pid;
    _Atomic uint32_t gen, kill_gen;
    uint64_t t_kill;
    wt_thread killer;
    wt_hist rec;
    uint64_t faults, mid[2], falsed, reruns, delivered, repairs, tasks, next, seen;
    char bad[160];
} st;

/* The first thing found wrong wins. */
static void flag(st *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!s->bad_set++)
        vsnprintf(s->bad, sizeof s->bad, fmt, ap);
    va_end(ap);
}

/* Start the next generation's worker and wait until it is ready; 0 or -errno. Called with kl held. */
static int start_worker(st *s)
{
    int p[2] = {-1, -1};
    if (s->cfg.route == FAULT_EOF) {
        if (pipe2(p, O_CLOEXEC) < 0)
            return -errno;
        s->rfd = p[0], s->cfg.wfd = p[1];
    }
    uint32_t gen = s->cfg.gen = atomic_fetch_add(&s->gen, 1) + 1;
    atomic_store(&s->m->phase, FAULT_IDLE);
    s->pid = wt_child_start(wt_pu(1), fault_worker, &s->cfg);
    if (s->cfg.route == FAULT_EOF)
        close(p[1]), s->cfg.wfd = -1;
    if (s->pid < 0)
        return (int)s->pid;
    if (s->cfg.route == FAULT_PIDFD && (s->pidfd = (int)syscall(SYS_pidfd_open, s->pid, 0)) < 0)
        return -errno;
    for (uint64_t t0 = wt_now_ns(); atomic_load(&s->m->ready) != gen;)
        if (wt_futex_wait(&s->m->ready, atomic_load(&s->m->ready), 100000000) && wt_now_ns() - t0 > 5000000000ull)
            return -ETIMEDOUT;
    return 0;
}

/* Reap the worker (killing it first), close its descriptors. Called with kl held. */
static void end_worker(st *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, NULL, 0);
    }
    s->pid = -1;
    if (s->pidfd >= 0)
        close(s->pidfd), s->pidfd = -1;
    if (s->rfd >= 0)
        close(s->rfd), s->rfd = -1;
}

/* ---- the killer -------------------------------------------------------------------------------- */
static void *killer(void *arg)
{
    st *s = arg;
    uint64_t x = 0x2545F4914F6CDD1Dull, tries = 0;
    while (!wt_stress_sleep(s->cfg.ws, 1000000 + (x >> 40) % 4000000)) {
        uint32_t target = s->faults & 1 ? FAULT_MSG : FAULT_TASK, gen = atomic_load(&s->gen);
        uint64_t t0 = wt_now_ns();
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        while (atomic_load(&s->m->phase) != target && wt_now_ns() - t0 < 20000000 && !wt_stress_stopping(s->cfg.ws)) {
            wt_stress_note(s->cfg.ws, 1, OP_AIM, ++tries);
            if (tries % 64 == 0)
                sched_yield(); /* the dispatcher may share this PU */
        }
        if (target == FAULT_TASK)
            fault_spin((x >> 20) % 20000); /* somewhere inside the ~40 us task */
        pthread_mutex_lock(&s->kl);
        uint32_t ph = target;
        if (atomic_load(&s->gen) == gen && s->pid > 0 && atomic_compare_exchange_strong(&s->m->phase, &ph, FAULT_DOOMED)) {
            s->t_kill = wt_now_ns();
            atomic_store(&s->kill_gen, gen);
            kill(s->pid, SIGKILL);
            s->faults++, s->mid[target == FAULT_MSG]++;
        }
        pthread_mutex_unlock(&s->kl);
        wt_stress_note(s->cfg.ws, 1, OP_KILL, s->faults);
        while (atomic_load(&s->kill_gen) == atomic_load(&s->gen) && !wt_stress_stopping(s->cfg.ws))
            wt_futex_wait(&s->gen, gen, 1000000); /* until the dispatcher has replaced it */
    }
    wt_stress_done(s->cfg.ws, 1);
    return NULL;
}

/* ---- the dispatcher ------------------------------------------------------------------------------ */
/* Wait for the reply to the task in flight: 1 a reply was announced, 0 the worker is dead. */
static int await(st *s, fault_reply *rp, size_t *got)
{
    fault_shm *m = s->m;
    int route = s->cfg.route;
    uint64_t t0 = wt_now_ns(), hb = atomic_load(&m->hb), hb_t = t0;
    for (;;) {
        if (wt_stress_stopping(s->cfg.ws) && wt_now_ns() - t0 > 2000000000ull)
            return 0; /* a stall stopped the run: give the worker up */
        if (route == FAULT_ROBUST) {
            uint32_t q = atomic_load(&m->req);
            if (atomic_load(&m->taken) != q) { /* not yet under the lock */
                wt_futex_wait(&m->taken, atomic_load(&m->taken), FAULT_HB_NS);
                continue;
            }
            struct timespec ts;
            wt_pp_deadline(CLOCK_REALTIME, &ts);
            int rc = pthread_mutex_timedlock(&m->mtx, &ts);
            if (rc == 0 || rc == EOWNERDEAD) {
                int whole = atomic_load(&m->done_id) == m->task_id + 1;
                if (rc == EOWNERDEAD) { /* the holder died: make the state consistent, then check it */
                    pthread_mutex_consistent(&m->mtx);
                    if (m->check != fault_mix(m->committed)) /* died between the counter and its check word */
                        m->check = fault_mix(m->committed), s->repairs++;
                    else if (whole && m->committed == s->seen) /* died after the commit point */
                        m->committed++, m->check = fault_mix(m->committed), s->repairs++;
                }
                if (m->committed != s->seen + (uint64_t)whole)
                    flag(s, "robust: the protected counter is %llu, %llu completions seen",
                         (unsigned long long)m->committed, (unsigned long long)s->seen);
                pthread_mutex_unlock(&m->mtx);
                return rc == 0;
            }
            if (rc != ETIMEDOUT)
                return flag(s, "robust mutex: %s", strerror(rc)), 0;
        } else if (route == FAULT_FUTEX) {
            uint32_t e = atomic_load(&m->rep);
            if (atomic_load(&m->done_id) == m->task_id + 1)
                return 1;
            wt_futex_wait(&m->rep, e, FAULT_HB_NS);
            uint64_t now = wt_now_ns(), h = atomic_load(&m->hb);
            if (h != hb)
                hb = h, hb_t = now;
            else if (now - hb_t >= DEAD_NS)
                return 0;
        } else {
            struct pollfd pf[2] = {{.fd = route == FAULT_PIDFD ? s->cfg.efd : s->rfd, .events = POLLIN},
                                   {.fd = s->pidfd, .events = POLLIN}};
            if (poll(pf, route == FAULT_PIDFD ? 2 : 1, 100) < 0 && errno != EINTR)
                return 0;
            if (route == FAULT_PIDFD && (pf[0].revents & POLLIN)) {
                uint64_t v;
                return read(s->cfg.efd, &v, 8) == 8;
            }
            if (route == FAULT_PIDFD && pf[1].revents)
                return 0;
            if (route == FAULT_EOF && pf[0].revents) {
                ssize_t n = read(s->rfd, (char *)rp + *got, sizeof *rp - *got);
                if (n <= 0)
                    return 0; /* end of file: the only writer is gone */
                if ((*got += (size_t)n) == sizeof *rp)
                    return 1;
            }
        }
    }
}

/* The ledger: completions must come in order, each once. */
static void complete(st *s, uint64_t id)
{
    s->seen++;
    if (id == s->next)
        s->next++, s->tasks++;
    else if (id < s->next)
        flag(s, "duplicated: task %llu completed twice", (unsigned long long)id);
    else
        flag(s, "lost: task %llu never completed (the next completion was task %llu)", (unsigned long long)s->next,
             (unsigned long long)id), s->next = id + 1;
}

static void post(st *s, uint64_t id)
{
    atomic_store(&s->m->done_id, 0);
    s->m->task_id = id;
    atomic_fetch_add(&s->m->req, 1);
    wt_futex_wake(&s->m->req, 1);
}

/* One task (the dispatcher's loop body): 0, or -errno when a replacement could not start. */
static int dispatch(st *s, uint64_t *cur, wt_hist *det)
{
    fault_reply rp;
    size_t got = 0;
    post(s, *cur);
    int ok = await(s, &rp, &got);
    uint64_t t_det = wt_now_ns();
    if (s->cfg.route != FAULT_EOF && (ok || atomic_load(&s->m->done_id) == *cur + 1)) /* whole, even at a death */
        rp = s->m->rp, got = sizeof rp;
    int whole = got == sizeof rp && rp.id == *cur && rp.sum == fault_sum(&rp);
    if (got == sizeof rp && (!whole || rp.res != s->expect[rp.id % FAULT_NSEED]))
        flag(s, "task %llu: a whole reply with a wrong id, checksum or result", (unsigned long long)*cur);
    if (whole)
        complete(s, rp.id), (*cur)++, s->delivered += !ok;
    if (ok)
        return 0;
    pthread_mutex_lock(&s->kl);
    int injected = atomic_load(&s->kill_gen) == atomic_load(&s->gen);
    if (injected)
        wt_hist_add(det, t_det - s->t_kill);
    else
        s->falsed++;
    end_worker(s);
    int rc = start_worker(s);
    pthread_mutex_unlock(&s->kl);
    wt_futex_wake(&s->gen, 1);
    wt_hist_add(&s->rec, wt_now_ns() - t_det);
    wt_stress_note(s->cfg.ws, 0, OP_RECOVER, s->seen);
    if (!whole) { /* the task in flight is run again; the lose knob forgets to */
        s->reruns++;
        *cur += wt_stress_knob(s->cfg.ws, WT_KNOB_LOSE);
    }
    if (rc == 0 && *cur > 0 && wt_stress_knob(s->cfg.ws, WT_KNOB_DUP)) /* runs a delivered task again */
        for (uint64_t again = *cur - 1, end = *cur; again < end && rc == 0;) /* until it completes */
            rc = dispatch(s, &again, det);
    return rc;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    static const char *const routes[] = {"pidfd", "eof", "futex_timeout", "robust"};
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    s->cfg.efd = s->cfg.wfd = s->rfd = s->pidfd = s->pid = -1;
    const char *rt = wt_arg(ctx, "route");
    int k = 0;
    while (k < FAULT_NROUTE && strcmp(rt, routes[k]))
        k++;
    if ((s->cfg.route = k) == FAULT_NROUTE)
        return wt_fail(r, "unknown route '%s'", rt);
    if (wt_sanitizer() && !strcmp(wt_sanitizer(), "thread"))
        return wt_skip(r, "worker processes need fork(), which the thread sanitizer's runtime does not survive");
    s->cfg.units = wt_work_units_for(40000.0);
    for (int i = 0; i < FAULT_NSEED; i++)
        s->expect[i] = fault_task(s->cfg.units, (uint64_t)i, NULL);
    if (!(s->m = s->cfg.m = wt_shared_alloc(sizeof(fault_shm))))
        return wt_error(r, errno, "shared memory");
    memset(s->m, 0, sizeof *s->m);
    pthread_mutexattr_t a;
    int rc = pthread_mutexattr_init(&a);
    rc = rc ? rc : pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    rc = rc ? rc : pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    rc = rc ? rc : pthread_mutex_init(&s->m->mtx, &a);
    pthread_mutexattr_destroy(&a);
    if (rc || (rc = pthread_mutex_init(&s->kl, NULL)))
        return wt_error(r, rc, "a robust process-shared mutex");
    s->m->check = fault_mix(0);
    s->mtx_ok = 1;
    wt_hist_reset(&s->rec);
    if ((rc = wt_stress_open(&s->cfg.ws, ctx, r, 3, ops)) < 0)
        return rc;
    wt_stress_role(s->cfg.ws, 0, "dispatcher");
    wt_stress_role(s->cfg.ws, 1, "killer");
    wt_stress_role(s->cfg.ws, 2, "worker process");
    return 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    wt_hist *det = wt_run_hist(r);
    int rc = 0;
    if (s->cfg.route == FAULT_PIDFD && (s->cfg.efd = eventfd(0, EFD_CLOEXEC)) < 0)
        return wt_error(r, errno, "eventfd");
    pthread_mutex_lock(&s->kl);
    rc = start_worker(s);
    pthread_mutex_unlock(&s->kl);
    if (rc < 0)
        wt_error(r, -rc, "starting the worker process");
    else if ((rc = wt_thread_start(&s->killer, wt_pu(0), killer, s)) < 0)
        wt_error(r, -rc, "starting the killer");
    if (rc == 0 && (rc = wt_stress_begin(s->cfg.ws, r)) == 0)
        for (uint64_t cur = 0, n = 0; !wt_stress_stopping(s->cfg.ws) && rc == 0; n++) {
            wt_stress_note(s->cfg.ws, 0, OP_TASK, n);
            if ((rc = dispatch(s, &cur, det)) < 0)
                wt_error(r, -rc, "starting a replacement worker");
        }
    wt_stress_stop(s->cfg.ws);
    wt_futex_wake(&s->gen, 1);
    s->hung = wt_thread_join(&s->killer, 10) < 0;
    if (s->pid > 0)
        post(s, FAULT_STOP);
    if (s->pid > 0 && wt_child_wait(s->pid, 5) == -ETIMEDOUT && !rc)
        rc = wt_fail(r, "the worker process did not leave at the stop (killed)");
    s->pid = -1;
    pthread_mutex_lock(&s->kl);
    end_worker(s);
    pthread_mutex_unlock(&s->kl);
    if (s->cfg.efd >= 0)
        close(s->cfg.efd), s->cfg.efd = -1;
    if (s->hung)
        return wt_fail(r, "the killer thread hung (left detached)");
    if (rc < 0)
        return rc;
    int64_t ns = wt_stress_end(s->cfg.ws, r, s->tasks);
    if (ns < 0)
        return ns;
    if (s->bad_set)
        return wt_fail(r, "%s", s->bad);
    const char *name[] = {"detect_p50_ns", "detect_p99_ns", "recover_p50_ns", "recover_p99_ns", "faults",
                          "faults_mid_task", "faults_mid_msg", "false_deaths", "reruns", "delivered_at_death",
                          "repairs", "tasks", "tasks_per_second"};
    double v[] = {(double)wt_hist_quantile(det, 0.5), (double)wt_hist_quantile(det, 0.99),
                  (double)wt_hist_quantile(&s->rec, 0.5), (double)wt_hist_quantile(&s->rec, 0.99), (double)s->faults,
                  (double)s->mid[0], (double)s->mid[1], (double)s->falsed, (double)s->reruns, (double)s->delivered,
                  (double)s->repairs, (double)s->tasks, (double)s->tasks * 1e9 / (double)ns};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        wt_counter(r, name[i], v[i], 0);
    if (!s->faults || !s->tasks)
        return wt_fail(r, "%llu faults injected, %llu tasks completed: nothing was tested",
                       (unsigned long long)s->faults, (unsigned long long)s->tasks);
    return ns;
}

static void teardown(void *state)
{
    st *s = state;
    if (!s || s->hung)
        return;
    wt_stress_close(s->cfg.ws);
    if (s->mtx_ok)
        pthread_mutex_destroy(&s->m->mtx), pthread_mutex_destroy(&s->kl);
    wt_shared_free(s->m, sizeof(fault_shm));
    free(s);
}

static const wt_param params[] = {
    {"route", "pidfd,robust", "pidfd,eof,futex_timeout,robust"},
    {0},
};

const wt_case wt_case_stress_fault = {
    .name = "stress.fault",
    .summary = "a worker process SIGKILLed mid-task and mid-message: detection and recovery by route, none lost; ns",
    .min_pus = 1,
    .flags = WT_STRESS | WT_NEEDS_FORK,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
