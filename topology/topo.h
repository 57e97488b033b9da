/* topo.h: everything hwloc, behind a small C API. Loaded once, outside any timed region. */
#ifndef WT_TOPO_H
#define WT_TOPO_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Placement classes, nearest first, named by what the two PUs share. */
enum { WT_PL_PU, WT_PL_SMT, WT_PL_L2, WT_PL_L3, WT_PL_NUMA, WT_PL_PACKAGE, WT_PL_MACHINE, WT_PL_N };
const char *wt_place_name(int cls);
int wt_place_parse(const char *s); /* class, or -1 */

typedef struct wt_topo wt_topo;

/* The largest synthetic machine wt_topo_load builds: hwloc's synthetic load grows without bound
 * (pack:1000 core:1000 pu:1000 never returns), and no real machine is near this. */
#define WT_TOPO_MAX_PUS 8192

/* Load the machine (synthetic == NULL; HWLOC_SYNTHETIC in the environment also counts) or a
 * synthetic one, restricted to the PUs this process may run on. 0, or -EINVAL with a one-line
 * reason in err (a description above WT_TOPO_MAX_PUS PUs is refused before hwloc sees it). */
int wt_topo_load(wt_topo **out, const char *synthetic, char *err, size_t errlen);
/* PUs a synthetic description makes: the product of its arities (attributes in (...) and memory
 * children in [...] skipped), saturating at 2^62; -1 when a level has no arity to read (hwloc then
 * judges the description). */
long long wt_topo_synthetic_pus(const char *synthetic);
void wt_topo_free(wt_topo *t);

int wt_topo_simulated(const wt_topo *t);  /* 1 on a synthetic machine: pinning is simulated */
const char *wt_topo_source(const wt_topo *t); /* "this machine" or the synthetic description */
int wt_topo_npus(const wt_topo *t);
int wt_topo_pu(const wt_topo *t, int i);  /* OS index of the i-th PU in topology order */
int wt_topo_node_of(const wt_topo *t, int pu); /* OS index of the PU's NUMA node, -1 if none */
int wt_topo_count(const wt_topo *t, const char *what); /* "package","numa","l3","l2","core","pu" */

/* Class of the PU pair (OS indexes), or -1 if either is unknown. */
int wt_topo_classify(const wt_topo *t, int a, int b);
/* Representative pair for a class: the first PU and the first other PU, in topology order, that
 * share exactly what the class names. 0, or -ENOENT if this machine has no such pair. */
int wt_topo_pair(const wt_topo *t, int cls, int pu[2]);
/* Classes this machine has, as a bit mask (1 << class). */
unsigned wt_topo_classes(const wt_topo *t);

/* n PUs for n workers: compact (fill SMT siblings and cores of one cache first) or scatter
 * (spread over packages, NUMA nodes, caches, cores). When n exceeds the PUs, the list wraps
 * (oversubscription). Writes n OS indexes; returns 0 or -EINVAL. */
int wt_topo_set(const wt_topo *t, int n, int scatter, int *pus);

/* Binding; never called on a synthetic machine (the harness simulates instead). 0 or -errno. */
int wt_topo_bind_self(const wt_topo *t, int pu);
int wt_topo_bind_thread(const wt_topo *t, pthread_t th, int pu);
int wt_topo_bind_pid(const wt_topo *t, pid_t pid, int pu);
int wt_topo_membind(const wt_topo *t, void *addr, size_t len, int node);

/* Human-readable description for `wtbench topo`. */
void wt_topo_print(const wt_topo *t, FILE *f);
/* Compact description for the result context, e.g. "pu:0-0 l3:0-1". */
void wt_topo_pairs_str(const wt_topo *t, char *buf, size_t len);
void wt_topo_shape_str(const wt_topo *t, char *buf, size_t len);
/* Per PU in topology order: "OS=core/l2/l3/numa/package" (logical indexes, -1 when absent),
 * space separated, so a report can draw SMT, cache and NUMA boundaries on a PU x PU heatmap.
 * Writes what fits in len bytes (buf may be NULL when len is 0), whole entries only; returns the
 * length of the whole map, as snprintf does, so a caller can size the buffer. */
size_t wt_topo_pu_map_str(const wt_topo *t, char *buf, size_t len);

#endif
