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
    const char *out;      /* output directory */
    const char *json;     /* internal: a child writes here */
    int pin;              /* 1 auto, 0 none */
    const char *topology; /* synthetic description or NULL */
    int inproc;           /* 1: run every case in this process (no per-case child) */
    double timeout_s;     /* per-case child limit */
    int report;           /* write the report after the run */
    int nextra;           /* --benchmark_* flags passed through */
    char **extra;
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
extern _Atomic unsigned wt__migrations;

/* env.c: environment capture; calls add(key, value) for each fact; fills warnings */
typedef void (*wt_kv_fn)(const char *key, const char *value, void *arg);
void wt__env_capture(wt_kv_fn add, void *arg);
/* Noise warnings, one per line, into buf; returns the count. */
int wt__env_warnings(char *buf, size_t len);

/* run.c */
int wt__run(const wt_opts *o, int argc0, char **argv0); /* returns an exit code */
int wt__list(const wt_opts *o);

/* supervise.c: one child per case, merged JSON */
int wt__supervise(const wt_opts *o, const wt_topo *t, wt_bench *b, int nb, const char *json_out);

/* util */
int wt__parse_size(const char *s, int64_t *out); /* 0 or -EINVAL; K/M/G binary suffixes */
int wt__write_atomic_prepare(const char *dir, const char *name, char *tmp, size_t len);

#endif
