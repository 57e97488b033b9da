/* msg.eventfd: round trip of a message between two pinned workers notified through two eventfds
 * (one per direction; inherited by a process peer), ns per round trip. The sender copies the
 * message into the shared buffer and writes 1 to its eventfd; the receiver blocks in read() on the
 * other one (a tick interrupts it so it can time out) and copies the message out. Timed region:
 * each round trip, with the histogram (see harness/pingpong.c). */
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "wt.h"

typedef struct ch {
    int efd[2]; /* efd[i]: side i posted a message */
    _Alignas(64) unsigned char data[];
} ch;

static size_t size(const wt_pp_cfg *cfg) { return sizeof(ch) + cfg->bytes; }

static int open_ch(void *c, const wt_pp_cfg *cfg, wt_run *r)
{
    ch *x = c;
    x->efd[0] = x->efd[1] = -1;
    for (int i = 0; i < 2; i++)
        if ((x->efd[i] = eventfd(0, EFD_CLOEXEC)) < 0)
            return wt_error(r, errno, "eventfd");
    return 0;
}

static int send(void *c, int s, const void *buf, size_t len)
{
    ch *x = c;
    uint64_t one = 1;
    memcpy(x->data, buf, len);
    while (write(x->efd[s], &one, 8) != 8)
        if (errno != EINTR)
            return -errno;
    return 0;
}

static int recv(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    uint64_t n;
    unsigned ticks = 0;
    while (read(x->efd[1 - s], &n, 8) != 8)
        if (errno != EINTR || wt_pp_tick_timeout(&ticks))
            return errno == EINTR ? -ETIMEDOUT : -errno;
    if (n != 1) /* one message in flight: two posts mean a lost or extra message */
        return -EBADMSG;
    memcpy(buf, x->data, len);
    return 0;
}

static void close_ch(void *c)
{
    ch *x = c;
    for (int i = 0; i < 2; i++)
        if (x->efd[i] >= 0)
            close(x->efd[i]);
}

static const wt_pp_ops ops = {
    .flags = WT_PP_TICK, .size = size, .open = open_ch, .send = send, .recv = recv, .close = close_ch};

static int setup(const wt_ctx *ctx, wt_run *r, void **state) { return wt_pp_setup(ctx, r, state, &ops); }

static const wt_param params[] = {
    {"peer", "thread,process", "thread,process"},
    {"place", "far", "all"},
    {"bytes", "8", "8,64,256,1024,4096,16384,65536"},
    {0},
};

const wt_case wt_case_msg_eventfd = {
    .name = "msg.eventfd",
    .summary = "ping-pong notified through eventfds (payload in shared memory), ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
