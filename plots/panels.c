/* panels.c: small multiples. The series of a line or scatter figure are sorted and cut into panels
 * of at most WT_PANEL_MAX: one per value of the figure's panel parameter (peer, place, workers),
 * within it one per group of variants (the figure's groups), and chunks when still too many. A
 * legend says only what tells the series of the figure apart (the rest goes to the caption). One
 * colour per series identity in the whole report (one run), or one per run (several), so a colour
 * never changes meaning between figures. No timing here. */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define MAXPANELS 16
static const char *const col[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                                  "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#7f7f7f"};
static const char *const runcol[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
static const int pts[] = {7, 5, 9, 11, 13, 6, 4, 8};

/* The value of parameter k in a series key "fv/k:v/...", into out; 0 when the key has no k. */
static int key_param(const char *key, const char *k, char *out, size_t len)
{
    size_t n = strlen(k);
    *out = 0;
    for (const char *p = strchr(key, '/'); p && n; p = strchr(p + 1, '/'))
        if (!strncmp(p + 1, k, n) && p[1 + n] == ':') {
            snprintf(out, len, "%.*s", (int)strcspn(p + 2 + n, "/"), p + 2 + n);
            return 1;
        }
    return 0;
}

/* The group of family.variant fv: its position in groups ("name=glob,glob|name=..."), the name. */
static int group_of(const char *groups, const char *fv, char *name, size_t len)
{
    int i = 0;
    *name = 0;
    for (const char *g = groups; g && *g; i++) {
        size_t n = strcspn(g, "|"), eq = strcspn(g, "=");
        for (const char *p = g + eq + 1; eq < n && p < g + n;) {
            size_t m = strcspn(p, ",|");
            char glob[96];
            snprintf(glob, sizeof glob, "%.*s", (int)(m < sizeof glob ? m : sizeof glob - 1), p);
            if (fnmatch(glob, fv, 0) == 0) {
                snprintf(name, len, "%.*s", (int)eq, g);
                return i;
            }
            p += m + (p[m] == ',');
        }
        g += n + (g[n] == '|');
    }
    return i;
}

typedef struct item {
    wt_series s;
    char pval[48], grp[64], base[300];
    int gi, lim;
} item;

static int cmp_item(const void *a, const void *b)
{
    const item *p = a, *q = b;
    if (p->lim != q->lim)
        return p->lim - q->lim;
    char *e1, *e2;
    double x = strtod(p->pval, &e1), y = strtod(q->pval, &e2);
    int c = *p->pval && *q->pval && !*e1 && !*e2 ? (x > y) - (x < y) : strcmp(p->pval, q->pval);
    if (c)
        return c;
    if (p->gi != q->gi)
        return p->gi - q->gi;
    c = strcmp(p->base, q->base);
    return c ? c : p->s.file - q->s.file;
}

/* Over the series that are not limits: the parameters (but skip) whose value differs between them,
 * into vary (','-separated), and those every one has with one value, "k:v, ..." appended to common. */
static void varying(const item *v, int n, const char *skip, char *vary, size_t len, char *common, size_t clen)
{
    char keys[24][40];
    int nk = 0;
    size_t off = 0, coff = strlen(common);
    for (int i = 0; i < n; i++)
        for (const char *p = strchr(v[i].s.key, '/'); p && !v[i].lim; p = strchr(p + 1, '/')) {
            char k[40];
            int j = 0;
            snprintf(k, sizeof k, "%.*s", (int)strcspn(p + 1, ":/"), p + 1);
            while (j < nk && strcmp(keys[j], k))
                j++;
            if (j == nk && nk < 24 && !(skip && !strcmp(k, skip)))
                snprintf(keys[nk++], sizeof keys[0], "%s", k);
        }
    *vary = 0;
    for (int j = 0; j < nk; j++) {
        char a[64] = "", b[64];
        int same = 1, first = 1;
        for (int i = 0; i < n && same; i++) {
            if (v[i].lim)
                continue;
            int has = key_param(v[i].s.key, keys[j], b, sizeof b);
            same = has && (first || !strcmp(a, b));
            if (first)
                snprintf(a, sizeof a, "%s", b), first = 0;
        }
        if (same && coff + 8 < clen)
            coff += (size_t)snprintf(common + coff, clen - coff, "%s%s:%s", coff ? ", " : "", keys[j], a);
        else if (!same && off + strlen(keys[j]) + 2 < len)
            off += (size_t)snprintf(vary + off, len - off, "%s%s", off ? "," : "", keys[j]);
    }
}

int wt__panels(const wt_results *R, const wt_fig *F, wt_series *s, int ns, int *nlim, wt_panel **out,
               char *common, size_t clen)
{
    item *v = malloc((size_t)(ns ? ns : 1) * sizeof *v);
    wt_panel *P = malloc(MAXPANELS * sizeof *P);
    char vary[512] = "", fam[64] = "";
    int np = 0, samefv = 1;
    if (!v || !P) {
        free(v), free(P);
        return -1;
    }
    for (int i = 0; i < ns; i++) {
        wt__ident(&R->r[s[i].rec], s[i].ident, sizeof s[i].ident);
        v[i].s = s[i];
        char fv[64];
        snprintf(fv, sizeof fv, "%.*s", (int)strcspn(s[i].key, "/"), s[i].key);
        v[i].lim = F->limit && wt__fv_match(fv, F->limit);
        key_param(s[i].key, F->panel ? F->panel : "", v[i].pval, sizeof v[i].pval);
        v[i].gi = v[i].lim ? 0 : group_of(F->groups, fv, v[i].grp, sizeof v[i].grp);
        if (!v[i].lim && !*fam)
            snprintf(fam, sizeof fam, "%s", fv);
        samefv &= v[i].lim || !strcmp(fam, fv);
    }
    int nl = 0;
    for (int i = 0; i < ns; i++)
        nl += v[i].lim;
    size_t famlen = strcspn(fam, ".") + 1; /* "msg." when every series is of one family */
    for (int i = 0; i < ns; i++)
        if (!v[i].lim && strncmp(v[i].s.key, fam, famlen))
            famlen = 0;
    *common = 0;
    if (samefv && *fam)
        snprintf(common, clen, "%s", fam);
    else if (famlen)
        snprintf(common, clen, "%.*s*", (int)famlen, fam);
    varying(v, ns, F->panel, vary, sizeof vary, common, clen);
    int onep = 1; /* one panel value for all: the caption says it */
    for (int i = 1; i < ns; i++)
        onep &= v[i].lim || v[0].lim || !strcmp(v[i].pval, v[0].pval);
    if (F->panel && onep && ns && *v[0].pval && strlen(common) + 100 < clen)
        snprintf(common + strlen(common), clen - strlen(common), "%s%s:%s", *common ? ", " : "", F->panel, v[0].pval);
    for (int i = 0; i < ns; i++) { /* the legend: family.variant (shortened) and what varies */
        char fv[64], *b = v[i].base;
        size_t off = 0;
        snprintf(fv, sizeof fv, "%.*s", (int)strcspn(v[i].s.key, "/"), v[i].s.key);
        *b = 0;
        if (!samefv || v[i].lim || !*vary)
            off = (size_t)snprintf(b, 300, "%s", v[i].lim ? fv : fv + famlen);
        for (const char *k = vary; *k;) {
            size_t n = strcspn(k, ",");
            char kk[40], val[64];
            snprintf(kk, sizeof kk, "%.*s", (int)n, k);
            if (key_param(v[i].s.key, kk, val, sizeof val) && off < 300)
                off += (size_t)snprintf(b + off, 300 - off, "%s%s:%s", off ? " " : "", kk, val);
            k += n + (k[n] == ',');
        }
        snprintf(v[i].s.label, sizeof v[i].s.label, "%s", b); /* several runs: the key names runs apart */
    }
    qsort(v, (size_t)ns, sizeof *v, cmp_item);
    for (int i = 0; i < ns; i++)
        s[i] = v[i].s;
    /* panels: one per panel value and group; within one, chunks of whole legend bases (a base is a
     * series, or one series per run), balanced, at most WT_PANEL_MAX series each */
    int m = ns - nl;
    for (int i = 0; i < m && np < MAXPANELS;) {
        int j = i, units = 0, big = 1;
        while (j < m && !strcmp(v[j].pval, v[i].pval) && v[j].gi == v[i].gi) {
            int u = j + 1;
            while (u < m && !strcmp(v[u].base, v[j].base) && !strcmp(v[u].pval, v[j].pval) && v[u].gi == v[j].gi)
                u++;
            big = u - j > big ? u - j : big;
            units++, j = u;
        }
        int cap = big > WT_PANEL_MAX ? 1 : WT_PANEL_MAX / big, nch = (units + cap - 1) / cap;
        int per = (units + nch - 1) / nch, total = 0, part = 0;
        for (int k = i; k < j;) { /* count the panels first: a base above the maximum is cut */
            int e = k, got = 0;
            while (e < j && got < per) {
                int u = e + 1;
                while (u < j && !strcmp(v[u].base, v[e].base) && u - e < WT_PANEL_MAX)
                    u++;
                e = u, got++;
            }
            total++, k = e;
        }
        for (int k = i; k < j && np < MAXPANELS; part++) {
            int e = k, got = 0;
            while (e < j && got < per) {
                int u = e + 1;
                while (u < j && !strcmp(v[u].base, v[e].base) && u - e < WT_PANEL_MAX)
                    u++;
                e = u, got++;
            }
            wt_panel *p = &P[np++];
            p->first = k, p->n = e - k;
            size_t o = 0;
            p->title[0] = 0;
            if (*v[k].pval)
                o = (size_t)snprintf(p->title, sizeof p->title, "%s:%.60s", F->panel, v[k].pval);
            if (*v[k].grp)
                o += (size_t)snprintf(p->title + o, sizeof p->title - o, "%s%s", o ? " · " : "", v[k].grp);
            if (total > 1 && o < sizeof p->title)
                snprintf(p->title + o, sizeof p->title - o, "%s(%d of %d)", o ? " " : "", part + 1, total);
            k = e;
        }
        i = j;
    }
    free(v);
    *nlim = nl;
    *out = P;
    return np;
}

static int cidx(const wt_results *R, const char *ident)
{
    return wt__colour(R, ident);
}

const char *wt__colour_hex(const wt_results *R, int file, const char *ident)
{
    if (R->nf > 1)
        return runcol[file % 6];
    int c = cidx(R, ident);
    return c < 0 ? "#000000" : col[c % 12];
}

void wt__gp_colour(FILE *g, const wt_results *R, int file, const char *ident)
{
    fprintf(g, " lc rgb '%s'", wt__colour_hex(R, file, ident));
}

static void marks(FILE *g, int rank, int calib, int c)
{
    if (calib)
        fprintf(g, " lw 2.5 dt %d pt 7", 2 + rank % 3);
    else
        fprintf(g, " lw 1.5 dt %d pt %d", 1 + rank % 5, pts[(c / 12 + rank) % 8]);
}

/* rank: one run, the how-many-th series of the panel that shares this one's colour (0 first);
 * several, the how-many-th series of the panel (its runs share the rank). */
void wt__gp_style(FILE *g, const wt_results *R, const wt_series *s, int rank)
{
    wt__gp_colour(g, R, s->file, s->ident);
    marks(g, rank, !strncmp(s->ident, "calib.", 6), R->nf > 1 ? 0 : cidx(R, s->ident));
}

/* Several runs: the key names each run by its colour, then each series by its marks in black. */
void wt__gp_runkey(FILE *g, const wt_results *R)
{
    for (int f = 0; f < R->nf; f++) {
        fprintf(g, ", \\\n     NaN with lines lw 5 lc rgb '%s' title ", runcol[f % 6]);
        wt__gp_quote(g, R->f[f].label);
    }
}

void wt__gp_markkey(FILE *g, const wt_series *s, int rank, int points)
{
    fputs(", \\\n     NaN with ", g);
    fputs(points ? "points lc rgb 'black'" : "linespoints lc rgb 'black'", g);
    marks(g, rank, !strncmp(s->ident, "calib.", 6), 0);
    fputs(" title ", g);
    wt__gp_quote(g, s->label);
}

static int g_cols, g_rows;
static double g_ph, g_top; /* a panel's height and the title's, as fractions of the picture */

void wt__gp_layout(FILE *g, const char *id, const char *title, int np, int keyw)
{
    /* two panels a row, unless long legends would leave each plot too narrow for its ticks */
    g_cols = np > 1 && keyw <= 24 ? 2 : 1, g_rows = (np + g_cols - 1) / g_cols;
    int h = np > 1 ? 40 + 330 * g_rows : 500;
    g_ph = np > 1 ? 330.0 / h : 1, g_top = np > 1 ? 40.0 / h : 0;
    wt__gp_header(g, id, np > 1 ? NULL : title, np > 1 ? 1000 : 900, h);
    if (np > 1) {
        fputs("set multiplot title ", g);
        wt__gp_quote(g, title);
        fputs(" font ',11'\n", g);
    }
    int rm = 10 + (keyw < 8 ? 8 : keyw > 48 ? 48 : keyw); /* the key's sample and text */
    fprintf(g, "set lmargin 13\nset rmargin %d\nset tmargin 2.5\nset bmargin 3.5\n", rm);
    fputs("set key at graph 1.03, graph 1 left top Left reverse font ',9' samplen 2.5 spacing 1.05\n", g);
    fputs("set grid\nset datafile missing '?'\nset bars 0.5\n", g);
}

void wt__gp_panel(FILE *g, int i, int np, const char *title)
{
    if (np > 1) {
        int r = i / g_cols, c = i % g_cols;
        fprintf(g, "set size %.4f,%.4f\nset origin %.4f,%.4f\n", 1.0 / g_cols, g_ph, (double)c / g_cols,
                1 - g_top - (r + 1) * g_ph);
    }
    if (title && *title) {
        fputs("set title ", g);
        wt__gp_quote(g, title);
        fputs(np > 1 ? " font ',10'\n" : "\n", g);
    }
}
