/* report.c: `wtbench report RESULTS.json [MORE.json ...] [-o DIR]`. Everything is written into a
 * temporary directory beside DIR and renamed into place at the end, so there is never a half-written
 * report; a previous report in DIR is replaced. Default DIR: report/ next to the first results file. */
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "esc.h"
#include "report.h"

#define EXIT_USAGE 2

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(p);
    return 0;
}

static void rm_rf(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int mkdir_p(const char *dir)
{
    char p[4200];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0777);
            *s = '/';
        }
    return mkdir(p, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

/* May dir be replaced: absent, empty, or holding a previous report (index.html). */
static int replaceable(const char *dir)
{
    struct stat st;
    char p[4096];
    if (stat(dir, &st) < 0)
        return errno == ENOENT;
    if (!S_ISDIR(st.st_mode))
        return 0;
    snprintf(p, sizeof p, "%s/index.html", dir);
    if (access(p, F_OK) == 0)
        return 1;
    return rmdir(dir) == 0; /* empty */
}

int wt__report_write(int nfiles, char **files, const char *dir, const char *cmd)
{
    char gp[4096], err[1200] = "", tmp[4200], old[4200], ed[1000], et[1000];
    wt_esc(dir, ed, sizeof ed); /* dir and tmp as error lines show them */
    if (wt__gnuplot_find(gp, sizeof gp) < 0) {
        fprintf(stderr, "wtbench %s: gnuplot: not found on PATH, expected gnuplot (e.g. the gnuplot-nox "
                        "package) to draw the report\n", cmd);
        return EXIT_USAGE;
    }
    wt_results R;
    if (wt__results_load(&R, nfiles, files, err, sizeof err) < 0) {
        fprintf(stderr, "wtbench %s: %s\n", cmd, err);
        wt__results_free(&R);
        return EXIT_USAGE;
    }
    if (!replaceable(dir)) {
        fprintf(stderr, "wtbench %s: -o '%s': exists and is not a wtbench report, expected a new directory\n",
                cmd, ed);
        wt__results_free(&R);
        return EXIT_USAGE;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp.%d", dir, (int)getpid());
    snprintf(old, sizeof old, "%s.old.%d", dir, (int)getpid());
    wt_esc(tmp, et, sizeof et);
    rm_rf(tmp);
    int rc = 1;
    wt_figlist L = {0};
    wt_findings Fd = {0};
    if (mkdir_p(tmp) < 0) {
        fprintf(stderr, "wtbench %s: -o '%s': expected a writable directory (%s)\n", cmd, ed, strerror(errno));
        rc = EXIT_USAGE;
        goto out;
    }
    if (wt__judge_all(&R, &Fd) < 0) {
        fprintf(stderr, "wtbench %s: out of memory judging the findings\n", cmd);
        goto out;
    }
    wt__changes_sort(&R, &Fd);
    Fd.L = &L;
    if (wt__figures_write(&R, &Fd, tmp, &L) < 0) {
        fprintf(stderr, "wtbench %s: writing the figures into '%s' failed (%s)\n", cmd, et, strerror(errno));
        goto out;
    }
    if (wt__gnuplot_run(gp, tmp, &L, err, sizeof err) < 0) {
        fprintf(stderr, "wtbench %s: %s\n", cmd, err);
        rc = EXIT_USAGE;
        goto out;
    }
    for (int i = 0; i < L.n; i++)
        if (*L.v[i].note && strstr(L.v[i].note, "could not draw"))
            fprintf(stderr, "wtbench %s: warning: %s\n", cmd, L.v[i].note);
    if (wt__findings_write(&R, &Fd, tmp) < 0 || (R.nf > 1 && wt__changes_write(&R, &Fd, tmp) < 0) ||
        wt__html_write(&R, &Fd, tmp, &L) < 0) {
        fprintf(stderr, "wtbench %s: writing the report into '%s' failed (%s)\n", cmd, et, strerror(errno));
        goto out;
    }
    struct stat st;
    int had = stat(dir, &st) == 0;
    if ((had && rename(dir, old) < 0) || rename(tmp, dir) < 0) {
        fprintf(stderr, "wtbench %s: -o '%s': cannot put the report in place (%s)\n", cmd, ed, strerror(errno));
        if (had)
            rename(old, dir);
        goto out;
    }
    if (had)
        rm_rf(old);
    printf("wtbench: wrote %s/index.html and %s/findings.md (%d figures)\n", dir, dir, L.n);
    for (int f = 1; f < R.nf; f++) {
        int n, sig, slower, tested;
        wt__changes_count(&R, &Fd, f, &n, &sig, &slower, &tested);
        printf("wtbench: %s against %s: %d results compared, %d significant changes (%d slower, %d faster); "
               "%s/changes.md\n", R.f[f].label, R.f[0].label, n, sig, slower, sig - slower, dir);
    }
    rc = 0;
out:
    if (rc)
        rm_rf(tmp);
    wt__findings_free(&Fd);
    free(L.v);
    wt__results_free(&R);
    return rc;
}

int wt__cmd_report(int argc, char **argv)
{
    char **files = calloc((size_t)argc + 1, sizeof *files), dflt[4200];
    const char *dir = NULL;
    int n = 0;
    if (!files)
        return 1;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out")) {
            if (i + 1 >= argc || !*argv[i + 1]) {
                fprintf(stderr, "wtbench report: %s: missing value, expected a directory\n", argv[i]);
                free(files);
                return EXIT_USAGE;
            }
            dir = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            char ea[300];
            fprintf(stderr, "wtbench report: %s: unknown option, expected RESULTS.json... [-o DIR]\n",
                    wt_esc(argv[i], ea, sizeof ea));
            free(files);
            return EXIT_USAGE;
        } else {
            files[n++] = argv[i];
        }
    }
    if (!n) {
        fprintf(stderr, "wtbench report: missing results, expected RESULTS.json [MORE.json ...] [-o DIR]\n");
        free(files);
        return EXIT_USAGE;
    }
    if (!dir) {
        const char *slash = strrchr(files[0], '/');
        if (slash)
            snprintf(dflt, sizeof dflt, "%.*s/report", (int)(slash - files[0]), files[0]);
        else
            snprintf(dflt, sizeof dflt, "report");
        dir = dflt;
    }
    char d[4200];
    snprintf(d, sizeof d, "%s", dir);
    size_t len = strlen(d);
    while (len > 1 && d[len - 1] == '/')
        d[--len] = 0;
    int rc = wt__report_write(n, files, d, "report");
    free(files);
    return rc;
}
