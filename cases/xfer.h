/* xfer.h: what the cases/xfer_*.c files and cases/calib_memcpy.c share (a header, not a case: only
 * the .c files in cases/ are cases). The payload and its digest, the size lists, page-aligned node-bound
 * buffers, the spin-then-park channel between producer and consumer, and the producer's timed loop.
 *
 * The timed loop (xfer_run): one message in flight (ping-pong). A message's time covers the whole
 * exchange: getting a buffer to produce into (the producer's own buffer, a fresh allocation, one
 * back from the return queue, the shared buffer), producing the message in it, handing it over, the
 * consumer's work (copying out where the strategy copies; reading every byte with touch:1) and its
 * acknowledgement reaching the producer. Production is timed on purpose: it is the same work for
 * every strategy (so it cancels where strategies are compared), and it is where zero-copy strategies
 * pay to take back the cache lines of a buffer the consumer has just read; timing only the hand-off
 * would hide that and flatter them. Below XFER_HIST_BYTES messages are timed as one batch; from
 * there on each message is timed alone (consecutive clock reads, so one read per message is in the
 * time) and goes into the histogram.
 *
 * Payload: word i of message seq is (seq * XFER_GOLD) ^ i, written fresh for every message. touch:1
 * writes every word and the consumer's digest is the sum of word i ^ i over every word (a word that
 * is stale, missing or in the wrong place changes it); touch:0
 * stamps only the first and last word (a header and a trailer: nothing can be served stale from the
 * previous message, and producing costs two stores) and the consumer reads only those two. Either
 * way the producer checks the consumer's digest against its own. */
#ifndef XFER_H
#define XFER_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "wt.h"

#define XFER_SIZES_QUICK "64,1024,16384,262144,4194304,67108864"
#define XFER_SIZES_FULL                                                                                \
    "64,128,256,512,1024,2048,4096,8192,16384,32768,65536,131072,262144,524288,1048576,2097152,"    \
    "4194304,8388608,16777216,33554432,67108864"

#define XFER_HIST_BYTES  65536u      /* from here on messages take >~1 us: timed one by one */
#define XFER_GOLD        0x9E3779B97F4A7C15ull
#define XFER_STOP        UINT32_MAX   /* msg.seq value that ends the consumer */
#define XFER_SPIN_NS     200000ull    /* a waiter spins this long, then parks on the futex */
#define XFER_ACK_NS      10000000000ull /* the producer's wait for an acknowledgement */
#define XFER_IDLE_NS     60000000000ull /* the consumer's wait for the next message */

/* ---- payload ------------------------------------------------------------------------------- */
/* Two words as a vector (GNU C, SSE2 on any x86-64), four to a cache line, so that the loops below
 * go a line at a time at full speed at -O2 (bytes is a multiple of 64). memcpy in and out: fresh
 * buffers are only 16-byte aligned. */
typedef uint64_t xfer_v2 __attribute__((vector_size(16)));

/* Produce message seq in p; returns the digest the consumer must report. */
static inline uint64_t xfer_fill(void *p, size_t bytes, uint64_t seq, int touch)
{
    char *c = p;
    uint64_t *w = p, base = seq * XFER_GOLD;
    size_t n = bytes / 8;
    if (!touch) {
        w[0] = base;
        w[n - 1] = base ^ (n - 1);
        return 3 * w[0] + w[n - 1];
    }
    xfer_v2 i0 = {0, 1}, i1 = {2, 3}, i2 = {4, 5}, i3 = {6, 7};
    for (size_t off = 0; off < bytes; off += 64, i0 += 8, i1 += 8, i2 += 8, i3 += 8) {
        xfer_v2 v0 = base ^ i0, v1 = base ^ i1, v2 = base ^ i2, v3 = base ^ i3;
        memcpy(c + off, &v0, 16);
        memcpy(c + off + 16, &v1, 16);
        memcpy(c + off + 32, &v2, 16);
        memcpy(c + off + 48, &v3, 16);
    }
    return base * n; /* the sum over every word of word ^ index */
}

/* The consumer's digest of a message: touch:1 reads every word, touch:0 the first and last. */
static inline uint64_t xfer_digest(const void *p, size_t bytes, int touch)
{
    const char *c = p;
    const uint64_t *w = p;
    size_t n = bytes / 8;
    if (!touch)
        return 3 * w[0] + w[n - 1];
    xfer_v2 i0 = {0, 1}, i1 = {2, 3}, i2 = {4, 5}, i3 = {6, 7}, a0 = {0, 0}, a1 = a0, a2 = a0, a3 = a0;
    for (size_t off = 0; off < bytes; off += 64, i0 += 8, i1 += 8, i2 += 8, i3 += 8) {
        xfer_v2 v0, v1, v2, v3;
        memcpy(&v0, c + off, 16);
        memcpy(&v1, c + off + 16, 16);
        memcpy(&v2, c + off + 32, 16);
        memcpy(&v3, c + off + 48, 16);
        a0 += v0 ^ i0;
        a1 += v1 ^ i1;
        a2 += v2 ^ i2;
        a3 += v3 ^ i3;
    }
    xfer_v2 a = a0 + a1 + a2 + a3;
    return a[0] + a[1];
}

/* Read and check the bytes and touch parameters; 0 or WT_RFAIL. */
static inline int xfer_args(const wt_ctx *ctx, wt_run *r, size_t *bytes, int *touch)
{
    int64_t b = wt_arg_int(ctx, "bytes", 0), t = wt_arg_int(ctx, "touch", 0);
    if (b < 64 || b % 64)
        return wt_fail(r, "bytes:%s: expected a multiple of 64, at least 64", wt_arg(ctx, "bytes"));
    *bytes = (size_t)b;
    *touch = t != 0;
    return 0;
}

/* ---- buffers ------------------------------------------------------------------------------- */
/* Map [p, p+len) in now, outside any timed region: written (MADV_POPULATE_WRITE, or a store per
 * page where the kernel lacks it) or read (MADV_POPULATE_READ: a child mapping shared pages). */
static inline void xfer_populate(void *p, size_t len, int write)
{
    if (madvise(p, len, write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ) == 0)
        return;
    volatile char *c = p;
    for (size_t off = 0; off < len; off += 4096) {
        if (write)
            c[off] = 0;
        else
            (void)c[off];
    }
}

/* len bytes of page-aligned private anonymous memory bound to node. populate: map all of it in now;
 * otherwise only the pages of its first and last word (all a touch:0 message in place uses). NULL
 * with errno set on failure. */
static inline void *xfer_map(size_t len, int node, int populate)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    int rc = wt_membind(p, len, node);
    if (rc < 0) {
        munmap(p, len);
        errno = -rc;
        return NULL;
    }
    if (populate)
        xfer_populate(p, len, 1);
    ((uint64_t *)p)[0] = ((uint64_t *)p)[len / 8 - 1] = 0;
    return p;
}

static inline void xfer_unmap(void *p, size_t len)
{
    if (p)
        munmap(p, len);
}

/* ---- the channel: two signal words, spin then park (process-shared futexes) ---------------- */
typedef struct xfer_sig {
    _Alignas(64) _Atomic uint32_t seq; /* changes once per signal */
    _Atomic uint32_t sleeping;         /* the waiter is parked: the poster must wake it */
    uint64_t val, arg;                 /* written before seq is posted, read after it is seen */
} xfer_sig;

typedef struct xfer_chan {
    xfer_sig msg; /* producer -> consumer: message seq is ready (arg says where) */
    xfer_sig ack; /* consumer -> producer: message seq consumed (val is its digest) */
} xfer_chan;

/* Wait until s->seq differs from old: spin XFER_SPIN_NS, then park on the futex. Returns the new
 * value, or -ETIMEDOUT after timeout_ns. The clock is read only once spinning has gone on a while. */
static inline int64_t xfer_wait(xfer_sig *s, uint32_t old, uint64_t timeout_ns)
{
    uint64_t t0 = 0;
    for (unsigned i = 1;; i++) {
        uint32_t v = atomic_load_explicit(&s->seq, memory_order_acquire);
        if (v != old)
            return v;
        if (i % 256) {
            wt_cpu_relax();
            continue;
        }
        uint64_t now = wt_now_ns();
        if (!t0)
            t0 = now;
        if (now - t0 > timeout_ns)
            return -ETIMEDOUT;
        if (now - t0 < XFER_SPIN_NS)
            continue;
        /* Dekker with xfer_post: either the poster sees sleeping or we see its new seq. */
        atomic_store(&s->sleeping, 1);
        if (atomic_load(&s->seq) == old)
            wt_futex_wait(&s->seq, old, 20000000);
        atomic_store(&s->sleeping, 0);
    }
}

static inline void xfer_post(xfer_sig *s, uint32_t v)
{
    atomic_store(&s->seq, v);
    if (atomic_load(&s->sleeping))
        wt_futex_wake(&s->seq, 1);
}

/* Producer: hand message seq over (arg says where it is), wait for its acknowledgement. 0, or
 * -ETIMEDOUT, or -EPROTO when the consumer acknowledged something else. */
static inline int xfer_call(xfer_chan *c, uint64_t arg, uint32_t seq, uint64_t *digest)
{
    c->msg.arg = arg;
    xfer_post(&c->msg, seq);
    int64_t v = xfer_wait(&c->ack, seq - 1, XFER_ACK_NS);
    if (v < 0)
        return (int)v;
    if ((uint32_t)v != seq)
        return -EPROTO;
    *digest = c->ack.val;
    return 0;
}

/* Consumer: serve messages until XFER_STOP; consume(st, arg) returns the digest. 0, or -ETIMEDOUT
 * when the producer went silent. */
static inline int xfer_serve(xfer_chan *c, uint64_t (*consume)(void *st, uint64_t arg), void *st)
{
    uint32_t seen = 0;
    for (;;) {
        int64_t v = xfer_wait(&c->msg, seen, XFER_IDLE_NS);
        if (v < 0)
            return (int)v;
        if ((uint32_t)v == XFER_STOP)
            return 0;
        seen = (uint32_t)v;
        c->ack.val = consume(st, c->msg.arg);
        xfer_post(&c->ack, seen);
    }
}

/* ---- pipes between processes: blocking I/O with a time limit ------------------------------- */
/* Wait until fd is ready for events (POLLIN / POLLOUT) within timeout_ms. 0 or -errno
 * (-ETIMEDOUT). */
static inline int xfer_poll(int fd, short events, int timeout_ms)
{
    struct pollfd pf = {.fd = fd, .events = events};
    for (;;) {
        int n = poll(&pf, 1, timeout_ms);
        if (n > 0)
            return 0;
        if (n == 0)
            return -ETIMEDOUT;
        if (errno != EINTR)
            return -errno;
    }
}

/* Read exactly len bytes, polling first (each wait limited to timeout_ms). 0, -EPIPE at end of
 * file, or -errno. */
static inline int xfer_read_full(int fd, void *buf, size_t len, int timeout_ms)
{
    for (size_t got = 0; got < len;) {
        int rc = xfer_poll(fd, POLLIN, timeout_ms);
        if (rc < 0)
            return rc;
        ssize_t n = read(fd, (char *)buf + got, len - got);
        if (n == 0)
            return -EPIPE;
        if (n < 0 && errno != EINTR && errno != EAGAIN)
            return -errno;
        if (n > 0)
            got += (size_t)n;
    }
    return 0;
}

/* The acknowledgement a consumer process writes back on its pipe. */
typedef struct xfer_ackmsg {
    uint64_t seq, digest, migrated;
} xfer_ackmsg;

/* ---- the producer's timed loop --------------------------------------------------------------- */
typedef struct xfer_drv {
    size_t bytes;
    int touch;
    unsigned copies; /* payload copies per message (for copied_bytes_per_second); 0: none */
    void *st;        /* the case's state, passed to both functions */
    /* The buffer the next message is produced in; NULL after recording the outcome on r. */
    void *(*obtain)(void *st, wt_run *r);
    /* Hand message seq (produced in p) over, wait for the acknowledgement, store the consumer's
     * digest. 0 or WT_R*. */
    int (*send)(void *st, wt_run *r, void *p, uint32_t seq, uint64_t *digest);
    uint64_t seq;  /* last message sent */
    uint64_t msgs; /* messages timed in this setup, for the rate counters */
} xfer_drv;

static inline int64_t xfer_run(xfer_drv *d, wt_run *r, uint64_t iters)
{
    wt_hist *h = wt_run_hist(r);
    int each = d->bytes >= XFER_HIST_BYTES;
    uint64_t t0 = wt_now_ns(), t = t0;
    for (uint64_t i = 0; i < iters; i++) {
        uint64_t seq = ++d->seq, dg = 0;
        void *p = d->obtain(d->st, r);
        if (!p)
            return WT_RFAIL;
        uint64_t want = xfer_fill(p, d->bytes, seq, d->touch);
        int rc = d->send(d->st, r, p, (uint32_t)seq, &dg);
        if (rc < 0)
            return rc;
        if (dg != want)
            return wt_fail(r, "message %llu: the consumer's digest %016llx, expected %016llx (stale or torn data)",
                           (unsigned long long)seq, (unsigned long long)dg, (unsigned long long)want);
        if (each) {
            uint64_t t1 = wt_now_ns();
            wt_hist_add(h, t1 - t);
            t = t1;
        }
    }
    if (!each)
        t = wt_now_ns();
    d->msgs += iters;
    wt_counter(r, "bytes_per_second", (double)d->bytes * (double)d->msgs, WT_CTR_RATE);
    if (d->copies)
        wt_counter(r, "copied_bytes_per_second", (double)d->copies * (double)d->bytes * (double)d->msgs, WT_CTR_RATE);
    return (int64_t)(t - t0);
}

/* Report a failed xfer_call as the right outcome. */
static inline int xfer_call_failed(wt_run *r, int rc, uint32_t seq)
{
    if (rc == -ETIMEDOUT)
        return wt_fail(r, "message %u: no acknowledgement within %.0f s (consumer hung)", seq, XFER_ACK_NS * 1e-9);
    return wt_fail(r, "message %u: the consumer acknowledged another message", seq);
}


/* ---- pipe routes between processes (xfer.pipe, xfer.vmsplice) ------------------------------ */
/* Fork the consumer on pu, keep the producer's ends (the data end non-blocking), map the
 * producer's buffer only after the fork (so no copy-on-write fault lands in the timed region) and
 * wait for the consumer's ready message. 0, or WT_R* recorded on r. */
static inline int xfer_pipe_start(wt_run *r, int pu, int node, int (*consumer)(void *), void *arg, int data[2],
                                  int ack[2], pid_t *child, char **src, size_t bytes)
{
    *child = wt_child_start(pu, consumer, arg);
    if (*child < 0)
        return wt_error(r, (int)-*child, "forking the consumer");
    close(data[0]);
    close(ack[1]);
    data[0] = ack[1] = -1;
    if (fcntl(data[1], F_SETFL, O_NONBLOCK) < 0)
        return wt_error(r, errno, "making the pipe non-blocking");
    if (!(*src = xfer_map(bytes, node, 1)))
        return wt_error(r, errno, "mapping the producer's buffer");
    xfer_ackmsg a;
    if (xfer_read_full(ack[0], &a, sizeof a, (int)(XFER_ACK_NS / 1000000)) < 0)
        return wt_fail(r, "the consumer process never became ready");
    if (a.migrated)
        wt_note_migration();
    return 0;
}

/* Close both pipes (the consumer sees end of file and exits) and reap it (a hung one is killed). */
static inline void xfer_pipe_stop(int data[2], int ack[2], pid_t child)
{
    for (int i = 0; i < 2; i++) {
        if (data[i] >= 0)
            close(data[i]);
        if (ack[i] >= 0)
            close(ack[i]);
    }
    if (child > 0)
        wt_child_wait(child, 10);
}

#endif
