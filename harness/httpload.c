/* httpload.c: the http family's load, from the harness's side: a small blocking HTTP/1.1 client on
 * keep-alive connections (setup's warm-up, and the cases' own clients), and wrk, run for one window
 * while the server is watched. wrk's figures come from a Lua done() hook (exact us values: p50,
 * p99, max, mean, the request and error counts) rather than from its rounded text. The window's
 * time is wrk's own; nothing else is timed here but deadlines. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"

int wt_http_connect(int port, int *fd)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int one = 1, s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -errno;
    if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) {
        int e = errno;
        close(s);
        return -e;
    }
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    *fd = s;
    return 0;
}

/* Wait until fd is ready for ev or the deadline (wt_now_ns) passes: 0 or -ETIMEDOUT, -errno. */
static int wait_fd(int fd, short ev, uint64_t deadline)
{
    for (;;) {
        uint64_t now = wt_now_ns();
        if (now >= deadline)
            return -ETIMEDOUT;
        struct pollfd pf = {.fd = fd, .events = ev};
        int n = poll(&pf, 1, (int)((deadline - now) / 1000000 + 1));
        if (n > 0)
            return 0;
        if (n < 0 && errno != EINTR)
            return -errno;
    }
}

int wt_http_get(int fd, const char *path, double timeout_s, int *status, char *body, size_t cap)
{
    char buf[4096];
    uint64_t deadline = wt_now_ns() + (uint64_t)(timeout_s * 1e9);
    int len = snprintf(buf, sizeof buf, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path), off = 0, rc;
    while (off < len) {
        if ((rc = wait_fd(fd, POLLOUT, deadline)) < 0)
            return rc;
        ssize_t n = send(fd, buf + off, (size_t)(len - off), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return errno == ECONNRESET ? -EPIPE : -errno;
        off += n > 0 ? (int)n : 0;
    }
    size_t got = 0, head = 0, clen = 0;
    for (;;) {
        if (head && got >= head + clen)
            break;
        if (got == sizeof buf - 1)
            return -EBADMSG; /* the suite's answers are small */
        if ((rc = wait_fd(fd, POLLIN, deadline)) < 0)
            return rc;
        ssize_t n = recv(fd, buf + got, sizeof buf - 1 - got, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno == ECONNRESET))
            return -EPIPE;
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return -errno;
        got += n > 0 ? (size_t)n : 0;
        buf[got] = 0;
        char *end;
        if (!head && (end = strstr(buf, "\r\n\r\n"))) {
            head = (size_t)(end + 4 - buf);
            if (sscanf(buf, "HTTP/1.%*[01] %d", status) != 1)
                return -EBADMSG;
            const char *h = buf;
            int found = 0;
            while ((h = strstr(h, "\r\n")) && h < end) {
                h += 2;
                if (!strncasecmp(h, "content-length:", 15)) {
                    clen = strtoull(h + 15, NULL, 10);
                    found = 1;
                }
            }
            if (!found || clen >= sizeof buf)
                return -EBADMSG;
        }
    }
    snprintf(body, cap, "%.*s", (int)clen, buf + head);
    return 0;
}

int wt_httpd_warm(wt_httpd *s, wt_run *r, const char *path, int n, int conns, double timeout_s)
{
    int fds[64], nc = conns < 1 ? 1 : conns > 64 ? 64 : conns, rc = 0, status = 0;
    char body[256];
    for (int i = 0; i < nc; i++)
        fds[i] = -1;
    for (int i = 0; i < nc && !rc; i++)
        rc = wt_http_connect(wt_httpd_port(s), &fds[i]);
    for (int i = 0; i < n && !rc; i++)
        if (!(rc = wt_http_get(fds[i % nc], path, timeout_s, &status, body, sizeof body)) && status != 200)
            rc = -EPROTO;
    for (int i = 0; i < nc; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    if (!rc)
        return 0;
    if (wt_httpd_check(s, r) < 0)
        return WT_RFAIL;
    if (rc == -EPROTO)
        return wt_fail(r, "%s: warm-up GET %s answered %d: %s", wt_httpd_name(s), path, status, body);
    return wt_fail(r, "%s: warm-up GET %s: %s", wt_httpd_name(s), path, strerror(-rc));
}

/* ---- wrk ---------------------------------------------------------------------------------- */

const char *wt_wrk_path(void)
{
    static char path[4096];
    const char *env = getenv("WTBENCH_WRK");
    if (env && *env)
        return access(env, X_OK) == 0 ? env : NULL;
    if (access("/usr/bin/wrk", X_OK) == 0)
        return "/usr/bin/wrk";
    const char *p = getenv("PATH");
    for (const char *d = p ? p : ""; *d;) {
        size_t n = strcspn(d, ":");
        if (n && snprintf(path, sizeof path, "%.*s/wrk", (int)n, d) < (int)sizeof path && access(path, X_OK) == 0)
            return path;
        d += n + (d[n] == ':');
    }
    return NULL;
}

/* wrk's done() hook: one line, "wt DURATION_US REQUESTS CONNECT READ WRITE STATUS TIMEOUT P50_US
 * P99_US MAX_US MEAN_US". */
static const char lua_done[] =
    "done = function(s, lat, req)\n"
    "  io.write(string.format(\"wt %d %d %d %d %d %d %d %d %d %d %.3f\\n\", s.duration, s.requests,\n"
    "    s.errors.connect, s.errors.read, s.errors.write, s.errors.status, s.errors.timeout,\n"
    "    lat:percentile(50), lat:percentile(99), lat.max, lat.mean))\n"
    "end\n";

static int write_script(char *path, size_t len)
{
    const char *t = getenv("TMPDIR");
    snprintf(path, len, "%s/wtbench-wrk-XXXXXX.lua", t && *t ? t : "/tmp");
    int fd = mkstemps(path, 4);
    if (fd < 0)
        return -errno;
    ssize_t n = write(fd, lua_done, sizeof lua_done - 1);
    close(fd);
    return n == (ssize_t)sizeof lua_done - 1 ? 0 : -EIO;
}

static pid_t start_wrk(const char *wrk, char *const av[], const wt_wrk_opts *o, int out)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    int any = 0;
    for (int i = 0; i < o->npus && i < WT_HTTP_MAX_PUS; i++)
        if (o->pus[i] >= 0 && wt__pin_enabled && wt__topo && !wt_topo_simulated(wt__topo)) {
            CPU_SET(o->pus[i], &set);
            any = 1;
        }
    pid_t parent = getpid();
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) { /* async-signal-safe calls only until exec */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(127);
        if (any)
            sched_setaffinity(0, sizeof set, &set);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(out, 1);
        dup2(out, 2);
        execv(wrk, av);
        _exit(127);
    }
    int e = errno;
    if (devnull >= 0)
        close(devnull);
    return pid < 0 ? -e : pid;
}

static int parse(const char *text, wt_wrk *w, long long *err)
{
    const char *l = strstr(text, "\nwt ");
    l = !strncmp(text, "wt ", 3) ? text : l ? l + 1 : NULL;
    double dur, req, p50, p99, max, mean;
    if (!l || sscanf(l, "wt %lf %lf %lld %lld %lld %lld %lld %lf %lf %lf %lf", &dur, &req, &err[0], &err[1], &err[2],
                     &err[3], &err[4], &p50, &p99, &max, &mean) != 11)
        return -1;
    w->seconds = dur * 1e-6;
    w->requests = req;
    w->per_second = dur > 0 ? req / (dur * 1e-6) : 0;
    w->p50_ns = p50 * 1e3;
    w->p99_ns = p99 * 1e3;
    w->max_ns = max * 1e3;
    w->mean_ns = mean * 1e3;
    return 0;
}

/* The last line of wrk's output that is not its summary, for messages. */
static const char *last_words(char *text)
{
    char *l = NULL;
    for (char *p = strtok(text, "\n"); p; p = strtok(NULL, "\n"))
        if (strncmp(p, "wt ", 3))
            l = p;
    return l ? l : "(no output)";
}

int wt_wrk_run(wt_httpd *s, wt_run *r, const wt_wrk_opts *o, wt_wrk *w)
{
    const char *wrk = wt_wrk_path();
    if (!wrk)
        return wt_skip(r, "wrk not found (Debian's /usr/bin/wrk: apt-get install wrk; or set WTBENCH_WRK)");
    char lua[4200], url[96], t[16], c[16], d[16], to[24], text[16384];
    int rc = write_script(lua, sizeof lua), p[2];
    if (rc < 0)
        return wt_error(r, -rc, "wrk's script file");
    if (pipe2(p, O_CLOEXEC) < 0) {
        unlink(lua);
        return wt_error(r, errno, "wrk's pipe");
    }
    int whole = (int)ceil(o->seconds);
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", wt_httpd_port(s), o->path);
    snprintf(t, sizeof t, "%d", o->threads > 0 ? o->threads : 1);
    snprintf(c, sizeof c, "%d", o->conns > 0 ? o->conns : 1);
    snprintf(d, sizeof d, "%ds", whole < 1 ? 1 : whole);
    snprintf(to, sizeof to, "%ds", (int)ceil(o->timeout_s > 1 ? o->timeout_s : 1));
    char *av[] = {(char *)wrk, "-t", t, "-c", c, "-d", d, "--timeout", to, "-s", lua, url, NULL};
    pid_t pid = start_wrk(wrk, av, o, p[1]);
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        unlink(lua);
        return wt_error(r, (int)-pid, "fork for wrk");
    }
    wt__httpd_window(s, 1);
    uint64_t t0 = wt_now_ns(), stop_at = t0 + (uint64_t)(o->seconds * 1e9), deadline = stop_at + 5000000000ull;
    int stopped = whole <= o->seconds, outcome = 0;
    size_t len = 0;
    for (;;) {
        struct pollfd pf = {.fd = p[0], .events = POLLIN};
        int n = poll(&pf, 1, 50);
        if (n > 0) {
            ssize_t k = read(p[0], text + len, sizeof text - 1 - len);
            if (k == 0 || (k < 0 && errno != EINTR))
                break; /* wrk is done */
            len += k > 0 ? (size_t)k : 0;
            if (len == sizeof text - 1) { /* keep the tail: the summary comes last */
                memmove(text, text + len / 2, len - len / 2);
                len -= len / 2;
            }
        }
        uint64_t now = wt_now_ns();
        if ((outcome = wt_httpd_check(s, r)) < 0)
            break;
        if (!stopped && now >= stop_at) {
            kill(pid, SIGINT); /* a fractional window: wrk prints its summary and ends */
            stopped = 1;
        }
        if (now >= deadline) {
            outcome = wt_fail(r, "wrk hung: no summary 5 s after its %g s window; killed", o->seconds);
            break;
        }
    }
    text[len] = 0;
    close(p[0]);
    if (!outcome)
        outcome = wt_httpd_check(s, r); /* a server that died is the reason, not wrk's errors */
    wt__httpd_window(s, 0);
    int st = wt_child_wait(pid, outcome < 0 ? 0.001 : 5); /* killed when it does not end */
    unlink(lua);
    if (outcome < 0)
        return outcome;
    long long err[5];
    char desc[96];
    if (parse(text, w, err) < 0)
        return wt_fail(r, "wrk %s without a summary: %s", wt_child_status_str(st, desc, sizeof desc), last_words(text));
    if (err[0] || err[1] || err[2] || err[4])
        return wt_fail(r, "wrk: socket errors against %s: connect %lld, read %lld, write %lld, timeout %lld (--timeout %s)",
                       wt_httpd_name(s), err[0], err[1], err[2], err[4], to);
    if (err[3])
        return wt_fail(r, "wrk: %lld answers of %s were not 2xx or 3xx", err[3], wt_httpd_name(s));
    if (w->requests < 1)
        return wt_fail(r, "wrk completed no %s request against %s in its %g s window", o->path, wt_httpd_name(s),
                       w->seconds);
    return 0;
}
