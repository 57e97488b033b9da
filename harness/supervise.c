/* supervise.c: `wtbench run` in rounds. Each round visits the cases in a fresh random order and
 * runs, in a child wtbench per case (`run --case NAME --only FILE --seed S --json FILE`, its own
 * process group), one repetition of each of that case's results still open, in random order. After
 * each round a result stops when the 95 % interval of its median is within the target, or its time
 * budget or repetition cap is spent (measure.c). A child that crashes or hangs fails the result it
 * was running (read from its progress file); the rest go on. Everything a child started dies with
 * its process group. The merged file keeps Google Benchmark's schema (aggregate.c) and is written
 * to a temporary name and renamed at the end. No timing here but the budget's bookkeeping. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "aggregate.h"
#include "cli.h"
#include "jsonio.h"
#include "run.h"

extern char **environ;

typedef struct res {
    wt_bench *b;
    json_t *reps;     /* repetition entries */
    json_t *err;      /* the failing entry: done */
    double spent_s;   /* summed repetition wall time */
    int tries, stop;  /* child runs that included it; WT_STOP_* once done */
    int crashed;
} res;

/* A child gets the parent's own arguments again (so no option is mirrored by hand), then the
 * internal ones, which come last and so win: the case, its open results, the round's seed, and the
 * files it writes. */
static pid_t start_child(const wt_opts *o, const char *name, const char *only, unsigned seed, const char *json,
                         const char *progress, int have_ctx)
{
    char seedbuf[16];
    const char **av = calloc((size_t)o->argc + 16, sizeof *av);
    int ac = 0;
    if (!av)
        return -ENOMEM;
    av[ac++] = wt_self_exe();
    av[ac++] = "run";
    for (int i = 0; i < o->argc; i++)
        av[ac++] = o->argv[i];
    snprintf(seedbuf, sizeof seedbuf, "%u", seed);
    const char *own[] = {"--case", name, "--only", only, "--seed", seedbuf, "--json", json, "--progress", progress};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        av[ac++] = own[i];
    if (have_ctx)
        av[ac++] = "--no-context";
    av[ac] = NULL;
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setpgroup(&at, 0); /* its own group: ended whole, stopped members too */
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    pid_t pid;
    fflush(NULL);
    int rc = posix_spawn(&pid, av[0], NULL, &at, (char *const *)av, environ);
    posix_spawnattr_destroy(&at);
    free(av);
    return rc ? -rc : pid;
}

/* The last result name the child began (its progress file), into out; "" if none. */
static void last_begun(const char *path, char *out, size_t len)
{
    FILE *f = fopen(path, "r");
    char line[512];
    out[0] = 0;
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        snprintf(out, len, "%s", line);
    }
    fclose(f);
}

static res *find(res *R, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (!strcmp(R[i].b->name, name))
            return &R[i];
    return NULL;
}

/* Take the child's entries: a repetition joins its result, an error ends it. */
static void take(json_t **ctx, json_t *doc, res *R, int n)
{
    size_t i;
    json_t *e;
    if (!*ctx)
        *ctx = json_incref(json_object_get(doc, "context"));
    json_array_foreach(json_object_get(doc, "benchmarks"), i, e) {
        res *r = find(R, n, json_string_value(json_object_get(e, "run_name")));
        if (!r || r->err)
            continue;
        if (json_is_true(json_object_get(e, "error_occurred"))) {
            r->err = json_incref(e);
            continue;
        }
        json_t *w = json_object_get(e, "rep_wall_ns");
        r->spent_s += json_is_number(w) ? json_number_value(w) * 1e-9 : 0;
        json_object_del(e, "rep_wall_ns");
        json_array_append(r->reps, e);
    }
}

static json_t *error_entry(const char *name, const char *msg)
{
    return json_pack("{s:s, s:s, s:s, s:b, s:s}", "name", name, "run_name", name, "run_type", "iteration",
                     "error_occurred", 1, "error_message", msg);
}

/* One child: the open results of case c. Returns 0, or -1 when the child could not start. */
static int run_case(const wt_opts *o, const wt_case *c, res *R, int n, unsigned seed, const char *tmp, json_t **ctx)
{
    char only[4200], json[4200], prog[4200], err[4400], last[512], desc[128];
    snprintf(only, sizeof only, "%s.%s.only", tmp, c->name);
    snprintf(json, sizeof json, "%s.%s.json", tmp, c->name);
    snprintf(prog, sizeof prog, "%s.%s.progress", tmp, c->name);
    FILE *f = fopen(only, "w");
    if (!f)
        return -1;
    for (int i = 0; i < n; i++)
        if (R[i].b->c == c && !R[i].stop) {
            fprintf(f, "%s\n", R[i].b->name);
            R[i].tries++;
        }
    fclose(f);
    unlink(prog);
    pid_t pid = start_child(o, c->name, only, seed, json, prog, *ctx != NULL);
    if (pid < 0) {
        unlink(only);
        return -1;
    }
    int st = wt_child_wait(pid, o->timeout_s);
    kill(-pid, SIGCONT); /* a stopped member would hold the group: wake it, then end them all */
    kill(-pid, SIGKILL);
    json_t *doc = access(json, R_OK) == 0 ? wt__json_load(json, err, sizeof err) : NULL;
    if (doc) {
        wt__json_clean_names(doc);
        take(ctx, doc, R, n);
        json_decref(doc);
    }
    if (st != WT_EXIT_OK && st != WT_EXIT_FAIL && st != WT_EXIT_SKIP) {
        last_begun(prog, last, sizeof last);
        res *r = find(R, n, last);
        char msg[300];
        snprintf(msg, sizeof msg, "CRASH: the case's process %s while it ran this result; the suite goes on",
                 st == -ETIMEDOUT ? "hung (no end within --timeout)" : wt_child_status_str(st, desc, sizeof desc));
        if (r && !r->err) {
            r->err = error_entry(r->b->name, msg);
            r->crashed = 1;
        } else if (!r) {
            printf("CRASH %-56s %s\n", c->name, msg);
        }
    }
    unlink(only);
    unlink(json);
    unlink(prog);
    return 0;
}

static void shuffle(int *v, int n, unsigned *seed)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(rand_r(seed) % (unsigned)(i + 1)), t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}

/* Update r->stop after a round. */
static void judge(const wt_rules *R, res *r)
{
    if (r->err) {
        r->stop = WT_STOP_BUDGET;
        return;
    }
    int n = (int)json_array_size(r->reps), have;
    double lo, hi, med = n ? wt__rep_median(r->reps, &lo, &hi, &have) : 0;
    int stress = (r->b->c->flags & WT_STRESS) != 0;
    wt_rules win = *R; /* a window of load: at least window_min_reps of them, then the usual rule */
    if (r->b->c->flags & WT_WINDOW)
        win.min_reps = R->window_min_reps;
    if (n && (stress || (r->stop = wt__stop(&win, n, med, lo, hi, have, r->spent_s))))
        r->stop = r->stop ? r->stop : WT_STOP_PRECISE;
    else if (r->tries > R->max_reps + 3) /* repetitions keep getting lost (retried children) */
        r->err = error_entry(r->b->name, "FAIL: no repetition completed in repeated tries");
}

/* Where the run's time went: the cases that took the most, on stderr (what to trim when a quick
 * suite grows past its minutes). Consumes wall (each case taken is marked negative). */
static void time_by_case(double *wall, double total)
{
    char line[600];
    size_t len = (size_t)snprintf(line, sizeof line, "wtbench: %.0f s in cases", total);
    for (int k = 0; k < 6; k++) {
        size_t best = wt__ncases;
        for (size_t i = 0; i < wt__ncases; i++)
            if (wall[i] >= 0.05 && (best == wt__ncases || wall[i] > wall[best]))
                best = i;
        if (best == wt__ncases || len >= sizeof line - 1)
            break;
        len += (size_t)snprintf(line + len, sizeof line - len, "%s %s %.1f s", k ? "," : "; the most:",
                                wt__cases[best]->name, wall[best]);
        wall[best] = -wall[best];
    }
    fprintf(stderr, "%s\n", line);
}

int wt__supervise_run(const wt_opts *o, wt_bench *b, int nb, const char *tmp, json_t **out)
{
    wt_rules rules;
    wt__rules_for(o, &rules);
    res *R = calloc((size_t)nb, sizeof *R);
    int *order = calloc(wt__ncases, sizeof *order), ncase = 0, open = 0;
    double *wall = calloc(wt__ncases, sizeof *wall); /* per case: its children's wall time */
    json_t *ctx = NULL;
    if (!R || !order || !wall) {
        free(R), free(order), free(wall);
        return -ENOMEM;
    }
    for (int i = 0; i < nb; i++) {
        R[i].b = &b[i];
        R[i].reps = json_array();
        if (b[i].skip) {
            char m[200];
            snprintf(m, sizeof m, "SKIP: %s", b[i].skip);
            R[i].err = error_entry(b[i].name, m);
            R[i].stop = WT_STOP_BUDGET;
        } else {
            open++;
        }
    }
    for (size_t ci = 0; ci < wt__ncases; ci++)
        for (int i = 0; i < nb; i++)
            if (b[i].c == wt__cases[ci] && !b[i].skip) {
                order[ncase++] = (int)ci;
                break;
            }
    unsigned seed = o->seed ? o->seed : (unsigned)time(NULL) ^ (unsigned)getpid();
    uint64_t t0 = wt_now_ns();
    for (int round = 1; open > 0; round++) {
        shuffle(order, ncase, &seed);
        for (int k = 0; k < ncase; k++) {
            const wt_case *c = wt__cases[order[k]];
            int any = 0;
            for (int i = 0; i < nb && !any; i++)
                any = R[i].b->c == c && !R[i].stop;
            uint64_t c0 = wt_now_ns();
            if (any && run_case(o, c, R, nb, rand_r(&seed), tmp, &ctx) < 0)
                for (int i = 0; i < nb; i++)
                    if (R[i].b->c == c && !R[i].stop)
                        R[i].err = error_entry(R[i].b->name, "ERROR: cannot start a child wtbench");
            wall[order[k]] += (double)(wt_now_ns() - c0) * 1e-9;
        }
        open = 0;
        for (int i = 0; i < nb; i++) {
            if (!R[i].stop)
                judge(&rules, &R[i]);
            open += !R[i].stop;
        }
        if (isatty(2))
            fprintf(stderr, "\rround %d: %d results still sampling, %.0f s   ", round, open,
                    (double)(wt_now_ns() - t0) * 1e-9);
    }
    if (isatty(2))
        fprintf(stderr, "\n");
    time_by_case(wall, (double)(wt_now_ns() - t0) * 1e-9);
    json_t *doc = json_object(), *benches = json_array();
    json_object_set_new(doc, "context", ctx ? ctx : json_object());
    json_object_set_new(doc, "benchmarks", benches);
    for (int i = 0; i < nb; i++) {
        if (R[i].err)
            json_array_append(benches, R[i].err);
        else
            wt__aggregate_append(benches, R[i].reps, R[i].stop == WT_STOP_PRECISE);
        json_decref(R[i].err);
        json_decref(R[i].reps);
    }
    free(R);
    free(order);
    free(wall);
    *out = doc;
    return 0;
}
