/* xfer.transfer: hand a buffer to a worker thread without copying it, the way transferList moves an
 * ArrayBuffer: the producer (caller, pu[0]) pushes the buffer's pointer onto a queue and signals;
 * the consumer (worker, pu[1]) takes it, sums every byte with touch:1 (reads only the header and
 * trailer with touch:0), gives the buffer up and acknowledges with the digest. ns per message.
 * alloc:fresh: every message is a new zeroed allocation (calloc, as V8 allocates an ArrayBuffer's
 * backing store), which the consumer frees; alloc:recycled: a pool of two buffers (bound to the
 * producer's NUMA node) travels back to the producer through a return queue. Timed per message (one
 * in flight, see xfer.h): getting the buffer (calloc / popping the return queue), producing the
 * message in it, the hand-off, the consumer's reading and its free or return, the acknowledgement.
 * Fresh buffers are first touched by the producer, so they are local to it under the default policy
 * rather than bound. A wrong digest, or an empty return queue, fails. */
#include "xfer.h"

#define QCAP  8u /* power of two > POOL: the queues never fill */
#define POOL  2u

typedef struct st {
    xfer_chan chan;
    _Alignas(64) _Atomic uint32_t rhead; /* return queue: written by the consumer */
    uint32_t rtail;                       /* read by the producer */
    uint32_t taken;                       /* consumer's: messages taken off the queue */
    char *ret[QCAP];
    char *q[QCAP];     /* the message queue, indexed by sequence number */
    char *cur;         /* the buffer being produced, until handed over */
    xfer_drv d;
    size_t bytes, poollen;
    int touch, fresh;
    char *pool;
    wt_thread t;
    int pu;
    _Atomic int migrated;
} st;

static void *obtain(void *state, wt_run *r)
{
    st *s = state;
    if (s->fresh) {
        if (!(s->cur = calloc(1, s->bytes)))
            wt_error(r, ENOMEM, "calloc of a message buffer");
        return s->cur;
    }
    if (s->rtail == atomic_load_explicit(&s->rhead, memory_order_acquire)) {
        wt_fail(r, "the return queue is empty: the consumer kept a buffer");
        return NULL;
    }
    return s->cur = s->ret[s->rtail++ % QCAP];
}

static int handover(void *state, wt_run *r, void *p, uint32_t seq, uint64_t *digest)
{
    st *s = state;
    s->q[seq % QCAP] = p;
    s->cur = NULL;
    int rc = xfer_call(&s->chan, 0, seq, digest);
    return rc < 0 ? xfer_call_failed(r, rc, seq) : 0;
}

static uint64_t consume(void *state, uint64_t arg)
{
    st *s = state;
    char *p = s->q[++s->taken % QCAP];
    uint64_t dg = xfer_digest(p, s->bytes, s->touch);
    if (s->fresh) {
        free(p);
    } else {
        uint32_t h = atomic_load_explicit(&s->rhead, memory_order_relaxed);
        s->ret[h % QCAP] = p;
        atomic_store_explicit(&s->rhead, h + 1, memory_order_release);
    }
    return dg;
}

static void *consumer(void *arg)
{
    st *s = arg;
    if (!wt_on_pu(s->pu))
        atomic_store(&s->migrated, 1);
    xfer_serve(&s->chan, consume, s); /* a silent producer: its own wait reports it */
    return NULL;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    st *s = aligned_alloc(64, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    memset(s, 0, sizeof *s);
    *state = s;
    if (xfer_args(ctx, r, &s->bytes, &s->touch) < 0)
        return WT_RFAIL;
    s->fresh = !strcmp(wt_arg(ctx, "alloc"), "fresh");
    s->d = (xfer_drv){.bytes = s->bytes, .touch = s->touch, .st = s, .obtain = obtain,
                      .send = handover};
    s->pu = ctx->pu[1];
    if (!s->fresh) {
        s->poollen = (size_t)POOL * s->bytes;
        if (!(s->pool = xfer_map(s->poollen, ctx->node[0], s->touch)))
            return wt_error(r, errno, "mapping the buffer pool");
        for (unsigned i = 0; i < POOL; i++) {
            s->ret[i] = s->pool + (size_t)i * s->bytes;
            xfer_fill(s->ret[i], s->bytes, 0, 0); /* maps the pages touch:0 uses */
        }
        atomic_store(&s->rhead, POOL);
    }
    int rc = wt_thread_start(&s->t, s->pu, consumer, s);
    return rc < 0 ? wt_error(r, -rc, "starting the consumer") : 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    int64_t ns = xfer_run(&s->d, r, iters);
    if (atomic_exchange(&s->migrated, 0))
        wt_note_migration();
    return ns;
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    xfer_post(&s->chan.msg, XFER_STOP);
    if (wt_thread_join(&s->t, 10) < 0)
        return; /* a hung consumer still uses the buffers; the harness reports the leaked thread */
    if (s->fresh)
        free(s->cur); /* obtained but never handed over (a failed run) */
    xfer_unmap(s->pool, s->poollen);
    free(s);
}

static const wt_param params[] = {
    {"place", "far,numa,package", "far,numa,package"},
    {"alloc", "fresh,recycled", "fresh,recycled"},
    {"bytes", XFER_SIZES_QUICK, XFER_SIZES_FULL},
    {"touch", "0,1", "0,1"},
    {0},
};

const wt_case wt_case_xfer_transfer = {
    .name = "xfer.transfer",
    .summary = "hand a buffer's pointer over through a queue (fresh or recycled buffers), ns per message",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
