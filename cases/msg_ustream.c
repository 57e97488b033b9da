/* msg.ustream: round trip of a message between two pinned workers over a unix stream socket pair
 * (inherited by a process peer), ns per round trip. send() and recv() loops move exactly the
 * message's bytes; SO_RCVTIMEO / SO_SNDTIMEO bound every wait. Timed region: each round trip,
 * with the histogram (see harness/pingpong.c). */
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include "wt.h"

typedef struct ch {
    int sv[2]; /* side i sends and receives on sv[i] */
} ch;

static size_t size(const wt_pp_cfg *cfg) { return sizeof(ch); }

static int open_ch(void *c, const wt_pp_cfg *cfg, wt_run *r)
{
    ch *x = c;
    x->sv[0] = x->sv[1] = -1;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, x->sv) < 0) {
        x->sv[0] = x->sv[1] = -1;
        return wt_error(r, errno, "socketpair(AF_UNIX, SOCK_STREAM)");
    }
    struct timeval tv = {(time_t)(WT_PP_TIMEOUT_NS / 1000000000ull), 0};
    for (int i = 0; i < 2; i++)
        if (setsockopt(x->sv[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
            setsockopt(x->sv[i], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0)
            return wt_error(r, errno, "setsockopt(SO_RCVTIMEO / SO_SNDTIMEO)");
    return 0;
}

static int err(void) { return errno == EAGAIN || errno == EWOULDBLOCK ? -ETIMEDOUT : -errno; }

static int send_(void *c, int s, const void *buf, size_t len)
{
    ch *x = c;
    const char *p = buf;
    while (len) {
        ssize_t n = send(x->sv[s], p, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return err();
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int recv_(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    char *p = buf;
    while (len) {
        ssize_t n = recv(x->sv[s], p, len, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return err();
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
    for (int i = 0; i < 2; i++)
        if (x->sv[i] >= 0)
            close(x->sv[i]);
}

static const wt_pp_ops ops = {.size = size, .open = open_ch, .send = send_, .recv = recv_, .close = close_ch};

static int setup(const wt_ctx *ctx, wt_run *r, void **state) { return wt_pp_setup(ctx, r, state, &ops); }

static const wt_param params[] = {
    {"peer", "thread,process", "thread,process"},
    {"place", "far", "all"},
    {"bytes", "8", "8,64,256,1024,4096,16384,65536"},
    {0},
};

const wt_case wt_case_msg_ustream = {
    .name = "msg.ustream",
    .summary = "ping-pong over a unix stream socket pair, ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
