#!/usr/bin/env bash
# test_out: a run writes only under its --out, its per-case children included: an old results/ in
# the working directory (as `make report` leaves one) stays byte for byte as it was, and nothing
# else appears in the working directory.
set -u
W=$(realpath "$1")
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cd "$d" || exit 1
mkdir -p results/report
"$W" run --smoke --no-report --filter '^calib\.thread$' --out old >/dev/null 2>&1 || { echo "setup run failed"; exit 1; }
cp old/results.json results/results.json
echo "the user's report" >results/report/index.html
rm -rf old
before=$(find . -type f -exec sha256sum {} + | sort)
"$W" run --smoke --filter '^(calib\.thread|spawn\.thread/place:pu/stack:default/until:join)$' --out "$d/new" >/dev/null 2>&1
rc=$?
after=$(find . -path ./new -prune -o -type f -exec sha256sum {} + | sort)
fails=0
[ $rc -eq 0 ] || { echo "FAIL: run exit $rc"; fails=1; }
[ "$before" = "$after" ] || { echo "FAIL: the run touched files outside --out:"; diff <(echo "$before") <(echo "$after"); fails=1; }
[ -f new/results.json ] && [ -f new/report/index.html ] || { echo "FAIL: no results or report under --out"; fails=1; }
[ $fails -eq 0 ] && echo "test_out: ok"
exit $fails
