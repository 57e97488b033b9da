/* xfer.vmsplice: hand a payload to another process through a pipe without the producer's copy:
 * vmsplice(2) puts references to the producer's pages into the pipe. The consumer (a forked child,
 * pu[1]) with touch:1 reads all of it into its own buffer (the one copy) and sums every byte; with
 * touch:0 it reads the 8-byte header, splices the body to /dev/null (no copy at all) and reads the
 * 8-byte trailer. It writes an acknowledgement with the digest back on a second pipe; only then does
 * the producer write into its buffer again, as vmsplice without SPLICE_F_GIFT requires. Every wait
 * is poll(2) with a time limit. The data pipe is enlarged to 1 MiB where allowed. ns per message.
 * Timed per message (one in flight, see xfer.h): producing the message in the producer's own
 * buffer, vmsplice, the consumer's reading, the acknowledgement read back.
 * copied_bytes_per_second counts the one copy of touch:1. Skipped, with the kernel's reason, where
 * vmsplice or splicing to /dev/null is refused. A wrong digest fails. */
#include <fcntl.h>
#include <sys/uio.h>
#include <signal.h>
#include "xfer.h"

#define WAIT_MS ((int)(XFER_ACK_NS / 1000000))

typedef struct st {
    xfer_drv d;
    size_t bytes;
    int touch, pu, node1;
    int data[2], ack[2], null;
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
        struct iovec iov = {(char *)p + off, s->bytes - off};
        ssize_t n = vmsplice(s->data[1], &iov, 1, SPLICE_F_NONBLOCK);
        if (n > 0) {
            off += (size_t)n;
        } else if (errno == EAGAIN) {
            if (xfer_poll(s->data[1], POLLOUT, WAIT_MS) < 0)
                return wt_fail(r, "message %u: the pipe stayed full (consumer hung)", seq);
        } else if (errno != EINTR) {
            return wt_fail(r, "message %u: vmsplice to the consumer: %s", seq, strerror(errno));
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

/* touch:0: header, body to /dev/null, trailer; the two words land where xfer_digest reads them. */
static int skim(st *s, char *dst, int timeout_ms)
{
    size_t n = s->bytes / 8, body = s->bytes - 16;
    int rc = xfer_read_full(s->data[0], dst, 8, timeout_ms);
    while (!rc && body) {
        if ((rc = xfer_poll(s->data[0], POLLIN, timeout_ms)) < 0)
            break;
        ssize_t m = splice(s->data[0], NULL, s->null, NULL, body, SPLICE_F_MOVE);
        if (m == 0)
            return -EPIPE;
        if (m < 0 && errno != EINTR && errno != EAGAIN)
            return -errno;
        if (m > 0)
            body -= (size_t)m;
    }
    return rc ? rc : xfer_read_full(s->data[0], dst + (n - 1) * 8, 8, timeout_ms);
}

static int consumer(void *arg)
{
    st *s = arg;
    close(s->data[1]);
    close(s->ack[0]);
    xfer_ackmsg a = {0, 0, !wt_on_pu(s->pu)};
    char *dst = xfer_map(s->bytes, s->node1, s->touch);
    if (!dst || write(s->ack[1], &a, sizeof a) != sizeof a) /* ready */
        return 4;
    for (uint32_t seq = 1;; seq++) {
        int ms = (int)(XFER_IDLE_NS / 1000000);
        int rc = s->touch ? xfer_read_full(s->data[0], dst, s->bytes, ms) : skim(s, dst, ms);
        if (rc == -EPIPE)
            return 0; /* the producer closed the pipe: done */
        if (rc < 0)
            return 3;
        a = (xfer_ackmsg){seq, xfer_digest(dst, s->bytes, s->touch), 0};
        if (write(s->ack[1], &a, sizeof a) != sizeof a)
            return 5;
    }
}

/* One page through vmsplice and on to /dev/null, before anything is timed. 0 or -errno. */
static int probe(st *s)
{
    static _Alignas(4096) char page[4096];
    struct iovec iov = {page, sizeof page};
    if (vmsplice(s->data[1], &iov, 1, SPLICE_F_NONBLOCK) != (ssize_t)sizeof page)
        return -errno;
    ssize_t m = splice(s->data[0], NULL, s->null, NULL, sizeof page, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    return m == (ssize_t)sizeof page ? 0 : m < 0 ? -errno : -EIO;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    s->data[0] = s->data[1] = s->ack[0] = s->ack[1] = s->null = -1;
    if (xfer_args(ctx, r, &s->bytes, &s->touch) < 0)
        return WT_RFAIL;
    s->d = (xfer_drv){.bytes = s->bytes, .touch = s->touch, .copies = s->touch ? 1 : 0, .st = s,
                      .obtain = obtain, .send = handover};
    s->pu = ctx->pu[1];
    s->node1 = ctx->node[1];
    struct sigaction ign = {.sa_handler = SIG_IGN};
    if (sigaction(SIGPIPE, &ign, &s->old_pipe) == 0) /* a dead consumer: EPIPE, not a killed suite */
        s->pipe_saved = 1;
    if (pipe2(s->data, O_CLOEXEC) < 0 || pipe2(s->ack, O_CLOEXEC) < 0)
        return wt_error(r, errno, "pipe2");
    fcntl(s->data[1], F_SETPIPE_SZ, 1 << 20); /* best effort: the default 64 KiB otherwise */
    if ((s->null = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0)
        return wt_error(r, errno, "opening /dev/null");
    int rc = probe(s);
    if (rc < 0)
        return rc == -ENOSYS || rc == -EPERM || rc == -EINVAL || rc == -EOPNOTSUPP
                   ? wt_skip(r, "the kernel refuses vmsplice or splice to /dev/null: %s", strerror(-rc))
                   : wt_error(r, -rc, "probing vmsplice");
    return xfer_pipe_start(r, s->pu, ctx->node[0], consumer, s, s->data, s->ack, &s->child, &s->src, s->bytes);
}

static int64_t run(void *state, wt_run *r, uint64_t iters) { return xfer_run(&((st *)state)->d, r, iters); }

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    if (s->null >= 0)
        close(s->null);
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

const wt_case wt_case_xfer_vmsplice = {
    .name = "xfer.vmsplice",
    .summary = "vmsplice the producer's pages into a pipe, a child process reads (one copy) or discards, ns per message",
    .min_pus = 2,
    .flags = WT_NEEDS_FORK,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
