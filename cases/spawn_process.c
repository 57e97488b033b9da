/* spawn.process: cost of starting a process and reaping it, ns per process. Timed per process:
 * from just before the start call until waitpid returns its exit status. how: fork (child _exit),
 * vfork, clone(CLONE_VM|CLONE_VFORK), spawn (posix_spawn of `wtbench --helper exit N`: a new
 * program, the child_process.fork analogue), and thread (pthread_create + join by the same parent:
 * the reference that shows what memory does not cost a thread). mem_mib: resident memory the
 * parent holds, touched in setup (outside the timed region), to show the page-table copy that fork
 * pays and the others do not. Each child exits with a status derived from the iteration (a thread
 * writes one back); a wrong value fails. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wt.h"

extern char **environ;

enum { FORK, VFORK, CLONE, SPAWN, THREAD, NHOW };

typedef struct st {
    int how;
    size_t mem;
    char *buf;
    char *stack; /* clone's child stack */
    const char *exe;
} st;

static const size_t clone_stack = 64 * 1024;

static int clone_child(void *arg) { _exit((int)(intptr_t)arg); }

static int setup(const wt_ctx *ctx, wt_run *r, void **state)
{
    static const char *const hows[] = {"fork", "vfork", "clone", "spawn", "thread"};
    st *s = calloc(1, sizeof *s);
    if (!s)
        return wt_error(r, ENOMEM, "state");
    *state = s;
    const char *how = wt_arg(ctx, "how");
    for (s->how = 0; s->how < NHOW && strcmp(how, hows[s->how]); s->how++)
        ;
    if (s->how == NHOW)
        return wt_fail(r, "unknown how '%s'", how);
    if (s->how == CLONE && wt_sanitizer())
        return wt_skip(r, "clone(CLONE_VM) runs the child on the parent's %s-sanitizer state", wt_sanitizer());
    s->mem = (size_t)wt_arg_int(ctx, "mem_mib", 0) << 20;
    if (s->mem) {
        s->buf = mmap(NULL, s->mem, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (s->buf == MAP_FAILED) {
            s->buf = NULL;
            return wt_error(r, errno, "mmap of the parent's resident memory");
        }
        for (size_t i = 0; i < s->mem; i += 4096)
            s->buf[i] = (char)i;
    }
    if (s->how == CLONE) {
        s->stack = mmap(NULL, clone_stack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (s->stack == MAP_FAILED) {
            s->stack = NULL;
            return wt_error(r, errno, "mmap of clone's stack");
        }
    }
    if (s->how == SPAWN && !(s->exe = wt_self_exe()))
        return wt_error(r, ENOENT, "/proc/self/exe");
    return 0;
}

/* Start one child that exits with code; returns its pid or -errno. */
static pid_t start(st *s, int code)
{
    pid_t p;
    switch (s->how) {
    case FORK:
        p = fork();
        if (p == 0)
            _exit(code);
        return p < 0 ? -errno : p;
    case VFORK:
        p = vfork();
        if (p == 0)
            _exit(code);
        return p < 0 ? -errno : p;
    case CLONE:
        p = clone(clone_child, s->stack + clone_stack, CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)(intptr_t)code);
        return p < 0 ? -errno : p;
    default: {
        char num[16];
        snprintf(num, sizeof num, "%d", code);
        char *av[] = {(char *)s->exe, "--helper", "exit", num, NULL};
        int rc = posix_spawn(&p, s->exe, NULL, NULL, av, environ);
        return rc ? -rc : p;
    }
    }
}

static void *thread_fn(void *arg)
{
    int *v = arg;
    *v = *v * 3 + 1;
    return NULL;
}

/* how:thread: start and join one thread that writes back a value derived from code. */
static int64_t run_thread(wt_run *r, uint64_t iters)
{
    wt_hist *h = wt_run_hist(r);
    uint64_t total = 0;
    for (uint64_t i = 0; i < iters; i++) {
        int code = (int)(i % 100) + 1, v = code;
        pthread_t t;
        uint64_t t0 = wt_now_ns();
        int rc = pthread_create(&t, NULL, thread_fn, &v);
        if (rc)
            return wt_error(r, rc, "pthread_create");
        pthread_join(t, NULL);
        uint64_t t1 = wt_now_ns();
        if (v != code * 3 + 1)
            return wt_fail(r, "thread %llu wrote back %d, expected %d", (unsigned long long)i, v, code * 3 + 1);
        wt_hist_add(h, t1 - t0);
        total += t1 - t0;
    }
    return (int64_t)total;
}

static int64_t run(void *state, wt_run *r, uint64_t iters)
{
    st *s = state;
    if (s->how == THREAD)
        return run_thread(r, iters);
    wt_hist *h = wt_run_hist(r);
    uint64_t total = 0;
    for (uint64_t i = 0; i < iters; i++) {
        int code = (int)(i % 100) + 1, status;
        uint64_t t0 = wt_now_ns();
        pid_t p = start(s, code);
        if (p < 0)
            return wt_error(r, (int)-p, "starting the child");
        if (waitpid(p, &status, 0) != p)
            return wt_error(r, errno, "waitpid");
        uint64_t t1 = wt_now_ns();
        if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
            return wt_fail(r, "child %llu: expected exit status %d, got wait status 0x%x", (unsigned long long)i,
                           code, status);
        wt_hist_add(h, t1 - t0);
        total += t1 - t0;
    }
    return (int64_t)total;
}

static void teardown(void *state)
{
    st *s = state;
    if (!s)
        return;
    if (s->buf)
        munmap(s->buf, s->mem);
    if (s->stack)
        munmap(s->stack, clone_stack);
    free(s);
}

static const wt_param params[] = {
    {"how", "fork,vfork,clone,spawn,thread", "fork,vfork,clone,spawn,thread"},
    {"mem_mib", "1,256", "1,4,16,64,256,1024,2048"},
    {0},
};

const wt_case wt_case_spawn_process = {
    .name = "spawn.process",
    .summary = "fork / vfork / clone / posix_spawn / thread to reaped, by parent resident memory, ns each",
    .min_pus = 1,
    .flags = WT_NEEDS_FORK,
    .params = params,
    .setup = setup,
    .run = run,
    .teardown = teardown,
};
