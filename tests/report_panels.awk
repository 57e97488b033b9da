# report_panels.awk SCRIPT.gp: the most data series one plot command (a panel) draws, limit lines aside
/^plot / { n = 0; inplot = 1 }
inplot { c = gsub(/\.dat' index [0-9]+ using/, "&"); l = gsub(/lw 2\.5/, "&"); n += c - (c && l ? c : 0) }
inplot && !/\\$/ { if (n > max) max = n; inplot = 0 }
END { print max + 0 }
