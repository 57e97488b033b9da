/* pool.c: the suite's worker pool: N pinned workers, one bounded MPMC queue (a sequence-numbered
 * ring: each cell carries the position it expects next), and spin-then-park wake-ups: an idle worker
 * spins spin_ns (yielding every 64 pauses, so that a submitter sharing its PU is not locked out),
 * then registers as a sleeper and waits on a futex epoch; a submitter wakes one sleeper only when
 * there is one. A waiting submitter (queue full, or drain) spins briefly, then
 * parks on a second futex until the completion count reaches its target: a worker wakes it only
 * when one waits and its target is reached, and a full queue is refilled only once half of it has
 * completed, so waiting neither steals a worker's CPU nor costs a wake-up per task. No timing of
 * results here (the clock bounds the spin phases). */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "wt.h"

typedef struct cell { /* one cache line: neighbouring hand-offs never share a line */
    _Alignas(64) _Atomic uint64_t seq;
    wt_task_fn fn;
    void *arg;
} cell;

typedef struct worker {
    wt_pool *p;
    wt_thread th;
    int pu;
    _Atomic int tid;
} worker;

/* Each line has one writer in the hot path: tail the submitters, head and completed the workers. */
struct wt_pool {
    uint64_t mask, spin_ns; /* read-only after create */
    int n;
    worker *w;
    cell *ring;
    _Alignas(64) _Atomic uint64_t tail;
    _Alignas(64) _Atomic uint64_t head;
    _Alignas(64) _Atomic uint32_t epoch;   /* futex word of parked workers: bumped to wake them */
    _Atomic int sleepers;
    _Atomic int stop;
    _Alignas(64) _Atomic uint64_t completed;
    _Alignas(64) _Atomic uint64_t wake_at; /* lowest completion count a parked waiter needs; UINT64_MAX: none */
    _Atomic uint32_t done_epoch;           /* futex word of parked waiters: bumped when wake_at is reached */
};

static int try_push(wt_pool *p, wt_task_fn fn, void *arg)
{
    uint64_t pos = atomic_load_explicit(&p->tail, memory_order_relaxed);
    for (;;) {
        cell *c = &p->ring[pos & p->mask];
        uint64_t seq = atomic_load_explicit(&c->seq, memory_order_acquire);
        int64_t dif = (int64_t)(seq - pos);
        if (dif == 0) {
            if (atomic_compare_exchange_weak_explicit(&p->tail, &pos, pos + 1, memory_order_seq_cst,
                                                      memory_order_relaxed)) {
                c->fn = fn;
                c->arg = arg;
                atomic_store_explicit(&c->seq, pos + 1, memory_order_release);
                return 1;
            }
        } else if (dif < 0) {
            return 0; /* full */
        } else {
            pos = atomic_load_explicit(&p->tail, memory_order_relaxed);
        }
    }
}

/* Claim the task at head; the cell stays held until release(), after the task has completed, so
 * that the completion is not queued behind the cell's line in the worker's store buffer. */
static cell *try_pop(wt_pool *p, uint64_t *at)
{
    uint64_t pos = atomic_load_explicit(&p->head, memory_order_relaxed);
    for (;;) {
        cell *c = &p->ring[pos & p->mask];
        uint64_t seq = atomic_load_explicit(&c->seq, memory_order_acquire);
        int64_t dif = (int64_t)(seq - (pos + 1));
        if (dif == 0) {
            if (atomic_compare_exchange_weak_explicit(&p->head, &pos, pos + 1, memory_order_relaxed,
                                                      memory_order_relaxed)) {
                *at = pos;
                return c;
            }
        } else if (dif < 0) {
            return NULL; /* empty */
        } else {
            pos = atomic_load_explicit(&p->head, memory_order_relaxed);
        }
    }
}

/* A task is published in the cell at head: the spinning worker's cheap check (one line). */
static void release(wt_pool *p, cell *c, uint64_t pos)
{
    atomic_store_explicit(&c->seq, pos + p->mask + 1, memory_order_release);
}

static int ready(wt_pool *p)
{
    uint64_t pos = atomic_load_explicit(&p->head, memory_order_relaxed);
    return atomic_load_explicit(&p->ring[pos & p->mask].seq, memory_order_acquire) == pos + 1;
}

/* A task was pushed and not yet popped: the check that orders parking against wake_one. */
static int nonempty(wt_pool *p)
{
    return atomic_load_explicit(&p->tail, memory_order_seq_cst) != atomic_load_explicit(&p->head, memory_order_seq_cst);
}

/* Count a completed task, free its cell, wake the parked waiters when their target is reached. */
static void task_done(wt_pool *p, cell *cl, uint64_t pos)
{
    uint64_t c = atomic_fetch_add_explicit(&p->completed, 1, memory_order_seq_cst) + 1;
    release(p, cl, pos);
    uint64_t wa = atomic_load_explicit(&p->wake_at, memory_order_seq_cst);
    while (c >= wa)
        if (atomic_compare_exchange_weak_explicit(&p->wake_at, &wa, UINT64_MAX, memory_order_seq_cst,
                                                  memory_order_seq_cst)) {
            atomic_fetch_add_explicit(&p->done_epoch, 1, memory_order_release);
            wt_futex_wake(&p->done_epoch, INT_MAX);
            break;
        }
}

/* Wait until target tasks have completed: spin (pause, then yield, which lets a worker sharing this
 * PU run) for WAIT_SPIN_NS, then park; 0, or -ETIMEDOUT after timeout_s. Several waiters stay
 * correct: one whose target was overwritten re-registers after at most PARK_NS. */
#define WAIT_SPIN_NS 50000ull
#define PAUSE_SPINS 128u /* about 5 us at 36 ns a pause (AMD Zen 4) */
#define PARK_NS 1000000ull
#define FULL_TIMEOUT_NS 10000000000ull /* a queue that stays full this long has a hung worker */
static int wait_done(wt_pool *p, uint64_t target, double timeout_s)
{
    if (atomic_load_explicit(&p->completed, memory_order_acquire) >= target)
        return 0;
    for (unsigned k = 0; k < PAUSE_SPINS; k++) { /* a hot hand-off completes in here */
        wt_cpu_relax();
        if (atomic_load_explicit(&p->completed, memory_order_acquire) >= target)
            return 0;
    }
    uint64_t t0 = wt_now_ns();
    while (atomic_load_explicit(&p->completed, memory_order_acquire) < target && wt_now_ns() - t0 < WAIT_SPIN_NS)
        sched_yield();
    while (atomic_load_explicit(&p->completed, memory_order_acquire) < target) {
        if ((double)(wt_now_ns() - t0) > timeout_s * 1e9)
            return -ETIMEDOUT;
        uint32_t e = atomic_load_explicit(&p->done_epoch, memory_order_acquire);
        uint64_t wa = atomic_load_explicit(&p->wake_at, memory_order_seq_cst);
        while (target < wa && !atomic_compare_exchange_weak_explicit(&p->wake_at, &wa, target, memory_order_seq_cst,
                                                                     memory_order_seq_cst))
            ;
        if (atomic_load_explicit(&p->completed, memory_order_seq_cst) < target)
            wt_futex_wait(&p->done_epoch, e, PARK_NS);
    }
    return 0;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    wt_pool *p = w->p;
    atomic_store(&w->tid, (int)syscall(SYS_gettid));
    if (!wt_on_pu(w->pu))
        wt_note_migration();
    for (;;) {
        uint64_t pos;
        cell *c = try_pop(p, &pos);
        if (c) {
            c->fn(c->arg);
            task_done(p, c, pos);
            continue;
        }
        if (atomic_load_explicit(&p->stop, memory_order_acquire))
            break;
        if (p->spin_ns) {
            uint64_t end = p->spin_ns == UINT64_MAX ? UINT64_MAX : wt_now_ns() + p->spin_ns;
            unsigned k = 0;
            while (!ready(p) && !atomic_load_explicit(&p->stop, memory_order_relaxed)) {
                wt_cpu_relax();
                if ((++k & 63) == 0) {
                    if (end != UINT64_MAX && wt_now_ns() >= end)
                        break;
                    sched_yield(); /* a submitter sharing this PU must run to give us work */
                }
            }
            if (ready(p) || nonempty(p) || atomic_load_explicit(&p->stop, memory_order_relaxed))
                continue;
        }
        uint32_t e = atomic_load_explicit(&p->epoch, memory_order_acquire);
        atomic_fetch_add_explicit(&p->sleepers, 1, memory_order_seq_cst);
        if (!nonempty(p) && !atomic_load_explicit(&p->stop, memory_order_seq_cst))
            wt_futex_wait(&p->epoch, e, 0);
        atomic_fetch_sub_explicit(&p->sleepers, 1, memory_order_seq_cst);
    }
    return NULL;
}

/* After a push: its seq_cst CAS on tail and this seq_cst load pair with a parking worker's
 * increment of sleepers and its re-check of tail (Dekker), so a wake-up is never lost. */
static void wake_one(wt_pool *p)
{
    if (atomic_load_explicit(&p->sleepers, memory_order_seq_cst) > 0) {
        atomic_fetch_add_explicit(&p->epoch, 1, memory_order_release);
        wt_futex_wake(&p->epoch, 1);
    }
}

int wt_pool_submit(wt_pool *p, wt_task_fn fn, void *arg)
{
    uint64_t t0 = 0;
    while (!try_push(p, fn, arg)) {
        wake_one(p);
        if (!t0)
            t0 = wt_now_ns();
        else if (wt_now_ns() - t0 > FULL_TIMEOUT_NS)
            return -ETIMEDOUT;
        /* Refill once half the queue has completed. Cells of tasks that completed but are not yet
         * released may leave that target short: the bounded wait then retries the push. */
        wait_done(p, atomic_load_explicit(&p->completed, memory_order_acquire) + (p->mask + 1) / 2, 2e-3);
    }
    wake_one(p);
    uint64_t next = atomic_load_explicit(&p->tail, memory_order_relaxed);
    __builtin_prefetch(&p->ring[next & p->mask], 1); /* own the next cell's line before it is needed */
    return 0;
}

int wt_pool_drain(wt_pool *p, double timeout_s)
{
    return wait_done(p, atomic_load_explicit(&p->tail, memory_order_relaxed), timeout_s); /* all pushed */
}

/* Kernel state of a thread of this process: 'R', 'S', ... or 0. */
static char task_state(int tid)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *rp = strrchr(buf, ')');
    return rp && rp[1] == ' ' ? rp[2] : 0;
}

int wt_pool_wait_parked(wt_pool *p, double timeout_s)
{
    uint64_t t0 = wt_now_ns();
    for (;;) {
        int all = atomic_load(&p->sleepers) == p->n;
        for (int i = 0; all && i < p->n; i++)
            all = task_state(atomic_load(&p->w[i].tid)) == 'S';
        if (all)
            return 0;
        if ((double)(wt_now_ns() - t0) > timeout_s * 1e9)
            return -ETIMEDOUT;
        sched_yield();
    }
}

int wt_pool_create(wt_pool **out, const wt_pool_opts *o)
{
    *out = NULL;
    if (!o || o->nworkers < 1)
        return -EINVAL;
    wt_pool *p = aligned_alloc(64, sizeof *p);
    if (!p)
        return -ENOMEM;
    memset(p, 0, sizeof *p);
    uint64_t cap = 2;
    while (cap < o->queue)
        cap <<= 1;
    p->mask = cap - 1;
    p->spin_ns = o->spin_ns;
    atomic_init(&p->wake_at, UINT64_MAX);
    p->ring = aligned_alloc(64, cap * sizeof *p->ring);
    p->w = calloc((size_t)o->nworkers, sizeof *p->w);
    if (!p->ring || !p->w) {
        free(p->ring);
        free(p->w);
        free(p);
        return -ENOMEM;
    }
    for (uint64_t i = 0; i < cap; i++) {
        memset(&p->ring[i], 0, sizeof p->ring[i]);
        atomic_init(&p->ring[i].seq, i);
    }
    for (int i = 0; i < o->nworkers; i++) {
        worker *w = &p->w[i];
        w->p = p;
        w->pu = o->pus ? o->pus[i] : -1;
        int rc = wt_thread_start(&w->th, w->pu, worker_main, w);
        if (rc < 0) {
            wt_pool_destroy(p, 10);
            return rc;
        }
        p->n++;
    }
    for (int i = 0; i < p->n; i++) /* every worker has its tid before the pool is used */
        while (!atomic_load(&p->w[i].tid))
            sched_yield();
    *out = p;
    return 0;
}

int wt_pool_destroy(wt_pool *p, double timeout_s)
{
    if (!p)
        return 0;
    int rc = 0;
    atomic_store(&p->stop, 1);
    atomic_fetch_add(&p->epoch, 1);
    wt_futex_wake(&p->epoch, 1 << 30);
    for (int i = 0; i < p->n; i++)
        if (wt_thread_join(&p->w[i].th, timeout_s) == -ETIMEDOUT)
            rc = -ETIMEDOUT;
    if (rc == 0) { /* a hung worker may still touch the pool: leak it rather than crash */
        free(p->ring);
        free(p->w);
        free(p);
    }
    return rc;
}

int wt_pool_size(const wt_pool *p) { return p->n; }
