/* test_shim: the C shim rejects misuse that Google Benchmark's debug build would abort on, and a
 * real run reports manual time, counters and errors through the callback and the JSON file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "shim.h"

static void fixed(wt_gb_state *st, void *arg)
{
    (void)arg;
    uint64_t n = wt_gb_max_iterations(st);
    while (wt_gb_keep_running_batch(st, n)) {
        CHECK(wt_gb_set_iteration_time(st, -1) == -EINVAL, "negative time rejected");
        wt_gb_set_iteration_time(st, (double)n * 250e-9); /* exactly 250 ns per iteration */
    }
    CHECK(wt_gb_counter(st, "", 1) == -EINVAL, "empty counter name rejected");
    wt_gb_counter(st, "answer", 42);
}

/* The harness's shape: one pass, real figures through wt_gb_set_result. */
static void oneshot(wt_gb_state *st, void *arg)
{
    (void)arg;
    while (wt_gb_keep_running_batch(st, 1)) {
        CHECK(wt_gb_set_result(st, 0, 1, 1) == -EINVAL, "zero operations rejected");
        CHECK(wt_gb_set_result(st, 8, 1.0 / 0.0, 0) == -EINVAL, "infinite time rejected");
        CHECK(wt_gb_set_result(st, 4000, 2e-3, 1e-3) == 0, "set result");
    }
}

static void failing(wt_gb_state *st, void *arg)
{
    (void)arg;
    wt_gb_error(st, "FAIL: on purpose");
    while (wt_gb_keep_running_batch(st, 1))
        ;
}

static int seen_fixed, seen_fail, seen_one;
static void cb(const wt_gb_result *r, void *arg)
{
    (void)arg;
    if (!strcmp(r->name, "t.fixed") && !*r->aggregate) {
        seen_fixed++;
        CHECK(r->time_ns > 249.9 && r->time_ns < 250.1, "manual time 250 ns, got %g", r->time_ns);
        int ok = 0;
        for (int i = 0; i < r->ncounters; i++)
            ok |= !strcmp(r->counter_names[i], "answer") && r->counter_values[i] == 42;
        CHECK(ok, "counter passed through");
    }
    if (!strcmp(r->name, "t.oneshot") && !*r->aggregate) {
        seen_one++;
        CHECK(r->iterations == 4000, "iterations are the operations, got %llu", (unsigned long long)r->iterations);
        CHECK(r->time_ns > 499.9 && r->time_ns < 500.1, "2 ms over 4000 operations is 500 ns, got %g", r->time_ns);
        for (int i = 0; i < r->ncounters; i++)
            CHECK(strncmp(r->counter_names[i], "__wt", 4), "internal counter %s left in", r->counter_names[i]);
    }
    if (!strcmp(r->name, "t.fail")) {
        seen_fail++;
        CHECK(r->error && !strcmp(r->error_msg, "FAIL: on purpose"), "error reported");
    }
}

int main(void)
{
    wt_gb_opts ok = {.manual_time = 1}, bad = ok;
    CHECK(wt_gb_register("", fixed, NULL, &ok) == -EINVAL, "empty name");
    CHECK(wt_gb_register("x", NULL, NULL, &ok) == -EINVAL, "no function");
    bad.iterations = 5;
    bad.min_time = 0.1;
    CHECK(wt_gb_register("x", fixed, NULL, &bad) == -EINVAL, "iterations with min_time");
    bad = ok;
    bad.repetitions = -1;
    CHECK(wt_gb_register("x", fixed, NULL, &bad) == -EINVAL, "negative repetitions");
    bad = ok;
    bad.min_time = -1;
    CHECK(wt_gb_register("x", fixed, NULL, &bad) == -EINVAL, "negative min_time");
    CHECK(wt_gb_register("t.fixed", fixed, NULL, &ok) == 0, "register");
    CHECK(wt_gb_register("t.fixed", fixed, NULL, &ok) == -EINVAL, "duplicate name");
    CHECK(wt_gb_register("t.fail", failing, NULL, &ok) == 0, "register");
    wt_gb_opts one = {.manual_time = 1, .iterations = 1};
    CHECK(wt_gb_register("t.oneshot", oneshot, NULL, &one) == 0, "register one-pass");
    CHECK(wt_gb_count() == 3, "count");
    CHECK(wt_gb_context("date", "x") == -EINVAL, "reserved context key");
    CHECK(wt_gb_context("wt_k", "v") == 0 && wt_gb_context("wt_k", "w") == -EINVAL, "duplicate context key");
    CHECK(wt_gb_run(cb, NULL) == -EINVAL, "run before init");

    char json[] = "/tmp/wt_test_shim_XXXXXX";
    int fd = mkstemp(json);
    close(fd);
    char *own[] = {"test_shim", "--benchmark_repetitions=3", NULL};
    char badarg[64] = "";
    CHECK(wt_gb_init(2, own, json, badarg, sizeof badarg) == -EINVAL && !strcmp(badarg, own[1]),
          "a flag the harness owns is refused and named");
    char *av[] = {"test_shim", "--benchmark_counters_tabular=true", NULL};
    CHECK(wt_gb_init(2, av, json, badarg, sizeof badarg) == 0, "init (%s)", badarg);
    CHECK(wt_gb_init(2, av, json, badarg, sizeof badarg) == -EINVAL, "init twice");
    CHECK(wt_gb_run(cb, NULL) == 3, "ran three");
    CHECK(seen_fixed >= 1 && seen_fail >= 1 && seen_one == 1, "callback saw all (%d, %d, %d)", seen_fixed, seen_fail,
          seen_one);
    CHECK(wt_gb_run(cb, NULL) == -EINVAL, "one run per process");
    CHECK(wt_gb_register("late", fixed, NULL, &ok) == -EINVAL, "no registration after the run");
    FILE *f = fopen(json, "r");
    char buf[8192] = "";
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    buf[n] = 0;
    if (f)
        fclose(f);
    CHECK(strstr(buf, "\"benchmarks\"") && strstr(buf, "\"wt_k\": \"v\"") && strstr(buf, "t.fixed"),
          "JSON has benchmarks and context");
    CHECK(strstr(buf, "\"name\": \"t.oneshot\"") && strstr(buf, "\"iterations\": 4000"),
          "JSON: one-pass result under its plain name with its operations");
    CHECK(!strstr(buf, "__wt") && !strstr(buf, "iterations:1"), "JSON: no internal counter or name suffix");
    unlink(json);
    return check_result("test_shim");
}
