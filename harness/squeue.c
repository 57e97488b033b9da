/* squeue.c: bounded multi-producer multi-consumer queues of fixed 64-byte messages between threads,
 * over five mechanisms, for stress.flood. Every send and receive takes a timeout, so a worker can
 * always look at its stop flag; a send reports whether it had to wait for room (backpressure).
 *   pipe     one pipe, both ends non-blocking, sized to cap messages (F_SETPIPE_SZ): 64-byte writes
 *            are atomic and every read asks for 64 bytes, so a read never splits a message
 *   ustream  a unix stream socket per (producer, consumer) pair (a byte stream has no message
 *            boundaries, so each has one writer and one reader); producers deal messages to the
 *            consumers in turn; a consumer reassembles each stream in its own buffer; the bound is
 *            the kernel's socket buffer
 *   mq       one POSIX message queue of cap messages (msg_max when this user may not exceed it)
 *   shmring  a lock-free ring of cap cells, each with the position it expects next (Vyukov), with
 *            futex parking for empty and full
 *   futexq   a ring of cap messages under a futex mutex, with futex condition words
 * The two in-memory queues are in sqmem.c. No timing here. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "squeue.h"

int wt_sq_kind(const char *name)
{
    static const char *const names[] = {"pipe", "ustream", "mq", "shmring", "futexq"};
    for (int k = 0; k < WT_SQ_NKINDS; k++)
        if (!strcmp(name, names[k]))
            return k;
    return -1;
}

unsigned wt_sq_cap(const wt_sq *q) { return q->cap; }

uint64_t wt__sq_left(uint64_t deadline)
{
    uint64_t now = wt_now_ns();
    return now < deadline ? deadline - now : 0;
}

/* Wait for events on n descriptors until deadline: 1 ready, 0 timed out, -errno. */
static int wait_fds(struct pollfd *pf, int n, uint64_t deadline)
{
    uint64_t ns = wt__sq_left(deadline);
    if (!ns)
        return 0;
    struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
    int rc = ppoll(pf, (nfds_t)n, &ts, NULL);
    return rc < 0 ? (errno == EINTR ? 1 : -errno) : rc > 0;
}

/* ---- pipe ------------------------------------------------------------------------------------- */
static int pipe_open(wt_sq *q)
{
    if (pipe2(q->fd, O_NONBLOCK | O_CLOEXEC) < 0)
        return -errno;
    int sz = fcntl(q->fd[1], F_SETPIPE_SZ, (int)(q->cap * WT_SQ_MSG));
    if (sz < 0)
        sz = fcntl(q->fd[1], F_GETPIPE_SZ);
    q->cap = sz > 0 ? (unsigned)sz / WT_SQ_MSG : q->cap;
    return 0;
}

static int pipe_send(wt_sq *q, const void *m, uint64_t deadline)
{
    for (int waited = 0;;) {
        ssize_t n = write(q->fd[1], m, WT_SQ_MSG);
        if (n == WT_SQ_MSG)
            return waited;
        if (n >= 0)
            return -EBADMSG; /* a pipe write of <= PIPE_BUF bytes is all or nothing */
        if (errno != EAGAIN && errno != EINTR)
            return -errno;
        waited = 1;
        struct pollfd pf = {.fd = q->fd[1], .events = POLLOUT};
        int rc = wait_fds(&pf, 1, deadline);
        if (rc <= 0)
            return rc ? rc : -ETIMEDOUT;
    }
}

static int pipe_recv(wt_sq *q, void *m, uint64_t deadline)
{
    for (;;) {
        ssize_t n = read(q->fd[0], m, WT_SQ_MSG);
        if (n == WT_SQ_MSG)
            return 0;
        if (n >= 0)
            return -EBADMSG; /* a torn message, or end of file with the write end open */
        if (errno != EAGAIN && errno != EINTR)
            return -errno;
        struct pollfd pf = {.fd = q->fd[0], .events = POLLIN};
        int rc = wait_fds(&pf, 1, deadline);
        if (rc <= 0)
            return rc ? rc : -ETIMEDOUT;
    }
}

/* ---- ustream ---------------------------------------------------------------------------------- */
static int us_open(wt_sq *q)
{
    int n = q->np * q->nc;
    q->sk = malloc((size_t)n * 2 * sizeof *q->sk);
    q->rx = calloc((size_t)n, sizeof *q->rx);
    q->deal = calloc((size_t)q->np, sizeof *q->deal);
    q->rot = calloc((size_t)q->nc, sizeof *q->rot);
    if (!q->sk || !q->rx || !q->deal || !q->rot)
        return -ENOMEM;
    for (int i = 0; i < 2 * n; i++)
        q->sk[i] = -1;
    for (int i = 0; i < n; i++)
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, q->sk + 2 * i) < 0)
            return -errno;
    return 0;
}

static int us_send(wt_sq *q, int p, const void *m, uint64_t deadline)
{
    int c = (int)(q->deal[p]++ % (unsigned)q->nc), fd = q->sk[2 * (p * q->nc + c)];
    const unsigned char *b = m;
    size_t done = 0;
    for (int waited = 0;;) {
        ssize_t n = send(fd, b + done, WT_SQ_MSG - done, MSG_NOSIGNAL);
        if (n > 0 && (done += (size_t)n) == WT_SQ_MSG)
            return waited;
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return -errno;
        if (n > 0)
            continue;
        waited = 1;
        struct pollfd pf = {.fd = fd, .events = POLLOUT};
        int rc = wait_fds(&pf, 1, deadline);
        if (rc < 0)
            return rc;
        if (rc == 0 && done == 0)
            return -ETIMEDOUT; /* nothing of it sent: the caller may retry or give up */
    }
}

static int us_recv(wt_sq *q, int c, void *m, uint64_t deadline)
{
    for (;;) {
        for (int k = 0; k < q->np; k++) { /* a whole message buffered: take it, streams in turn */
            int p = (int)((q->rot[c] + (unsigned)k) % (unsigned)q->np);
            wt__sq_rx *x = &q->rx[p * q->nc + c];
            if (x->len - x->off >= WT_SQ_MSG) {
                memcpy(m, x->b + x->off, WT_SQ_MSG);
                x->off += WT_SQ_MSG;
                q->rot[c] = (unsigned)p + 1;
                return 0;
            }
        }
        int got = 0;
        for (int p = 0; p < q->np; p++) {
            wt__sq_rx *x = &q->rx[p * q->nc + c];
            if (x->off) {
                memmove(x->b, x->b + x->off, x->len - x->off);
                x->len -= x->off;
                x->off = 0;
            }
            ssize_t n = recv(q->sk[2 * (p * q->nc + c) + 1], x->b + x->len, sizeof x->b - x->len, 0);
            if (n > 0)
                x->len += (size_t)n, got = 1;
            else if (n == 0)
                return -EPIPE;
            else if (errno != EAGAIN && errno != EINTR)
                return -errno;
        }
        if (got)
            continue;
        struct pollfd pf[WT_STRESS_MAX_WORKERS];
        for (int p = 0; p < q->np; p++)
            pf[p] = (struct pollfd){.fd = q->sk[2 * (p * q->nc + c) + 1], .events = POLLIN};
        int rc = wait_fds(pf, q->np, deadline);
        if (rc <= 0)
            return rc ? rc : -ETIMEDOUT;
    }
}

/* ---- mq --------------------------------------------------------------------------------------- */
static long msg_max(void)
{
    long v = 10;
    FILE *f = fopen("/proc/sys/fs/mqueue/msg_max", "r");
    if (f) {
        if (fscanf(f, "%ld", &v) != 1)
            v = 10;
        fclose(f);
    }
    return v;
}

static int mq_open_q(wt_sq *q)
{
    static _Atomic unsigned serial;
    char name[64];
    snprintf(name, sizeof name, "/wtbench-sq-%d-%u", (int)getpid(), atomic_fetch_add(&serial, 1));
    struct mq_attr a = {.mq_maxmsg = q->cap, .mq_msgsize = WT_SQ_MSG};
    q->mq = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &a);
    if (q->mq == (mqd_t)-1 && errno == EINVAL && (long)q->cap > msg_max()) { /* an unprivileged user */
        a.mq_maxmsg = msg_max();
        q->cap = (unsigned)a.mq_maxmsg;
        q->mq = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &a);
    }
    if (q->mq == (mqd_t)-1)
        return -errno;
    q->mq_nb = mq_open(name, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    int err = q->mq_nb == (mqd_t)-1 ? -errno : 0;
    mq_unlink(name); /* the descriptors keep the queue; nothing is left behind */
    return err;
}

static struct timespec realtime_at(uint64_t deadline)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t ns = (uint64_t)ts.tv_nsec + wt__sq_left(deadline);
    ts.tv_sec += (time_t)(ns / 1000000000u);
    ts.tv_nsec = (long)(ns % 1000000000u);
    return ts;
}

static int mq_send_q(wt_sq *q, const void *m, uint64_t deadline)
{
    if (mq_send(q->mq_nb, m, WT_SQ_MSG, 0) == 0)
        return 0;
    if (errno != EAGAIN && errno != EINTR)
        return -errno;
    struct timespec ts = realtime_at(deadline);
    while (mq_timedsend(q->mq, m, WT_SQ_MSG, 0, &ts) < 0)
        if (errno != EINTR)
            return -errno;
    return 1;
}

static int mq_recv_q(wt_sq *q, void *m, uint64_t deadline)
{
    struct timespec ts = realtime_at(deadline);
    ssize_t n;
    while ((n = mq_timedreceive(q->mq, m, WT_SQ_MSG, NULL, &ts)) < 0)
        if (errno != EINTR)
            return -errno;
    return n == WT_SQ_MSG ? 0 : -EBADMSG;
}

/* ---- the interface ---------------------------------------------------------------------------- */
int wt_sq_open(wt_sq **out, int kind, int nprod, int ncons, unsigned cap)
{
    *out = NULL;
    if (kind < 0 || kind >= WT_SQ_NKINDS || nprod < 1 || ncons < 1 || nprod > WT_STRESS_MAX_WORKERS || cap < 2)
        return -EINVAL;
    wt_sq *q = aligned_alloc(64, sizeof *q);
    if (!q)
        return -ENOMEM;
    memset(q, 0, sizeof *q);
    q->kind = kind, q->np = nprod, q->nc = ncons, q->cap = cap;
    q->fd[0] = q->fd[1] = -1;
    q->mq = q->mq_nb = (mqd_t)-1;
    int rc = 0;
    switch (kind) {
    case WT_SQ_PIPE: rc = pipe_open(q); break;
    case WT_SQ_USTREAM: rc = us_open(q); break;
    case WT_SQ_MQ: rc = mq_open_q(q); break;
    default: rc = wt__sq_mem_open(q); break;
    }
    if (rc < 0) {
        wt_sq_close(q);
        return rc;
    }
    *out = q;
    return 0;
}

int wt_sq_send(wt_sq *q, int p, const void *m, uint64_t timeout_ns)
{
    uint64_t deadline = wt_now_ns() + timeout_ns;
    switch (q->kind) {
    case WT_SQ_PIPE: return pipe_send(q, m, deadline);
    case WT_SQ_USTREAM: return us_send(q, p, m, deadline);
    case WT_SQ_MQ: return mq_send_q(q, m, deadline);
    default: return wt__sq_mem_op(q, (void *)m, deadline, 1);
    }
}

int wt_sq_recv(wt_sq *q, int c, void *m, uint64_t timeout_ns)
{
    uint64_t deadline = wt_now_ns() + timeout_ns;
    switch (q->kind) {
    case WT_SQ_PIPE: return pipe_recv(q, m, deadline);
    case WT_SQ_USTREAM: return us_recv(q, c, m, deadline);
    case WT_SQ_MQ: return mq_recv_q(q, m, deadline);
    default: return wt__sq_mem_op(q, m, deadline, 0);
    }
}

void wt_sq_close(wt_sq *q)
{
    if (!q)
        return;
    for (int i = 0; i < 2; i++)
        if (q->fd[i] >= 0)
            close(q->fd[i]);
    for (int i = 0; q->sk && i < 2 * q->np * q->nc; i++)
        if (q->sk[i] >= 0)
            close(q->sk[i]);
    if (q->mq != (mqd_t)-1)
        mq_close(q->mq);
    if (q->mq_nb != (mqd_t)-1)
        mq_close(q->mq_nb);
    free(q->sk), free(q->rx), free(q->deal), free(q->rot), free(q->ring), free(q->buf);
    free(q);
}
