/* heat.c: the core-to-core heatmap. Results msg.c2c/from:A/to:B (one-way ns, A and B OS PU numbers)
 * drawn as a matrix with PUs in topology order (the context's wt_pu_map "OS=core/l2/l3/numa/package"
 * list), PU labels on both axes, lines at L3 boundaries and thick lines at NUMA boundaries. Pairs not
 * measured (sampled in quick mode on big machines) stay blank. Above MAXCELLS PUs a side, PUs are
 * binned in topology order (at most MAXCELLS x MAXCELLS cells) and each cell shows the median of the
 * pairs measured in it; the caption says so. Memory is linear in the PUs and the results. No timing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

#define MAXCELLS 64

typedef struct pu {
    int os, core, l2, l3, numa, pkg;
} pu;

typedef struct pus {
    pu *v;
    int n, cap;
    json_t *at; /* OS index (decimal) -> position */
} pus;

/* Position of PU os, or -1; with add, appended when new (-2 when out of memory). */
static int pu_pos(pus *P, pu u, int add)
{
    char k[16];
    snprintf(k, sizeof k, "%d", u.os);
    json_t *i = json_object_get(P->at, k);
    if (i || !add)
        return i ? (int)json_integer_value(i) : -1;
    if (P->n == P->cap) {
        pu *v = realloc(P->v, (size_t)(P->cap ? 2 * P->cap : 64) * sizeof *v);
        if (!v)
            return -2;
        P->v = v, P->cap = P->cap ? 2 * P->cap : 64;
    }
    if (json_object_set_new(P->at, k, json_integer(P->n)) < 0)
        return -2;
    P->v[P->n] = u;
    return P->n++;
}

/* PUs of file f in topology order: the map first, then any PU the results name that it lacks. */
static int pu_list(const wt_results *R, int f, const char *pat, pus *P)
{
    const char *map = wt__ctx(R, f, WT_X_PU_MAP);
    for (const char *p = map; p && *p;) {
        pu u = {-1, -1, -1, -1, -1, -1};
        int used = 0;
        if (sscanf(p, "%d=%d/%d/%d/%d/%d%n", &u.os, &u.core, &u.l2, &u.l3, &u.numa, &u.pkg, &used) >= 6 && u.os >= 0 &&
            pu_pos(P, u, 1) == -2)
            return -1;
        p += strcspn(p, " ");
        p += strspn(p, " ");
    }
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        if (r->file != f || !wt__rec_match(R, r, pat))
            continue;
        for (int e = 0; e < 2; e++) {
            const char *s = wt__rec_param(r, e ? "to" : "from");
            int os = s ? atoi(s) : -1;
            if (os >= 0 && pu_pos(P, (pu){os, -1, -1, -1, -1, -1}, 1) == -2)
                return -1;
        }
    }
    return 0;
}

typedef struct val {
    int cell;
    double y;
} val;

static int cmp_val(const void *a, const void *b)
{
    const val *p = a, *q = b;
    return p->cell != q->cell ? (p->cell > q->cell) - (p->cell < q->cell) : (p->y > q->y) - (p->y < q->y);
}

/* Axis ticks: the OS index of the first PU of every step-th bin. */
static void tics(FILE *g, const char *axis, const pus *P, int nb, int k)
{
    int step = nb > 48 ? nb / 24 : 1;
    fprintf(g, "set %stics (", axis);
    for (int i = 0, c = 0; i < nb; i += step)
        fprintf(g, "%s'%d' %d", c++ ? ", " : "", P->v[i * k].os, i);
    fputs(nb > 16 ? ") font ',8'" : ") font ',9'", g);
    fputs(nb > 16 && !strcmp(axis, "x") ? " rotate by 90 right\n" : "\n", g);
}

static void script(FILE *g, const char *id, const char *title, const pus *P, int nb, int k)
{
    int sz = nb <= 16 ? 520 : 760;
    wt__gp_header(g, id, title, sz + 120, sz);
    fprintf(g, "set datafile missing '?'\nset size ratio -1\nset xlabel 'to PU (OS index%s)'\n"
               "set ylabel 'from PU (OS index%s)'\nset palette rgb 33,13,10\n"
               "set cblabel 'one-way ns%s'\nset cbrange [0:*]\nset tics scale 0\n",
            k > 1 ? " of the first PU in a bin" : "", k > 1 ? " of the first PU in a bin" : "",
            k > 1 ? ", median per bin" : "");
    fprintf(g, "set xrange [-0.5:%g]\nset yrange [%g:-0.5]\n", nb - 0.5, nb - 0.5);
    tics(g, "x", P, nb, k);
    tics(g, "y", P, nb, k);
    for (int i = 1; i < nb; i++) { /* boundaries that fall between two bins */
        const pu *a = &P->v[i * k - 1], *b = &P->v[i * k];
        int numa = a->numa != b->numa, l3 = a->l3 != b->l3;
        if (!numa && !l3)
            continue;
        const char *st = numa ? "lw 3 lc 'black'" : "lw 1 lc 'gray20'";
        fprintf(g, "set arrow from %g, graph 0 to %g, graph 1 nohead front %s\n", i - 0.5, i - 0.5, st);
        fprintf(g, "set arrow from graph 0, first %g to graph 1, first %g nohead front %s\n", i - 0.5, i - 0.5, st);
    }
    /* boxes, not 'with image': an image needs every cell, and the diagonal is never measured */
    fprintf(g, "plot '%s.dat' using 1:2:(0.5):(0.5):3 with boxxyerror fs solid 1.0 noborder fc palette notitle", id);
    if (nb <= 16)
        fprintf(g, ", '' using 1:2:(sprintf('%%.0f', $3)) with labels font ',%d' notitle", nb <= 8 ? 10 : 8);
    fputc('\n', g);
}

/* Collect (cell, y) of every measured pair, sorted; the count, or -1 when out of memory. */
static int values(const wt_results *R, int f, const char *pat, const char *ykeys, pus *P, int k, int nb, val **out)
{
    int n = 0;
    val *v = malloc(((size_t)R->nr + 1) * sizeof *v);
    for (int i = 0; v && i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        if (r->file != f || !wt__rec_match(R, r, pat))
            continue;
        const char *sa = wt__rec_param(r, "from"), *sb = wt__rec_param(r, "to");
        int a = sa ? pu_pos(P, (pu){.os = atoi(sa)}, 0) : -1, b = sb ? pu_pos(P, (pu){.os = atoi(sb)}, 0) : -1;
        double y = wt__rec_num(r, ykeys);
        if (a >= 0 && b >= 0 && !isnan(y))
            v[n++] = (val){a / k * nb + b / k, y};
    }
    if (v)
        qsort(v, (size_t)n, sizeof *v, cmp_val);
    *out = v;
    return v ? n : -1;
}

static int one(const wt_results *R, int f, const char *pat, const char *ykeys, const char *sec, const char *dir,
               wt_figlist *L)
{
    pus P = {.at = json_object()};
    val *v = NULL;
    int rc = -1, nv = 0;
    if (!P.at || pu_list(R, f, pat, &P) < 0)
        goto out;
    int k = (P.n + MAXCELLS - 1) / MAXCELLS, nb;
    k = k < 1 ? 1 : k;
    nb = (P.n + k - 1) / k;
    if ((nv = values(R, f, pat, ykeys, &P, k, nb, &v)) < 0)
        goto out;
    rc = 0;
    if (!nv)
        goto out;
    char id[64], title[200];
    snprintf(id, sizeof id, R->nf > 1 ? "msg_c2c_%d" : "msg_c2c", f + 1);
    snprintf(title, sizeof title, "Core-to-core one-way latency (ns)%s%s", R->nf > 1 ? ": " : "",
             R->nf > 1 ? R->f[f].label : "");
    FILE *d = wt__gp_open(dir, id, "dat"), *g = d ? wt__gp_open(dir, id, "gp") : NULL;
    rc = -1;
    if (d && g) {
        wt_figout *fo = wt__fig_add(L, id, sec, title);
        if (fo)
            wt__note(fo, "Each cell: the median over its repetitions of the pair's %.*s (%s), in ns.",
                     (int)strcspn(ykeys, ","), ykeys, wt__key_what(WT_C_ONE_WAY));
        if (fo && k == 1)
            wt__note(fo, "Rows: the PU that starts the ping-pong; columns: its peer. "
                     "Thin lines: L3 boundaries; thick lines: NUMA boundaries. Blank: pair not measured.");
        else if (fo)
            wt__note(fo, "Binned: %d PUs in %d x %d cells of %d PUs each (topology order); "
                     "each cell is the median of the %d measured pairs it holds. Rows: the PUs that start the "
                     "ping-pong; columns: their peers. Lines: L3 (thin) and NUMA (thick) boundaries between bins. "
                     "Blank: no pair measured.", P.n, nb, nb, k, nv);
        fprintf(d, "# from_index to_index one_way_ns (indices in topology order%s; labels in the .gp)\n",
                k > 1 ? ", of bins; the median per bin" : "");
        for (int a = 0, i = 0; a < nb; a++) {
            for (int b = 0; b < nb; b++) {
                int c = a * nb + b, j = i;
                while (j < nv && v[j].cell == c)
                    j++;
                double med = j > i ? ((j - i) % 2 ? v[(i + j) / 2].y : (v[(i + j) / 2 - 1].y + v[(i + j) / 2].y) / 2) : NAN;
                fprintf(d, isnan(med) ? "%d %d ?\n" : "%d %d %.6g\n", b, a, med);
                i = j;
            }
            fputc('\n', d);
        }
        script(g, id, title, &P, nb, k);
        rc = 1;
    }
    if (d)
        fclose(d);
    if (g)
        fclose(g);
out:
    json_decref(P.at);
    free(P.v);
    free(v);
    return rc;
}

int wt__fig_heat(const wt_fig *F, const char *sec, const wt_results *R, const char *dir, wt_figlist *L)
{
    int drawn = 0;
    for (int f = 0; f < R->nf; f++) {
        int rc = one(R, f, F->pat, F->y, sec, dir, L);
        if (rc < 0)
            return -1;
        drawn += rc;
    }
    return drawn > 0;
}
