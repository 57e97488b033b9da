/* commands.c: list, topo, env, the run command's in-process runner, and the helper mode. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "run.h"
#include "shim.h"
#include "../plots/report.h"

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
        fprintf(stderr, "wtbench %s: --filter '%s': matches no result name (see 'wtbench list')\n", cmd,
                o->filter ? o->filter : "");
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

int wt__helper(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[0], "exit"))
        return atoi(argv[1]) & 0xff;
    fprintf(stderr, "wtbench --helper: expected 'exit N'\n");
    return WT_EXIT_USAGE;
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
    size_t off = 0;
    b[0] = 0;
    for (int i = 0; i < wt_topo_npus(t) && off < sizeof b - 8; i++)
        off += (size_t)snprintf(b + off, sizeof b - off, "%s%d", i ? "," : "", wt_topo_pu(t, i));
    ctx_add("pus", b, "wt_");
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

/* Run every bench in this process; Google Benchmark writes json. Returns an exit code. */
static int run_inproc(const wt_opts *o, wt_bench *b, int nb, int header)
{
    int nskip = 0;
    /* Runtimes that start helper threads on the first pthread_create (TSan's background thread)
     * do it now, so the per-case leak check does not count them. */
    pthread_t th;
    if (pthread_create(&th, NULL, nothing, NULL) == 0)
        pthread_join(th, NULL);
    add_context(o);
    int n = wt__register(b, nb, o, &nskip);
    if (n < 0) {
        fprintf(stderr, "wtbench run: registering benchmarks failed: %s\n", strerror(-n));
        return WT_EXIT_FAIL;
    }
    if (n == 0)
        return WT_EXIT_SKIP;
    wt_tally tally;
    memset(&tally, 0, sizeof tally);
    tally.tty = isatty(2);
    if (header)
        wt__table_header();
    int single = wt__repetitions(o) == 1;
    int rc = wt_gb_run(single ? wt__table_single : wt__table_cb, &tally);
    wt__table_end(&tally);
    if (rc < 0) {
        fprintf(stderr, "wtbench run: Google Benchmark failed: %s\n", strerror(-rc));
        return WT_EXIT_FAIL;
    }
    if (tally.fail || tally.error)
        return WT_EXIT_FAIL;
    return tally.ok == 0 && tally.skip + nskip > 0 ? WT_EXIT_SKIP : WT_EXIT_OK;
}

int wt__repetitions(const wt_opts *o)
{
    return o->repetitions ? o->repetitions : o->smoke ? 1 : o->quick ? 3 : 5;
}

/* Build Google Benchmark's argv and initialise it (validates --benchmark_* flags). Smoke runs use
 * a minimum time so small that one or a few iterations run. */
static int gb_init(const wt_opts *o, const char *argv0, const char *json)
{
    char **av = calloc((size_t)o->nextra + 5, sizeof *av);
    char reps[48], mt[48];
    int ac = 0;
    double min_time = o->min_time > 0 ? o->min_time : o->smoke ? 1e-6 : o->quick ? 0.01 : 0.1;
    snprintf(reps, sizeof reps, "--benchmark_repetitions=%d", wt__repetitions(o));
    snprintf(mt, sizeof mt, "--benchmark_min_time=%g", min_time);
    av[ac++] = (char *)argv0;
    av[ac++] = reps;
    av[ac++] = mt;
    if (!o->smoke)
        av[ac++] = "--benchmark_enable_random_interleaving=true";
    for (int i = 0; i < o->nextra; i++)
        av[ac++] = o->extra[i];
    char bad[256] = "";
    int rc = wt_gb_init(ac, av, json, bad, sizeof bad);
    free(av);
    if (rc < 0) {
        fprintf(stderr, "wtbench run: '%s': expected a Google Benchmark flag it knows (--benchmark_out is set by --out)\n", bad);
        return WT_EXIT_USAGE;
    }
    return 0;
}

/* mkdir -p dir and check that a file can be created there. 0 or WT_EXIT_USAGE. */
static int prepare_out(const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0777);
            *s = '/';
        }
    if (mkdir(p, 0777) < 0 && errno != EEXIST) {
        fprintf(stderr, "wtbench run: --out '%s': expected a writable directory (%s)\n", dir, strerror(errno));
        return WT_EXIT_USAGE;
    }
    if (access(p, W_OK | X_OK) < 0) {
        fprintf(stderr, "wtbench run: --out '%s': expected a writable directory (%s)\n", dir, strerror(errno));
        return WT_EXIT_USAGE;
    }
    return 0;
}

int wt__cmd_run(const wt_opts *o, const char *argv0)
{
    wt_topo *t;
    wt_bench *b;
    if (load("run", o, &t))
        return WT_EXIT_USAGE;
    int nb = expand("run", t, o, &b);
    if (nb < 0)
        return WT_EXIT_USAGE;
    char tmp[4200], final[4200];
    snprintf(tmp, sizeof tmp, "%s/.results.json.%d.tmp", o->out, (int)getpid());
    snprintf(final, sizeof final, "%s/results.json", o->out);
    int rc;
    if (o->json) /* a per-case child: the parent owns the output directory */
        rc = gb_init(o, argv0, o->json) ?: run_inproc(o, b, nb, 0);
    else if (gb_init(o, argv0, tmp) || prepare_out(o->out))
        rc = WT_EXIT_USAGE;
    else if (o->inproc) {
        rc = run_inproc(o, b, nb, 1);
        if (rc == WT_EXIT_SKIP || access(tmp, F_OK) < 0)
            unlink(tmp);
        else if (wt__json_finish(tmp, final) < 0)
            rc = WT_EXIT_FAIL;
    } else {
        rc = wt__supervise_run(o, b, nb, tmp, final);
    }
    if (o->report && (rc == WT_EXIT_OK || rc == WT_EXIT_FAIL) && access(final, R_OK) == 0) {
        char dir[4200], *files[] = {final};
        snprintf(dir, sizeof dir, "%s/report", o->out);
        int rr = wt__report_write(1, files, dir, "run");
        rc = rc ? rc : rr; /* a failed run keeps its own exit code */
    }
    free(b);
    wt_topo_free(t);
    return rc;
}
