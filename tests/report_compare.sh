#!/bin/sh
# report_compare.sh WTBENCH TESTS_DIR WORKDIR: the report on runs with repetitions (gen_runs.py).
#  1. one run given twice: no significant change, anywhere;
#  2. three runs, the second with msg.pipe 1.5x slower, the third with xfer.copy 0.7x: a table of
#     changes per later run that flags every changed result, and few others (p < 0.05 lets about 1 in
#     20 unchanged ones through by chance; the interval must exclude 1 too);
#  3. the page: the answers before anything else, no panel with more than 8 series, no tick label
#     in e-notation, error bars from the repetitions, colours by run, the machines side by side,
#     findings rendered as HTML (no raw markdown), the stress family's invariant table with the
#     result that lost a message as FAIL, and the family the report does not know named.
W=$1 T=$2 D=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$D" && mkdir -p "$D" && cd "$D" || fail "cannot create $D"
python3 "$T/gen_runs.py" A.json 1 || fail "gen A"
python3 "$T/gen_runs.py" B.json 2 msg.pipe=1.5 || fail "gen B"
python3 "$T/gen_runs.py" C.json 3 xfer.copy=0.7 || fail "gen C"

# 1. the same run twice
"$W" report A.json A.json -o AA >AA.log 2>&1 || { cat AA.log; fail "report A A"; }
grep -q 'against #1 A.json: [0-9]* results compared, 0 significant changes' AA.log || fail "A A: $(cat AA.log)"
grep -q '\*\*0 significant\*\*' AA/changes.md || fail "A A: changes.md does not say 0 significant"
grep -q '| \*\*slower\*\* |\|| \*\*faster\*\* |' AA/changes.md && fail "A A: a change flagged in changes.md"
grep -q '<tr class="slower">\|<tr class="faster">' AA/index.html && fail "A A: a change flagged on the page"

# 2. three runs
"$W" report A.json B.json C.json -o ABC >ABC.log 2>&1 || { cat ABC.log; fail "report A B C"; }
R=ABC
[ -s $R/changes.md ] || fail "no changes.md"
grep -q '^## B against A' $R/changes.md && grep -q '^## C against A' $R/changes.md || fail "changes.md lacks a run"
# rows of one later run's section
section() { awk -v s="## $1 against A" '$0 == s { on = 1; next } /^## / { on = 0 } on && /^\| `/' $R/changes.md; }
npipe=$(section B | grep -c '`msg.pipe/.*| \*\*slower\*\* |')
[ "$npipe" -eq 12 ] || fail "B: $npipe of 12 msg.pipe results flagged slower"
nother=$(section B | grep -v '`msg.pipe/' | grep -c '\*\*slower\*\*\|\*\*faster\*\*')
nrest=$(section B | grep -vc '`msg.pipe/')
[ $((nother * 10)) -le "$nrest" ] || fail "B: $nother of $nrest unchanged results flagged (more than 10 %)"
ncopy=$(section C | grep -c '`xfer.copy/.*| \*\*faster\*\* |')
[ "$ncopy" -eq 8 ] || fail "C: $ncopy of 8 xfer.copy results flagged faster"
section B | grep '`msg.pipe/peer:thread/place:l3/bytes:8`' | grep -Eq '\| 1\.[45][0-9]* \| \[1\.[0-9]*, 1\.[0-9]*\] \| 0\.000412 \|' ||
    fail "B: msg.pipe ratio, interval or p unexpected: $(section B | grep 'peer:thread/place:l3/bytes:8`')"
grep -q '<section id="changes">' $R/index.html || fail "no changes section on the page"
grep -q 'What changed: B against A: <b>1[0-9] significant</b>' $R/index.html || fail "summary does not count the changes"
grep -q "NaN with lines lw 5 lc rgb '#[0-9a-f]*' title 'C'" $R/msg_payload.gp || fail "msg_payload: no key entry for run C"
grep -q 'The machines, side by side' $R/index.html || fail "machines not side by side"

# 3. the page, on the three runs and on one
"$W" report A.json -o A1 >A1.log 2>&1 || { cat A1.log; fail "report A"; }
for R in ABC A1; do
    H=$R/index.html
    s=$(grep -n '<section id="summary">' $H | cut -d: -f1)
    m=$(grep -n '<section id="machine">' $H | cut -d: -f1)
    f=$(grep -n '<section id="msg">' $H | cut -d: -f1)
    [ -n "$s" ] && [ -n "$m" ] && [ -n "$f" ] && [ "$s" -lt "$m" ] && [ "$m" -lt "$f" ] || fail "$R: summary, machine, sections not in that order"
    grep -q '<span class="v conf">CONFIRMED</span>' $H || fail "$R: no verdict in the summary"
    for g in $R/*.gp; do
        n=$(awk -f "$T/report_panels.awk" "$g")
        [ "$n" -le 8 ] || fail "$g: a panel draws $n series"
    done
    grep -ho '>[^<>]*<' $R/*.svg | grep -E '[0-9]e[+-][0-9]' && fail "$R: a label in e-notation"
    # error bars: the .dat holds each median's interval, and it is not empty
    awk '!/^#/ && NF >= 5 && $3 < $2 && $2 < $4 { n++ } END { exit n < 10 }' $R/msg_payload.dat ||
        fail "$R: msg_payload.dat has no intervals around its medians"
    grep -q 'with yerrorlines' $R/msg_payload.gp || fail "$R: msg_payload draws no error bars"
    grep -q 'Thick dark bar: that median' $H || fail "$R: bars do not say they draw the median's interval"
    grep -q '<pre>' $H && fail "$R: findings in a <pre>"
    sed -n '/<section id="findings">/,/<\/section>/p' $H >$R.findings
    grep -q '<ol start="2">' $R.findings && grep -q '<b>CONFIRMED</b>' $R.findings &&
        grep -q '<a href="#fig-' $R.findings || fail "$R: findings not rendered as HTML"
    grep -q '\*\*' $R.findings && fail "$R: raw markdown bold in the page's findings"
    grep -q 'stress.flood/mech:pipe</code></td>.*class="fail">FAIL' $R/stress_invariants.html ||
        fail "$R: the stress result that lost a message is not FAIL"
    grep -q 'class="skip">SKIP' $R/stress_invariants.html || fail "$R: the skipped stress result is not SKIP"
done
grep -q '^- \*\*REFUTED\*\*: Under load and faults' A1/findings.md || fail "stress claim not refuted"
grep -q 'Colours: one per run' ABC/index.html || fail "several runs: the caption does not say colours are runs"
echo "report_compare: all checks passed"
