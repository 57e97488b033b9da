/* spawn.process: cost of starting a process and reaping it, ns per process, from a parent as small
 * as a process gets: the bare helper (wtcalib: no C++, hwloc or Google Benchmark), pinned to the
 * caller's PU, plus mem_mib of memory written from user space before the first timing. Timed by
 * the helper per process: from just before the start call until waitpid returns its exit status.
 * how: fork (child _exit), vfork, clone(CLONE_VM|CLONE_VFORK), spawn (posix_spawn of the helper
 * program itself, which exits at once: the child_process.fork analogue, a new program), and thread
 * (pthread_create + join by the same parent: what memory does not cost a thread). Each child exits
 * with a status derived from the iteration (a thread writes one back); a wrong value fails.
 * Counters: the parent's resident memory (parent_rss_kib) and page-table size (parent_pte_kib),
 * which is what fork copies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wt.h"

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    char args[96];
    const char *how = wt_arg(ctx, "how");
    if (how && !strcmp(how, "clone") && wt_sanitizer())
        return wt_skip(r, "clone(CLONE_VM) runs the child on the parent's %s-sanitizer state", wt_sanitizer());
    snprintf(args, sizeof args, "spawn %s %lld", how ? how : "?", (long long)wt_arg_int(ctx, "mem_mib", 0));
    return wt_helper_start(ctx, r, state, args);
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    double rss, pte;
    int64_t ns = wt_helper_run(state, r, iters);
    if (ns >= 0 && wt_helper_mem(state, &rss, &pte) == 0) {
        wt_counter(r, "parent_rss_kib", rss, 0);
        wt_counter(r, "parent_pte_kib", pte, 0);
    }
    return ns;
}

static const wt_param params[] = {
    {"how", "fork,vfork,spawn,thread", "fork,vfork,clone,spawn,thread"},
    {"mem_mib", "0,256", "0,4,16,64,256,1024,2048"},
    {0},
};

const wt_case wt_case_spawn_process = {
    .name = "spawn.process",
    .summary = "fork / vfork / clone / posix_spawn / thread to reaped, from a bare parent plus mem_mib, ns each",
    .min_pus = 1,
    .flags = WT_NEEDS_FORK,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = wt_helper_stop,
};
