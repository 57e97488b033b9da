#!/bin/sh
# stress_limit.sh WTBENCH: a process spawn storm under a low RLIMIT_NPROC reaches the limit and
# records it (counter limit_reached > 0, exit 0), never crashes. RLIMIT_NPROC does not bind root,
# so as root the storm runs as nobody (setpriv); the limit is the user's running tasks plus 30.
# Exit 77 (skipped) without prlimit, or as root without setpriv, or when wtbench skips (TSan).
w=$1
command -v prlimit >/dev/null || { echo "no prlimit"; exit 77; }
uid=$(id -u)
run_as=""
if [ "$uid" -eq 0 ]; then
  command -v setpriv >/dev/null || { echo "root without setpriv"; exit 77; }
  uid=65534
  run_as="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
tasks=$(ps -L -u "$uid" --no-headers 2>/dev/null | wc -l)
limit=$((tasks + 30))
d=$(mktemp -d)
chmod 777 "$d"
trap 'rm -rf "$d"' EXIT
$run_as prlimit --nproc="$limit" "$w" run --full --case stress.spawn --filter 'what:process' --repetitions 1 \
  --duration 1 --no-report --out "$d/out" >"$d/stdout" 2>"$d/stderr"
got=$?
cat "$d/stdout"
[ "$got" -eq 77 ] && { echo "skipped (exit 77)"; exit 77; }
if [ "$got" -ne 0 ]; then
  echo "FAIL: exit status $got under RLIMIT_NPROC $limit, expected 0; stderr:"
  cat "$d/stderr"
  exit 1
fi
if ! grep -Eq '"limit_reached": [1-9]' "$d/out/results.json"; then
  echo "FAIL: RLIMIT_NPROC $limit was never reached, or not recorded as limit_reached:"
  grep -E '"limit_(reached|hits)"' "$d/out/results.json"
  exit 1
fi
grep -E '"limit_(reached|hits)"' "$d/out/results.json"
echo "ok: the limit was reached and recorded"
