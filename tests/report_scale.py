"""report_scale.py WTBENCH WORKDIR N: `wtbench report` on a synthetic results file of N results
(gen_big_results.py: half a sampled 2048-PU msg.c2c matrix, the rest every family with wide sweeps,
aggregates without run_name). It must finish (ctest's timeout) with exit 0 and memory linear in N
(peak RSS below 25 KB a result plus 150 MB: the old bar chart needed 32 x N^2 bytes, 12.8 GB at 20k);
the heatmap must be binned to at most 64 x 64 cells and say so, the bar chart must draw at most 300
rows and say so, and no aggregate may show up as a result ("_median")."""
import os
import re
import subprocess
import sys

wtbench, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(work, exist_ok=True)
src = os.path.join(work, "big.json")
subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen_big_results.py"),
                str(n), src], check=True)
out = os.path.join(work, "report")
log = open(os.path.join(work, "report.log"), "w+")
p = subprocess.Popen([wtbench, "report", src, "-o", out], stdout=log, stderr=subprocess.STDOUT)
_, status, ru = os.wait4(p.pid, 0)  # this child's own peak RSS, not the generator's
rc, rss_kb = os.waitstatus_to_exitcode(status), ru.ru_maxrss
fails = []
if rc != 0:
    log.seek(0)
    fails.append("report exited %d: %s" % (rc, log.read()[-2000:]))
limit_kb = 25 * n + 150 * 1024
if rss_kb > limit_kb:
    fails.append("peak RSS %d KB, expected below %d KB (linear in the results)" % (rss_kb, limit_kb))
if not fails:
    html = open(os.path.join(out, "index.html"), encoding="utf-8").read()
    if "Binned: 2048 PUs in 64 x 64 cells of 32 PUs each" not in html:
        fails.append("the c2c heatmap is not binned to 64 x 64 (or its caption does not say so)")
    rows = [l for l in open(os.path.join(out, "msg_c2c.dat")) if l.strip() and not l.startswith("#")]
    if len(rows) != 64 * 64:
        fails.append("msg_c2c.dat has %d cells, expected 4096" % len(rows))
    if not re.search(r"\d+ rows: the first 300 are drawn, all are in the \.dat", html):
        fails.append("spawn_cost does not say it draws the first 300 rows")
    if "could not draw" in html:
        fails.append("a figure was not drawn: " + re.search(r"gnuplot could not draw[^<]*", html).group(0))
    for f in os.listdir(out):
        if f.endswith((".dat", ".md")) and "_median" in open(os.path.join(out, f), encoding="utf-8").read():
            fails.append("%s: an aggregate shows up as a result (_median)" % f)
print("report_scale: %d results, peak RSS %.0f MB" % (n, rss_kb / 1024.0))
for f in fails:
    print("FAIL: " + f)
sys.exit(1 if fails else 0)
