/* pingpong.c: the driver of the msg.<mech> cases: an echo between the caller (side 0, pinned by the
 * harness to ctx->pu[0]) and a peer (side 1: a thread or a forked child pinned to ctx->pu[1]) over
 * a channel that the case supplies (wt_pp_ops). One iteration is one round trip of `bytes` bytes
 * each way; manual time is the sum of the round trips, ns.
 *
 * Timed region: writing the sequence number into the message, send, the peer's receive and echo,
 * recv, the head/tail/slot check. Blocking mechanisms read the clock after each round trip and
 * fill the histogram; spin mechanisms (sub-us round trips) are timed as one batch.
 * Checks: every message carries its sequence number at the head and the tail, and the caller also
 * writes it into a slot that moves through the message; the peer checks head and tail, the caller
 * all three and then compares the echo byte for byte with what it sent, with the clock stopped:
 * every echo of a blocking mechanism, every 64th of a spin one (two clock reads would be a third
 * of an 8-byte spin round trip); an 8-byte message is all head, so the word checks cover it.
 * CPU time (cpu_ns_per_msg, per round trip, both sides): the caller's thread CPU clock plus the
 * peer's (its thread CPU clock via pthread_getcpuclockid, or the child process's CPU clock via
 * clock_getcpuclockid: user + system, read while it lives, so no reaping is needed), read just
 * outside the timed loop; the caller's byte-for-byte compares are taken out (pure caller CPU,
 * measured by the wall clock around them). A peer that spins while the caller compares keeps
 * that time: spinning while there is nothing to receive is the price of spinning. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wt.h"

#define STOP UINT64_MAX /* the sequence number that ends the peer */
#define WARMUP 32       /* round trips in setup, not timed */

typedef struct ctl { /* written by the peer, read by the caller: shared memory */
    _Atomic int done;            /* the peer left its loop; err and what are then valid */
    int err;                     /* positive errno of the peer's failed call, 0 */
    char what[48];
    _Atomic uint64_t bad, badgot; /* the first wrong message the peer saw: expected, got */
    _Atomic int migrated;
} ctl;

typedef struct pp {
    const wt_pp_ops *ops;
    wt_pp_cfg cfg;
    int pu1, spin;
    unsigned char *region;
    size_t rlen;
    ctl *ctl;
    void *ch;
    int opened;
    unsigned char *sbuf, *rbuf, *pbuf; /* caller's send and receive buffers, peer's buffer */
    wt_thread th;
    pid_t pid;
    clockid_t peer_clock;
    uint64_t seq, slot, nslots; /* last sequence number sent; moving slot (8-byte words) */
    uint64_t cpu, ns;           /* summed over this instance's runs */
    uint64_t killat;            /* test knob: a process peer SIGKILLs itself at this message (0: never) */
} pp;

static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }
static uint64_t get64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* ---- the tick: SIGURG to one thread, so that blocking calls return EINTR --------------------- */
static void on_tick(int sig) { (void)sig; }

static int tick_start(timer_t *tm)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_tick; /* no SA_RESTART: an interrupted read returns EINTR */
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGURG, &sa, NULL) < 0)
        return -errno;
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = SIGURG;
    ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
    if (timer_create(CLOCK_MONOTONIC, &ev, tm) < 0)
        return -errno;
    struct itimerspec it = {{0, (long)WT_PP_TICK_NS}, {0, (long)WT_PP_TICK_NS}};
    if (timer_settime(*tm, 0, &it, NULL) < 0) {
        int e = errno;
        timer_delete(*tm);
        return -e;
    }
    return 0;
}

int wt_pp_tick_timeout(unsigned *ticks)
{
    return ++*ticks * WT_PP_TICK_NS >= WT_PP_TIMEOUT_NS ? -ETIMEDOUT : 0;
}

void wt_pp_deadline(int clock, struct timespec *ts)
{
    clock_gettime(clock, ts);
    ts->tv_sec += (time_t)(WT_PP_TIMEOUT_NS / 1000000000ull);
    ts->tv_nsec += (long)(WT_PP_TIMEOUT_NS % 1000000000ull);
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* ---- the peer --------------------------------------------------------------------------------- */
static int peer_loop(pp *s)
{
    const wt_pp_ops *o = s->ops;
    size_t len = s->cfg.bytes;
    unsigned char *b = s->pbuf;
    timer_t tm;
    int rc = 0, tick = 0;
    const char *what = "receiving";
    if (!wt_on_pu(s->pu1))
        atomic_store(&s->ctl->migrated, 1);
    if ((o->flags & WT_PP_TICK) && (rc = tick_start(&tm)) < 0)
        what = "starting the tick timer";
    tick = rc == 0 && (o->flags & WT_PP_TICK);
    for (uint64_t expect = 1; rc == 0; expect++) {
        if ((rc = o->recv(s->ch, 1, b, len)) < 0) {
            what = "receiving";
            break;
        }
        uint64_t seq = get64(b), tail = get64(b + len - 8);
        if (seq == STOP)
            break;
        if ((seq != expect || tail != seq) && !atomic_load_explicit(&s->ctl->bad, memory_order_relaxed)) {
            atomic_store(&s->ctl->badgot, seq != expect ? seq : tail);
            atomic_store(&s->ctl->bad, expect);
        }
        expect = seq;
        if (s->killat && seq == s->killat && s->cfg.process)
            raise(SIGKILL); /* WTBENCH_TEST_FAULT=killpeer:...: dies mid-message, before its echo */
        if ((rc = o->send(s->ch, 1, b, len)) < 0)
            what = "sending";
    }
    if (tick)
        timer_delete(tm);
    if (!wt_on_pu(s->pu1))
        atomic_store(&s->ctl->migrated, 1);
    s->ctl->err = rc < 0 ? -rc : 0;
    snprintf(s->ctl->what, sizeof s->ctl->what, "%s", what);
    atomic_store_explicit(&s->ctl->done, 1, memory_order_release);
    return rc < 0;
}

static void *peer_thread(void *arg)
{
    peer_loop(arg);
    return NULL;
}

static int peer_child(void *arg) { return peer_loop(arg); }

/* ---- setup, run, teardown --------------------------------------------------------------------- */
int wt_pp_setup(const wt_ctx *ctx, wt_run *r, void **state, const wt_pp_ops *ops)
{
    pp *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    s->ops = ops;
    s->pid = -1;
    s->pu1 = ctx->pu[1];
    s->spin = (ops->flags & WT_PP_SPIN) != 0;
    const char *peer = wt_arg(ctx, "peer"), *fault = getenv("WTBENCH_TEST_FAULT");
    if (fault && !strncmp(fault, "killpeer:", 9) && (!strcmp(fault + 9, ctx->c->name) || !strcmp(fault + 9, ctx->name)))
        s->killat = WARMUP + 3; /* after the setup warm-up, inside the timed samples */
    s->cfg.process = peer && !strcmp(peer, "process");
    int64_t len = wt_arg_int(ctx, "bytes", 8);
    if (len < 8 || len > (1 << 30))
        return wt_fail(r, "bytes %lld: expected 8 B (the sequence number) to 1 GiB", (long long)len);
    s->cfg.bytes = (size_t)len;
    if (s->spin && ctx->place && !strcmp(ctx->place, "pu"))
        return wt_skip(r, "spin-only waits on one PU: the peer runs only when the spinner's timeslice ends");
    if (s->cfg.process && wt_sanitizer() && !strcmp(wt_sanitizer(), "thread"))
        return wt_skip(r, "a process peer needs fork(), which the thread sanitizer's runtime does not survive");

    size_t alen = ((size_t)len + 63) & ~(size_t)63;
    s->sbuf = aligned_alloc(64, alen);
    s->rbuf = aligned_alloc(64, alen);
    s->pbuf = aligned_alloc(64, alen);
    if (!s->sbuf || !s->rbuf || !s->pbuf)
        return wt_error(r, ENOMEM, "message buffers");
    uint64_t x = 0x9E3779B97F4A7C15ull ^ (uint64_t)len; /* a payload that is not all zeroes */
    for (size_t i = 0; i < (size_t)len; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        s->sbuf[i] = (unsigned char)x;
    }
    memset(s->rbuf, 0, alen);
    s->nslots = (uint64_t)len / 8;

    size_t clen = ops->size(&s->cfg);
    s->rlen = 4096 + ((clen + 4095) & ~(size_t)4095);
    if (!(s->region = wt_shared_alloc(s->rlen)))
        return wt_error(r, errno, "shared memory for the channel");
    s->ctl = (ctl *)s->region;
    s->ch = s->region + 4096;
    s->opened = 1;
    int rc = ops->open(s->ch, &s->cfg, r);
    if (rc < 0)
        return rc;

    if (s->cfg.process) {
        pid_t p = wt_child_start(s->pu1, peer_child, s);
        if (p < 0)
            return wt_error(r, (int)-p, "fork of the peer");
        s->pid = p;
        if ((rc = clock_getcpuclockid(p, &s->peer_clock)) != 0)
            return wt_error(r, rc, "clock_getcpuclockid of the peer");
    } else {
        if ((rc = wt_thread_start(&s->th, s->pu1, peer_thread, s)) < 0)
            return wt_error(r, -rc, "starting the peer thread");
        if ((rc = pthread_getcpuclockid(s->th.tid, &s->peer_clock)) != 0)
            return wt_error(r, rc, "pthread_getcpuclockid of the peer");
    }
    /* Warm-up, outside any timed region: the peer starts running, both sides fault in their
     * buffers and the channel. Then forget its samples. */
    int64_t w = wt_pp_run(s, r, WARMUP);
    if (w < 0)
        return (int)w;
    wt_hist_reset(wt_run_hist(r));
    s->cpu = s->ns = 0;
    return 0;
}

static uint64_t cpu_both(const pp *s)
{
    struct timespec ts = {0, 0};
    clock_gettime(s->peer_clock, &ts);
    return wt_thread_cpu_ns() + (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* 'T' when the process is stopped (SIGSTOP, a debugger), else its /proc state letter or '?'. */
static char proc_state(pid_t pid)
{
    char p[64], buf[512];
    snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(p, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    char *close = strrchr(buf, ')');
    return close && close[1] == ' ' ? close[2] : '?';
}

/* Report a failed send/recv of message seq. A process peer that died or stopped is named as the
 * reason: the result FAILs with it, the case's other results go on. */
static int64_t failed(pp *s, wt_run *r, int rc, const char *what, uint64_t seq)
{
    int st;
    if (s->pid > 0 && waitpid(s->pid, &st, WNOHANG) == s->pid) {
        s->pid = -1; /* reaped: teardown has nothing to wait for */
        if (WIFSIGNALED(st))
            return wt_fail(r, "%s message %llu: the peer process was killed by signal %d (%s)", what,
                           (unsigned long long)seq, WTERMSIG(st), strsignal(WTERMSIG(st)));
        return wt_fail(r, "%s message %llu: the peer process exited with status %d", what, (unsigned long long)seq,
                       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    if (s->pid > 0 && rc == -ETIMEDOUT && proc_state(s->pid) == 'T')
        return wt_fail(r, "%s message %llu: the peer process is stopped and was silent for %.0f s", what,
                       (unsigned long long)seq, WT_PP_TIMEOUT_NS * 1e-9);
    if (rc == -EMSGSIZE)
        return wt_skip(r, "this mechanism cannot carry %zu-byte messages here (EMSGSIZE)", s->cfg.bytes);
    if (atomic_load_explicit(&s->ctl->done, memory_order_acquire) && s->ctl->err)
        return wt_error(r, s->ctl->err, s->ctl->what[0] ? s->ctl->what : "the peer");
    if (rc == -ETIMEDOUT)
        return wt_fail(r, "%s message %llu: the peer was silent for %.0f s (hung or gone)", what,
                       (unsigned long long)seq, WT_PP_TIMEOUT_NS * 1e-9);
    if (rc == -EBADMSG)
        return wt_fail(r, "%s message %llu: wrong size, expected %zu bytes", what, (unsigned long long)seq,
                       s->cfg.bytes);
    return wt_error(r, -rc, what);
}

int64_t wt_pp_run(void *state, wt_run *r, uint64_t iters)
{
    pp *s = state;
    const wt_pp_ops *o = s->ops;
    wt_hist *h = wt_run_hist(r);
    size_t len = s->cfg.bytes;
    unsigned char *sb = s->sbuf, *rb = s->rbuf;
    void *ch = s->ch;
    timer_t tm;
    int rc = 0, bad = 0;
    const char *what = "sending";
    if ((o->flags & WT_PP_TICK) && (rc = tick_start(&tm)) < 0)
        return wt_error(r, -rc, "starting the tick timer");

    /* sum: the timed ns (the round trips); paused: the caller's full compares taken out of it */
    uint64_t seq = s->seq, slot = s->slot, step = s->nslots > 7 ? 7 : 1, sum = 0, paused = 0;
    uint64_t c0 = cpu_both(s), t0 = wt_now_ns(), t = t0;
    for (uint64_t i = 0; i < iters; i++) {
        seq++;
        slot += step;
        if (slot >= s->nslots)
            slot -= s->nslots;
        put64(sb, seq);
        put64(sb + len - 8, seq);
        put64(sb + slot * 8, seq);
        if ((rc = o->send(ch, 0, sb, len)) < 0)
            break;
        if ((rc = o->recv(ch, 0, rb, len)) < 0) {
            what = "receiving the echo of";
            break;
        }
        uint64_t t2 = 0;
        if (!s->spin) {
            t2 = wt_now_ns();
            wt_hist_add(h, t2 - t);
            sum += t2 - t;
            t = t2;
        }
        if (get64(rb) != seq || get64(rb + len - 8) != seq || get64(rb + slot * 8) != seq) {
            bad = 1;
            break;
        }
        /* Every echo of a blocking mechanism, every 64th of a spin one, is compared whole, with
         * the clock stopped: the check is not part of the message's cost. */
        if (s->nslots > 1 && (!s->spin || (seq & 63) == 0)) {
            if (s->spin)
                t2 = wt_now_ns();
            if (memcmp(sb, rb, len) != 0) {
                bad = 2;
                break;
            }
            t = wt_now_ns();
            paused += t - t2;
        }
    }
    uint64_t wall = wt_now_ns() - t0;
    if (s->spin)
        sum = wall - paused;
    uint64_t c1 = cpu_both(s);
    if (o->flags & WT_PP_TICK)
        timer_delete(tm);
    s->seq = seq;
    s->slot = slot;

    if (rc < 0)
        return failed(s, r, rc, what, seq);
    if (bad == 1)
        return wt_fail(r, "echo of message %llu came back as head %llu, tail %llu, word %llu: %llu",
                       (unsigned long long)seq, (unsigned long long)get64(rb),
                       (unsigned long long)get64(rb + len - 8), (unsigned long long)slot,
                       (unsigned long long)get64(rb + slot * 8));
    if (bad == 2) {
        size_t k = 0;
        while (sb[k] == rb[k])
            k++;
        return wt_fail(r, "echo of message %llu differs from what was sent at byte %zu of %zu",
                       (unsigned long long)seq, k, len);
    }
    if (sum + paused > wall) /* the samples are disjoint slices of the loop: never more than it */
        return wt_fail(r, "driver bug: %llu ns of samples in a %llu ns loop", (unsigned long long)sum,
                       (unsigned long long)wall);
    uint64_t pb = atomic_load(&s->ctl->bad);
    if (pb)
        return wt_fail(r, "the peer expected message %llu and received %llu", (unsigned long long)pb,
                       (unsigned long long)atomic_load(&s->ctl->badgot));
    s->cpu += c1 > c0 + paused ? c1 - c0 - paused : 0; /* the compares are the caller's pure CPU */
    s->ns += sum;
    wt_counter(r, "one_way_ns", (double)s->ns / 2, WT_CTR_PER_ITER);
    wt_counter(r, "cpu_ns_per_msg", (double)s->cpu, WT_CTR_PER_ITER);
    return (int64_t)sum;
}

void wt_pp_teardown(void *state)
{
    pp *s = state;
    if (!s)
        return;
    int live = s->pid > 0 || s->th.started;
    if (live && !atomic_load_explicit(&s->ctl->done, memory_order_acquire)) {
        put64(s->sbuf, STOP);
        put64(s->sbuf + s->cfg.bytes - 8, STOP);
        s->ops->send(s->ch, 0, s->sbuf, s->cfg.bytes); /* a peer that misses it times out */
    }
    /* A peer gives up after WT_PP_TIMEOUT_NS of silence: twice that is plenty. A hung one is left
     * detached (thread) or killed (child); the harness then reports the leak. */
    int hung = 0;
    if (s->pid > 0 && proc_state(s->pid) == 'T')
        kill(s->pid, SIGKILL); /* a stopped peer would never read the stop message */
    if (s->pid > 0 && wt_child_wait(s->pid, 2 * WT_PP_TIMEOUT_NS * 1e-9) == -ETIMEDOUT)
        hung = 0; /* killed and reaped by wt_child_wait */
    else if (s->th.started)
        hung = wt_thread_join(&s->th, 2 * WT_PP_TIMEOUT_NS * 1e-9) == -ETIMEDOUT;
    if (live && atomic_load(&s->ctl->migrated))
        wt_note_migration();
    if (hung) { /* a detached peer may still use the channel and its buffer: leak them */
        free(s->sbuf);
        free(s->rbuf);
        free(s);
        return;
    }
    if (s->opened)
        s->ops->close(s->ch);
    wt_shared_free(s->region, s->rlen);
    free(s->pbuf);
    free(s->sbuf);
    free(s->rbuf);
    free(s);
}
