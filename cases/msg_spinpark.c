/* msg.spinpark: round trip of a message between two pinned workers that wait by spinning a bounded
 * time and then parking on a futex (the Atomics.wait pattern), ns per round trip. The message is
 * copied into the shared buffer after the 32-bit turn word (a process-shared futex); a waiter that
 * spun SPIN_NS without seeing its turn announces itself (parked[side], seq_cst) and sleeps in
 * FUTEX_WAIT; the sender wakes it only when it announced itself. Timed region: each round trip,
 * with the histogram (see harness/pingpong.c). */
#include <string.h>
#include "wt.h"

#define SPIN_NS 10000 /* spin budget before parking: about one futex wake-up on common machines */

typedef struct side {
    uint32_t t; /* the last turn this side published or consumed */
    char pad[60];
} side;

typedef struct ch {
    side side[2];
    _Atomic uint32_t turn;      /* the futex word: side 0 publishes odd turns, side 1 even ones */
    _Atomic uint32_t parked[2]; /* side i sleeps, or is about to, on turn */
    unsigned char data[];       /* the message */
} ch;

static size_t size(const wt_pp_cfg *cfg) { return sizeof(ch) + cfg->bytes; }

static int open_ch(void *c, const wt_pp_cfg *cfg, wt_run *r) { return 0; }

static int send(void *c, int s, const void *buf, size_t len)
{
    ch *x = c;
    memcpy(x->data, buf, len);
    atomic_store(&x->turn, ++x->side[s].t); /* seq_cst: ordered before the parked load */
    if (atomic_load(&x->parked[1 - s]))
        wt_futex_wake(&x->turn, 1);
    return 0;
}

static int recv(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    uint32_t want = x->side[s].t + 1, cur, n = 0;
    uint64_t t0 = 0;
    while ((cur = atomic_load_explicit(&x->turn, memory_order_acquire)) != want) {
        wt_cpu_relax();
        if (++n % 64)
            continue;
        uint64_t t = wt_now_ns();
        if (!t0)
            t0 = t;
        if (t - t0 < SPIN_NS)
            continue;
        atomic_store(&x->parked[s], 1); /* seq_cst: ordered before the turn load below */
        while ((cur = atomic_load(&x->turn)) != want)
            if (wt_futex_wait(&x->turn, cur, WT_PP_TIMEOUT_NS) == -ETIMEDOUT) {
                atomic_store(&x->parked[s], 0);
                return -ETIMEDOUT;
            }
        atomic_store(&x->parked[s], 0);
        break;
    }
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

const wt_case wt_case_msg_spinpark = {
    .name = "msg.spinpark",
    .summary = "ping-pong with bounded spin then futex park (Atomics.wait), ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
