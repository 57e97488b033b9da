/* msg.mq: round trip of a message between two pinned workers over two POSIX message queues (one
 * per direction, unlinked at once, descriptors inherited by a process peer), ns per round trip.
 * A queue holds messages up to /proc/sys/fs/mqueue/msgsize_max bytes: a larger size is a SKIP
 * with that reason, never clamped. mq_timedsend / mq_timedreceive bound every wait. Timed region:
 * each round trip, with the histogram (see harness/pingpong.c). */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <unistd.h>
#include "wt.h"

typedef struct ch {
    mqd_t q[2]; /* q[i]: side i sends, the other side receives */
} ch;

static size_t size(const wt_pp_cfg *cfg) { return sizeof(ch); }

static long msgsize_max(void)
{
    long v = -1;
    FILE *f = fopen("/proc/sys/fs/mqueue/msgsize_max", "r");
    if (f) {
        if (fscanf(f, "%ld", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

static int open_ch(void *c, const wt_pp_cfg *cfg, wt_run *r)
{
    static unsigned serial;
    ch *x = c;
    x->q[0] = x->q[1] = (mqd_t)-1;
    long max = msgsize_max();
    if (max > 0 && (long)cfg->bytes > max)
        return wt_skip(r, "%zu-byte messages exceed /proc/sys/fs/mqueue/msgsize_max (%ld): a POSIX queue cannot carry them",
                       cfg->bytes, max);
    /* Two slots: one message in flight plus the driver's stop message after a failed run. */
    struct mq_attr a = {.mq_maxmsg = 2, .mq_msgsize = (long)cfg->bytes};
    for (int i = 0; i < 2; i++) {
        char name[64];
        snprintf(name, sizeof name, "/wtbench-msg-%d-%u-%d", (int)getpid(), serial++, i);
        x->q[i] = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &a);
        if (x->q[i] == (mqd_t)-1) {
            if (errno == ENOSYS)
                return wt_skip(r, "POSIX message queues are not available in this kernel (ENOSYS)");
            return wt_error(r, errno, "mq_open");
        }
        mq_unlink(name); /* the descriptors keep the queue; nothing is left behind */
    }
    return 0;
}

static int send(void *c, int s, const void *buf, size_t len)
{
    ch *x = c;
    struct timespec dl;
    wt_pp_deadline(CLOCK_REALTIME, &dl); /* mq_timedsend's clock */
    while (mq_timedsend(x->q[s], buf, len, 0, &dl) < 0)
        if (errno != EINTR)
            return -errno;
    return 0;
}

static int recv(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    struct timespec dl;
    ssize_t n;
    wt_pp_deadline(CLOCK_REALTIME, &dl);
    while ((n = mq_timedreceive(x->q[1 - s], buf, len, NULL, &dl)) < 0)
        if (errno != EINTR)
            return -errno;
    return (size_t)n == len ? 0 : -EBADMSG;
}

static void close_ch(void *c)
{
    ch *x = c;
    for (int i = 0; i < 2; i++)
        if (x->q[i] != (mqd_t)-1)
            mq_close(x->q[i]);
}

static const wt_pp_ops ops = {.size = size, .open = open_ch, .send = send, .recv = recv, .close = close_ch};

static int setup(const wt_ctx *ctx, wt_run *r, void **state) { return wt_pp_setup(ctx, r, state, &ops); }

static const wt_param params[] = {
    {"peer", "thread,process", "thread,process"},
    {"place", "far", "all"},
    {"bytes", "8", "8,64,256,1024,4096,8192,16384,65536"}, /* 65536: SKIP, msgsize_max */
    {0},
};

const wt_case wt_case_msg_mq = {
    .name = "msg.mq",
    .summary = "ping-pong over two POSIX message queues, ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
