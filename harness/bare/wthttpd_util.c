/* wthttpd_util.c: wthttpd's state, its one output line at a time, and pinning (plain sched
 * affinity: a PU < 0 means unpinned). See wthttpd.c. */
#include "wthttpd.h"

struct wthttpd wt__hd_g;

void wt__hd_say(const char *fmt, ...)
{
    char b[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, sizeof b - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n > (int)sizeof b - 2)
        n = (int)sizeof b - 2;
    b[n++] = '\n';
    if (write(1, b, (size_t)n) < 0) {
        /* the harness is gone: nothing to tell */
    }
}

void wt__hd_die_fail(const char *what, int err)
{
    wt__hd_say("fail %s: %s", what, strerror(err));
    exit(1);
}

int wt__hd_pin_attr(pthread_attr_t *a, int pu)
{
    if (pu < 0)
        return 0;
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(pu, &s);
    return pthread_attr_setaffinity_np(a, sizeof s, &s);
}

int wt__hd_pin_self(int pu)
{
    if (pu < 0)
        return 0;
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(pu, &s);
    return pthread_setaffinity_np(pthread_self(), sizeof s, &s);
}

int wt__hd_work_pu(void)
{
    if (wt__hd_g.npus < 2)
        return wt__hd_g.pus[0];
    return wt__hd_g.pus[1 + atomic_fetch_add(&wt__hd_g.rr, 1) % (unsigned)(wt__hd_g.npus - 1)];
}
