/* http.scale: processes or threads to scale an HTTP server across cores? (DESIGN.md claim 8: node's
 * cluster beats worker threads for scaling; worker threads are for CPU-bound work.) One event loop
 * per PU the case may use (at most 16), loop i pinned to the i-th PU, serving the cheap "/":
 *   server c, mode process: wthttpd's loops are forked processes; mode thread: they are threads.
 *     Either way loop 0 accepts and hands connections round-robin to the others (SCM_RIGHTS), so
 *     only the kind of loop differs;
 *   server node, mode process: node's cluster, a worker process per PU sharing the port (the
 *     primary hands out connections round-robin); mode thread: node 20 cannot share a listening
 *     socket between worker threads (no reusePort before 22.12) and cannot pass one to them, so the
 *     main thread keeps the server and hands every "/" to a worker thread per PU (postMessage there
 *     and back): what "worker threads for an HTTP server" can mean in node.
 * One repetition is one window (WT_WINDOW): wrk (threads: half the loops, at least 1) drives "/"
 * over 8 connections per loop; wrk may run on any of the server's PUs (it takes whichever is free:
 * on a small machine it shares them with the server). Setup (untimed): start the server, warm "/" (48 requests over 2
 * connections per loop). real_time: ns per request (1 / throughput). Counters: req_per_second,
 * req_p99_ns (wrk's). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "http.h"
#include "wt.h"

#define MAX_LOOPS 16

typedef struct st {
    wt_httpd *srv;
    int loops;
    double window_s;
    wt_wrk_opts o;
} st;

static const wt_param params[] = {
    {"server", "node", "c,node"},
    {"mode", "process,thread", "process,thread"},
    {0},
};

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    wt_httpd_cfg cfg;
    int rc = http_begin(r, state, sizeof(st));
    st *s = *state;
    if (rc)
        return rc;
    memset(&cfg, 0, sizeof cfg);
    s->loops = ctx->npus < MAX_LOOPS ? ctx->npus : MAX_LOOPS;
    cfg.server = wt_arg(ctx, "server");
    cfg.mode = "inline";
    cfg.kind = wt_arg(ctx, "mode");
    cfg.loops = s->loops;
    cfg.npus = s->loops;
    for (int i = 0; i < s->loops; i++)
        cfg.pus[i] = ctx->pu[0] < 0 ? -1 : wt_pu(i);
    cfg.slow_ns = 1e6;
    cfg.io_ns = 5e6;
    s->o = (wt_wrk_opts){.path = "/", .conns = 8 * s->loops, .threads = s->loops / 2 > 1 ? s->loops / 2 : 1,
                         .seconds = ctx->duration_s, .timeout_s = 2, .npus = s->loops};
    memcpy(s->o.pus, cfg.pus, sizeof s->o.pus);
    rc = wt_httpd_start(&s->srv, ctx, r, &cfg);
    if (rc < 0)
        return rc;
    return wt_httpd_warm(s->srv, r, "/", 48, 2 * s->loops, 30);
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    wt_wrk w;
    int rc = wt_wrk_run(s->srv, r, &s->o, &w);
    if (rc < 0)
        return rc;
    wt_counter(r, "req_per_second", w.per_second, 0);
    wt_counter(r, "req_p99_ns", w.p99_ns, 0);
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

const wt_case wt_case_http_scale = {
    .name = "http.scale",
    .summary = "cheap-request throughput of an HTTP server with an event loop per PU, as processes or as threads: ns per request",
    .min_pus = 2,
    .flags = WT_WINDOW,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
