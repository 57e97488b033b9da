/* worker.c: start and stop pinned workers (threads and child processes), read back the PU actually
 * used, bind memory. The only place besides topology/ that pins. No timing here. */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"

const wt_topo *wt__topo;
int wt__pin_enabled = 1;
_Atomic unsigned wt__migrations;

static int real_pinning(int pu)
{
    return pu >= 0 && wt__pin_enabled && wt__topo && !wt_topo_simulated(wt__topo);
}

int wt_pin_self(int pu)
{
    if (!real_pinning(pu))
        return 0;
    return wt_topo_bind_self(wt__topo, pu);
}

int wt__pin_tid(pid_t tid, int pu)
{
    if (!real_pinning(pu))
        return 0;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(pu, &set);
    return sched_setaffinity(tid, sizeof set, &set) < 0 ? -errno : 0;
}

int wt_attr_pin(pthread_attr_t *a, int pu)
{
    if (!real_pinning(pu))
        return 0;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(pu, &set);
    return -pthread_attr_setaffinity_np(a, sizeof set, &set);
}

int wt_current_pu(void) { return sched_getcpu(); }

int wt_pu(int i)
{
    int n = wt__topo ? wt_topo_npus(wt__topo) : 0;
    if (!wt__pin_enabled || n <= 0)
        return -1;
    return wt_topo_pu(wt__topo, (i % n + n) % n);
}

int wt_on_pu(int pu)
{
    if (!real_pinning(pu))
        return 1;
    return sched_getcpu() == pu;
}

void wt_note_migration(void) { atomic_fetch_add(&wt__migrations, 1); }

int wt_membind(void *addr, size_t len, int node)
{
    if (node < 0 || !wt__topo || wt_topo_simulated(wt__topo))
        return 0;
    return wt_topo_membind(wt__topo, addr, len, node);
}

int wt_thread_start(wt_thread *t, int pu, void *(*fn)(void *), void *arg)
{
    pthread_attr_t a;
    int rc = pthread_attr_init(&a);
    if (rc)
        return -rc;
    rc = -wt_attr_pin(&a, pu);
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
    long long ns = ts.tv_nsec + (long long)((timeout_s - (double)(long long)timeout_s) * 1e9);
    ts.tv_sec += (time_t)timeout_s + (time_t)(ns / 1000000000);
    ts.tv_nsec = (long)(ns % 1000000000);
    int rc = pthread_timedjoin_np(t->tid, NULL, &ts);
    if (rc == ETIMEDOUT) {
        pthread_detach(t->tid); /* a hung worker: reported by the caller, never joined */
        t->started = 0;
        return -ETIMEDOUT;
    }
    t->started = 0;
    return -rc;
}

pid_t wt_child_start(int pu, int (*fn)(void *), void *arg)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -errno;
    if (pid == 0) {
        if (wt_pin_self(pu) < 0)
            _exit(126);
        _exit(fn(arg) & 0xff);
    }
    return pid;
}

int wt_child_wait(pid_t pid, double timeout_s)
{
    int st, n = 0;
    /* A pidfd wakes the waiter exactly when the child exits; without one (kernels before 5.3),
     * poll waitpid with a growing pause. */
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) {
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        while ((n = poll(&pf, 1, (int)(timeout_s * 1e3))) < 0 && errno == EINTR)
            ;
        close(fd);
    } else {
        struct timespec d = {0, 200000};
        double waited = 0;
        while ((n = (int)waitpid(pid, &st, WNOHANG)) == 0 && waited < timeout_s) {
            nanosleep(&d, NULL);
            waited += (double)d.tv_nsec * 1e-9;
            if (d.tv_nsec < 50000000)
                d.tv_nsec *= 2;
        }
        if (n == pid)
            goto reaped;
        if (n < 0)
            return -errno;
    }
    if (n == 0)
        kill(pid, SIGKILL);
    if (waitpid(pid, &st, 0) != pid)
        return -errno;
    if (n == 0)
        return -ETIMEDOUT;
reaped:
    return WIFEXITED(st) ? WEXITSTATUS(st) : -(1000 + WTERMSIG(st));
}

const char *wt_child_status_str(int st, char *buf, size_t len)
{
    if (st >= 0)
        snprintf(buf, len, "exited with status %d", st);
    else if (st == -ETIMEDOUT)
        snprintf(buf, len, "hung (killed after its time limit)");
    else if (st <= -1000)
        snprintf(buf, len, "killed by signal %d (%s)", -st - 1000, strsignal(-st - 1000));
    else
        snprintf(buf, len, "wait failed: %s", strerror(-st));
    return buf;
}

void *wt_shared_alloc(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void wt_shared_free(void *p, size_t len)
{
    if (p)
        munmap(p, len);
}

int wt_proc_count(const char *what)
{
    char p[64];
    snprintf(p, sizeof p, "/proc/self/%s", what);
    DIR *d = opendir(p);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

const char *wt_self_exe(void)
{
    static char path[4096];
    if (!path[0]) {
        ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
        if (n <= 0)
            return NULL;
        path[n] = 0;
    }
    return path;
}

const char *wt_sanitizer(void)
{
#if defined(__SANITIZE_THREAD__)
    return "thread";
#elif defined(__SANITIZE_ADDRESS__)
    return "address";
#else
    return NULL;
#endif
}
