/* jsonio.c: reading Google Benchmark JSON with jansson. Google Benchmark writes non-finite numbers
 * as bare NaN / inf (a CV of an all-zero counter is 0/0), which is not JSON: outside strings those
 * tokens become null before parsing. Also strips the "/manual_time" suffix that UseManualTime adds,
 * so result names stay family.variant/param:value. No timing here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "esc.h"
#include "jsonio.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    for (size_t k; b && (k = fread(b + n, 1, cap - n, f)) > 0;) {
        n += k;
        if (n == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!b || bad) {
        free(b);
        errno = bad ? EIO : ENOMEM;
        return NULL;
    }
    *len = n;
    return b;
}

/* Copy s to a new buffer with NaN and Infinity (optionally signed) outside strings written as
 * null. Returns the buffer (caller frees) and its length in *out_len; NULL if out of memory. */
static char *denan(const char *s, size_t n, size_t *out_len)
{
    static const char *const toks[] = {"-Infinity", "Infinity", "-NaN", "NaN"}; /* GB's spelling */
    char *o = malloc(2 * n + 1); /* "NaN" -> "null" grows by at most a third */
    size_t j = 0;
    int in_str = 0;
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (in_str) {
            if (s[i] == '\\' && i + 1 < n)
                o[j++] = s[i++];
            else if (s[i] == '"')
                in_str = 0;
            o[j++] = s[i];
            continue;
        }
        in_str = s[i] == '"';
        size_t t, k = 0;
        for (t = 0; t < sizeof toks / sizeof toks[0]; t++) {
            k = strlen(toks[t]);
            if (i + k <= n && !memcmp(s + i, toks[t], k))
                break;
        }
        if (t < sizeof toks / sizeof toks[0]) {
            memcpy(o + j, "null", 4);
            j += 4;
            i += k - 1;
        } else {
            o[j++] = s[i];
        }
    }
    *out_len = j;
    return o;
}

json_t *wt__json_load(const char *path, char *err, size_t errlen)
{
    char ep[600], et[300]; /* the path and jansson's "near '...'" quote, control bytes escaped */
    wt_esc(path, ep, sizeof ep);
    size_t n = 0;
    char *text = slurp(path, &n);
    if (!text) {
        snprintf(err, errlen, "'%s': cannot read (%s)", ep, strerror(errno));
        return NULL;
    }
    size_t m = 0;
    char *clean = denan(text, n, &m);
    free(text);
    if (!clean) {
        snprintf(err, errlen, "'%s': out of memory", ep);
        return NULL;
    }
    json_error_t je;
    json_t *doc = json_loadb(clean, m, 0, &je);
    free(clean);
    if (!doc) {
        snprintf(err, errlen, "'%s': expected Google Benchmark JSON, malformed at line %d: %s", ep, je.line,
                 wt_esc(je.text, et, sizeof et));
        return NULL;
    }
    json_t *bs = json_object_get(doc, "benchmarks");
    if (!json_is_object(doc) || !json_is_array(bs)) {
        snprintf(err, errlen, "'%s': expected Google Benchmark JSON (an object with a \"benchmarks\" array)", ep);
        json_decref(doc);
        return NULL;
    }
    return doc;
}

/* "x/manual_time" -> "x" and "x/manual_time_median" -> "x_median" */
static void strip(json_t *b, const char *key)
{
    static const char suf[] = "/manual_time";
    const char *v = json_string_value(json_object_get(b, key));
    const char *at = v ? strstr(v, suf) : NULL;
    if (!at || (at[sizeof suf - 1] && at[sizeof suf - 1] != '_'))
        return;
    size_t head = (size_t)(at - v);
    char *c = malloc(strlen(v) + 1);
    if (!c)
        return;
    memcpy(c, v, head);
    strcpy(c + head, at + sizeof suf - 1);
    json_object_set_new(b, key, json_string(c));
    free(c);
}

void wt__json_clean_names(json_t *doc)
{
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(doc, "benchmarks"), i, b) {
        strip(b, "name");
        strip(b, "run_name");
    }
}
