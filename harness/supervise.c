/* supervise.c: `wtbench run` runs each case in a child wtbench (`run --case NAME --json FILE`), so a
 * worker that crashes or hangs is reported and the suite goes on with the next case. The children's
 * Google Benchmark JSON files are merged with jansson into one results.json (first context, all
 * benchmarks), written to a temporary name and renamed at the end. No timing here. */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "jsonio.h"
#include "run.h"

extern char **environ;

static pid_t start_child(const wt_opts *o, const char *name, const char *json)
{
    char reps[16], mt[32], dur[32];
    const char *av[40 + 64];
    int ac = 0;
    av[ac++] = wt_self_exe();
    av[ac++] = "run";
    av[ac++] = "--case";
    av[ac++] = name;
    av[ac++] = "--json";
    av[ac++] = json;
    av[ac++] = o->quick ? "--quick" : "--full";
    if (o->smoke)
        av[ac++] = "--smoke";
    if (o->repetitions) {
        snprintf(reps, sizeof reps, "%d", o->repetitions);
        av[ac++] = "--repetitions";
        av[ac++] = reps;
    }
    if (o->min_time > 0) {
        snprintf(mt, sizeof mt, "%g", o->min_time);
        av[ac++] = "--min-time";
        av[ac++] = mt;
    }
    snprintf(dur, sizeof dur, "%g", o->duration_s);
    av[ac++] = "--duration";
    av[ac++] = dur;
    av[ac++] = "--pin";
    av[ac++] = o->pin ? "auto" : "none";
    if (o->topology) {
        av[ac++] = "--topology";
        av[ac++] = o->topology;
    }
    if (o->filter) {
        av[ac++] = "--filter";
        av[ac++] = o->filter;
    }
    for (int i = 0; i < o->nextra && i < 64; i++)
        av[ac++] = o->extra[i];
    av[ac] = NULL;
    pid_t pid;
    fflush(NULL);
    int rc = posix_spawn(&pid, av[0], NULL, NULL, (char *const *)av, environ);
    return rc ? -rc : pid;
}

/* Append the child's benchmarks to *merged (or adopt its whole document). 0, or -1 with err. */
static int merge(json_t **merged, const char *path, char *err, size_t errlen)
{
    json_t *doc = wt__json_load(path, err, errlen);
    if (!doc)
        return -1;
    wt__json_clean_names(doc);
    if (!*merged) {
        *merged = doc;
        return 0;
    }
    json_array_extend(json_object_get(*merged, "benchmarks"), json_object_get(doc, "benchmarks"));
    json_decref(doc);
    return 0;
}

/* Write doc to tmp and rename it to final: no half-written results.json. */
static int write_final(json_t *doc, const char *tmp, const char *final)
{
    if (json_dump_file(doc, tmp, JSON_INDENT(2)) < 0 || rename(tmp, final) < 0) {
        fprintf(stderr, "wtbench run: %s: cannot write (%s)\n", final, strerror(errno));
        unlink(tmp);
        return -1;
    }
    fprintf(stderr, "wtbench: wrote %s\n", final);
    return 0;
}

int wt__json_finish(const char *tmp, const char *final)
{
    char err[4400];
    json_t *doc = NULL;
    int rc = merge(&doc, tmp, err, sizeof err);
    unlink(tmp);
    if (rc < 0) {
        fprintf(stderr, "wtbench run: %s\n", err);
        return -1;
    }
    rc = write_final(doc, tmp, final);
    json_decref(doc);
    return rc;
}

typedef struct summary {
    int ok, fail, error, skip, crash, noisy;
} summary;

static void summarise(json_t *merged, summary *s, int single)
{
    json_t *bs = json_object_get(merged, "benchmarks"), *b;
    json_t *errs = json_object();
    size_t i;
    const char *warn = json_string_value(json_object_get(json_object_get(merged, "context"), "wt_warnings"));
    json_array_foreach(bs, i, b) {
        const char *name = json_string_value(json_object_get(b, "run_name"));
        const char *agg = json_string_value(json_object_get(b, "aggregate_name"));
        if (!name)
            continue;
        if (json_is_true(json_object_get(b, "error_occurred"))) {
            if (json_object_get(errs, name))
                continue;
            json_object_set_new(errs, name, json_true());
            const char *m = json_string_value(json_object_get(b, "error_message"));
            if (m && !strncmp(m, "SKIP", 4))
                s->skip++;
            else if (m && !strncmp(m, "ERROR", 5))
                s->error++;
            else
                s->fail++;
            continue;
        }
        if (single ? !agg || !*agg : agg && !strcmp(agg, "median"))
            s->ok++;
        if (agg && !strcmp(agg, "cv")) {
            double cv = json_number_value(json_object_get(b, "real_time"));
            if (cv > 0.05) {
                if (!s->noisy++)
                    fprintf(stderr, "warning: results with CV above 5 %% across repetitions:\n");
                const char *cause = strstr(name, "place:smt") ? "SMT neighbour"
                                    : warn && *warn ? "see the environment warnings"
                                                    : "frequency scaling or other load";
                fprintf(stderr, "  %-60s cv %.1f%% (likely: %s)\n", name, cv * 100, cause);
            }
        }
    }
    if (s->noisy && warn && *warn)
        fprintf(stderr, "environment warnings:\n%s", warn);
    json_decref(errs);
}

int wt__supervise_run(const wt_opts *o, wt_bench *b, int nb, const char *json_tmp, const char *json_final)
{
    json_t *merged = NULL;
    summary s = {0};
    char err[4400], child_json[4200], desc[128];
    wt__table_header();
    for (size_t ci = 0; ci < wt__ncases; ci++) {
        const wt_case *c = wt__cases[ci];
        int any = 0;
        for (int i = 0; i < nb; i++)
            any |= b[i].c == c;
        if (!any)
            continue;
        snprintf(child_json, sizeof child_json, "%s.%s", json_tmp, c->name);
        pid_t pid = start_child(o, c->name, child_json);
        if (pid < 0) {
            fprintf(stderr, "ERROR %s: cannot start a child wtbench: %s\n", c->name, strerror((int)-pid));
            s.error++;
            continue;
        }
        int st = wt_child_wait(pid, o->timeout_s);
        if (st == WT_EXIT_OK || st == WT_EXIT_FAIL) {
            if (merge(&merged, child_json, err, sizeof err) < 0) {
                printf("FAIL  %-56s %s\n", c->name, err);
                s.fail++;
            }
        } else if (st == WT_EXIT_SKIP) {
            s.skip++;
        } else {
            printf("CRASH %-56s the case's process %s; its results are missing, the suite goes on\n", c->name,
                   wt_child_status_str(st, desc, sizeof desc));
            fflush(stdout);
            s.crash++;
        }
        unlink(child_json);
    }
    if (!merged) {
        if (s.crash || s.fail || s.error)
            return WT_EXIT_FAIL;
        fprintf(stderr, "wtbench: every selected case was skipped on this machine\n");
        return WT_EXIT_SKIP;
    }
    summarise(merged, &s, wt__repetitions(o) == 1);
    int wrc = write_final(merged, json_tmp, json_final);
    json_decref(merged);
    if (wrc < 0)
        return WT_EXIT_FAIL;
    fprintf(stderr, "wtbench: %d ok, %d failed, %d errors, %d skipped, %d crashed or hung\n", s.ok, s.fail,
            s.error, s.skip, s.crash);
    if (s.fail || s.error || s.crash)
        return WT_EXIT_FAIL;
    return s.ok == 0 ? WT_EXIT_SKIP : WT_EXIT_OK;
}
