/* msg.futex: round trip of a message between two pinned workers that sleep on a process-shared
 * futex, ns per round trip. The message is copied into the shared buffer after the 32-bit turn
 * word; the sender publishes the turn (release) and always calls FUTEX_WAKE; the receiver calls
 * FUTEX_WAIT until it sees its turn (no spinning). Timed region: each round trip, with the
 * histogram (see harness/pingpong.c). */
#include <string.h>
#include "wt.h"

typedef struct side {
    uint32_t t; /* the last turn this side published or consumed */
    char pad[60];
} side;

typedef struct ch {
    side side[2];
    _Atomic uint32_t turn; /* the futex word: side 0 publishes odd turns, side 1 even ones */
    unsigned char data[];  /* the message */
} ch;

static size_t size(const wt_pp_cfg *cfg) { return sizeof(ch) + cfg->bytes; }

static int open_ch(void *c, const wt_pp_cfg *cfg, wt_run *r) { return 0; }

static int send(void *c, int s, const void *buf, size_t len)
{
    ch *x = c;
    memcpy(x->data, buf, len);
    atomic_store_explicit(&x->turn, ++x->side[s].t, memory_order_release);
    wt_futex_wake(&x->turn, 1);
    return 0;
}

static int recv(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    uint32_t want = x->side[s].t + 1, cur;
    while ((cur = atomic_load_explicit(&x->turn, memory_order_acquire)) != want)
        if (wt_futex_wait(&x->turn, cur, WT_PP_TIMEOUT_NS) == -ETIMEDOUT)
            return -ETIMEDOUT;
    memcpy(buf, x->data, len);
    x->side[s].t = want;
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

const wt_case wt_case_msg_futex = {
    .name = "msg.futex",
    .summary = "ping-pong over a process-shared futex (wait / wake every message), ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
