/* claims.c: the judges of the claims of DESIGN.md the family table (family.c) names, each on one
 * results file: CONFIRMED / REFUTED / PARTLY CONFIRMED / NOT MEASURED with the numbers behind the
 * verdict and up to three headline figures, whose bootstrap intervals judge.c computes; the picks
 * they use. Every pass over the results is linear. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define LAT WT_C_P50 "," WT_F_REAL_TIME

/* Smallest (or largest) value of ykeys over the records of file f matching pat; the record in *which. */
double wt__pick(const wt_results *R, int f, const char *pat, const char *keys, int largest, const wt_rec **which)
{
    double best = NAN;
    const int *ci;
    int nc = wt__cand(R, pat, &ci);
    for (int k = 0; k < nc; k++) {
        const wt_rec *r = &R->r[ci ? ci[k] : k];
        double y = r->file == f && wt__rec_match(R, r, pat) ? wt__rec_num(r, keys) : NAN;
        if (!isnan(y) && (isnan(best) || (largest ? y > best : y < best))) {
            best = y;
            if (which)
                *which = r;
        }
    }
    return best;
}

/* The value at the smallest or largest numeric value of parameter p (the smallest y there). */
double wt__at_param(const wt_results *R, int f, const char *pat, const char *p, int largest, const char *keys)
{
    double px = NAN, y = NAN;
    const int *ci;
    int nc = wt__cand(R, pat, &ci);
    for (int k = 0; k < nc; k++) {
        const wt_rec *r = &R->r[ci ? ci[k] : k];
        const char *v = r->file == f && wt__rec_match(R, r, pat) ? wt__rec_param(r, p) : NULL;
        double yy = v ? wt__rec_num(r, keys) : NAN, x = v ? atof(v) : NAN;
        if (isnan(yy))
            continue;
        if (isnan(px) || (largest ? x > px : x < px))
            px = x, y = yy;
        else if (x == px && yy < y)
            y = yy;
    }
    return y;
}

void wt__stat_add(wt_verdict *v, const char *name, double x)
{
    if (v->ns < 3) {
        v->sname[v->ns] = name;
        v->stat[v->ns++] = x;
    }
}

#define vname wt__vname
/* Claim 2, two halves with their own verdicts. (a) shared memory with atomics (msg.spin) against the
 * fastest message-passing mechanism between threads; (b) every message-passing mechanism measured
 * with both peers (not spin and spinpark, which are (a)'s shared memory):
 * the geometric mean of process ÷ thread one-way latency, and for how many the thread is faster. */
void wt__judge_ipc(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    static const char *const Y = WT_C_ONE_WAY "," WT_C_P50 "," WT_F_REAL_TIME;
    (void)xo, (void)nxo;
    char a[48], b[48], pa[1000] = "", pb[1400] = "";
    const wt_rec *best = NULL;
    int sa = 0, sb = 0;
    double spin = wt__pick(R, f, "msg.spin peer:thread place:@far", Y, 0, NULL);
    double other = wt__pick(R, f, "msg.[!s]* peer:thread place:@far;msg.s[!p]* peer:thread place:@far", Y, 0, &best);
    char m1[400], m2[400], m3[400];
    if (!isnan(spin) && !isnan(other)) {
        sa = spin < other ? 1 : 2;
        wt__fmt_ns(spin, a, sizeof a), wt__fmt_ns(other, b, sizeof b);
        snprintf(pa, sizeof pa, "(a) shared memory vs message passing **%s**: spin on shared memory %s one-way vs "
                 "the fastest message-passing mechanism between threads %s (%s), %.3g× faster",
                 vname[sa], a, b, wt__md(best ? best->fv : "?", 0, m1, sizeof m1), other / spin);
    }
    /* one pass: per mechanism the smallest thread and process figures (a pick per mechanism was a
     * pass per mechanism, quadratic when a file holds many) */
    typedef struct mech {
        const char *fv;
        double t, q;
    } mech;
    mech *ms = NULL;
    int nm = 0, cap = 0, n = 0, faster = 0;
    json_t *at = json_object();
    /* (b) is about message passing: the mechanisms of (a)'s other side, not spin and spinpark, which
     * poll shared memory (a spinning pair's figure swings with the hypervisor's scheduling of the
     * two vCPUs and told nothing about threads against processes) */
    static const char *const BOTH = "msg.[!s]* peer:thread place:@far;msg.s[!p]* peer:thread place:@far;"
                                    "msg.[!s]* peer:process place:@far;msg.s[!p]* peer:process place:@far";
    const int *ci;
    int nc = wt__cand(R, BOTH, &ci);
    for (int k = 0; at && k < nc; k++) {
        const wt_rec *r = &R->r[ci ? ci[k] : k];
        double y = r->file == f && wt__rec_match(R, r, BOTH)
                       ? wt__rec_num(r, Y) : NAN;
        if (isnan(y))
            continue;
        json_t *k = json_object_get(at, r->fv);
        int j = k ? (int)json_integer_value(k) : nm;
        if (j == nm) {
            mech *nv = nm == cap ? realloc(ms, (size_t)(cap = cap ? 2 * cap : 16) * sizeof *ms) : ms;
            if (!nv || json_object_set_new_nocheck(at, r->fv, json_integer(nm)) < 0) {
                ms = nv ? nv : ms;
                nm = 0;
                break;
            }
            ms = nv;
            ms[nm++] = (mech){r->fv, NAN, NAN};
        }
        double *m = !strcmp(wt__rec_param(r, "peer"), "thread") ? &ms[j].t : &ms[j].q;
        if (!(y >= *m))
            *m = y;
    }
    double lsum = 0, wr = 0, br = INFINITY;
    const char *worst = NULL, *bestm = NULL;
    for (int j = 0; j < nm; j++) {
        double t = ms[j].t, q = ms[j].q;
        if (isnan(t) || isnan(q) || t <= 0 || q <= 0)
            continue;
        n++;
        faster += t < q;
        lsum += log(q / t);
        if (q / t > wr)
            wr = q / t, worst = ms[j].fv;
        if (q / t < br)
            br = q / t, bestm = ms[j].fv;
    }
    json_decref(at);
    if (n) {
        double gm = exp(lsum / n);
        sb = gm >= 1.1 ? 1 : 2;
        snprintf(pb, sizeof pb, "(b) threads vs processes **%s**: over the %d mechanisms measured with both peers, "
                 "process ÷ thread one-way latency has a geometric mean of %.3g× (from %.3g× for %s to %.3g× for "
                 "%s); the thread peer is faster for %d of %d", vname[sb], n, gm, br, wt__md(bestm, 0, m2, sizeof m2), wr,
                 wt__md(worst, 0, m3, sizeof m3), faster, n);
    }
    v->state = !sa ? sb : !sb ? sa : sa == sb ? sa : WT_V_PARTLY;
    if (sa)
        wt__stat_add(v, "fastest message passing ÷ spin", other / spin);
    if (sb)
        wt__stat_add(v, "process ÷ thread, geometric mean", exp(lsum / n));
    if (v->state)
        snprintf(v->nums, sizeof v->nums, "%s; %s. Criteria: (a) spin faster than every other thread mechanism; "
                 "(b) processes at least 1.1× slower in geometric mean over the message-passing mechanisms. All at "
                 "the farthest placement.",
                 sa ? pa : "(a) shared memory vs message passing: NOT MEASURED",
                 sb ? pb : "(b) threads vs processes: NOT MEASURED");
    free(ms);
}

static double npus(const wt_results *R, int f)
{
    const char *p = wt__ctx(R, f, WT_X_PUS);
    json_t *n = json_object_get(R->f[f].ctx, WT_X_NUM_CPUS);
    if (p && *p) {
        int c = 1;
        for (; *p; p++)
            c += *p == ',';
        return c;
    }
    return json_is_number(n) ? json_number_value(n) : NAN;
}

void wt__judge_start(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    char a[48], b[48], c[48];
    (void)xo, (void)nxo;
    /* thread vs process start, fork against parent memory */
    double th = wt__pick(R, f, "spawn.thread until:join", LAT, 0, NULL);
    double fk = wt__at_param(R, f, "spawn.process how:fork", WT_P_MEM_MIB, 0, LAT);
    double fkbig = wt__at_param(R, f, "spawn.process how:fork", WT_P_MEM_MIB, 1, LAT);
    if (!isnan(th) && !isnan(fk)) {
        wt__fmt_ns(th, a, sizeof a), wt__fmt_ns(fk, b, sizeof b), wt__fmt_ns(fkbig, c, sizeof c);
        int bigger = isnan(fkbig) || fkbig >= 1.5 * fk;
        v->state = fk >= 2 * th && bigger ? 1 : 2;
        wt__stat_add(v, "fork ÷ thread", fk / th);
        if (!isnan(fkbig))
            wt__stat_add(v, "fork at the largest ÷ smallest parent", fkbig / fk);
        snprintf(v->nums, sizeof v->nums,
                 "thread start+join %s, fork+wait %s at the smallest parent memory (%.3g×); at the largest "
                 "parent memory fork takes %s (%.3g× the smallest). Criterion: process ≥ 2× thread and fork "
                 "grows ≥ 1.5× with memory.", a, b, fk / th, c, fkbig / fk);
    }
}

/* transfer vs copy: from crossover id (consumer reads) */
static void judge_xfer(const wt_xo *xo, int nxo, int f, wt_verdict *v, const char *id, int node)
{
    char a[48], b[48], m[600];
    for (int i = 0; i < nxo; i++)
        if (xo[i].file == f && !strcmp(xo[i].d->id, id) && xo[i].status != WT_XO_NODATA) {
            wt__fmt_bytes(xo[i].xmin, a, sizeof a), wt__fmt_bytes(xo[i].xmax, b, sizeof b);
            v->state = xo[i].last < 1 && xo[i].first >= 0.9 ? 1 : 2;
            wt__stat_add(v, node ? "transferList ÷ clone at the smallest size" : "transfer ÷ copy at the smallest size",
                         xo[i].first);
            wt__stat_add(v, node ? "transferList ÷ clone at the largest size" : "transfer ÷ copy at the largest size",
                         xo[i].last);
            snprintf(v->nums, sizeof v->nums,
                     "%s time (consumer reads, place %s): %.3g at %s, %.3g at %s. Criterion: "
                     "below 1 at the largest size, at least 0.9 at the smallest.",
                     node ? "transferList ÷ structured clone" : "transfer ÷ copy", wt__md(xo[i].per, 0, m, sizeof m),
                     xo[i].first, a, xo[i].last, b);
            break;
        }
}

void wt__judge_xfer(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    (void)R;
    judge_xfer(xo, nxo, f, v, "transfer-beats-copy-read", 0);
}

void wt__judge_node_xfer(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    (void)R;
    judge_xfer(xo, nxo, f, v, "node-transfer-beats-clone-read", 1);
}

/* pool vs worker per request, from the crossovers PREFIXthread-under-10pct and
 * PREFIXpool-stops-mattering */
static void judge_pool(const wt_xo *xo, int nxo, int f, wt_verdict *v, const char *prefix)
{
    char a[48], b[48], id1[64], id2[64];
    const wt_xo *t10 = NULL, *pm = NULL;
    snprintf(id1, sizeof id1, "%sthread-under-10pct", prefix);
    snprintf(id2, sizeof id2, "%spool-stops-mattering", prefix);
    for (int i = 0; i < nxo; i++)
        if (xo[i].file == f && xo[i].status != WT_XO_NODATA) {
            if (!strcmp(xo[i].d->id, id1))
                t10 = &xo[i];
            if (!strcmp(xo[i].d->id, id2))
                pm = &xo[i];
        }
    if (t10 && pm) {
        wt__fmt_ns(pm->xmin, a, sizeof a), wt__fmt_ns(t10->xmax, b, sizeof b);
        v->state = pm->first > 1 && t10->last < 1 ? 1 : 2;
        wt__stat_add(v, "thread per request ÷ pool at the shortest task", pm->first * 1.1);
        wt__stat_add(v, "thread-per-request overhead at the longest task", t10->last * 0.10);
        snprintf(v->nums, sizeof v->nums,
                 "at %s of work a thread per request takes %.3g× the pool's time per task; at %s its overhead "
                 "ratio is %.3g. Criterion: pool faster by > 10 %% for the "
                 "shortest tasks, a thread per request under 10 %% overhead for the longest.",
                 a, pm->first * 1.1, b, t10->last * 0.10);
    } else if (*prefix) /* NOT MEASURED, saying what it lacks */
        snprintf(v->nums, sizeof v->nums, "Needs node.pool.closed with mode thread (a new Worker per task) and mode "
                 "pool at two task costs or more; mode thread runs in --full (each task starts a Worker, ~50 ms).");
}

void wt__judge_pool(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    (void)R;
    judge_pool(xo, nxo, f, v, "");
}

void wt__judge_node_pool(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    (void)R;
    judge_pool(xo, nxo, f, v, "node-");
}

/* responsiveness */
void wt__judge_block(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    char a[48], b[48], m[600];
    const wt_rec *best = NULL;
    (void)xo, (void)nxo;
    double in99 = wt__pick(R, f, "pool.responsive mode:inline", WT_C_CHEAP_P99 "," WT_C_P99, 0, NULL);
    double off99 = wt__pick(R, f, "pool.responsive mode:[!i]*", WT_C_CHEAP_P99 "," WT_C_P99, 0, &best);
    if (!isnan(in99) && !isnan(off99)) {
        wt__fmt_ns(in99, a, sizeof a), wt__fmt_ns(off99, b, sizeof b);
        v->state = in99 >= 10 * off99 ? 1 : 2;
        wt__stat_add(v, "inline ÷ offloaded p99", in99 / off99);
        snprintf(v->nums, sizeof v->nums,
                 "cheap requests' p99 with heavy work inline %s vs offloaded %s (%s): %.3g×. Criterion: "
                 "inline ≥ 10× offloaded.", a, b, wt__md(best ? best->name : "?", 0, m, sizeof m), in99 / off99);
    }
}

/* more workers than cores */
void wt__judge_oversub(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v)
{
    (void)xo, (void)nxo;
    double P = npus(R, f), within = NAN, over = NAN, wbest = NAN, wover = NAN, cmax = -1;
    /* The best throughput within the PUs against the best above them, over every mode that runs the
     * work on workers (pool, thread and process per request), at the heaviest task cost. */
    static const char *const C6 = "pool.closed mode:[ptp]*";
    const wt_rec *rw = NULL, *ro = NULL;
    const int *ci;
    int nc = wt__cand(R, C6, &ci);
    for (int k = 0; k < nc; k++) {
        const wt_rec *r = &R->r[ci ? ci[k] : k];
        const char *c = r->file == f && wt__rec_match(R, r, C6) ? wt__rec_param(r, WT_P_COST_NS) : NULL;
        if (c && wt__rec_param(r, WT_P_WORKERS) && atof(c) > cmax)
            cmax = atof(c);
    }
    for (int k = 0; k < nc; k++) {
        const wt_rec *r = &R->r[ci ? ci[k] : k];
        const char *w = r->file == f && wt__rec_match(R, r, C6) ? wt__rec_param(r, WT_P_WORKERS) : NULL;
        const char *c = w ? wt__rec_param(r, WT_P_COST_NS) : NULL;
        if (c && atof(c) != cmax)
            continue;
        double t = w ? wt__rec_num(r, WT_C_TASKS_PER_S ",items_per_second,throughput") : NAN;
        if (w && isnan(t))
            t = 1e9 / wt__rec_num(r, WT_C_NS_PER_TASK "," WT_F_REAL_TIME);
        if (isnan(t))
            continue;
        double W = atof(w);
        if (W <= P && !(t <= within))
            within = t, wbest = W, rw = r;
        if (W > P && !(t <= over))
            over = t, wover = W, ro = r;
    }
    if (!isnan(within) && !isnan(over)) {
        v->state = over <= 1.1 * within ? 1 : 2;
        wt__stat_add(v, "oversubscribed ÷ best within the PUs", over / within);
        snprintf(v->nums, sizeof v->nums,
                 "best throughput with at most %.0f workers (the PUs): %.4g tasks/s at %.0f workers (%s); with "
                 "more workers: %.4g tasks/s at %.0f (%s), %.3g×. Both the best over the pool, thread- and "
                 "process-per-request modes. Criterion: oversubscribed ≤ 1.1× the best within.",
                 P, within, wbest, rw ? wt__rec_param(rw, "mode") : "?", over, wover,
                 ro ? wt__rec_param(ro, "mode") : "?", over / within);
    }
}
