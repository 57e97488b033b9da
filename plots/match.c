/* match.c: which records a pattern of the family table names. A pattern is space-separated tokens,
 * the first a glob over family.variant, each further one "k:glob" over a parameter ("place:@far",
 * "place:@near": the farthest and nearest placement class of the record's file); alternatives
 * separated by ';'. Every figure, crossover and bootstrap resample matches records against
 * patterns, so the candidates of each pattern (the records whose family.variant can match) are
 * cached, and a literal prefix decides most records before fnmatch. No timing here. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define NCAND 256
typedef struct cand {
    char pat[256];
    int *idx, n;
} cand;
struct wt_cands {
    cand c[NCAND];
    int next; /* the entry replaced when all are taken */
};

int wt__cand(const wt_results *R, const char *pat, const int **idx)
{
    struct wt_cands *C = R->cand;
    *idx = NULL;
    if (!C || strlen(pat) >= sizeof C->c[0].pat)
        return R->nr;
    for (int k = 0; k < NCAND && C->c[k].idx; k++)
        if (!strcmp(C->c[k].pat, pat)) {
            *idx = C->c[k].idx;
            return C->c[k].n;
        }
    int k = 0;
    while (k < NCAND && C->c[k].idx)
        k++;
    if (k == NCAND)
        k = C->next, C->next = (C->next + 1) % NCAND;
    cand *c = &C->c[k];
    free(c->idx);
    c->n = 0;
    if (!(c->idx = malloc(((size_t)R->nr + 1) * sizeof *c->idx)))
        return R->nr;
    snprintf(c->pat, sizeof c->pat, "%s", pat);
    for (int i = 0; i < R->nr; i++)
        if (wt__fv_match(R->r[i].fv, pat))
            c->idx[c->n++] = i;
    *idx = c->idx;
    return c->n;
}

struct wt_cands *wt__cand_new(void)
{
    return calloc(1, sizeof(struct wt_cands));
}

void wt__cand_free(struct wt_cands *C)
{
    for (int k = 0; C && k < NCAND; k++)
        free(C->c[k].idx);
    free(C);
}

/* Does the token "k:glob" (n bytes at tok) match one of the record's parameters? */
static int token_match(const wt_results *R, const wt_rec *r, const char *tok, size_t n)
{
    const char *colon = memchr(tok, ':', n);
    char k[32], want[256];
    if (!colon || (size_t)(colon - tok) >= sizeof k || n - (size_t)(colon - tok) > sizeof want)
        return 0;
    memcpy(k, tok, (size_t)(colon - tok));
    k[colon - tok] = 0;
    memcpy(want, colon + 1, n - (size_t)(colon - tok) - 1);
    want[n - (size_t)(colon - tok) - 1] = 0;
    const char *v = wt__rec_param(r, k), *w = want;
    if (!v)
        return 0;
    if (!strcmp(want, "@near"))
        w = R->f[r->file].near;
    else if (!strcmp(want, "@far"))
        w = R->f[r->file].far;
    return fnmatch(w, v, 0) == 0;
}

/* The first token of an alternative (n bytes at p) against family.variant. Copied with memcpy:
 * every figure, crossover and bootstrap resample matches every record, so this is the hot path. */
static int fv_token(const char *p, size_t n, const char *fv)
{
    char tok[128];
    size_t t = strcspn(p, " ;");
    if (t > n)
        t = n;
    if (!t || t >= sizeof tok)
        return 0;
    memcpy(tok, p, t);
    tok[t] = 0;
    size_t lit = strcspn(tok, "*?[\\"); /* the literal prefix decides most records without fnmatch */
    if (strncmp(tok, fv, lit))
        return 0;
    return !tok[lit] ? !fv[lit] : fnmatch(tok, fv, 0) == 0;
}

int wt__rec_match(const wt_results *R, const wt_rec *r, const char *pat)
{
    if (r->error || !r->j)
        return 0;
    for (const char *p = pat; p && *p;) {
        size_t n = strcspn(p, ";");
        int ok = fv_token(p, n, r->fv);
        for (const char *t = p + strcspn(p, " ;"); ok && t < p + n;) {
            t += strspn(t, " ");
            size_t m = strcspn(t, " ;");
            if (m)
                ok = token_match(R, r, t, m);
            t += m;
        }
        if (ok)
            return 1;
        p += n + (p[n] == ';');
    }
    return 0;
}

int wt__fv_match(const char *fv, const char *pat)
{
    for (const char *p = pat; p && *p;) {
        size_t n = strcspn(p, ";");
        if (fv_token(p, n, fv))
            return 1;
        p += n + (p[n] == ';');
    }
    return 0;
}

int wt__any(const wt_results *R, const char *pat)
{
    for (int i = 0; i < R->nr; i++)
        if (wt__rec_match(R, &R->r[i], pat))
            return 1;
    return 0;
}

