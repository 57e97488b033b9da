/* loops.c: bare yardstick loops outside wtbench (no harness code): `loops thread` times
 * pthread_create + pthread_join, `loops fork` fork + _exit + waitpid, `loops memcpy BYTES` a memcpy
 * between two buffers written by memset first, each in 15 batches after a warm-up; prints the
 * median batch's ns per operation (and min, max) in µs. Pin it with taskset as the harness pins
 * its helper. Used by ci/bare-check. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000ull + t.tv_nsec;
}
static void *fn(void *a) { return a; }
static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static char *src, *dst;
static size_t bytes;

static int one(int fork_)
{
    if (src) {
        src[0]++;
        memcpy(dst, src, bytes);
        return dst[0] == src[0] ? 0 : -1; /* the copy happened, and the compiler cannot drop it */
    }
    if (fork_) {
        int st;
        pid_t p = fork();
        if (p == 0)
            _exit(7);
        return p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 7 ? 0 : -1;
    }
    pthread_t t;
    void *r = NULL;
    return pthread_create(&t, 0, fn, &t) || pthread_join(t, &r) || r != &t ? -1 : 0;
}

int main(int argc, char **argv)
{
    int mc = argc == 3 && !strcmp(argv[1], "memcpy");
    if (!mc && (argc != 2 || (strcmp(argv[1], "fork") && strcmp(argv[1], "thread")))) {
        fprintf(stderr, "usage: loops thread|fork|memcpy BYTES\n");
        return 2;
    }
    int fork_ = !strcmp(argv[1], "fork"), n = fork_ ? 100 : 1000;
    if (mc) {
        bytes = (size_t)atoll(argv[2]);
        src = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        dst = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (bytes < 64 || src == MAP_FAILED || dst == MAP_FAILED)
            return fprintf(stderr, "loops: memcpy %s: expected a size of 64 bytes or more that maps\n", argv[2]), 2;
        memset(src, 1, bytes), memset(dst, 2, bytes);
        n = (int)(256ull * 1048576 / bytes > 100000 ? 100000 : 256ull * 1048576 / bytes);
        n = n < 2 ? 2 : n;
    }
    double r[15];
    for (int i = 0; i < 3 * n; i++)
        if (one(fork_))
            return fprintf(stderr, "loops: %s failed\n", argv[1]), 1;
    for (int b = 0; b < 15; b++) {
        unsigned long long t0 = now();
        for (int i = 0; i < n; i++)
            if (one(fork_))
                return fprintf(stderr, "loops: %s failed\n", argv[1]), 1;
        r[b] = (double)(now() - t0) / n;
    }
    qsort(r, 15, sizeof *r, cmp);
    printf("bare %s: median %.1f us (min %.1f, max %.1f)\n", argv[1], r[7] / 1e3, r[0] / 1e3, r[14] / 1e3);
    return 0;
}
