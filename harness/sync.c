/* sync.c: waiting primitives shared by cases and the pool: cpu_relax, process-shared futex wait and
 * wake, a start gate. No timing here. */
#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "wt.h"

void wt_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield" ::: "memory");
#else
    atomic_signal_fence(memory_order_seq_cst);
#endif
}

int wt_futex_wait(_Atomic uint32_t *w, uint32_t val, uint64_t timeout_ns)
{
    struct timespec ts, *tp = NULL;
    if (timeout_ns) {
        ts.tv_sec = (time_t)(timeout_ns / 1000000000ull);
        ts.tv_nsec = (long)(timeout_ns % 1000000000ull);
        tp = &ts;
    }
    /* Not FUTEX_PRIVATE: the word may live in memory shared with a child process. */
    long rc = syscall(SYS_futex, (uint32_t *)w, FUTEX_WAIT, val, tp, NULL, 0);
    if (rc == -1 && errno == ETIMEDOUT)
        return -ETIMEDOUT;
    return 0; /* woken, value changed (EAGAIN) or interrupted: the caller re-checks */
}

void wt_futex_wake(_Atomic uint32_t *w, int n)
{
    syscall(SYS_futex, (uint32_t *)w, FUTEX_WAKE, n, NULL, NULL, 0);
}

void wt_gate_open(wt_gate *g)
{
    atomic_store_explicit(&g->open, 1, memory_order_release);
    wt_futex_wake(&g->open, 1 << 30);
}

void wt_gate_wait(wt_gate *g)
{
    while (!atomic_load_explicit(&g->open, memory_order_acquire))
        wt_futex_wait(&g->open, 0, 0);
}
