/* run.h: between run.c (one repetition per result, in a per-case child), supervise.c (rounds),
 * commands.c (the run command) and table.c (output). */
#ifndef WT_RUN_H
#define WT_RUN_H
#include <jansson.h>
#include "harness.h"
#include "shim.h"

/* Register the given benches with Google Benchmark, each to run one repetition under R. Returns
 * the number registered or -errno. */
int wt__register(wt_bench *const *b, int nb, const wt_rules *R);
extern int wt__progress_fd; /* a child writes each result's name here as it begins (-1: none) */

/* supervise.c: every round, a child per case with open results; *out gets the merged document. */
int wt__supervise_run(const wt_opts *o, wt_bench *b, int nb, const char *tmp, json_t **out);

/* table.c: outcome counts and the readable table of a merged document. */
typedef struct wt_tally {
    int ok, fail, error, skip, crash;
    int noisy; /* results whose interval stayed wider than the target */
} wt_tally;
/* Print the table; noise gets one line per imprecise result with its likely cause. */
void wt__table_print(json_t *doc, wt_tally *t, char *noise, size_t nlen);
#endif
