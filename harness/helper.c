/* helper.c: the harness's side of wtcalib, the bare helper program built beside wtbench (see
 * harness/bare/wtcalib.c). A case starts it with a loop and its arguments; the helper pins itself
 * to the case's PUs, prepares outside any timed region and times each batch with its own clock, so
 * wtbench's footprint (C++ runtime, hwloc, Google Benchmark) is never inside the yardstick. The
 * time returned is the helper's; per-operation samples go into the case's histogram. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"

extern char **environ;

struct wt_helper {
    pid_t pid;
    FILE *to, *from;
    char *line;
    size_t cap;
};

static const char *helper_path(void)
{
    static char p[4200];
    const char *self = wt_self_exe();
    if (!self)
        return NULL;
    snprintf(p, sizeof p, "%s", self);
    char *slash = strrchr(p, '/');
    snprintf(slash ? slash + 1 : p, sizeof p - (size_t)(slash ? slash + 1 - p : 0), "wtcalib");
    return p;
}

static int read_line(wt_helper *h)
{
    ssize_t n = getline(&h->line, &h->cap, h->from);
    if (n <= 0)
        return -EPIPE;
    h->line[strcspn(h->line, "\n")] = 0;
    return 0;
}

int wt_helper_start(const wt_ctx *ctx, wt_run *r, void **state, const char *args)
{
    wt_helper **out = (wt_helper **)state;
    char pu0[16], pu1[16], buf[256];
    int in[2], outp[2];
    const char *path = helper_path();
    *out = NULL;
    if (!path || access(path, X_OK) < 0)
        return wt_error(r, ENOENT, "the bare helper wtcalib beside wtbench");
    snprintf(pu0, sizeof pu0, "%d", wt__pin_enabled && !wt_topo_simulated(wt__topo) ? ctx->pu[0] : -1);
    snprintf(pu1, sizeof pu1, "%d", wt__pin_enabled && !wt_topo_simulated(wt__topo) ? ctx->pu[1] : -1);
    snprintf(buf, sizeof buf, "%s", args);
    const char *av[16] = {path};
    int ac = 1;
    char *save = NULL, *tok = strtok_r(buf, " ", &save);
    av[ac++] = tok ? tok : "";
    av[ac++] = pu0;
    av[ac++] = pu1;
    while ((tok = strtok_r(NULL, " ", &save)) && ac < 15)
        av[ac++] = tok;
    av[ac] = NULL;
    wt_helper *h = calloc(1, sizeof *h);
    if (!h || pipe2(in, O_CLOEXEC) < 0)
        return free(h), wt_error(r, errno, "helper pipes");
    if (pipe2(outp, O_CLOEXEC) < 0) {
        close(in[0]);
        close(in[1]);
        free(h);
        return wt_error(r, errno, "helper pipes");
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
    int rc = posix_spawn(&h->pid, path, &fa, NULL, (char *const *)av, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(outp[1]);
    h->to = fdopen(in[1], "w");
    h->from = fdopen(outp[0], "r");
    *out = h;
    if (rc)
        return h->pid = 0, wt_error(r, rc, "starting wtcalib");
    if (!h->to || !h->from)
        return wt_error(r, ENOMEM, "helper streams");
    if (read_line(h) < 0 || strcmp(h->line, "ready"))
        return wt_fail(r, "wtcalib %s: %s", args, h->line && *h->line ? h->line : "ended before it was ready");
    return 0;
}

int64_t wt_helper_run(void *state, wt_run *r, uint64_t iters)
{
    wt_helper *h = state;
    if (fprintf(h->to, "%llu\n", (unsigned long long)iters) < 0 || fflush(h->to) < 0 || read_line(h) < 0)
        return wt_fail(r, "wtcalib ended in the middle of a batch");
    unsigned long long ns, bad, k;
    int off = 0;
    if (sscanf(h->line, "ok %llu %llu %llu%n", &ns, &bad, &k, &off) != 3)
        return wt_fail(r, "wtcalib: %s", h->line);
    if (bad)
        return wt_fail(r, "wtcalib: %llu of %llu operations failed their check", bad, (unsigned long long)iters);
    wt_hist *hist = wt_run_hist(r);
    const char *p = h->line + off;
    for (unsigned long long i = 0; i < k; i++) {
        char *end;
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p)
            return wt_fail(r, "wtcalib: %llu samples announced, fewer sent", k);
        wt_hist_add(hist, v);
        p = end;
    }
    return (int64_t)ns;
}

int wt_helper_mem(void *state, double *rss_kib, double *pte_kib)
{
    wt_helper *h = state;
    long rss, pte;
    if (fprintf(h->to, "m\n") < 0 || fflush(h->to) < 0 || read_line(h) < 0 ||
        sscanf(h->line, "mem %ld %ld", &rss, &pte) != 2)
        return -EPIPE;
    *rss_kib = (double)rss;
    *pte_kib = (double)pte;
    return 0;
}

void wt_helper_stop(void *state)
{
    wt_helper *h = state;
    if (!h)
        return;
    if (h->to)
        fclose(h->to); /* EOF: the helper ends */
    else if (h->pid > 0)
        kill(h->pid, SIGKILL);
    if (h->pid > 0 && wt_child_wait(h->pid, 10) == -ETIMEDOUT)
        kill(h->pid, SIGKILL);
    if (h->from)
        fclose(h->from);
    free(h->line);
    free(h);
}
