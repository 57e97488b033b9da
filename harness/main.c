/* main.c: the wtbench command line. The only place that exits. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "cli.h"
#include "esc.h"

static const char usage[] =
    "usage: wtbench COMMAND [options]\n"
    "  list   [--filter RE] [--full] [--cases] [--topology SYN]   result names this machine would run\n"
    "  run    [--filter RE] [--case NAME] [--quick|--full|--smoke] [--target PCT] [--budget S]\n"
    "         [--repetitions N] [--min-time S] [--duration S] [--seed N] [--out DIR] [--pin auto|none]\n"
    "         [--topology SYN] [--timeout S] [--no-report] [--no-natives]\n"
    "         [--benchmark_* ...]                                 run cases, write DIR/results.json\n"
    "  topo   [--topology SYN]                                    placement classes, pairs, PU sets\n"
    "  env                                                        environment and noise warnings\n"
    "  report RESULTS.json [MORE.json ...] [-o DIR]               figures, index.html, findings.md\n"
    "         (DIR defaults to report/ beside the first file; run writes OUTDIR/report unless --no-report)\n"
    "  --help, --version\n"
    "SYN is an hwloc synthetic description, e.g. 'pack:2 numa:2 l3:1 core:8 pu:2' (pinning is then\n"
    "simulated); HWLOC_SYNTHETIC in the environment does the same.\n"
    "Exit codes: 0 ok, 1 failures, 2 usage or input error, 77 everything skipped.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "wtbench: expected a command: list, run, topo, env (see wtbench --help for usage)\n");
        return WT_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("wtbench %s\n", WT_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "list") || !strcmp(cmd, "run") || !strcmp(cmd, "topo")) {
        wt_opts o;
        int rc = wt__parse_opts(cmd, argc - 2, argv + 2, &o);
        if (rc) {
            free(o.extra); /* LeakSanitizer counted it on every usage error */
            return rc;
        }
        if (!strcmp(cmd, "topo"))
            rc = wt__cmd_topo(&o);
        else if (!strcmp(cmd, "list"))
            rc = wt__cmd_list(&o);
        else {
            rc = wt__cmd_run(&o, argv[0]);
            char final[4200], dir[4200], *files[] = {final};
            snprintf(final, sizeof final, "%s/results.json", o.out);
            snprintf(dir, sizeof dir, "%s/report", o.out);
            /* The parent's report step: never a per-case child's (it owns no output directory). */
            if (!o.json && o.report && (rc == WT_EXIT_OK || rc == WT_EXIT_FAIL) && access(final, R_OK) == 0) {
                int rr = wt__report_write(1, files, dir, "run");
                rc = rc ? rc : rr; /* a failed run keeps its own exit code */
            }
        }
        free(o.extra);
        return rc;
    }
    if (!strcmp(cmd, "env"))
        return wt__cmd_env();
    if (!strcmp(cmd, "report"))
        return wt__cmd_report(argc - 2, argv + 2);
    char c[300];
    fprintf(stderr, "wtbench: '%s': unknown command (expected list, run, topo, env, report)\n",
            wt_esc(cmd, c, sizeof c));
    return WT_EXIT_USAGE;
}
