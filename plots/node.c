/* node.c: the judges of the claims as the node cases and the HTTP replay answer them: claims 1 and
 * 2 on Node's own primitives, claim 5 over real HTTP on both servers, claims 7 and 8 (DESIGN.md).
 * Each states its criterion beside the numbers; judge.c gives every headline figure its bootstrap
 * interval and says INCONCLUSIVE when the resamples disagree. No timing here. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "report.h"

#define LAT WT_C_P50 "," WT_F_REAL_TIME
#define ONE_WAY WT_C_ONE_WAY "," WT_C_P50 "," WT_F_REAL_TIME

/* Claim 1 on Node: new Worker against child_process.fork, both to their first message. */
void wt__judge_node_start(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    char a[48], b[48];
    (void)xo, (void)nxo;
    double w = wt__pick(R, f, "node.spawn.worker until:message module:none", LAT, 0, NULL);
    double p = wt__pick(R, f, "node.spawn.process how:fork until:message module:none", LAT, 0, NULL);
    if (isnan(w) || isnan(p))
        return;
    wt__fmt_ns(w, a, sizeof a), wt__fmt_ns(p, b, sizeof b);
    v->state = p >= 2 * w ? WT_V_CONFIRMED : WT_V_REFUTED;
    wt__stat_add(v, "child_process.fork ÷ new Worker", p / w);
    snprintf(v->nums, sizeof v->nums,
             "new Worker to its first message %s; child_process.fork to its first message %s (%.3g×). "
             "Criterion: the process at least 2× the worker.", a, b, p / w);
}

/* Claim 2 on Node, its shared-memory half: Atomics (spin or wait/notify on a SharedArrayBuffer)
 * against message passing (postMessage, MessageChannel), one way, farthest placement. Node has no
 * process-to-process channel among the cases, so the threads-vs-processes half is not judged. */
void wt__judge_node_ipc(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    char a[48], b[48], m1[200], m2[200];
    const wt_rec *ra = NULL, *rb = NULL;
    (void)xo, (void)nxo;
    double sh = wt__pick(R, f, "node.msg.spin place:@far;node.msg.atomics place:@far", ONE_WAY, 0, &ra);
    double mp = wt__pick(R, f, "node.msg.post place:@far;node.msg.channel place:@far", ONE_WAY, 0, &rb);
    if (isnan(sh) || isnan(mp))
        return;
    wt__fmt_ns(sh, a, sizeof a), wt__fmt_ns(mp, b, sizeof b);
    v->state = sh < mp ? WT_V_CONFIRMED : WT_V_REFUTED;
    wt__stat_add(v, "fastest message passing ÷ fastest Atomics", mp / sh);
    snprintf(v->nums, sizeof v->nums,
             "shared memory with Atomics %s one way (%s) against the fastest message passing %s (%s), %.3g×. "
             "Criterion: Atomics faster. Threads against processes is not measured on Node.",
             a, wt__md(ra ? ra->fv : "?", 0, m1, sizeof m1), b, wt__md(rb ? rb->fv : "?", 0, m2, sizeof m2), mp / sh);
}

/* Claim 5 over HTTP: "/" p99 with /slow-page inline against the best offloaded mode, per server. */
void wt__judge_http_block(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    static const char *const srv[] = {"node", "c"};
    static const char *const sname[] = {"node: inline ÷ offloaded \"/\" p99", "C: inline ÷ offloaded \"/\" p99"};
    char part[2][400], pat[96], a[48], b[48];
    int st[2] = {0, 0};
    (void)xo, (void)nxo;
    for (int k = 0; k < 2; k++) {
        const wt_rec *best = NULL;
        part[k][0] = 0;
        snprintf(pat, sizeof pat, "http.replay server:%s mode:inline", srv[k]);
        double in = wt__pick(R, f, pat, WT_C_ROOT_P99 "," WT_F_REAL_TIME, 0, NULL);
        snprintf(pat, sizeof pat, "http.replay server:%s mode:[!i]*", srv[k]);
        double off = wt__pick(R, f, pat, WT_C_ROOT_P99 "," WT_F_REAL_TIME, 0, &best);
        if (isnan(in) || isnan(off) || off <= 0)
            continue;
        st[k] = in >= 10 * off ? WT_V_CONFIRMED : WT_V_REFUTED;
        wt__stat_add(v, sname[k], in / off);
        wt__fmt_ns(in, a, sizeof a), wt__fmt_ns(off, b, sizeof b);
        snprintf(part[k], sizeof part[k], "%s server: \"/\" p99 %s with /slow-page inline, %s offloaded (mode %s), "
                 "%.3g× (**%s**)", k ? "C" : "node", a, b, best ? wt__rec_param(best, WT_P_MODE) : "?", in / off,
                 wt__vname[st[k]]);
    }
    if (!st[0] && !st[1])
        return;
    v->state = !st[0] ? st[1] : !st[1] ? st[0] : st[0] == st[1] ? st[0] : WT_V_PARTLY;
    snprintf(v->nums, sizeof v->nums, "%s%s%s. Criterion: inline at least 10× the offloaded figure, on real "
             "HTTP (wrk on loopback).", part[0], *part[0] && *part[1] ? "; " : "", part[1]);
}

/* Claim 7: an I/O-bound handler offloaded against inline, I/O requests served per second (node's
 * server; the C server's figures when node's are missing). */
void wt__judge_http_io(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    static const char *const srv[] = {"node", "c"};
    char pat[96];
    const wt_rec *best = NULL;
    (void)xo, (void)nxo;
    for (int k = 0; k < 2; k++) {
        snprintf(pat, sizeof pat, "http.io server:%s mode:inline", srv[k]);
        double in = wt__pick(R, f, pat, WT_C_IO_PER_S, 1, NULL);
        snprintf(pat, sizeof pat, "http.io server:%s mode:[!i]*", srv[k]);
        double off = wt__pick(R, f, pat, WT_C_IO_PER_S, 1, &best);
        if (isnan(in) || isnan(off) || in <= 0)
            continue;
        v->state = off <= 1.1 * in ? WT_V_CONFIRMED : WT_V_REFUTED;
        wt__stat_add(v, "offloaded ÷ inline I/O requests per second", off / in);
        snprintf(v->nums, sizeof v->nums,
                 "%s server, I/O-bound handler: inline %.4g requests/s, offloaded (mode %s) %.4g requests/s, "
                 "%.3g×. Criterion: offloading gains at most 10 %%. The pool is sized for CPU work (a worker per offload PU, "
                 "one request at a time each), as a pool sized by the guides' advice is.", k ? "C" : "node", in,
                 best ? wt__rec_param(best, WT_P_MODE) : "?", off, off / in);
        return;
    }
}

/* Claim 8: cheap-request throughput, processes (cluster) against worker threads, node's server; the
 * C server's own processes-vs-threads figure beside it. */
void wt__judge_http_scale(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    (void)xo, (void)nxo;
    double p = wt__pick(R, f, "http.scale server:node mode:process", WT_C_REQ_PER_S, 1, NULL);
    double t = wt__pick(R, f, "http.scale server:node mode:thread", WT_C_REQ_PER_S, 1, NULL);
    double pc = wt__pick(R, f, "http.scale server:c mode:process", WT_C_REQ_PER_S, 1, NULL);
    double tc = wt__pick(R, f, "http.scale server:c mode:thread", WT_C_REQ_PER_S, 1, NULL);
    char c[200] = "";
    if (!isnan(pc) && !isnan(tc) && tc > 0)
        snprintf(c, sizeof c, " The C server, for comparison: processes %.4g, threads %.4g requests/s (%.3g×).", pc,
                 tc, pc / tc);
    if (isnan(p) || isnan(t) || t <= 0)
        return;
    v->state = p >= 1.1 * t ? WT_V_CONFIRMED : WT_V_REFUTED;
    wt__stat_add(v, "cluster ÷ worker threads, requests per second", p / t);
    snprintf(v->nums, sizeof v->nums,
             "node, cheap requests: cluster (processes) %.4g requests/s, worker threads %.4g requests/s, %.3g×. "
             "Criterion: processes at least 1.1× threads. Node 20 can neither share a listening socket between "
             "worker threads nor pass one to them, so its threads serve behind the main thread's server.%s",
             p, t, p / t, c);
}
