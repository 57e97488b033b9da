#!/usr/bin/env python3
"""gen_big_results.py N OUT.json: a synthetic wtbench results file with N results spread over every
family the report draws, shaped like a run on a big machine: half of them a sampled msg.c2c matrix
over 2048 PUs (the context's wt_pu_map: 2 packages x 4 NUMA nodes x 8 L3s x 16 cores x 2 PUs), the
rest msg/xfer/pool/spawn sweeps with many parameter values, 1 % failed. Names only (no run_name);
one iteration entry per result, and for 2 % of them also mean/median/stddev aggregates named NAME_mean
..., which must not become results of their own. Deterministic. For the report's scale test."""
import json
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(11)
P = 2048
pu_map = " ".join("%d=%d/%d/%d/%d/%d" % (i, i // 2, i // 2, i // 64, i // 256, i // 1024) for i in range(P))
bs = []
nres = 0  # results so far (aggregates are extra entries of a result, not results)


def rec(name, t, **extra):
    global nres
    nres += 1
    b = {"name": name, "run_type": "iteration", "repetitions": 1, "iterations": 100,
         "real_time": t, "cpu_time": t, "time_unit": "ns"}
    if rng.random() < 0.01:
        b.update(error_occurred=True, error_message="synthetic failure of %s" % name)
    b.update(extra)
    bs.append(b)
    if rng.random() < 0.02 and not b.get("error_occurred"):
        for agg in ("mean", "median", "stddev"):
            a = dict(b, name="%s_%s" % (name, agg), run_type="aggregate", aggregate_name=agg)
            bs.append(a)


def take(share):
    return int(n * share)


# msg.c2c: distinct sampled pairs
want, seen = take(0.5), set()
while len(seen) < min(want, P * (P - 1)):
    a, b = rng.randrange(P), rng.randrange(P)
    if a != b and (a, b) not in seen:
        seen.add((a, b))
        d = 40 + 30 * (a // 64 != b // 64) + 60 * (a // 256 != b // 256) + 80 * (a // 1024 != b // 1024)
        rec("msg.c2c/from:%d/to:%d" % (a, b), 2 * d, one_way_ns=d * (1 + rng.random() * 0.1))
mechs = "spin futex condvar sem eventfd pipe ustream udgram mq shmring spinpark".split()
places = "pu smt l2 l3 numa package machine".split()
i = 0
while i < take(0.2):
    m, peer, pl, by = mechs[i % 11], ("thread", "process")[i // 11 % 2], places[i // 22 % 7], 8 * (1 + i // 154)
    ow = (50 if m == "spin" else 2000) * (1 + places.index(pl) / 4) + by * 0.05
    rec("msg.%s/peer:%s/place:%s/bytes:%d" % (m, peer, pl, by), 2 * ow, one_way_ns=ow, cpu_ns_per_msg=1500 + ow,
        p50_ns=2 * ow, p99_ns=4 * ow)
    i += 1
i = 0
while i < take(0.1):
    v, pl, t, al, by = ("copy", "transfer", "share", "shm", "pipe", "vmsplice", "copy1")[i % 7], places[i // 7 % 7], \
        i // 49 % 2, ("recycled", "fresh")[i // 98 % 2], 64 * (1 + i // 196)
    tm = 100 + by * (0.5 if v == "copy" else 0.3)
    rec("xfer.%s/place:%s/alloc:%s/bytes:%d/touch:%d" % (v, pl, al, by, t), tm, bytes_per_second=by * 1e9 / tm)
    if i % 7 == 0 and t and pl == "pu" and al == "recycled":
        rec("calib.memcpy/bytes:%d" % by, 20 + by * 0.1, bytes_per_second=by * 1e9 / (20 + by * 0.1))
    i += 1
i = 0
while i < take(0.08):
    mode, w, c = ("inline", "thread", "pool")[i % 3], 1 + i // 3 % 64, 1000 * (1 + i // 192)
    name = "pool.closed/mode:%s/workers:%d/cost_ns:%d" % (mode, w, c) if mode == "pool" else \
        "pool.closed/mode:%s/cost_ns:%d/rep:%d" % (mode, c, w)
    rec(name, c + 2000, overhead_ratio=2000 / c, tasks_per_second=min(w, 2) * 1e9 / (c + 2000))
    i += 1
i = 0
while i < take(0.04):
    mode, load, c = ("pool", "thread")[i % 2], 1 + i // 2 % 100, 1000 * (1 + i // 200)
    rec("pool.open/mode:%s/load:%d/cost_ns:%d" % (mode, load, c), c, p50_ns=c, p99_ns=c * (1 + load / 10))
    i += 1
i = 0
while i < take(0.04):
    mode, h = ("inline", "thread", "pool")[i % 3], 1000 * (1 + i // 3)
    rec("pool.responsive/mode:%s/heavy_ns:%d" % (mode, h), 1e6, cheap_p50_ns=2e4 if mode != "inline" else h,
        cheap_p99_ns=9e4 if mode != "inline" else 4 * h, lag_mean_ns=5e3, lag_p99_ns=2e4)
    rec("pool.dispatch/mode:%s/queue:%d" % (mode, 1 + i // 3), 3000, p50_ns=3000, p99_ns=9000)
    i += 2
i = 0
while nres < n:
    how, mem = ("fork", "vfork", "spawn")[i % 3], 1 + i // 3
    rec("spawn.process/how:%s/mem_mib:%d" % (how, mem), 50000 + 300 * mem, p50_ns=50000 + 300 * mem, p99_ns=90000)
    if nres < n:
        rec("spawn.thread/place:%s/stack:%d/until:join" % (places[i % 7], 8 + i), 20000, p50_ns=20000, p99_ns=30000)
    i += 1
doc = {"context": {"host_name": "synthetic-big", "num_cpus": P, "wt_mode": "full", "wt_pus": ",".join(map(str, range(P))),
                   "wt_pu_map": pu_map, "wt_topology": "synthetic: pack:2 numa:4 l3:2 core:128 pu:2",
                   "wt_warnings": ""},
       "benchmarks": bs}
with open(out, "w") as f:
    json.dump(doc, f)
