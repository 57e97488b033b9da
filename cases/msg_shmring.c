/* msg.shmring: round trip of a message between two pinned workers over two shared-memory byte
 * rings (one per direction) with process-shared futexes, ns per round trip. The producer copies
 * the message into the ring (wrapping), publishes the tail (release) and calls FUTEX_WAKE only
 * when the consumer said it sleeps; the consumer that finds the ring empty says so (seq_cst),
 * re-checks and sleeps on the tail (no spinning). Head, tail and the sleep flags sit on separate
 * cache lines. Timed region: each round trip, with the histogram (see harness/pingpong.c). */
#include <string.h>
#include "wt.h"

typedef struct ring {
    _Alignas(64) _Atomic uint32_t tail; /* bytes produced: the consumer's futex word */
    _Atomic uint32_t csleep;            /* the consumer sleeps, or is about to, on tail */
    _Alignas(64) _Atomic uint32_t head; /* bytes consumed: the producer's futex word (ring full) */
    _Atomic uint32_t psleep;            /* the producer sleeps, or is about to, on head */
    _Alignas(64) unsigned char data[];  /* cap bytes */
} ring;

typedef struct ch {
    uint32_t cap;    /* ring capacity, a power of two >= 2 messages */
    size_t stride;   /* bytes from one ring to the next */
    _Alignas(64) unsigned char rings[]; /* ring i: side i produces */
} ch;

static uint32_t capacity(size_t bytes)
{
    uint32_t cap = 4096;
    while (cap < 2 * bytes)
        cap *= 2;
    return cap;
}

static size_t size(const wt_pp_cfg *cfg) { return sizeof(ch) + 2 * (sizeof(ring) + capacity(cfg->bytes)); }

static int open_ch(void *c, const wt_pp_cfg *cfg, wt_run *r)
{
    ch *x = c;
    x->cap = capacity(cfg->bytes);
    x->stride = sizeof(ring) + x->cap;
    return 0;
}

static ring *ring_of(ch *x, int i) { return (ring *)(x->rings + (size_t)i * x->stride); }

/* Wait until *w reaches target (wrapping compare), sleeping on w after announcing it in *sleep. */
static int wait_reach(_Atomic uint32_t *w, _Atomic uint32_t *sleep, uint32_t target)
{
    uint32_t cur;
    while ((int32_t)((cur = atomic_load_explicit(w, memory_order_acquire)) - target) < 0) {
        atomic_store(sleep, 1); /* seq_cst: ordered before the re-check */
        if ((int32_t)((cur = atomic_load(w)) - target) < 0 &&
            wt_futex_wait(w, cur, WT_PP_TIMEOUT_NS) == -ETIMEDOUT) {
            atomic_store(sleep, 0);
            return -ETIMEDOUT;
        }
        atomic_store(sleep, 0);
    }
    return 0;
}

static void advance(_Atomic uint32_t *w, uint32_t v, _Atomic uint32_t *sleep)
{
    atomic_store(w, v); /* seq_cst: ordered before the sleep flag's load */
    if (atomic_load(sleep))
        wt_futex_wake(w, 1);
}

static int send(void *c, int s, const void *buf, size_t len)
{
    ch *x = c;
    ring *g = ring_of(x, s);
    uint32_t tail = atomic_load_explicit(&g->tail, memory_order_relaxed), mask = x->cap - 1;
    if (wait_reach(&g->head, &g->psleep, tail + (uint32_t)len - x->cap)) /* room for len bytes */
        return -ETIMEDOUT;
    size_t off = tail & mask, first = len < x->cap - off ? len : x->cap - off;
    memcpy(g->data + off, buf, first);
    memcpy(g->data, (const char *)buf + first, len - first);
    advance(&g->tail, tail + (uint32_t)len, &g->csleep);
    return 0;
}

static int recv(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    ring *g = ring_of(x, 1 - s);
    uint32_t head = atomic_load_explicit(&g->head, memory_order_relaxed), mask = x->cap - 1;
    if (wait_reach(&g->tail, &g->csleep, head + (uint32_t)len)) /* len bytes published */
        return -ETIMEDOUT;
    size_t off = head & mask, first = len < x->cap - off ? len : x->cap - off;
    memcpy(buf, g->data + off, first);
    memcpy((char *)buf + first, g->data, len - first);
    advance(&g->head, head + (uint32_t)len, &g->psleep);
    return 0;
}

static void close_ch(void *c) { (void)c; }

static const wt_pp_ops ops = {.size = size, .open = open_ch, .send = send, .recv = recv, .close = close_ch};

static int setup(const wt_ctx *ctx, wt_run *r, void **state) { return wt_pp_setup(ctx, r, state, &ops); }

static const wt_param params[] = {
    {"peer", "thread,process", "thread,process"},
    {"place", "far", "all"},
    {"bytes", "8", "8,64,256,1024,4096,16384,65536"},
    {0},
};

const wt_case wt_case_msg_shmring = {
    .name = "msg.shmring",
    .summary = "ping-pong over shared-memory rings with process-shared futexes, ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
