/* msg.pipe: round trip of a message between two pinned workers over two pipes (one per direction;
 * inherited by a process peer), ns per round trip: the `perf bench sched pipe` ping-pong with a
 * payload. write() and read() loops move exactly the message's bytes; a blocked read is
 * interrupted by a tick so that it can time out. Timed region: each round trip, with the
 * histogram (see harness/pingpong.c). */
#include <fcntl.h>
#include <unistd.h>
#include "wt.h"

typedef struct ch {
    int p[2][2]; /* p[i]: side i writes p[i][1], the other side reads p[i][0] */
} ch;

static size_t size(const wt_pp_cfg *cfg) { return sizeof(ch); }

static int open_ch(void *c, const wt_pp_cfg *cfg, wt_run *r)
{
    ch *x = c;
    x->p[0][0] = x->p[0][1] = x->p[1][0] = x->p[1][1] = -1;
    for (int i = 0; i < 2; i++)
        if (pipe2(x->p[i], O_CLOEXEC) < 0)
            return wt_error(r, errno, "pipe2");
    return 0;
}

static int send(void *c, int s, const void *buf, size_t len)
{
    ch *x = c;
    const char *p = buf;
    unsigned ticks = 0;
    while (len) {
        ssize_t n = write(x->p[s][1], p, len);
        if (n < 0) {
            if (errno != EINTR)
                return -errno;
            if (wt_pp_tick_timeout(&ticks))
                return -ETIMEDOUT;
            continue;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int recv(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    char *p = buf;
    unsigned ticks = 0;
    while (len) {
        ssize_t n = read(x->p[1 - s][0], p, len);
        if (n < 0) {
            if (errno != EINTR)
                return -errno;
            if (wt_pp_tick_timeout(&ticks))
                return -ETIMEDOUT;
            continue;
        }
        if (n == 0)
            return -EPIPE;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static void close_ch(void *c)
{
    ch *x = c;
    for (int i = 0; i < 4; i++)
        if (x->p[i / 2][i % 2] >= 0)
            close(x->p[i / 2][i % 2]);
}

static const wt_pp_ops ops = {
    .flags = WT_PP_TICK, .size = size, .open = open_ch, .send = send, .recv = recv, .close = close_ch};

static int setup(const wt_ctx *ctx, wt_run *r, void **state) { return wt_pp_setup(ctx, r, state, &ops); }

static const wt_param params[] = {
    {"peer", "thread,process", "thread,process"},
    {"place", "pu,far", "all"},
    {"bytes", "8", "8,64,256,1024,4096,16384,65536"},
    {0},
};

const wt_case wt_case_msg_pipe = {
    .name = "msg.pipe",
    .summary = "ping-pong over two pipes, ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
