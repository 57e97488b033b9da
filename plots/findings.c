/* findings.c: findings.md, computed from the results and never written by hand: crossover points,
 * headline ratios, then the six claims of DESIGN.md, each CONFIRMED / REFUTED / NOT MEASURED on this
 * machine with the numbers behind the verdict and the figures they come from. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define LAT "p50_ns,real_time"

/* The crossover table: what findings.md states and the figures mark (A must be a single pattern). */
const wt_xodef wt__xodefs[] = {
    {"transfer-beats-copy-read", "Payload size above which a transfer beats a copy, consumer reads every byte",
     "xfer.transfer touch:1", "xfer.copy touch:1", "bytes", "real_time", 1.0, "place", "xfer_time_touch"},
    {"transfer-beats-copy", "Payload size above which a transfer beats a copy, consumer does not read it",
     "xfer.transfer touch:0", "xfer.copy touch:0", "bytes", "real_time", 1.0, "place", "xfer_time_notouch"},
    {"thread-under-10pct", "Task cost above which a thread per request costs under 10 % overhead",
     "pool.closed mode:thread*", NULL, "cost_ns", "overhead_ratio", 0.10, NULL, "pool_overhead"},
    {"pool-stops-mattering",
     "Task cost above which a thread per request is within 10 % of the pool's time per task",
     "pool.closed mode:thread*", "pool.closed mode:pool*", "cost_ns", "ns_per_task,real_time", 1.10, NULL,
     "pool_overhead"},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL},
};

void wt__fmt_ns(double ns, char *b, size_t len)
{
    if (isnan(ns))
        snprintf(b, len, "n/a");
    else if (fabs(ns) >= 1e9)
        snprintf(b, len, "%.3g s", ns / 1e9);
    else if (fabs(ns) >= 1e6)
        snprintf(b, len, "%.3g ms", ns / 1e6);
    else if (fabs(ns) >= 1e3)
        snprintf(b, len, "%.3g µs", ns / 1e3);
    else
        snprintf(b, len, "%.3g ns", ns);
}

void wt__fmt_bytes(double v, char *b, size_t len)
{
    static const char *const u[] = {"B", "KiB", "MiB", "GiB"};
    int k = 0;
    while (fabs(v) >= 1024 && k < 3)
        v /= 1024, k++;
    snprintf(b, len, "%.4g %s", v, u[k]);
}

static void fmt_x(const char *param, double x, char *b, size_t len)
{
    if (!strcmp(param, "bytes"))
        wt__fmt_bytes(x, b, len);
    else
        wt__fmt_ns(x, b, len);
}

/* Smallest (or largest) value of ykeys over the records of file f matching pat; the record in *which. */
static double pick(const wt_results *R, int f, const char *pat, const char *keys, int largest, const wt_rec **which)
{
    double best = NAN;
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
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
static double at_param(const wt_results *R, int f, const char *pat, const char *p, int largest, const char *keys)
{
    double px = NAN, y = NAN;
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
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

static void figs(FILE *o, const char *list)
{
    fputs(" (figures:", o);
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        fprintf(o, " [%.*s](index.html#fig-%.*s)", (int)n, p, (int)n, p);
        p += n + (p[n] == ',');
    }
    fputs(")", o);
}

static void crossovers(FILE *o, const wt_results *R, const wt_xo *xo, int nxo)
{
    fputs("## Crossover points\n\n", o);
    for (const wt_xodef *d = wt__xodefs; d->id; d++) {
        int any = 0;
        for (int i = 0; i < nxo; i++) {
            const wt_xo *x = &xo[i];
            if (x->d != d)
                continue;
            char a[48], b[48], c[48], m[500];
            fprintf(o, "- %s%s%s%s%s%s: ", d->what, *x->per ? " (" : "", *x->per ? d->per : "",
                    *x->per ? " " : "", *x->per ? wt__md(x->per, 0, m, sizeof m) : "", *x->per ? ")" : "");
            if (R->nf > 1)
                fprintf(o, "[%s] ", wt__md(R->f[x->file].label, 0, m, sizeof m));
            fmt_x(d->x, x->xc, c, sizeof c);
            fmt_x(d->x, x->xmin, a, sizeof a);
            fmt_x(d->x, x->xmax, b, sizeof b);
            if (x->status == WT_XO_FOUND)
                fprintf(o, "**%s** (interpolated log-log; measured %s to %s)", c, a, b);
            else if (x->status == WT_XO_BELOW)
                fprintf(o, "**at or below %s**, the smallest measured (holds at every point up to %s)", a, b);
            else if (x->status == WT_XO_NEVER)
                fprintf(o, "**not within %s to %s** (ratio at the largest: %.3g)", a, b, x->last);
            else
                fprintf(o, "NOT MEASURED (no matching results)");
            if (x->status != WT_XO_NODATA)
                figs(o, d->fig);
            fputc('\n', o);
            any = 1;
        }
        if (!any)
            fprintf(o, "- %s: NOT MEASURED (no %s results)\n", d->what, d->a);
    }
}

typedef struct verdict {
    int state; /* 0 not measured, 1 confirmed, 2 refuted, 3 partly confirmed (a compound claim) */
    char nums[3000];
} verdict;

static const char *const vname[] = {"NOT MEASURED", "CONFIRMED", "REFUTED", "PARTLY CONFIRMED"};

/* Claim 2, two halves with their own verdicts. (a) shared memory with atomics (msg.spin) against the
 * fastest message-passing mechanism between threads; (b) every mechanism measured with both peers:
 * the geometric mean of process ÷ thread one-way latency, and for how many the thread is faster. */
static void claim2(const wt_results *R, int f, verdict *v)
{
    static const char *const Y = "one_way_ns,p50_ns,real_time";
    char a[48], b[48], pa[1000] = "", pb[1400] = "";
    const wt_rec *best = NULL;
    int sa = 0, sb = 0;
    double spin = pick(R, f, "msg.spin peer:thread place:@far", Y, 0, NULL);
    double other = pick(R, f, "msg.[!s]* peer:thread place:@far;msg.s[!p]* peer:thread place:@far", Y, 0, &best);
    char m1[400], m2[400], m3[400];
    if (!isnan(spin) && !isnan(other)) {
        sa = spin < other ? 1 : 2;
        wt__fmt_ns(spin, a, sizeof a), wt__fmt_ns(other, b, sizeof b);
        snprintf(pa, sizeof pa, "(a) shared memory vs message passing **%s**: spin on shared memory %s one-way vs "
                 "the fastest message-passing mechanism between threads %s (%s), %.3g× faster",
                 vname[sa], a, b, wt__md(best ? best->fv : "?", 0, m1, sizeof m1), other / spin);
    }
    const char *seen[64];
    int n = 0, faster = 0;
    double lsum = 0, wr = 0, br = INFINITY;
    const char *worst = NULL, *bestm = NULL;
    for (int i = 0; i < R->nr && n < 64; i++) {
        const wt_rec *r = &R->r[i];
        if (r->file != f || !wt__rec_match(R, r, "msg.* peer:thread place:@far"))
            continue;
        int k = 0;
        while (k < n && strcmp(seen[k], r->fv))
            k++;
        if (k < n)
            continue;
        seen[n] = r->fv;
        char pt[128], pp[128];
        snprintf(pt, sizeof pt, "%s peer:thread place:@far", r->fv);
        snprintf(pp, sizeof pp, "%s peer:process place:@far", r->fv);
        double t = pick(R, f, pt, Y, 0, NULL), q = pick(R, f, pp, Y, 0, NULL);
        if (isnan(t) || isnan(q) || t <= 0 || q <= 0)
            continue;
        n++;
        faster += t < q;
        lsum += log(q / t);
        if (q / t > wr)
            wr = q / t, worst = r->fv;
        if (q / t < br)
            br = q / t, bestm = r->fv;
    }
    if (n) {
        double gm = exp(lsum / n);
        sb = gm >= 1.1 ? 1 : 2;
        snprintf(pb, sizeof pb, "(b) threads vs processes **%s**: over the %d mechanisms measured with both peers, "
                 "process ÷ thread one-way latency has a geometric mean of %.3g× (from %.3g× for %s to %.3g× for "
                 "%s); the thread peer is faster for %d of %d", vname[sb], n, gm, br, wt__md(bestm, 0, m2, sizeof m2), wr,
                 wt__md(worst, 0, m3, sizeof m3), faster, n);
    }
    v->state = !sa ? sb : !sb ? sa : sa == sb ? sa : 3;
    if (v->state)
        snprintf(v->nums, sizeof v->nums, "%s; %s. Criteria: (a) spin faster than every other thread mechanism; "
                 "(b) processes at least 1.1× slower in geometric mean. All at the farthest placement.",
                 sa ? pa : "(a) shared memory vs message passing: NOT MEASURED",
                 sb ? pb : "(b) threads vs processes: NOT MEASURED");
}

static void ratio_line(FILE *o, const char *what, double num, double den, const char *nn, const char *dn,
                       const char *fig)
{
    char a[48], b[48];
    wt__fmt_ns(num, a, sizeof a);
    wt__fmt_ns(den, b, sizeof b);
    if (isnan(num) || isnan(den) || den <= 0) {
        fprintf(o, "- %s: NOT MEASURED (%s or %s missing)\n", what, nn, dn);
        return;
    }
    fprintf(o, "- %s: **%.3g×** (%s %s ÷ %s %s)", what, num / den, nn, a, dn, b);
    figs(o, fig);
    fputc('\n', o);
}

static double npus(const wt_results *R, int f)
{
    const char *p = wt__ctx(R, f, "wt_pus");
    json_t *n = json_object_get(R->f[f].ctx, "num_cpus");
    if (p && *p) {
        int c = 1;
        for (; *p; p++)
            c += *p == ',';
        return c;
    }
    return json_is_number(n) ? json_number_value(n) : NAN;
}

static void claims_for(FILE *o, const wt_results *R, const wt_xo *xo, int nxo, int f)
{
    verdict v[6];
    memset(v, 0, sizeof v);
    char a[48], b[48], c[48];
    /* 1: thread vs process start, fork against parent memory */
    double th = pick(R, f, "spawn.thread until:join", LAT, 0, NULL);
    double fk = at_param(R, f, "spawn.process how:fork", "mem_mib", 0, LAT);
    double fkbig = at_param(R, f, "spawn.process how:fork", "mem_mib", 1, LAT);
    if (!isnan(th) && !isnan(fk)) {
        wt__fmt_ns(th, a, sizeof a), wt__fmt_ns(fk, b, sizeof b), wt__fmt_ns(fkbig, c, sizeof c);
        int bigger = isnan(fkbig) || fkbig >= 1.5 * fk;
        v[0].state = fk >= 2 * th && bigger ? 1 : 2;
        snprintf(v[0].nums, sizeof v[0].nums,
                 "thread start+join %s, fork+wait %s at the smallest parent memory (%.3g×); at the largest "
                 "parent memory fork takes %s (%.3g× the smallest). Criterion: process ≥ 2× thread and fork "
                 "grows ≥ 1.5× with memory.", a, b, fk / th, c, fkbig / fk);
    }
    /* 2: shared memory (spin) vs message passing; threads vs processes (each half judged) */
    claim2(R, f, &v[1]);
    const wt_rec *best = NULL;
    /* 3: transfer vs copy: from the crossover (consumer reads) */
    char m[600];
    for (int i = 0; i < nxo; i++)
        if (xo[i].file == f && !strcmp(xo[i].d->id, "transfer-beats-copy-read") && xo[i].status != WT_XO_NODATA) {
            wt__fmt_bytes(xo[i].xmin, a, sizeof a), wt__fmt_bytes(xo[i].xmax, b, sizeof b);
            v[2].state = xo[i].last < 1 && xo[i].first >= 0.9 ? 1 : 2;
            snprintf(v[2].nums, sizeof v[2].nums,
                     "transfer ÷ copy time (consumer reads, place %s): %.3g at %s, %.3g at %s. Criterion: "
                     "below 1 at the largest size, at least 0.9 at the smallest.", wt__md(xo[i].per, 0, m, sizeof m), xo[i].first, a,
                     xo[i].last, b);
            break;
        }
    /* 4: pool vs worker per request */
    const wt_xo *t10 = NULL, *pm = NULL;
    for (int i = 0; i < nxo; i++)
        if (xo[i].file == f && xo[i].status != WT_XO_NODATA) {
            if (!strcmp(xo[i].d->id, "thread-under-10pct"))
                t10 = &xo[i];
            if (!strcmp(xo[i].d->id, "pool-stops-mattering"))
                pm = &xo[i];
        }
    if (t10 && pm) {
        wt__fmt_ns(pm->xmin, a, sizeof a), wt__fmt_ns(t10->xmax, b, sizeof b);
        v[3].state = pm->first > 1 && t10->last < 1 ? 1 : 2;
        snprintf(v[3].nums, sizeof v[3].nums,
                 "at %s of work a thread per request takes %.3g× the pool's time per task; at %s its overhead "
                 "ratio is %.3g. Criterion: pool faster by > 10 %% for the "
                 "shortest tasks, a thread per request under 10 %% overhead for the longest.",
                 a, pm->first * 1.1, b, t10->last * 0.10);
    }
    /* 5: responsiveness */
    double in99 = pick(R, f, "pool.responsive mode:inline", "cheap_p99_ns,p99_ns", 0, NULL);
    double off99 = pick(R, f, "pool.responsive mode:[!i]*", "cheap_p99_ns,p99_ns", 0, &best);
    if (!isnan(in99) && !isnan(off99)) {
        wt__fmt_ns(in99, a, sizeof a), wt__fmt_ns(off99, b, sizeof b);
        v[4].state = in99 >= 10 * off99 ? 1 : 2;
        snprintf(v[4].nums, sizeof v[4].nums,
                 "cheap requests' p99 with heavy work inline %s vs offloaded %s (%s): %.3g×. Criterion: "
                 "inline ≥ 10× offloaded.", a, b, wt__md(best ? best->name : "?", 0, m, sizeof m), in99 / off99);
    }
    /* 6: more workers than cores */
    double P = npus(R, f), within = NAN, over = NAN, wbest = NAN, wover = NAN, cmax = -1;
    for (int i = 0; i < R->nr; i++) { /* compare pool sizes at the heaviest task cost */
        const wt_rec *r = &R->r[i];
        const char *c = r->file == f && wt__rec_match(R, r, "pool.closed mode:pool*") ? wt__rec_param(r, "cost_ns") : NULL;
        if (c && wt__rec_param(r, "workers") && atof(c) > cmax)
            cmax = atof(c);
    }
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        const char *w = r->file == f && wt__rec_match(R, r, "pool.closed mode:pool*") ? wt__rec_param(r, "workers") : NULL;
        const char *c = w ? wt__rec_param(r, "cost_ns") : NULL;
        if (c && atof(c) != cmax)
            continue;
        double t = w ? wt__rec_num(r, "tasks_per_second,items_per_second,throughput") : NAN;
        if (w && isnan(t))
            t = 1e9 / wt__rec_num(r, "ns_per_task,real_time");
        if (isnan(t))
            continue;
        double W = atof(w);
        if (W <= P && !(t <= within))
            within = t, wbest = W;
        if (W > P && !(t <= over))
            over = t, wover = W;
    }
    if (!isnan(within) && !isnan(over)) {
        v[5].state = over <= 1.1 * within ? 1 : 2;
        snprintf(v[5].nums, sizeof v[5].nums,
                 "best throughput with at most %.0f workers (the PUs): %.4g tasks/s at %.0f workers; with more "
                 "workers: %.4g tasks/s at %.0f (%.3g×). Criterion: oversubscribed ≤ 1.1× the best within.",
                 P, within, wbest, over, wover, over / within);
    }
    static const char *const claim[] = {
        "A thread is much cheaper to start than a process, and a process costs more the more memory its "
        "parent holds.",
        "Shared memory with atomics is faster than message passing, and message passing between threads is "
        "faster than IPC between processes.",
        "Transferring a buffer beats copying it for large buffers, and does not help small ones.",
        "Starting a worker per request is fine for long tasks and wasteful for short ones; a pool wins below "
        "some task cost.",
        "CPU-heavy work on the main loop blocks every other request for its whole duration; offloaded, the "
        "cheap requests stay fast.",
        "More workers than cores does not make CPU-bound work faster.",
    };
    static const char *const cfig[] = {"spawn_cost,spawn_fork_mem", "msg_matrix,msg_payload",
                                       "xfer_time_touch,xfer_time_notouch", "pool_overhead",
                                       "pool_responsive,pool_lag", "pool_throughput"};
    for (int i = 0; i < 6; i++) {
        fprintf(o, "%d. **%s**: %s\n   %s", i + 1, vname[v[i].state], claim[i],
                v[i].state ? v[i].nums : "The results hold none of the data this claim needs.");
        if (v[i].state)
            figs(o, cfig[i]);
        fputs("\n", o);
    }
}

int wt__findings_write(const wt_results *R, const wt_xo *xo, int nxo, const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/findings.md", dir);
    FILE *o = fopen(p, "w");
    if (!o)
        return -1;
    /* everything from the inputs goes through wt__md: a name is text, never markdown or HTML */
    const char *host = wt__ctx(R, 0, "host_name"), *mode = wt__ctx(R, 0, "wt_mode");
    char m[1200], m2[1200], m3[1200];
    fprintf(o, "# wtbench findings: %s\n\nComputed by `wtbench report` from", wt__md(host ? host : "?", 0, m, sizeof m));
    for (int i = 0; i < R->nf; i++)
        fprintf(o, " %s%s", wt__md(R->f[i].path, 1, m, sizeof m), i + 1 < R->nf ? "," : "");
    fprintf(o, " (mode %s). Nothing here is written by hand; the figures are in `index.html`.\n\n",
            wt__md(mode ? mode : "?", 0, m, sizeof m));
    for (int i = 0; i < R->nf; i++) {
        const char *w = wt__ctx(R, i, "wt_warnings");
        char line[600];
        snprintf(line, sizeof line, "%.*s", (int)strcspn(w ? w : "", "\n"), w ? w : "");
        if (*line)
            fprintf(o, "Noise warnings%s%s: %s\n\n", R->nf > 1 ? " for " : "",
                    R->nf > 1 ? wt__md(R->f[i].label, 0, m, sizeof m) : "", wt__md(line, 0, m2, sizeof m2));
    }
    crossovers(o, R, xo, nxo);
    fputs("\n## Headline ratios\n\n", o);
    for (int f = 0; f < R->nf; f++) {
        if (R->nf > 1)
            fprintf(o, "### %s\n\n", wt__md(R->f[f].label, 0, m, sizeof m));
        double th = pick(R, f, "spawn.thread until:join", LAT, 0, NULL);
        ratio_line(o, "Process spawn ÷ thread spawn (fork+wait, smallest parent, ÷ thread start+join)",
                   at_param(R, f, "spawn.process how:fork", "mem_mib", 0, LAT), th, "fork", "thread",
                   "spawn_cost,spawn_fork_mem");
        ratio_line(o, "posix_spawn ÷ thread spawn", at_param(R, f, "spawn.process how:spawn", "mem_mib", 0, LAT), th,
                   "posix_spawn", "thread", "spawn_cost");
        const char *ow = "one_way_ns,p50_ns,real_time";
        ratio_line(o, "futex ÷ spin (one-way, farthest placement)",
                   pick(R, f, "msg.futex peer:thread place:@far", ow, 0, NULL),
                   pick(R, f, "msg.spin peer:thread place:@far", ow, 0, NULL), "futex", "spin", "msg_matrix");
        if (strcmp(R->f[f].near, R->f[f].far) && strcmp(R->f[f].near, "-")) {
            char fw[96], nw[96], what[160];
            snprintf(fw, sizeof fw, "msg.spin peer:thread place:%s", R->f[f].far);
            snprintf(nw, sizeof nw, "msg.spin peer:thread place:%s", R->f[f].near);
            snprintf(what, sizeof what, "Farthest ÷ nearest placement (spin one-way, %s ÷ %s)", R->f[f].far,
                     R->f[f].near);
            ratio_line(o, what, pick(R, f, fw, ow, 0, NULL), pick(R, f, nw, ow, 0, NULL), R->f[f].far,
                       R->f[f].near, "msg_matrix");
        } else {
            fprintf(o, "- Farthest ÷ nearest placement: NOT MEASURED (this machine has one placement class "
                       "besides pu: %s)\n", R->f[f].far);
        }
        ratio_line(o, "Core-to-core slowest ÷ fastest pair", pick(R, f, "msg.c2c", "one_way_ns,real_time", 1, NULL),
                   pick(R, f, "msg.c2c", "one_way_ns,real_time", 0, NULL), "slowest", "fastest", "msg_c2c");
    }
    fputs("\n## The claims of the worker-thread guides, on this machine\n\n", o);
    for (int f = 0; f < R->nf; f++) {
        if (R->nf > 1)
            fprintf(o, "### %s\n\n", wt__md(R->f[f].label, 0, m, sizeof m));
        claims_for(o, R, xo, nxo, f);
        fputc('\n', o);
    }
    int failed = 0;
    for (int i = 0; i < R->nr; i++)
        failed += R->r[i].error != NULL;
    if (failed) {
        fputs("## Results left out (failed or skipped)\n\n", o);
        for (int i = 0; i < R->nr; i++)
            if (R->r[i].error)
                fprintf(o, "- %s%s%s: %s\n", wt__md(R->r[i].name, 1, m, sizeof m), R->nf > 1 ? " in " : "",
                        R->nf > 1 ? wt__md(R->f[R->r[i].file].label, 0, m2, sizeof m2) : "",
                        wt__md(R->r[i].error, 0, m3, sizeof m3));
    }
    return fclose(o) == 0 ? 0 : -1;
}
