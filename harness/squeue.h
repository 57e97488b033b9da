/* squeue.h: between squeue.c (the interface, and the queues over descriptors: pipe, ustream, mq)
 * and sqmem.c (the queues in memory: shmring, futexq). Not for cases: they use wt_sq_* in wt.h. */
#ifndef WT_SQUEUE_H
#define WT_SQUEUE_H

#include <mqueue.h>
#include "wt.h"

typedef struct wt__sq_cell {
    _Alignas(64) _Atomic uint64_t seq;
    unsigned char m[WT_SQ_MSG];
} wt__sq_cell;

typedef struct wt__sq_rx { /* ustream: one (producer, consumer) stream's bytes not yet taken */
    size_t off, len;
    unsigned char b[WT_SQ_MSG * 32];
} wt__sq_rx;

struct wt_sq {
    int kind, np, nc;
    unsigned cap;
    int fd[2];          /* pipe */
    int *sk;            /* ustream: sk[2 * (p * nc + c) + 0] the producer's end, + 1 the consumer's */
    wt__sq_rx *rx;          /* ustream: np * nc */
    unsigned *deal;     /* ustream: per producer, the next consumer */
    unsigned *rot;      /* ustream: per consumer, the stream it looks at first */
    mqd_t mq, mq_nb;    /* mq: blocking, and the non-blocking descriptor of a first try */
    wt__sq_cell *ring;         /* shmring */
    unsigned char *buf; /* futexq */
    unsigned head, count;
    _Alignas(64) _Atomic uint64_t tail;
    _Alignas(64) _Atomic uint64_t rhead;
    _Alignas(64) _Atomic uint32_t nonempty; /* futex words, bumped to wake */
    _Atomic int csleep, cwait;
    _Alignas(64) _Atomic uint32_t nonfull;
    _Atomic int psleep, pwait;
    _Alignas(64) _Atomic uint32_t lock; /* futexq: 0 free, 1 held, 2 held with waiters */
};

/* ns from now to deadline, 0 once it has passed */
uint64_t wt__sq_left(uint64_t deadline);
/* shmring and futexq (sqmem.c): open, and one send (push 1) or receive (push 0) of one message
 * until deadline, with wt_sq_send / wt_sq_recv's results. */
int wt__sq_mem_open(wt_sq *q);
int wt__sq_mem_op(wt_sq *q, void *m, uint64_t deadline, int push);

#endif
