/* msg.spin: round trip of a message between two pinned workers that busy-wait on one shared cache
 * line (acquire/release), ns per round trip (one_way_ns = half). The sender copies the message into
 * the shared buffer that follows the turn counter in the same line, then publishes the turn with a
 * release store; the receiver spins (pause) until it sees its turn (acquire) and copies the message
 * out. Timed region, as a batch: iters round trips (see harness/pingpong.c). SKIP on place pu. */
#include <string.h>
#include "wt.h"

typedef struct side {
    uint64_t t; /* the last turn this side published or consumed */
    char pad[56];
} side;

typedef struct ch {
    side side[2];         /* each side's own line */
    _Atomic uint64_t turn; /* 1, 2, 3, ...: side 0 publishes odd turns, side 1 even ones */
    unsigned char data[]; /* the message, right after turn: 8..56 B share its cache line */
} ch;

static size_t size(const wt_pp_cfg *cfg) { return sizeof(ch) + cfg->bytes; }

static int open_ch(void *c, const wt_pp_cfg *cfg, wt_run *r) { return 0; }

static int send(void *c, int s, const void *buf, size_t len)
{
    ch *x = c;
    memcpy(x->data, buf, len);
    atomic_store_explicit(&x->turn, ++x->side[s].t, memory_order_release);
    return 0;
}

static int recv(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    uint64_t want = x->side[s].t + 1, t0 = 0;
    uint32_t n = 0;
    while (atomic_load_explicit(&x->turn, memory_order_acquire) != want) {
        wt_cpu_relax();
        if (wt_pp_spin_timeout(&n, &t0))
            return -ETIMEDOUT;
    }
    memcpy(buf, x->data, len);
    x->side[s].t = want;
    return 0;
}

static void close_ch(void *c) { (void)c; }

static const wt_pp_ops ops = {
    .flags = WT_PP_SPIN, .size = size, .open = open_ch, .send = send, .recv = recv, .close = close_ch};

static int setup(const wt_ctx *ctx, wt_run *r, void **state) { return wt_pp_setup(ctx, r, state, &ops); }

static const wt_param params[] = {
    {"peer", "thread,process", "thread,process"},
    {"place", "far", "all"},
    {"bytes", "8", "8,64,256,1024,4096,16384,65536"},
    {0},
};

const wt_case wt_case_msg_spin = {
    .name = "msg.spin",
    .summary = "ping-pong spinning on one cache line (acquire/release), ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
