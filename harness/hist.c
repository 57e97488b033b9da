/* hist.c: log-linear latency histogram. Values below 32 ns get their own bucket; above, each power
 * of two is split in 32 linear sub-buckets, so a reported quantile is at most 3.1 % above the true
 * sample. No timing here: cases add samples they measured with wt_now_ns(). */
#include <string.h>
#include "wt.h"

#define SUB_BITS 5

static unsigned bucket_of(uint64_t v)
{
    if (v < WT_HIST_SUB)
        return (unsigned)v;
    unsigned m = 63u - (unsigned)__builtin_clzll(v); /* m >= SUB_BITS */
    unsigned p = m - SUB_BITS + 1;
    if (p >= WT_HIST_POW)
        return WT_HIST_POW * WT_HIST_SUB - 1;
    unsigned sub = (unsigned)(v >> (m - SUB_BITS)) - WT_HIST_SUB;
    return p * WT_HIST_SUB + sub;
}

/* Largest value that falls in bucket i. */
static uint64_t upper_of(unsigned i)
{
    unsigned p = i / WT_HIST_SUB, sub = i % WT_HIST_SUB;
    if (p == 0)
        return sub;
    unsigned shift = p - 1;
    return (((uint64_t)(WT_HIST_SUB + sub + 1)) << shift) - 1;
}

void wt_hist_reset(wt_hist *h)
{
    memset(h, 0, sizeof *h);
    h->min = UINT64_MAX;
}

void wt_hist_add(wt_hist *h, uint64_t ns)
{
    h->bucket[bucket_of(ns)]++;
    h->count++;
    h->sum += ns;
    if (ns < h->min)
        h->min = ns;
    if (ns > h->max)
        h->max = ns;
}

void wt_hist_merge(wt_hist *dst, const wt_hist *src)
{
    for (unsigned i = 0; i < WT_HIST_POW * WT_HIST_SUB; i++)
        dst->bucket[i] += src->bucket[i];
    dst->count += src->count;
    dst->sum += src->sum;
    if (src->min < dst->min)
        dst->min = src->min;
    if (src->max > dst->max)
        dst->max = src->max;
}

uint64_t wt_hist_quantile(const wt_hist *h, double q)
{
    if (h->count == 0)
        return 0;
    if (q <= 0)
        return h->min;
    if (q >= 1)
        return h->max;
    uint64_t rank = (uint64_t)(q * (double)h->count);
    if ((double)rank < q * (double)h->count)
        rank++; /* ceil */
    if (rank == 0)
        rank = 1;
    uint64_t seen = 0;
    for (unsigned i = 0; i < WT_HIST_POW * WT_HIST_SUB; i++) {
        seen += h->bucket[i];
        if (seen >= rank) {
            uint64_t v = upper_of(i);
            if (v > h->max)
                v = h->max;
            if (v < h->min)
                v = h->min;
            return v;
        }
    }
    return h->max;
}
