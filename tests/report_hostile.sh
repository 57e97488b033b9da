#!/bin/sh
# report_hostile.sh WTBENCH WORKDIR: result names, parameter values, context values, error messages
# and a file name that try to be code in every language the report writes: a newline and a gnuplot
# `system` line, quotes, backslashes, backticks, $(...), @macros, <script>, control bytes. The report
# must exit 0, nothing they name may run (no PWNED* file appears), no .gp or .dat line may start
# with their text, and the page and findings must show them as escaped text.
W=$1 D=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$D" && mkdir -p "$D" || fail "cannot create $D"
cd "$D" || fail "cd $D"
R='"run_type": "iteration", "iterations": 10, "time_unit": "ns"'
cat >hostile.json <<JSON
{"context": {"host_name": "<script>alert(2)</script>\nsystem \"touch PWNED_host\"",
  "wt_mode": "\`touch PWNED_mode\`", "wt_warnings": "<img src=x onerror=alert(3)>\nsecond warning\u0001",
  "wt_topology": "pack:2 pu:2\n\`touch PWNED_topo\`", "num_cpus": 2,
  "wt_pu_map": "0=0/0/0/0/0 1=1/1/0/0/0", "wt_odd\nkey<b>": "x\u001b[31my"},
 "benchmarks": [
  {"name": "msg.pipe/peer:thread/place:numa/bytes:8", $R, "real_time": 4000, "cpu_time": 4000, "one_way_ns": 2000, "cpu_ns_per_msg": 3000},
  {"name": "msg.pipe/peer:thread/place:numa\nsystem \"touch PWNED_1\"\n#/bytes:8", $R, "real_time": 5000, "cpu_time": 5000, "one_way_ns": 2500},
  {"name": "msg.pipe/peer:x'\nsystem \"touch PWNED_2\"\n#/place:numa/bytes:64", $R, "real_time": 5000, "cpu_time": 5000, "one_way_ns": 2500, "cpu_ns_per_msg": 3000},
  {"name": "msg.pipe/peer:x'\nsystem \"touch PWNED_2\"\n#/place:numa/bytes:4096", $R, "real_time": 6000, "cpu_time": 6000, "one_way_ns": 3000, "cpu_ns_per_msg": 3000},
  {"name": "spawn.thread/place:pu/stack:\`touch PWNED_3\`\$(touch PWNED_4)@x\\\\'\"\\\\042/until:join", $R, "real_time": 30000, "cpu_time": 30000, "p50_ns": 30000, "p99_ns": 40000},
  {"name": "spawn.thread/place:<script>alert(1)</script>/until:start", $R, "real_time": 20000, "cpu_time": 20000, "p50_ns": 20000},
  {"name": "pool.responsive/mode:\u0001\u007f'\n!touch PWNED_5", $R, "real_time": 1e6, "cpu_time": 1e6, "cheap_p50_ns": 20000, "cheap_p99_ns": 90000},
  {"name": "pool.open/mode:<script>alert(5)</script>\n\`touch PWNED_6\`", $R, "real_time": 0, "cpu_time": 0,
   "error_occurred": true, "error_message": "boom\n<script>alert(6)</script> \`\`touch PWNED_7\`\`"},
  {"name": "msg.c2c/from:0/to:1", $R, "real_time": 80, "cpu_time": 80, "one_way_ns": 40},
  {"name": "msg.c2c/from:1/to:0", $R, "real_time": 80, "cpu_time": 80, "one_way_ns": 40}
 ]}
JSON
# a second file whose name (and so its label) is hostile too
F2="x'\`touch PWNED_8\`\$(touch PWNED_9).json"
cp hostile.json "$F2" || fail "copy"
"$W" report hostile.json "$F2" -o "$D/rep" >"$D/report.log" 2>&1
rc=$?
[ $rc -eq 0 ] || { cat "$D/report.log"; fail "report exited $rc, expected 0"; }
P=$(find "$D" / -maxdepth 1 -name 'PWNED*' 2>/dev/null; find "$D" -name 'PWNED*')
[ -z "$P" ] || fail "an injected command ran: $P"
O=$D/rep
[ -s "$O/index.html" ] && [ -s "$O/findings.md" ] || fail "no report"
grep -q 'could not draw' "$O/index.html" && fail "gnuplot choked: $(grep -o 'gnuplot could not draw[^<]*' "$O/index.html")"
for f in "$O"/*.gp "$O"/*.dat "$O"/findings.md; do
    grep -nE '^(system|#/bytes|!touch|`touch)' "$f" && fail "$f: input text started a line"
done
grep -qi '<script\|<img' "$O/index.html" && fail "raw markup from the input in index.html: $(grep -oi '<script[^>]*>\|<img[^>]*>' "$O/index.html" | head -3)"
grep -qF 'wt_odd\nkey&lt;b&gt;' "$O/index.html" || fail "context key not shown escaped"
grep -q 'touch PWNED_1' "$O/msg_matrix.gp" || fail "the hostile place is not in the figure's titles"
grep -qF 'numa\nsystem' "$O/msg_matrix.gp" || fail "msg_matrix.gp does not show the newline escaped"
grep -qF 'numa\nsystem' "$O/msg_matrix.svg" || fail "the picture does not show the newline escaped"
grep -qF "x''\\nsystem" "$O/msg_payload.gp" || fail "msg_payload.gp: quote and newline not escaped"
grep -qF '\\042' "$O/spawn_cost.dat" || fail "spawn_cost.dat: double quote not escaped"
grep -qF '&lt;script&gt;alert(2)&lt;/script&gt;\nsystem' "$O/index.html" || fail "host name not shown escaped"
grep -qF '&lt;img src=x onerror=alert(3)&gt;' "$O/index.html" || fail "warning not shown escaped"
grep -qF 'x\x1b[31my' "$O/index.html" || fail "control byte in a context value not shown escaped"
LC_ALL=C tr -d '\n\t' <"$O/index.html" | LC_ALL=C grep -q '[[:cntrl:]]' && fail "raw control bytes in index.html"
LC_ALL=C tr -d '\n' <"$O/findings.md" | LC_ALL=C grep -q '[[:cntrl:]]' && fail "raw control bytes in findings.md"
grep -qF -- '- `` pool.open/mode:<script>alert(5)</script>\n`touch PWNED_6` `` in hostile: ' "$O/findings.md" || fail "failed result's name not a code span: $(grep -F 'alert(5)' "$O/findings.md")"
grep -qF ': ``` boom\n<script>alert(6)</script> ``touch PWNED_7`` ```' "$O/findings.md" || fail "error text not fenced: $(grep -F 'alert(6)' "$O/findings.md")"
grep -q '^# wtbench findings: `<script>alert(2)</script>\\nsystem' "$O/findings.md" || fail "host heading not a code span"
echo "report_hostile: all checks passed"
