/* xfer.shm: hand a payload to another process through shared memory with one copy: a memfd mapped
 * by both (a ring of two slots behind a header page holding the channel's signal words). The
 * producer (parent, pu[0]) copies its message into the next slot and signals; the consumer (a forked
 * child, pu[1]) reads it in place, every byte summed with touch:1, only the header and trailer with
 * touch:0, and acknowledges with the digest; both sides spin, then park on process-shared futexes.
 * ns per message. Timed per message (one in flight, see xfer.h): producing the message in the
 * producer's own buffer, the copy, the consumer's reading, the acknowledgement.
 * copied_bytes_per_second counts the one copy. The producer's buffer and the memfd are bound to the
 * producer's NUMA node. A wrong digest fails. */
#include <sys/mman.h>
#include <unistd.h>
#include "xfer.h"

#define SLOTS 2u
#define HDR   4096u /* the header page: the channel */

typedef struct hdr {
    xfer_chan chan;
    xfer_sig ready;       /* the child has mapped the ring and waits for messages */
    _Atomic int migrated; /* the child found itself off its PU */
} hdr;

typedef struct st {
    xfer_drv d;
    size_t bytes, maplen;
    int touch, fd, pu;
    char *src;  /* the producer's own buffer */
    char *map;  /* the memfd mapping: header page, then the ring */
    hdr *h;
    pid_t child;
} st;

static char *slot(st *s, uint64_t i) { return s->map + HDR + (size_t)(i % SLOTS) * s->bytes; }

static void *obtain(void *state, wt_run *r) { return ((st *)state)->src; }

static int handover(void *state, wt_run *r, void *p, uint32_t seq, uint64_t *digest)
{
    st *s = state;
    memcpy(slot(s, seq), p, s->bytes);
    int rc = xfer_call(&s->h->chan, seq, seq, digest);
    return rc < 0 ? xfer_call_failed(r, rc, seq) : 0;
}

static uint64_t consume(void *state, uint64_t arg)
{
    st *s = state;
    return xfer_digest(slot(s, arg), s->bytes, s->touch);
}

static int consumer(void *arg)
{
    st *s = arg;
    if (!wt_on_pu(s->pu))
        atomic_store(&s->h->migrated, 1);
    /* fork does not copy the page table of a shared mapping: map the ring now, not in the timed region */
    xfer_populate(s->map + HDR, s->maplen - HDR, 0);
    xfer_post(&s->h->ready, 1);
    return xfer_serve(&s->h->chan, consume, s) < 0 ? 3 : 0;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    s->fd = -1;
    if (xfer_args(ctx, r, &s->bytes, &s->touch) < 0)
        return WT_RFAIL;
    s->d = (xfer_drv){.bytes = s->bytes, .touch = s->touch, .copies = 1, .st = s, .obtain = obtain,
                      .send = handover};
    s->pu = ctx->pu[1];
    s->maplen = HDR + SLOTS * s->bytes;
    if ((s->fd = memfd_create("wtbench-xfer-shm", MFD_CLOEXEC)) < 0)
        return wt_error(r, errno, "memfd_create");
    if (ftruncate(s->fd, (off_t)s->maplen) < 0)
        return wt_error(r, errno, "sizing the memfd");
    void *m = mmap(NULL, s->maplen, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd, 0);
    if (m == MAP_FAILED)
        return wt_error(r, errno, "mapping the memfd");
    s->map = m;
    int rc = wt_membind(s->map, s->maplen, ctx->node[0]);
    if (rc < 0)
        return wt_error(r, -rc, "binding the memfd to the producer's node");
    xfer_populate(s->map, s->maplen, 1);
    s->h = (hdr *)s->map;
    s->child = wt_child_start(s->pu, consumer, s);
    if (s->child < 0)
        return wt_error(r, (int)-s->child, "forking the consumer");
    /* After the fork: pages the parent held at fork time are copy-on-write and its first write to
     * each would copy it inside the timed region. */
    if (!(s->src = xfer_map(s->bytes, ctx->node[0], 1)))
        return wt_error(r, errno, "mapping the producer's buffer");
    if (xfer_wait(&s->h->ready, 0, XFER_ACK_NS) < 0)
        return wt_fail(r, "the consumer process never became ready");
    return 0;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    int64_t ns = xfer_run(&s->d, r, iters);
    if (atomic_exchange(&s->h->migrated, 0))
        wt_note_migration();
    return ns;
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    if (s->child > 0) {
        xfer_post(&s->h->chan.msg, XFER_STOP);
        wt_child_wait(s->child, 10); /* a hung child is killed there; its status is not this case's result */
    }
    if (s->map)
        munmap(s->map, s->maplen);
    if (s->fd >= 0)
        close(s->fd);
    xfer_unmap(s->src, s->bytes);
    free(s);
}

static const wt_param params[] = {
    {"place", "far,numa,package", "far,numa,package"},
    {"bytes", "", XFER_SIZES_FULL}, /* --full only: quick keeps copy, copy1, transfer */
    {"touch", "0,1", "0,1"},
    {0},
};

const wt_case wt_case_xfer_shm = {
    .name = "xfer.shm",
    .summary = "copy once into a memfd ring shared with a child process, read in place, ns per message",
    .min_pus = 2,
    .flags = WT_NEEDS_FORK,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
