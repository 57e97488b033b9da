/* harness.h: the harness's internal interfaces (not for cases). */
#ifndef WT_HARNESS_H
#define WT_HARNESS_H

#include <stdio.h>
#include "wt.h"
#include "../topology/topo.h"

typedef struct wt_clockinfo {
    double getres_ns;     /* clock_getres() */
    double resolution_ns; /* smallest non-zero step observed */
    double read_ns;       /* cost of one wt_now_ns() */
} wt_clockinfo;
void wt__clock_calibrate(wt_clockinfo *ci);

/* Options of `wtbench run` and `wtbench list`. */
typedef struct wt_opts {
    const char *filter;   /* POSIX extended regex over result names, NULL: all */
    const char *only_case;/* internal: restrict to one case (per-case child) */
    int quick, smoke;     /* mode: quick (default), full (quick = 0), smoke (tiny, verification) */
    int repetitions;      /* 0: mode default */
    double min_time;      /* 0: mode default */
    double duration_s;    /* stress cases' duration; 0: mode default */
    double window_s;      /* WT_WINDOW cases' window: --duration, else smoke and quick 1 s, full 3 s */
    double target;        /* relative half-width of a median's 95 % interval to stop at; 0: 2 % */
    double budget_s;      /* per result: repetition time after which it stops; 0: mode default */
    const char *only;     /* internal: a file of result names (one a line) a per-case child runs */
    const char *progress; /* internal: a child writes each result's name here as it begins it */
    unsigned seed;        /* internal: the round's seed for the child's random order */
    int no_context;       /* internal: the parent has the context already (clock, environment) */
    const char *out;      /* output directory */
    const char *json;     /* internal: a child writes here */
    int pin;              /* 1 auto, 0 none */
    const char *topology; /* synthetic description or NULL */
    int inproc;           /* list --cases: case summaries instead of result names */
    double timeout_s;     /* per-case child limit */
    int report;           /* write the report after the run */
    int no_natives;       /* --no-natives: a filter selects no native counterparts (wt_case.native) */
    int nextra;           /* --benchmark_* flags passed through */
    char **extra;
    int argc;             /* the command's own arguments (after "run"): a child gets them all again */
    char **argv;
} wt_opts;

/* One expanded instance: case x parameter values x placement. */
typedef struct wt_bench {
    const wt_case *c;
    char name[200];
    wt_ctx ctx;
    char vals[WT_MAX_PARAMS][32];
    const char *skip; /* reason, when this machine cannot host it (registration time) */
    char skipbuf[96];
} wt_bench;

/* measure.c: the measurement rules (pure functions, unit-tested) */
typedef struct wt_rules {
    double target;        /* stop when the median's 95 % interval half-width <= target x median */
    int min_reps, max_reps;
    int window_min_reps;  /* WT_WINDOW cases: the fewest repetitions (3; smoke 1; --repetitions) */
    double budget_s;      /* per result: summed repetition wall time past which it stops anyway */
    double rep_min_s;     /* timed time per repetition, at least */
    uint64_t rep_min_ops; /* timed operations per repetition, at least (never one) */
    double sample_min_s;  /* one run() call (a sample) lasts at least this: short ops are batched */
    double warm_min_s, warm_max_s; /* warm-up time: at least, and at most when never steady */
    double steady_tol;    /* two consecutive warm batches within this fraction: steady state */
} wt_rules;
void wt__rules_for(const wt_opts *o, wt_rules *R);
#define WT_MAX_BATCH (1ull << 30)
typedef struct wt_warm {
    uint64_t n;           /* batch size now (becomes the sample size) */
    uint64_t ops;         /* warm operations so far */
    double prev, last;    /* ns per op of the last two batches at the final size */
    int steady;
} wt_warm;
/* Feed one warm-up batch: ops took ns; wall_s since warm-up began. Returns the next batch size,
 * or 0 when warm (steady after warm_min_s and at least one op, or warm_max_s spent). */
uint64_t wt__warm_next(wt_warm *w, const wt_rules *R, uint64_t ops, double ns, double wall_s);
/* Median of x[0..n) and its distribution-free 95 % interval from order statistics. 0, or -1 when
 * n is too small for a 95 % interval (lo, hi are then the min and max). */
int wt__median_ci(const double *x, int n, double *med, double *lo, double *hi);
enum { WT_STOP_NO = 0, WT_STOP_PRECISE = 1, WT_STOP_BUDGET = 2 };
int wt__stop(const wt_rules *R, int n, double med, double lo, double hi, int have_ci, double spent_s);

/* registry.c */
extern const wt_case *const wt__cases[]; /* generated from the files in cases/, NULL-terminated */
extern const size_t wt__ncases;
const wt_case *wt__case_find(const char *name);
/* Expand every case matching opts into *out (malloc'd). Returns the count, or -1 with a
 * one-line message in err (bad filter). */
int wt__expand(const wt_topo *t, const wt_opts *o, wt_bench **out, char *err, size_t errlen);

/* placement state used by the pinning helpers (run.c sets it) */
extern const wt_topo *wt__topo;
extern int wt__pin_enabled;
/* Bind thread tid (of this process or a helper it started) to pu: 0 or -errno; no-op when pinning
 * is off or simulated. */
int wt__pin_tid(pid_t tid, int pu);
/* Start a helper program av (av[0] a path) for a case and wait for its first answer ("ready", or
 * "skip TEXT", "error TEXT"); the protocol of harness/helper.c. what names it in messages. */
int wt__helper_open(const wt_ctx *ctx, wt_run *r, void **state, char *const av[], const char *what);
/* Setup of every node case (harness/node.c); its run and teardown are wt_helper_run and
 * wt_helper_stop. The descriptors are generated from the case files in cases/node/. */
int wt_node_setup(const wt_ctx *ctx, wt_run *r, void **state);
/* node from $WTBENCH_NODE, else the first node (or nodejs) on $PATH; NULL if none (node.c; the
 * http family's node server is started with the same node). */
const char *wt__node_path(void);
/* http.c: mark a server's window (wrk running) on or off, for its messages (httpload.c). */
void wt__httpd_window(wt_httpd *s, int on);
extern _Atomic unsigned wt__migrations;

/* env.c: environment capture; calls add(key, value) for each fact; fills warnings */
typedef void (*wt_kv_fn)(const char *key, const char *value, void *arg);
void wt__env_capture(wt_kv_fn add, void *arg);
/* Noise warnings, one per line, into buf; returns the count. */
int wt__env_warnings(char *buf, size_t len);



/* util */
int wt__parse_size(const char *s, int64_t *out); /* 0 or -EINVAL; K/M/G binary suffixes */

#endif
