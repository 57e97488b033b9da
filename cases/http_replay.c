/* http.replay: the guides' "/" vs "/slow-page" experiment replayed over real HTTP on TCP loopback
 * (DESIGN.md claim 5). A server (server c: wthttpd, server node: node:http; see wt.h, "http family")
 * answers "/" at once and "/slow-page" after slow_ns of calibrated CPU work (50 ms in smoke, 100 ms
 * in quick mode, 500 ms in full), run on its event loop (mode inline), on a new thread per request
 * (thread: a pthread; a Worker for node) or on a pool (pool: the suite's wt_pool; piscina for node),
 * one worker on the case's second PU. One repetition is one window of load (WT_WINDOW): wrk drives
 * "/" over 4 connections while a client thread of the case keeps one "/slow-page" request in flight
 * from just before wrk starts to its end (so no part of the window is unloaded), and checks every
 * answer against the work's result, computed here in setup. A window holds ten slow pages in
 * quick mode (twenty in smoke); one in which no "/" completed fails saying so. wrk's first requests
 * on its new connections count too: a blocked loop accepts a connection and reads its first
 * request between slow pages, so inline the p99 can reach a few slow pages.
 * Placement: cases/http.h (event loop on the first PU, offloaded work on the second, the clients on
 * a third PU or beside the event loop). Setup (untimed): start the server, compute the expected
 * result, warm "/" (32 requests) and "/slow-page" (one). real_time: "/" p99, ns. Counters: "/"
 * root_p50_ns, root_p99_ns, root_max_ns, root_per_second (wrk's); "/slow-page" slow_p50_ns and
 * slow_per_second (the client's answers completed within the window). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "http.h"
#include "wt.h"

#define MAX_SLOW 4096

typedef struct st {
    wt_httpd *srv;
    int client_pu;
    double slow_ns, get_timeout_s, window_s;
    uint64_t expect;
    wt_thread client;
    _Atomic int stop;
    int err, status, n;     /* the client's first error (-errno) or wrong answer; answers taken */
    uint64_t t_start;       /* when the client sent its first request */
    char body[64];
    uint64_t done_at[MAX_SLOW], lat[MAX_SLOW];
    int client_lost; /* the client thread hung and was left detached: s stays allocated */
} st;

static const wt_param params[] = {
    {"server", "c,node", "c,node"},
    {"mode", "inline,thread,pool", "inline,thread,pool"},
    {0},
};

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    wt_httpd_cfg cfg;
    int rc = http_begin(r, state, sizeof(st));
    st *s = *state;
    if (rc)
        return rc;
    http_offload_cfg(ctx, &cfg);
    s->client_pu = http_client_pu(ctx);
    s->slow_ns = cfg.slow_ns;
    s->window_s = ctx->duration_s;
    /* No answer within ten slow pages, and 10 s more for a loaded machine: a hang. */
    s->get_timeout_s = 10 * s->slow_ns * 1e-9 + 10;
    rc = wt_httpd_start(&s->srv, ctx, r, &cfg);
    if (rc < 0)
        return rc;
    s->expect = wt_httpd_slow_expect(s->srv);
    if ((rc = wt_httpd_warm(s->srv, r, "/", 32, 4, s->get_timeout_s)) < 0)
        return rc;
    return wt_httpd_warm(s->srv, r, "/slow-page", 1, 1, s->get_timeout_s);
}

/* Keep one /slow-page request in flight until stop; check each answer. */
static void *slow_client(void *arg)
{
    st *s = arg;
    int fd = -1;
    s->err = wt_http_connect(wt_httpd_port(s->srv), &fd);
    s->t_start = wt_now_ns();
    while (!s->err && !atomic_load(&s->stop)) {
        uint64_t t0 = wt_now_ns();
        s->err = wt_http_get(fd, "/slow-page", s->get_timeout_s, &s->status, s->body, sizeof s->body);
        uint64_t t1 = wt_now_ns();
        if (!s->err && (s->status != 200 || strtoull(s->body, NULL, 16) != s->expect))
            s->err = -EBADMSG;
        if (!s->err && s->n < MAX_SLOW) {
            s->done_at[s->n] = t1;
            s->lat[s->n++] = t1 - t0;
        }
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    wt_wrk_opts o = {.path = "/", .conns = 4, .threads = 1, .seconds = s->window_s, .npus = 1,
                     .pus = {s->client_pu}};
    /* "/" waits behind at most a slow page or two when the work is inline: well inside wrk's timeout. */
    o.timeout_s = 4 * s->slow_ns * 1e-9 > 2 ? 4 * s->slow_ns * 1e-9 : 2;
    wt_wrk w;
    atomic_store(&s->stop, 0);
    s->n = s->err = 0;
    int rc = wt_thread_start(&s->client, s->client_pu, slow_client, s);
    if (rc < 0)
        return wt_error(r, -rc, "the /slow-page client thread");
    int out = wt_wrk_run(s->srv, r, &o, &w);
    uint64_t t1 = wt_now_ns();
    atomic_store(&s->stop, 1);
    if (wt_thread_join(&s->client, s->get_timeout_s + 5) == -ETIMEDOUT) {
        s->client_lost = 1; /* it still holds s: teardown must not free it */
        return wt_fail(r, "the /slow-page client hung past its own timeout");
    }
    if (out < 0)
        return out;
    if (s->err == -EBADMSG)
        return wt_fail(r, "%s: /slow-page answered %d \"%.20s\", expected 200 and %016llx", wt_httpd_name(s->srv),
                       s->status, s->body, (unsigned long long)s->expect);
    if (s->err)
        return wt_httpd_check(s->srv, r) < 0 ? WT_RFAIL
                                             : wt_fail(r, "/slow-page client: %s", strerror(-s->err));
    int k = 0;
    for (int i = 0; i < s->n; i++)
        if (s->done_at[i] <= t1)
            s->lat[k++] = s->lat[i];
    qsort(s->lat, (size_t)k, sizeof s->lat[0], cmp_u64);
    wt_counter(r, "root_p50_ns", w.p50_ns, 0);
    wt_counter(r, "root_p99_ns", w.p99_ns, 0);
    wt_counter(r, "root_max_ns", w.max_ns, 0);
    wt_counter(r, "root_per_second", w.per_second, 0);
    wt_counter(r, "slow_p50_ns", k ? (double)s->lat[k / 2] : 0, 0);
    wt_counter(r, "slow_per_second", t1 > s->t_start ? (double)k / ((double)(t1 - s->t_start) * 1e-9) : 0, 0);
    return w.p99_ns >= 1 ? (int64_t)w.p99_ns : 1;
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    wt_httpd_stop(s->srv);
    if (!s->client_lost)
        free(s);
}

const wt_case wt_case_http_replay = {
    .name = "http.replay",
    .summary = "the guides' / vs /slow-page over real HTTP: / p99 in ns while /slow-page's CPU work runs inline or offloaded",
    .min_pus = 2,
    .flags = WT_WINDOW,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
