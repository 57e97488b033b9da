/* report.h: the report tool's internal interfaces (plots/). Results of one or more Google Benchmark
 * JSON files become records; records become series by their stable names; series become gnuplot
 * figures, a self-contained index.html and a computed findings.md. No timing here. */
#ifndef WT_REPORT_H
#define WT_REPORT_H
#include <jansson.h>
#include <stdio.h>

#define WT_REC_MAXP 12

/* One result: the median aggregate when repetitions exist, else the single run. */
typedef struct wt_rec {
    int file;                 /* index into wt_results.f */
    char name[256];           /* family.variant/k:v/... without "/manual_time" */
    char fv[64];              /* family.variant */
    int np;                   /* parameters, in name order */
    char pk[WT_REC_MAXP][32], pv[WT_REC_MAXP][48];
    json_t *j;                /* the chosen benchmark object (borrowed from the file's document) */
    json_t *reps;             /* its repetitions (iteration entries, borrowed), NULL when none */
    int idx;                  /* index in wt_results.r: seeds its bootstrap resamples */
    const char *error;        /* error_message when the run failed or was skipped, else NULL */
} wt_rec;

typedef struct wt_file {
    char path[1024];
    char label[96];           /* short name used in series labels when several files are drawn */
    json_t *doc, *ctx;
    char near[16], far[16];   /* nearest non-pu and farthest placement class in this file's names */
} wt_file;

typedef struct wt_results {
    wt_file *f;
    int nf;
    wt_rec *r;
    int nr;
} wt_results;

/* series.c */
/* Load every file (one line naming the file in err on malformed or foreign input): 0 or -1. */
int wt__results_load(wt_results *R, int n, char **paths, char *err, size_t errlen);
void wt__results_free(wt_results *R);
const char *wt__rec_param(const wt_rec *r, const char *k);
/* The first of the comma-separated keys this record has, as a number (real_time and cpu_time in ns);
 * NAN when none is present. Under a bootstrap resample (wt__boot_set(b > 0)) it is the median of
 * that key over a resample of the record's repetitions, drawn the same for every key and call. */
double wt__rec_num(const wt_rec *r, const char *keys);
/* 0: point estimates (the medians); b > 0: bootstrap resample b. Returns the previous value. */
int wt__boot_set(int b);
#define WT_BOOT_N 200 /* resamples behind every interval of a crossover, ratio or verdict */
/* The 95 % interval of the record's median for the key wt__rec_num would use, from its
 * repetitions' order statistics; the repetition count in *n. 0, or -1 when there is none. */
int wt__rec_ci(const wt_rec *r, const char *keys, double *lo, double *hi, int *n);
/* Pattern: space-separated tokens; the first is a glob over family.variant, each further token
 * "k:glob" must match one of the record's parameters ("place:@near" / "place:@far": the nearest
 * non-pu / farthest class in that file). Alternatives separated by ';'. Failed records never match. */
int wt__rec_match(const wt_results *R, const wt_rec *r, const char *pat);
const char *wt__ctx(const wt_results *R, int file, const char *key);
int wt__any(const wt_results *R, const char *pat); /* does any successful record match */
/* The record's name without parameter xparam and those in the comma-separated drop list. */
void wt__rec_key(const wt_rec *r, const char *xparam, const char *drop, char *out, size_t len);

/* A series: records of one file sharing a name once the x parameter (and drop list) is removed. */
typedef struct wt_series {
    char key[256];            /* the name without the dropped parameters */
    char label[300];          /* key, prefixed with the file label when several files are loaded */
    int file, n;
    double *x, *y;            /* sorted by x; x is NAN for a record without the x parameter */
    double *lo, *hi, *reps;   /* y's 95 % interval (the median's, from the repetitions) and their count */
} wt_series;
/* Build series from the records matching pat: x from parameter xparam, y from ykeys; drop lists
 * further parameters (comma-separated) left out of the series key. Returns the count (>= 0) and a
 * malloc'd array in *out, or -1 when out of memory. */
int wt__series_build(const wt_results *R, const char *pat, const char *xparam, const char *drop,
                     const char *ykeys, wt_series **out);
void wt__series_free(wt_series *s, int n);

/* xover.c: where series A stays below series B (a < b at every x from the crossover on). */
enum { WT_XO_NODATA = 0, WT_XO_FOUND, WT_XO_BELOW /* at every x measured */, WT_XO_NEVER };
/* x ascending, n points. Interpolates log-log between the last point where a >= b and the next
 * (linearly in log x when a value is not positive). Returns a WT_XO_* and the x in *xc. */
int wt__xover(const double *x, const double *a, const double *b, int n, double *xc);
/* Pair two series on their common x values, at each x the smallest y (several variants). */
int wt__pair_min(const wt_series *A, int na, const wt_series *B, int nb, double **x, double **a,
                 double **b);

/* A crossover definition (one table in findings.c). b NULL: a < factor; else a < factor * b. */
typedef struct wt_xodef {
    const char *id, *what, *a, *b, *x, *key;
    double factor;
    const char *per;          /* parameter the answer is split by (e.g. place), or NULL */
    const char *fig;          /* figure the crossover is drawn on */
} wt_xodef;
typedef struct wt_xo {
    const wt_xodef *d;
    int file, status;
    char per[48];
    double xc, xmin, xmax;
    double first, last;       /* a / (factor * b) at the smallest and the largest x */
    double lo, hi;            /* 95 % bootstrap interval of xc (-inf / +inf: below / beyond the range) */
    double agree;             /* fraction of resamples with the point estimate's status */
    double first_lo, first_hi, last_lo, last_hi; /* intervals of first and last */
} wt_xo;
extern const wt_xodef wt__xodefs[];
/* Compute every crossover on these results, with bootstrap intervals; malloc'd array, count in *n. */
wt_xo *wt__xo_all(const wt_results *R, int *n);
/* The same without intervals, on the current resample (wt__boot_set). */
wt_xo *wt__xo_points(const wt_results *R, int *n);

/* figures.c / fig_*.c: each writes NAME.dat and NAME.gp into dir and appends to the figure list. */
typedef struct wt_figout {
    char id[96], title[200], section[32], note[400];
} wt_figout;
typedef struct wt_figlist {
    wt_figout *v;
    int n, cap;
} wt_figlist;
wt_figout *wt__fig_add(wt_figlist *L, const char *id, const char *section, const char *title);
/* A figure of the table in figures.c. */
enum { WT_FIG_LINES, WT_FIG_BARS, WT_FIG_CLUSTER, WT_FIG_SCATTER, WT_FIG_HEAT };

typedef struct wt_fig {
    const char *id, *section, *title;
    int kind;
    const char *pat;   /* records (see wt__rec_match) */
    const char *x;     /* LINES: x parameter; SCATTER: x keys; CLUSTER: column parameter */
    const char *y;     /* y keys: the first one a record has */
    const char *aux;   /* BARS: whisker keys (p99); CLUSTER: parameter whose smallest value is used;
                        * LINES/SCATTER: parameters left out of the series name */
    const char *xlabel, *ylabel;
    int logx, logy;
    double ref;        /* LINES: horizontal reference line at this y, 0: none */
    const char *reflabel;
} wt_fig;

/* bars.c: BARS (horizontal, p50 bar with p99 whisker) and CLUSTER (columns: values of F->x). */
int wt__fig_bars(const wt_fig *F, const wt_results *R, const char *dir, wt_figlist *L, int cluster);
/* gp.c: line colour, point and dash of series i of a figure (calibration series: black, dashed). */
void wt__gp_style(FILE *g, int i, const char *label);
void wt__gp_time_tics(FILE *g, const char *axis); /* log axis in ns: ticks in time units */
int wt__figures_write(const wt_results *R, const wt_xo *xo, int nxo, const char *dir, wt_figlist *L);
int wt__fig_heat(const wt_results *R, const char *pat, const char *ykeys, const char *dir, wt_figlist *L);
FILE *wt__gp_open(const char *dir, const char *id, const char *ext);
void wt__gp_header(FILE *g, const char *id, const char *title, int w, int h);

/* run gnuplot on dir/ID.gp for every figure; 0, or -1 with one line in err. */
int wt__gnuplot_find(char *path, size_t len);
int wt__gnuplot_run(const char *gp, const char *dir, const wt_figlist *L, char *err, size_t errlen);
int wt__lstopo(const wt_results *R, const char *dir, char *note, size_t notelen);

/* quote.c: strings from the inputs, quoted for the file they land in (control bytes shown escaped) */
void wt__gp_quote(FILE *g, const char *s);  /* a gnuplot string literal */
void wt__dat_quote(FILE *d, const char *s); /* a string column of a .dat file */
void wt__put_esc(FILE *f, const char *s);   /* plain text (a .dat comment) */
void wt__html_esc(FILE *o, const char *s, int keep_nl); /* HTML text; keep_nl: newlines and tabs stay */
/* markdown: plain text when s is, else (or with code) a code span; written into b, returned */
const char *wt__md(const char *s, int code, char *b, size_t len);

/* html.c, findings.c */
int wt__html_write(const wt_results *R, const char *dir, const wt_figlist *L, const char *machine_note);
int wt__findings_write(const wt_results *R, const wt_xo *xo, int nxo, const char *dir);
void wt__figs(FILE *o, const char *list); /* " (figures: [a](index.html#fig-a) ...)" */
/* claims.c: smallest (or largest) value of keys over the records of file f matching pat, the record
 * in *which; the value at the smallest or largest numeric value of parameter p; the claims of file f. */
double wt__pick(const wt_results *R, int f, const char *pat, const char *keys, int largest, const wt_rec **which);
double wt__at_param(const wt_results *R, int f, const char *pat, const char *p, int largest, const char *keys);
void wt__claims_for(FILE *o, const wt_results *R, const wt_xo *xo, int nxo, int f);
void wt__fmt_ns(double ns, char *b, size_t len);    /* 1.23 µs */
void wt__fmt_bytes(double v, char *b, size_t len);  /* 64 KiB */

/* utest.c: Mann-Whitney U two-sided p of x against y as scipy computes it (compare.py's test): exact
 * without ties when either side has 8 or fewer, else normal with tie and continuity corrections. */
double wt__utest(const double *x, int nx, const double *y, int ny);

/* report.c: `wtbench report FILE... [-o DIR]`; returns an exit code. */
int wt__cmd_report(int argc, char **argv);
/* Write the report of one results file into dir (used by `wtbench run`); an exit code. */
int wt__report_write(int nfiles, char **files, const char *dir, const char *cmd);
#endif
