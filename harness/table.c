/* table.c: the readable table of a finished run, from the merged document: one line per result (its
 * median over repetitions, the 95 % interval of the median as ± % of it, the repetitions, and the
 * case's own p50/p99), outcome lines for FAIL/ERROR/SKIP/CRASH, and the noise notes: every result
 * whose interval missed the target, with the likely cause (also returned for the context, so the
 * report shows them). No timing here. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "run.h"

static const char *fmt_ns(double ns, char *buf, size_t len)
{
    if (!(ns >= 0))
        snprintf(buf, len, "-");
    else if (ns < 1e3)
        snprintf(buf, len, "%.1f ns", ns);
    else if (ns < 1e6)
        snprintf(buf, len, "%.2f us", ns / 1e3);
    else if (ns < 1e9)
        snprintf(buf, len, "%.2f ms", ns / 1e6);
    else
        snprintf(buf, len, "%.2f s", ns / 1e9);
    return buf;
}

static double num(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : -1;
}

/* The likely cause of a wide interval, from what the repetitions recorded. */
static const char *cause(const char *name, json_t *med, const char *env_warn)
{
    if (strstr(name, "place:smt"))
        return "an SMT neighbour shares the core";
    if (num(med, "retaken") > 0)
        return "stolen time: the host took CPU from this case's PUs (samples were retaken)";
    if (num(med, "ci_rel") < 0)
        return "too few repetitions for a 95 % interval of the median (6 at least)";
    if (num(med, "warm_steady") == 0)
        return "no steady state within the warm-up limit";
    if (num(med, "migrations") > 0)
        return "a thread migrated off its PU";
    return env_warn && *env_warn ? "other load or the virtual machine (see the environment warnings)"
                                 : "frequency scaling or other load";
}

void wt__table_print(json_t *doc, wt_tally *t, char *noise, size_t nlen)
{
    json_t *bs = json_object_get(doc, "benchmarks"), *b;
    const char *warn = json_string_value(json_object_get(json_object_get(doc, "context"), "wt_warnings"));
    size_t i, off = 0;
    char a[32], c[32], d[32], e[32];
    noise[0] = 0;
    printf("%-62s %12s %8s %5s %12s %12s\n", "result (median of repetitions)", "time/op", "±95%", "reps", "p50",
           "p99");
    json_array_foreach(bs, i, b) {
        const char *name = json_string_value(json_object_get(b, "run_name"));
        const char *agg = json_string_value(json_object_get(b, "aggregate_name"));
        const char *m = json_string_value(json_object_get(b, "error_message"));
        int single = num(b, "repetitions") <= 1 && (!agg || !*agg);
        if (!name)
            continue;
        if (json_is_true(json_object_get(b, "error_occurred"))) {
            m = m ? m : "FAIL: no reason";
            int *cnt = !strncmp(m, "SKIP", 4) ? &t->skip : !strncmp(m, "ERROR", 5) ? &t->error
                       : !strncmp(m, "CRASH", 5) ? &t->crash : &t->fail;
            (*cnt)++;
            const char *colon = strchr(m, ':');
            int kl = colon && colon - m <= 5 ? (int)(colon - m) : 4;
            printf("%-5.*s %-56s %s\n", kl, m, name, colon ? colon + 2 : m);
            continue;
        }
        if (!single && (!agg || strcmp(agg, "median")))
            continue;
        t->ok++;
        double rel = num(b, "ci_rel");
        if (rel >= 0)
            snprintf(d, sizeof d, "%.1f%%", rel * 100);
        else
            snprintf(d, sizeof d, "-");
        printf("%-62s %12s %8s %5.0f %12s %12s\n", name, fmt_ns(num(b, "real_time"), a, sizeof a), d,
               single ? 1 : num(b, "reps"), fmt_ns(num(b, "p50_ns"), c, sizeof c),
               fmt_ns(num(b, "p99_ns"), e, sizeof e));
        if (!single && num(b, "precise") == 0 && off + 300 < nlen) {
            t->noisy++;
            off += (size_t)snprintf(noise + off, nlen - off, "%s: ±%.1f%% after %.0f repetitions (likely: %s)\n",
                                    name, rel >= 0 ? rel * 100 : -1.0, num(b, "reps"), cause(name, b, warn));
        }
    }
    if (t->noisy) {
        fprintf(stderr, "warning: %d result(s) whose 95 %% interval stayed wider than the target:\n%s", t->noisy,
                noise);
        if (warn && *warn)
            fprintf(stderr, "environment warnings:\n%s", warn);
    }
    fflush(stdout);
}
