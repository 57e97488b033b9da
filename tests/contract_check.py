#!/usr/bin/env python3
"""contract_check.py CONTRACT_H RESULTS.json [--prefix P]: checks a results file against the results
contract (harness/contract.h, harness/CONTRACT.md), whichever backend wrote it: Google Benchmark's
schema; every name FAMILY.VARIANT[/PARAM:VALUE]... (with --prefix, at least one result starting with P
ran: a node run also holds its native counterparts); every
counter a name the contract defines; iteration entries with their repetition_index, aggregates with
their run_name and aggregate_name, the median with its repetitions, and its interval when it has
six or more; errors starting FAIL:, ERROR:, CRASH, STALL: or SKIP:; every context key Google
Benchmark's own or wt_*. Prints one line per breach and exits 1 if there is any, 2 on bad input."""
import json
import re
import sys

GB_FIELDS = {"name", "family_index", "per_family_instance_index", "run_name", "run_type",
             "repetitions", "repetition_index", "threads", "iterations", "real_time", "cpu_time",
             "time_unit", "aggregate_name", "aggregate_unit", "error_occurred", "error_message",
             "label"}
GB_CONTEXT = {"date", "host_name", "executable", "num_cpus", "mhz_per_cpu", "cpu_scaling_enabled",
              "caches", "load_avg", "library_build_type", "json_schema_version"}
NAME = re.compile(r"^(node\.)?[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*:[^/\s]+)*(/manual_time)?$")
ERR = ("FAIL:", "ERROR:", "CRASH", "STALL:", "SKIP:")


def main(argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--prefix"):
        print("usage: contract_check.py CONTRACT_H RESULTS.json [--prefix P]", file=sys.stderr)
        return 2
    prefix = argv[4] if len(argv) == 5 else ""
    try:
        names = set(re.findall(r'#define\s+WT_[A-Z]_\w+\s+"([a-z0-9_]+)"', open(argv[1]).read()))
    except OSError as e:
        print(f"{argv[1]}: {e.strerror}: expected harness/contract.h", file=sys.stderr)
        return 2
    try:
        doc = json.load(open(argv[2]))
        benches, ctx = doc["benchmarks"], doc["context"]
        if not isinstance(benches, list) or not isinstance(ctx, dict):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        print(f"{argv[2]}: expected a results.json with context and benchmarks", file=sys.stderr)
        return 2
    bad = []
    for k in ctx:
        if k not in GB_CONTEXT and not k.startswith("wt_"):
            bad.append(f"context key {k}: neither Google Benchmark's nor wt_*")
    if not benches:
        bad.append("no results")
    for b in benches:
        n = b.get("name", "")
        base = b.get("run_name", n)
        if not NAME.match(base):
            bad.append(f"{n}: not FAMILY.VARIANT[/PARAM:VALUE]...")
        if b.get("error_occurred"):
            if not str(b.get("error_message", "")).startswith(ERR):
                bad.append(f"{n}: error message does not start with one of {', '.join(ERR)}")
            continue
        for k, v in b.items():
            if k in GB_FIELDS:
                continue
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                bad.append(f"{n}: field {k} is not a number nor a Google Benchmark field")
            elif k not in names:
                bad.append(f"{n}: counter {k} is not in the contract (harness/contract.h)")
        rt = b.get("run_type")
        if rt == "iteration" and "repetition_index" not in b:
            bad.append(f"{n}: iteration entry without repetition_index")
        if rt == "aggregate":
            if "run_name" not in b or "aggregate_name" not in b:
                bad.append(f"{n}: aggregate without run_name or aggregate_name")
            if b.get("aggregate_name") == "median":
                # the interval needs 6 repetitions (order statistics): fewer (windows) have none
                need = ("reps", "precise") + (("ci_lo_ns", "ci_hi_ns", "ci_rel") if b.get("reps", 0) >= 6 else ())
                for k in need:
                    if k not in b:
                        bad.append(f"{n}: median without {k}")
    if prefix and not any(b.get("name", "").startswith(prefix) and not b.get("error_occurred") for b in benches):
        bad.append(f"no result that starts with {prefix} ran")
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
