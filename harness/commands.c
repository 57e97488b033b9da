/* commands.c: list, topo, env, the run command (parent: rounds; child: one repetition per result). */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "esc.h"
#include "run.h"
#include "shim.h"

static int load(const char *cmd, const wt_opts *o, wt_topo **t)
{
    char err[512];
    if (wt_topo_load(t, o->topology, err, sizeof err) < 0) {
        fprintf(stderr, "wtbench %s: %s\n", cmd, err);
        return WT_EXIT_USAGE;
    }
    wt__topo = *t;
    wt__pin_enabled = o->pin;
    return 0;
}

static int expand(const char *cmd, const wt_topo *t, const wt_opts *o, wt_bench **b)
{
    char err[512];
    int n = wt__expand(t, o, b, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "wtbench %s: %s\n", cmd, err);
        return -1;
    }
    if (n == 0) {
        char e[600];
        fprintf(stderr, "wtbench %s: --filter '%s': matches no result name (see 'wtbench list')\n", cmd,
                wt_esc(o->filter, e, sizeof e));
        free(*b);
        return -1;
    }
    return n;
}

int wt__cmd_list(const wt_opts *o)
{
    if (o->inproc) { /* --cases */
        for (size_t i = 0; i < wt__ncases; i++)
            printf("%-18s needs %u PU%s  %s\n", wt__cases[i]->name, wt__cases[i]->min_pus,
                   wt__cases[i]->min_pus == 1 ? " " : "s", wt__cases[i]->summary);
        return 0;
    }
    wt_topo *t;
    wt_bench *b;
    if (load("list", o, &t))
        return WT_EXIT_USAGE;
    int n = expand("list", t, o, &b);
    if (n < 0) {
        wt_topo_free(t);
        return WT_EXIT_USAGE;
    }
    for (int i = 0; i < n; i++)
        printf(b[i].skip ? "%s  (skip: %s)\n" : "%s\n", b[i].name, b[i].skip);
    free(b);
    wt_topo_free(t);
    return 0;
}

int wt__cmd_topo(const wt_opts *o)
{
    wt_topo *t;
    if (load("topo", o, &t))
        return WT_EXIT_USAGE;
    wt_topo_print(t, stdout);
    wt_topo_free(t);
    return 0;
}

static void print_kv(const char *k, const char *v, void *arg)
{
    (void)arg;
    printf("%-16s %s\n", k, v);
}

int wt__cmd_env(void)
{
    wt_clockinfo ci;
    char w[2048];
    wt__env_capture(print_kv, NULL);
    wt__clock_calibrate(&ci);
    printf("%-16s CLOCK_MONOTONIC, resolution %.1f ns (getres %.0f ns), read cost %.1f ns\n", "clock",
           ci.resolution_ns, ci.getres_ns, ci.read_ns);
    if (wt__env_warnings(w, sizeof w))
        printf("warnings:\n%s", w);
    return 0;
}

static void ctx_add(const char *k, const char *v, void *arg)
{
    char key[80];
    snprintf(key, sizeof key, "%s%s", (const char *)arg, k);
    wt_gb_context(key, v);
}

static void add_context(const wt_opts *o)
{
    char b[1024];
    wt_clockinfo ci;
    const wt_topo *t = wt__topo;
    wt__clock_calibrate(&ci);
    ctx_add("mode", o->smoke ? "smoke" : o->quick ? "quick" : "full", "wt_");
    ctx_add("topology", wt_topo_source(t), "wt_");
    wt_topo_shape_str(t, b, sizeof b);
    ctx_add("topology_shape", b, "wt_");
    wt_topo_pairs_str(t, b, sizeof b);
    ctx_add("placement_pairs", b, "wt_");
    ctx_add("pinning", !o->pin ? "off" : wt_topo_simulated(t) ? "simulated" : "bound and read back", "wt_");
    size_t off = 0, plen = 12 * (size_t)wt_topo_npus(t) + 1; /* whole: every PU, however many */
    char *pus = malloc(plen);
    if (pus) {
        pus[0] = 0;
        for (int i = 0; i < wt_topo_npus(t); i++)
            off += (size_t)snprintf(pus + off, plen - off, "%s%d", i ? "," : "", wt_topo_pu(t, i));
        ctx_add("pus", pus, "wt_");
        free(pus);
    }
    size_t maplen = wt_topo_pu_map_str(t, NULL, 0) + 1; /* whole: a fixed 64 KiB cut big machines' maps */
    char *map = malloc(maplen);
    if (map) {
        wt_topo_pu_map_str(t, map, maplen);
        ctx_add("pu_map", map, "wt_");
        free(map);
    }
    ctx_add("clock", "CLOCK_MONOTONIC", "wt_");
    snprintf(b, sizeof b, "%.1f", ci.resolution_ns);
    ctx_add("clock_resolution_ns", b, "wt_");
    snprintf(b, sizeof b, "%.1f", ci.read_ns);
    ctx_add("clock_read_ns", b, "wt_");
    ctx_add("clock_overhead", "reported, never subtracted", "wt_");
    wt__env_capture(ctx_add, "wt_env_");
    wt__env_warnings(b, sizeof b);
    ctx_add("warnings", b, "wt_");
}

static void *nothing(void *arg) { return arg; }

/* Initialise Google Benchmark with the pass-through --benchmark_* flags (validated; the harness
 * owns repetitions, timing and selection). */
static int gb_init(const wt_opts *o, const char *argv0, const char *json)
{
    char **av = calloc((size_t)o->nextra + 2, sizeof *av);
    int ac = 0;
    if (!av)
        return WT_EXIT_FAIL;
    av[ac++] = (char *)argv0;
    for (int i = 0; i < o->nextra; i++)
        av[ac++] = o->extra[i];
    char bad[256] = "";
    int rc = wt_gb_init(ac, av, json, bad, sizeof bad);
    free(av);
    if (rc < 0) {
        char e[600];
        fprintf(stderr, "wtbench run: '%s': expected a Google Benchmark flag it knows and wtbench does not own "
                        "(--out, --repetitions, --min-time, --filter set those)\n", wt_esc(bad, e, sizeof e));
        return WT_EXIT_USAGE;
    }
    return 0;
}

/* Pointers to the benches named in the file o->only (one a line; all when NULL), in the order of
 * o->seed. Returns the count, or -1 when the file cannot be read. */
static int select_only(const wt_opts *o, wt_bench *b, int nb, wt_bench **sel)
{
    char line[512];
    int n = 0;
    if (!o->only) {
        for (int i = 0; i < nb; i++)
            if (!b[i].skip)
                sel[n++] = &b[i];
    } else {
        FILE *f = fopen(o->only, "r");
        if (!f)
            return -1;
        while (fgets(line, sizeof line, f) && n < nb) {
            line[strcspn(line, "\n")] = 0;
            for (int i = 0; i < nb; i++)
                if (!strcmp(b[i].name, line) && !b[i].skip) {
                    sel[n++] = &b[i];
                    break;
                }
        }
        fclose(f);
    }
    unsigned seed = o->seed;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(rand_r(&seed) % (unsigned)(i + 1));
        wt_bench *t = sel[i];
        sel[i] = sel[j];
        sel[j] = t;
    }
    return n;
}

/* A per-case child: one repetition of each result named in --only, in random order; Google
 * Benchmark writes o->json. Returns an exit code (the parent reads outcomes from the file). */
static int run_child(const wt_opts *o, const char *argv0, wt_bench *b, int nb)
{
    wt_rules R;
    wt__rules_for(o, &R);
    static wt_bench **sel; /* registered pointers stay valid while Google Benchmark runs */
    if (!(sel = calloc((size_t)nb + 1, sizeof *sel)))
        return WT_EXIT_FAIL;
    if ((nb = select_only(o, b, nb, sel)) < 0) {
        char e[600];
        fprintf(stderr, "wtbench run: --only '%s': expected a readable file of result names\n", wt_esc(o->only, e, sizeof e));
        free(sel);
        return WT_EXIT_USAGE;
    }
    if (nb == 0) {
        free(sel);
        return WT_EXIT_SKIP;
    }
    if (o->progress && (wt__progress_fd = open(o->progress, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
        char e[600];
        fprintf(stderr, "wtbench run: --progress '%s': expected a writable file\n", wt_esc(o->progress, e, sizeof e));
        return WT_EXIT_USAGE;
    }
    int rc = gb_init(o, argv0, o->json);
    if (rc)
        return rc;
    /* Runtimes that start helper threads on the first pthread_create (TSan's background thread)
     * do it now, so the per-case leak check does not count them. */
    pthread_t th;
    if (pthread_create(&th, NULL, nothing, NULL) == 0)
        pthread_join(th, NULL);
    if (!o->no_context) /* the first child of a run measures the clock and captures the environment */
        add_context(o);
    int n = wt__register(sel, nb, &R);
    if (n < 0) {
        fprintf(stderr, "wtbench run: registering benchmarks failed: %s\n", strerror(-n));
        return WT_EXIT_FAIL;
    }
    rc = wt_gb_run(NULL, NULL);
    free(sel);
    if (rc < 0) {
        fprintf(stderr, "wtbench run: Google Benchmark failed: %s\n", strerror(-rc));
        return WT_EXIT_FAIL;
    }
    return WT_EXIT_OK;
}

/* mkdir -p dir and check that a file can be created there. 0 or WT_EXIT_USAGE. */
static int prepare_out(const char *dir)
{
    char p[4096], e[600];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0777);
            *s = '/';
        }
    if (mkdir(p, 0777) < 0 && errno != EEXIST) {
        fprintf(stderr, "wtbench run: --out '%s': expected a writable directory (%s)\n", wt_esc(dir, e, sizeof e), strerror(errno));
        return WT_EXIT_USAGE;
    }
    if (access(p, W_OK | X_OK) < 0) {
        fprintf(stderr, "wtbench run: --out '%s': expected a writable directory (%s)\n", wt_esc(dir, e, sizeof e), strerror(errno));
        return WT_EXIT_USAGE;
    }
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

/* The parent: rounds of per-case children, then the table, the rules in the context, the file. */
static int run_parent(const wt_opts *o, wt_bench *b, int nb)
{
    char tmp[4200], final[4200];
    snprintf(tmp, sizeof tmp, "%s/.results.json.%d.tmp", o->out, (int)getpid());
    /* Validate the pass-through flags here (the children get them too); nothing is written yet. */
    if (gb_init(o, "wtbench", tmp) || prepare_out(o->out))
        return WT_EXIT_USAGE;
    snprintf(final, sizeof final, "%s/results.json", o->out);
    json_t *doc;
    if (wt__supervise_run(o, b, nb, tmp, &doc) < 0) {
        fprintf(stderr, "wtbench run: out of memory\n");
        return WT_EXIT_FAIL;
    }
    wt_tally t;
    memset(&t, 0, sizeof t);
    size_t nlen = 400 * (size_t)nb + 1;
    char *noise = malloc(nlen), rb[256];
    if (!noise) {
        json_decref(doc);
        return WT_EXIT_FAIL;
    }
    wt__table_print(doc, &t, noise, nlen);
    wt_rules R;
    wt__rules_for(o, &R);
    json_t *ctx = json_object_get(doc, "context");
    snprintf(rb, sizeof rb, "target ±%g%% (95 %% interval of the median), %d to %d repetitions, budget %g s a result, "
             "repetition >= %g s and >= %llu ops (long ones: 4x and 3, or 8x and 2), warm-up %g to %g s", R.target * 100, R.min_reps, R.max_reps,
             R.budget_s, R.rep_min_s, (unsigned long long)R.rep_min_ops, R.warm_min_s, R.warm_max_s);
    json_object_set_new(ctx, "wt_rules", json_string(rb));
    json_object_set_new(ctx, "wt_noise", json_string(noise));
    free(noise);
    int ran = t.ok + t.fail + t.error + t.crash;
    int rc = ran == 0 ? WT_EXIT_SKIP : t.fail || t.error || t.crash ? WT_EXIT_FAIL : WT_EXIT_OK;
    if (ran && write_final(doc, tmp, final) < 0)
        rc = WT_EXIT_FAIL;
    json_decref(doc);
    fprintf(stderr, "wtbench: %d ok, %d failed, %d errors, %d skipped, %d crashed or hung\n", t.ok, t.fail, t.error,
            t.skip, t.crash);
    if (!ran)
        fprintf(stderr, "wtbench: every selected result was skipped on this machine\n");
    return rc;
}

int wt__cmd_run(const wt_opts *o, const char *argv0)
{
    wt_topo *t;
    wt_bench *b;
    if (load("run", o, &t))
        return WT_EXIT_USAGE;
    int nb = expand("run", t, o, &b);
    if (nb < 0) {
        wt_topo_free(t);
        return WT_EXIT_USAGE;
    }
    int rc = o->json ? run_child(o, argv0, b, nb) : run_parent(o, b, nb);
    free(b);
    wt_topo_free(t);
    return rc;
}
