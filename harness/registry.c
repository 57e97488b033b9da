/* registry.c: expands the generated case list into benchmark instances: case x parameter values x
 * placement classes this machine has, named family.variant/param:value/... No timing here. */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include "esc.h"
#include "harness.h"

const wt_case *wt__case_find(const char *name)
{
    for (size_t i = 0; i < wt__ncases; i++)
        if (strcmp(wt__cases[i]->name, name) == 0)
            return wt__cases[i];
    return NULL;
}

int wt__parse_size(const char *s, int64_t *out)
{
    if (!s || !*s)
        return -EINVAL;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || v < 0)
        return -EINVAL;
    int shift = 0;
    switch (*end) {
    case 'K': case 'k': shift = 10; end++; break;
    case 'M': case 'm': shift = 20; end++; break;
    case 'G': case 'g': shift = 30; end++; break;
    }
    if (*end || (shift && v > (INT64_MAX >> shift)))
        return -EINVAL;
    *out = (int64_t)v << shift;
    return 0;
}

const char *wt_arg(const wt_ctx *ctx, const char *name)
{
    for (int i = 0; i < ctx->nparams; i++)
        if (strcmp(ctx->pname[i], name) == 0)
            return ctx->pval[i];
    return NULL;
}

int64_t wt_arg_int(const wt_ctx *ctx, const char *name, int64_t dflt)
{
    int64_t v;
    const char *s = wt_arg(ctx, name);
    return s && wt__parse_size(s, &v) == 0 ? v : dflt;
}

/* Placement values of a case for this machine: a comma list of class names, "all" (every class
 * present), "far" (farthest present), "near" (nearest other than pu). Absent classes drop out. */
static int place_values(const wt_topo *t, const char *spec, int *cls, int max, char *missing, size_t mlen)
{
    unsigned have = wt_topo_classes(t), want = 0;
    size_t moff = 0;
    missing[0] = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "all") == 0)
            want |= have;
        else if (strcmp(tok, "far") == 0 || strcmp(tok, "near") == 0) {
            int far = strcmp(tok, "far") == 0, found = 0;
            for (int c = far ? WT_PL_N - 1 : WT_PL_SMT; c > WT_PL_PU && c < WT_PL_N; c += far ? -1 : 1)
                if (have & (1u << c)) {
                    want |= 1u << c;
                    found = 1;
                    break;
                }
            if (!found && moff < mlen) /* one PU: say so rather than drop it silently */
                moff += (size_t)snprintf(missing + moff, mlen - moff, "%s%s", moff ? "," : "", tok);
        } else {
            int c = wt_place_parse(tok);
            if (c >= 0)
                want |= (1u << c) & have;
        }
    }
    int n = 0;
    for (int c = 0; c < WT_PL_N && n < max; c++)
        if (want & (1u << c))
            cls[n++] = c;
    return n;
}

typedef struct expander {
    const wt_topo *t;
    const wt_opts *o;
    const wt_case *c;
    regex_t *re;
    wt_bench *b;
    int n, cap;
    const char *vals[WT_MAX_PARAMS];
    int place[WT_MAX_PARAMS]; /* class per param index, -1 if not a place param */
    const char *force_skip;   /* reason for an instance this machine cannot place */
} expander;

static int emit(expander *e)
{
    const wt_case *c = e->c;
    wt_bench tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.c = c;
    size_t off = (size_t)snprintf(tmp.name, sizeof tmp.name, "%s", c->name);
    int np = 0, cls = -1;
    for (; c->params && c->params[np].name; np++) {
        off += (size_t)snprintf(tmp.name + off, sizeof tmp.name - off, "/%s:%s", c->params[np].name, e->vals[np]);
        snprintf(tmp.vals[np], sizeof tmp.vals[np], "%s", e->vals[np]);
        if (e->place[np] >= 0)
            cls = e->place[np];
    }
    if (off >= sizeof tmp.name)
        return -ENAMETOOLONG;
    if (e->re && regexec(e->re, tmp.name, 0, NULL, 0) != 0)
        return 0;
    if (e->n == e->cap) {
        int cap = e->cap ? 2 * e->cap : 64;
        wt_bench *nb = realloc(e->b, (size_t)cap * sizeof *nb);
        if (!nb)
            return -ENOMEM;
        e->b = nb;
        e->cap = cap;
    }
    wt_bench *b = &e->b[e->n++];
    *b = tmp;
    wt_ctx *x = &b->ctx;
    x->c = c;
    x->quick = e->o->quick;
    x->smoke = e->o->smoke;
    x->duration_s = c->flags & WT_WINDOW ? e->o->window_s : e->o->duration_s;
    x->npus = wt_topo_npus(e->t);
    x->nparams = np;
    for (int i = 0; i < np; i++) {
        x->pname[i] = c->params[i].name;
        x->pval[i] = b->vals[i];
    }
    int pr[2] = {wt_topo_pu(e->t, 0), wt_topo_pu(e->t, 1)};
    if (cls >= 0) {
        wt_topo_pair(e->t, cls, pr);
        x->place = wt_place_name(cls);
    } else if (pr[1] < 0) {
        pr[1] = pr[0];
    }
    unsigned need = cls == WT_PL_PU ? 1 : (c->min_pus ? c->min_pus : 1);
    if (e->force_skip) {
        snprintf(b->skipbuf, sizeof b->skipbuf, "%s", e->force_skip);
        b->skip = b->skipbuf;
    } else if ((unsigned)x->npus < need) {
        snprintf(b->skipbuf, sizeof b->skipbuf, "needs %u PUs, this process may use %d", need, x->npus);
        b->skip = b->skipbuf;
    }
    x->pu[0] = e->o->pin ? pr[0] : -1;
    x->pu[1] = e->o->pin ? pr[1] : -1;
    x->node[0] = pr[0] >= 0 ? wt_topo_node_of(e->t, pr[0]) : -1;
    x->node[1] = pr[1] >= 0 ? wt_topo_node_of(e->t, pr[1]) : -1;
    return 0;
}

/* Cartesian product over parameter i and beyond. */
static int expand_from(expander *e, int i)
{
    const wt_param *p = e->c->params;
    if (!p || !p[i].name)
        return emit(e);
    const char *list = e->o->quick || e->o->smoke ? p[i].quick : p[i].full;
    char first[64];
    if (e->o->smoke && !*list) { /* a --full-only sweep: smoke-test its first value */
        snprintf(first, sizeof first, "%.*s", (int)strcspn(p[i].full, ","), p[i].full);
        list = first;
    }
    int is_place = strcmp(p[i].name, "place") == 0;
    if (is_place) {
        char missing[64];
        int cls[WT_PL_N], n = place_values(e->t, list, cls, WT_PL_N, missing, sizeof missing);
        char mbuf[64];
        snprintf(mbuf, sizeof mbuf, "%s", missing);
        for (char *save = NULL, *tok = strtok_r(mbuf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            e->vals[i] = tok;
            e->place[i] = -1;
            e->force_skip = "needs a second PU for this placement; this process may use one";
            int rc = expand_from(e, i + 1);
            e->force_skip = NULL;
            if (rc < 0)
                return rc;
        }
        for (int k = 0; k < n; k++) {
            e->vals[i] = wt_place_name(cls[k]);
            e->place[i] = cls[k];
            int rc = expand_from(e, i + 1);
            if (rc < 0)
                return rc;
        }
        e->place[i] = -1;
        return 0;
    }
    e->place[i] = -1;
    if (strcmp(list, "pus") == 0) { /* every PU (evenly sampled to 64 in quick mode) */
        int n = wt_topo_npus(e->t), m = e->o->quick && n > 64 ? 64 : n;
        for (int k = 0; k < m; k++) {
            char v[16];
            snprintf(v, sizeof v, "%d", wt_topo_pu(e->t, (int)((long)k * n / m)));
            e->vals[i] = v;
            int rc = expand_from(e, i + 1);
            if (rc < 0)
                return rc;
        }
        return 0;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    /* values live in buf for the recursion below; emit copies them */
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        e->vals[i] = tok;
        int rc = expand_from(e, i + 1);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int expand(const wt_topo *t, const wt_opts *o, wt_bench **out, char *err, size_t errlen);

/* The filter widened by the native counterparts (wt_case.native) of every case it selects a result
 * of, whichever case this process runs (a child re-expands with the same filter): a malloc'd
 * string, or NULL when nothing is added. */
static char *with_natives(const wt_topo *t, const wt_opts *o)
{
    if (!o->filter || !*o->filter || o->no_natives)
        return NULL;
    wt_opts all = *o;
    all.only_case = NULL;
    wt_bench *b = NULL;
    char err[8];
    int n = expand(t, &all, &b, err, sizeof err);
    size_t len = strlen(o->filter) + 3;
    char *f = NULL;
    for (int pass = 0; pass < 2 && n > 0; pass++) {
        int added = 0;
        for (size_t i = 0; i < wt__ncases; i++) {
            const wt_case *c = wt__cases[i];
            int sel = 0;
            for (int k = 0; c->native && !sel && k < n; k++)
                sel = b[k].c == c;
            if (!sel)
                continue;
            if (pass)
                strcat(strcat(strcat(f, "|("), c->native), ")");
            else
                len += strlen(c->native) + 3;
            added = 1;
        }
        if (!added)
            break;
        if (!pass && (f = malloc(len)))
            snprintf(f, len, "(%s)", o->filter);
        if (!f)
            break;
    }
    free(b);
    return f;
}

int wt__expand(const wt_topo *t, const wt_opts *o, wt_bench **out, char *err, size_t errlen)
{
    char *f = with_natives(t, o);
    if (!f)
        return expand(t, o, out, err, errlen);
    wt_opts wide = *o;
    wide.filter = f;
    int n = expand(t, &wide, out, err, errlen);
    free(f);
    return n;
}

static int expand(const wt_topo *t, const wt_opts *o, wt_bench **out, char *err, size_t errlen)
{
    expander e;
    memset(&e, 0, sizeof e);
    e.t = t;
    e.o = o;
    regex_t re;
    if (o->filter && *o->filter) {
        int rc = regcomp(&re, o->filter, REG_EXTENDED | REG_NOSUB);
        if (rc) {
            char why[128], f[400];
            regerror(rc, &re, why, sizeof why);
            snprintf(err, errlen, "--filter '%s': expected a POSIX extended regular expression (%s)",
                     wt_esc(o->filter, f, sizeof f), why);
            return -1;
        }
        e.re = &re;
    }
    int rc = 0;
    for (size_t i = 0; i < wt__ncases && rc >= 0; i++) {
        if (o->only_case && strcmp(o->only_case, wt__cases[i]->name) != 0)
            continue;
        e.c = wt__cases[i];
        rc = expand_from(&e, 0);
    }
    if (e.re)
        regfree(&re);
    if (rc < 0) {
        free(e.b);
        snprintf(err, errlen, "case expansion failed: %s", strerror(-rc));
        return -1;
    }
    /* The array moved while it grew: point each context at its own bench's strings now. */
    for (int i = 0; i < e.n; i++) {
        e.b[i].ctx.name = e.b[i].name;
        for (int k = 0; k < e.b[i].ctx.nparams; k++)
            e.b[i].ctx.pval[k] = e.b[i].vals[k];
    }
    *out = e.b;
    return e.n;
}
