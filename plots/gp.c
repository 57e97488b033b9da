/* gp.c: gnuplot and lstopo for the report: finding them on PATH, writing script headers, running
 * them with a time limit (stdin from /dev/null, output to a log), the list of figures written. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "esc.h"
#include "report.h"
#include "topo.h"

wt_figout *wt__fig_add(wt_figlist *L, const char *id, const char *section, const char *title)
{
    if (L->n == L->cap) {
        int cap = L->cap ? 2 * L->cap : 16;
        wt_figout *v = realloc(L->v, (size_t)cap * sizeof *v);
        if (!v)
            return NULL;
        L->v = v, L->cap = cap;
    }
    wt_figout *f = &L->v[L->n++];
    memset(f, 0, sizeof *f);
    snprintf(f->id, sizeof f->id, "%s", id);
    snprintf(f->section, sizeof f->section, "%s", section);
    snprintf(f->title, sizeof f->title, "%s", title);
    return f;
}

const wt_figout *wt__fig_find(const wt_figlist *L, const char *id)
{
    for (int i = 0; L && i < L->n; i++)
        if (!strcmp(L->v[i].id, id))
            return &L->v[i];
    return NULL;
}

void wt__note(wt_figout *fo, const char *fmt, ...)
{
    size_t off = fo ? strlen(fo->note) : 0;
    if (!fo || off + 2 >= sizeof fo->note)
        return;
    if (off)
        fo->note[off++] = ' ', fo->note[off] = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fo->note + off, sizeof fo->note - off, fmt, ap);
    va_end(ap);
}

FILE *wt__gp_open(const char *dir, const char *id, const char *ext)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s.%s", dir, id, ext);
    return fopen(p, "w");
}

void wt__gp_header(FILE *g, const char *id, const char *title, int w, int h)
{
    fprintf(g, "# %s.gp: written by `wtbench report`; restyle freely, then run `gnuplot %s.gp` here.\n", id, id);
    fputs("reset\n", g);
    fprintf(g, "set terminal svg size %d,%d dynamic noenhanced font 'sans,10' background '#ffffff'\n", w, h);
    fprintf(g, "set output '%s.svg'\n", id);
    if (title) {
        fputs("set title ", g);
        wt__gp_quote(g, title);
        fputc('\n', g);
    }
}

static int find_prog(const char *name, char *path, size_t len)
{
    const char *p = getenv("PATH");
    while (p && *p) {
        size_t n = strcspn(p, ":");
        snprintf(path, len, "%.*s/%s", (int)n, n ? p : ".", name);
        if (access(path, X_OK) == 0)
            return 0;
        p += n + (p[n] == ':');
    }
    return -1;
}

int wt__gnuplot_find(char *path, size_t len)
{
    return find_prog("gnuplot", path, len) == 0 || find_prog("gnuplot-nox", path, len) == 0 ? 0 : -1;
}

/* Run argv in dir with output to dir/log; the exit status, or -1 (could not start, or over limit). */
static int run_prog(char *const argv[], const char *dir, const char *log, double limit_s)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY), out;
        if (chdir(dir) < 0 || in < 0 || (out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
            _exit(127);
        dup2(in, 0), dup2(out, 1), dup2(out, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    struct timespec t0, now, nap = {0, 2000000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        int st;
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        if (w < 0 && errno != EINTR)
            return -1;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - t0.tv_sec + (now.tv_nsec - t0.tv_nsec) * 1e-9 > limit_s) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return -1;
        }
        nanosleep(&nap, NULL); /* waiting for the child, not timing anything */
    }
}

/* First line of dir/log that says something, into out. */
static void log_line(const char *dir, const char *log, char *out, size_t len)
{
    char p[4096], line[512];
    snprintf(p, sizeof p, "%s/%s", dir, log);
    FILE *f = fopen(p, "r");
    snprintf(out, len, "no message");
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (strspn(line, " ^") < strlen(line)) {
            wt_esc(line, out, len); /* gnuplot quotes the script, and so the input, back */
            if (strstr(line, "rror") || strstr(line, "line "))
                break;
        }
    }
    if (f)
        fclose(f);
}

int wt__gnuplot_run(const char *gp, const char *dir, const wt_figlist *L, char *err, size_t errlen)
{
    for (int i = 0; i < L->n; i++) {
        wt_figout *f = &L->v[i];
        if (f->section[0] == 0 || f->table || f->nodraw)
            continue;
        char script[128], svg[4096], log[] = ".gnuplot.log";
        snprintf(script, sizeof script, "%s.gp", f->id);
        char *argv[] = {(char *)gp, script, NULL};
        int rc = run_prog(argv, dir, log, 60);
        struct stat st;
        snprintf(svg, sizeof svg, "%s/%s.svg", dir, f->id);
        if (rc != 0 || stat(svg, &st) < 0 || st.st_size == 0) {
            char why[300];
            log_line(dir, log, why, sizeof why);
            if (rc == 127 && i == 0) {
                char eg[600];
                snprintf(err, errlen, "'%s': expected a runnable gnuplot", wt_esc(gp, eg, sizeof eg));
                return -1;
            }
            /* keep the script and data; the page says why the picture is missing */
            snprintf(f->note, sizeof f->note, "gnuplot could not draw %.60s.gp: %.300s", f->id, why);
            unlink(svg);
        }
        snprintf(svg, sizeof svg, "%s/%s", dir, log);
        unlink(svg);
    }
    return 0;
}

/* lstopo's picture of the machine that produced file f: only when it is this host (or a synthetic
 * topology lstopo can rebuild). Writes dir/machine-F.svg; 1 drawn, 0 not (note says why). */
int wt__lstopo(const wt_results *R, int f, const char *dir, char *note, size_t notelen)
{
    char prog[4096], host[256] = "", out[64];
    const char *rhost = wt__ctx(R, f, WT_X_HOST), *topo = wt__ctx(R, f, WT_X_TOPOLOGY);
    int synthetic = topo && strcmp(topo, "this machine") != 0;
    snprintf(out, sizeof out, "machine-%d.svg", f + 1);
    if (synthetic && !strncmp(topo, "synthetic: ", 11))
        topo += 11; /* the context says "synthetic: DESCRIPTION"; lstopo -i takes the description */
    if (synthetic && wt_topo_synthetic_pus(topo) > WT_TOPO_MAX_PUS) {
        snprintf(note, notelen, "the synthetic topology has more than %d PUs: no lstopo picture", WT_TOPO_MAX_PUS);
        return 0;
    }
    gethostname(host, sizeof host - 1);
    if (find_prog("lstopo-no-graphics", prog, sizeof prog) && find_prog("lstopo", prog, sizeof prog)) {
        snprintf(note, notelen, "lstopo not found on PATH: no picture of the machine");
        return 0;
    }
    if (!synthetic && (!rhost || strcmp(rhost, host))) {
        snprintf(note, notelen, "the results come from host '%s', not this one: no lstopo picture",
                 rhost ? rhost : "?");
        return 0;
    }
    char *argv[] = {prog, "--of", "svg", "-f", out, NULL, NULL, NULL};
    if (synthetic)
        argv[4] = "-i", argv[5] = (char *)topo, argv[6] = out;
    int rc = run_prog(argv, dir, ".lstopo.log", 30);
    char p[4096];
    snprintf(p, sizeof p, "%s/.lstopo.log", dir);
    if (rc != 0)
        log_line(dir, ".lstopo.log", note, notelen);
    unlink(p);
    snprintf(p, sizeof p, "%s/%s", dir, out);
    if (rc != 0 || access(p, R_OK) < 0) {
        unlink(p);
        if (rc == 0)
            snprintf(note, notelen, "lstopo wrote no picture");
        return 0;
    }
    snprintf(note, notelen, "lstopo's picture of %s", synthetic ? "the synthetic topology" : "this machine");
    return 1;
}
