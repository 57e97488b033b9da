/* stress.flood: M producers x N consumers (threads pinned over the PUs, M = N = max(2, PUs / 2))
 * push 64-byte messages as fast as they go through one bounded queue (64 messages) for the whole
 * duration: mech pipe, ustream, mq, shmring, futexq (harness/squeue.c) or pool (the suite's pool
 * with N workers: each message is a task whose function is the consumer). A message carries
 * (producer, sequence, send time, checksum of all of it).
 * Invariants: exactly once, in order per producer as each consumer sees it, every checksum right.
 * Exactly once: a bitmap per producer over a sliding window of 2^22 sequences; a consumer sets the
 * message's bit and must find it clear (else duplicated); a producer reuses a bit (before sending
 * the message one window later) only after finding it set, waiting up to 2 s for it (else lost);
 * at the end every bit of each producer's last window must be set (else lost).
 * Counters lost, duplicated, reordered, bad_checksum (all 0, else FAIL naming the first offending
 * message: producer and sequence), messages_per_second, stalls (sends that waited for room),
 * max_depth (sent - received, sampled every 64th send), queue_cap. Latency per message, ns, from
 * before the send to the consumer's check (histogram). Timed: the duration (wt_stress_*). */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include "wt.h"

#define WIN_BITS 22
#define WIN (1ull << WIN_BITS)
#define QCAP 64u
#define POOL_SLOTS 256u           /* message slots per producer for mech pool */
#define VICTIM 1000u              /* producer 0's message that a test knob loses or duplicates */
#define WAIT_NS 50000000ull       /* one send or receive attempt */
#define ACK_WAIT_NS 2000000000ull /* a message a window old not yet received by then is lost */

enum { POOL = WT_SQ_NKINDS };
enum { LOST, DUP, REORDER, BADSUM, NCLS };
enum { OP_START, OP_SEND, OP_AWAIT, OP_RECV, OP_SUBMIT };
static const char *const ops[] = {"start", "send", "await-ack", "recv", "submit", NULL};
static const char *const cls_name[] = {"lost", "duplicated", "reordered", "bad checksum"};

typedef struct msg {
    uint32_t prod, pad;
    uint64_t seq, sent, sum, pay[4];
} msg;

typedef struct st st;
typedef struct pslot { /* mech pool: a message handed to a task; busy counts its pending runs */
    _Atomic int busy;
    st *s;
    msg m;
} pslot;

typedef struct prod {
    _Alignas(64) _Atomic uint64_t sent;
    uint64_t stalls, maxdepth;
    st *s;
    int id;
    wt_thread th;
    pslot *slot; /* mech pool: POOL_SLOTS */
} prod;

typedef struct cons {
    _Alignas(64) _Atomic uint64_t recvd;
    uint64_t last[WT_STRESS_MAX_WORKERS]; /* per producer, the last sequence seen; UINT64_MAX */
    st *s;
    int id;
    wt_thread th;
    wt_hist h;
} cons;

struct st {
    int mech, np, nc, err, cap;
    const char *err_what;
    wt_sq *q;
    wt_pool *pool;
    wt_stress *ws;
    wt_gate gate; /* the workers start together */
    prod *P; /* np producers, nc consumers */
    cons *C;
    _Atomic uint64_t *bits; /* np windows of WIN bits */
    _Atomic int prod_left, next_c, err_set, hung;
    _Atomic uint64_t bad[NCLS];
    _Atomic int first_set[NCLS];
    int first_p[NCLS];
    uint64_t first_seq[NCLS];
};

static uint64_t mix(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 31);
}

static uint64_t checksum(const msg *m)
{
    uint64_t h = mix(0x243F6A8885A308D3ull, m->prod);
    h = mix(mix(mix(h, m->seq), m->sent), m->pad);
    for (int i = 0; i < 4; i++)
        h = mix(h, m->pay[i]);
    return h;
}

static void offend(st *s, int cls, int p, uint64_t seq)
{
    atomic_fetch_add(&s->bad[cls], 1);
    if (!atomic_exchange(&s->first_set[cls], 1))
        s->first_p[cls] = p, s->first_seq[cls] = seq;
}

static void mech_failed(st *s, int err, const char *what)
{
    if (!atomic_exchange(&s->err_set, 1))
        s->err = err, s->err_what = what;
    wt_stress_stop(s->ws);
}

static _Atomic uint64_t *bitword(st *s, int p, uint64_t seq)
{
    return &s->bits[(size_t)p * (WIN / 64) + ((seq & (WIN - 1)) >> 6)];
}

/* The consumer's check of one message. */
static void check(st *s, cons *c, const msg *m)
{
    uint64_t now = wt_now_ns();
    if (m->prod >= (uint32_t)s->np || checksum(m) != m->sum) {
        offend(s, BADSUM, (int)m->prod, m->seq);
        return;
    }
    int p = (int)m->prod;
    uint64_t bit = 1ull << (m->seq & 63);
    if (atomic_fetch_or_explicit(bitword(s, p, m->seq), bit, memory_order_acq_rel) & bit)
        offend(s, DUP, p, m->seq);
    else if (c->last[p] != UINT64_MAX && m->seq < c->last[p])
        offend(s, REORDER, p, m->seq);
    if (c->last[p] == UINT64_MAX || m->seq > c->last[p])
        c->last[p] = m->seq;
    wt_hist_add(&c->h, now - m->sent);
    uint64_t n = atomic_load_explicit(&c->recvd, memory_order_relaxed) + 1;
    atomic_store_explicit(&c->recvd, n, memory_order_release);
    wt_stress_note(s->ws, s->np + c->id, OP_RECV, n);
}

/* Before sending seq >= WIN: the message one window earlier must have been received (its bit set);
 * clear the bit for seq. */
static void ack_window(st *s, int p, uint64_t seq)
{
    _Atomic uint64_t *w = bitword(s, p, seq);
    uint64_t bit = 1ull << (seq & 63), t0 = 0;
    while (!(atomic_load_explicit(w, memory_order_acquire) & bit)) {
        wt_stress_note(s->ws, p, OP_AWAIT, seq);
        uint64_t now = wt_now_ns();
        if (!t0)
            t0 = now;
        if (now - t0 > ACK_WAIT_NS) {
            offend(s, LOST, p, seq - WIN);
            break;
        }
        sched_yield();
    }
    atomic_fetch_and_explicit(w, ~bit, memory_order_relaxed);
}

static void pool_task(void *arg)
{
    static _Thread_local st *tl_s;
    static _Thread_local int tl_c;
    pslot *sl = arg;
    st *s = sl->s;
    if (tl_s != s)
        tl_s = s, tl_c = atomic_fetch_add(&s->next_c, 1) % s->nc;
    check(s, &s->C[tl_c], &sl->m);
    atomic_fetch_sub_explicit(&sl->busy, 1, memory_order_release);
}

/* Messages sent and not yet received (a racy sample: it can be off by those in flight). */
static int64_t depth(st *s)
{
    int64_t d = 0;
    for (int i = 0; i < s->np; i++)
        d += (int64_t)atomic_load_explicit(&s->P[i].sent, memory_order_relaxed);
    for (int i = 0; i < s->nc; i++)
        d -= (int64_t)atomic_load_explicit(&s->C[i].recvd, memory_order_relaxed);
    return d;
}

/* Hand one message over (copies = 2: the dup knob): 0, or -1 when stopping. */
static int hand_over(st *s, prod *pr, const msg *m, int copies)
{
    if (s->mech == POOL) {
        pslot *sl = &pr->slot[m->seq % POOL_SLOTS];
        int stalled = 0;
        while (atomic_load_explicit(&sl->busy, memory_order_acquire)) {
            stalled = 1;
            if (wt_stress_stopping(s->ws))
                return -1;
            sched_yield();
        }
        pr->stalls += stalled || depth(s) >= QCAP;
        sl->m = *m;
        atomic_store_explicit(&sl->busy, copies, memory_order_relaxed);
        for (int k = 0; k < copies; k++) {
            int rc = wt_pool_submit(s->pool, pool_task, sl);
            if (rc < 0)
                return mech_failed(s, -rc, "wt_pool_submit"), -1;
        }
        return 0;
    }
    for (int k = 0, stalled = 0; k < copies;) {
        int rc = wt_sq_send(s->q, pr->id, m, WAIT_NS);
        if (rc >= 0) {
            pr->stalls += rc || stalled;
            k++, stalled = 0;
        } else if (rc == -ETIMEDOUT) {
            stalled = 1;
            if (wt_stress_stopping(s->ws))
                return -1;
        } else {
            return mech_failed(s, -rc, "send"), -1;
        }
    }
    return 0;
}

static void *producer(void *arg)
{
    prod *pr = arg;
    st *s = pr->s;
    int p = pr->id;
    msg m = {.prod = (uint32_t)p};
    wt_gate_wait(&s->gate);
    for (uint64_t seq = 0; !wt_stress_stopping(s->ws); seq++) {
        wt_stress_note(s->ws, p, OP_SEND, seq);
        if (seq >= WIN)
            ack_window(s, p, seq);
        m.seq = seq;
        for (int i = 0; i < 4; i++)
            m.pay[i] = mix(seq + 0x1000193u * (uint64_t)i, (uint64_t)p);
        m.sent = wt_now_ns();
        m.sum = checksum(&m);
        int copies = 1;
        if (p == 0 && seq == VICTIM)
            copies = wt_stress_knob(s->ws, WT_KNOB_LOSE) ? 0 : wt_stress_knob(s->ws, WT_KNOB_DUP) ? 2 : 1;
        if (copies && hand_over(s, pr, &m, copies) < 0)
            break;
        atomic_store_explicit(&pr->sent, seq + 1, memory_order_release);
        if ((seq & 63) == 0) {
            int64_t d = depth(s);
            pr->maxdepth = d > (int64_t)pr->maxdepth ? (uint64_t)d : pr->maxdepth;
            wt_stress_cpu(s->ws, p);
        }
    }
    wt_stress_done(s->ws, p);
    atomic_fetch_sub(&s->prod_left, 1);
    return NULL;
}

/* Receive until the producers are gone and the queue is empty (or, after a stop, 1 s of silence). */
static void *consumer(void *arg)
{
    cons *c = arg;
    st *s = c->s;
    wt_gate_wait(&s->gate);
    for (int quiet = 0; quiet < 20;) {
        msg m;
        int rc = wt_sq_recv(s->q, c->id, &m, WAIT_NS);
        if (rc == 0) {
            check(s, c, &m);
            if ((atomic_load_explicit(&c->recvd, memory_order_relaxed) & 255) == 0)
                wt_stress_cpu(s->ws, s->np + c->id);
        } else if (rc == -ETIMEDOUT) {
            if (!atomic_load(&s->prod_left))
                break;
            quiet += wt_stress_stopping(s->ws);
        } else if (rc == -EBADMSG) {
            offend(s, BADSUM, -1, atomic_load_explicit(&c->recvd, memory_order_relaxed));
        } else {
            mech_failed(s, -rc, "receive");
            break;
        }
    }
    wt_stress_done(s->ws, s->np + c->id);
    return NULL;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    const char *mech = wt_arg(ctx, "mech");
    s->mech = !strcmp(mech, "pool") ? POOL : wt_sq_kind(mech);
    if (s->mech < 0)
        return wt_fail(r, "unknown mech '%s'", mech);
    s->np = s->nc = ctx->npus / 2 < 2 ? 2 : ctx->npus / 2 > 16 ? 16 : ctx->npus / 2;
    s->P = aligned_alloc(64, (size_t)s->np * sizeof *s->P);
    s->C = aligned_alloc(64, (size_t)s->nc * sizeof *s->C);
    s->bits = calloc((size_t)s->np * (WIN / 64), sizeof *s->bits); /* calloc'd pages are written below */
    if (!s->P || !s->C || !s->bits)
        return wt_error(r, ENOMEM, "producer and consumer state");
    memset(s->P, 0, (size_t)s->np * sizeof *s->P);
    memset(s->C, 0, (size_t)s->nc * sizeof *s->C);
    memset((void *)s->bits, 0, (size_t)s->np * (WIN / 8));
    int rc = wt_stress_open(&s->ws, ctx, r, s->np + s->nc, ops);
    if (rc < 0)
        return rc;
    for (int i = 0; i < s->np; i++) {
        s->P[i].s = s, s->P[i].id = i;
        wt_stress_role(s->ws, i, "producer %d", i);
        if (s->mech == POOL) {
            if (!(s->P[i].slot = calloc(POOL_SLOTS, sizeof(pslot))))
                return wt_error(r, ENOMEM, "message slots");
            for (unsigned k = 0; k < POOL_SLOTS; k++)
                s->P[i].slot[k].s = s;
        }
    }
    for (int i = 0; i < s->nc; i++) {
        s->C[i].s = s, s->C[i].id = i;
        memset(s->C[i].last, 0xff, sizeof s->C[i].last);
        wt_hist_reset(&s->C[i].h);
        wt_stress_role(s->ws, s->np + i, "consumer %d", i);
    }
    return 0;
}

/* Start the queue and the workers; 0 or WT_R* on r. */
static int start(st *s, wt_run *r)
{
    int rc, pus[WT_STRESS_MAX_WORKERS];
    for (int i = 0; i < s->nc; i++)
        pus[i] = wt_pu(s->np + i);
    if (s->mech == POOL) {
        wt_pool_opts o = {.nworkers = s->nc, .pus = pus[0] < 0 ? NULL : pus, .queue = QCAP, .spin_ns = 50000};
        if ((rc = wt_pool_create(&s->pool, &o)) < 0)
            return wt_error(r, -rc, "starting the pool");
    } else if ((rc = wt_sq_open(&s->q, s->mech, s->np, s->nc, QCAP)) < 0) {
        return wt_error(r, -rc, "opening the queue");
    }
    s->cap = s->mech == POOL ? (int)QCAP : s->mech == WT_SQ_USTREAM ? 0 : (int)wt_sq_cap(s->q); /* 0: socket buffers */
    atomic_store(&s->prod_left, s->np);
    for (int i = 0; i < s->np; i++)
        if ((rc = wt_thread_start(&s->P[i].th, wt_pu(i), producer, &s->P[i])) < 0) {
            atomic_store(&s->prod_left, i);
            return wt_error(r, -rc, "starting a producer");
        }
    for (int i = 0; s->mech != POOL && i < s->nc; i++)
        if ((rc = wt_thread_start(&s->C[i].th, pus[i], consumer, &s->C[i])) < 0)
            return wt_error(r, -rc, "starting a consumer");
    return 0;
}

/* Join everything start() began; 0, or -1 when a worker hung (left detached, state leaked). */
static int stop(st *s)
{
    double t = (double)wt_stress_stall_ns(s->ws) * 1e-9 + 10;
    int hung = 0;
    wt_stress_stop(s->ws);
    wt_gate_open(&s->gate);
    for (int i = 0; i < s->np; i++)
        hung |= wt_thread_join(&s->P[i].th, t) < 0;
    if (s->pool) {
        for (int i = 0; i < s->nc; i++)
            wt_stress_done(s->ws, s->np + i);
        hung |= wt_pool_drain(s->pool, t) < 0 || wt_pool_destroy(s->pool, t) < 0;
        s->pool = hung ? s->pool : NULL;
    }
    for (int i = 0; i < s->nc; i++)
        hung |= wt_thread_join(&s->C[i].th, t) < 0;
    if (!hung) {
        wt_sq_close(s->q);
        s->q = NULL;
    }
    atomic_store(&s->hung, hung);
    return hung ? -1 : 0;
}

/* After the run: every bit of each producer's last window must be set. */
static void sweep(st *s)
{
    for (int p = 0; p < s->np; p++) {
        uint64_t n = atomic_load(&s->P[p].sent);
        for (uint64_t q = n > WIN ? n - WIN : 0; q < n; q++)
            if (!(atomic_load_explicit(bitword(s, p, q), memory_order_relaxed) & 1ull << (q & 63)))
                offend(s, LOST, p, q);
    }
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    int rc = start(s, r);
    if (rc == 0 && (rc = wt_stress_begin(s->ws, r)) == 0) {
        wt_gate_open(&s->gate);
        wt_stress_wait(s->ws);
    }
    if (stop(s) < 0)
        return wt_fail(r, "a producer, consumer or pool worker hung (left detached)");
    if (rc < 0)
        return rc;
    uint64_t got = 0, stalls = 0, maxd = 0;
    for (int i = 0; i < s->nc; i++)
        got += atomic_load(&s->C[i].recvd), wt_hist_merge(wt_run_hist(r), &s->C[i].h);
    int64_t ns = wt_stress_end(s->ws, r, got);
    if (ns < 0)
        return ns;
    if (s->err)
        return wt_error(r, s->err, s->err_what);
    sweep(s);
    for (int i = 0; i < s->np; i++)
        stalls += s->P[i].stalls, maxd = s->P[i].maxdepth > maxd ? s->P[i].maxdepth : maxd;
    const char *name[] = {"messages_per_second", "messages", "lost", "duplicated", "reordered", "bad_checksum",
                          "stalls", "max_depth", "queue_cap", "producers", "consumers"};
    double v[] = {(double)got * 1e9 / (double)ns, (double)got, (double)s->bad[LOST], (double)s->bad[DUP],
                  (double)s->bad[REORDER], (double)s->bad[BADSUM], (double)stalls, (double)maxd, s->cap, s->np, s->nc};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        wt_counter(r, name[i], v[i], 0);
    for (int k = 0; k < NCLS; k++)
        if (atomic_load(&s->bad[k]))
            return wt_fail(r, "%s: producer %d seq %llu (%llu lost, %llu duplicated, %llu reordered, %llu bad checksum)",
                           cls_name[k], s->first_p[k], (unsigned long long)s->first_seq[k],
                           (unsigned long long)s->bad[LOST], (unsigned long long)s->bad[DUP],
                           (unsigned long long)s->bad[REORDER], (unsigned long long)s->bad[BADSUM]);
    if (!got)
        return wt_fail(r, "no message went through in %.1f s", (double)ns * 1e-9);
    return ns;
}

static void teardown(void *state)
{
    st *s = state;
    if (!s || atomic_load(&s->hung))
        return; /* a hung worker may still use the state: leak it */
    wt_stress_close(s->ws);
    for (int i = 0; s->P && i < s->np; i++)
        free(s->P[i].slot);
    free(s->P), free(s->C), free((void *)s->bits);
    free(s);
}

static const wt_param params[] = {
    {"mech", "pipe,shmring", "pipe,ustream,mq,shmring,futexq,pool"},
    {0},
};

const wt_case wt_case_stress_flood = {
    .name = "stress.flood",
    .summary = "M x N producers/consumers flooding a bounded queue: exactly once, in order, checksums; msgs/s",
    .min_pus = 1,
    .flags = WT_STRESS,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
