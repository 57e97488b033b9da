/* cli.h: the commands behind main.c. Each returns an exit code. */
#ifndef WT_CLI_H
#define WT_CLI_H
#include "harness.h"

#ifdef WT_HAVE_VERSION_H
#include "wt_version.h"
#endif
#ifndef WT_VERSION
#define WT_VERSION "unknown"
#endif

/* Parse the options of list/run/topo into o. 0, or WT_EXIT_USAGE after one line on stderr. */
int wt__parse_opts(const char *cmd, int argc, char **argv, wt_opts *o);
int wt__cmd_list(const wt_opts *o);
int wt__cmd_run(const wt_opts *o, const char *argv0);
int wt__cmd_topo(const wt_opts *o);
int wt__cmd_env(void);
/* The report tool (plots/report.c), a command main dispatches to; harness/ includes nothing of plots/. */
int wt__cmd_report(int argc, char **argv);
int wt__report_write(int nfiles, char **files, const char *dir, const char *cmd);
#endif
