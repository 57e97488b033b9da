#!/usr/bin/env bash
# test_http: the http family's failures are one result's FAIL with a one-line reason, the other
# results go on, and nothing a case started outlives it (no server, loop process, cluster worker or
# wrk; so nothing listens). Faults: a server that dies mid-window (the test knob
# WTBENCH_TEST_FAULT=die:RESULT makes it kill itself with SIGKILL on its 64th request; the warm-up
# stays below that, so it dies in the window whatever the machine's speed), a wrk that hangs
# (WTBENCH_WRK=hang_wrk.sh, killed 5 s after its window), a server that ends before it listens
# (WTBENCH_NODE=/bin/false), and no wrk at all (every result a SKIP, exit 77). No timing is checked.
# Exit 77 (skipped) without wrk; the node parts are skipped without node.
set -u
W=$1
here=$(cd "$(dirname "$0")" && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
wrk=${WTBENCH_WRK:-/usr/bin/wrk}
if [ ! -x "$wrk" ] && ! command -v wrk >/dev/null; then
  echo "test_http: skipped: no wrk (apt-get install wrk)"
  exit 77
fi
# Every process started under this mark (the environment is inherited) must be gone after a run.
export WT_HTTP_TEST_MARK="wt-http-test-$$-$RANDOM"
leftovers() {
  sleep 0.3
  for e in /proc/[0-9]*/environ; do
    if { tr '\0' '\n' <"$e"; } 2>/dev/null | grep -qx "WT_HTTP_TEST_MARK=$WT_HTTP_TEST_MARK"; then
      p=${e#/proc/}
      p=${p%/environ}
      [ "$p" = $$ ] || [ "$p" = "$BASHPID" ] || echo "$p $({ tr '\0' ' ' </proc/$p/cmdline; } 2>/dev/null)"
    fi
  done
}
run() { # NAME FAULT ARGS...: run wtbench with WTBENCH_TEST_FAULT=FAULT (- for none) into $d/NAME
  local name=$1 fault=$2
  shift 2
  if [ "$fault" = - ]; then
    "$W" run --smoke --no-report --out "$d/$name" "$@" >"$d/$name.out" 2>"$d/$name.err"
  else
    WTBENCH_TEST_FAULT=$fault "$W" run --smoke --no-report --out "$d/$name" "$@" >"$d/$name.out" 2>"$d/$name.err"
  fi
  rc=$?
  left=$(leftovers)
  [ -z "$left" ] || fail "$name: processes left behind: $left"
}
ok_in() { # FILE RESULT: RESULT is in FILE without an error
  python3 - "$1" "$2" <<'PY' || fail "$2: not a result without error in $1"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any(b.get("run_name") == sys.argv[2] and not b.get("error_occurred") for b in d["benchmarks"]) else 1)
PY
}

# A C server dies mid-window: that result FAILs with the signal, its siblings pass.
v=http.replay/server:c/mode:pool
run die_c "die:$v" --filter '^http\.replay/server:c/'
[ $rc -eq 1 ] || fail "die_c: exit $rc, expected 1: $(cat "$d/die_c.err")"
grep -Eq "^FAIL  $v +the C server \(wthttpd mode=pool\) died mid-window: killed by signal 9" "$d/die_c.out" \
  || fail "die_c: no one-line FAIL naming the death: $(cat "$d/die_c.out")"
[ "$(grep -c '^FAIL' "$d/die_c.out")" = 1 ] || fail "die_c: more than one FAIL: $(cat "$d/die_c.out")"
ok_in "$d/die_c/results.json" http.replay/server:c/mode:inline
ok_in "$d/die_c/results.json" http.replay/server:c/mode:thread

# A hung wrk is killed; the result FAILs saying so.
WTBENCH_WRK=$here/hang_wrk.sh run hang - --filter '^http\.replay/server:c/mode:pool$'
[ $rc -eq 1 ] || fail "hang: exit $rc, expected 1: $(cat "$d/hang.err")"
grep -Eq "^FAIL  http.replay/server:c/mode:pool +wrk hung: no summary 5 s after its 1 s window; killed" "$d/hang.out" \
  || fail "hang: no FAIL naming the hung wrk: $(cat "$d/hang.out")"

# No wrk: every result SKIPs with the reason, exit 77.
WTBENCH_WRK=$d/no-such-wrk run nowrk - --filter '^http\.replay/server:c/mode:inline$'
[ $rc -eq 77 ] || fail "nowrk: exit $rc, expected 77"
grep -Eq "^SKIP  http.replay/server:c/mode:inline +WTBENCH_WRK=.* is not an executable wrk" "$d/nowrk.out" \
  || fail "nowrk: no SKIP line: $(cat "$d/nowrk.out")"

node=${WTBENCH_NODE:-$(command -v node || command -v nodejs || true)}
if [ -n "$node" ]; then
  # node's server dies mid-window (a Worker per slow request, so a thread of it is busy too).
  v=http.replay/server:node/mode:thread
  run die_node "die:$v" --filter '^http\.replay/server:(node/mode:thread|c/mode:inline)$'
  [ $rc -eq 1 ] || fail "die_node: exit $rc, expected 1: $(cat "$d/die_node.err")"
  grep -Eq "^FAIL  $v +node's server \(httpd.js mode=thread\) died mid-window: killed by signal 9" "$d/die_node.out" \
    || fail "die_node: no one-line FAIL naming the death: $(cat "$d/die_node.out")"
  ok_in "$d/die_node/results.json" http.replay/server:c/mode:inline
  # A cluster worker dies: the primary says which and ends; the result FAILs with that line.
  v=http.scale/server:node/mode:process
  run die_cluster "die:$v" --filter '^http\.scale/server:node/mode:process$'
  [ $rc -eq 1 ] || fail "die_cluster: exit $rc, expected 1"
  grep -Eq "^FAIL  $v +node's server \(httpd.js mode=inline kind=process\) (died|failed) mid-window: .*cluster worker [0-9]+ \(process [0-9]+\) was killed by SIGKILL" \
    "$d/die_cluster.out" || fail "die_cluster: no FAIL naming the worker: $(cat "$d/die_cluster.out")"
  # A server that ends before it listens.
  WTBENCH_NODE=/bin/false run false - --filter '^http\.io/server:node/mode:inline$'
  [ $rc -eq 1 ] || fail "false: exit $rc, expected 1"
  grep -Eq "^FAIL  http.io/server:node/mode:inline +node's server \(httpd.js mode=inline\) ended before it listened: exited with status 1" \
    "$d/false.out" || fail "false: no FAIL line: $(cat "$d/false.out")"
else
  echo "test_http: node parts skipped: no node"
fi
[ $fails -eq 0 ] && echo "test_http: ok" || echo "test_http: $fails failure(s)"
[ $fails -eq 0 ]
