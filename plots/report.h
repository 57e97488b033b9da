/* report.h: the report tool's internal interfaces (plots/). Results of one or more Google Benchmark
 * JSON files become records; records become series by their stable names; the family table
 * (family.c) says which figures, crossovers, ratios and claims each family has; figures become
 * gnuplot scripts and SVG, the findings a computed findings.md, and all of it one self-contained
 * index.html with the answers first. The names read from the results are in harness/contract.h.
 * No timing here. */
#ifndef WT_REPORT_H
#define WT_REPORT_H
#include <jansson.h>
#include <stdio.h>
#include "contract.h"

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
    int idx;                  /* index among its file's records: seeds its bootstrap resamples */
    const char *error;        /* error_message when the run failed or was skipped, else NULL */
} wt_rec;

typedef struct wt_file {
    char path[1024];
    char label[96];           /* short name used in legends and tables when several files are drawn */
    json_t *doc, *ctx;
    char near[16], far[16];   /* nearest non-pu and farthest placement class in this file's names */
} wt_file;

typedef struct wt_results {
    wt_file *f;
    int nf;
    wt_rec *r;
    int nr;
    json_t *colour;           /* series identity -> colour index (series.c, wt__colours_init) */
    json_t *classes;          /* placement values the results use -> x position */
    struct wt_cands *cand;    /* records by pattern (records.c, wt__cand) */
} wt_results;

/* records.c */
/* Load every file (one line naming the file in err on malformed or foreign input): 0 or -1. */
int wt__results_load(wt_results *R, int n, char **paths, char *err, size_t errlen);
void wt__results_free(wt_results *R);
const char *wt__rec_param(const wt_rec *r, const char *k);
/* The first of the comma-separated keys this record has, as a number (real_time and cpu_time in ns);
 * NAN when none is present. Under a bootstrap resample (wt__boot_set(b > 0)) it is the median of
 * that key over a resample of the record's repetitions, drawn the same for every key and call. */
double wt__rec_num(const wt_rec *r, const char *keys);
/* The key of the comma-separated list that wt__rec_num reads for this record, into key; -1: none. */
int wt__rec_key_used(const wt_rec *r, const char *keys, char *key, size_t len);
/* 0: point estimates (the medians); b > 0: bootstrap resample b. Returns the previous value. */
int wt__boot_set(int b);
int wt__boot_any(const wt_results *R);
int wt__in_list(const char *k, const char *list); /* is k one of the comma-separated names */ /* does any record have two repetitions or more to resample */
#define WT_BOOT_N 200 /* resamples behind every interval of a crossover, ratio or verdict */
/* The spread of the record's median for the key wt__rec_num would use, from its repetitions: the
 * 95 % interval of the median (order statistics, 6 or more repetitions): 1; with 2 to 5, the range
 * of the repetitions: 2; none: 0. The repetition count in *n. */
int wt__rec_spread(const wt_rec *r, const char *keys, double *lo, double *hi, int *n);
/* The values of key over the record's repetitions (at most max), their count. */
int wt__rec_values(const wt_rec *r, const char *key, double *v, int max);
/* Pattern: space-separated tokens; the first is a glob over family.variant, each further token
 * "k:glob" must match one of the record's parameters ("place:@near" / "place:@far": the nearest
 * non-pu / farthest class in that file). Alternatives separated by ';'. Failed records never match. */
int wt__rec_match(const wt_results *R, const wt_rec *r, const char *pat);
/* family.variant against the first token of every alternative of pat, failed or not. */
int wt__fv_match(const char *fv, const char *pat);
const char *wt__ctx(const wt_results *R, int file, const char *key);
int wt__any(const wt_results *R, const char *pat); /* does any successful record match */
/* The records whose family.variant matches a first token of pat (the only ones that can match it):
 * their count, indices in *idx (NULL: all of them, 0 .. R->nr - 1). Cached: every figure, crossover
 * and bootstrap resample asks again; valid until the next call. */
int wt__cand(const wt_results *R, const char *pat, const int **idx);
struct wt_cands *wt__cand_new(void);
void wt__cand_free(struct wt_cands *C);
/* The record's name without parameter xparam and those in the comma-separated drop list. */
void wt__rec_key(const wt_rec *r, const char *xparam, const char *drop, char *out, size_t len);
int wt__place_rank(const char *p); /* pu 0 ... machine 6, -1 unknown */

/* units of axes and numbers (axis.c) */
enum { WT_U_PLAIN = 0, WT_U_NS, WT_U_BYTES, WT_U_MIB, WT_U_BPS, WT_U_PER_S, WT_U_PCT, WT_U_CLASS };
void wt__fmt_unit(double v, int unit, char *b, size_t len);
void wt__fmt_ns(double ns, char *b, size_t len);    /* 1.23 µs */
void wt__fmt_bytes(double v, char *b, size_t len);  /* 64 KiB */
/* Ticks of a gnuplot axis over [lo, hi] labelled in the unit, and its range; at (nat values, sorted,
 * or NULL): tick at these measured values instead. */
void wt__gp_axis(FILE *g, const wt_results *R, const char *axis, int unit, int logscale, double lo, double hi,
                 const double *at, int nat);
int wt__key_unit(const char *keys); /* the unit of the first key: time, bandwidth, rate, ... */
/* What a key measures, for captions ("the median of each repetition's per-operation histogram"). */
const char *wt__key_what(const char *key);

/* A series: records of one file sharing a name once the x parameter (and drop list) is removed. */
typedef struct wt_series {
    char key[256];            /* the name without the dropped parameters */
    char label[300];          /* the legend's words: what tells it from the other series drawn */
    char ident[160];          /* what its colour stands for (see wt__ident), set by wt__panels */
    char ykey[32];            /* the key y was read from (the first of the figure's keys its records have) */
    int file, n, nci, nrange; /* points with a 95 % interval, with only the repetitions' range */
    int rec;                  /* its first record (index in R->r) */
    double *x, *y;            /* sorted by x; x is NAN for a record without the x parameter */
    double *lo, *hi, *reps;   /* y's spread (see wt__rec_spread) and the repetition count */
    double *m;                /* value of the figure's "at" parameter (NAN without) */
    double *xlo, *xhi;        /* SCATTER: x's spread too (NULL for lines) */
} wt_series;
/* Build series from the records matching pat: x from parameter xparam (a placement class is its
 * position), y from ykeys; drop lists further parameters left out of the series key; at (or NULL):
 * at each x only the record with the smallest value of that parameter is kept. Returns the count
 * (>= 0) and a malloc'd array in *out, or -1 when out of memory. */
int wt__series_build(const wt_results *R, const char *pat, const char *xparam, const char *drop,
                     const char *ykeys, const char *at, wt_series **out);
void wt__series_free(wt_series *s, int n);
void wt__series_free_one(wt_series *s);
/* Colours: every series identity of the results gets an index, sorted within its family. */
int wt__colours_init(wt_results *R);
void wt__ident(const wt_rec *r, char *out, size_t len);
int wt__colour(const wt_results *R, const char *ident); /* -1: a calibration (limit) series */

/* xover.c: where series A stays below series B (a < b at every x from the crossover on). */
enum { WT_XO_NODATA = 0, WT_XO_FOUND, WT_XO_BELOW /* at every x measured */, WT_XO_NEVER };
/* x ascending, n points. Interpolates log-log between the last point where a >= b and the next
 * (linearly in log x when a value is not positive). Returns a WT_XO_* and the x in *xc. */
int wt__xover(const double *x, const double *a, const double *b, int n, double *xc);
/* How soft a crossover is: where it lands when curve a is 1.1 times higher and 1.1 times lower
 * (÷ 1.1) everywhere
 * (*lo, *hi: the smaller and the larger; -inf below the range, +inf beyond it). Two curves that
 * run close over a wide range give a wide span, two that cross steeply a span of about the
 * crossover itself. Returns hi / lo (inf when either leaves the range), NaN without points. */
#define WT_XO_SOFT 3.0 /* from this span on, the findings say the crossover is soft */
double wt__xo_soft(const double *x, const double *a, const double *b, int n, double *lo, double *hi);
/* Pair two series on their common x values, at each x the smallest y (several variants); with
 * lo/hi (or NULL) the spread of the point chosen on each side: 4 more arrays, a then b. */
int wt__pair_min(const wt_series *A, int na, const wt_series *B, int nb, double **x, double **a,
                 double **b, double **spread);

/* A crossover definition (a family's). b NULL: a < factor; else a < factor * b. Drawn on figure
 * "xo_ID" from exactly the curves it compares (xofig.c). */
typedef struct wt_xodef {
    const char *id, *what, *a, *b, *x, *key;
    double factor;
    const char *per;          /* parameter the answer is split by (e.g. place), or NULL */
    const char *aname, *bname; /* the two curves' names in the figure */
} wt_xodef;
typedef struct wt_xo {
    const wt_xodef *d;
    int file, status;
    char per[48];
    double xc, xmin, xmax;
    double first, last;       /* a / (factor * b) at the smallest and the largest x */
    double lo, hi;            /* 95 % bootstrap interval of xc (-inf / +inf: below / beyond the range) */
    double agree;             /* fraction of resamples with the point estimate's status */
    double soft, soft_lo, soft_hi; /* wt__xo_soft (NaN unless found between two curves) */
    double first_lo, first_hi, last_lo, last_hi; /* intervals of first and last */
} wt_xo;
/* Every crossover of the family table on these results, on the current resample (wt__boot_set); the
 * count in *n. */
wt_xo *wt__xo_points(const wt_results *R, int *n);
/* Their 95 % intervals and agreement from the same computed on WT_BOOT_N resamples. */
void wt__xo_intervals(wt_xo *v, int n, wt_xo *const *boots, const int *nb);
/* The curves crossover d compares in file f (per value or NULL), paired on x: n, or -1. */
int wt__xo_curves(const wt_results *R, const wt_xodef *d, int f, const char *per, double **x, double **a,
                  double **b, double **spread);
/* The crossover's answer in words: "385 B [350 B, 420 B]", "at or below 64 B", ... */
void wt__xo_text(const wt_xo *x, char *b, size_t len);
int wt__xo_unit(const wt_xodef *d); /* the unit of its x */

/* Figures. */
enum { WT_FIG_LINES, WT_FIG_BARS, WT_FIG_SCATTER, WT_FIG_HEAT, WT_FIG_TABLE };
enum { WT_IDEAL_NONE, WT_IDEAL_LINEAR };
#define WT_PANEL_MAX 8 /* series a panel draws, limit lines aside */

typedef struct wt_fig {
    const char *id, *title;
    int kind;
    const char *pat;   /* records (see wt__rec_match) */
    const char *x;     /* LINES: x parameter; SCATTER: x keys */
    const char *y;     /* y keys: the first one a record has; TABLE: the invariant counters (must be 0) */
    const char *aux;   /* BARS: whisker keys (p99); LINES/SCATTER: parameters left out of the series;
                        * TABLE: counters shown beside the invariants */
    const char *xlabel, *ylabel;
    int xunit, yunit, logx, logy;
    const char *panel; /* LINES/SCATTER: a parameter whose values get a panel each (peer) */
    const char *groups;/* LINES/SCATTER: "name=glob,glob|name=glob,...": variants drawn together */
    const char *at;    /* LINES: at each x only the smallest value of this parameter (bytes) */
    const char *limit; /* records drawn in every panel as the limit the others are held to */
    double ref;        /* horizontal reference line at this y, 0: none */
    const char *reflabel;
    int ideal;         /* WT_IDEAL_LINEAR: linear scaling from the best one-worker point, and the PUs */
    const char *note;  /* a sentence every caption of this figure carries */
} wt_fig;

/* The figures written: the page lists them by family. */
typedef struct wt_figout {
    char id[96], title[200], section[32];
    char note[2400];          /* the caption: what is drawn, what the axis could not show, what is left out */
    int table;                /* an HTML table (ID.html) instead of a picture */
    int nodraw;               /* nothing to draw: the caption says why (no .gp) */
} wt_figout;
typedef struct wt_figlist {
    wt_figout *v;
    int n, cap;
} wt_figlist;
wt_figout *wt__fig_add(wt_figlist *L, const char *id, const char *section, const char *title);
const wt_figout *wt__fig_find(const wt_figlist *L, const char *id);
void wt__note(wt_figout *fo, const char *fmt, ...); /* append a sentence to the caption */

/* Claims, ratios and families. */
enum { WT_V_NOT_MEASURED, WT_V_CONFIRMED, WT_V_REFUTED, WT_V_PARTLY, WT_V_INCONCLUSIVE };
extern const char *const wt__vname[];
typedef struct wt_verdict {
    int state;                /* WT_V_* on the point estimates */
    char nums[3000];          /* the numbers behind it, markdown (inputs through wt__md) */
    int ns;                   /* headline figures behind the verdict, given with their intervals */
    const char *sname[3];
    double stat[3];
} wt_verdict;
typedef void wt_judge_fn(const wt_results *R, const wt_xo *xo, int nxo, int f, wt_verdict *v);
typedef struct wt_claimdef {
    int num;                  /* DESIGN.md's number */
    const char *text, *figs;  /* the claim as the guides make it; figures behind it (comma-separated) */
    wt_judge_fn *judge;
} wt_claimdef;
typedef struct wt_pickdef {
    const char *pat, *keys;
    int kind;                 /* 0 smallest over pat, 1 largest, 2 at the smallest mem_mib */
} wt_pickdef;
typedef struct wt_ratiodef {
    const char *what;
    wt_pickdef num, den;
    const char *nn, *dn, *figs;
    int places;               /* needs two placement classes (num @far, den @near) */
} wt_ratiodef;
typedef struct wt_family {
    const char *id, *title, *question;
    const char *pat;          /* its results: globs over family.variant, ';'-separated */
    const char *colour;       /* parameters that, with family.variant, a series' colour stands for */
    const wt_fig *figs;       /* ends with id NULL */
    const wt_xodef *xos;      /* ends with id NULL; may be NULL */
    const wt_ratiodef *ratios;/* ends with what NULL; may be NULL */
    const wt_claimdef *claims;/* ends with text NULL; may be NULL */
} wt_family;
extern const wt_family wt__families[]; /* ends with id NULL */
const wt_family *wt__family_of(const char *fv);
int wt__family_in(const wt_results *R, const wt_family *fam, int file); /* file -1: any file */

/* A claim judged on one file: the point verdict, then WT_BOOT_N resamples (judge.c). */
typedef struct wt_judged {
    const wt_family *fam;
    const wt_claimdef *c;
    int file, shown;          /* shown: the verdict stated (INCONCLUSIVE when the resamples disagree) */
    wt_verdict v;
    double agree, lo[3], hi[3];
} wt_judged;
typedef struct wt_ratio {
    const wt_family *fam;
    const wt_ratiodef *d;
    int file, ok;
    double num, den, v, lo, hi;
    char why[160];            /* when not ok: what is missing */
} wt_ratio;
/* A result in two files: B / A (changes.c). */
typedef struct wt_change {
    int a, b;                 /* record indices */
    double ma, mb, ratio, lo, hi, p;
    int na, nb, sig;          /* repetitions; significant: p < 0.05 and the interval excludes 1 */
} wt_change;
typedef struct wt_findings {
    wt_xo *xo;
    int nxo;
    wt_judged *cl;
    int ncl;
    wt_ratio *ra;
    int nra;
    wt_change *ch;
    int nch;
    const wt_figlist *L;      /* the figures drawn: the findings link only these */
} wt_findings;
int wt__judge_all(const wt_results *R, wt_findings *F);
void wt__findings_free(wt_findings *F);
double wt__pick(const wt_results *R, int f, const char *pat, const char *keys, int largest, const wt_rec **which);
double wt__at_param(const wt_results *R, int f, const char *pat, const char *p, int largest, const char *keys);

/* claims.c, stress.c: the judges of the family table's claims */
wt_judge_fn wt__judge_start, wt__judge_ipc, wt__judge_xfer, wt__judge_pool, wt__judge_block,
    wt__judge_oversub, wt__judge_invariants;
/* node.c, and claims.c's on the node family's crossovers: the claims judged on Node and over HTTP */
wt_judge_fn wt__judge_node_start, wt__judge_node_ipc, wt__judge_node_xfer, wt__judge_node_pool,
    wt__judge_http_block, wt__judge_http_io, wt__judge_http_scale;
/* A headline figure behind a verdict (at most three), whose interval judge.c computes. */
void wt__stat_add(wt_verdict *v, const char *name, double x);

/* changes.c, utest.c: runs compared */
int wt__changes(const wt_results *R, wt_findings *F);
/* Mann-Whitney U two-sided p of x against y as scipy computes it (compare.py's test): exact
 * without ties when either side has 8 or fewer, else normal with tie and continuity corrections. */
double wt__utest(const double *x, int nx, const double *y, int ny);
int wt__changes_write(const wt_results *R, const wt_findings *F, const char *dir);
void wt__changes_sort(const wt_results *R, wt_findings *F); /* by run, significant and largest first */
void wt__changes_count(const wt_results *R, const wt_findings *F, int file, int *n, int *sig, int *slower,
                       int *tested);

/* figures.c, scatter.c, bars.c, heat.c, xofig.c, stress.c: each writes ID.dat and ID.gp into dir */
int wt__figures_write(const wt_results *R, const wt_findings *Fd, const char *dir, wt_figlist *L);
int wt__fig_lines(const wt_fig *F, const char *sec, const wt_results *R, const char *dir, wt_figlist *L);
int wt__fig_scatter(const wt_fig *F, const char *sec, const wt_results *R, const char *dir, wt_figlist *L);
int wt__fig_bars(const wt_fig *F, const char *sec, const wt_results *R, const char *dir, wt_figlist *L);
int wt__fig_heat(const wt_fig *F, const char *sec, const wt_results *R, const char *dir, wt_figlist *L);
int wt__fig_table(const wt_fig *F, const char *sec, const wt_results *R, const char *dir, wt_figlist *L);
/* The caption's account of what a line or scatter figure draws (how: "Drawn:" or "y:"). */
void wt__note_stat(wt_figout *fo, const wt_series *s, int ns, const char *common, const char *how);
int wt__fig_xo(const wt_family *fam, const wt_results *R, const wt_findings *Fd, const char *dir, wt_figlist *L);

/* panels.c: series into panels of at most WT_PANEL_MAX, legends and styles */
typedef struct wt_panel {
    char title[200];
    int first, n;             /* series first .. first + n - 1 (after wt__panels sorted them) */
} wt_panel;
/* Sort s, move limit series (F->limit) to the end (*nlim of them), cut the rest into panels
 * (by F->panel, F->groups, then chunks); labels rewritten to what varies. Panels in *out. */
int wt__panels(const wt_results *R, const wt_fig *F, wt_series *s, int ns, int *nlim, wt_panel **out,
               char *common, size_t clen);
void wt__gp_style(FILE *g, const wt_results *R, const wt_series *s, int rank);
void wt__gp_colour(FILE *g, const wt_results *R, int file, const char *ident);
void wt__gp_runkey(FILE *g, const wt_results *R); /* several runs: a key entry per run's colour */
void wt__gp_markkey(FILE *g, const wt_series *s, int rank, int points); /* ... and per series, in black */
const char *wt__colour_hex(const wt_results *R, int file, const char *ident);
/* Where each panel sits in a multiplot of np panels; the SVG's size. */
void wt__gp_layout(FILE *g, const char *id, const char *title, int np, int keyw);
void wt__gp_panel(FILE *g, int i, int np, const char *title);

/* gp.c: gnuplot and lstopo */
FILE *wt__gp_open(const char *dir, const char *id, const char *ext);
void wt__gp_header(FILE *g, const char *id, const char *title, int w, int h);
int wt__gnuplot_find(char *path, size_t len);
int wt__gnuplot_run(const char *gp, const char *dir, const wt_figlist *L, char *err, size_t errlen);
/* lstopo's picture of file f's machine (machine-F.svg) when it can be drawn here; 1 or 0, note why. */
int wt__lstopo(const wt_results *R, int f, const char *dir, char *note, size_t notelen);

/* quote.c: strings from the inputs, quoted for the file they land in (control bytes shown escaped) */
void wt__gp_quote(FILE *g, const char *s);  /* a gnuplot string literal */
void wt__dat_quote(FILE *d, const char *s); /* a string column of a .dat file */
void wt__put_esc(FILE *f, const char *s);   /* plain text (a .dat comment) */
void wt__html_esc(FILE *o, const char *s, int keep_nl); /* HTML text; keep_nl: newlines and tabs stay */
/* markdown: plain text when s is, else (or with code) a code span; written into b, returned */
const char *wt__md(const char *s, int code, char *b, size_t len);

/* findings.c, md.c, html.c, summary.c */
int wt__findings_write(const wt_results *R, const wt_findings *F, const char *dir);
void wt__figs(FILE *o, const wt_figlist *L, const char *list); /* " (figures: [a](index.html#fig-a) ...)" */
/* findings.md as HTML: headings, lists, bold, code spans, links into the page; everything escaped. */
int wt__md_html(FILE *o, const char *md);
int wt__html_write(const wt_results *R, const wt_findings *F, const char *dir, const wt_figlist *L);
void wt__summary_html(FILE *o, const wt_results *R, const wt_findings *F, const wt_figlist *L);
void wt__changes_html(FILE *o, const wt_results *R, const wt_findings *F);
char *wt__slurp(const char *dir, const char *name);
int wt__inline_svg(FILE *o, const char *dir, const char *name, const char *prefix);

/* report.c: `wtbench report FILE... [-o DIR]`; returns an exit code. */
int wt__cmd_report(int argc, char **argv);
/* Write the report of the results files into dir (used by `wtbench run` too); an exit code. */
int wt__report_write(int nfiles, char **files, const char *dir, const char *cmd);
#endif
