#!/bin/sh
# perf_stored.sh: the stored-baseline mode (label perf). Records a baseline, then an unchanged
# recording and one with +20 % injected into calib.work/units:256 only (WTBENCH_TEST_DELAY_PCT,
# tests only), each at its own time as on different days, and gates both with
# --normalise calib.work/units:2048: the unchanged one must pass, the slowed one must fail.
# usage: perf_stored.sh CI_DIR WTBENCH WORKDIR
set -u
ci=$1 exe=$2 work=$3
here=$(dirname "$0")
mkdir -p "$work" || exit 1
PERF_EXPECT_INTERFERED=0
rec() {
  o=$("$ci/perf-record" "$1" --bin "$exe" --filter '^calib\.work' --min-time 0.02 --rounds 10 2>&1) || { printf '%s\n' "$o"; exit 1; }
  printf '%s\n' "$o"
  if printf '%s\n' "$o" | grep -Eq '[1-9][0-9]* retaken'; then PERF_EXPECT_INTERFERED=1; fi
}
rec "$work/base.json"
rec "$work/same.json"
WTBENCH_TEST_DELAY_PCT=20:256 rec "$work/slow.json"
export PERF_EXPECT_INTERFERED
"$here/perf_expect.sh" 0 '1 compared: 0 regressions' \
    "$ci/perf-gate" --normalise calib.work/units:2048 "$work/base.json" "$work/same.json" || exit $?
"$here/perf_expect.sh" 1 'calib\.work/units:256 .*REGRESSION' \
    "$ci/perf-gate" --normalise calib.work/units:2048 "$work/base.json" "$work/slow.json" || exit $?
