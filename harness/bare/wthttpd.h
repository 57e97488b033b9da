/* wthttpd.h: what the parts of wthttpd share (harness/bare/wthttpd.c: start-up and the loops;
 * wthttpd_conn.c: connections, requests and offloaded work; wthttpd_util.c: output, pinning and
 * the server's state). See wthttpd.c for what the server does. */
#ifndef WTHTTPD_H
#define WTHTTPD_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "wt.h"

#define SEED 0x5eedu
#define MAX_LOOPS 64
#define MAX_PUS 64


enum { M_INLINE, M_THREAD, M_POOL };
enum { H_LISTEN, H_HANDOFF, H_DONE, H_CHILD, H_CONN, H_TIMER };
enum { J_SLOW, J_IO };

typedef struct handle { int type; void *p; } handle;

typedef struct loop loop;
typedef struct conn {
    handle h, th;             /* epoll data of the socket and of its timerfd */
    loop *l;
    int fd, tfd;              /* socket; timerfd for inline /io (-1 until needed) */
    unsigned events;          /* epoll interest now */
    int busy;                 /* a request in flight: its answer comes later */
    int job;                  /* an offloaded job holds this conn: free it only when that ends */
    int dead;                 /* closed while its job ran */
    int close_after;
    int peer_done;            /* the peer has sent all it will (EOF): answer what came, then close */
    struct conn *grave;       /* closed: freed after the epoll batch that may still name it */
    uint64_t t_io;            /* inline /io: when its wait began */
    size_t inlen, outlen, outoff;
    char in[8192], out[512];
} conn;

typedef struct job {
    struct job *next;
    conn *c;
    int kind;
    uint64_t value;           /* J_SLOW: the work's result; J_IO: ns waited */
} job;

struct loop {
    int idx, pu, ep, efd, hand[2];
    handle hl, hh, hd;
    pthread_mutex_t mu;       /* guards done: workers push, the loop takes */
    job *done;
    conn *grave;              /* closed connections, freed once the current batch is handled */
};

struct wthttpd {
    int mode, process, nloops, npus, pus[MAX_PUS], die, lfd, next;
    uint64_t slow_ns, io_ns, units;
    loop loops[MAX_LOOPS];
    pid_t child[MAX_LOOPS];
    int cpfd[MAX_LOOPS];      /* pidfds of loop processes: loop 0 learns of a death */
    handle hc[MAX_LOOPS];
    wt_pool *pool;
    _Atomic uint64_t served;  /* requests parsed, every loop of this process */
    _Atomic unsigned rr;      /* offloaded work's next PU */
};
extern struct wthttpd wt__hd_g; /* the server's state */

/* wthttpd_util.c */
void wt__hd_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void wt__hd_die_fail(const char *what, int err); /* "fail WHAT: strerror(err)", exit 1 */
int wt__hd_pin_attr(pthread_attr_t *a, int pu);   /* threads created with a start on pu (< 0: anywhere) */
int wt__hd_pin_self(int pu);
int wt__hd_work_pu(void);                         /* the PU of the next offloaded job (round-robin) */

/* wthttpd_conn.c */
void wt__hd_add_conn(loop *l, int fd);            /* a new connection on loop l */
void wt__hd_conn_read(conn *c);                   /* the socket is readable */
void wt__hd_pump(conn *c);                        /* write what is pending, take the next request */
void wt__hd_conn_close(conn *c);
void wt__hd_io_answer(conn *c, uint64_t waited);  /* answer /io after waited ns */
void wt__hd_jobs_done(loop *l);                   /* answer the offloaded jobs that ended */

#endif
