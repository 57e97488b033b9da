/* msg.sem: round trip of a message between two pinned workers over two POSIX semaphores (one per
 * direction; process-shared when the peer is a process), ns per round trip. The sender copies the
 * message into the shared buffer and posts its semaphore; the receiver takes the other one
 * (sem_trywait, then sem_timedwait) and copies the message out. Timed region: each round trip,
 * with the histogram (see harness/pingpong.c). */
#include <semaphore.h>
#include <string.h>
#include "wt.h"

typedef struct ch {
    int inited;   /* semaphores initialised */
    sem_t sem[2]; /* sem[i]: side i posted a message */
    _Alignas(64) unsigned char data[];
} ch;

static size_t size(const wt_pp_cfg *cfg) { return sizeof(ch) + cfg->bytes; }

static int open_ch(void *c, const wt_pp_cfg *cfg, wt_run *r)
{
    ch *x = c;
    if (sem_init(&x->sem[0], cfg->process, 0) < 0)
        return wt_error(r, errno, "sem_init");
    if (sem_init(&x->sem[1], cfg->process, 0) < 0) {
        int e = errno;
        sem_destroy(&x->sem[0]);
        return wt_error(r, e, "sem_init");
    }
    x->inited = 1;
    return 0;
}

static int send(void *c, int s, const void *buf, size_t len)
{
    ch *x = c;
    memcpy(x->data, buf, len);
    return sem_post(&x->sem[s]) < 0 ? -errno : 0;
}

static int recv(void *c, int s, void *buf, size_t len)
{
    ch *x = c;
    sem_t *q = &x->sem[1 - s];
    if (sem_trywait(q) < 0) {
        struct timespec dl;
        wt_pp_deadline(CLOCK_REALTIME, &dl); /* sem_timedwait's clock */
        while (sem_timedwait(q, &dl) < 0)
            if (errno != EINTR)
                return -errno;
    }
    memcpy(buf, x->data, len);
    return 0;
}

static void close_ch(void *c)
{
    ch *x = c;
    if (x->inited) {
        sem_destroy(&x->sem[0]);
        sem_destroy(&x->sem[1]);
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

const wt_case wt_case_msg_sem = {
    .name = "msg.sem",
    .summary = "ping-pong over two POSIX semaphores, ns per round trip",
    .min_pus = 2,
    .params = params,
    .setup = setup,
    .run = wt_pp_run,
    .teardown = wt_pp_teardown,
};
