"""wtperf.py: shared code of the perf gate (ci/perf-gate, ci/perf-ab, ci/perf-record).

Reads Google Benchmark JSON (wtbench's results.json, which writes null where Google Benchmark
wrote NaN, or plain Google Benchmark output with bare NaN), runs wtbench in rounds and merges the
rounds into one JSON per side, and gates two sides with Google Benchmark's own U-test
(gbench.report from /usr/share/benchmark, i.e. compare.py's code; not reimplemented here).

Needs Debian's /usr/bin/python3 (scipy). Input problems raise InputError: the scripts print its
one line and exit 2. No timing here: every figure comes from wtbench.
"""
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

GBENCH_DIR = os.environ.get("WT_GBENCH_DIR", "/usr/share/benchmark")


class InputError(Exception):
    """Unusable input: one line naming the input and what was expected (exit 2)."""


def gbench_report():
    """gbench.report (compare.py's statistics), or InputError naming what is missing."""
    if GBENCH_DIR not in sys.path:
        sys.path.insert(0, GBENCH_DIR)
    try:
        import gbench.report as report  # noqa: E402  (needs scipy)
        import gbench.util  # noqa: F401,E402
    except ImportError as e:
        raise InputError("%s/gbench: cannot import (%s); expected Google Benchmark's compare.py "
                         "package and scipy (run with /usr/bin/python3)" % (GBENCH_DIR, e))
    return report


_UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
_SUFFIXES = ("/manual_time", "/real_time")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(s, limit=200):
    """s as a message or the table may echo it: one line of text that any stream can encode (control
    characters as \\n, \\t, \\r or \\xNN, lone surrogates as \\udNNN), cut at limit characters."""
    s = str(s)
    if len(s) > limit:
        s = s[:limit] + "..."
    s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return _CONTROL.sub(lambda m: named.get(m.group(0), "\\x%02x" % ord(m.group(0))), s)


def load(path):
    """Parse a Google Benchmark JSON file; bare NaN/Infinity and null are both accepted. Anything
    else, however strange (nesting beyond the parser's depth, an integer beyond its digits), is an
    InputError."""
    try:
        with open(path, "r", encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise InputError("%s: cannot read (%s); expected a Google Benchmark JSON file" % (shown(path), e.strerror))
    except (UnicodeDecodeError, ValueError):
        raise InputError("%s: not UTF-8 text; expected a Google Benchmark JSON file" % shown(path))
    try:
        doc = json.loads(text)  # Python's json reads NaN, Infinity, -Infinity as floats
    except json.JSONDecodeError as e:
        raise InputError("%s: malformed JSON at line %d column %d (%s); expected Google Benchmark JSON"
                         % (shown(path), e.lineno, e.colno, e.msg))
    except RecursionError:
        raise InputError("%s: JSON nested too deep to read; expected Google Benchmark JSON" % shown(path))
    except (ValueError, MemoryError) as e:  # e.g. an integer of more than 4300 digits
        raise InputError("%s: unreadable JSON (%s); expected Google Benchmark JSON" % (shown(path), shown(e, 120)))
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"), list):
        raise InputError("%s: no \"benchmarks\" array; expected Google Benchmark JSON" % shown(path))
    return doc


def _finite(v):
    try:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    except OverflowError:  # an int too large for a float
        return False


def _time(v, what, path, name):
    """A time field: a positive float, or None for null, NaN or infinity (no figure: the result is
    broken). Anything else (zero, negative, a string, an integer too large for a float) is unusable
    input."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return None
    bad = isinstance(v, bool) or not isinstance(v, (int, float))
    if not bad:
        try:
            v = float(v)
        except OverflowError:
            bad = True
    if bad or not math.isfinite(v) or v <= 0:
        raise InputError("%s: %s: %s %s; expected a positive time (null or NaN when there is none)"
                         % (shown(path), shown(name), what, shown(json.dumps(v) if not bad else repr(v), 60)))
    return v


def clean_name(name):
    for s in _SUFFIXES:
        if name.endswith(s):
            return name[: -len(s)]
    return name


def samples(doc, path, broken=None):
    """{name: [{'real': ns, 'cpu': ns, 'round': k}, ...]} of the per-repetition (iteration) entries
    that ran without error and have finite times, in file order. 'round' is wt_round when ci/perf-*
    merged the file from several runs, else None (one run). A name with an entry that errored
    (error_occurred) or has no finite time (null, NaN) goes into broken, {name: why}, when given.
    Zero, negative or non-numeric times and unknown units are InputError."""
    out = {}
    for i, b in enumerate(doc["benchmarks"]):
        if not isinstance(b, dict) or not isinstance(b.get("name"), str):
            raise InputError("%s: benchmarks[%d] has no name; expected Google Benchmark JSON" % (shown(path), i))
        if b.get("run_type", "iteration") != "iteration":
            continue
        name = clean_name(b["name"])
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError("%s: benchmarks[%d]: name %s is not valid Unicode (a lone surrogate); expected "
                             "Google Benchmark JSON" % (shown(path), i, shown(name, 80)))
        if b.get("error_occurred"):
            if broken is not None:
                broken.setdefault(name, "errored (%s)" % shown(b.get("error_message") or "no message", 80))
            continue
        unit = b.get("time_unit", "ns")
        if not isinstance(unit, str) or unit not in _UNIT_NS:
            raise InputError("%s: %s: time_unit %s; expected one of ns, us, ms, s"
                             % (shown(path), shown(name), shown(json.dumps(unit), 40)))
        real = _time(b.get("real_time"), "real_time", path, name)
        cpu = _time(b.get("cpu_time"), "cpu_time", path, name)
        if real is None or cpu is None:
            if broken is not None:  # null (wtbench) or NaN (Google Benchmark): no figure to compare
                broken.setdefault(name, "no finite time (null, NaN or infinity)")
            continue
        lst = out.setdefault(name, [])
        rnd = b.get("wt_round")
        lst.append({"real": real * _UNIT_NS[unit], "cpu": cpu * _UNIT_NS[unit],
                    "round": rnd if isinstance(rnd, int) and not isinstance(rnd, bool) else None})
    return out


def normalise(s, ref, path):
    """Divide every sample by the median of the reference's samples of the same round (all of
    them in a one-run file, or when the reference has none in that round). The reference itself
    is dropped."""
    if ref not in s:
        raise InputError("%s: --normalise '%s': no such benchmark with finite times; expected one of "
                         "the file's names, e.g. calib.work/units:2048" % (shown(path), shown(ref)))
    by_round = {}
    for x in s[ref]:
        by_round.setdefault(x["round"], []).append(x)
    whole = {k: statistics.median(x[k] for x in s[ref]) for k in ("real", "cpu")}
    out = {}
    for name, lst in s.items():
        if name == ref:
            continue
        out[name] = []
        for x in lst:
            r = by_round.get(x["round"]) if x["round"] is not None else None
            m = {k: statistics.median(y[k] for y in r) for k in ("real", "cpu")} if r else whole
            out[name].append({"real": x["real"] / m["real"], "cpu": x["cpu"] / m["cpu"] if m["cpu"] else 0.0,
                              "round": x["round"]})
    return out


def aa_spread(lst):
    """A/A spread of one side, estimated inside the same run: the relative difference between the
    medians of its even and odd rounds (two interleaved halves, so drift hits both alike, just as
    it hits A and B). In a one-run file (no rounds) the halves are its even and odd repetitions.
    None with fewer than 4 rounds."""
    if any(x["round"] is None for x in lst):
        key = list(range(len(lst)))
    else:
        key = [x["round"] for x in lst]
    rounds = sorted(set(key))
    if len(rounds) < 4:
        return None
    even = set(rounds[0::2])
    h0 = [x["real"] for x, k in zip(lst, key) if k in even]
    h1 = [x["real"] for x, k in zip(lst, key) if k not in even]
    m0, m1 = statistics.median(h0), statistics.median(h1)
    return abs(m1 / m0 - 1.0) if m0 > 0 else math.inf


def as_gbench(s):
    """Our samples back as a minimal Google Benchmark document for gbench.report."""
    bs = []
    for name, lst in s.items():
        for i, x in enumerate(lst):
            bs.append({"name": name, "run_name": name, "run_type": "iteration", "repetition_index": i,
                       "real_time": x["real"], "cpu_time": x["cpu"], "time_unit": "ns"})
    return {"benchmarks": bs}


# ---- running wtbench in rounds --------------------------------------------------------------------

def run_round(exe, env_extra, outdir, args, log):
    """One `wtbench run`; returns its parsed results.json. InputError when it writes none."""
    env = dict(os.environ)
    env.update(env_extra)
    cmd = [exe, "run", "--out", outdir, "--no-report"] + args
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log.write(p.stdout)
    res = os.path.join(outdir, "results.json")
    if p.returncode not in (0, 1) or not os.path.exists(res):
        tail = " | ".join(p.stdout.strip().splitlines()[-3:])
        raise InputError("%s: 'wtbench run' exited %d without results (%s); expected a working build"
                         % (exe, p.returncode, tail))
    if p.returncode == 1:
        sys.stderr.write("warning: %s: some cases failed in this round (see the log); they are not gated\n" % exe)
    return load(res)


def merge_into(merged, doc, rnd):
    """Append doc's iteration entries to merged, tagged with wt_round = rnd."""
    if merged.get("context") is None:
        merged["context"] = doc.get("context", {})
    for b in doc["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration":
            continue  # per-round aggregates mean nothing once rounds are merged
        b = dict(b)
        b["name"] = clean_name(b["name"])
        if isinstance(b.get("run_name"), str):
            b["run_name"] = clean_name(b["run_name"])
        b["wt_round"] = rnd
        merged["benchmarks"].append(b)


def write_json(doc, path):
    """Write to a temporary name and rename: no half-written file."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".perf.", suffix=".tmp", dir=d)
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(doc, f, indent=1)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


PROBE = "calib.work/units:2048"


def disturbance(doc, probe=PROBE):
    """How much of the probe's wall time its thread did not run: max over its repetitions of
    real_time / cpu_time - 1. The probe is single-threaded and CPU-bound, so on a quiet machine
    the ratio is 1.00; a hypervisor or a neighbour taking the CPU (this machine: 2x and more in
    bursts lasting seconds) shows as real > cpu. The ratio does not move when a change makes the
    probe slower (real and cpu move together). None when the run has no probe."""
    r = []
    for b in doc["benchmarks"]:
        if clean_name(b.get("name", "")) != probe or b.get("run_type", "iteration") != "iteration":
            continue
        if _finite(b.get("real_time")) and _finite(b.get("cpu_time")) and b["cpu_time"] > 0:
            r.append(b["real_time"] / b["cpu_time"] - 1.0)
    return max(r) if r else None


def run_interleaved(sides, rounds, args, workdir, log, tolerance=0.05, max_retakes=None):
    """sides: [(label, exe, env)], one or two. Round k runs every side once; with two sides the
    order alternates A B, B A, A B, ... (ABBA), so drift and order effects hit both alike. A round
    in which the probe saw the CPU taken away (disturbance above tolerance on any side) is retaken
    after a pause that grows with each consecutive retake (0.25 s steps, at most 2 s: waiting for
    a quiet moment, not work), at most max_retakes times in all (default: 5 * rounds); after that
    rounds are kept as they come and the A/A noise budget judges. Returns ({label: merged
    document}, retakes)."""
    merged = {lab: {"context": None, "benchmarks": []} for lab, _, _ in sides}
    if max_retakes is None:
        max_retakes = 5 * rounds
    k = retakes = attempt = streak = 0
    no_probe = False
    while k < rounds:
        order = sides if k % 2 == 0 else list(reversed(sides))
        docs, worst = {}, 0.0
        for lab, exe, env in order:
            d = os.path.join(workdir, "%s-%d-%d" % (lab, k, attempt))
            if sys.stderr.isatty():
                sys.stderr.write("\rround %d/%d: %-5s (%d retaken)" % (k + 1, rounds, lab, retakes))
                sys.stderr.flush()
            docs[lab] = run_round(exe, env, d, args, log)
            dist = disturbance(docs[lab])
            no_probe |= dist is None
            worst = max(worst, dist or 0.0)
        attempt += 1
        log.write("perf: round %d attempt %d: probe disturbance %.1f %%\n" % (k, attempt, worst * 100))
        if worst > tolerance and retakes < max_retakes:
            retakes += 1
            streak += 1
            time.sleep(min(2.0, 0.25 * streak))
            continue
        streak = 0
        for lab, _, _ in sides:
            merge_into(merged[lab], docs[lab], k)
        k += 1
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if no_probe:
        sys.stderr.write("warning: some runs have no %s probe: their disturbance is unknown\n" % PROBE)
    for lab, _, env in sides:
        ctx = merged[lab]["context"] = dict(merged[lab]["context"] or {})
        ctx["wt_perf_rounds"] = str(rounds)
        ctx["wt_perf_retaken_rounds"] = str(retakes)
        ctx["wt_perf_args"] = " ".join(args)
        if env:
            ctx["wt_perf_env"] = " ".join("%s=%s" % kv for kv in sorted(env.items()))
    return merged, retakes


def round_args(filter_re, reps, min_time, extra, probe=True):
    """wtbench run arguments of one round; the probe is added to a filter that leaves it out
    (the gate then compares only the filter's own names)."""
    a = ["--repetitions", str(reps)]
    if filter_re:
        if probe:
            filter_re = "(%s)|^%s$" % (filter_re, re.escape(PROBE).replace("\\:", ":"))
        a += ["--filter", filter_re]
    if min_time:
        a += ["--min-time", str(min_time)]
    return a + list(extra)


# ---- the gate ---------------------------------------------------------------------------------------

def fmt_value(v, normalised):
    if normalised:
        return "%.4f x" % v
    for lim, div, unit in ((1e3, 1, "ns"), (1e6, 1e3, "us"), (1e9, 1e6, "ms")):
        if v < lim:
            return "%.4g %s" % (v / div, unit)
    return "%.4g s" % (v / 1e9)


def gate(base_path, new_path, alpha=0.05, threshold=10.0, filter_re=None, noise_budget=None,
         ref=None, out=sys.stdout, verbose=False):
    """Compare NEW against BASE; print the table; return 0 (pass) or 1 (a regression, or a benchmark
    of BASE that errored, has no finite time or is missing in NEW). threshold and noise_budget are
    percentages (noise_budget None: equal to threshold). Two files with no name in common, or
    unusable input, are InputError."""
    report = gbench_report()
    min_reps = report.UTEST_OPTIMAL_REPETITIONS  # 9: compare.py's lowest reasonable number
    if noise_budget is None:
        noise_budget = threshold
    try:
        rx = re.compile(filter_re) if filter_re else None
    except re.error as e:
        raise InputError("--filter '%s': %s; expected a Python regular expression" % (shown(filter_re), e))
    sides, broken = [], []
    for path in (base_path, new_path):
        b = {}
        s = samples(load(path), path, b)
        if ref:
            s = normalise(s, ref, path)
        sides.append({n: v for n, v in s.items() if not rx or rx.search(n)})
        broken.append({n: v for n, v in b.items() if (not rx or rx.search(n)) and n != ref})
    base, new = sides
    base_broken, new_broken = broken
    # BASE's benchmarks that NEW broke: errored or without a finite time, or missing altogether
    failed = {n: new_broken[n] + " in NEW" for n in base if n in new_broken}
    gone = [n for n in base if n not in new and n not in new_broken]
    common = [n for n in base if n in new and n not in failed]
    if not common and len(gone) == len(base):
        raise InputError("%s, %s: no benchmark name in common%s; expected two runs of the same cases"
                         % (shown(base_path), shown(new_path),
                            " matching --filter '%s'" % shown(filter_re) if filter_re else ""))
    for n in gone:
        failed[n] = "missing in NEW"
    for n in common:
        if len(base[n]) < min_reps or len(new[n]) < min_reps:
            raise InputError("%s: %d and %d repetitions in %s and %s; expected at least %d on each side "
                             "(wtbench run --repetitions %d, or ci/perf-ab --rounds)"
                             % (shown(n), len(base[n]), len(new[n]), shown(base_path), shown(new_path), min_reps,
                                min_reps))
    diff = report.get_difference_report(as_gbench({n: base[n] for n in common}),
                                        as_gbench({n: new[n] for n in common}), utest=True) if common else []
    pvals = {d["name"]: d["utest"].get("time_pvalue") for d in diff if d.get("utest")}
    if verbose:
        out.write("Google Benchmark's compare.py view (real time%s):\n" % (", normalised" if ref else ""))
        for line in report.print_difference_report(diff, utest=True, utest_alpha=alpha, use_color=False):
            out.write(line + "\n")
        out.write("\n")

    w = max([len("benchmark")] + [len(shown(n)) for n in common + list(failed)])
    out.write("%-*s %7s %13s %13s %8s %9s %6s  %s\n" % (w, "benchmark", "reps", "base median", "new median",
                                                    "change", "p-value", "A/A", "verdict"))
    count = {"REGRESSION": 0, "improved": 0, "ok": 0, "too noisy to gate": 0}
    rows = []
    for n in common:
        mb = statistics.median(x["real"] for x in base[n])
        mn = statistics.median(x["real"] for x in new[n])
        change = (mn / mb - 1.0) * 100 if mb > 0 else math.inf
        p = pvals.get(n)
        aa = aa_spread(base[n])
        significant = p is not None and p < alpha
        if aa is not None and aa * 100 > noise_budget:
            verdict = "too noisy to gate"
        elif significant and change > threshold:
            verdict = "REGRESSION"
        elif significant and change < -threshold:
            verdict = "improved"
        else:
            verdict = "ok"
        count[verdict] += 1
        rows.append((n, p, change, aa, verdict))
        out.write("%-*s %7s %13s %13s %+7.1f%% %9s %6s  %s\n" % (
            w, shown(n), "%d/%d" % (len(base[n]), len(new[n])), fmt_value(mb, ref), fmt_value(mn, ref), change,
            "%.2g" % p if p is not None else "-", "%.1f%%" % (aa * 100) if aa is not None else "-", verdict))
    for n, why in failed.items():
        rows.append((n, None, math.nan, None, "FAILED: " + why))
        out.write("%-*s %7s %13s %13s %8s %9s %6s  FAILED: %s\n" % (
            w, shown(n), "%d/-" % len(base[n]), fmt_value(statistics.median(x["real"] for x in base[n]), ref), "-",
            "-", "-", "-", why))
    only = [n for n in new if n not in base] + [n for n in base_broken if n not in base]
    if only:
        out.write("not compared (new in NEW, or errored or without times in BASE): %s\n"
                  % ", ".join(shown(n) for n in only))
    out.write("perf-gate: %d compared: %d regressions, %d improved, %d ok, %d too noisy to gate, %d failed or "
              "missing in NEW (p < %g and change beyond %g %%; A/A noise budget %g %%%s)\n" % (
                  len(common), count["REGRESSION"], count["improved"], count["ok"], count["too noisy to gate"],
                  len(failed), alpha, threshold, noise_budget, "; normalised by %s" % shown(ref) if ref else ""))
    return (1 if count["REGRESSION"] or failed else 0), rows
