/* msg.udgram: round trip of a message between two pinned workers over a unix datagram socket pair
 * (inherited by a process peer), ns per round trip. One datagram per message, whole or not at
 * all: a size the socket cannot carry (EMSGSIZE) is a SKIP; a datagram of the wrong size fails.
 * SO_RCVTIMEO / SO_SNDTIMEO bound every wait. Timed region: each round trip, with the histogram
 * (see harness/pingpong.c). */
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
    if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, x->sv) < 0) {
        x->sv[0] = x->sv[1] = -1;
        return wt_error(r, errno, "socketpair(AF_UNIX, SOCK_DGRAM)");
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
    ssize_t n;
    while ((n = send(x->sv[s], buf, len, MSG_NOSIGNAL)) < 0)
        if (errno != EINTR)
            return err();
    return (size_t)n == len ? 0 : -EBADMSG;
}

static int recv_(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    ssize_t n;
    while ((n = recv(x->sv[s], buf, len, MSG_TRUNC)) < 0) /* MSG_TRUNC: the datagram's real size */
        if (errno != EINTR)
            return err();
    return (size_t)n == len ? 0 : -EBADMSG;
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

const wt_case wt_case_msg_udgram = {
    .name = "msg.udgram",
    .summary = "ping-pong over a unix datagram socket pair, ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
