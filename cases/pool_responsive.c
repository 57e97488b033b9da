/* pool.responsive: does the main loop stay responsive? The caller runs an epoll event loop; a client
 * thread on the same PU sends a cheap request every 100 us and, every 2 x heavy_ns, a heavy one
 * (calibrated CPU work of heavy_ns, real cost task_ns measured in setup), all over one AF_UNIX
 * seqpacket socketpair. The loop answers cheap requests at once; heavy work runs inline (on the
 * loop), on a pinned thread per request, or on the pool (PUs - 1 workers, on the PUs other than
 * the loop's); offloaded work reports back through an eventfd and the loop sends its result. ns per
 * op = wall time per cheap request; the histogram holds each cheap request's latency, from its
 * SCHEDULED send time to the reply's arrival at the client. The loop's lag: a 1 ms timerfd in the
 * same epoll set, lag = handling time - expiry; counters lag_mean_ns, lag_p99_ns, lag_max_ns;
 * send_late_ns: how late the client itself sent (its timer wake-up, or the PU taken by the loop).
 * Timed: from the first scheduled request until the client has every reply. Every reply is
 * checked: cheap ones echo their sequence number, heavy ones carry the verified work result.
 * A hang is a stall, never a deadline: the client fails only after STALL_S without a reply while
 * one is due, the loop only after twice that without a request, so a loaded machine (a sanitizer,
 * ctest -j, a neighbour) slows the case down but cannot fail it. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "wt.h"

enum { INLINE, THREAD, POOL };
enum { CHEAP = 1, HEAVY, BYE };
#define GAP_NS 100000ull   /* cheap request period */
#define LAG_NS 1000000ull  /* lag probe period */
#define MAXW 64
#define STALL_S 30 /* no progress for this long is a hang: no machine waits that long for one reply */
#define STALL_NS (STALL_S * 1000000000ull)

typedef struct msg { uint32_t type, pad; uint64_t seq, at, res; } msg;

typedef struct st st;
typedef struct job { /* one heavy request of a run */
    st *s;
    uint64_t seq, res;
    _Atomic int done;
    int replied;
    wt_thread th;
} job;

struct st {
    int mode, nw, loop_pu, pus[MAXW];
    int fd[2], ep, ev, tfd; /* fd[0] the loop's end, fd[1] the client's */
    uint64_t units, seed, expect, t0, iters, nheavy;
    double task_ns;
    wt_pool *pool;
    job *jobs;
    size_t njobs;
    wt_run *r;
    wt_hist lag;
    uint64_t progress;   /* client: when it last got a reply or sent a request */
    _Atomic int stop;    /* the loop has returned: the client gives up at once */
    _Atomic int client_failed;
    char why[160];
    uint64_t heavy_total, sent, send_late; /* send_late: client's own lateness, summed */
};


static void heavy_task(void *arg)
{
    job *j = arg;
    j->res = wt_work(j->s->units, j->s->seed);
    atomic_store_explicit(&j->done, 1, memory_order_release);
    uint64_t one = 1;
    if (write(j->s->ev, &one, sizeof one) != sizeof one)
        atomic_store(&j->s->client_failed, 2); /* cannot happen with a counter below 2^64 - 1 */
}
static void *heavy_thread(void *arg)
{
    heavy_task(arg);
    return NULL;
}

/* Real cost of one task, measured on the caller's PU in setup. */
static int measure_cost(st *s, wt_run *r)
{
    s->task_ns = wt_work_cost_ns(s->units, s->seed, &s->expect);
    return s->task_ns < 0 ? wt_fail(r, "wt_work is not a pure function of (units, seed)") : 0;
}

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    static const char *const modes[] = {"inline", "thread", "pool"};
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    s->fd[0] = s->fd[1] = s->ep = s->ev = s->tfd = -1;
    *state = s;
    const char *m = wt_arg(ctx, "mode");
    for (s->mode = 0; s->mode < 3 && strcmp(m, modes[s->mode]); s->mode++)
        ;
    if (s->mode == 3)
        return wt_fail(r, "unknown mode '%s'", m);
    s->loop_pu = ctx->pu[0];
    s->nw = ctx->npus - 1 < MAXW ? ctx->npus - 1 : MAXW;
    for (int k = 0; k < s->nw; k++)
        s->pus[k] = ctx->pu[0] < 0 ? -1 : wt_pu(1 + k);
    s->units = wt_work_units_for((double)wt_arg_int(ctx, "heavy_ns", 1000000));
    s->seed = 0xbeef;
    if (measure_cost(s, r) < 0)
        return WT_RFAIL;
    wt_sample_min(r, 4e-9 * s->task_ns); /* a sample spans two heavy periods: the heavy work is in it */
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, s->fd) < 0)
        return wt_error(r, errno, "socketpair");
    if ((s->ep = epoll_create1(EPOLL_CLOEXEC)) < 0 || (s->ev = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0 ||
        (s->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0)
        return wt_error(r, errno, "epoll, eventfd or timerfd");
    int fds[3] = {s->fd[0], s->ev, s->tfd};
    for (int i = 0; i < 3; i++) {
        struct epoll_event e = {.events = EPOLLIN, .data.fd = fds[i]};
        if (epoll_ctl(s->ep, EPOLL_CTL_ADD, fds[i], &e) < 0)
            return wt_error(r, errno, "epoll_ctl");
    }
    if (s->mode == POOL) {
        wt_pool_opts o = {.nworkers = s->nw, .pus = ctx->pu[0] < 0 ? NULL : s->pus, .queue = 256, .spin_ns = 50000};
        int rc = wt_pool_create(&s->pool, &o);
        if (rc < 0)
            return wt_error(r, -rc, "starting the pool");
    }
    return 0;
}

static void client_fail(st *s, const char *why)
{
    int zero = 0;
    if (atomic_compare_exchange_strong(&s->client_failed, &zero, 1))
        snprintf(s->why, sizeof s->why, "client: %s", why);
}

/* Read every reply that is there: 0, or -1 after client_fail. */
static int drain(st *s, wt_hist *h, uint64_t *gotc, uint64_t *goth)
{
    msg m;
    ssize_t n;
    while ((n = recv(s->fd[1], &m, sizeof m, MSG_DONTWAIT)) == sizeof m) {
        uint64_t t = wt_now_ns();
        s->progress = t;
        if (m.type == CHEAP && m.seq == *gotc) {
            wt_hist_add(h, t - m.at);
            (*gotc)++;
        } else if (m.type == HEAVY && m.seq < s->nheavy && m.res == s->expect) {
            (*goth)++;
        } else {
            client_fail(s, "a reply out of sequence or with a wrong result");
            return -1;
        }
    }
    if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        client_fail(s, n == 0 ? "the loop closed the socket" : "a short or failed receive");
        return -1;
    }
    return 0;
}

/* 0 while the loop may still answer; -1 after client_fail when it stalled or has returned. */
static int stalled(st *s)
{
    if (atomic_load(&s->stop)) {
        client_fail(s, "the loop returned before every reply came");
        return -1;
    }
    if (wt_now_ns() - s->progress > STALL_NS) {
        char why[96];
        snprintf(why, sizeof why, "no reply for %d s while one was due (the loop or a worker hung)", STALL_S);
        client_fail(s, why);
        return -1;
    }
    return 0;
}

/* Send m without ever blocking while replies wait: a client behind schedule sends back to back,
 * and once both socket buffers fill the loop blocks sending a reply; a client blocked sending a
 * request would then deadlock with it. A full buffer is met by reading replies instead. */
static int client_send(st *s, const msg *m, wt_hist *h, uint64_t *gotc, uint64_t *goth)
{
    for (;;) {
        if (send(s->fd[1], m, sizeof *m, MSG_DONTWAIT | MSG_NOSIGNAL) == sizeof *m) {
            s->progress = wt_now_ns();
            return 0;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            client_fail(s, "send failed");
            return -1;
        }
        if (drain(s, h, gotc, goth) < 0 || stalled(s) < 0)
            return -1;
        struct pollfd pf = {.fd = s->fd[1], .events = POLLIN | POLLOUT};
        poll(&pf, 1, 100);
    }
}

/* The client: sends on schedule, collects replies, then says BYE. Runs on the loop's PU. */
static void *client(void *arg)
{
    st *s = arg;
    wt_hist *h = wt_run_hist(s->r);
    prctl(PR_SET_TIMERSLACK, 1UL); /* wake on time, not up to 50 us late */
    uint64_t heavy_gap = 2 * (uint64_t)(s->task_ns > 1 ? s->task_ns : 1), nc = 0, nh = 0, gotc = 0, goth = 0;
    s->progress = wt_now_ns();
    while (gotc < s->iters || goth < s->nheavy) {
        uint64_t now = wt_now_ns(), tc = s->t0 + nc * GAP_NS, th = s->t0 + heavy_gap / 4 + nh * heavy_gap;
        if (stalled(s) < 0)
            break;
        int hv = nh < s->nheavy && (nc >= s->iters || th < tc), more = hv || nc < s->iters;
        /* nothing left to send: wait for replies, waking now and then to look for a stall */
        uint64_t next = hv ? th : more ? tc : now + 100000000ull;
        if (more && now >= next) {
            msg m = {.type = hv ? HEAVY : CHEAP, .seq = hv ? nh++ : nc++, .at = next};
            if (!hv) {
                s->sent++;
                s->send_late += now - next;
            }
            if (client_send(s, &m, h, &gotc, &goth) < 0)
                break;
            continue;
        }
        uint64_t w = next - now < 100000000ull ? next - now : 100000000ull; /* stop is seen within 0.1 s */
        struct timespec ts = {(time_t)(w / 1000000000u), (long)(w % 1000000000u)};
        struct pollfd pf = {.fd = s->fd[1], .events = POLLIN};
        if (ppoll(&pf, 1, &ts, NULL) <= 0)
            continue;
        if (drain(s, h, &gotc, &goth) < 0)
            break;
    }
    msg bye = {.type = BYE};
    s->progress = wt_now_ns();
    if (!atomic_load(&s->stop) && client_send(s, &bye, h, &gotc, &goth) < 0) /* none reads it after stop */
        client_fail(s, "send of BYE failed");
    return NULL;
}

/* Start the heavy request seq the configured way; 0 or WT_R*. */
static int heavy(st *s, wt_run *r, uint64_t seq)
{
    if (seq >= s->nheavy)
        return wt_fail(r, "heavy request %llu was never scheduled", (unsigned long long)seq);
    job *j = &s->jobs[seq];
    j->seq = seq;
    int rc = 0;
    switch (s->mode) {
    case INLINE:
        heavy_task(j);
        break;
    case THREAD:
        rc = wt_thread_start(&j->th, s->pus[seq % (uint64_t)s->nw], heavy_thread, j);
        break;
    case POOL:
        rc = wt_pool_submit(s->pool, heavy_task, j);
        break;
    }
    return rc < 0 ? wt_error(r, -rc, "starting heavy work") : 0;
}

/* Reply to every heavy request whose work has completed. */
static int reply_done(st *s, wt_run *r)
{
    for (uint64_t i = 0; i < s->nheavy; i++) {
        job *j = &s->jobs[i];
        if (j->replied || !atomic_load_explicit(&j->done, memory_order_acquire))
            continue;
        if (j->th.started && wt_thread_join(&j->th, STALL_S) < 0)
            return wt_fail(r, "a heavy thread hung after finishing its work");
        msg m = {.type = HEAVY, .seq = j->seq, .res = j->res};
        if (send(s->fd[0], &m, sizeof m, 0) != sizeof m)
            return wt_error(r, errno, "loop send");
        j->replied = 1;
    }
    return 0;
}

/* The event loop; returns 0 when the client said BYE, or WT_R*. The client stops after STALL_S
 * without a reply and says BYE; only a client that stopped for twice that fails the loop. */
static int loop(st *s, wt_run *r)
{
    uint64_t fired = 0, heard = wt_now_ns(); /* heard: the last request or finished heavy task */
    for (;;) {
        struct epoll_event e[4];
        int n = epoll_wait(s->ep, e, 4, 100);
        if (n < 0 && errno != EINTR)
            return wt_error(r, errno, "epoll_wait");
        uint64_t now = wt_now_ns();
        if (now - heard > 2 * STALL_NS) /* the lag timer fires every 1 ms: n says nothing */
            return wt_fail(r, "no request from the client for %d s (the client hung)", 2 * STALL_S);
        for (int i = 0; i < n; i++) {
            int fd = e[i].data.fd;
            if (fd != s->tfd)
                heard = now;
            if (fd == s->tfd) {
                uint64_t k;
                if (read(s->tfd, &k, sizeof k) == sizeof k) {
                    fired += k;
                    uint64_t now = wt_now_ns(), due = s->t0 + fired * LAG_NS;
                    wt_hist_add(&s->lag, now > due ? now - due : 0);
                }
            } else if (fd == s->ev) {
                uint64_t k;
                if (read(s->ev, &k, sizeof k) == sizeof k && reply_done(s, r) < 0)
                    return WT_RFAIL;
            } else {
                msg m;
                while (recv(s->fd[0], &m, sizeof m, MSG_DONTWAIT) == sizeof m) {
                    if (m.type == BYE)
                        return 0;
                    if (m.type == HEAVY) {
                        if (heavy(s, r, m.seq) < 0 || (s->mode == INLINE && reply_done(s, r) < 0))
                            return WT_RFAIL;
                    } else if (send(s->fd[0], &m, sizeof m, 0) != sizeof m) {
                        return wt_error(r, errno, "loop send");
                    }
                }
            }
        }
    }
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    s->r = r;
    s->iters = iters;
    uint64_t heavy_gap = 2 * (uint64_t)(s->task_ns > 1 ? s->task_ns : 1), span = iters * GAP_NS;
    s->nheavy = span > heavy_gap / 4 ? (span - heavy_gap / 4 + heavy_gap - 1) / heavy_gap : 0;
    if (s->nheavy > s->njobs) {
        free(s->jobs);
        s->njobs = 0;
        if (!(s->jobs = malloc(s->nheavy * sizeof *s->jobs)))
            return wt_error(r, ENOMEM, "heavy jobs");
        s->njobs = s->nheavy;
    }
    for (uint64_t i = 0; i < s->nheavy; i++)
        s->jobs[i] = (job){.s = s};
    wt_hist_reset(&s->lag);
    atomic_store(&s->client_failed, 0);
    atomic_store(&s->stop, 0);
    s->t0 = wt_now_ns() + 200000; /* the client is running before the first request is due */
    struct itimerspec its = {.it_interval = {0, (long)LAG_NS},
                             .it_value = {(time_t)((s->t0 + LAG_NS) / 1000000000u), (long)((s->t0 + LAG_NS) % 1000000000u)}};
    if (timerfd_settime(s->tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
        return wt_error(r, errno, "timerfd_settime");
    wt_thread cl;
    int rc = wt_thread_start(&cl, s->loop_pu, client, s);
    if (rc < 0)
        return wt_error(r, -rc, "starting the client thread");
    int lrc = loop(s, r);
    atomic_store(&s->stop, 1); /* a failed loop: the client gives up within 0.1 s */
    if (wt_thread_join(&cl, STALL_S) < 0)
        return wt_fail(r, "the client thread hung (left detached)");
    uint64_t end = wt_now_ns();
    struct itimerspec off = {{0, 0}, {0, 0}};
    timerfd_settime(s->tfd, 0, &off, NULL);
    for (uint64_t i = 0; i < s->nheavy; i++) /* a failed loop may leave work running */
        if (s->jobs[i].th.started && wt_thread_join(&s->jobs[i].th, STALL_S) < 0)
            return wt_fail(r, "a heavy thread hung (left detached)");
    if (s->pool && wt_pool_drain(s->pool, STALL_S) < 0)
        return wt_fail(r, "the pool did not finish the heavy work (a worker hung)");
    if (lrc < 0)
        return lrc;
    if (atomic_load(&s->client_failed))
        return wt_fail(r, "%s", s->why);
    s->heavy_total += s->nheavy;
    wt_counter(r, "task_ns", s->task_ns, 0);
    wt_counter(r, "heavy_tasks", (double)s->heavy_total, 0);
    wt_counter(r, "lag_mean_ns", s->lag.count ? (double)s->lag.sum / (double)s->lag.count : 0, 0);
    wt_counter(r, "lag_p99_ns", (double)wt_hist_quantile(&s->lag, 0.99), 0);
    wt_counter(r, "lag_max_ns", (double)s->lag.max, 0);
    wt_counter(r, "send_late_ns", s->sent ? (double)s->send_late / (double)s->sent : 0, 0);
    return (int64_t)(end - s->t0);
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    if (wt_pool_destroy(s->pool, 10) < 0)
        return; /* a hung worker may still touch the state */
    int fds[5] = {s->fd[0], s->fd[1], s->ep, s->ev, s->tfd};
    for (int i = 0; i < 5; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(s->jobs);
    free(s);
}

static const wt_param params[] = {
    {"mode", "inline,thread,pool", "inline,thread,pool"},
    {"heavy_ns", "10000000", "100000,1000000,10000000"},
    {0},
};

const wt_case wt_case_pool_responsive = {
    .name = "pool.responsive",
    .summary = "cheap requests to an epoll loop while heavy work runs inline, per thread or on the pool, ns latency",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
