/* aggregate.h: repetitions into Google Benchmark aggregates with the median's interval. */
#ifndef WT_AGGREGATE_H
#define WT_AGGREGATE_H
#include <jansson.h>
#include "harness.h"
/* Median of the repetitions' real_time and its 95 % interval (*have_ci 0 when too few). */
double wt__rep_median(json_t *reps, double *lo, double *hi, int *have_ci);
/* Append to out every repetition (indexed) and, for two or more, the aggregate entries. */
void wt__aggregate_append(json_t *out, json_t *reps, int precise);
#endif
