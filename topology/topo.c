/* topo.c: load the machine once with hwloc, classify PU pairs by what they share, choose the
 * representative pair per class and PU sets for N workers. No timing here. */
#include <errno.h>
#include <hwloc.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include "esc.h"
#include "topo.h"

struct wt_topo {
    hwloc_topology_t h;
    int sim;
    char *src; /* "this machine" or "synthetic: DESCRIPTION", whole */
    int npus;
    int *pu;              /* OS indexes in topology (logical) order */
    int pair[WT_PL_N][2]; /* -1 when the class is absent */
    unsigned classes;
};

static const char *const names[WT_PL_N] = {"pu", "smt", "l2", "l3", "numa", "package", "machine"};

const char *wt_place_name(int cls) { return cls >= 0 && cls < WT_PL_N ? names[cls] : "?"; }

int wt_place_parse(const char *s)
{
    for (int i = 0; i < WT_PL_N; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static hwloc_obj_t pu_obj(const wt_topo *t, int os)
{
    return hwloc_get_pu_obj_by_os_index(t->h, (unsigned)os);
}

int wt_topo_classify(const wt_topo *t, int a, int b)
{
    hwloc_obj_t pa = pu_obj(t, a), pb = pu_obj(t, b);
    if (!pa || !pb)
        return -1;
    if (pa == pb)
        return WT_PL_PU;
    hwloc_obj_t anc = hwloc_get_common_ancestor_obj(t->h, pa, pb);
    if (anc->type == HWLOC_OBJ_CORE)
        return WT_PL_SMT;
    if (hwloc_obj_type_is_cache(anc->type))
        return anc->attr->cache.depth <= 2 ? WT_PL_L2 : WT_PL_L3;
    /* Across packages it is `machine` whatever else they share; no package objects at all is one
     * implicit package. */
    hwloc_obj_t ka = hwloc_get_ancestor_obj_by_type(t->h, HWLOC_OBJ_PACKAGE, pa);
    hwloc_obj_t kb = hwloc_get_ancestor_obj_by_type(t->h, HWLOC_OBJ_PACKAGE, pb);
    if (ka != kb)
        return WT_PL_MACHINE;
    if (pa->nodeset && pb->nodeset && hwloc_bitmap_isequal(pa->nodeset, pb->nodeset))
        return WT_PL_NUMA; /* same NUMA node, no shared cache */
    return WT_PL_PACKAGE;
}

static void find_pairs(wt_topo *t)
{
    for (int c = 0; c < WT_PL_N; c++)
        t->pair[c][0] = t->pair[c][1] = -1;
    t->classes = 0;
    if (t->npus == 0)
        return;
    t->pair[WT_PL_PU][0] = t->pair[WT_PL_PU][1] = t->pu[0];
    t->classes = 1u << WT_PL_PU;
    /* First pair per class in topology order: PU 0 with its nearest partner of each class when
     * PU 0 has one; other PUs only for classes PU 0 lacks (hybrid or uneven machines). */
    const unsigned all = (1u << WT_PL_N) - 1;
    for (int i = 0; i < t->npus && t->classes != all; i++) {
        for (int j = i + 1; j < t->npus; j++) {
            int c = wt_topo_classify(t, t->pu[i], t->pu[j]);
            if (c < 0 || (t->classes & (1u << c)))
                continue;
            t->pair[c][0] = t->pu[i];
            t->pair[c][1] = t->pu[j];
            t->classes |= 1u << c;
        }
        if (t->npus > 256 && i >= 8)
            break; /* huge machines: classes missing from the first 8 PUs' view are rare */
    }
}

/* arg is input (a --topology value or HWLOC_SYNTHETIC): shown with control bytes escaped */
static int set_err(char *err, size_t len, const char *fmt, const char *arg)
{
    char e[600];
    if (err && len)
        snprintf(err, len, fmt, wt_esc(arg, e, sizeof e));
    return -EINVAL;
}

long long wt_topo_synthetic_pus(const char *s)
{
    const long long cap = 1LL << 62;
    long long pus = 1;
    int levels = 0;
    while (s && *s) {
        if (*s == '(' || *s == '[') { /* attributes, memory children: no arity of their own */
            char close = *s == '(' ? ')' : ']';
            s = strchr(s, close);
            s = s ? s + 1 : "";
            continue;
        }
        if (*s == ' ' || *s == '\t' || *s == '\n') {
            s++;
            continue;
        }
        size_t n = strcspn(s, " \t\n([");
        const char *colon = memchr(s, ':', n), *num = colon ? colon + 1 : s;
        char *end;
        errno = 0;
        unsigned long long a = strtoull(num, &end, 10);
        if (end == num || end > s + n || *num == '-' || *num == '+')
            return -1;
        if (errno == ERANGE || a > (unsigned long long)cap)
            a = (unsigned long long)cap;
        pus = a && pus > cap / (long long)a ? cap : pus * (long long)a;
        levels++;
        s += n;
    }
    return levels ? pus : -1;
}

int wt_topo_load(wt_topo **out, const char *synthetic, char *err, size_t errlen)
{
    *out = NULL;
    const char *what = "--topology";
    if (!synthetic || !*synthetic)
        synthetic = getenv("HWLOC_SYNTHETIC"), what = "HWLOC_SYNTHETIC";
    if (synthetic && !*synthetic)
        synthetic = NULL;
    long long want = synthetic ? wt_topo_synthetic_pus(synthetic) : 0;
    if (want > WT_TOPO_MAX_PUS) {
        char e[600];
        if (err && errlen)
            snprintf(err, errlen, "%s '%s': %lld PUs, expected a synthetic topology of at most %d PUs", what,
                     wt_esc(synthetic, e, sizeof e), want, WT_TOPO_MAX_PUS);
        return -EINVAL;
    }
    wt_topo *t = calloc(1, sizeof *t);
    if (!t)
        return -ENOMEM;
    if (hwloc_topology_init(&t->h) < 0) {
        free(t);
        return -ENOMEM;
    }
    if (synthetic) {
        if (hwloc_topology_set_synthetic(t->h, synthetic) < 0) {
            hwloc_topology_destroy(t->h);
            free(t);
            char fmt[160];
            snprintf(fmt, sizeof fmt, "%s '%%s': expected an hwloc synthetic description such as "
                     "'pack:2 numa:2 l3:1 core:8 pu:2'", what);
            return set_err(err, errlen, fmt, synthetic);
        }
        t->sim = 1;
    }
    size_t srclen = synthetic ? strlen(synthetic) + 12 : 16;
    if (!(t->src = malloc(srclen))) {
        hwloc_topology_destroy(t->h);
        free(t);
        return -ENOMEM;
    }
    snprintf(t->src, srclen, synthetic ? "synthetic: %s" : "this machine", synthetic);
    if (hwloc_topology_load(t->h) < 0) {
        hwloc_topology_destroy(t->h);
        free(t->src);
        free(t);
        return set_err(err, errlen, "topology '%s': hwloc could not load it", synthetic ? synthetic : "this machine");
    }
    if (!t->sim) {
        /* Only the PUs this thread may use (taskset, cgroup cpuset). */
        hwloc_bitmap_t allowed = hwloc_bitmap_alloc();
        if (hwloc_get_cpubind(t->h, allowed, HWLOC_CPUBIND_THREAD) == 0 &&
            !hwloc_bitmap_isincluded(hwloc_topology_get_topology_cpuset(t->h), allowed))
            hwloc_topology_restrict(t->h, allowed, HWLOC_RESTRICT_FLAG_REMOVE_CPULESS);
        hwloc_bitmap_free(allowed);
    }
    int npus = hwloc_get_nbobjs_by_type(t->h, HWLOC_OBJ_PU);
    t->npus = npus > 0 ? npus : 0;
    t->pu = calloc((size_t)(t->npus ? t->npus : 1), sizeof *t->pu);
    if (!t->pu) {
        wt_topo_free(t);
        return -ENOMEM;
    }
    for (int i = 0; i < t->npus; i++)
        t->pu[i] = (int)hwloc_get_obj_by_type(t->h, HWLOC_OBJ_PU, (unsigned)i)->os_index;
    find_pairs(t);
    *out = t;
    return 0;
}

void wt_topo_free(wt_topo *t)
{
    if (!t)
        return;
    hwloc_topology_destroy(t->h);
    free(t->pu);
    free(t->src);
    free(t);
}

int wt_topo_simulated(const wt_topo *t) { return t->sim; }
const char *wt_topo_source(const wt_topo *t) { return t->src; }
int wt_topo_npus(const wt_topo *t) { return t->npus; }
int wt_topo_pu(const wt_topo *t, int i) { return i >= 0 && i < t->npus ? t->pu[i] : -1; }
unsigned wt_topo_classes(const wt_topo *t) { return t->classes; }

int wt_topo_node_of(const wt_topo *t, int pu)
{
    hwloc_obj_t o = pu_obj(t, pu);
    if (!o || !o->nodeset || hwloc_bitmap_iszero(o->nodeset))
        return -1;
    return hwloc_bitmap_first(o->nodeset);
}

int wt_topo_count(const wt_topo *t, const char *what)
{
    static const struct { const char *n; hwloc_obj_type_t ty; } map[] = {
        {"package", HWLOC_OBJ_PACKAGE}, {"numa", HWLOC_OBJ_NUMANODE}, {"l3", HWLOC_OBJ_L3CACHE},
        {"l2", HWLOC_OBJ_L2CACHE},      {"core", HWLOC_OBJ_CORE},     {"pu", HWLOC_OBJ_PU}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(what, map[i].n) == 0) {
            int n = hwloc_get_nbobjs_by_type(t->h, map[i].ty);
            return n < 0 ? 0 : n;
        }
    return -1;
}

int wt_topo_pair(const wt_topo *t, int cls, int pu[2])
{
    if (cls < 0 || cls >= WT_PL_N || !(t->classes & (1u << cls)))
        return -ENOENT;
    pu[0] = t->pair[cls][0];
    pu[1] = t->pair[cls][1];
    return 0;
}

int wt_topo_set(const wt_topo *t, int n, int scatter, int *pus)
{
    if (n <= 0 || t->npus == 0)
        return -EINVAL;
    int m = n < t->npus ? n : t->npus;
    if (!scatter) {
        for (int i = 0; i < n; i++)
            pus[i] = t->pu[i % t->npus];
        return 0;
    }
    hwloc_bitmap_t *sets = calloc((size_t)m, sizeof *sets);
    if (!sets)
        return -ENOMEM;
    /* hwloc_distrib allocates each output bitmap itself (it duplicates into the array) */
    hwloc_obj_t root = hwloc_get_root_obj(t->h);
    hwloc_distrib(t->h, &root, 1, sets, (unsigned)m, INT_MAX, 0);
    for (int i = 0; i < m; i++) {
        hwloc_bitmap_singlify(sets[i]);
        pus[i] = hwloc_bitmap_first(sets[i]);
    }
    for (int i = m; i < n; i++)
        pus[i] = pus[i % m];
    for (int i = 0; i < m; i++)
        hwloc_bitmap_free(sets[i]);
    free(sets);
    return 0;
}

static int bind_common(const wt_topo *t, int pu, int (*fn)(const wt_topo *, hwloc_const_bitmap_t, void *), void *arg)
{
    if (t->sim)
        return -ENOTSUP;
    hwloc_bitmap_t s = hwloc_bitmap_alloc();
    if (!s)
        return -ENOMEM;
    hwloc_bitmap_only(s, (unsigned)pu);
    int rc = fn(t, s, arg) < 0 ? -errno : 0;
    hwloc_bitmap_free(s);
    return rc;
}

static int do_self(const wt_topo *t, hwloc_const_bitmap_t s, void *arg)
{
    (void)arg;
    return hwloc_set_cpubind(t->h, s, HWLOC_CPUBIND_THREAD | HWLOC_CPUBIND_STRICT);
}
static int do_thread(const wt_topo *t, hwloc_const_bitmap_t s, void *arg)
{
    return hwloc_set_thread_cpubind(t->h, *(pthread_t *)arg, s, HWLOC_CPUBIND_STRICT);
}
static int do_pid(const wt_topo *t, hwloc_const_bitmap_t s, void *arg)
{
    return hwloc_set_proc_cpubind(t->h, *(pid_t *)arg, s, 0);
}

int wt_topo_bind_self(const wt_topo *t, int pu) { return bind_common(t, pu, do_self, NULL); }
int wt_topo_bind_thread(const wt_topo *t, pthread_t th, int pu) { return bind_common(t, pu, do_thread, &th); }
int wt_topo_bind_pid(const wt_topo *t, pid_t pid, int pu) { return bind_common(t, pu, do_pid, &pid); }

int wt_topo_membind(const wt_topo *t, void *addr, size_t len, int node)
{
    if (t->sim)
        return -ENOTSUP;
    if (node < 0 || hwloc_get_nbobjs_by_type(t->h, HWLOC_OBJ_NUMANODE) < 2)
        return 0; /* one node: nothing to bind */
    hwloc_bitmap_t ns = hwloc_bitmap_alloc();
    hwloc_bitmap_only(ns, (unsigned)node);
    int rc = hwloc_set_area_membind(t->h, addr, len, ns, HWLOC_MEMBIND_BIND, HWLOC_MEMBIND_BYNODESET);
    rc = rc < 0 ? -errno : 0;
    hwloc_bitmap_free(ns);
    return rc;
}

static int anc_index(const wt_topo *t, hwloc_obj_t pu, hwloc_obj_type_t ty)
{
    hwloc_obj_t a = hwloc_get_ancestor_obj_by_type(t->h, ty, pu);
    return a ? (int)a->logical_index : -1;
}

size_t wt_topo_pu_map_str(const wt_topo *t, char *buf, size_t len)
{
    size_t off = 0;
    if (len)
        buf[0] = 0;
    for (int i = 0; i < t->npus; i++) {
        hwloc_obj_t o = pu_obj(t, t->pu[i]);
        char e[96];
        int n = snprintf(e, sizeof e, "%s%d=%d/%d/%d/%d/%d", i ? " " : "", t->pu[i], anc_index(t, o, HWLOC_OBJ_CORE),
                         anc_index(t, o, HWLOC_OBJ_L2CACHE), anc_index(t, o, HWLOC_OBJ_L3CACHE),
                         wt_topo_node_of(t, t->pu[i]), anc_index(t, o, HWLOC_OBJ_PACKAGE));
        if (off + (size_t)n < len) /* whole entries only */
            memcpy(buf + off, e, (size_t)n + 1);
        else if (off < len)
            len = off + 1; /* nothing after the first entry that did not fit */
        off += (size_t)n;
    }
    return off;
}
