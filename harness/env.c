/* env.c: what makes numbers comparable or noisy, captured into the result context: kernel, CPU
 * model, virtualisation, cpufreq governor and boost, SMT, THP, cgroup CPU quota, load, compiler,
 * flags, version. No timing here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "harness.h"

#ifdef WT_HAVE_VERSION_H
#include "wt_version.h"
#endif
#ifndef WT_VERSION
#define WT_VERSION "unknown"
#endif
#ifndef WT_CFLAGS
#define WT_CFLAGS ""
#endif
#ifndef WT_BUILD_TYPE
#define WT_BUILD_TYPE ""
#endif

/* First line of a file, trimmed; "" if unreadable. */
static const char *read_line(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    buf[0] = 0;
    if (!f)
        return buf;
    if (!fgets(buf, (int)len, f))
        buf[0] = 0;
    fclose(f);
    buf[strcspn(buf, "\n")] = 0;
    return buf;
}

/* Value of the first "key\t: value" line in /proc/cpuinfo. */
static const char *cpuinfo(const char *key, char *buf, size_t len)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[4096];
    buf[0] = 0;
    if (!f)
        return buf;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl) && (line[kl] == ' ' || line[kl] == '\t' || line[kl] == ':')) {
            char *v = strchr(line, ':');
            if (v) {
                v += 1 + (v[1] == ' ');
                v[strcspn(v, "\n")] = 0;
                snprintf(buf, len, "%s", v);
            }
            break;
        }
    fclose(f);
    return buf;
}

static const char *virt(char *buf, size_t len)
{
    char flags[4096], h[64];
    cpuinfo("flags", flags, sizeof flags);
    read_line("/sys/hypervisor/type", h, sizeof h);
    if (h[0])
        snprintf(buf, len, "%s", h);
    else if (strstr(flags, " hypervisor"))
        snprintf(buf, len, "hypervisor (cpuid flag)");
    else if (access("/.dockerenv", F_OK) == 0)
        snprintf(buf, len, "container");
    else
        snprintf(buf, len, "none detected");
    return buf;
}

static const char *boost(char *buf, size_t len)
{
    char v[32];
    if (read_line("/sys/devices/system/cpu/cpufreq/boost", v, sizeof v)[0])
        snprintf(buf, len, "%s", strcmp(v, "1") == 0 ? "on" : "off");
    else if (read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", v, sizeof v)[0])
        snprintf(buf, len, "%s", strcmp(v, "0") == 0 ? "on" : "off");
    else
        snprintf(buf, len, "unknown");
    return buf;
}

void wt__env_capture(wt_kv_fn add, void *arg)
{
    struct utsname u;
    char b[4096];
    uname(&u);
    snprintf(b, sizeof b, "%s %s %s", u.sysname, u.release, u.machine);
    add("kernel", b, arg);
    add("cpu_model", cpuinfo("model name", b, sizeof b)[0] ? b : "unknown", arg);
    add("virtualization", virt(b, sizeof b), arg);
    add("governor", read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", b, sizeof b)[0] ? b : "unknown", arg);
    add("boost", boost(b, sizeof b), arg);
    add("smt", read_line("/sys/devices/system/cpu/smt/active", b, sizeof b)[0] ? (b[0] == '1' ? "active" : "inactive") : "unknown", arg);
    add("thp", read_line("/sys/kernel/mm/transparent_hugepage/enabled", b, sizeof b)[0] ? b : "unknown", arg);
    add("cgroup_cpu_max", read_line("/sys/fs/cgroup/cpu.max", b, sizeof b)[0] ? b : "unknown", arg);
    double la[3] = {0};
    if (getloadavg(la, 3) == 3)
        snprintf(b, sizeof b, "%.2f %.2f %.2f", la[0], la[1], la[2]);
    else
        snprintf(b, sizeof b, "unknown");
    add("load_average", b, arg);
    snprintf(b, sizeof b, "%ld", sysconf(_SC_NPROCESSORS_ONLN));
    add("online_cpus", b, arg);
    add("compiler", "gcc-compatible " __VERSION__, arg);
    snprintf(b, sizeof b, "%s %s", WT_BUILD_TYPE, WT_CFLAGS);
    add("cflags", b, arg);
    add("version", WT_VERSION, arg);
}

int wt__env_warnings(char *buf, size_t len)
{
    char v[4096];
    int n = 0;
    size_t off = 0;
    buf[0] = 0;
#define WARN(...)                                                                                  \
    do {                                                                                           \
        if (off < len)                                                                             \
            off += (size_t)snprintf(buf + off, len - off, __VA_ARGS__);                            \
        n++;                                                                                       \
    } while (0)
    virt(v, sizeof v);
    if (strcmp(v, "none detected") != 0)
        WARN("virtualised (%s): a hypervisor steals time and hides the real topology\n", v);
    read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", v, sizeof v);
    if (v[0] && strcmp(v, "performance") != 0)
        WARN("cpufreq governor is '%s': frequency scaling moves the numbers (use 'performance')\n", v);
    double la;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (getloadavg(&la, 1) == 1 && la > 0.5 * (double)ncpu)
        WARN("load average %.2f on %ld CPUs: other work competes for the PUs\n", la, ncpu);
    read_line("/sys/fs/cgroup/cpu.max", v, sizeof v);
    if (v[0] && strncmp(v, "max", 3) != 0)
        WARN("cgroup CPU quota '%s': the process may be throttled\n", v);
#undef WARN
    return n;
}
