/* shim.h: a C API over Google Benchmark 1.7.1 (shim.cc is the only C++ file). Debian's library is
 * a debug build whose CHECKs abort on misuse, so every call is validated here and misuse comes
 * back as -EINVAL instead of an abort. No C++ exception crosses into C. */
#ifndef WT_SHIM_H
#define WT_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wt_gb_state wt_gb_state; /* a benchmark::State */
typedef void (*wt_gb_fn)(wt_gb_state *st, void *arg);

typedef struct wt_gb_opts {
    /* Set per benchmark, these are appended to its name by Google Benchmark: leave them 0 and
     * pass --benchmark_min_time / --benchmark_repetitions to wt_gb_init instead. */
    uint64_t iterations; /* > 0: fixed count (then min_time must be 0) */
    double min_time;     /* seconds, >= 0 */
    double min_warmup;   /* seconds, >= 0 */
    int repetitions;     /* >= 0 */
    int manual_time;     /* 1: the time is what the function reports */
} wt_gb_opts;

/* Pass argv (program name first, then --benchmark_* flags) to benchmark::Initialize, with the JSON
 * output set to json_path (Google Benchmark's schema). Returns 0, or -EINVAL with the first
 * argument it does not know copied to bad (also one the harness owns: --benchmark_out,
 * _repetitions, _min_time, _min_warmup_time, _enable_random_interleaving, _filter). Call once. */
int wt_gb_init(int argc, char **argv, const char *json_path, char *bad, size_t badlen);
/* Register fn(arg) under name. 0, or -EINVAL (empty or duplicate name, bad options), -ENOMEM. */
int wt_gb_register(const char *name, wt_gb_fn fn, void *arg, const wt_gb_opts *o);
/* Add a string to the JSON "context". 0 or -EINVAL (empty key, reserved key, duplicate). */
int wt_gb_context(const char *key, const char *value);

/* Inside fn */
uint64_t wt_gb_max_iterations(wt_gb_state *st);
int wt_gb_keep_running_batch(wt_gb_state *st, uint64_t n); /* 1 while iterations remain */
int wt_gb_set_iteration_time(wt_gb_state *st, double seconds); /* 0 or -EINVAL (< 0, NaN) */
int wt_gb_counter(wt_gb_state *st, const char *name, double value); /* 0 or -EINVAL */
/* Inside the one-pass loop of a benchmark registered with iterations = 1: the real figures, which
 * every reporter then shows (iterations = ops, real time = real_s, CPU time = cpu_s). 0 or -EINVAL. */
int wt_gb_set_result(wt_gb_state *st, uint64_t ops, double real_s, double cpu_s);
void wt_gb_error(wt_gb_state *st, const char *msg); /* the run is reported with error_message */
int wt_gb_errored(wt_gb_state *st);

/* One reported run or aggregate, as the display reporter sees it. */
typedef struct wt_gb_result {
    const char *name;      /* run name without the aggregate suffix */
    const char *aggregate; /* "" for a repetition, else "mean", "median", "cv", "p99", ... */
    int error;
    const char *error_msg;
    double time_ns;        /* adjusted real time per iteration, in ns (cv: a fraction) */
    uint64_t iterations;
    int ncounters;
    const char *const *counter_names;
    const double *counter_values;
} wt_gb_result;
typedef void (*wt_gb_report_fn)(const wt_gb_result *r, void *arg);

/* Run every registered benchmark once (one run per process); each run and aggregate is passed to
 * cb. Returns the number of benchmarks run, or -errno. */
int wt_gb_run(wt_gb_report_fn cb, void *arg);
/* Number of registered benchmarks. */
int wt_gb_count(void);

#ifdef __cplusplus
}
#endif
#endif
