#!/bin/sh
# contract_run.sh WTBENCH CONTRACT_H FILTER PREFIX: a smoke run of the results FILTER selects (their
# native counterparts left out), then tests/contract_check.py on its results.json; and proof that
# the checker can fail: the same file with a counter outside the contract must be refused. Exit 77
# (SKIP) when no result starting with PREFIX ran here (no node, no wrk).
set -u
wtbench=$1 contract=$2 filter=$3 prefix=$4
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$wtbench" run --smoke --no-natives --filter "$filter" --no-report --out "$out" >"$out/log" 2>&1
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
  cat "$out/log"
  echo "FAIL: the smoke run of $filter exited $rc"
  exit 1
fi
if ! python3 - "$out/results.json" "$prefix" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any(b["name"].startswith(sys.argv[2]) and not b.get("error_occurred") for b in d["benchmarks"]) else 1)
PY
then
  grep -m1 SKIP "$out/log"
  exit 77
fi
python3 "$here/contract_check.py" "$contract" "$out/results.json" --prefix "$prefix" || {
  echo "FAIL: $out/results.json breaks the results contract"
  exit 1
}
python3 - "$out/results.json" "$out/doctored.json" <<'PY' || { echo "FAIL: no result to doctor"; exit 1; }
import json, sys
d = json.load(open(sys.argv[1]))
for b in d["benchmarks"]:
    if not b.get("error_occurred"):
        b["not_in_the_contract_ns"] = 1.0
        break
else:
    sys.exit(3)
json.dump(d, open(sys.argv[2], "w"))
PY
if python3 "$here/contract_check.py" "$contract" "$out/doctored.json" --prefix "$prefix" >/dev/null; then
  echo "FAIL: the checker accepted a counter outside the contract"
  exit 1
fi
echo "ok: $(grep -c '"run_type": "iteration"' "$out/results.json") entries of $filter follow the contract"
