/* wtbare.c: what the suite's pool (pool.c) and calibrated work (work.c) need from the harness, for
 * the bare programs that link them without it (wthttpd): the clock, pinned threads, the migration
 * note. Pinning here is plain sched affinity (a PU < 0: unpinned); no hwloc, no simulated
 * topologies. No timing here. */
#include <errno.h>
#include <sched.h>
#include <time.h>
#include "wt.h"

uint64_t wt_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int wt_thread_start(wt_thread *t, int pu, void *(*fn)(void *), void *arg)
{
    pthread_attr_t a;
    int rc = pthread_attr_init(&a);
    if (rc)
        return -rc;
    if (pu >= 0) {
        cpu_set_t s;
        CPU_ZERO(&s);
        CPU_SET(pu, &s);
        rc = pthread_attr_setaffinity_np(&a, sizeof s, &s);
    }
    if (!rc)
        rc = pthread_create(&t->tid, &a, fn, arg);
    pthread_attr_destroy(&a);
    t->started = rc == 0;
    return -rc;
}

int wt_thread_join(wt_thread *t, double timeout_s)
{
    if (!t->started)
        return 0;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += (time_t)timeout_s + 1;
    int rc = pthread_timedjoin_np(t->tid, NULL, &ts);
    if (rc == ETIMEDOUT)
        pthread_detach(t->tid);
    t->started = 0;
    return -rc;
}

int wt_on_pu(int pu) { return pu < 0 || sched_getcpu() == pu; }

void wt_note_migration(void) {}
