/* msg.condvar: round trip of a message between two pinned workers over a mutex and a condition
 * variable (process-shared when the peer is a process), ns per round trip. The sender copies the
 * message into the shared buffer, then under the mutex advances the turn and signals; the receiver
 * waits on the condition (timed, CLOCK_MONOTONIC) until it sees its turn, then copies the message
 * out. Timed region: each round trip, with the histogram (see harness/pingpong.c). */
#include <string.h>
#include "wt.h"

typedef struct ch {
    uint32_t t[2];   /* each side's last turn (only that side touches it) */
    int inited;      /* mutex and cond exist */
    pthread_mutex_t m;
    pthread_cond_t cv;
    uint32_t turn;   /* under m: side 0 publishes odd turns, side 1 even ones */
    _Alignas(64) unsigned char data[];
} ch;

static size_t size(const wt_pp_cfg *cfg) { return sizeof(ch) + cfg->bytes; }

static int open_ch(void *c, const wt_pp_cfg *cfg, wt_run *r)
{
    ch *x = c;
    int ps = cfg->process ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
    pthread_mutexattr_t ma;
    pthread_condattr_t ca;
    int rc = pthread_mutexattr_init(&ma);
    if (rc)
        return wt_error(r, rc, "pthread_mutexattr_init");
    rc = pthread_mutexattr_setpshared(&ma, ps);
    if (!rc)
        rc = pthread_mutex_init(&x->m, &ma);
    pthread_mutexattr_destroy(&ma);
    if (rc)
        return wt_error(r, rc, "mutex");
    if ((rc = pthread_condattr_init(&ca))) {
        pthread_mutex_destroy(&x->m);
        return wt_error(r, rc, "pthread_condattr_init");
    }
    rc = pthread_condattr_setpshared(&ca, ps);
    if (!rc)
        rc = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* the deadline's clock */
    if (!rc)
        rc = pthread_cond_init(&x->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (rc) {
        pthread_mutex_destroy(&x->m);
        return wt_error(r, rc, "condition variable");
    }
    x->inited = 1;
    return 0;
}

static int send(void *c, int s, const void *buf, size_t len)
{
    ch *x = c;
    memcpy(x->data, buf, len);
    int rc = pthread_mutex_lock(&x->m);
    if (rc)
        return -rc;
    x->turn = ++x->t[s];
    pthread_cond_signal(&x->cv);
    pthread_mutex_unlock(&x->m);
    return 0;
}

static int recv(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    uint32_t want = x->t[s] + 1;
    struct timespec dl;
    int rc = pthread_mutex_lock(&x->m), timed = 0;
    if (rc)
        return -rc;
    while (x->turn != want && rc == 0) {
        if (!timed++)
            wt_pp_deadline(CLOCK_MONOTONIC, &dl);
        rc = pthread_cond_timedwait(&x->cv, &x->m, &dl);
    }
    pthread_mutex_unlock(&x->m);
    if (rc)
        return -rc;
    memcpy(buf, x->data, len);
    x->t[s] = want;
    return 0;
}

static void close_ch(void *c)
{
    ch *x = c;
    if (x->inited) {
        pthread_cond_destroy(&x->cv);
        pthread_mutex_destroy(&x->m);
    }
}

static const wt_pp_ops ops = {.size = size, .open = open_ch, .send = send, .recv = recv, .close = close_ch};

static int setup(const wt_ctx *ctx, wt_run *r, void **state) { return wt_pp_setup(ctx, r, state, &ops); }

static const wt_param params[] = {
    {"peer", "thread,process", "thread,process"},
    {"place", "far", "all"},
    {"bytes", "8", "8,64,256,1024,4096,16384,65536"},
    {0},
};

const wt_case wt_case_msg_condvar = {
    .name = "msg.condvar",
    .summary = "ping-pong over a mutex + condition variable, ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
