/* xfer.copy1: hand a payload to a worker thread with one copy: the producer (caller, pu[0]) copies
 * its message into a shared slot and signals; the consumer (worker, pu[1]) reads it in place, every
 * byte summed with touch:1, only the header and trailer with touch:0, and acknowledges with that
 * digest. ns per message. Timed per message (one in flight, see xfer.h): producing the
 * message in the producer's own buffer, the copy, the consumer's reading, the acknowledgement.
 * copied_bytes_per_second counts the one copy. Producer buffers and the slot are bound to the
 * producer's NUMA node. A wrong digest fails. */
#include "xfer.h"

typedef struct st {
    xfer_chan chan; /* first: 64-byte aligned by the allocator below */
    xfer_drv d;
    size_t bytes;
    int touch;
    char *src;  /* the producer's own buffer, each message is produced in */
    char *slot; /* the channel slot */
    wt_thread t;
    int pu;
    _Atomic int migrated;
} st;

static void *obtain(void *state, wt_run *r) { return ((st *)state)->src; }

static int handover(void *state, wt_run *r, void *p, uint32_t seq, uint64_t *digest)
{
    st *s = state;
    memcpy(s->slot, p, s->bytes);
    int rc = xfer_call(&s->chan, 0, seq, digest);
    return rc < 0 ? xfer_call_failed(r, rc, seq) : 0;
}

static uint64_t consume(void *state, uint64_t arg)
{
    st *s = state;
    return xfer_digest(s->slot, s->bytes, s->touch);
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
    s->d = (xfer_drv){.bytes = s->bytes, .touch = s->touch, .copies = 1,
                      .st = s, .obtain = obtain, .send = handover};
    s->pu = ctx->pu[1];
    if (!(s->src = xfer_map(s->bytes, ctx->node[0], 1)) || !(s->slot = xfer_map(s->bytes, ctx->node[0], 1)))
        return wt_error(r, errno, "mapping the buffers");
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
    xfer_unmap(s->src, s->bytes);
    xfer_unmap(s->slot, s->bytes);
    free(s);
}

static const wt_param params[] = {
    {"place", "far,numa,package", "far,numa,package"},
    {"bytes", "4194304,67108864", XFER_SIZES_FULL}, /* quick: the bandwidth check against calib.memcpy */
    {"touch", "0,1", "0,1"},
    {0},
};

const wt_case wt_case_xfer_copy1 = {
    .name = "xfer.copy1",
    .summary = "copy once into a shared slot, the consumer reads it in place, ns per message",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
