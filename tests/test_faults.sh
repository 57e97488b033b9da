#!/usr/bin/env bash
# test_faults: a failing repetition is that one result's FAIL with its reason, the case's other
# results stay in results.json, and nothing the case started outlives it: a process peer killed
# mid-message (SIGKILL, the killpeer test knob), and a child whose peer would stay stopped.
set -u
W=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
sel='^msg\.pipe/peer:(thread|process)/place:pu/bytes:8$'
victim='msg.pipe/peer:process/place:pu/bytes:8'

WTBENCH_TEST_FAULT="killpeer:$victim" "$W" run --smoke --no-report --filter "$sel" --out "$d/kill" >"$d/out" 2>"$d/err"
rc=$?
if grep -q "^SKIP  $victim .*fork" "$d/out"; then # a build whose runtime cannot fork (TSan)
  echo "test_faults: skipped: $(grep "^SKIP  $victim" "$d/out")"
  exit 77
fi
[ $rc -eq 1 ] || fail "killed peer: exit $rc, expected 1: $(cat "$d/err")"
grep -q "^FAIL  $victim .*peer process was killed by signal 9" "$d/out" || fail "no FAIL line naming signal 9: $(cat "$d/out")"
grep -q '"name": "msg.pipe/peer:thread/place:pu/bytes:8"' "$d/kill/results.json" 2>/dev/null \
  || fail "the case's other result is missing from results.json"
grep -q '"error_message": "FAIL: .*killed by signal 9' "$d/kill/results.json" 2>/dev/null || fail "FAIL not in results.json"

# A crash in the child: the process group ends with it; no wtbench process of this run is left.
WTBENCH_TEST_FAULT="crash:msg.pipe" "$W" run --smoke --no-report --filter "$sel" --out "$d/crash" >"$d/out" 2>"$d/err"
rc=$?
[ $rc -eq 1 ] || fail "crash: exit $rc, expected 1"
sleep 0.2
left=$(ps -eo pid,args | grep -F -- "$d/" | grep -v grep)
[ -z "$left" ] || fail "processes left behind: $left"
[ $fails -eq 0 ] && echo "test_faults: ok" || echo "test_faults: $fails failure(s)"
[ $fails -eq 0 ]
