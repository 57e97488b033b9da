#!/bin/sh
# hang_wrk.sh: a wrk that never ends and never answers (test_http.sh sets WTBENCH_WRK to it).
exec sleep 600
