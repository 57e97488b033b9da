// shim.cc: the only C++ file. Wraps Google Benchmark 1.7.1 for C callers (see shim.h).
#include "shim.h"

#include <benchmark/benchmark.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace {

std::set<std::string> g_names, g_context;
bool g_inited = false, g_ran = false;

// Statistics across repetitions, besides Google Benchmark's mean, median, stddev and cv.
double stat_min(const std::vector<double> &v)
{
    double m = v.empty() ? 0 : v[0];
    for (double x : v) m = x < m ? x : m;
    return m;
}
double stat_max(const std::vector<double> &v)
{
    double m = v.empty() ? 0 : v[0];
    for (double x : v) m = x > m ? x : m;
    return m;
}
double stat_p99(const std::vector<double> &v)
{
    if (v.empty()) return 0;
    std::vector<double> s(v);
    std::sort(s.begin(), s.end());
    size_t rank = (size_t)std::ceil(0.99 * (double)s.size());
    return s[rank ? rank - 1 : 0];
}

benchmark::State *S(wt_gb_state *st) { return reinterpret_cast<benchmark::State *>(st); }

// The harness runs each benchmark as one Google Benchmark iteration and does its own warm-up and
// sampling inside it; wt_gb_set_result leaves the real figures in these counters, and every
// reporter gets the run with them in place: iterations = timed operations, times = timed region.
const char *const kOps = "__wt_ops", *const kCpu = "__wt_cpu_s";

benchmark::BenchmarkReporter::Run fixed(const benchmark::BenchmarkReporter::Run &r)
{
    benchmark::BenchmarkReporter::Run f = r;
    f.run_name.iterations.clear(); // "iterations:1" is the harness's, not a parameter
    f.run_name.time_type.clear();  // "manual_time"
    auto o = f.counters.find(kOps);
    if (o != f.counters.end()) {
        f.iterations = (benchmark::IterationCount)o->second.value;
        f.counters.erase(o);
    }
    auto c = f.counters.find(kCpu);
    if (c != f.counters.end()) {
        f.cpu_accumulated_time = c->second.value;
        f.counters.erase(c);
    }
    return f;
}

std::vector<benchmark::BenchmarkReporter::Run> fixed_all(const std::vector<benchmark::BenchmarkReporter::Run> &v)
{
    std::vector<benchmark::BenchmarkReporter::Run> out;
    for (const auto &r : v) out.push_back(fixed(r));
    return out;
}

class FileReporter : public benchmark::JSONReporter {
  public:
    void ReportRuns(const std::vector<Run> &runs) override { JSONReporter::ReportRuns(fixed_all(runs)); }
};

// Forwards every run to the C callback; prints nothing itself (the harness prints its own table).
class CbReporter : public benchmark::BenchmarkReporter {
  public:
    CbReporter(wt_gb_report_fn cb, void *arg) : cb_(cb), arg_(arg) {}
    bool ReportContext(const Context &) override { return true; }
    void ReportRuns(const std::vector<Run> &runs) override
    {
        for (const Run &r : fixed_all(runs)) {
            std::vector<const char *> names;
            std::vector<double> vals;
            for (const auto &c : r.counters) {
                names.push_back(c.first.c_str());
                vals.push_back(c.second.value);
            }
            std::string base = r.run_name.str();
            wt_gb_result res;
            res.name = base.c_str();
            res.aggregate = r.aggregate_name.c_str();
            res.error = r.error_occurred;
            res.error_msg = r.error_message.c_str();
            if (r.run_type == Run::RT_Aggregate && r.aggregate_unit == benchmark::kPercentage)
                res.time_ns = r.real_accumulated_time; // a fraction (cv), not a time
            else // GetAdjustedRealTime is in r.time_unit
                res.time_ns = r.GetAdjustedRealTime() * 1e9 / benchmark::GetTimeUnitMultiplier(r.time_unit);
            res.iterations = (uint64_t)r.iterations;
            res.ncounters = (int)names.size();
            res.counter_names = names.data();
            res.counter_values = vals.data();
            if (cb_) cb_(&res, arg_);
        }
    }

  private:
    wt_gb_report_fn cb_;
    void *arg_;
};

} // namespace

extern "C" int wt_gb_init(int argc, char **argv, const char *json_path, char *bad, size_t badlen)
{
    if (g_inited || argc < 1 || !argv || !json_path || !*json_path) return -EINVAL;
    try {
        std::vector<std::string> own = {std::string("--benchmark_out=") + json_path,
                                        "--benchmark_out_format=json"};
        std::vector<char *> av;
        av.push_back(argv[0]);
        for (int i = 1; i < argc; i++) {
            static const char *const owned[] = {"--benchmark_out", "--benchmark_repetitions",
                "--benchmark_min_time", "--benchmark_min_warmup_time", "--benchmark_enable_random_interleaving",
                "--benchmark_filter"};
            bool own_flag = false;
            for (const char *f : owned) own_flag |= !strncmp(argv[i], f, strlen(f));
            if (own_flag) {
                if (bad && badlen) snprintf(bad, badlen, "%s", argv[i]);
                return -EINVAL; // the harness owns the output, repetitions, timing and selection
            }
            av.push_back(argv[i]);
        }
        for (auto &s : own) av.push_back(&s[0]);
        int ac = (int)av.size();
        av.push_back(nullptr);
        benchmark::Initialize(&ac, av.data());
        g_inited = true;
        if (ac > 1) {
            if (bad && badlen) snprintf(bad, badlen, "%s", av[1]);
            return -EINVAL;
        }
        return 0;
    } catch (...) {
        return -EINVAL;
    }
}

extern "C" int wt_gb_register(const char *name, wt_gb_fn fn, void *arg, const wt_gb_opts *o)
{
    if (!name || !*name || !fn || !o || g_ran) return -EINVAL;
    if (o->repetitions < 0 || o->min_warmup < 0 || !(o->min_time >= 0)) return -EINVAL;
    if (o->iterations > 0 && o->min_time > 0) return -EINVAL; // 1.7.1 CHECKs this
    try {
        if (!g_names.insert(name).second) return -EINVAL;
        auto *b = benchmark::RegisterBenchmark(name, [fn, arg](benchmark::State &st) {
            try {
                fn(reinterpret_cast<wt_gb_state *>(&st), arg);
            } catch (...) {
                st.SkipWithError("ERROR: C++ exception in the benchmark function");
            }
        });
        // Iterations, MinTime and Repetitions set here would be appended to the result name
        // ("/min_time:0.010/repeats:3"); 0 leaves them to the --benchmark_* flags.
        if (o->iterations > 0) b->Iterations((benchmark::IterationCount)o->iterations);
        if (o->min_time > 0) b->MinTime(o->min_time);
        if (o->min_warmup > 0) b->MinWarmUpTime(o->min_warmup);
        if (o->repetitions > 0) b->Repetitions(o->repetitions);
        if (o->manual_time) b->UseManualTime();
        b->Unit(benchmark::kNanosecond);
        {
            b->ComputeStatistics("min", stat_min);
            b->ComputeStatistics("max", stat_max);
            b->ComputeStatistics("p99", stat_p99);
        }
        return 0;
    } catch (const std::bad_alloc &) {
        return -ENOMEM;
    } catch (...) {
        return -EINVAL;
    }
}

extern "C" int wt_gb_context(const char *key, const char *value)
{
    static const char *reserved[] = {"date", "host_name", "executable", "num_cpus", "mhz_per_cpu",
                                     "cpu_scaling_enabled", "caches", "load_avg", "library_build_type"};
    if (!key || !*key || !value || g_ran) return -EINVAL;
    for (const char *r : reserved)
        if (!strcmp(key, r)) return -EINVAL;
    try {
        if (!g_context.insert(key).second) return -EINVAL;
        benchmark::AddCustomContext(key, value);
        return 0;
    } catch (...) {
        return -ENOMEM;
    }
}

extern "C" uint64_t wt_gb_max_iterations(wt_gb_state *st) { return (uint64_t)S(st)->max_iterations; }

extern "C" int wt_gb_keep_running_batch(wt_gb_state *st, uint64_t n)
{
    if (n == 0) n = 1;
    return S(st)->KeepRunningBatch((benchmark::IterationCount)n) ? 1 : 0;
}

extern "C" int wt_gb_set_iteration_time(wt_gb_state *st, double seconds)
{
    if (!(seconds >= 0) || std::isinf(seconds)) return -EINVAL;
    S(st)->SetIterationTime(seconds);
    return 0;
}

extern "C" int wt_gb_counter(wt_gb_state *st, const char *name, double value)
{
    if (!name || !*name || std::isnan(value)) return -EINVAL;
    try {
        S(st)->counters[name] = benchmark::Counter(value);
        return 0;
    } catch (...) {
        return -ENOMEM;
    }
}

extern "C" int wt_gb_set_result(wt_gb_state *st, uint64_t ops, double real_s, double cpu_s)
{
    if (!ops || !(real_s >= 0) || std::isinf(real_s) || !(cpu_s >= 0) || std::isinf(cpu_s)) return -EINVAL;
    try {
        S(st)->SetIterationTime(real_s);
        S(st)->counters[kOps] = benchmark::Counter((double)ops);
        S(st)->counters[kCpu] = benchmark::Counter(cpu_s);
        return 0;
    } catch (...) {
        return -ENOMEM;
    }
}

extern "C" void wt_gb_error(wt_gb_state *st, const char *msg)
{
    if (!S(st)->error_occurred()) S(st)->SkipWithError(msg && *msg ? msg : "error");
}

extern "C" int wt_gb_errored(wt_gb_state *st) { return S(st)->error_occurred() ? 1 : 0; }

extern "C" int wt_gb_count(void) { return (int)g_names.size(); }

extern "C" int wt_gb_run(wt_gb_report_fn cb, void *arg)
{
    if (!g_inited || g_ran) return -EINVAL;
    g_ran = true;
    try {
        CbReporter display(cb, arg);
        FileReporter file;
        return (int)benchmark::RunSpecifiedBenchmarks(&display, &file);
    } catch (const std::bad_alloc &) {
        return -ENOMEM;
    } catch (...) {
        return -EIO;
    }
}
