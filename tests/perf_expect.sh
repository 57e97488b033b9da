#!/bin/sh
# perf_expect.sh: run a perf-gate command and require its exact exit status AND a line matching an
# extended regex, so a gate that errors out (exit 2) or compares nothing cannot pass a test.
# One way out, exit 77 (skipped): the status is wrong, the gate called a result "too noisy to gate",
# and there is evidence that something else took the CPU while it measured (repetitions retaken
# because the probe lost its CPU, in this output or, for recordings made before, in
# PERF_EXPECT_INTERFERED=1). The gate then refused to judge, as it must on such a machine, and
# this test cannot check its verdict there. On a quiet machine nothing is retaken and every
# mismatch fails.
# usage: perf_expect.sh EXIT_STATUS REGEX COMMAND [ARG ...]
want=$1
re=$2
shift 2
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne "$want" ]; then
    if printf '%s\n' "$out" | grep -q 'too noisy to gate' &&
        { [ "${PERF_EXPECT_INTERFERED:-0}" = 1 ] || printf '%s\n' "$out" | grep -Eq '[1-9][0-9]* retaken'; }; then
        echo "perf_expect: skipped: '$1' exited $rc, expected $want, but the machine was busy (repetitions retaken) and the gate said too noisy to gate"
        exit 77
    fi
    echo "perf_expect: '$1' exited $rc, expected $want"
    exit 1
fi
if ! printf '%s\n' "$out" | grep -Eq -- "$re"; then
    echo "perf_expect: no output line matches /$re/"
    exit 1
fi
exit 0
