/* http.h: what the http family's cases (cases/http_*.c) share (a header, not a case). Placement
 * and the server's configuration from the case's parameters; the harness side is in wt.h ("http
 * family"): the servers, wrk, the client.
 *
 * Placement, for every http case: the server's (first) event loop on the case's first PU; its
 * offloaded work on the second; the clients (wrk, the case's own client) on a third PU when the
 * case may use one, else beside the event loop: on the second PU they would share it with the
 * offloaded CPU loop (wrk's latency would then be its own wait for a CPU), while beside the event
 * loop they share a loop that answers at once, or (inline) one that cannot answer anyway. Scaling
 * (http.scale) is different: the server has an event loop on every PU and wrk may run on any. */
#ifndef HTTP_H
#define HTTP_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "wt.h"

/* A PU of this process that is neither of the case's two, else the case's first; -1 unpinned. */
static inline int http_client_pu(const wt_ctx *ctx)
{
    if (ctx->pu[0] < 0)
        return -1;
    for (int i = 0; i < ctx->npus && i < 256; i++) {
        int pu = wt_pu(i);
        if (pu >= 0 && pu != ctx->pu[0] && pu != ctx->pu[1])
            return pu;
    }
    return ctx->pu[0];
}

/* The server of an offload case (http.replay, http.io): one loop on pu[0], offloaded work on pu[1]. */
static inline void http_offload_cfg(const wt_ctx *ctx, wt_httpd_cfg *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->server = wt_arg(ctx, "server");
    cfg->mode = wt_arg(ctx, "mode");
    cfg->kind = "thread";
    cfg->loops = 1;
    cfg->npus = 2;
    cfg->pus[0] = ctx->pu[0];
    cfg->pus[1] = ctx->pu[1];
    cfg->slow_ns = ctx->smoke ? 50e6 : ctx->quick ? 100e6 : 500e6;
    cfg->io_ns = 5e6;
}

/* A case's setup begins here: its state of size bytes, zeroed, in *state (teardown frees it
 * whatever follows); a SKIP before anything starts when there is no wrk. 0, or the result code. */
static inline int http_begin(wt_run *r, void **state, size_t size)
{
    const char *env = getenv("WTBENCH_WRK");
    if (!(*state = calloc(1, size)))
        return wt_error(r, ENOMEM, "state");
    if (wt_wrk_path())
        return 0;
    if (env && *env)
        return wt_skip(r, "WTBENCH_WRK=%s is not an executable wrk", env);
    return wt_skip(r, "wrk not found (Debian's /usr/bin/wrk: apt-get install wrk; or set WTBENCH_WRK)");
}
#endif
