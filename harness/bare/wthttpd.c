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
#include "wthttpd.h"

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
        wt__hd_die_fail("handing a connection to a loop", errno);
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
        wt__hd_die_fail("receiving a connection", errno);
    }
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    int fd;
    if (!cm || cm->cmsg_type != SCM_RIGHTS)
        return;
    memcpy(&fd, CMSG_DATA(cm), sizeof fd);
    wt__hd_add_conn(l, fd);
}

static void accept_all(loop *l)
{
    for (;;) {
        int fd = accept4(wt__hd_g.lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED)
                return;
            wt__hd_die_fail("accept", errno);
        }
        int k = (int)(wt__hd_g.next++ % (unsigned)wt__hd_g.nloops);
        if (k == 0)
            wt__hd_add_conn(l, fd);
        else
            hand_off(&wt__hd_g.loops[k], fd);
    }
}

static void child_died(int k)
{
    int st = 0;
    waitpid(wt__hd_g.child[k], &st, 0);
    if (WIFSIGNALED(st))
        wt__hd_say("fail event loop %d (process %d) was killed by signal %d", k, (int)wt__hd_g.child[k], WTERMSIG(st));
    else
        wt__hd_say("fail event loop %d (process %d) exited with status %d", k, (int)wt__hd_g.child[k], WEXITSTATUS(st));
    exit(1);
}

static void add(loop *l, int fd, handle *h)
{
    struct epoll_event e = {.events = EPOLLIN, .data.ptr = h};
    if (epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &e) < 0)
        wt__hd_die_fail("epoll_ctl", errno);
}

/* Make loop l's epoll set and eventfd (in the thread or process that runs it). */
static void loop_open(loop *l)
{
    l->ep = epoll_create1(EPOLL_CLOEXEC);
    l->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (l->ep < 0 || l->efd < 0)
        wt__hd_die_fail("epoll or eventfd", errno);
    pthread_mutex_init(&l->mu, NULL);
    l->hd = (handle){H_DONE, l};
    add(l, l->efd, &l->hd);
    if (l->idx == 0) {
        l->hl = (handle){H_LISTEN, l};
        add(l, wt__hd_g.lfd, &l->hl);
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
            wt__hd_die_fail("epoll_wait", errno);
        for (int i = 0; i < n; i++) {
            handle *h = ev[i].data.ptr;
            conn *c = h->p;
            if (h->type >= H_CONN && c->fd < 0)
                continue; /* closed earlier in this batch */
            switch (h->type) {
            case H_LISTEN: accept_all(l); break;
            case H_HANDOFF: take_handed(l); break;
            case H_DONE: wt__hd_jobs_done(l); break;
            case H_CHILD: child_died((int)(intptr_t)h->p); break;
            case H_TIMER: {
                uint64_t x;
                if (c->tfd >= 0 && read(c->tfd, &x, sizeof x) == (ssize_t)sizeof x && c->busy) {
                    wt__hd_io_answer(c, wt_now_ns() - c->t_io);
                    wt__hd_pump(c);
                }
                break;
            }
            default:
                if ((ev[i].events & (EPOLLHUP | EPOLLERR)) && !(ev[i].events & EPOLLIN))
                    wt__hd_conn_close(c); /* gone, nothing left to read */
                else if (ev[i].events & EPOLLIN)
                    wt__hd_conn_read(c); /* reads, then writes what is pending */
                else if (ev[i].events & EPOLLOUT)
                    wt__hd_pump(c);
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
    wt__hd_g.nloops = 1;
    wt__hd_g.npus = 1;
    wt__hd_g.pus[0] = -1;
    wt__hd_g.slow_ns = 100000000;
    wt__hd_g.io_ns = 5000000;
    for (int i = 1; i < argc; i++) {
        char *v = strchr(argv[i], '=');
        if (!v)
            return -1;
        *v++ = 0;
        if (!strcmp(argv[i], "mode")) {
            wt__hd_g.mode = !strcmp(v, "inline") ? M_INLINE : !strcmp(v, "thread") ? M_THREAD : !strcmp(v, "pool") ? M_POOL : -1;
            if (wt__hd_g.mode < 0)
                return -1;
        } else if (!strcmp(argv[i], "kind")) {
            wt__hd_g.process = !strcmp(v, "process");
        } else if (!strcmp(argv[i], "pus")) {
            wt__hd_g.npus = 0;
            for (char *s = v; *s && wt__hd_g.npus < MAX_PUS; s += *s == ',')
                wt__hd_g.pus[wt__hd_g.npus++] = (int)strtol(s, &s, 10);
            if (!wt__hd_g.npus)
                return -1;
        } else if (!strcmp(argv[i], "slow_ns")) {
            wt__hd_g.slow_ns = strtoull(v, NULL, 10);
        } else if (!strcmp(argv[i], "io_ns")) {
            wt__hd_g.io_ns = strtoull(v, NULL, 10);
        } else if (!strcmp(argv[i], "loops")) {
            wt__hd_g.nloops = atoi(v);
        } else if (!strcmp(argv[i], "die")) {
            wt__hd_g.die = atoi(v);
        } else {
            return -1;
        }
    }
    return wt__hd_g.nloops >= 1 && wt__hd_g.nloops <= MAX_LOOPS ? 0 : -1;
}

static void start_pool(void)
{
    if (wt__hd_g.mode != M_POOL)
        return;
    int n = wt__hd_g.npus > 1 ? wt__hd_g.npus - 1 : 1;
    wt_pool_opts o = {.nworkers = n, .pus = wt__hd_g.pus[0] >= 0 ? wt__hd_g.pus + (wt__hd_g.npus > 1) : NULL, .queue = 1024,
                      .spin_ns = 50000};
    int rc = wt_pool_create(&wt__hd_g.pool, &o);
    if (rc < 0)
        wt__hd_die_fail("the pool", -rc);
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
    int rc = wt__hd_pin_self(wt__hd_g.pus[0]);
    if (rc)
        wt__hd_die_fail("pinning the event loop", rc);
    wt__hd_g.units = wt_work_units_for((double)wt__hd_g.slow_ns);
    wt__hd_g.lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    if (wt__hd_g.lfd < 0 || bind(wt__hd_g.lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(wt__hd_g.lfd, 1024) < 0 ||
        getsockname(wt__hd_g.lfd, (struct sockaddr *)&a, &alen) < 0)
        wt__hd_die_fail("listening on 127.0.0.1", errno);
    for (int k = 0; k < wt__hd_g.nloops; k++) {
        loop *l = &wt__hd_g.loops[k];
        l->idx = k;
        l->pu = wt__hd_g.pus[k % wt__hd_g.npus];
        if (k && socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, l->hand) < 0)
            wt__hd_die_fail("socketpair", errno);
    }
    for (int k = 1; k < wt__hd_g.nloops; k++) {
        loop *l = &wt__hd_g.loops[k];
        if (wt__hd_g.process) {
            pid_t p = fork();
            if (p < 0)
                wt__hd_die_fail("fork", errno);
            if (p == 0) {
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (getppid() == 1)
                    _exit(1);
                close(wt__hd_g.lfd);
                if ((rc = wt__hd_pin_self(l->pu)))
                    wt__hd_die_fail("pinning an event loop", rc);
                loop_open(l);
                start_pool();
                loop_run(l);
            }
            wt__hd_g.child[k] = p;
            wt__hd_g.cpfd[k] = (int)syscall(SYS_pidfd_open, p, 0); /* -1 before Linux 5.3: no watch */
            wt__hd_g.hc[k] = (handle){H_CHILD, (void *)(intptr_t)k};
        }
    }
    loop_open(&wt__hd_g.loops[0]);
    for (int k = 1; wt__hd_g.process && k < wt__hd_g.nloops; k++)
        if (wt__hd_g.cpfd[k] >= 0)
            add(&wt__hd_g.loops[0], wt__hd_g.cpfd[k], &wt__hd_g.hc[k]);
    start_pool();
    for (int k = 1; !wt__hd_g.process && k < wt__hd_g.nloops; k++) {
        loop *l = &wt__hd_g.loops[k];
        pthread_attr_t at;
        pthread_t t;
        loop_open(l);
        pthread_attr_init(&at);
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        rc = wt__hd_pin_attr(&at, l->pu);
        if (!rc)
            rc = pthread_create(&t, &at, loop_run, l);
        pthread_attr_destroy(&at);
        if (rc)
            wt__hd_die_fail("starting an event loop thread", rc);
    }
    wt__hd_say("listening %d %llu", ntohs(a.sin_port), (unsigned long long)wt__hd_g.units);
    loop_run(&wt__hd_g.loops[0]);
    return 0;
}
