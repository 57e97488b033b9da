/* wtcalib: the bare helper. A minimal C program (libc and pthreads only: no C++, hwloc or Google
 * Benchmark) that runs the primitive loops the suite holds itself against, and the spawns whose
 * cost depends on the parent's size, in a parent as small as a process gets.
 *
 *   wtcalib LOOP PU0 PU1 [ARG...]      LOOP: thread | fork | memcpy BYTES | pingpong |
 *                                             spawn HOW MEM_MIB (HOW: fork vfork clone spawn thread)
 *   wtcalib exit N                     exits with status N (the program that `spawn` starts)
 *
 * It pins itself to PU0 (and pingpong's second thread to PU1; -1: unpinned), prepares the loop
 * (memory written from user space, every page), answers "ready" and then serves lines from stdin:
 * "N" runs N operations and answers "ok NS BAD K S1..SK" (NS the loop's own CLOCK_MONOTONIC time;
 * BAD the operations whose check failed; K per-operation samples for loops timed one by one);
 * "m" answers "mem RSS_KB PTE_KB" from /proc/self/status; EOF ends it. Errors: "err TEXT". */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static uint64_t now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int pin(pthread_t t, int pu)
{
    if (pu < 0)
        return 0;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(pu, &set);
    return pthread_setaffinity_np(t, sizeof set, &set);
}

static struct {
    int loop, how, pu1;
    size_t bytes, mem;
    char *src, *dst, *buf, *stack;
    char self[4096];
    _Alignas(64) _Atomic uint64_t v; /* pingpong's cache line */
    pthread_t peer;
    int have_peer;
} g;

enum { L_THREAD, L_FORK, L_MEMCPY, L_PINGPONG, L_SPAWN };
enum { H_FORK, H_VFORK, H_CLONE, H_SPAWN, H_THREAD };
#define STOP UINT64_MAX
#define CLONE_STACK (64 * 1024)

static void *empty(void *arg) { return arg; }
static void *thread_fn(void *arg)
{
    int *v = arg;
    *v = *v * 3 + 1;
    return NULL;
}
static int clone_child(void *arg) { _exit((int)(intptr_t)arg); }

/* pingpong's peer: waits for each odd value and answers the next even one. */
static void *peer(void *arg)
{
    (void)arg;
    for (uint64_t k = 1;; k += 2) {
        uint64_t x, t0 = now();
        unsigned n = 0;
        while ((x = atomic_load_explicit(&g.v, memory_order_acquire)) != k && x != STOP)
            if (!(++n & 4095) && now() - t0 > 5000000000ull)
                return NULL; /* the caller is gone */
        if (x == STOP)
            return NULL;
        atomic_store_explicit(&g.v, k + 1, memory_order_release);
    }
}

static char *map_written(size_t len)
{
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    memset(p, 1, len); /* every page written from user space: no first-touch in the loop */
    return p;
}

/* One spawn that exits with code; its pid, or -errno. */
static pid_t start(int code)
{
    pid_t p;
    char num[16];
    switch (g.how) {
    case H_FORK:
        p = fork();
        if (p == 0)
            _exit(code);
        return p < 0 ? -errno : p;
    case H_VFORK:
        p = vfork();
        if (p == 0)
            _exit(code);
        return p < 0 ? -errno : p;
    case H_CLONE:
        p = clone(clone_child, g.stack + CLONE_STACK, CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)(intptr_t)code);
        return p < 0 ? -errno : p;
    default: {
        snprintf(num, sizeof num, "%d", code);
        char *av[] = {g.self, "exit", num, NULL};
        int rc = posix_spawn(&p, g.self, NULL, NULL, av, environ);
        return rc ? -rc : p;
    }
    }
}

/* Run n operations; the loop's time in *ns, failed checks in *bad, samples (one-by-one loops). */
static int run(uint64_t n, uint64_t *ns, uint64_t *bad, uint64_t *smp, uint64_t *ns_out)
{
    uint64_t t0 = now(), k = 0;
    *bad = 0;
    *ns_out = 0;
    for (uint64_t i = 0; i < n; i++) {
        pthread_t t;
        int st, code = (int)(i % 100) + 1, v = code;
        uint64_t a = g.loop == L_SPAWN ? now() : 0;
        switch (g.loop) {
        case L_THREAD:
            if (pthread_create(&t, NULL, empty, NULL))
                return -EAGAIN;
            pthread_join(t, NULL);
            break;
        case L_FORK: {
            pid_t p = fork();
            if (p < 0)
                return -errno;
            if (p == 0)
                _exit(0);
            waitpid(p, &st, 0);
            break;
        }
        case L_MEMCPY: {
            uint64_t seq = i + 1, got[2];
            memcpy(g.src, &seq, 8);
            memcpy(g.src + g.bytes - 8, &seq, 8);
            memcpy(g.dst, g.src, g.bytes);
            memcpy(&got[0], g.dst, 8);
            memcpy(&got[1], g.dst + g.bytes - 8, 8);
            *bad += got[0] != seq || got[1] != seq;
            break;
        }
        case L_PINGPONG: {
            uint64_t want = atomic_load_explicit(&g.v, memory_order_relaxed) + 2;
            atomic_store_explicit(&g.v, want - 1, memory_order_release);
            unsigned spins = 0;
            uint64_t w0 = now();
            while (atomic_load_explicit(&g.v, memory_order_acquire) != want)
                if (!(++spins & 4095) && now() - w0 > 5000000000ull)
                    return -ETIMEDOUT;
            break;
        }
        default:
            if (g.how == H_THREAD) {
                if (pthread_create(&t, NULL, thread_fn, &v))
                    return -EAGAIN;
                pthread_join(t, NULL);
                *bad += v != code * 3 + 1;
            } else {
                pid_t p = start(code);
                if (p < 0)
                    return (int)p;
                if (waitpid(p, &st, 0) != p)
                    return -errno;
                *bad += !WIFEXITED(st) || WEXITSTATUS(st) != code;
            }
            uint64_t b = now();
            if (k < 4096)
                smp[k++] = b - a;
            *ns_out += b - a;
        }
    }
    *ns = g.loop == L_SPAWN ? *ns_out : now() - t0;
    *ns_out = k;
    return 0;
}

static int prepare(int argc, char **argv)
{
    static const char *const loops[] = {"thread", "fork", "memcpy", "pingpong", "spawn"};
    static const char *const hows[] = {"fork", "vfork", "clone", "spawn", "thread"};
    for (g.loop = 0; g.loop < 5 && strcmp(argv[1], loops[g.loop]); g.loop++)
        ;
    if (g.loop == 5)
        return printf("err unknown loop '%s'\n", argv[1]), -1;
    g.pu1 = atoi(argv[3]);
    if (pin(pthread_self(), atoi(argv[2])))
        return printf("err pinning to PU %s\n", argv[2]), -1;
    if (g.loop == L_MEMCPY) {
        g.bytes = argc > 4 ? strtoull(argv[4], NULL, 10) : 0;
        if (g.bytes < 16 || !(g.src = map_written(g.bytes)) || !(g.dst = map_written(g.bytes)))
            return printf("err memcpy of %zu bytes: cannot map or too small\n", g.bytes), -1;
    } else if (g.loop == L_PINGPONG) {
        if (pthread_create(&g.peer, NULL, peer, NULL) || pin(g.peer, g.pu1))
            return printf("err starting the peer on PU %d\n", g.pu1), -1;
        g.have_peer = 1;
    } else if (g.loop == L_SPAWN) {
        for (g.how = 0; argc > 4 && g.how < 5 && strcmp(argv[4], hows[g.how]); g.how++)
            ;
        g.mem = (size_t)(argc > 5 ? strtoull(argv[5], NULL, 10) : 0) << 20;
        if (argc < 5 || g.how == 5)
            return printf("err spawn: expected HOW (fork vfork clone spawn thread) and MEM_MIB\n"), -1;
        if ((g.mem && !(g.buf = map_written(g.mem))) || !(g.stack = map_written(CLONE_STACK)))
            return printf("err spawn: cannot map %zu bytes\n", g.mem), -1;
        ssize_t l = readlink("/proc/self/exe", g.self, sizeof g.self - 1);
        if (l <= 0)
            return printf("err /proc/self/exe unreadable\n"), -1;
        g.self[l] = 0;
    }
    return 0;
}

static void mem_line(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long rss = -1, pte = -1;
    while (f && fgets(line, sizeof line, f)) {
        sscanf(line, "VmRSS: %ld", &rss);
        sscanf(line, "VmPTE: %ld", &pte);
    }
    if (f)
        fclose(f);
    printf("mem %ld %ld\n", rss, pte);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "exit"))
        return atoi(argv[2]) & 0xff;
    if (argc < 4) {
        fprintf(stderr, "usage: wtcalib LOOP PU0 PU1 [ARG...] | wtcalib exit N\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (prepare(argc, argv) < 0)
        return 1;
    printf("ready\n");
    static uint64_t smp[4096];
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        if (line[0] == 'm') {
            mem_line();
            continue;
        }
        uint64_t n = strtoull(line, NULL, 10), ns = 0, bad = 0, k = 0;
        int rc = n ? run(n, &ns, &bad, smp, &k) : -EINVAL;
        if (rc < 0) {
            printf("err %s\n", strerror(-rc));
            continue;
        }
        printf("ok %llu %llu %llu", (unsigned long long)ns, (unsigned long long)bad, (unsigned long long)k);
        for (uint64_t i = 0; i < k; i++)
            printf(" %llu", (unsigned long long)smp[i]);
        printf("\n");
    }
    if (g.have_peer) {
        atomic_store(&g.v, STOP);
        pthread_join(g.peer, NULL);
    }
    return 0;
}
