"""perf_gate_input.py: ci/perf-gate's decisions and exit codes on small synthetic Google Benchmark
files (label perf). Usage: /usr/bin/python3 perf_gate_input.py PATH/TO/ci/perf-gate WORKDIR

Checks: equal sides pass (0); a clear +30 % fails (1); a +5 % shift passes (below the threshold);
a +30 % shift whose BASE has a large A/A spread is "too noisy to gate" (0); NaN (plain Google
Benchmark) and null (wtbench) in aggregates are accepted; --normalise removes a uniform 2x drift;
too few repetitions, no common names, malformed JSON, a missing file and bad options exit 2 with
one line. A benchmark of BASE that errored, has null/NaN times or is missing in NEW fails (1, named);
zero or negative times, a 400-digit time, a lone surrogate in a name, JSON nested 100,000 deep,
--normalise to a reference of time 0 exit 2 with one line and never a traceback. Exits 1 if any
check failed."""
import json
import os
import random
import subprocess
import sys

gate, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
rng = random.Random(7)


def doc(series, nan_aggregates=False, rounds=False):
    """series: {name: [times in ns]} -> a Google Benchmark document (as text)."""
    bs = []
    for name, ts in series.items():
        for i, t in enumerate(ts):
            b = {"name": name + "/manual_time", "run_name": name + "/manual_time", "run_type": "iteration",
                 "repetitions": len(ts), "repetition_index": i, "iterations": 1000, "real_time": t,
                 "cpu_time": t, "time_unit": "ns"}
            if rounds:
                b["wt_round"] = i
            bs.append(b)
        bs.append({"name": name + "_cv", "run_name": name, "run_type": "aggregate", "aggregate_name": "cv",
                   "real_time": "NAN_HERE" if nan_aggregates else None, "cpu_time": None, "time_unit": "ns"})
    return json.dumps({"context": {"library_build_type": "release"}, "benchmarks": bs}).replace('"NAN_HERE"', "NaN")


def noisy(mean, n, cv=0.01):
    return [mean * (1 + rng.gauss(0, cv)) for _ in range(n)]


def write(name, text):
    p = os.path.join(work, name)
    with open(p, "w") as f:
        f.write(text)
    return p


failures = 0


def expect(what, rc_want, args, must=None):
    global failures
    p = subprocess.run([gate] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = p.stdout + p.stderr
    ok = p.returncode == rc_want and (must is None or must in out) and "Traceback" not in out
    if rc_want == 2:
        ok = ok and len(p.stderr.strip().splitlines()) == 1 and p.stdout == ""
    print("%-4s %-58s exit %d (want %d)" % ("ok" if ok else "FAIL", what, p.returncode, rc_want))
    if not ok:
        print(out)
        failures += 1


base = write("base.json", doc({"a": noisy(1000, 12), "b": noisy(50, 12)}, nan_aggregates=True))
same = write("same.json", doc({"a": noisy(1000, 12), "b": noisy(50, 12)}))
slow = write("slow.json", doc({"a": noisy(1300, 12), "b": noisy(50, 12)}))
bit = write("bit.json", doc({"a": noisy(1050, 12), "b": noisy(50, 12)}))
# BASE's even rounds at 1000, odd ones at 1400: A/A spread 40 %.
wobbly = write("wobbly.json", doc({"a": [1000 if i % 2 == 0 else 1400 for i in range(12)], "b": noisy(50, 12)},
                                  rounds=True))
slow2 = write("slow2.json", doc({"a": noisy(1600, 12), "b": noisy(50, 12)}, rounds=True))
few = write("few.json", doc({"a": noisy(1000, 8), "b": noisy(50, 8)}))
other = write("other.json", doc({"c": noisy(1000, 12)}))
broken = write("broken.json", '{"benchmarks": [ {"name": "a", ')
notgb = write("notgb.json", '[1, 2, 3]')
# Another day: everything, reference included, runs 2x slower; "a" is also 30 % slower after that.
ref_base = write("ref_base.json", doc({"calib": noisy(3000, 12), "a": noisy(1000, 12)}, rounds=True))
ref_same = write("ref_same.json", doc({"calib": noisy(6000, 12), "a": noisy(2000, 12)}, rounds=True))
ref_slow = write("ref_slow.json", doc({"calib": noisy(6000, 12), "a": noisy(2600, 12)}, rounds=True))

expect("equal sides pass (NaN and null aggregates read)", 0, [base, same], "0 regressions")
expect("+30 % is a regression", 1, [base, slow], "1 regressions")
expect("+30 % passes with --threshold 40", 0, [base, slow, "--threshold", "40"])
expect("+30 % passes when --filter leaves it out", 0, [base, slow, "--filter", "^b$"])
expect("+5 % is below the 10 % threshold", 0, [base, bit])
expect("+5 % fails with --threshold 2", 1, [base, bit, "--threshold", "2"])
expect("a case with 40 % A/A spread is too noisy to gate", 0, [wobbly, slow2], "too noisy to gate")
expect("uniform 2x drift: a regression without --normalise", 1, [ref_base, ref_same])
expect("uniform 2x drift cancels with --normalise", 0, [ref_base, ref_same, "--normalise", "calib"], "0 regressions")
expect("+30 % after the drift is caught with --normalise", 1, [ref_base, ref_slow, "--normalise", "calib"])
expect("8 repetitions: too few", 2, [base, few], "at least 9")
expect("no common benchmark", 2, [base, other], "no benchmark name in common")
expect("--filter matching nothing", 2, [base, same, "--filter", "zzz"])
expect("malformed JSON", 2, [base, broken], "malformed JSON")
expect("JSON that is not Google Benchmark's", 2, [notgb, base], "benchmarks")
expect("missing file", 2, [base, os.path.join(work, "nope.json")], "cannot read")
expect("--normalise with an unknown name", 2, [ref_base, ref_same, "--normalise", "zzz"])
expect("--alpha out of range", 2, [base, same, "--alpha", "2"])
expect("bad --filter regex", 2, [base, same, "--filter", "("])


def raw(entries, nan=False):
    """entries: [(name, real_time or a token, extra dict)] -> document text; "NAN" writes a bare NaN."""
    bs = []
    for name, t, extra in entries:
        b = {"name": name, "run_type": "iteration", "iterations": 10, "real_time": t, "cpu_time": t,
             "time_unit": "ns"}
        b.update(extra)
        bs.append(b)
    return json.dumps({"benchmarks": bs}).replace('"NAN"', "NaN").replace('"BIG"', "1" + "0" * 400)


def reps(name, ts, **extra):
    return [(name, t, extra) for t in ts]


ok_a, ok_b = noisy(1000, 12), noisy(50, 12)
b2 = write("b2.json", raw(reps("a", ok_a) + reps("b", ok_b)))
errored = write("errored.json", raw(reps("a", [0] * 12, error_occurred=True, error_message="boom") + reps("b", ok_b)))
one_err = write("one_err.json", raw(reps("a", ok_a[:11]) + reps("a", [0], error_occurred=True) + reps("b", ok_b)))
nulls = write("nulls.json", raw(reps("a", [None] * 12) + reps("b", ok_b)))
nans = write("nans.json", raw(reps("a", ["NAN"] * 12) + reps("b", ok_b)))
gone = write("gone.json", raw(reps("b", ok_b)))
expect("errored in NEW fails, named", 1, [b2, errored], "a ")
expect("errored in NEW: the verdict says so", 1, [b2, errored], "FAILED: errored (boom) in NEW")
expect("one errored repetition in NEW fails", 1, [b2, one_err], "FAILED: errored")
expect("null times in NEW fail", 1, [b2, nulls], "FAILED: no finite time")
expect("NaN times in NEW fail", 1, [b2, nans], "FAILED: no finite time")
expect("missing in NEW fails, named", 1, [b2, gone], "FAILED: missing in NEW")
expect("errored in BASE only: not gated", 0, [errored, b2], "not compared")
zero = write("zero.json", raw(reps("a", [0] + ok_a[1:]) + reps("b", ok_b)))
neg = write("neg.json", raw(reps("a", ok_a[:11] + [-5]) + reps("b", ok_b)))
big = write("big.json", raw(reps("a", ok_a[:11] + ["BIG"]) + reps("b", ok_b)))
surrogate = write("surrogate.json", raw(reps("a\ud800", ok_a) + reps("b", ok_b)))
deep = write("deep.json", '{"benchmarks": ' + "[" * 100000 + "]" * 100000 + "}")
strtime = write("strtime.json", raw(reps("a", ["12"] * 12) + reps("b", ok_b)))
unit = write("unit.json", raw(reps("a", ok_a, time_unit=["ns"]) + reps("b", ok_b)))
ref0 = write("ref0.json", raw(reps("calib", [0] * 12) + reps("a", ok_a)))
ctl = write("ctl.json", raw(reps("a\nb\x1b[31m", ok_a) + reps("b", ok_b)))
expect("a zero time is unusable", 2, [zero, b2], "real_time 0")
expect("a negative time is unusable", 2, [b2, neg], "real_time -5")
expect("a 400-digit time is unusable", 2, [b2, big], "real_time")
expect("a lone surrogate in a name is unusable", 2, [surrogate, b2], "\\ud800")
expect("JSON nested 100,000 deep is unusable", 2, [b2, deep], "nested too deep")
expect("a time that is a string is unusable", 2, [b2, strtime], "real_time")
expect("a time_unit that is a list is unusable", 2, [unit, b2], "time_unit")
expect("--normalise to a reference of time 0 is unusable", 2, [ref0, ref0, "--normalise", "calib"], "real_time 0")
expect("control bytes in a name are shown escaped", 0, [ctl, ctl], "a\\nb\\x1b[31m")
expect("control bytes in an option are shown escaped", 2, [b2, b2, "--frob\nx"], "--frob\\nx")
sys.exit(1 if failures else 0)
