/* helper.c: the harness's side of wtcalib, the bare helper program built beside wtbench (see
 * harness/bare/wtcalib.c). A case starts it with a loop and its arguments; the helper pins itself
 * to the case's PUs, prepares outside any timed region and times each batch with its own clock, so
 * wtbench's footprint (C++ runtime, hwloc, Google Benchmark) is never inside the yardstick. The
 * time returned is the helper's; per-operation samples go into the case's histogram. The same
 * protocol serves node (harness/node.c): it may also ask for one of its threads to be pinned
 * ("pin TID IDX") and end a batch's answer with counters (NAME=VALUE, NAME+=VALUE). */
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
    int pu[2];        /* the case's PUs, for "pin TID IDX" requests */
    struct {
        char name[48];
        double sum;
    } sums[8];        /* NAME+=VALUE counters: running totals over this instance's batches */
    int nsums;
    char what[64];    /* the helper's name in messages */
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

/* Next answer line. "pin TID IDX" lines (a helper asking that one of its threads be bound to the
 * case's PU IDX: node's worker threads; IDX 2 and up is wt_pu(IDX), the machine's IDX-th PU, so
 * that a pool's workers spread like a native pool's) are served here and answered "pinned RC". */
static int read_line(wt_helper *h)
{
    for (;;) {
        ssize_t n = getline(&h->line, &h->cap, h->from);
        if (n <= 0)
            return -EPIPE;
        h->line[strcspn(h->line, "\n")] = 0;
        long tid;
        int idx;
        if (sscanf(h->line, "pin %ld %d", &tid, &idx) != 2)
            return 0;
        int rc = idx < 0 ? -EINVAL : wt__pin_tid((pid_t)tid, idx < 2 ? h->pu[idx] : wt_pu(idx));
        if (fprintf(h->to, "pinned %d\n", rc) < 0 || fflush(h->to) < 0)
            return -EPIPE;
    }
}

/* The first answer: "ready", or "skip TEXT" (cannot run here), "error TEXT" (the environment
 * refused), anything else a failure. */
static int first_answer(wt_helper *h, wt_run *r)
{
    if (read_line(h) < 0)
        return wt_fail(r, "%s ended before it was ready", h->what);
    if (!strcmp(h->line, "ready"))
        return 0;
    if (!strncmp(h->line, "skip ", 5))
        return wt_skip(r, "%s", h->line + 5);
    if (!strncmp(h->line, "error ", 6))
        return wt_error(r, EAGAIN, h->line + 6);
    return wt_fail(r, "%s: %s", h->what, h->line);
}

int wt__helper_open(const wt_ctx *ctx, wt_run *r, void **state, char *const av[], const char *what)
{
    wt_helper **out = (wt_helper **)state;
    int in[2], outp[2];
    wt_helper *h = calloc(1, sizeof *h);
    *out = NULL;
    if (!h || pipe2(in, O_CLOEXEC) < 0)
        return free(h), wt_error(r, errno, "helper pipes");
    if (pipe2(outp, O_CLOEXEC) < 0) {
        close(in[0]);
        close(in[1]);
        free(h);
        return wt_error(r, errno, "helper pipes");
    }
    h->pu[0] = ctx->pu[0];
    h->pu[1] = ctx->pu[1];
    snprintf(h->what, sizeof h->what, "%s", what);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
    /* The child inherits the calling thread's binding: the case's first PU. */
    int rc = posix_spawn(&h->pid, av[0], &fa, NULL, av, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(outp[1]);
    h->to = fdopen(in[1], "w");
    h->from = fdopen(outp[0], "r");
    *out = h;
    if (rc)
        return h->pid = 0, wt_error(r, rc, what);
    if (!h->to || !h->from)
        return wt_error(r, ENOMEM, "helper streams");
    return first_answer(h, r);
}

int wt_helper_start(const wt_ctx *ctx, wt_run *r, void **state, const char *args)
{
    char pu0[16], pu1[16], buf[256], what[96];
    const char *path = helper_path();
    *state = NULL;
    if (!path || access(path, X_OK) < 0)
        return wt_error(r, ENOENT, "the bare helper wtcalib beside wtbench");
    snprintf(pu0, sizeof pu0, "%d", wt__pin_enabled && !wt_topo_simulated(wt__topo) ? ctx->pu[0] : -1);
    snprintf(pu1, sizeof pu1, "%d", wt__pin_enabled && !wt_topo_simulated(wt__topo) ? ctx->pu[1] : -1);
    snprintf(buf, sizeof buf, "%s", args);
    snprintf(what, sizeof what, "wtcalib %s", args);
    char *av[16] = {(char *)path};
    int ac = 1;
    char *save = NULL, *tok = strtok_r(buf, " ", &save);
    av[ac++] = tok ? tok : "";
    av[ac++] = pu0;
    av[ac++] = pu1;
    while ((tok = strtok_r(NULL, " ", &save)) && ac < 15)
        av[ac++] = tok;
    av[ac] = NULL;
    return wt__helper_open(ctx, r, state, av, what);
}

int64_t wt_helper_run(void *state, wt_run *r, uint64_t iters)
{
    wt_helper *h = state;
    if (fprintf(h->to, "%llu\n", (unsigned long long)iters) < 0 || fflush(h->to) < 0 || read_line(h) < 0)
        return wt_fail(r, "%s ended in the middle of a batch", h->what);
    unsigned long long ns, bad, k;
    int off = 0;
    if (!strncmp(h->line, "skip ", 5))
        return wt_skip(r, "%s", h->line + 5);
    if (sscanf(h->line, "ok %llu %llu %llu%n", &ns, &bad, &k, &off) != 3)
        return wt_fail(r, "%s: %s", h->what, h->line);
    if (bad)
        return wt_fail(r, "%s: %llu of %llu operations failed their check", h->what, bad,
                       (unsigned long long)iters);
    wt_hist *hist = wt_run_hist(r);
    const char *p = h->line + off;
    for (unsigned long long i = 0; i < k; i++) {
        char *end;
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p)
            return wt_fail(r, "%s: %llu samples announced, fewer sent", h->what, k);
        wt_hist_add(hist, v);
        p = end;
    }
    /* Then counters: NAME=VALUE, a level (wt_counter flags 0), the last batch's value; NAME+=VALUE,
     * this batch's total of a per-operation quantity, summed over the batches like a native case's
     * running total and reported per operation after the warm-up (WT_CTR_PER_ITER). */
    for (;;) {
        char name[48];
        double v;
        int used = 0, sum = 0;
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (sscanf(p, "%47[A-Za-z0-9_]%n", name, &used) != 1)
            return wt_fail(r, "%s: bad counter in \"%s\"", h->what, p);
        sum = p[used] == '+';
        p += used + sum;
        if (sscanf(p, "=%lf%n", &v, &used) != 1)
            return wt_fail(r, "%s: bad counter %s in \"%s\"", h->what, name, p);
        p += used;
        if (!sum) {
            wt_counter(r, name, v, 0);
            continue;
        }
        int i = 0;
        while (i < h->nsums && strcmp(h->sums[i].name, name))
            i++;
        if (i == (int)(sizeof h->sums / sizeof h->sums[0]))
            return wt_fail(r, "%s: more than %d NAME+= counters", h->what, i);
        if (i == h->nsums) {
            snprintf(h->sums[i].name, sizeof h->sums[i].name, "%s", name);
            h->sums[h->nsums++].sum = 0;
        }
        h->sums[i].sum += v;
        wt_counter(r, name, h->sums[i].sum, WT_CTR_PER_ITER);
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
