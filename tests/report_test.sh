#!/bin/sh
# report_test.sh WTBENCH FIXTURE_SH WORKDIR: the report tool end to end.
#  1. `wtbench run --smoke` on a few spawn/calib cases writes OUT/report by default;
#  2. `wtbench report` on that run plus a synthetic msg/xfer/pool fixture draws every family side by
#     side; every file index.html links exists, every figure is inline, the findings are computed;
#  3. malformed and foreign JSON, and a PATH without gnuplot: exit 2, one line, no report left behind.
W=$1 FIX=$2 D=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$D" && mkdir -p "$D" || fail "cannot create $D"

"$W" run --smoke --filter '^(spawn\.thread/place:pu/stack:default|spawn\.process/how:(fork|spawn)|calib\.thread)' \
    --out "$D/run" >"$D/run.log" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ] || { cat "$D/run.log"; fail "wtbench run exited $rc"; }
[ -s "$D/run/results.json" ] || fail "run wrote no results.json"
[ -s "$D/run/report/index.html" ] && [ -s "$D/run/report/findings.md" ] || fail "run wrote no report"
grep -q 'spawn_cost.svg' "$D/run/report/index.html" || fail "run's report lacks the spawn figure"

sh "$FIX" "$D/synthetic.json" || fail "fixture"
"$W" report "$D/run/results.json" "$D/synthetic.json" -o "$D/both" >"$D/both.log" 2>&1 || { cat "$D/both.log"; fail "report on two files"; }
R=$D/both
for f in index.html findings.md; do [ -s "$R/$f" ] || fail "$f missing"; done
grep -q 'could not draw' "$R/index.html" && fail "a figure was not drawn: $(grep -o 'gnuplot could not draw[^<]*' "$R/index.html")"
for id in spawn_cost spawn_fork_mem msg_matrix msg_payload msg_cpu msg_c2c_2 xfer_time_touch xfer_time_notouch \
          xfer_bandwidth pool_overhead pool_throughput pool_open pool_responsive pool_lag; do
    grep -q "<figure id=\"fig-$id\">" "$R/index.html" || fail "figure $id not in index.html"
    for e in svg gp dat; do [ -s "$R/$id.$e" ] || fail "$id.$e missing"; done
done
# every local link resolves, nothing is fetched from elsewhere, each figure's SVG is inline
for ref in $(grep -o 'href="[^"#][^"]*"' "$R/index.html" | sed 's/href="//; s/"$//' | sort -u); do
    case $ref in *://*) fail "index.html links outside: $ref" ;; esac
    [ -e "$R/$ref" ] || fail "index.html links $ref, which is missing"
done
grep -q '<script\|src="http\|@import' "$R/index.html" && fail "index.html is not self-contained"
nfig=$(grep -c '^<figure id="fig-' "$R/index.html")
nsvg=$(grep -c '^<svg' "$R/index.html")
[ "$nsvg" -ge $((nfig - 1)) ] || fail "$nfig figures but only $nsvg inline SVGs"
# the two files side by side, coloured by run: the key names each run by its colour
grep -q "NaN with lines lw 5 lc rgb '#[0-9a-f]*' title 'synthetic'" "$R/msg_payload.gp" || fail "msg_payload: no key entry for the synthetic run"
grep -q "NaN with lines lw 5 lc rgb '#[0-9a-f]*' title 'results'" "$R/spawn_fork_mem.gp" || fail "spawn_fork_mem: no key entry for the run"
# the crossovers are drawn on the curves they come from, and the summary states them first
for id in xo_transfer-beats-copy-read xo_transfer-beats-copy xo_thread-under-10pct xo_pool-stops-mattering; do
    grep -q "<figure id=\"fig-$id\">" "$R/index.html" || fail "crossover figure $id not in index.html"
done
grep -q '<section id="summary">' "$R/index.html" || fail "no summary"
# computed findings on the synthetic data (known shapes, see report_fixture.sh)
F=$R/findings.md
# exact crossings 408 B and 1000 B; log-log interpolation between the measured sizes gives 385 and 1002
grep -Eq 'consumer does not read it \(place l3\): \[synthetic\] \*\*38[0-9](\.[0-9]+)? B\*\*' "$F" || fail "no-read crossover"
grep -Eq 'consumer reads every byte \(place l3\): \[synthetic\] \*\*(99[0-9]|100[0-9])(\.[0-9]+)? B\*\*' "$F" || fail "read crossover"
grep -q 'under 10 % overhead: \[synthetic\] \*\*500 µs\*\*' "$F" || fail "thread 10 % crossover"
[ "$(grep -c '^[2-6]\. \*\*CONFIRMED' "$F")" -ge 5 ] || fail "synthetic claims 2-6 not all confirmed"
grep -q '^1\. \*\*\(CONFIRMED\|REFUTED\)' "$F" || fail "claim 1 not judged on the spawn results"
grep -q 'Process spawn.*thread spawn.*\*\*[0-9.]*×\*\*' "$F" || fail "process ÷ thread ratio missing"

# bad input: one line naming the file, exit 2, no report
printf '{"benchmarks": [ {"name": "x", ' >"$D/bad.json"
"$W" report "$D/bad.json" -o "$D/bad" 2>"$D/bad.err"
rc=$?
[ $rc -eq 2 ] || fail "malformed JSON: exit $rc, expected 2"
[ "$(wc -l <"$D/bad.err")" -eq 1 ] && grep -q "bad.json" "$D/bad.err" || fail "malformed JSON: $(cat "$D/bad.err")"
[ ! -e "$D/bad" ] && [ -z "$(ls -d "$D"/bad.tmp.* 2>/dev/null)" ] || fail "malformed JSON left a report behind"
echo '{"foo": 1}' >"$D/foreign.json"
"$W" report "$D/foreign.json" -o "$D/bad" 2>"$D/foreign.err"
[ $? -eq 2 ] && [ "$(wc -l <"$D/foreign.err")" -eq 1 ] || fail "foreign JSON: $(cat "$D/foreign.err")"
PATH=/nonexistent "$W" report "$D/synthetic.json" -o "$D/nognuplot" 2>"$D/nognuplot.err"
rc=$?
[ $rc -eq 2 ] || fail "no gnuplot: exit $rc, expected 2"
[ "$(wc -l <"$D/nognuplot.err")" -eq 1 ] && grep -q gnuplot "$D/nognuplot.err" || fail "no gnuplot: $(cat "$D/nognuplot.err")"
[ ! -e "$D/nognuplot" ] || fail "no gnuplot left a report behind"
# a directory that is not a report is never replaced
mkdir -p "$D/precious" && echo keep >"$D/precious/file"
"$W" report "$D/synthetic.json" -o "$D/precious" 2>/dev/null
[ $? -eq 2 ] && [ -f "$D/precious/file" ] || fail "report replaced a directory that was not a report"
echo "report_test: all checks passed"
