/* fault.h: the worker process of stress.fault and what it shares with the dispatcher (a header,
 * not a case: only the .c files in cases/ are cases): the shared memory, the reply, the phases a
 * killer aims at, and the worker's loop. A task is wt_work in FAULT_STEPS chained steps (the worker
 * bumps a heartbeat between them); its reply, 1 KiB (id, result, payload, checksum), is written in
 * two halves about 10 us apart, so that a kill can land between them. The phase word moves IDLE ->
 * TASK -> MSG -> IDLE by compare-and-swap; a killer that swaps in DOOMED first has the worker wait
 * for its SIGKILL at that very point, so every injected fault lands where it was aimed: mid-task or
 * mid-message, before the reply is committed. No timing here. */
#ifndef FAULT_H
#define FAULT_H

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "wt.h"

enum { FAULT_PIDFD, FAULT_EOF, FAULT_FUTEX, FAULT_ROBUST, FAULT_NROUTE };
enum { FAULT_IDLE, FAULT_TASK, FAULT_MSG, FAULT_DOOMED };
#define FAULT_STEPS 8
#define FAULT_NSEED 16
#define FAULT_HALF 512
#define FAULT_HB_NS 1000000ull /* the idle worker's heartbeat period */
#define FAULT_STOP UINT64_MAX  /* the task id that ends the worker */

typedef struct fault_reply {
    uint64_t id, res, sum;
    unsigned char pay[2 * FAULT_HALF - 24];
} fault_reply;

typedef struct fault_shm { /* shared memory between the dispatcher and the worker */
    _Atomic uint32_t req;   /* bumped by the dispatcher for each task it posts (futex word) */
    _Atomic uint32_t taken; /* the req value the worker has taken (robust: under the mutex) */
    _Atomic uint32_t ready; /* the generation of the worker that is ready */
    _Atomic uint32_t rep;   /* bumped by the worker for each reply (futex word, route futex) */
    _Atomic uint32_t phase;
    _Atomic uint64_t hb;      /* heartbeat */
    _Atomic uint64_t done_id; /* id + 1 once the reply is whole: the commit point */
    uint64_t task_id;
    uint64_t committed, check; /* robust: completions and fault_mix(completions), under mtx */
    pthread_mutex_t mtx;       /* robust, process-shared */
    fault_reply rp;            /* the reply, except for route eof */
} fault_shm;

typedef struct fault_cfg { /* what the worker gets, copied at its fork */
    int route, efd, wfd;   /* wfd: route eof, the pipe's write end; efd: route pidfd, the eventfd */
    uint32_t gen;          /* this worker's generation */
    uint64_t units;
    fault_shm *m;
    wt_stress *ws;
} fault_cfg;

static inline uint64_t fault_mix(uint64_t v)
{
    v = (v ^ (v >> 31)) * 0x9E3779B97F4A7C15ull;
    return v ^ (v >> 29);
}

static inline uint64_t fault_sum(const fault_reply *r)
{
    uint64_t h = fault_mix(r->id ^ fault_mix(r->res));
    for (size_t i = 0; i < sizeof r->pay; i += 8) {
        uint64_t w;
        memcpy(&w, r->pay + i, 8);
        h = fault_mix(h ^ w);
    }
    return h;
}

/* The result of task id (hb: bumped after every step, or NULL). */
static inline uint64_t fault_task(uint64_t units, uint64_t id, _Atomic uint64_t *hb)
{
    uint64_t r = 0xfa17ull + id % FAULT_NSEED;
    for (int k = 0; k < FAULT_STEPS; k++) {
        r = wt_work(units / FAULT_STEPS, r);
        if (hb)
            atomic_fetch_add_explicit(hb, 1, memory_order_relaxed);
    }
    return r;
}

static inline void fault_spin(uint64_t ns)
{
    for (uint64_t t = wt_now_ns() + ns; wt_now_ns() < t;)
        wt_cpu_relax();
}

/* Move from phase `from` to `to`; a worker a killer has doomed waits here for its SIGKILL. */
static inline void fault_step(fault_shm *m, uint32_t from, uint32_t to)
{
    if (atomic_compare_exchange_strong(&m->phase, &from, to))
        return;
    fault_spin(1000000000ull);
    _exit(4); /* doomed, yet never killed */
}

/* The worker process: takes posted tasks until FAULT_STOP or its parent is gone. */
static inline int fault_worker(void *arg)
{
    const fault_cfg *c = arg;
    fault_shm *m = c->m;
    pid_t parent = getppid();
    uint32_t seen = atomic_load(&m->req);
    atomic_store(&m->ready, c->gen);
    wt_futex_wake(&m->ready, 1);
    for (uint64_t n = 0;; n++) {
        wt_stress_idle(c->ws, 2, 1);
        while (atomic_load(&m->req) == seen) {
            if (getppid() != parent)
                return 0;
            atomic_fetch_add(&m->hb, 1);
            wt_futex_wait(&m->req, seen, FAULT_HB_NS);
        }
        wt_stress_idle(c->ws, 2, 0);
        seen = atomic_load(&m->req);
        if (m->task_id == FAULT_STOP)
            return 0;
        if (c->route == FAULT_ROBUST && pthread_mutex_lock(&m->mtx) == EOWNERDEAD)
            pthread_mutex_consistent(&m->mtx); /* not expected: the dispatcher repairs first */
        atomic_store(&m->taken, seen);
        wt_futex_wake(&m->taken, 1);
        fault_step(m, FAULT_IDLE, FAULT_TASK);
        fault_reply rp = {.id = m->task_id};
        rp.res = fault_task(c->units, rp.id, &m->hb);
        for (size_t i = 0; i < sizeof rp.pay; i++)
            rp.pay[i] = (unsigned char)(rp.res >> (i % 8 * 8) ^ i);
        rp.sum = fault_sum(&rp);
        fault_step(m, FAULT_TASK, FAULT_MSG);
        char *half = (char *)&rp + FAULT_HALF;
        if (c->route == FAULT_EOF) { /* the second write is the commit */
            if (write(c->wfd, &rp, FAULT_HALF) != FAULT_HALF)
                return 3;
            fault_spin(10000);
            fault_step(m, FAULT_MSG, FAULT_IDLE);
            if (write(c->wfd, half, sizeof rp - FAULT_HALF) != (ssize_t)(sizeof rp - FAULT_HALF))
                return 3;
        } else {
            memcpy(&m->rp, &rp, FAULT_HALF);
            fault_spin(10000);
            memcpy((char *)&m->rp + FAULT_HALF, half, sizeof rp - FAULT_HALF);
            fault_step(m, FAULT_MSG, FAULT_IDLE);
            atomic_store_explicit(&m->done_id, rp.id + 1, memory_order_release);
            if (c->route == FAULT_ROBUST)
                m->committed++, m->check = fault_mix(m->committed);
        }
        if (c->route == FAULT_PIDFD && write(c->efd, &(uint64_t){1}, 8) != 8)
            return 3;
        if (c->route == FAULT_FUTEX) {
            atomic_fetch_add(&m->rep, 1);
            wt_futex_wake(&m->rep, 1);
        }
        if (c->route == FAULT_ROBUST)
            pthread_mutex_unlock(&m->mtx);
        wt_stress_note(c->ws, 2, 1, n + 1); /* worker slot 2, operation 1: "task" */
    }
}

#endif
