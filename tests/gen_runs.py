"""gen_runs.py OUT.json SEED [SLOW=FACTOR ...]: a synthetic run with repetitions, as `wtbench run`
writes it (Google Benchmark JSON: 9 repetitions per result as iteration entries with
repetition_index, then the median aggregate), for the report's tests. Every result's repetitions
scatter +-3 % around a known median (seeded, so a file is reproducible); SLOW=FACTOR multiplies the
times of every result whose name starts with SLOW (e.g. msg.pipe=1.5). Families: msg (11 mechanisms,
2 peers, 2 placements, 3 sizes: more than 8 series a figure), xfer, pool, spawn, calib.memcpy, and
stress with one result that lost a message."""
import json
import random
import sys

out, seed = sys.argv[1], int(sys.argv[2])
slow = dict((a.split("=")[0], float(a.split("=")[1])) for a in sys.argv[3:])
rng = random.Random(seed)
REPS = 9
bench = []


def add(name, t, counters=None, error=None):
    """Nine repetitions of result name around time t (ns) and counters, then the median aggregate."""
    for prefix, f in slow.items():
        if name.startswith(prefix):
            t *= f
            counters = dict((k, v * f if k.endswith("_ns") else v / f if k.endswith("_second") else v)
                            for k, v in (counters or {}).items())
    base = {"name": name, "run_name": name, "run_type": "iteration", "repetitions": REPS, "threads": 1,
            "iterations": 100, "time_unit": "ns"}
    if error:
        bench.append(dict(base, repetition_index=0, real_time=0, cpu_time=0, error_occurred=True,
                          error_message=error))
        return
    reps = []
    for i in range(REPS):
        k = 1 + rng.uniform(-0.03, 0.03)
        e = dict(base, repetition_index=i, real_time=t * k, cpu_time=t * k)
        for c, v in (counters or {}).items():
            e[c] = v * k if c not in ("lost", "duplicated", "reordered", "bad_checksum") else v
        reps.append(e)
    bench.extend(reps)
    med = dict(base, name=name + "_median", run_type="aggregate", aggregate_name="median", iterations=REPS)
    for c in ["real_time", "cpu_time"] + list(counters or {}):
        vals = sorted(r[c] for r in reps)
        med[c] = vals[REPS // 2]
    bench.append(med)


mechs = {"spin": 60, "spinpark": 300, "futex": 2000, "condvar": 2500, "sem": 2200, "eventfd": 2400,
         "pipe": 5000, "ustream": 6000, "udgram": 6500, "mq": 5500, "shmring": 1800}
for m, b in mechs.items():
    for peer in ("thread", "process"):
        for p, place in enumerate(("l3", "numa")):
            for size in (8, 512, 32768):
                ow = b * (1 + p) * (1.3 if peer == "process" else 1) + size * 0.05
                add("msg.%s/peer:%s/place:%s/bytes:%d" % (m, peer, place, size), 2 * ow,
                    {"one_way_ns": ow, "cpu_ns_per_msg": 1500 + ow, "p50_ns": 2 * ow, "p99_ns": 4 * ow})
add("calib.pingpong/place:numa", 100, {"one_way_ns": 50})
for size in (64, 4096, 262144, 16777216):
    for touch in (0, 1):
        c = 100 + size * 0.5
        x = 300 + size * (0.3 if touch else 0.01)
        add("xfer.copy/place:l3/bytes:%d/touch:%d" % (size, touch), c, {"bytes_per_second": size * 1e9 / c})
        add("xfer.transfer/place:l3/alloc:recycled/bytes:%d/touch:%d" % (size, touch), x,
            {"bytes_per_second": size * 1e9 / x})
    add("calib.memcpy/bytes:%d" % size, 20 + size * 0.1, {"bytes_per_second": size * 1e9 / (20 + size * 0.1)})
for cost in (1000, 100000, 10000000):
    for w in (1, 2, 4):
        add("pool.closed/mode:pool/workers:%d/cost_ns:%d" % (w, cost), cost + 2000,
            {"overhead_ratio": 2000.0 / cost, "ns_per_task": cost + 2000,
             "tasks_per_second": min(w, 2) * 1e9 / (cost + 2000)})
        add("pool.closed/mode:thread/workers:%d/cost_ns:%d" % (w, cost), cost + 50000,
            {"overhead_ratio": 50000.0 / cost, "ns_per_task": cost + 50000,
             "tasks_per_second": min(w, 2) * 1e9 / (cost + 50000)})
add("spawn.thread/place:l3/stack:default/until:join", 30000, {"p50_ns": 30000, "p99_ns": 60000})
for mem in (0, 256):
    add("spawn.process/how:fork/mem_mib:%d" % mem, 200000 * (1 + mem / 16), {"p50_ns": 200000 * (1 + mem / 16)})
for mech in ("pipe", "shmring"):
    add("stress.flood/mech:%s" % mech, 1e9, {"messages_per_second": 9e5, "lost": 1 if mech == "pipe" else 0,
                                             "duplicated": 0, "reordered": 0, "bad_checksum": 0})
add("stress.fault/route:pidfd", 1e9, {"detect_p50_ns": 2.8e5, "detect_p99_ns": 6e5, "recover_p50_ns": 6e5})
add("stress.spawn/what:process", 0, error="SKIP: the test skips it")
doc = {"context": {"host_name": "gen-host", "num_cpus": 2, "wt_pus": "0,1", "wt_mode": "quick",
                   "wt_topology": "synthetic: pack:1 core:2 pu:1", "wt_env_version": "gen"},
       "benchmarks": bench}
json.dump(doc, open(out, "w"), indent=1)
