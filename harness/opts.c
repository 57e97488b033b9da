/* opts.c: option parsing for list, run and topo. Bad input: one line naming the input and what was
 * expected, exit code 2. No timing here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "esc.h"

/* opt and val come from the command line: shown with control bytes escaped, on one line */
static int bad(const char *cmd, const char *opt, const char *val, const char *expected)
{
    char o[300], v[600];
    wt_esc(opt, o, sizeof o);
    if (val)
        fprintf(stderr, "wtbench %s: %s '%s': expected %s\n", cmd, o, wt_esc(val, v, sizeof v), expected);
    else
        fprintf(stderr, "wtbench %s: %s: %s\n", cmd, o, expected);
    return WT_EXIT_USAGE;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi))
        return -EINVAL;
    *out = v;
    return 0;
}

int wt__parse_opts(const char *cmd, int argc, char **argv, wt_opts *o)
{
    memset(o, 0, sizeof *o);
    o->quick = 1;
    o->pin = 1;
    o->out = "results";
    o->report = 1;
    o->argc = argc;
    o->argv = argv;
    o->extra = calloc((size_t)argc + 1, sizeof *o->extra);
    if (!o->extra)
        return bad(cmd, "options", NULL, "out of memory");
    int is_run = !strcmp(cmd, "run");
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE(what)                                                                           \
    do {                                                                                           \
        if (!v)                                                                                    \
            return bad(cmd, a, NULL, "missing value, expected " what);                            \
        i++;                                                                                       \
    } while (0)
        if (!strcmp(a, "--filter")) {
            NEED_VALUE("a regular expression");
            o->filter = v;
        } else if (!strcmp(a, "--topology")) {
            NEED_VALUE("an hwloc synthetic description");
            o->topology = v;
        } else if (!strcmp(a, "--quick")) {
            o->quick = 1;
        } else if (!strcmp(a, "--full")) {
            o->quick = 0;
        } else if (!strcmp(a, "--cases") && !strcmp(cmd, "list")) {
            o->inproc = 1; /* list: case summaries instead of result names */
        } else if (!is_run) {
            return bad(cmd, a, NULL, "unknown option (see wtbench --help)");
        } else if (!strcmp(a, "--smoke")) {
            o->smoke = 1;
        } else if (!strcmp(a, "--repetitions")) {
            NEED_VALUE("a positive integer");
            double d;
            if (parse_double(v, 1, 1000, &d) || d != (int)d)
                return bad(cmd, a, v, "an integer from 1 to 1000");
            o->repetitions = (int)d;
        } else if (!strcmp(a, "--min-time")) {
            NEED_VALUE("seconds");
            if (parse_double(v, 1e-6, 3600, &o->min_time))
                return bad(cmd, a, v, "seconds, a number above 0 and at most 3600");
        } else if (!strcmp(a, "--duration")) {
            NEED_VALUE("seconds");
            if (parse_double(v, 0.1, 86400, &o->duration_s))
                return bad(cmd, a, v, "seconds, from 0.1 to 86400");
        } else if (!strcmp(a, "--timeout")) {
            NEED_VALUE("seconds");
            if (parse_double(v, 1, 86400, &o->timeout_s))
                return bad(cmd, a, v, "seconds, from 1 to 86400");
        } else if (!strcmp(a, "--out")) {
            NEED_VALUE("a directory");
            if (!*v)
                return bad(cmd, a, v, "a directory name");
            o->out = v;
        } else if (!strcmp(a, "--pin")) {
            NEED_VALUE("auto or none");
            if (!strcmp(v, "auto"))
                o->pin = 1;
            else if (!strcmp(v, "none"))
                o->pin = 0;
            else
                return bad(cmd, a, v, "auto or none");
        } else if (!strcmp(a, "--target")) {
            NEED_VALUE("a percentage");
            if (parse_double(v, 0.01, 100, &o->target))
                return bad(cmd, a, v, "a percentage from 0.01 to 100 (the 95 % interval's half-width)");
            o->target /= 100;
        } else if (!strcmp(a, "--budget")) {
            NEED_VALUE("seconds");
            if (parse_double(v, 0.001, 86400, &o->budget_s))
                return bad(cmd, a, v, "seconds a result may spend, from 0.001 to 86400");
        } else if (!strcmp(a, "--only")) { /* internal: per-case child */
            NEED_VALUE("a file of result names");
            o->only = v;
        } else if (!strcmp(a, "--no-context")) { /* internal: per-case child */
            o->no_context = 1;
        } else if (!strcmp(a, "--progress")) { /* internal: per-case child */
            NEED_VALUE("a file");
            o->progress = v;
        } else if (!strcmp(a, "--seed")) {
            NEED_VALUE("a number");
            double d;
            if (parse_double(v, 1, 4294967295.0, &d) || d != (double)(unsigned)d)
                return bad(cmd, a, v, "an integer from 1 to 4294967295");
            o->seed = (unsigned)d;
        } else if (!strcmp(a, "--no-report")) {
            o->report = 0;
        } else if (!strcmp(a, "--no-natives")) {
            o->no_natives = 1;
        } else if (!strcmp(a, "--case")) { /* internal: per-case child */
            NEED_VALUE("a case name");
            o->only_case = v;
        } else if (!strcmp(a, "--json")) { /* internal: per-case child */
            NEED_VALUE("a file");
            o->json = v;
        } else if (!strncmp(a, "--benchmark_", 12)) {
            o->extra[o->nextra++] = argv[i];
        } else {
            return bad(cmd, a, NULL, "unknown option (see wtbench --help)");
        }
#undef NEED_VALUE
    }
    if (o->only_case && !wt__case_find(o->only_case))
        return bad(cmd, "--case", o->only_case, "a case name from 'wtbench list --cases'");
    o->window_s = o->duration_s ? o->duration_s : o->smoke || o->quick ? 1 : 3;
    if (o->duration_s == 0)
        o->duration_s = o->smoke ? 1 : o->quick ? 2 : 30;
    if (o->timeout_s == 0)
        o->timeout_s = o->smoke ? 120 : o->quick ? 300 : 3600;
    return 0;
}
