/* wthttpd: the suite's C HTTP/1.1 server for the http family (harness/http.c starts it; the node
 * counterpart is harness/node/httpd.js, with the same arguments, routes and lines). Plain C: libc,
 * pthreads and the suite's pool and calibrated work (pool.c, work.c, sync.c, bare/wtbare.c), no C++,
 * hwloc or Google Benchmark. Nothing is timed here but /io's wait, which the answer reports.
 *
 *   wthttpd mode=inline|thread|pool pus=P0[,P1...] slow_ns=N io_ns=N loops=N kind=thread|process die=K
 *
 * Event loops: epoll, non-blocking sockets on 127.0.0.1 (a kernel-chosen port), keep-alive (HTTP/1.1
 * by default; an HTTP/1.0 request or "Connection: close" closes after the answer), GET only, no
 * request bodies, one request in flight per connection (pipelined ones wait their turn). Loop 0
 * runs on the main thread, pinned to P0, and accepts; with loops=N it hands each new connection
 * round-robin to loops 1..N-1 (SCM_RIGHTS over a socketpair, as node's cluster primary does), which
 * are threads (kind=thread) or forked processes (kind=process), loop i pinned to P(i mod #PUs).
 * Routes:
 *   GET /           "ok\n", at once
 *   GET /slow-page  wt_work(UNITS, 0x5eed) as 16 hex digits: UNITS of the calibrated CPU loop for
 *                   slow_ns, run on the event loop (mode=inline), on a new pinned thread per request
 *                   (thread) or on the suite's pool (pool); the answer returns to the loop by an eventfd
 *   GET /io         after io_ns: a timerfd on the loop (inline), or a sleeping thread or pool worker
 *                   (thread, pool); "io NS\n" with the ns waited, 500 if under half of io_ns
 *   otherwise       404 (405 for another method, 400 for a malformed request or one with a body)
 * Offloaded work runs on P1.. (round-robin; on P0 when only one PU is given); the pool has one
 * worker per such PU. Prints "listening PORT UNITS" when ready; "fail TEXT" (and exits 1) when a
 * call fails or a loop process dies. die=K (a test knob): the K-th request kills the process
 * (SIGKILL), so that the harness's handling of a server dying mid-window can be tested. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "wt.h"

#define SEED 0x5eedu
#define MAX_LOOPS 64
#define MAX_PUS 64

enum { M_INLINE, M_THREAD, M_POOL };
enum { H_LISTEN, H_HANDOFF, H_DONE, H_CHILD, H_CONN, H_TIMER };
enum { J_SLOW, J_IO };

typedef struct handle { int type; void *p; } handle;

typedef struct loop loop;
typedef struct conn {
    handle h, th;             /* epoll data of the socket and of its timerfd */
    loop *l;
    int fd, tfd;              /* socket; timerfd for inline /io (-1 until needed) */
    unsigned events;          /* epoll interest now */
    int busy;                 /* a request in flight: its answer comes later */
    int job;                  /* an offloaded job holds this conn: free it only when that ends */
    int dead;                 /* closed while its job ran */
    int close_after;
    int peer_done;            /* the peer has sent all it will (EOF): answer what came, then close */
    struct conn *grave;       /* closed: freed after the epoll batch that may still name it */
    uint64_t t_io;            /* inline /io: when its wait began */
    size_t inlen, outlen, outoff;
    char in[8192], out[512];
} conn;

typedef struct job {
    struct job *next;
    conn *c;
    int kind;
    uint64_t value;           /* J_SLOW: the work's result; J_IO: ns waited */
} job;

struct loop {
    int idx, pu, ep, efd, hand[2];
    handle hl, hh, hd;
    pthread_mutex_t mu;       /* guards done: workers push, the loop takes */
    job *done;
    conn *grave;              /* closed connections, freed once the current batch is handled */
};

static struct {
    int mode, process, nloops, npus, pus[MAX_PUS], die, lfd, next;
    uint64_t slow_ns, io_ns, units;
    loop loops[MAX_LOOPS];
    pid_t child[MAX_LOOPS];
    int cpfd[MAX_LOOPS];      /* pidfds of loop processes: loop 0 learns of a death */
    handle hc[MAX_LOOPS];
    wt_pool *pool;
    _Atomic uint64_t served;  /* requests parsed, every loop of this process */
    _Atomic unsigned rr;      /* offloaded work's next PU */
} g;

static void say(const char *fmt, ...)
{
    char b[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, sizeof b - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n > (int)sizeof b - 2)
        n = (int)sizeof b - 2;
    b[n++] = '\n';
    if (write(1, b, (size_t)n) < 0) {
        /* the harness is gone: nothing to tell */
    }
}

static void die_fail(const char *what, int err)
{
    say("fail %s: %s", what, strerror(err));
    exit(1);
}

static int pin_attr(pthread_attr_t *a, int pu)
{
    if (pu < 0)
        return 0;
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(pu, &s);
    return pthread_attr_setaffinity_np(a, sizeof s, &s);
}

static int pin_self(int pu)
{
    if (pu < 0)
        return 0;
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(pu, &s);
    return pthread_setaffinity_np(pthread_self(), sizeof s, &s);
}

static int work_pu(void)
{
    if (g.npus < 2)
        return g.pus[0];
    return g.pus[1 + atomic_fetch_add(&g.rr, 1) % (unsigned)(g.npus - 1)];
}

/* ---- connections -------------------------------------------------------------------------- */

static void interest(conn *c, unsigned ev)
{
    if (c->events == ev || c->dead)
        return;
    struct epoll_event e = {.events = ev, .data.ptr = &c->h};
    epoll_ctl(c->l->ep, EPOLL_CTL_MOD, c->fd, &e);
    c->events = ev;
}

static void conn_close(conn *c)
{
    epoll_ctl(c->l->ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    if (c->tfd >= 0)
        close(c->tfd); /* closing drops it from the epoll set */
    c->fd = c->tfd = -1;
    if (c->job) {
        c->dead = 1; /* its job's end buries it */
    } else {
        c->grave = c->l->grave;
        c->l->grave = c;
    }
}

static void add_conn(loop *l, int fd)
{
    conn *c = malloc(sizeof *c);
    if (!c) {
        close(fd);
        return;
    }
    memset(c, 0, offsetof(conn, in));
    c->h = (handle){H_CONN, c};
    c->th = (handle){H_TIMER, c};
    c->l = l;
    c->fd = fd;
    c->tfd = -1;
    c->events = EPOLLIN;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event e = {.events = EPOLLIN, .data.ptr = &c->h};
    if (epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &e) < 0) {
        close(fd);
        free(c);
    }
}

static void answer(conn *c, int status, const char *body)
{
    const char *reason = status == 200 ? "OK" : status == 404 ? "Not Found" : status == 405 ? "Method Not Allowed"
                       : status == 400 ? "Bad Request" : "Internal Server Error";
    if (status == 400 || status == 405)
        c->close_after = 1;
    int n = snprintf(c->out, sizeof c->out, "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n%s\r\n%s",
                     status, reason, strlen(body), c->close_after ? "Connection: close\r\n" : "", body);
    c->outlen = n < (int)sizeof c->out ? (size_t)n : sizeof c->out - 1;
    c->outoff = 0;
    c->busy = 0;
}

/* Case-insensitive: does header line [p, e) name `name` (with its colon)? Its value then. */
static const char *header(const char *p, const char *e, const char *name)
{
    size_t n = strlen(name);
    if ((size_t)(e - p) <= n || strncasecmp(p, name, n) || p[n] != ':')
        return NULL;
    for (p += n + 1; p < e && (*p == ' ' || *p == '\t'); p++)
        ;
    return p;
}

static void job_start(conn *c, int kind);

/* Parse and start one request from c->in. 1 when one was taken (an answer is ready or on its
 * way), 0 when more input is needed. */
static int take_request(conn *c)
{
    char *end = memmem(c->in, c->inlen, "\r\n\r\n", 4);
    if (!end) {
        if (c->inlen == sizeof c->in) {
            c->inlen = 0;
            answer(c, 400, "request head too long\n");
            return 1;
        }
        return 0;
    }
    size_t hlen = (size_t)(end + 4 - c->in);
    char *eol = memmem(c->in, hlen, "\r\n", 2);
    char *sp1 = memchr(c->in, ' ', (size_t)(eol - c->in));
    char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1)) : NULL;
    int bad = !sp1 || !sp2 || sp2 == sp1 + 1 || sp1[1] != '/', get = 0, v10 = 0, body = 0, conn_close = -1;
    char path[256] = "";
    if (!bad) {
        get = sp1 - c->in == 3 && !memcmp(c->in, "GET", 3);
        size_t vlen = (size_t)(eol - sp2 - 1), plen = (size_t)(sp2 - sp1 - 1);
        v10 = vlen == 8 && !memcmp(sp2 + 1, "HTTP/1.0", 8);
        bad = !(v10 || (vlen == 8 && !memcmp(sp2 + 1, "HTTP/1.1", 8)));
        snprintf(path, sizeof path, "%.*s", (int)(plen < sizeof path ? plen : sizeof path - 1), sp1 + 1);
        path[strcspn(path, "?")] = 0;
    }
    for (char *p = eol + 2; !bad && p < end;) {
        char *e = memmem(p, (size_t)(end + 2 - p), "\r\n", 2);
        const char *v;
        if ((v = header(p, e, "content-length")))
            body = strtoull(v, NULL, 10) != 0;
        else if (header(p, e, "transfer-encoding"))
            body = 1;
        else if ((v = header(p, e, "connection")))
            conn_close = !strncasecmp(v, "close", 5) ? 1 : !strncasecmp(v, "keep-alive", 10) ? 0 : conn_close;
        p = e + 2;
    }
    c->close_after = conn_close == 1 || (v10 && conn_close != 0);
    memmove(c->in, c->in + hlen, c->inlen - hlen);
    c->inlen -= hlen;
    if (g.die && atomic_fetch_add(&g.served, 1) + 1 == (uint64_t)g.die)
        raise(SIGKILL); /* the test knob: a server that dies mid-window */
    if (bad || body) {
        c->inlen = 0;
        answer(c, 400, "bad request\n");
    } else if (!get) {
        answer(c, 405, "GET only\n");
    } else if (!strcmp(path, "/")) {
        answer(c, 200, "ok\n");
    } else if (!strcmp(path, "/slow-page")) {
        if (g.mode == M_INLINE) {
            char b[32];
            snprintf(b, sizeof b, "%016llx\n", (unsigned long long)wt_work(g.units, SEED));
            answer(c, 200, b);
        } else {
            job_start(c, J_SLOW);
        }
    } else if (!strcmp(path, "/io")) {
        if (g.mode == M_INLINE) {
            if (c->tfd < 0) {
                c->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
                struct epoll_event e = {.events = EPOLLIN, .data.ptr = &c->th};
                if (c->tfd < 0 || epoll_ctl(c->l->ep, EPOLL_CTL_ADD, c->tfd, &e) < 0)
                    die_fail("timerfd", errno);
            }
            struct itimerspec it = {.it_value = {(time_t)(g.io_ns / 1000000000u), (long)(g.io_ns % 1000000000u)}};
            c->t_io = wt_now_ns();
            c->busy = 1;
            timerfd_settime(c->tfd, 0, &it, NULL);
        } else {
            job_start(c, J_IO);
        }
    } else {
        answer(c, 404, "not found\n");
    }
    return 1;
}

/* Write what is pending, then take the next request, until waiting on the peer or a job. */
static void pump(conn *c)
{
    for (;;) {
        if (c->outoff < c->outlen) {
            ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                interest(c, EPOLLOUT);
                return;
            }
            if (n < 0)
                return conn_close(c);
            c->outoff += (size_t)n;
            continue;
        }
        c->outoff = c->outlen = 0;
        if (c->close_after)
            return conn_close(c);
        if (c->busy || !take_request(c)) {
            if (!c->busy && c->peer_done)
                return conn_close(c); /* nothing more will come */
            interest(c, c->peer_done || (c->busy && c->inlen == sizeof c->in) ? 0 : EPOLLIN);
            return;
        }
    }
}

static void conn_read(conn *c)
{
    while (c->inlen < sizeof c->in && !c->peer_done) {
        ssize_t n = recv(c->fd, c->in + c->inlen, sizeof c->in - c->inlen, 0);
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return conn_close(c);
        if (n < 0)
            break;
        c->peer_done = n == 0;
        c->inlen += (size_t)n;
    }
    pump(c);
}

static void io_answer(conn *c, uint64_t waited)
{
    char b[40];
    snprintf(b, sizeof b, "io %llu\n", (unsigned long long)waited);
    answer(c, waited * 2 >= g.io_ns ? 200 : 500, b);
}

/* ---- offloaded work: a thread per request or the pool; the answer returns by eventfd -------- */

static void job_run(void *arg)
{
    job *j = arg;
    loop *l = j->c->l;
    if (j->kind == J_SLOW) {
        j->value = wt_work(g.units, SEED);
    } else {
        uint64_t t0 = wt_now_ns();
        struct timespec ts = {(time_t)(g.io_ns / 1000000000u), (long)(g.io_ns % 1000000000u)};
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
            ;
        j->value = wt_now_ns() - t0;
    }
    pthread_mutex_lock(&l->mu);
    j->next = l->done;
    l->done = j;
    pthread_mutex_unlock(&l->mu);
    uint64_t one = 1;
    if (write(l->efd, &one, sizeof one) < 0)
        die_fail("eventfd write", errno);
}

static void *job_thread(void *arg)
{
    job_run(arg);
    return NULL;
}

static void job_start(conn *c, int kind)
{
    job *j = calloc(1, sizeof *j);
    if (!j)
        die_fail("a job", ENOMEM);
    j->c = c;
    j->kind = kind;
    c->busy = c->job = 1;
    int rc;
    if (g.mode == M_POOL) {
        rc = -wt_pool_submit(g.pool, job_run, j);
    } else {
        pthread_attr_t a;
        pthread_t t;
        pthread_attr_init(&a);
        pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
        rc = pin_attr(&a, work_pu());
        if (!rc)
            rc = pthread_create(&t, &a, job_thread, j);
        pthread_attr_destroy(&a);
    }
    if (rc)
        die_fail(g.mode == M_POOL ? "pool submit" : "pthread_create", rc);
}

static void jobs_done(loop *l)
{
    uint64_t n;
    if (read(l->efd, &n, sizeof n) < 0 && errno != EAGAIN)
        die_fail("eventfd read", errno);
    pthread_mutex_lock(&l->mu);
    job *j = l->done;
    l->done = NULL;
    pthread_mutex_unlock(&l->mu);
    while (j) {
        job *next = j->next;
        conn *c = j->c;
        c->job = 0;
        if (c->dead) {
            c->grave = l->grave;
            l->grave = c;
        } else {
            char b[32];
            if (j->kind == J_SLOW) {
                snprintf(b, sizeof b, "%016llx\n", (unsigned long long)j->value);
                answer(c, 200, b);
            } else {
                io_answer(c, j->value);
            }
            pump(c);
        }
        free(j);
        j = next;
    }
}

/* ---- the loops ---------------------------------------------------------------------------- */

static void hand_off(loop *l, int fd)
{
    char byte = 0;
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;
    struct iovec iov = {&byte, 1};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof u.b};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof fd);
    if (sendmsg(l->hand[0], &m, MSG_NOSIGNAL) < 0)
        die_fail("handing a connection to a loop", errno);
    close(fd);
}

static void take_handed(loop *l)
{
    char byte;
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;
    struct iovec iov = {&byte, 1};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof u.b};
    ssize_t n = recvmsg(l->hand[1], &m, MSG_CMSG_CLOEXEC);
    if (n == 0)
        exit(0); /* loop 0 is gone */
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR)
            return;
        die_fail("receiving a connection", errno);
    }
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    int fd;
    if (!cm || cm->cmsg_type != SCM_RIGHTS)
        return;
    memcpy(&fd, CMSG_DATA(cm), sizeof fd);
    add_conn(l, fd);
}

static void accept_all(loop *l)
{
    for (;;) {
        int fd = accept4(g.lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED)
                return;
            die_fail("accept", errno);
        }
        int k = (int)(g.next++ % (unsigned)g.nloops);
        if (k == 0)
            add_conn(l, fd);
        else
            hand_off(&g.loops[k], fd);
    }
}

static void child_died(int k)
{
    int st = 0;
    waitpid(g.child[k], &st, 0);
    if (WIFSIGNALED(st))
        say("fail event loop %d (process %d) was killed by signal %d", k, (int)g.child[k], WTERMSIG(st));
    else
        say("fail event loop %d (process %d) exited with status %d", k, (int)g.child[k], WEXITSTATUS(st));
    exit(1);
}

static void add(loop *l, int fd, handle *h)
{
    struct epoll_event e = {.events = EPOLLIN, .data.ptr = h};
    if (epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &e) < 0)
        die_fail("epoll_ctl", errno);
}

/* Make loop l's epoll set and eventfd (in the thread or process that runs it). */
static void loop_open(loop *l)
{
    l->ep = epoll_create1(EPOLL_CLOEXEC);
    l->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (l->ep < 0 || l->efd < 0)
        die_fail("epoll or eventfd", errno);
    pthread_mutex_init(&l->mu, NULL);
    l->hd = (handle){H_DONE, l};
    add(l, l->efd, &l->hd);
    if (l->idx == 0) {
        l->hl = (handle){H_LISTEN, l};
        add(l, g.lfd, &l->hl);
    } else {
        l->hh = (handle){H_HANDOFF, l};
        add(l, l->hand[1], &l->hh);
    }
}

static void *loop_run(void *arg)
{
    loop *l = arg;
    struct epoll_event ev[64];
    for (;;) {
        int n = epoll_wait(l->ep, ev, 64, -1);
        if (n < 0 && errno != EINTR)
            die_fail("epoll_wait", errno);
        for (int i = 0; i < n; i++) {
            handle *h = ev[i].data.ptr;
            conn *c = h->p;
            if (h->type >= H_CONN && c->fd < 0)
                continue; /* closed earlier in this batch */
            switch (h->type) {
            case H_LISTEN: accept_all(l); break;
            case H_HANDOFF: take_handed(l); break;
            case H_DONE: jobs_done(l); break;
            case H_CHILD: child_died((int)(intptr_t)h->p); break;
            case H_TIMER: {
                uint64_t x;
                if (c->tfd >= 0 && read(c->tfd, &x, sizeof x) == (ssize_t)sizeof x && c->busy) {
                    io_answer(c, wt_now_ns() - c->t_io);
                    pump(c);
                }
                break;
            }
            default:
                if ((ev[i].events & (EPOLLHUP | EPOLLERR)) && !(ev[i].events & EPOLLIN))
                    conn_close(c); /* gone, nothing left to read */
                else if (ev[i].events & EPOLLIN)
                    conn_read(c); /* reads, then writes what is pending */
                else if (ev[i].events & EPOLLOUT)
                    pump(c);
            }
        }
        while (l->grave) {
            conn *c = l->grave;
            l->grave = c->grave;
            free(c);
        }
    }
    return NULL;
}

/* ---- start-up ----------------------------------------------------------------------------- */

static int parse_args(int argc, char **argv)
{
    g.nloops = 1;
    g.npus = 1;
    g.pus[0] = -1;
    g.slow_ns = 100000000;
    g.io_ns = 5000000;
    for (int i = 1; i < argc; i++) {
        char *v = strchr(argv[i], '=');
        if (!v)
            return -1;
        *v++ = 0;
        if (!strcmp(argv[i], "mode")) {
            g.mode = !strcmp(v, "inline") ? M_INLINE : !strcmp(v, "thread") ? M_THREAD : !strcmp(v, "pool") ? M_POOL : -1;
            if (g.mode < 0)
                return -1;
        } else if (!strcmp(argv[i], "kind")) {
            g.process = !strcmp(v, "process");
        } else if (!strcmp(argv[i], "pus")) {
            g.npus = 0;
            for (char *s = v; *s && g.npus < MAX_PUS; s += *s == ',')
                g.pus[g.npus++] = (int)strtol(s, &s, 10);
            if (!g.npus)
                return -1;
        } else if (!strcmp(argv[i], "slow_ns")) {
            g.slow_ns = strtoull(v, NULL, 10);
        } else if (!strcmp(argv[i], "io_ns")) {
            g.io_ns = strtoull(v, NULL, 10);
        } else if (!strcmp(argv[i], "loops")) {
            g.nloops = atoi(v);
        } else if (!strcmp(argv[i], "die")) {
            g.die = atoi(v);
        } else {
            return -1;
        }
    }
    return g.nloops >= 1 && g.nloops <= MAX_LOOPS ? 0 : -1;
}

static void start_pool(void)
{
    if (g.mode != M_POOL)
        return;
    int n = g.npus > 1 ? g.npus - 1 : 1;
    wt_pool_opts o = {.nworkers = n, .pus = g.pus[0] >= 0 ? g.pus + (g.npus > 1) : NULL, .queue = 1024,
                      .spin_ns = 50000};
    int rc = wt_pool_create(&g.pool, &o);
    if (rc < 0)
        die_fail("the pool", -rc);
}

int main(int argc, char **argv)
{
    if (parse_args(argc, argv) < 0) {
        fprintf(stderr, "usage: wthttpd mode=inline|thread|pool pus=P0[,P1...] slow_ns=N io_ns=N loops=N "
                        "kind=thread|process die=K\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IONBF, 0);
    int rc = pin_self(g.pus[0]);
    if (rc)
        die_fail("pinning the event loop", rc);
    g.units = wt_work_units_for((double)g.slow_ns);
    g.lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    if (g.lfd < 0 || bind(g.lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(g.lfd, 1024) < 0 ||
        getsockname(g.lfd, (struct sockaddr *)&a, &alen) < 0)
        die_fail("listening on 127.0.0.1", errno);
    for (int k = 0; k < g.nloops; k++) {
        loop *l = &g.loops[k];
        l->idx = k;
        l->pu = g.pus[k % g.npus];
        if (k && socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, l->hand) < 0)
            die_fail("socketpair", errno);
    }
    for (int k = 1; k < g.nloops; k++) {
        loop *l = &g.loops[k];
        if (g.process) {
            pid_t p = fork();
            if (p < 0)
                die_fail("fork", errno);
            if (p == 0) {
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (getppid() == 1)
                    _exit(1);
                close(g.lfd);
                if ((rc = pin_self(l->pu)))
                    die_fail("pinning an event loop", rc);
                loop_open(l);
                start_pool();
                loop_run(l);
            }
            g.child[k] = p;
            g.cpfd[k] = (int)syscall(SYS_pidfd_open, p, 0); /* -1 before Linux 5.3: no watch */
            g.hc[k] = (handle){H_CHILD, (void *)(intptr_t)k};
        }
    }
    loop_open(&g.loops[0]);
    for (int k = 1; g.process && k < g.nloops; k++)
        if (g.cpfd[k] >= 0)
            add(&g.loops[0], g.cpfd[k], &g.hc[k]);
    start_pool();
    for (int k = 1; !g.process && k < g.nloops; k++) {
        loop *l = &g.loops[k];
        pthread_attr_t at;
        pthread_t t;
        loop_open(l);
        pthread_attr_init(&at);
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        rc = pin_attr(&at, l->pu);
        if (!rc)
            rc = pthread_create(&t, &at, loop_run, l);
        pthread_attr_destroy(&at);
        if (rc)
            die_fail("starting an event loop thread", rc);
    }
    say("listening %d %llu", ntohs(a.sin_port), (unsigned long long)g.units);
    loop_run(&g.loops[0]);
    return 0;
}
