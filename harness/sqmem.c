/* sqmem.c: the two in-memory queues of harness/squeue.c, for stress.flood. shmring: a lock-free
 * ring of cells, each with the position it expects next (Vyukov), with futex parking for empty and
 * full; futexq: a ring under a futex mutex, with futex condition words. No timing here. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include "squeue.h"

/* ---- parking on a futex word with a sleeper count (shmring) ---------------------------------- */
/* The sleeper: counts itself, then (after a full fence) re-checks with ready(); the waker: changes
 * the state, full fence, and wakes only when it sees a sleeper. Either the sleeper sees the new
 * state or the waker sees the sleeper (Dekker), so no wake-up is lost. */
static int park(_Atomic uint32_t *word, _Atomic int *sleepers, int (*ready)(wt_sq *), wt_sq *q, uint64_t deadline)
{
    uint32_t e = atomic_load(word);
    atomic_fetch_add(sleepers, 1);
    atomic_thread_fence(memory_order_seq_cst);
    int rc = 0;
    if (!ready(q)) {
        uint64_t ns = wt__sq_left(deadline);
        rc = ns ? wt_futex_wait(word, e, ns) : -ETIMEDOUT;
    }
    atomic_fetch_sub(sleepers, 1);
    return rc;
}

static void unpark(_Atomic uint32_t *word, _Atomic int *sleepers)
{
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(sleepers, memory_order_relaxed) > 0) {
        atomic_fetch_add(word, 1);
        wt_futex_wake(word, 1);
    }
}

/* ---- shmring ------------------------------------------------------------------------------------ */
static int ring_has_room(wt_sq *q)
{
    uint64_t t = atomic_load(&q->tail);
    return atomic_load(&q->ring[t & (q->cap - 1)].seq) == t;
}

static int ring_has_msg(wt_sq *q)
{
    uint64_t h = atomic_load(&q->rhead);
    return atomic_load(&q->ring[h & (q->cap - 1)].seq) == h + 1;
}

static int ring_open(wt_sq *q)
{
    unsigned cap = 2;
    while (cap < q->cap)
        cap <<= 1;
    q->cap = cap;
    if (!(q->ring = aligned_alloc(64, cap * sizeof *q->ring)))
        return -ENOMEM;
    for (unsigned i = 0; i < cap; i++) {
        memset(&q->ring[i], 0, sizeof q->ring[i]);
        atomic_init(&q->ring[i].seq, i);
    }
    return 0;
}

/* One attempt: 1 done, 0 full (push) or empty (pop). */
static int ring_try(wt_sq *q, _Atomic uint64_t *end, void *m, int push)
{
    uint64_t pos = atomic_load_explicit(end, memory_order_relaxed);
    for (;;) {
        wt__sq_cell *c = &q->ring[pos & (q->cap - 1)];
        int64_t dif = (int64_t)(atomic_load_explicit(&c->seq, memory_order_acquire) - (pos + !push));
        if (dif == 0) {
            if (atomic_compare_exchange_weak_explicit(end, &pos, pos + 1, memory_order_relaxed, memory_order_relaxed)) {
                if (push)
                    memcpy(c->m, m, WT_SQ_MSG);
                else
                    memcpy(m, c->m, WT_SQ_MSG);
                atomic_store_explicit(&c->seq, push ? pos + 1 : pos + q->cap, memory_order_release);
                return 1;
            }
        } else if (dif < 0) {
            return 0;
        } else {
            pos = atomic_load_explicit(end, memory_order_relaxed);
        }
    }
}

static int ring_op(wt_sq *q, void *m, uint64_t deadline, int push)
{
    int waited = 0;
    for (unsigned k = 0; !ring_try(q, push ? &q->tail : &q->rhead, m, push); k++) {
        waited = 1;
        if (k < 64) { /* a neighbour is mid-operation: let it finish */
            if (k & 7)
                wt_cpu_relax();
            else
                sched_yield();
            continue;
        }
        if (!wt__sq_left(deadline))
            return -ETIMEDOUT;
        if (push)
            park(&q->nonfull, &q->psleep, ring_has_room, q, deadline);
        else
            park(&q->nonempty, &q->csleep, ring_has_msg, q, deadline);
    }
    if (push)
        unpark(&q->nonempty, &q->csleep);
    else
        unpark(&q->nonfull, &q->psleep);
    return push ? waited : 0;
}

/* ---- futexq ----------------------------------------------------------------------------------- */
static void fq_lock(wt_sq *q)
{
    uint32_t z = 0;
    if (atomic_compare_exchange_strong(&q->lock, &z, 1))
        return;
    while (atomic_exchange(&q->lock, 2) != 0)
        wt_futex_wait(&q->lock, 2, 0);
}

static void fq_unlock(wt_sq *q)
{
    if (atomic_exchange(&q->lock, 0) == 2)
        wt_futex_wake(&q->lock, 1);
}

/* Under the lock: wait on word (a condition) until it changes or deadline; 0 or -ETIMEDOUT. */
static int fq_wait(wt_sq *q, _Atomic uint32_t *word, _Atomic int *waiters, uint64_t deadline)
{
    uint64_t ns = wt__sq_left(deadline);
    if (!ns)
        return -ETIMEDOUT;
    uint32_t e = atomic_load(word);
    atomic_fetch_add(waiters, 1);
    fq_unlock(q);
    wt_futex_wait(word, e, ns);
    fq_lock(q);
    atomic_fetch_sub(waiters, 1);
    return 0;
}

static int fq_op(wt_sq *q, void *m, uint64_t deadline, int push)
{
    int waited = 0;
    fq_lock(q);
    while (push ? q->count == q->cap : q->count == 0) {
        waited = 1;
        if (fq_wait(q, push ? &q->nonfull : &q->nonempty, push ? &q->pwait : &q->cwait, deadline) < 0) {
            fq_unlock(q);
            return -ETIMEDOUT;
        }
    }
    if (push) {
        memcpy(q->buf + (size_t)((q->head + q->count) % q->cap) * WT_SQ_MSG, m, WT_SQ_MSG);
        q->count++;
    } else {
        memcpy(m, q->buf + (size_t)q->head * WT_SQ_MSG, WT_SQ_MSG);
        q->head = (q->head + 1) % q->cap;
        q->count--;
    }
    _Atomic uint32_t *word = push ? &q->nonempty : &q->nonfull;
    int wake = atomic_load(push ? &q->cwait : &q->pwait) > 0;
    if (wake)
        atomic_fetch_add(word, 1); /* under the lock: a waiter read the old value under it too */
    fq_unlock(q);
    if (wake)
        wt_futex_wake(word, 1);
    return push ? waited : 0;
}

int wt__sq_mem_open(wt_sq *q)
{
    if (q->kind == WT_SQ_SHMRING)
        return ring_open(q);
    return (q->buf = malloc((size_t)q->cap * WT_SQ_MSG)) ? 0 : -ENOMEM;
}

int wt__sq_mem_op(wt_sq *q, void *m, uint64_t deadline, int push)
{
    return q->kind == WT_SQ_SHMRING ? ring_op(q, m, deadline, push) : fq_op(q, m, deadline, push);
}
