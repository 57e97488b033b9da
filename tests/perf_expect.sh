#!/bin/sh
# perf_expect.sh: run a perf-gate command and require its exact exit status AND a line matching an
# extended regex, so a gate that errors out (exit 2) or compares nothing cannot pass a test.
# usage: perf_expect.sh EXIT_STATUS REGEX COMMAND [ARG ...]
want=$1
re=$2
shift 2
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne "$want" ]; then
    echo "perf_expect: '$1' exited $rc, expected $want"
    exit 1
fi
if ! printf '%s\n' "$out" | grep -Eq -- "$re"; then
    echo "perf_expect: no output line matches /$re/"
    exit 1
fi
exit 0
