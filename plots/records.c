/* records.c: Google Benchmark JSON files -> records, one per result name (the median aggregate when
 * repetitions exist, else the single run, with the repetitions kept for intervals and bootstrap
 * resamples); reading a record's numbers, parameters and spread (matching them: match.c). Names as
 * harness/contract.h has them. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "esc.h"
#include "harness.h"
#include "jsonio.h"
#include "report.h"

static const char *const place_order[] = {"pu", "smt", "l2", "l3", "numa", "package", "machine"};

int wt__place_rank(const char *p)
{
    for (int i = 0; i < 7; i++)
        if (!strcmp(p, place_order[i]))
            return i;
    return -1;
}

static void parse_name(wt_rec *r, const char *name)
{
    snprintf(r->name, sizeof r->name, "%s", name);
    const char *s = strchr(name, '/');
    size_t n = s ? (size_t)(s - name) : strlen(name);
    snprintf(r->fv, sizeof r->fv, "%.*s", (int)(n < sizeof r->fv ? n : sizeof r->fv - 1), name);
    r->np = 0;
    while (s && *s == '/' && r->np < WT_REC_MAXP) {
        const char *c = s + 1, *e = strchr(c, '/'), *colon = strchr(c, ':');
        size_t len = e ? (size_t)(e - c) : strlen(c);
        if (colon && colon < c + len) {
            snprintf(r->pk[r->np], sizeof r->pk[0], "%.*s", (int)(colon - c), c);
            snprintf(r->pv[r->np], sizeof r->pv[0], "%.*s", (int)(c + len - colon - 1), colon + 1);
            r->np++;
        }
        s = e;
    }
}

/* The result name of one benchmark entry: run_name, else name without GB's suffixes (an aggregate's
 * "_median", "_mean", ... too: without run_name each aggregate had become a result of its own, with
 * its last parameter's value spoilt, "bytes:64_median"). */
static void entry_name(json_t *b, char *out, size_t len)
{
    const char *v = json_string_value(json_object_get(b, WT_F_RUN_NAME));
    int run = v != NULL;
    if (!v)
        v = json_string_value(json_object_get(b, "name"));
    snprintf(out, len, "%s", v ? v : "");
    char *m = strstr(out, "/manual_time");
    if (m)
        *m = 0;
    const char *agg = json_string_value(json_object_get(b, WT_F_AGGREGATE));
    size_t n = strlen(out), a = agg ? strlen(agg) : 0;
    if (!run && a && n > a + 1 && out[n - a - 1] == '_' && !strcmp(out + n - a, agg))
        out[n - a - 1] = 0;
}

static void file_label(wt_results *R)
{
    for (int pass = 0; pass < 3; pass++) {
        for (int i = 0; i < R->nf; i++) {
            wt_file *f = &R->f[i];
            const char *base = strrchr(f->path, '/');
            base = base ? base + 1 : f->path;
            const char *host = wt__ctx(R, i, WT_X_HOST), *ver = wt__ctx(R, i, WT_X_VERSION);
            if (pass == 0)
                snprintf(f->label, sizeof f->label, "%.*s", (int)strcspn(base, "."), base);
            else if (pass == 1)
                snprintf(f->label, sizeof f->label, "%s@%s", host ? host : "?", ver ? ver : "?");
            else
                snprintf(f->label, sizeof f->label, "#%d %.80s", i + 1, f->path);
        }
        int uniq = 1;
        for (int i = 0; i < R->nf; i++)
            for (int k = 0; k < i; k++)
                uniq &= strcmp(R->f[i].label, R->f[k].label) != 0;
        if (uniq)
            return;
    }
}

static int add_file(wt_results *R, int fi, int *cap, char *err, size_t errlen)
{
    int first = R->nr;
    wt_file *f = &R->f[fi];
    json_t *bs = json_object_get(f->doc, "benchmarks"), *b, *seen = json_object();
    size_t i;
    if (!seen)
        return -1;
    json_array_foreach(bs, i, b) {
        if (!json_is_object(b) || !json_is_string(json_object_get(b, "name"))) {
            char ep[600];
            snprintf(err, errlen, "'%s': expected Google Benchmark JSON (benchmark %zu has no name)",
                     wt_esc(f->path, ep, sizeof ep), i);
            json_decref(seen);
            return -1;
        }
        char nm[256];
        entry_name(b, nm, sizeof nm);
        json_t *idx = json_object_get(seen, nm);
        wt_rec *r;
        if (!idx) {
            if (R->nr == *cap) { /* doubling: growing by one copied every record each time */
                wt_rec *nr = *cap < 1 << 29 ? realloc(R->r, (size_t)(*cap = *cap ? 2 * *cap : 256) * sizeof *R->r) : NULL;
                if (!nr) {
                    json_decref(seen);
                    return -1;
                }
                R->r = nr;
            }
            r = &R->r[R->nr];
            memset(r, 0, sizeof *r);
            r->file = fi;
            r->idx = R->nr - first; /* within the file: a file's resamples do not depend on the others */
            parse_name(r, nm);
            json_object_set_new_nocheck(seen, nm, json_integer(R->nr++)); /* nm may be cut inside UTF-8 */
        } else {
            r = &R->r[json_integer_value(idx)];
        }
        const char *agg = json_string_value(json_object_get(b, WT_F_AGGREGATE));
        const char *rt = json_string_value(json_object_get(b, "run_type"));
        int is_err = json_is_true(json_object_get(b, WT_F_ERROR));
        if (is_err) { /* an error in any repetition marks the result failed or skipped */
            if (!r->error)
                r->error = json_string_value(json_object_get(b, WT_F_ERROR_MSG));
            if (!r->error)
                r->error = "error";
            if (!r->j)
                r->j = b;
        } else if (!agg && rt && !strcmp(rt, "iteration") && json_is_integer(json_object_get(b, WT_F_REP_INDEX))) {
            if (!r->reps)
                r->reps = json_array();
            json_array_append(r->reps, b);
            if (!r->j)
                r->j = b;
        } else if (agg ? !strcmp(agg, "median") : !rt || !strcmp(rt, "iteration")) {
            /* the median wins over a single run; the first successful run otherwise */
            if (agg || !r->j)
                r->j = b;
        }
    }
    json_decref(seen);
    int lo = 99, hi = -1;
    for (int k = 0; k < R->nr; k++) {
        const char *p = R->r[k].file == fi && !R->r[k].error ? wt__rec_param(&R->r[k], WT_P_PLACE) : NULL;
        int rk = p ? wt__place_rank(p) : -1;
        if (rk > 0 && rk < lo)
            lo = rk;
        if (rk > hi)
            hi = rk;
    }
    snprintf(f->near, sizeof f->near, "%s", lo < 99 ? place_order[lo] : "-");
    snprintf(f->far, sizeof f->far, "%s", hi >= 0 ? place_order[hi] : "-");
    return 0;
}

int wt__results_load(wt_results *R, int n, char **paths, char *err, size_t errlen)
{
    memset(R, 0, sizeof *R);
    R->f = calloc((size_t)n, sizeof *R->f);
    if (!R->f) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int cap = 0;
    for (int i = 0; i < n; i++) {
        wt_file *f = &R->f[i];
        snprintf(f->path, sizeof f->path, "%s", paths[i]);
        f->doc = wt__json_load(paths[i], err, errlen);
        if (!f->doc)
            return -1;
        R->nf++;
        wt__json_clean_names(f->doc);
        f->ctx = json_object_get(f->doc, "context");
        char ep[600];
        wt_esc(paths[i], ep, sizeof ep);
        if (f->ctx && !json_is_object(f->ctx)) {
            snprintf(err, errlen, "'%s': expected Google Benchmark JSON (\"context\" is not an object)", ep);
            return -1;
        }
        if (add_file(R, i, &cap, err, errlen) < 0) {
            if (!*err)
                snprintf(err, errlen, "'%s': out of memory", ep);
            return -1;
        }
    }
    file_label(R);
    if (!(R->cand = wt__cand_new()) || wt__colours_init(R) < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

void wt__results_free(wt_results *R)
{
    for (int i = 0; i < R->nr; i++)
        json_decref(R->r[i].reps);
    for (int i = 0; i < R->nf; i++)
        json_decref(R->f[i].doc);
    json_decref(R->colour);
    json_decref(R->classes);
    wt__cand_free(R->cand);
    free(R->f);
    free(R->r);
    memset(R, 0, sizeof *R);
}

const char *wt__rec_param(const wt_rec *r, const char *k)
{
    for (int i = 0; i < r->np; i++)
        if (!strcmp(r->pk[i], k))
            return r->pv[i];
    return NULL;
}

const char *wt__ctx(const wt_results *R, int file, const char *key)
{
    json_t *v = file >= 0 && file < R->nf ? json_object_get(R->f[file].ctx, key) : NULL;
    return json_string_value(v);
}

static double key_num(json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    if (!json_is_number(v))
        return NAN;
    double d = json_number_value(v);
    if (!strcmp(key, WT_F_REAL_TIME) || !strcmp(key, WT_F_CPU_TIME)) {
        const char *u = json_string_value(json_object_get(j, "time_unit"));
        d *= !u || !strcmp(u, "ns") ? 1 : !strcmp(u, "us") ? 1e3 : !strcmp(u, "ms") ? 1e6 : 1e9;
    }
    return isfinite(d) ? d : NAN;
}

/* The first key of the list that the record's chosen entry has, into key. */
static int first_key(const wt_rec *r, const char *keys, char *key, size_t len)
{
    for (const char *k = keys; r->j && k && *k;) {
        size_t n = strcspn(k, ",");
        snprintf(key, len, "%.*s", (int)(n < len ? n : len - 1), k);
        if (!isnan(key_num(r->j, key)))
            return 0;
        k += n + (k[n] == ',');
    }
    return -1;
}

static int g_boot;

int wt__boot_set(int b)
{
    int old = g_boot;
    g_boot = b;
    return old;
}

int wt__boot_any(const wt_results *R)
{
    for (int i = 0; i < R->nr; i++)
        if (json_array_size(R->r[i].reps) >= 2)
            return 1;
    return 0;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Values of key over the record's repetitions: all of them (boot 0) or resample boot. */
static int rep_values(const wt_rec *r, const char *key, int boot, double *v, int max)
{
    int n = (int)json_array_size(r->reps), m = 0;
    uint64_t x = ((uint64_t)(r->idx + 1) * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)boot * 0xD1B54A32D192ED03ull);
    for (int i = 0; i < n && m < max; i++) {
        int k = i;
        if (boot) { /* xorshift64*: the same draw for this record and resample, whatever the key */
            x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
            k = (int)(((x * 0x2545F4914F6CDD1Dull) >> 33) % (uint64_t)n);
        }
        double d = key_num(json_array_get(r->reps, (size_t)k), key);
        if (!isnan(d))
            v[m++] = d;
    }
    return m;
}

double wt__rec_num(const wt_rec *r, const char *keys)
{
    char key[64];
    if (first_key(r, keys, key, sizeof key) < 0)
        return NAN;
    if (!g_boot || json_array_size(r->reps) < 2)
        return key_num(r->j, key);
    double v[256];
    int m = rep_values(r, key, g_boot, v, 256);
    if (m == 0)
        return key_num(r->j, key);
    qsort(v, (size_t)m, sizeof *v, cmp_d);
    return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
}

int wt__rec_key_used(const wt_rec *r, const char *keys, char *key, size_t len)
{
    return first_key(r, keys, key, len);
}

int wt__rec_values(const wt_rec *r, const char *key, double *v, int max)
{
    return r->reps ? rep_values(r, key, 0, v, max) : 0;
}

int wt__rec_spread(const wt_rec *r, const char *keys, double *lo, double *hi, int *n)
{
    char key[64];
    double v[256], med;
    *n = 0;
    if (first_key(r, keys, key, sizeof key) < 0 || json_array_size(r->reps) < 2)
        return 0;
    *n = rep_values(r, key, 0, v, 256);
    if (*n >= 2 && wt__median_ci(v, *n, &med, lo, hi) == 0)
        return 1;
    if (*n < 2)
        return 0;
    qsort(v, (size_t)*n, sizeof *v, cmp_d); /* too few for an interval: the range they span */
    *lo = v[0], *hi = v[*n - 1];
    return 2;
}

int wt__in_list(const char *k, const char *list)
{
    size_t n = strlen(k);
    for (const char *p = list; p && *p;) {
        size_t m = strcspn(p, ",");
        if (m == n && !strncmp(p, k, n))
            return 1;
        p += m + (p[m] == ',');
    }
    return 0;
}

void wt__rec_key(const wt_rec *r, const char *xparam, const char *drop, char *out, size_t len)
{
    size_t off = (size_t)snprintf(out, len, "%s", r->fv);
    for (int i = 0; i < r->np && off < len; i++)
        if (!(xparam && !strcmp(r->pk[i], xparam)) && !wt__in_list(r->pk[i], drop))
            off += (size_t)snprintf(out + off, len - off, "/%s:%s", r->pk[i], r->pv[i]);
}
