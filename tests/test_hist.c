/* test_hist: the log-linear histogram's quantiles against exact order statistics. */
#include <stdlib.h>
#include "check.h"
#include "wt.h"

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* exact value at quantile q with the same rank rule (ceil(q n), at least 1) */
static uint64_t exact(const uint64_t *v, size_t n, double q)
{
    size_t r = (size_t)(q * (double)n);
    if ((double)r < q * (double)n)
        r++;
    return v[(r ? r : 1) - 1];
}

int main(void)
{
    static wt_hist h;
    wt_hist_reset(&h);
    CHECK(wt_hist_quantile(&h, 0.5) == 0, "empty histogram gives 0");

    /* small exact values: below 32 every value has its own bucket */
    for (uint64_t v = 1; v <= 20; v++)
        wt_hist_add(&h, v);
    CHECK(wt_hist_quantile(&h, 0.5) == 10, "p50 of 1..20 is %llu", (unsigned long long)wt_hist_quantile(&h, 0.5));
    CHECK(wt_hist_quantile(&h, 1.0) == 20, "max");
    CHECK(wt_hist_quantile(&h, 0.0) == 1, "min");
    CHECK(h.count == 20 && h.sum == 210, "count/sum");

    /* a wide random spread: reported quantile within one bucket (<= 1/32) above the exact one */
    size_t n = 100000;
    uint64_t *v = malloc(n * sizeof *v);
    uint64_t x = 88172645463325252ull;
    wt_hist_reset(&h);
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        v[i] = 1 + (x % 1000000) * (1 + (x >> 60)); /* 1 ns .. ~16 ms, skewed */
        wt_hist_add(&h, v[i]);
    }
    qsort(v, n, sizeof *v, cmp);
    double qs[] = {0.01, 0.5, 0.9, 0.99, 0.999};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        uint64_t e = exact(v, n, qs[i]), g = wt_hist_quantile(&h, qs[i]);
        CHECK(g >= e && (double)g <= (double)e * (1 + 1.0 / 32) + 1, "q=%g exact %llu got %llu", qs[i],
              (unsigned long long)e, (unsigned long long)g);
    }
    CHECK(wt_hist_quantile(&h, 1.0) == v[n - 1], "max is exact");

    /* merge equals adding everything to one histogram */
    static wt_hist a, b;
    wt_hist_reset(&a);
    wt_hist_reset(&b);
    for (size_t i = 0; i < n; i++)
        wt_hist_add(i % 2 ? &a : &b, v[i]);
    wt_hist_merge(&a, &b);
    CHECK(a.count == h.count && a.min == h.min && a.max == h.max, "merge totals");
    CHECK(wt_hist_quantile(&a, 0.99) == wt_hist_quantile(&h, 0.99), "merge p99");

    /* huge values land in the last bucket without overflow */
    wt_hist_reset(&h);
    wt_hist_add(&h, UINT64_MAX / 2);
    CHECK(wt_hist_quantile(&h, 0.5) == UINT64_MAX / 2, "clamped to max");
    free(v);
    return check_result("test_hist");
}
