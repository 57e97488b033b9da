/* http.c: the http family's servers, from the harness's side. wt_httpd_start runs wthttpd (beside
 * wtbench) or node's httpd.js (node/ beside wtbench; node found as for the node cases) in its own
 * process group, bound to the server's first PU, with PR_SET_PDEATHSIG so that it dies with the
 * case; a watcher thread reads its lines ("listening PORT UNITS", "pin ID PU" (bound here: node
 * cannot bind its own threads), "skip TEXT", "fail TEXT", anything else kept as its last words and
 * echoed to stderr); wt_httpd_check notices its death; wt_httpd_stop kills the group and reaps it.
 * The servers' routes and lines: harness/bare/wthttpd.c and harness/node/httpd.js. No timing here. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"

#define SLOW_SEED 0x5eedu
#define READY_S 30

struct wt_httpd {
    pid_t pid;
    int fd;                    /* the server's stdout and stderr (read end) */
    int node, status, reaped;  /* status: as wt_child_wait gives it, once reaped */
    int in_window;             /* wrk is running: for messages */
    wt_thread watcher;
    _Atomic int stop;
    pthread_mutex_t mu;        /* guards what the watcher writes below */
    pthread_cond_t cv;
    int port, ended, skip, failed;
    uint64_t units, expect;
    int have_expect;
    char last[240];            /* the last "fail"/"skip" text, else the last other line */
    char what[80];
};

int wt_httpd_port(const wt_httpd *s) { return s->port; }
void wt__httpd_window(wt_httpd *s, int on) { s->in_window = on; }
const char *wt_httpd_name(const wt_httpd *s) { return s->what; }

/* h.work of wt.js in C: 32-bit multiply-xorshift steps, bit for bit what node computes. */
static uint32_t js_work(uint64_t units, uint32_t seed)
{
    uint32_t x = seed ^ 0x9e3779b9u;
    for (uint64_t i = 0; i < units; i++) {
        x = (x ^ (x >> 15)) * 0x2c1b3c6du;
        x ^= x >> 12;
    }
    return x;
}

uint64_t wt_httpd_slow_expect(wt_httpd *s)
{
    if (!s->have_expect) {
        s->expect = s->node ? js_work(s->units, SLOW_SEED) : wt_work(s->units, SLOW_SEED);
        s->have_expect = 1;
    }
    return s->expect;
}

/* Bind thread id to pu; when id is a process (its own thread group leader), every thread of it. */
static void pin_id(long id, int pu)
{
    char p[64], line[128];
    long tgid = 0;
    snprintf(p, sizeof p, "/proc/%ld/status", id);
    FILE *f = fopen(p, "r");
    while (f && fgets(line, sizeof line, f) && sscanf(line, "Tgid: %ld", &tgid) != 1)
        ;
    if (f)
        fclose(f);
    if (tgid != id) {
        wt__pin_tid((pid_t)id, pu);
        return;
    }
    snprintf(p, sizeof p, "/proc/%ld/task", id);
    DIR *d = opendir(p);
    for (struct dirent *e; d && (e = readdir(d));)
        if (e->d_name[0] != '.')
            wt__pin_tid((pid_t)atol(e->d_name), pu);
    if (d)
        closedir(d);
}

static void on_line(wt_httpd *s, char *line)
{
    int port;
    unsigned long long units;
    long id;
    int pu;
    if (sscanf(line, "pin %ld %d", &id, &pu) == 2) {
        pin_id(id, pu);
        return;
    }
    pthread_mutex_lock(&s->mu);
    if (sscanf(line, "listening %d %llu", &port, &units) == 2) {
        s->port = port;
        s->units = units;
    } else {
        int skip = !strncmp(line, "skip ", 5), fail = !strncmp(line, "fail ", 5);
        s->skip |= skip;
        s->failed |= fail;
        /* a "fail" or "skip" line is the reason and stays; what other processes of the server print
         * after it (a cluster worker's trace once its primary has gone) does not replace it */
        if (skip || fail || !(s->failed || s->skip))
            snprintf(s->last, sizeof s->last, "%.*s", (int)sizeof s->last - 1, line + (skip || fail ? 5 : 0));
        if (!skip && !fail)
            fprintf(stderr, "%s: %s\n", s->what, line);
    }
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void *watch(void *arg)
{
    wt_httpd *s = arg;
    char buf[4096];
    size_t len = 0;
    while (!atomic_load(&s->stop)) {
        struct pollfd pf = {.fd = s->fd, .events = POLLIN};
        if (poll(&pf, 1, 100) <= 0)
            continue;
        ssize_t n = read(s->fd, buf + len, sizeof buf - 1 - len);
        if (n <= 0 && !(n < 0 && errno == EINTR))
            break;
        len += n > 0 ? (size_t)n : 0;
        buf[len] = 0;
        char *p = buf, *nl;
        while ((nl = strchr(p, '\n'))) {
            *nl = 0;
            on_line(s, p);
            p = nl + 1;
        }
        len -= (size_t)(p - buf);
        memmove(buf, p, len);
        if (len == sizeof buf - 1)
            len = 0; /* a line too long to keep: dropped */
    }
    pthread_mutex_lock(&s->mu);
    s->ended = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* node as harness/node.c finds it; NULL when there is none. */
static const char *server_argv(const wt_httpd_cfg *cfg, char *prog, size_t plen, char *script, size_t slen)
{
    const char *self = wt_self_exe();
    if (!self)
        return NULL;
    const char *slash = strrchr(self, '/');
    int dl = slash ? (int)(slash - self) : 1;
    if (strcmp(cfg->server, "node")) {
        snprintf(prog, plen, "%.*s/wthttpd", dl, slash ? self : ".");
        return prog;
    }
    const char *node = wt__node_path();
    if (!node)
        return NULL;
    snprintf(prog, plen, "%s", node);
    snprintf(script, slen, "%.*s/node/httpd.js", dl, slash ? self : ".");
    return prog;
}

static int die_knob(const wt_ctx *ctx)
{
    const char *f = getenv("WTBENCH_TEST_FAULT");
    return f && !strncmp(f, "die:", 4) && !strcmp(f + 4, ctx->name) ? WT_HTTP_DIE_AT : 0;
}

static int real_pus(void) { return wt__pin_enabled && wt__topo && !wt_topo_simulated(wt__topo); }

int wt_httpd_start(wt_httpd **out, const wt_ctx *ctx, wt_run *r, const wt_httpd_cfg *cfg)
{
    char prog[4200], script[4200], a[8][64], pus[WT_HTTP_MAX_PUS * 12] = "";
    wt_httpd *s = calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return wt_error(r, ENOMEM, "the server's state");
    s->pid = -1;
    s->fd = -1;
    s->node = !strcmp(cfg->server, "node");
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    snprintf(s->what, sizeof s->what, "%s (%s mode=%s%s%s)", s->node ? "node's server" : "the C server",
             s->node ? "httpd.js" : "wthttpd", cfg->mode, cfg->loops > 1 ? " kind=" : "", cfg->loops > 1 ? cfg->kind : "");
    if (!server_argv(cfg, prog, sizeof prog, script, sizeof script))
        return s->node ? wt_skip(r, "node not found on PATH (ci/install-deps installs nodejs; or set WTBENCH_NODE)")
                       : wt_error(r, ENOENT, "the path of wtbench");
    if (access(s->node ? script : prog, R_OK) < 0)
        return wt_error(r, ENOENT, s->node ? "node/httpd.js beside wtbench" : "wthttpd beside wtbench");
    int real = real_pus();
    for (int i = 0, n = 0; i < cfg->npus && i < WT_HTTP_MAX_PUS; i++)
        n += snprintf(pus + n, sizeof pus - (size_t)n, "%s%d", i ? "," : "", real ? cfg->pus[i] : -1);
    snprintf(a[0], sizeof a[0], "mode=%s", cfg->mode);
    snprintf(a[1], sizeof a[1], "kind=%s", cfg->kind ? cfg->kind : "thread");
    snprintf(a[2], sizeof a[2], "loops=%d", cfg->loops > 0 ? cfg->loops : 1);
    snprintf(a[3], sizeof a[3], "slow_ns=%.0f", cfg->slow_ns);
    snprintf(a[4], sizeof a[4], "io_ns=%.0f", cfg->io_ns);
    snprintf(a[5], sizeof a[5], "die=%d", die_knob(ctx));
    char pusarg[sizeof pus + 8];
    snprintf(pusarg, sizeof pusarg, "pus=%s", pus);
    char *av[16];
    int ac = 0;
    av[ac++] = prog;
    if (s->node)
        av[ac++] = script;
    for (int i = 0; i < 6; i++)
        av[ac++] = a[i];
    av[ac++] = pusarg;
    av[ac] = NULL;
    int p[2], devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull < 0 || pipe2(p, O_CLOEXEC) < 0) {
        if (devnull >= 0)
            close(devnull);
        return wt_error(r, errno, "the server's pipe");
    }
    pid_t parent = getpid();
    int pu0 = real && cfg->npus > 0 ? cfg->pus[0] : -1;
    fflush(NULL);
    s->pid = fork();
    if (s->pid == 0) { /* only async-signal-safe calls until exec */
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(127);
        if (pu0 >= 0) {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(pu0, &set);
            sched_setaffinity(0, sizeof set, &set);
        }
        dup2(devnull, 0);
        dup2(p[1], 1);
        dup2(p[1], 2);
        execv(prog, av);
        _exit(127);
    }
    int err = errno;
    close(devnull);
    close(p[1]);
    s->fd = p[0];
    if (s->pid < 0) {
        close(p[0]);
        s->fd = -1;
        return wt_error(r, err, "fork for the server");
    }
    setpgid(s->pid, s->pid);
    int rc = wt_thread_start(&s->watcher, -1, watch, s);
    if (rc < 0)
        return wt_error(r, -rc, "the server's watcher thread");
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += READY_S;
    pthread_mutex_lock(&s->mu);
    while (!s->port && !s->skip && !s->failed && !s->ended)
        if (pthread_cond_timedwait(&s->cv, &s->mu, &dl) == ETIMEDOUT)
            break;
    int port = s->port, skip = s->skip, failed = s->failed, ended = s->ended;
    pthread_mutex_unlock(&s->mu);
    if (port)
        return 0;
    if (skip)
        return wt_skip(r, "%s", s->last);
    if (failed)
        return wt_fail(r, "%s: %s", s->what, s->last);
    if (ended) { /* its output closed: it is ending, if not gone */
        char desc[96];
        s->status = wt_child_wait(s->pid, 5);
        s->reaped = 1;
        return wt_fail(r, "%s ended before it listened: %s%s%s", s->what,
                       wt_child_status_str(s->status, desc, sizeof desc), s->last[0] ? "; its last line: " : "", s->last);
    }
    return wt_fail(r, "%s never answered: no \"listening\" line within %d s", s->what, READY_S);
}

int wt_httpd_check(wt_httpd *s, wt_run *r)
{
    int st;
    char desc[96];
    if (!s->reaped && s->pid > 0 && waitpid(s->pid, &st, WNOHANG) == s->pid) {
        s->reaped = 1;
        s->status = WIFEXITED(st) ? WEXITSTATUS(st) : -(1000 + WTERMSIG(st));
    }
    pthread_mutex_lock(&s->mu);
    int failed = s->failed;
    char last[sizeof s->last];
    snprintf(last, sizeof last, "%s", s->last);
    pthread_mutex_unlock(&s->mu);
    if (s->reaped)
        return wt_fail(r, "%s died %s: %s%s%s", s->what, s->in_window ? "mid-window" : "before the window",
                       wt_child_status_str(s->status, desc, sizeof desc),
                       last[0] ? "; its last line: " : "", last);
    if (failed)
        return wt_fail(r, "%s failed %s: %s", s->what, s->in_window ? "mid-window" : "before the window", last);
    return 0;
}

void wt_httpd_stop(wt_httpd *s)
{
    if (!s)
        return;
    if (s->pid > 0) {
        kill(-s->pid, SIGKILL); /* the group: loop processes, cluster workers */
        if (!s->reaped) { /* a reaped pid may already be someone else's */
            kill(s->pid, SIGKILL);
            waitpid(s->pid, NULL, 0);
        }
    }
    atomic_store(&s->stop, 1);
    if (wt_thread_join(&s->watcher, 5) == -ETIMEDOUT)
        return; /* the watcher, left detached, still reads s: leave it allocated */
    if (s->fd >= 0)
        close(s->fd);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}
