#!/bin/sh
# contract_run.sh WTBENCH CONTRACT_H FILTER PREFIX: a smoke run of the results FILTER selects, then
# tests/contract_check.py on its results.json (every name starting PREFIX); and proof that the
# checker can fail: the same file with one counter renamed to a name outside the contract must be
# refused. Exit 77 (SKIP) when every selected result was skipped here (no node).
set -u
wtbench=$1 contract=$2 filter=$3 prefix=$4
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$wtbench" run --smoke --filter "$filter" --no-report --out "$out" >"$out/log" 2>&1
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
  cat "$out/log"
  echo "FAIL: the smoke run of $filter exited $rc"
  exit 1
fi
python3 "$here/contract_check.py" "$contract" "$out/results.json" --prefix "$prefix" || {
  echo "FAIL: $out/results.json breaks the results contract"
  exit 1
}
python3 - "$out/results.json" "$out/doctored.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for b in d["benchmarks"]:
    if not b.get("error_occurred"):
        b["not_in_the_contract_ns"] = 1.0
        break
json.dump(d, open(sys.argv[2], "w"))
PY
if python3 "$here/contract_check.py" "$contract" "$out/doctored.json" --prefix "$prefix" >/dev/null; then
  if grep -q '"error_occurred": false' "$out/results.json"; then
    echo "FAIL: the checker accepted a counter outside the contract"
    exit 1
  fi
fi
[ $rc -eq 77 ] && { grep -m1 SKIP "$out/log"; exit 77; }
echo "ok: $(grep -c '"run_type": "iteration"' "$out/results.json") entries of $filter follow the contract"
