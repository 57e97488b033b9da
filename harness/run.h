/* run.h: between run.c (benchmark bodies), main.c (the run command) and table.c (output). */
#ifndef WT_RUN_H
#define WT_RUN_H
#include "harness.h"
#include "shim.h"

/* Register the non-skipped benches with Google Benchmark; prints SKIP lines. Returns the number
 * registered or -errno. */
int wt__register(wt_bench *b, int nb, const wt_opts *o, int *nskip);

/* table.c: the readable table and outcome counts, fed by the shim's report callback. */
typedef struct wt_tally {
    int ok, fail, error, skip;
    int noisy;               /* results with CV above 5 % */
    char noisy_names[2048];
    int tty;                 /* progress on stderr */
    int total, done;
} wt_tally;
void wt__table_header(void);
void wt__table_cb(const wt_gb_result *res, void *tally);
void wt__table_single(const wt_gb_result *res, void *tally);
void wt__table_end(wt_tally *t);
/* Repetitions in effect for these options. */
int wt__repetitions(const wt_opts *o);
/* supervise.c: load tmp (tolerant), clean names, write final atomically, remove tmp. 0 or -1. */
int wt__json_finish(const char *tmp, const char *final);
#endif
