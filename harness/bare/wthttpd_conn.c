/* wthttpd_conn.c: wthttpd's connections: reading and parsing GET requests, the routes, answers
 * with keep-alive, and the work a route offloads to a thread per request or to the pool, whose
 * answer returns to the loop by an eventfd. See wthttpd.c. */
#include "wthttpd.h"

/* ---- connections -------------------------------------------------------------------------- */

static void interest(conn *c, unsigned ev)
{
    if (c->events == ev || c->dead)
        return;
    struct epoll_event e = {.events = ev, .data.ptr = &c->h};
    epoll_ctl(c->l->ep, EPOLL_CTL_MOD, c->fd, &e);
    c->events = ev;
}

void wt__hd_conn_close(conn *c)
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

void wt__hd_add_conn(loop *l, int fd)
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
    if (wt__hd_g.die && atomic_fetch_add(&wt__hd_g.served, 1) + 1 == (uint64_t)wt__hd_g.die)
        raise(SIGKILL); /* the test knob: a server that dies mid-window */
    if (bad || body) {
        c->inlen = 0;
        answer(c, 400, "bad request\n");
    } else if (!get) {
        answer(c, 405, "GET only\n");
    } else if (!strcmp(path, "/")) {
        answer(c, 200, "ok\n");
    } else if (!strcmp(path, "/slow-page")) {
        if (wt__hd_g.mode == M_INLINE) {
            char b[32];
            snprintf(b, sizeof b, "%016llx\n", (unsigned long long)wt_work(wt__hd_g.units, SEED));
            answer(c, 200, b);
        } else {
            job_start(c, J_SLOW);
        }
    } else if (!strcmp(path, "/io")) {
        if (wt__hd_g.mode == M_INLINE) {
            if (c->tfd < 0) {
                c->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
                struct epoll_event e = {.events = EPOLLIN, .data.ptr = &c->th};
                if (c->tfd < 0 || epoll_ctl(c->l->ep, EPOLL_CTL_ADD, c->tfd, &e) < 0)
                    wt__hd_die_fail("timerfd", errno);
            }
            struct itimerspec it = {.it_value = {(time_t)(wt__hd_g.io_ns / 1000000000u), (long)(wt__hd_g.io_ns % 1000000000u)}};
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
void wt__hd_pump(conn *c)
{
    for (;;) {
        if (c->outoff < c->outlen) {
            ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                interest(c, EPOLLOUT);
                return;
            }
            if (n < 0)
                return wt__hd_conn_close(c);
            c->outoff += (size_t)n;
            continue;
        }
        c->outoff = c->outlen = 0;
        if (c->close_after)
            return wt__hd_conn_close(c);
        if (c->busy || !take_request(c)) {
            if (!c->busy && c->peer_done)
                return wt__hd_conn_close(c); /* nothing more will come */
            interest(c, c->peer_done || (c->busy && c->inlen == sizeof c->in) ? 0 : EPOLLIN);
            return;
        }
    }
}

void wt__hd_conn_read(conn *c)
{
    while (c->inlen < sizeof c->in && !c->peer_done) {
        ssize_t n = recv(c->fd, c->in + c->inlen, sizeof c->in - c->inlen, 0);
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return wt__hd_conn_close(c);
        if (n < 0)
            break;
        c->peer_done = n == 0;
        c->inlen += (size_t)n;
    }
    wt__hd_pump(c);
}

void wt__hd_io_answer(conn *c, uint64_t waited)
{
    char b[40];
    snprintf(b, sizeof b, "io %llu\n", (unsigned long long)waited);
    answer(c, waited * 2 >= wt__hd_g.io_ns ? 200 : 500, b);
}

/* ---- offloaded work: a thread per request or the pool; the answer returns by eventfd -------- */

static void job_run(void *arg)
{
    job *j = arg;
    loop *l = j->c->l;
    if (j->kind == J_SLOW) {
        j->value = wt_work(wt__hd_g.units, SEED);
    } else {
        uint64_t t0 = wt_now_ns();
        struct timespec ts = {(time_t)(wt__hd_g.io_ns / 1000000000u), (long)(wt__hd_g.io_ns % 1000000000u)};
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
        wt__hd_die_fail("eventfd write", errno);
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
        wt__hd_die_fail("a job", ENOMEM);
    j->c = c;
    j->kind = kind;
    c->busy = c->job = 1;
    int rc;
    if (wt__hd_g.mode == M_POOL) {
        rc = -wt_pool_submit(wt__hd_g.pool, job_run, j);
    } else {
        pthread_attr_t a;
        pthread_t t;
        pthread_attr_init(&a);
        pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
        rc = wt__hd_pin_attr(&a, wt__hd_work_pu());
        if (!rc)
            rc = pthread_create(&t, &a, job_thread, j);
        pthread_attr_destroy(&a);
    }
    if (rc)
        wt__hd_die_fail(wt__hd_g.mode == M_POOL ? "pool submit" : "pthread_create", rc);
}

void wt__hd_jobs_done(loop *l)
{
    uint64_t n;
    if (read(l->efd, &n, sizeof n) < 0 && errno != EAGAIN)
        wt__hd_die_fail("eventfd read", errno);
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
                wt__hd_io_answer(c, j->value);
            }
            wt__hd_pump(c);
        }
        free(j);
        j = next;
    }
}
