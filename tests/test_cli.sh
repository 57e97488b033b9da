#!/usr/bin/env bash
# test_cli: the command line's contract: bad input gets one line naming the input, exit 2 and no
# output directory; a good run writes results.json in Google Benchmark's schema and nothing else
# half-written; a crashing or hanging case is reported and the suite goes on.
set -u
W=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# expect_usage NAME NEEDLE ARGS...: exit 2, exactly one stderr line containing NEEDLE, no $d/out
expect_usage() {
  local name=$1 needle=$2; shift 2
  rm -rf "$d/out"
  "$W" "$@" >"$d/stdout" 2>"$d/stderr"
  local rc=$? lines
  lines=$(wc -l <"$d/stderr")
  [ "$rc" -eq 2 ] || fail "$name: exit $rc, expected 2"
  [ "$lines" -eq 1 ] || fail "$name: $lines stderr lines, expected 1: $(cat "$d/stderr")"
  grep -qF -- "$needle" "$d/stderr" || fail "$name: stderr does not name '$needle': $(cat "$d/stderr")"
  [ ! -e "$d/out" ] || fail "$name: left $d/out behind"
}

expect_usage "no command"       "expected a command"             
expect_usage "unknown command"  "'frobnicate'"       frobnicate
expect_usage "unknown case"     "'nosuch'"           run --filter nosuch --out "$d/out"
expect_usage "bad regex"        "'('"                run --filter '(' --out "$d/out"
expect_usage "repetitions"      "'abc'"              run --repetitions abc --out "$d/out"
expect_usage "repetitions 0"    "'0'"                run --repetitions 0 --out "$d/out"
expect_usage "min-time"         "'-1'"               run --min-time -1 --out "$d/out"
expect_usage "pin"              "'maybe'"            run --pin maybe --out "$d/out"
expect_usage "unknown option"   "--frob"             run --frob --out "$d/out"
expect_usage "missing value"    "--filter"           run --out "$d/out" --filter
expect_usage "synthetic"        "'pack:x'"           run --topology 'pack:x' --out "$d/out"
expect_usage "gbench flag"      "--benchmark_nope"   run --filter '^calib\.thread$' --benchmark_nope=1 --out "$d/out"
expect_usage "case"             "'nope'"             run --case nope --out "$d/out"
# a synthetic machine above 8192 PUs is refused at once (hwloc's load would grow memory for ever)
for c in topo list run; do
  expect_usage "huge synthetic $c" "'pack:1000 core:1000 pu:1000': 1000000000 PUs, expected a synthetic topology of at most 8192 PUs" \
    $c --topology 'pack:1000 core:1000 pu:1000'
done
HWLOC_SYNTHETIC='pack:1000 core:1000 pu:1000' expect_usage "huge HWLOC_SYNTHETIC" "HWLOC_SYNTHETIC 'pack:1000" topo

# input echoed in an error line never carries raw control bytes: each shows as \n, \t or \xNN
expect_clean() {
  expect_usage "$@"
  LC_ALL=C tr -d '\n' <"$d/stderr" | LC_ALL=C grep -q '[[:cntrl:]]' && fail "$1: raw control bytes: $(cat -A "$d/stderr")"
  [ "$(LC_ALL=C tr -cd '\n' <"$d/stderr" | wc -c)" -le 1 ] || fail "$1: a newline inside the error line"
}
nl='
'
esc=$(printf '\033')
soh=$(printf '\001')
printf '{"benchmarks": [%s%s ]}' "$soh" "$esc" >"$d/ctl.json"
printf '{"benchmarks": [ {"name": "a%sb%s' "$soh" "$nl" >"$d/ctl2.json"
expect_clean "ctl: jansson token"  "near '\x01'"             report "$d/ctl.json" -o "$d/out"
expect_clean "ctl: jansson string" "malformed"                report "$d/ctl2.json" -o "$d/out"
expect_clean "ctl: report path"    "no\nfile\x1b[31m"         report "$d/no${nl}file${esc}[31m.json" -o "$d/out"
expect_clean "ctl: report option"  "-x\ty"                    report "-x$(printf '\t')y"
expect_clean "ctl: command"        "'frob\x1b[31m'"           "frob${esc}[31m"
expect_clean "ctl: option value"   "'1\n2'"                   run --repetitions "1${nl}2" --out "$d/out"
expect_clean "ctl: option"         "--x\ny"                   run "--x${nl}y" --out "$d/out"
expect_clean "ctl: topology"       "'pack:\x01 pu:2'"         topo --topology "pack:${soh} pu:2"
expect_clean "ctl: regex"          "'(\n'"                    run --filter "(${nl}" --out "$d/out"
HWLOC_SYNTHETIC="core:${soh}${nl}" expect_clean "ctl: HWLOC_SYNTHETIC" "'core:\x01\n'" topo
rm -rf "$d/out"
if [ "$(id -u)" != 0 ]; then
  touch "$d/ro" && chmod 0 "$d/ro"
fi
"$W" run --smoke --filter '^calib\.thread$' --out /proc/wtbench-no/out >"$d/stdout" 2>"$d/stderr"
rc=$?
[ $rc -eq 2 ] || fail "unwritable --out: exit $rc"
grep -qF "'/proc/wtbench-no/out'" "$d/stderr" || fail "unwritable --out not named: $(cat "$d/stderr")"

# a good run: results.json only, names family.variant[/param:value], context filled
"$W" run --smoke --repetitions 2 --no-report --filter '^(calib\.thread|spawn\.thread/place:pu/stack:default/until:start)$' --out "$d/ok" >"$d/stdout" 2>"$d/stderr"
rc=$?
[ $rc -eq 0 ] || fail "good run: exit $rc: $(cat "$d/stderr")"
[ "$(ls -A "$d/ok")" = "results.json" ] || fail "good run left: $(ls -A "$d/ok")"
grep -q '"name": "spawn.thread/place:pu/stack:default/until:start"' "$d/ok/results.json" || fail "result name"
grep -q '"name": "calib.thread"' "$d/ok/results.json" || fail "calib name"
grep -q '"wt_clock_read_ns"' "$d/ok/results.json" || fail "clock in context"
grep -q '"wt_placement_pairs"' "$d/ok/results.json" || fail "placement in context"
grep -q '"wt_env_kernel"' "$d/ok/results.json" || fail "environment in context"
grep -q 'manual_time' "$d/ok/results.json" && fail "manual_time suffix left in names"
grep -q '"name": "calib.thread_median"' "$d/ok/results.json" || fail "aggregate name"

# a crashing case is reported and the next case still runs
WTBENCH_TEST_FAULT=crash:calib.fork "$W" run --smoke --no-report --filter '^calib\.' --out "$d/crash" >"$d/stdout" 2>"$d/stderr"
rc=$?
[ $rc -eq 1 ] || fail "crash: exit $rc, expected 1"
grep -q '^CRASH calib.fork .*signal 6' "$d/stdout" || fail "crash not reported: $(cat "$d/stdout")"
grep -q '"name": "calib.thread"' "$d/crash/results.json" || fail "suite did not go on after the crash"

# a hanging case is killed at its time limit and reported
WTBENCH_TEST_FAULT=hang:calib.fork "$W" run --smoke --no-report --timeout 2 --filter '^calib\.' --out "$d/hang" >"$d/stdout" 2>"$d/stderr"
rc=$?
[ $rc -eq 1 ] || fail "hang: exit $rc, expected 1"
grep -q '^CRASH calib.fork .*hung' "$d/stdout" || fail "hang not reported: $(cat "$d/stdout")"
grep -q '"name": "calib.thread"' "$d/hang/results.json" || fail "suite did not go on after the hang"

# synthetic machines: placement computed, pinning simulated, context says so
"$W" list --full --topology 'pack:2 numa:2 l3:1 core:8 pu:2' --filter '^spawn\.pool/' >"$d/list" 2>&1 || fail "list synthetic"
grep -qx 'spawn.pool/place:machine/wait:park' "$d/list" || fail "synthetic machine class missing: $(cat "$d/list")"
# a filter that selects a node case selects its native counterparts too (wt_case.native), and only them
"$W" list --quick --filter '^node\.msg\.atomics/' >"$d/list" 2>&1 || fail "list node"
grep -q '^node\.msg\.atomics/' "$d/list" && grep -q '^msg\.futex/peer:thread/' "$d/list" ||
    fail "node.msg.atomics without its native counterpart msg.futex: $(cat "$d/list")"
grep -v '^node\.msg\.atomics/\|^msg\.futex/peer:thread/' "$d/list" | grep -q . &&
    fail "the node filter selected more than the case and its counterparts: $(cat "$d/list")"
"$W" topo --topology 'pack:2 numa:2 l3:1 core:8 pu:2' | grep -q 'machine  0-32' || fail "topo pair"
"$W" run --smoke --no-report --topology 'pack:2 core:2 pu:2' --filter '^spawn\.thread/place:machine/stack:default/until:join$' --out "$d/syn" >/dev/null 2>&1 \
  || fail "synthetic run failed"
grep -q '"wt_pinning": "simulated"' "$d/syn/results.json" 2>/dev/null || fail "simulated pinning not in context"
# 4096 PUs: the context's PU map is whole (a fixed 64 KiB buffer cut it)
"$W" run --smoke --no-report --topology 'pack:2 numa:2 l3:4 core:64 pu:4' --filter '^calib\.thread$' --out "$d/syn4k" >/dev/null 2>&1 \
  || fail "4096-PU synthetic run failed"
n=$(grep -o '"wt_pu_map": "[^"]*"' "$d/syn4k/results.json" | wc -w)
[ "$n" -eq 4097 ] || fail "4096-PU map has $((n - 1)) entries"
grep -q '"wt_pu_map": "[^"]* 4095=1023/-1/15/3/1"' "$d/syn4k/results.json" || fail "4096-PU map does not end at PU 4095"

"$W" --version | grep -q '^wtbench ' || fail "--version"
"$W" --help | grep -q '^usage: wtbench' || fail "--help"
echo "test_cli: $fails failure(s)"
[ $fails -eq 0 ]
