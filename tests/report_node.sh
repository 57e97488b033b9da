#!/bin/sh
# report_node.sh WTBENCH WORKDIR: the node and http families of the report on a synthetic results
# file with known answers: new Worker 60 us against pthread 30 us (Node adds 2x), fork 30 ms
# (claim 1 on Node CONFIRMED), Atomics faster than postMessage (claim 2 on Node CONFIRMED), "/" p99
# inline 1000x offloaded on both servers (claim 5 over HTTP CONFIRMED), I/O offloaded no faster
# (claim 7 CONFIRMED), cluster 0.8x worker threads (claim 8 REFUTED). Every figure of the two families
# is drawn, the "what Node adds" ratios are computed from their pairs, and the verdicts are as built.
W=$1 D=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$D" && mkdir -p "$D" || fail "cannot create $D"
python3 - "$D/node.json" <<'PY' || fail "fixture"
import json, sys
B = []
def rec(name, t, **c):
    for i, f in enumerate((0.99, 1.0, 1.01, 1.0, 0.995, 1.005)):
        e = {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 6,
             "repetition_index": i, "iterations": 10, "real_time": t * f, "cpu_time": t * f,
             "time_unit": "ns"}
        e.update({k: v * f for k, v in c.items()})
        B.append(e)
rec("spawn.thread/place:pu/stack:default/until:join", 30e3, p50_ns=30e3, p99_ns=40e3)
rec("spawn.process/how:spawn/mem_mib:0", 400e3, p50_ns=400e3, p99_ns=500e3)
rec("node.spawn.worker/src:file/until:message/module:none", 60e6 / 1000, p50_ns=60e3, p99_ns=80e3)
rec("node.spawn.process/how:fork/until:message/module:none", 30e6, p50_ns=30e6, p99_ns=35e6)
for m, ow in (("eventfd", 10e3), ("futex", 8e3), ("spin", 0.2e3)):
    rec(f"msg.{m}/peer:thread/place:l3/bytes:8", 2 * ow, one_way_ns=ow)
for m, ow in (("post", 20e3), ("channel", 25e3), ("atomics", 9e3), ("spin", 0.4e3)):
    rec(f"node.msg.{m}/place:l3" + ("/kind:number/bytes:64" if m == "post" else ""), 2 * ow, one_way_ns=ow)
for b in (64, 1024, 16384, 262144, 4194304):
    rec(f"xfer.copy/place:l3/bytes:{b}/touch:1", 300 + b * 0.2)
    rec(f"xfer.transfer/place:l3/alloc:recycled/bytes:{b}/touch:1", 500 + b * 0.1)
    rec(f"node.xfer.clone/place:l3/bytes:{b}/touch:1", 20e3 + b * 1.0)
    rec(f"node.xfer.transfer/place:l3/alloc:recycled/bytes:{b}/touch:1", 30e3 + b * 0.5)
for c in (1000, 10000, 100000, 1000000, 10000000):
    rec(f"pool.closed/mode:pool/workers:2/cost_ns:{c}", c / 2 + 1000, ns_per_task=c / 2 + 1000, overhead_ratio=2000 / c)
    rec(f"node.pool.closed/mode:pool/workers:2/cost_ns:{c}", c / 2 + 20000, ns_per_task=c / 2 + 20000, overhead_ratio=40000 / c)
    rec(f"node.pool.closed/mode:thread/workers:2/cost_ns:{c}", c / 2 + 30e6, ns_per_task=c / 2 + 30e6, overhead_ratio=60e6 / c)
for s in ("c", "node"):
    rec(f"http.replay/server:{s}/mode:inline", 200e6, root_p99_ns=200e6, root_max_ns=210e6, slow_p50_ns=100e6)
    for m in ("thread", "pool"):
        rec(f"http.replay/server:{s}/mode:{m}", 200e3, root_p99_ns=200e3, root_max_ns=2e6, slow_p50_ns=110e6)
    rec(f"http.io/server:{s}/mode:inline", 1e5, io_per_second=1e4)
    rec(f"http.io/server:{s}/mode:pool", 1.1e5, io_per_second=0.9e4)
    rec(f"http.scale/server:{s}/mode:process", 50e3, req_per_second=2e4)
    rec(f"http.scale/server:{s}/mode:thread", 40e3, req_per_second=2.5e4)
json.dump({"context": {"host_name": "synthetic", "num_cpus": 2, "wt_pus": "0,1", "wt_mode": "quick"},
           "benchmarks": B}, open(sys.argv[1], "w"), indent=1)
PY
"$W" report "$D/node.json" -o "$D/r" >"$D/log" 2>&1 || { cat "$D/log"; fail "report"; }
R=$D/r
for id in node_spawn node_msg node_xfer node_pool http_replay http_slow http_io http_scale; do
    grep -q "<figure id=\"fig-$id\">" "$R/index.html" || fail "figure $id not in index.html"
    [ -s "$R/$id.svg" ] || fail "$id.svg missing"
done
F=$R/findings.md
claim() { # NUM TEXT-START VERDICT
    grep -F -- "$1. **$3**" "$F" | grep -qF "$2" || fail "claim $1 ($2) is not $3: $(grep -F -- "$1. **" "$F" | grep -F "$2" | cut -c1-160)"
}
claim 1 "On Node" CONFIRMED
claim 2 "On Node" CONFIRMED
claim 5 "Over real HTTP" CONFIRMED
claim 7 "Workers do not help" CONFIRMED
claim 8 "To scale" REFUTED
grep -F "new Worker to its first message ÷ pthread" "$F" | grep -q "2\.00\?×\|2×\|2\.0" ||
    fail "what Node adds: new Worker ÷ pthread is not 2: $(grep -F 'new Worker to its first' "$F")"
grep -F "postMessage round trip ÷ eventfd" "$F" | grep -q "2\.00\?×\|2×\|2\.0" ||
    fail "what Node adds: postMessage ÷ eventfd is not 2: $(grep -F 'postMessage round trip' "$F")"
echo "ok: node and http families drawn; claims 1, 2, 5 on Node and HTTP, 7 and 8 as built"
