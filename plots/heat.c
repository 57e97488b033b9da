/* heat.c: the core-to-core heatmap. Results msg.c2c/from:A/to:B (one-way ns, A and B OS PU numbers)
 * drawn as a matrix with PUs in topology order (the context's wt_pu_map "OS=core/l2/l3/numa/package"
 * list), PU labels on both axes, lines at L3 boundaries and thick lines at NUMA boundaries. Pairs not
 * measured (sampled in quick mode on big machines) stay blank. No timing here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

typedef struct pu {
    int os, core, l2, l3, numa, pkg;
} pu;

/* PUs of file f in topology order: the map first, then any PU the results name that it lacks. */
static int pu_list(const wt_results *R, int f, const char *pat, pu **out)
{
    const char *map = wt__ctx(R, f, "wt_pu_map");
    int n = 0, cap = 64;
    pu *v = malloc((size_t)cap * sizeof *v);
    for (const char *p = map; v && p && *p;) {
        pu u = {-1, -1, -1, -1, -1, -1};
        int used = 0;
        if (sscanf(p, "%d=%d/%d/%d/%d/%d%n", &u.os, &u.core, &u.l2, &u.l3, &u.numa, &u.pkg, &used) >= 6) {
            if (n == cap)
                v = realloc(v, (size_t)(cap *= 2) * sizeof *v);
            if (v)
                v[n++] = u;
        }
        p += strcspn(p, " ");
        p += strspn(p, " ");
    }
    for (int i = 0; v && i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        if (r->file != f || !wt__rec_match(R, r, pat))
            continue;
        for (int e = 0; e < 2; e++) {
            const char *s = wt__rec_param(r, e ? "to" : "from");
            int os = s ? atoi(s) : -1, k;
            for (k = 0; os >= 0 && k < n && v[k].os != os; k++)
                ;
            if (os < 0 || k < n)
                continue;
            if (n == cap)
                v = realloc(v, (size_t)(cap *= 2) * sizeof *v);
            if (v)
                v[n++] = (pu){os, -1, -1, -1, -1, -1};
        }
    }
    *out = v;
    return v ? n : -1;
}

static int idx(const pu *v, int n, const char *s)
{
    int os = s ? atoi(s) : -1;
    for (int i = 0; s && i < n; i++)
        if (v[i].os == os)
            return i;
    return -1;
}

static int one(const wt_results *R, int f, const char *pat, const char *ykeys, const char *dir, wt_figlist *L)
{
    pu *v = NULL;
    int n = pu_list(R, f, pat, &v), cells = 0;
    double *m = n > 0 ? malloc((size_t)n * (size_t)n * sizeof *m) : NULL;
    if (n < 0 || (n > 0 && !m)) {
        free(v);
        return -1;
    }
    for (int i = 0; i < n * n; i++)
        m[i] = NAN;
    for (int i = 0; i < R->nr; i++) {
        const wt_rec *r = &R->r[i];
        if (r->file != f || !wt__rec_match(R, r, pat))
            continue;
        int a = idx(v, n, wt__rec_param(r, "from")), b = idx(v, n, wt__rec_param(r, "to"));
        double y = wt__rec_num(r, ykeys);
        if (a >= 0 && b >= 0 && !isnan(y))
            m[a * n + b] = y, cells++;
    }
    int rc = 0;
    if (cells) {
        char id[64], title[200];
        snprintf(id, sizeof id, R->nf > 1 ? "msg_c2c_%d" : "msg_c2c", f + 1);
        snprintf(title, sizeof title, "Core-to-core one-way latency (ns)%s%s", R->nf > 1 ? ": " : "",
                 R->nf > 1 ? R->f[f].label : "");
        FILE *d = wt__gp_open(dir, id, "dat"), *g = d ? wt__gp_open(dir, id, "gp") : NULL;
        rc = -1;
        if (d && g) {
            wt_figout *fo = wt__fig_add(L, id, "msg", title);
            if (fo)
                snprintf(fo->note, sizeof fo->note, "Rows: the PU that starts the ping-pong; columns: its peer. "
                         "Thin lines: L3 boundaries; thick lines: NUMA boundaries. Blank: pair not measured.");
            fputs("# from_index to_index one_way_ns (indices in topology order; labels in the .gp)\n", d);
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++)
                    fprintf(d, isnan(m[a * n + b]) ? "%d %d ?\n" : "%d %d %.6g\n", b, a, m[a * n + b]);
                fputc('\n', d);
            }
            int sz = n <= 16 ? 520 : 760;
            wt__gp_header(g, id, title, sz + 120, sz);
            fputs("set datafile missing '?'\nset size ratio -1\nset xlabel 'to PU (OS index)'\n"
                  "set ylabel 'from PU (OS index)'\nset palette rgb 33,13,10\n"
                  "set cblabel 'one-way ns'\nset cbrange [0:*]\nset tics scale 0\n", g);
            fprintf(g, "set xrange [-0.5:%g]\nset yrange [%g:-0.5]\n", n - 0.5, n - 0.5);
            int step = n > 48 ? n / 24 : 1;
            fputs("set xtics (", g);
            for (int i = 0, c = 0; i < n; i += step)
                fprintf(g, "%s'%d' %d", c++ ? ", " : "", v[i].os, i);
            fputs(n > 16 ? ") rotate by 90 font ',8'\nset ytics (" : ") font ',9'\nset ytics (", g);
            for (int i = 0, c = 0; i < n; i += step)
                fprintf(g, "%s'%d' %d", c++ ? ", " : "", v[i].os, i);
            fputs(n > 16 ? ") font ',8'\n" : ") font ',9'\n", g);
            for (int i = 1; i < n; i++) {
                int numa = v[i].numa != v[i - 1].numa, l3 = v[i].l3 != v[i - 1].l3;
                if (!numa && !l3)
                    continue;
                const char *st = numa ? "lw 3 lc 'black'" : "lw 1 lc 'gray20'";
                fprintf(g, "set arrow from %g, graph 0 to %g, graph 1 nohead front %s\n", i - 0.5, i - 0.5, st);
                fprintf(g, "set arrow from graph 0, first %g to graph 1, first %g nohead front %s\n", i - 0.5,
                        i - 0.5, st);
            }
            /* boxes, not 'with image': an image needs every cell, and the diagonal is never measured */
            fprintf(g, "plot '%s.dat' using 1:2:(0.5):(0.5):3 with boxxyerror fs solid 1.0 noborder fc palette "
                       "notitle", id);
            if (n <= 16)
                fprintf(g, ", '' using 1:2:(sprintf('%%.0f', $3)) with labels font ',%d' notitle", n <= 8 ? 10 : 8);
            fputc('\n', g);
            rc = 1;
        }
        if (d)
            fclose(d);
        if (g)
            fclose(g);
    }
    free(m);
    free(v);
    return rc;
}

int wt__fig_heat(const wt_results *R, const char *pat, const char *ykeys, const char *dir, wt_figlist *L)
{
    int drawn = 0;
    for (int f = 0; f < R->nf; f++) {
        int rc = one(R, f, pat, ykeys, dir, L);
        if (rc < 0)
            return -1;
        drawn += rc;
    }
    return drawn > 0;
}
