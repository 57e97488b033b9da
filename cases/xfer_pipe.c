/* xfer.pipe: hand a payload to another process through a pipe: write(2) copies it into the pipe,
 * read(2) copies it out (two copies). The producer (parent, pu[0]) writes its message; the consumer
 * (a forked child, pu[1]) reads all of it into its own buffer, sums every byte with touch:1 (reads
 * only the header and trailer of its copy with touch:0) and writes an acknowledgement with the
 * digest back on a second pipe. Every wait is poll(2) with a time limit, then read/write, as an
 * event loop does. The data pipe is enlarged to 1 MiB where allowed (F_SETPIPE_SZ). ns per message.
 * Timed per message (one in flight, see xfer.h): producing the message in the producer's own
 * buffer, writing it, the consumer's reading, the acknowledgement read back.
 * copied_bytes_per_second counts both copies. A wrong digest fails. */
#include <fcntl.h>
#include <signal.h>
#include "xfer.h"

#define WAIT_MS ((int)(XFER_ACK_NS / 1000000))

typedef struct st {
    xfer_drv d;
    size_t bytes;
    int touch, pu, node1;
    int data[2], ack[2];
    char *src; /* the producer's own buffer */
    pid_t child;
    struct sigaction old_pipe;
    int pipe_saved;
} st;

static void *obtain(void *state, wt_run *r) { return ((st *)state)->src; }

static int handover(void *state, wt_run *r, void *p, uint32_t seq, uint64_t *digest)
{
    st *s = state;
    for (size_t off = 0; off < s->bytes;) {
        ssize_t n = write(s->data[1], (char *)p + off, s->bytes - off);
        if (n > 0) {
            off += (size_t)n;
        } else if (errno == EAGAIN) {
            if (xfer_poll(s->data[1], POLLOUT, WAIT_MS) < 0)
                return wt_fail(r, "message %u: the pipe stayed full (consumer hung)", seq);
        } else if (errno != EINTR) {
            return wt_fail(r, "message %u: write to the consumer: %s", seq, strerror(errno));
        }
    }
    xfer_ackmsg a;
    int rc = xfer_read_full(s->ack[0], &a, sizeof a, WAIT_MS);
    if (rc < 0)
        return wt_fail(r, "message %u: no acknowledgement: %s", seq, strerror(-rc));
    if (a.seq != seq)
        return wt_fail(r, "message %u: the consumer acknowledged message %llu", seq, (unsigned long long)a.seq);
    if (a.migrated)
        wt_note_migration();
    *digest = a.digest;
    return 0;
}

static int consumer(void *arg)
{
    st *s = arg;
    close(s->data[1]);
    close(s->ack[0]);
    xfer_ackmsg a = {0, 0, !wt_on_pu(s->pu)};
    char *dst = xfer_map(s->bytes, s->node1, 1);
    if (!dst || write(s->ack[1], &a, sizeof a) != sizeof a) /* ready */
        return 4;
    for (uint32_t seq = 1;; seq++) {
        int rc = xfer_read_full(s->data[0], dst, s->bytes, (int)(XFER_IDLE_NS / 1000000));
        if (rc == -EPIPE)
            return 0; /* the producer closed the pipe: done */
        if (rc < 0)
            return 3;
        a = (xfer_ackmsg){seq, xfer_digest(dst, s->bytes, s->touch), 0};
        if (write(s->ack[1], &a, sizeof a) != sizeof a)
            return 5;
    }
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    s->data[0] = s->data[1] = s->ack[0] = s->ack[1] = -1;
    if (xfer_args(ctx, r, &s->bytes, &s->touch) < 0)
        return WT_RFAIL;
    s->d = (xfer_drv){.bytes = s->bytes, .touch = s->touch, .copies = 2, .st = s, .obtain = obtain,
                      .send = handover};
    s->pu = ctx->pu[1];
    s->node1 = ctx->node[1];
    struct sigaction ign = {.sa_handler = SIG_IGN};
    if (sigaction(SIGPIPE, &ign, &s->old_pipe) == 0) /* a dead consumer: EPIPE, not a killed suite */
        s->pipe_saved = 1;
    if (pipe2(s->data, O_CLOEXEC) < 0 || pipe2(s->ack, O_CLOEXEC) < 0)
        return wt_error(r, errno, "pipe2");
    fcntl(s->data[1], F_SETPIPE_SZ, 1 << 20); /* best effort: the default 64 KiB otherwise */
    return xfer_pipe_start(r, s->pu, ctx->node[0], consumer, s, s->data, s->ack, &s->child, &s->src, s->bytes);
}

static int64_t run(void *state, wt_run *r, uint64_t iters) { return xfer_run(&((st *)state)->d, r, iters); }

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    xfer_pipe_stop(s->data, s->ack, s->child);
    if (s->pipe_saved)
        sigaction(SIGPIPE, &s->old_pipe, NULL);
    xfer_unmap(s->src, s->bytes);
    free(s);
}

static const wt_param params[] = {
    {"place", "far,numa,package", "far,numa,package"},
    {"bytes", "", XFER_SIZES_FULL}, /* --full only: quick keeps copy, copy1, transfer */
    {"touch", "0,1", "0,1"},
    {0},
};

const wt_case wt_case_xfer_pipe = {
    .name = "xfer.pipe",
    .summary = "write into a pipe, a child process reads it out (two copies), ns per message",
    .min_pus = 2,
    .flags = WT_NEEDS_FORK,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
