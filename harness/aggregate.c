/* aggregate.c: a result's repetitions (Google Benchmark iteration entries, one per round) become
 * Google Benchmark aggregate entries (mean, median, stddev, cv, min, max; every counter aggregated
 * the same way), and the median entry carries the 95 % interval of the median (ci_lo_ns,
 * ci_hi_ns, ci_rel), the repetition count and whether the interval met the target (precise).
 * The schema stays Google Benchmark's, so compare.py reads the file unchanged. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "aggregate.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double stat(const char *which, double *v, int n)
{
    double sum = 0, ss = 0;
    for (int i = 0; i < n; i++)
        sum += v[i];
    double mean = sum / n;
    for (int i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
    double sd = n > 1 ? sqrt(ss / (n - 1)) : 0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    if (!strcmp(which, "mean"))
        return mean;
    if (!strcmp(which, "median"))
        return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    if (!strcmp(which, "stddev"))
        return sd;
    if (!strcmp(which, "cv"))
        return mean != 0 ? sd / mean : 0;
    if (!strcmp(which, "min"))
        return v[0];
    return v[n - 1]; /* max */
}

/* Values of key (a top-level number, or a counter when top is 0) across reps; count in *n. */
static double *values(json_t *reps, const char *key, int *n)
{
    size_t i, nr = json_array_size(reps);
    double *v = malloc((nr ? nr : 1) * sizeof *v);
    json_t *e;
    *n = 0;
    if (!v)
        return NULL;
    json_array_foreach(reps, i, e) {
        json_t *x = json_object_get(e, key);
        if (json_is_number(x))
            v[(*n)++] = json_number_value(x);
    }
    return v;
}

double wt__rep_median(json_t *reps, double *lo, double *hi, int *have_ci)
{
    int n;
    double *v = values(reps, "real_time", &n), med = NAN;
    *have_ci = 0;
    *lo = *hi = NAN;
    if (v && n > 0)
        *have_ci = wt__median_ci(v, n, &med, lo, hi) == 0;
    free(v);
    return med;
}

static json_t *one(json_t *reps, const char *which, int precise)
{
    json_t *first = json_array_get(reps, 0), *agg = json_deep_copy(first);
    int nr = (int)json_array_size(reps), n;
    const char *run = json_string_value(json_object_get(first, "run_name"));
    char name[600];
    snprintf(name, sizeof name, "%s_%s", run ? run : "?", which);
    json_object_set_new(agg, "name", json_string(name));
    json_object_set_new(agg, "run_type", json_string("aggregate"));
    json_object_set_new(agg, "aggregate_name", json_string(which));
    json_object_set_new(agg, "aggregate_unit", json_string(strcmp(which, "cv") ? "time" : "percentage"));
    json_object_set_new(agg, "repetitions", json_integer(nr));
    json_object_del(agg, "repetition_index");
    json_object_set_new(agg, "iterations", json_integer(nr));
    static const char *const top[] = {"real_time", "cpu_time"};
    for (int k = 0; k < 2; k++) {
        double *v = values(reps, top[k], &n);
        if (v && n)
            json_object_set_new(agg, top[k], json_real(stat(which, v, n)));
        free(v);
    }
    /* Counters: every other numeric key of the first repetition that is not part of the schema. */
    const char *key;
    json_t *val;
    json_object_foreach(first, key, val) {
        static const char *const schema[] = {"family_index", "per_family_instance_index", "repetitions",
            "repetition_index", "threads", "iterations", "real_time", "cpu_time"};
        int skip = !json_is_number(val);
        for (size_t s = 0; !skip && s < sizeof schema / sizeof *schema; s++)
            skip = !strcmp(key, schema[s]);
        if (skip)
            continue;
        double *v = values(reps, key, &n);
        if (v && n)
            json_object_set_new(agg, key, json_real(stat(which, v, n)));
        free(v);
    }
    if (!strcmp(which, "median")) {
        double lo, hi;
        int have;
        double med = wt__rep_median(reps, &lo, &hi, &have);
        json_object_set_new(agg, "real_time", json_real(med));
        json_object_set_new(agg, "ci_lo_ns", json_real(lo));
        json_object_set_new(agg, "ci_hi_ns", json_real(hi));
        json_object_set_new(agg, "ci_rel", json_real(have && med > 0 ? (hi - lo) / 2 / med : NAN));
        json_object_set_new(agg, "reps", json_integer(nr));
        json_object_set_new(agg, "precise", json_integer(precise));
    }
    return agg;
}

void wt__aggregate_append(json_t *out, json_t *reps, int precise)
{
    static const char *const which[] = {"mean", "median", "stddev", "cv", "min", "max"};
    size_t nr = json_array_size(reps), i;
    json_t *e;
    json_array_foreach(reps, i, e) {
        json_object_set_new(e, "repetition_index", json_integer((json_int_t)i));
        json_object_set_new(e, "repetitions", json_integer((json_int_t)nr));
        json_array_append(out, e);
    }
    if (nr < 2)
        return;
    for (size_t k = 0; k < sizeof which / sizeof *which; k++)
        json_array_append_new(out, one(reps, which[k], precise));
}
