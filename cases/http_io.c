/* http.io: does offloading help an I/O-bound handler? (DESIGN.md claim 7: workers do not help
 * I/O-bound work, the event loop's asynchronous I/O already serves it.) The same servers as
 * http.replay (wt.h, "http family"); "/io" answers after a 5 ms timer: on the event loop (mode
 * inline: a timerfd in the epoll set, setTimeout for node), on a new thread per request (thread: a
 * pthread that sleeps, a Worker whose own timer waits) or on the pool (pool: the suite's wt_pool,
 * piscina for node, sized for CPU work as for http.replay: one worker per offload PU, each waiting
 * out one request at a time). Each answer carries the time waited; under half of 5 ms is a 500,
 * which fails the window. One repetition is one window (WT_WINDOW): wrk drives "/io" over 8
 * connections. Placement: cases/http.h. Setup (untimed): start the server, warm "/" (16 requests)
 * and "/io" (8). real_time: ns per /io request at that load (1 / throughput). Counters:
 * io_per_second, io_p50_ns, io_p99_ns (wrk's). */
#include <errno.h>
#include <stdlib.h>
#include "http.h"
#include "wt.h"

typedef struct st {
    wt_httpd *srv;
    int client_pu;
    double window_s;
} st;

static const wt_param params[] = {
    {"server", "node", "c,node"},
    {"mode", "inline,pool", "inline,thread,pool"},
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
    s->window_s = ctx->duration_s;
    rc = wt_httpd_start(&s->srv, ctx, r, &cfg);
    if (rc < 0 || (rc = wt_httpd_warm(s->srv, r, "/", 16, 4, 30)) < 0)
        return rc;
    return wt_httpd_warm(s->srv, r, "/io", 8, 8, 30);
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    wt_wrk_opts o = {.path = "/io", .conns = 8, .threads = 1, .seconds = s->window_s, .timeout_s = 2,
                     .npus = 1, .pus = {s->client_pu}};
    wt_wrk w;
    int rc = wt_wrk_run(s->srv, r, &o, &w);
    if (rc < 0)
        return rc;
    wt_counter(r, "io_per_second", w.per_second, 0);
    wt_counter(r, "io_p50_ns", w.p50_ns, 0);
    wt_counter(r, "io_p99_ns", w.p99_ns, 0);
    return (int64_t)(1e9 / w.per_second);
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    wt_httpd_stop(s->srv);
    free(s);
}

const wt_case wt_case_http_io = {
    .name = "http.io",
    .summary = "an I/O-bound handler (a 5 ms timer) inline or offloaded, over real HTTP: ns per /io request at 8 connections",
    .min_pus = 2,
    .flags = WT_WINDOW,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
