#!/bin/sh
# stress_expect.sh WTBENCH RC REGEX FAULT ARGS...: run `WTBENCH run ARGS --no-report` with
# WTBENCH_TEST_FAULT=FAULT (none when FAULT is -) and expect exit status RC and a line of its
# output matching the extended regular expression REGEX (the FAIL line naming what was lost,
# doubled or stalled). Exit 77 (skipped) when wtbench skipped every result, e.g. under TSan.
w=$1 rc=$2 re=$3 fault=$4
shift 4
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
if [ "$fault" = - ]; then
  "$w" run "$@" --no-report --out "$d/out" >"$d/stdout" 2>"$d/stderr"
else
  WTBENCH_TEST_FAULT=$fault "$w" run "$@" --no-report --out "$d/out" >"$d/stdout" 2>"$d/stderr"
fi
got=$?
cat "$d/stdout"
if [ "$got" -eq 77 ]; then
  echo "skipped (exit 77)"
  exit 77
fi
if [ "$got" -ne "$rc" ]; then
  echo "FAIL: exit status $got, expected $rc; stderr:"
  cat "$d/stderr"
  exit 1
fi
if ! grep -Eq -- "$re" "$d/stdout"; then
  echo "FAIL: no line of the output matches '$re'; stderr:"
  cat "$d/stderr"
  exit 1
fi
echo "ok: exit $got and a line matching '$re'"
