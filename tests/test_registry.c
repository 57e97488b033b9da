/* test_registry: expansion of cases into result names and placements on synthetic machines; size
 * parsing; filter errors. Uses the real generated case list (spawn.thread, spawn.pool). */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "harness.h"

static int count_matching(const wt_bench *b, int n, const char *prefix)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += !strncmp(b[i].name, prefix, strlen(prefix));
    return k;
}

static const wt_bench *find(const wt_bench *b, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(b[i].name, name))
            return &b[i];
    return NULL;
}

int main(void)
{
    int64_t v;
    CHECK(wt__parse_size("64", &v) == 0 && v == 64, "64");
    CHECK(wt__parse_size("4K", &v) == 0 && v == 4096, "4K");
    CHECK(wt__parse_size("1M", &v) == 0 && v == 1 << 20, "1M");
    CHECK(wt__parse_size("2G", &v) == 0 && v == 2ll << 30, "2G");
    CHECK(wt__parse_size("x", &v) < 0 && wt__parse_size("1Q", &v) < 0 && wt__parse_size("-1", &v) < 0 &&
              wt__parse_size("", &v) < 0,
          "bad sizes rejected");

    char err[512];
    wt_topo *t = NULL;
    CHECK(wt_topo_load(&t, "pack:2 numa:2 l3:1 core:8 pu:2", err, sizeof err) == 0, "%s", err);
    wt_opts o;
    memset(&o, 0, sizeof o);
    o.pin = 1;
    o.filter = "^spawn\\.thread/";
    wt_bench *b = NULL;
    int n = wt__expand(t, &o, &b, err, sizeof err); /* full mode: place all */
    /* classes on this machine: pu smt l3 package machine = 5, x 2 stacks x 2 until */
    CHECK(n == 20, "full spawn.thread expands to 20, got %d", n);
    const wt_bench *m = find(b, n, "spawn.thread/place:machine/stack:small/until:join");
    CHECK(m != NULL, "name family.variant/param:value");
    if (m) {
        CHECK(m->ctx.pu[0] == 0 && m->ctx.pu[1] == 32, "machine pair 0-32, got %d-%d", m->ctx.pu[0], m->ctx.pu[1]);
        CHECK(m->ctx.node[1] == 2, "node of PU 32 is 2, got %d", m->ctx.node[1]);
        CHECK(!strcmp(m->ctx.place, "machine") && !strcmp(wt_arg(&m->ctx, "stack"), "small"), "ctx params");
        CHECK(wt_arg(&m->ctx, "nope") == NULL && wt_arg_int(&m->ctx, "nope", 7) == 7, "absent param");
        CHECK(!m->skip, "not skipped");
    }
    free(b);

    o.quick = 1; /* quick: place pu,far -> pu and machine */
    n = wt__expand(t, &o, &b, err, sizeof err);
    CHECK(n == 4 && count_matching(b, n, "spawn.thread/place:machine/") == 2 &&
              count_matching(b, n, "spawn.thread/place:pu/") == 2,
          "quick: pu and far=machine, got %d", n);
    free(b);

    o.pin = 0; /* --pin none: no PU handed to the case */
    n = wt__expand(t, &o, &b, err, sizeof err);
    CHECK(n > 0 && b[0].ctx.pu[0] == -1 && b[0].ctx.pu[1] == -1, "unpinned");
    free(b);
    wt_topo_free(t);

    /* one PU: far is reported as skipped with a reason; pu still runs */
    CHECK(wt_topo_load(&t, "pu:1", err, sizeof err) == 0, "%s", err);
    o.pin = 1;
    o.filter = "^spawn\\.thread/";
    n = wt__expand(t, &o, &b, err, sizeof err);
    const wt_bench *far = find(b, n, "spawn.thread/place:far/stack:default/until:join");
    const wt_bench *pu = find(b, n, "spawn.thread/place:pu/stack:default/until:join");
    CHECK(far && far->skip && strstr(far->skip, "PU"), "far skipped with a reason");
    CHECK(pu && !pu->skip, "pu placement runs on one PU");
    free(b);

    o.filter = "(";
    CHECK(wt__expand(t, &o, &b, err, sizeof err) == -1 && strstr(err, "--filter '('"), "bad regex: %s", err);
    o.filter = "^no-such-case$";
    CHECK(wt__expand(t, &o, &b, err, sizeof err) == 0, "no match is 0 results");
    free(b);
    wt_topo_free(t);

    CHECK(wt__case_find("spawn.thread") != NULL && wt__case_find("nope") == NULL, "case lookup");
    for (size_t i = 0; i < wt__ncases; i++) {
        const wt_case *c = wt__cases[i];
        CHECK(c->name && strchr(c->name, '.') && c->summary && c->run, "descriptor %zu complete", i);
    }
    return check_result("test_registry");
}
