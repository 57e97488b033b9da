#!/bin/sh
# report_fixture.sh OUT.json: a small synthetic Google Benchmark JSON for the msg, xfer and pool
# families (not yet in the suite), with known shapes: transfer beats copy above ~400 B (no read) and
# ~1000 B (read), a thread per request costs 50 us (under 10 % above 500 us of work), the pool costs
# 2 us, 2 PUs so 4 workers do not help, inline heavy work blocks the loop.
set -e
awk 'function rec(name, t, extra) {
       printf "%s\n    {\"name\": \"%s\", \"run_name\": \"%s\", \"run_type\": \"iteration\", \"repetitions\": 1, \"iterations\": 10, \"real_time\": %.6g, \"cpu_time\": %.6g, \"time_unit\": \"ns\"%s}", sep, name, name, t, t, extra
       sep = ","
     }
     BEGIN {
       printf "{\n  \"context\": {\"host_name\": \"synthetic-host\", \"num_cpus\": 2, \"wt_pus\": \"0,1\", \"wt_mode\": \"quick\",\n"
       printf "    \"wt_pu_map\": \"0=0/0/0/0/0 1=1/1/0/0/0 2=2/2/1/1/0 3=3/3/1/1/0\", \"wt_warnings\": \"synthetic data\\n\", \"unknown_field\": [1, NaN]},\n"
       printf "  \"benchmarks\": ["
       split("spin futex pipe", mech, " "); base["spin"] = 50; base["futex"] = 2000; base["pipe"] = 5000
       split("l3 numa", place, " ")
       for (m = 1; m <= 3; m++) for (p = 1; p <= 2; p++) for (b = 8; b <= 65536; b *= 8) {
         ow = base[mech[m]] * p + b * 0.05
         cpu = mech[m] == "spin" ? 2 * ow : 1500
         rec(sprintf("msg.%s/peer:thread/place:%s/bytes:%d", mech[m], place[p], b), 2 * ow,
             sprintf(", \"one_way_ns\": %g, \"cpu_ns_per_msg\": %g, \"p50_ns\": %g, \"p99_ns\": %g", ow, cpu, 2 * ow, 4 * ow))
         if (mech[m] == "pipe")
           rec(sprintf("msg.pipe/peer:process/place:%s/bytes:%d", place[p], b), 3 * ow,
               sprintf(", \"one_way_ns\": %g, \"cpu_ns_per_msg\": %g", 1.5 * ow, 2000))
       }
       for (a = 0; a < 4; a++) for (b = 0; b < 4; b++) if (a != b)
         rec(sprintf("msg.c2c/from:%d/to:%d", a, b), int(a / 2) == int(b / 2) ? 40 : 120, "")
       for (t = 0; t <= 1; t++) for (b = 64; b <= 4194304; b *= 4) {
         c = 100 + b * 0.5; x = 300 + b * (t ? 0.3 : 0.01)
         rec(sprintf("xfer.copy/place:l3/bytes:%d/touch:%d", b, t), c, sprintf(", \"bytes_per_second\": %g", b * 1e9 / c))
         rec(sprintf("xfer.transfer/place:l3/alloc:recycled/bytes:%d/touch:%d", b, t), x, sprintf(", \"bytes_per_second\": %g", b * 1e9 / x))
         if (t) rec(sprintf("calib.memcpy/bytes:%d", b), 20 + b * 0.1, sprintf(", \"bytes_per_second\": %g", b * 1e9 / (20 + b * 0.1)))
       }
       for (c = 1000; c <= 10000000; c *= 10) {
         rec(sprintf("pool.closed/mode:inline/cost_ns:%d", c), c, sprintf(", \"overhead_ratio\": 0.001, \"task_ns\": %d", c))
         rec(sprintf("pool.closed/mode:thread/cost_ns:%d", c), c + 50000, sprintf(", \"overhead_ratio\": %g, \"task_ns\": %d", 50000 / c, c))
         for (w = 1; w <= 4; w *= 2) {
           tp = (w <= 2 ? w : 2 * 0.95) * 1e9 / (c + 2000)
           rec(sprintf("pool.closed/mode:pool/workers:%d/cost_ns:%d", w, c), c + 2000,
               sprintf(", \"overhead_ratio\": %g, \"tasks_per_second\": %g", 2000 / c, tp))
         }
       }
       split("50 80 95", load, " ")
       for (l = 1; l <= 3; l++) {
         rec(sprintf("pool.open/mode:pool/load:%d/cost_ns:10000", load[l]), 12000, sprintf(", \"p50_ns\": 12000, \"p99_ns\": %g", 12000 * l))
         rec(sprintf("pool.open/mode:thread/load:%d/cost_ns:10000", load[l]), 60000, sprintf(", \"p50_ns\": 60000, \"p99_ns\": %g", 70000 * l))
       }
       rec("pool.responsive/mode:inline", 1e6, ", \"cheap_p50_ns\": 2e6, \"cheap_p99_ns\": 9e6, \"loop_lag_ns\": 8e6")
       rec("pool.responsive/mode:thread", 1e6, ", \"cheap_p50_ns\": 20000, \"cheap_p99_ns\": 90000, \"loop_lag_ns\": 5000")
       rec("pool.responsive/mode:pool", 1e6, ", \"cheap_p50_ns\": 15000, \"cheap_p99_ns\": 60000, \"loop_lag_ns\": 4000")
       printf "\n  ]\n}\n"
     }' > "$1"
