/* print.c: text descriptions of a loaded topology for `wtbench topo` and the result context. */
#include <stdlib.h>
#include <string.h>
#include "topo.h"

void wt_topo_shape_str(const wt_topo *t, char *buf, size_t len)
{
    snprintf(buf, len, "packages:%d numa:%d l3:%d l2:%d cores:%d pus:%d", wt_topo_count(t, "package"),
             wt_topo_count(t, "numa"), wt_topo_count(t, "l3"), wt_topo_count(t, "l2"),
             wt_topo_count(t, "core"), wt_topo_count(t, "pu"));
}

void wt_topo_pairs_str(const wt_topo *t, char *buf, size_t len)
{
    size_t off = 0;
    buf[0] = 0;
    for (int c = 0; c < WT_PL_N && off < len; c++) {
        int p[2];
        if (wt_topo_pair(t, c, p) == 0)
            off += (size_t)snprintf(buf + off, len - off, "%s%s:%d-%d", off ? " " : "", wt_place_name(c), p[0], p[1]);
    }
}

static void print_set(const wt_topo *t, FILE *f, int n, int scatter)
{
    int *p = malloc((size_t)n * sizeof *p);
    if (!p || wt_topo_set(t, n, scatter, p) < 0) {
        free(p);
        return;
    }
    fprintf(f, "  %-8s n=%-3d", scatter ? "scatter" : "compact", n);
    for (int i = 0; i < n; i++)
        fprintf(f, " %d", p[i]);
    fputc('\n', f);
    free(p);
}

void wt_topo_print(const wt_topo *t, FILE *f)
{
    char shape[160];
    wt_topo_shape_str(t, shape, sizeof shape);
    fprintf(f, "topology: %s%s\n", wt_topo_source(t), wt_topo_simulated(t) ? " (pinning simulated)" : "");
    fprintf(f, "shape:    %s\n", shape);
    fprintf(f, "PUs (OS index, topology order):");
    for (int i = 0; i < wt_topo_npus(t) && i < 256; i++)
        fprintf(f, " %d", wt_topo_pu(t, i));
    fprintf(f, "\nplacement classes (pair of PUs, NUMA nodes):\n");
    for (int c = 0; c < WT_PL_N; c++) {
        int p[2];
        if (wt_topo_pair(t, c, p) == 0)
            fprintf(f, "  %-8s %d-%d  node %d-%d\n", wt_place_name(c), p[0], p[1], wt_topo_node_of(t, p[0]),
                    wt_topo_node_of(t, p[1]));
        else
            fprintf(f, "  %-8s absent\n", wt_place_name(c));
    }
    fprintf(f, "PU sets:\n");
    int n = wt_topo_npus(t);
    int sizes[] = {2, 4, n, 2 * n};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        if (sizes[i] < 1 || (i > 0 && sizes[i] == sizes[i - 1]) || sizes[i] > 512)
            continue;
        print_set(t, f, sizes[i], 0);
        print_set(t, f, sizes[i], 1);
    }
}
