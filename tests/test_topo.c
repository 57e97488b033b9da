/* test_topo: placement classes, representative pairs and PU sets on synthetic machines this
 * 2-CPU machine cannot show: 1 PU; 2 packages x 2 NUMA x SMT (64 PUs); an odd shape with shared
 * L2 clusters and several L3s in one NUMA node; plus malformed descriptions. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "topo.h"

static wt_topo *load(const char *syn)
{
    wt_topo *t = NULL;
    char err[256];
    int rc = wt_topo_load(&t, syn, err, sizeof err);
    CHECK(rc == 0, "load '%s': %s", syn, err);
    if (t)
        CHECK(wt_topo_simulated(t), "synthetic topology is simulated");
    return t;
}

static void pair_is(const wt_topo *t, int cls, int a, int b)
{
    int p[2] = {-9, -9};
    int rc = wt_topo_pair(t, cls, p);
    if (a < 0) {
        CHECK(rc == -ENOENT, "class %s should be absent, got %d-%d", wt_place_name(cls), p[0], p[1]);
        return;
    }
    CHECK(rc == 0 && p[0] == a && p[1] == b, "class %s: expected %d-%d, got rc %d pair %d-%d", wt_place_name(cls), a,
          b, rc, p[0], p[1]);
    if (rc == 0)
        CHECK(wt_topo_classify(t, p[0], p[1]) == cls, "pair of %s classifies back", wt_place_name(cls));
}

#include <errno.h>

int main(void)
{
    /* 1 PU: only pu */
    wt_topo *t = load("pu:1");
    if (t) {
        CHECK(wt_topo_npus(t) == 1, "1 PU");
        CHECK(wt_topo_classes(t) == 1u << WT_PL_PU, "only pu, mask %x", wt_topo_classes(t));
        pair_is(t, WT_PL_PU, 0, 0);
        pair_is(t, WT_PL_L3, -1, -1);
        int s[3];
        CHECK(wt_topo_set(t, 3, 1, s) == 0 && s[0] == 0 && s[1] == 0 && s[2] == 0, "oversubscribed set wraps");
        wt_topo_free(t);
    }

    /* 2 packages x 2 NUMA nodes x (1 L3, 8 cores x 2 PUs): 64 PUs */
    t = load("pack:2 numa:2 l3:1 core:8 pu:2");
    if (t) {
        CHECK(wt_topo_npus(t) == 64, "64 PUs, got %d", wt_topo_npus(t));
        pair_is(t, WT_PL_PU, 0, 0);
        pair_is(t, WT_PL_SMT, 0, 1);
        pair_is(t, WT_PL_L2, -1, -1); /* no L2 level in the description */
        pair_is(t, WT_PL_L3, 0, 2);
        pair_is(t, WT_PL_NUMA, -1, -1); /* one L3 per NUMA node */
        pair_is(t, WT_PL_PACKAGE, 0, 16);
        pair_is(t, WT_PL_MACHINE, 0, 32);
        CHECK(wt_topo_node_of(t, 0) == 0 && wt_topo_node_of(t, 16) == 1 && wt_topo_node_of(t, 63) == 3, "nodes");
        int s[4];
        CHECK(wt_topo_set(t, 2, 1, s) == 0 && wt_topo_classify(t, s[0], s[1]) == WT_PL_MACHINE,
              "scatter of 2 spans packages: %d %d", s[0], s[1]);
        CHECK(wt_topo_set(t, 4, 1, s) == 0 && wt_topo_node_of(t, s[0]) != wt_topo_node_of(t, s[1]) &&
                  wt_topo_node_of(t, s[1]) != wt_topo_node_of(t, s[2]) && wt_topo_node_of(t, s[2]) != wt_topo_node_of(t, s[3]),
              "scatter of 4 uses 4 NUMA nodes: %d %d %d %d", s[0], s[1], s[2], s[3]);
        CHECK(wt_topo_set(t, 4, 0, s) == 0 && s[0] == 0 && s[1] == 1 && s[2] == 2 && s[3] == 3, "compact");
        char map[4096];
        wt_topo_pu_map_str(t, map, sizeof map);
        CHECK(!strncmp(map, "0=0/-1/0/0/0 1=0/-1/0/0/0 2=1/-1/0/0/0", 38), "pu map: %.60s", map);
        CHECK(wt_topo_classify(t, 0, 999) == -1, "unknown PU");
        wt_topo_free(t);
    }

    /* odd shape: one NUMA node, 3 L3s, L2 shared by pairs of cores, no SMT, 12 PUs */
    t = load("pack:1 l3:3 l2:2 core:2 pu:1");
    if (t) {
        CHECK(wt_topo_npus(t) == 12, "12 PUs");
        pair_is(t, WT_PL_SMT, -1, -1);
        pair_is(t, WT_PL_L2, 0, 1);
        pair_is(t, WT_PL_L3, 0, 2);
        pair_is(t, WT_PL_NUMA, 0, 4); /* same node, different L3 */
        pair_is(t, WT_PL_PACKAGE, -1, -1);
        pair_is(t, WT_PL_MACHINE, -1, -1);
        wt_topo_free(t);
    }

    /* two packages on one NUMA node: across packages is `machine`, never `numa` */
    t = load("pack:2 core:2 pu:2");
    if (t) {
        pair_is(t, WT_PL_NUMA, 0, 2);
        pair_is(t, WT_PL_MACHINE, 0, 4);
        pair_is(t, WT_PL_PACKAGE, -1, -1);
        wt_topo_free(t);
    }

    /* malformed descriptions: -EINVAL and a message naming the input */
    const char *bad[] = {"pack:x", "banana:2", "core:0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wt_topo *u = NULL;
        char err[256] = "";
        int rc = wt_topo_load(&u, bad[i], err, sizeof err);
        CHECK(rc == -EINVAL && !u && strstr(err, bad[i]), "'%s' rejected (rc %d, err '%s')", bad[i], rc, err);
        wt_topo_free(u);
    }
    CHECK(wt_place_parse("numa") == WT_PL_NUMA && wt_place_parse("nope") == -1, "place names");

    /* PUs of a description, read before hwloc sees it */
    struct { const char *syn; long long pus; } cnt[] = {
        {"pack:2 numa:2 l3:1 core:8 pu:2", 64}, {"pack:2 [numa] core:2 pu:2", 8}, {"2 4 2", 16},
        {"core:3(indexes=0,1,2) pu:2", 6}, {"pack:1000 core:1000 pu:1000", 1000000000LL},
        {"pack:99999999999999999999999 pu:2", 1LL << 62}, {"pack:x", -1}, {"", -1}};
    for (size_t i = 0; i < sizeof cnt / sizeof cnt[0]; i++)
        CHECK(wt_topo_synthetic_pus(cnt[i].syn) == cnt[i].pus, "'%s': %lld PUs, expected %lld", cnt[i].syn,
              wt_topo_synthetic_pus(cnt[i].syn), cnt[i].pus);

    /* above WT_TOPO_MAX_PUS: refused with a line naming the input and the limit, hwloc never called
     * (it would grow memory for ever); from HWLOC_SYNTHETIC the same, naming the variable */
    const char *huge[] = {"pack:1000 core:1000 pu:1000", "pack:2 numa:2 l3:4 core:64 pu:9"};
    for (size_t i = 0; i < 2; i++) {
        wt_topo *u = NULL;
        char err[256] = "", lim[16];
        snprintf(lim, sizeof lim, "%d", WT_TOPO_MAX_PUS);
        int rc = wt_topo_load(&u, huge[i], err, sizeof err);
        CHECK(rc == -EINVAL && !u && strstr(err, huge[i]) && strstr(err, lim) && strstr(err, "--topology"),
              "'%s' refused (rc %d, err '%s')", huge[i], rc, err);
        wt_topo_free(u);
    }
    setenv("HWLOC_SYNTHETIC", huge[0], 1);
    {
        wt_topo *u = NULL;
        char err[256] = "";
        int rc = wt_topo_load(&u, NULL, err, sizeof err);
        CHECK(rc == -EINVAL && !u && strstr(err, "HWLOC_SYNTHETIC") && strstr(err, huge[0]),
              "HWLOC_SYNTHETIC refused (rc %d, err '%s')", rc, err);
        wt_topo_free(u);
    }
    unsetenv("HWLOC_SYNTHETIC");

    /* 4096 PUs: the PU map is whole (its length is returned, as snprintf's), longer than the 64 KiB
     * the context once gave it; a short buffer gets whole entries only */
    t = load("pack:2 numa:2 l3:4 core:64 pu:4");
    if (t) {
        CHECK(wt_topo_npus(t) == 4096, "4096 PUs, got %d", wt_topo_npus(t));
        size_t len = wt_topo_pu_map_str(t, NULL, 0);
        char *map = malloc(len + 1), small[40];
        CHECK(map && wt_topo_pu_map_str(t, map, len + 1) == len && strlen(map) == len, "map of %zu bytes", len);
        int words = 0;
        for (char *p = map; map && *p; p++)
            words += *p != ' ' && (p == map || p[-1] == ' ');
        char last[32];
        snprintf(last, sizeof last, " %d=", wt_topo_pu(t, 4095));
        CHECK(len > 65536 && words == 4096 && map && strstr(map, last), "map whole: %zu bytes, %d entries", len, words);
        wt_topo_pu_map_str(t, small, sizeof small);
        CHECK(!strcmp(small, "0=0/-1/0/0/0 1=0/-1/0/0/0 2=0/-1/0/0/0"), "short buffer, whole entries: '%s'", small);
        free(map);
        wt_topo_free(t);
    }
    return check_result("test_topo");
}
