#!/usr/bin/env bash
# Runs every unit test (test/**/*.test.ts) with node's own test runner, TypeScript loaded by tsx.
# Files run several at a time (EVC_UNIT_CONCURRENCY, default 2 per core, at least 2): most of them wait on
# sockets, child processes and timers, not on the CPU (node's default is one file at a time on 2 cores).
# The files that boot the CAN environment (user-mode Linux) or measure timing against a clock run one at a
# time, beside the others; their output follows the others' output. Extra arguments go to node (flags).
set -euo pipefail
cd "$(dirname "$0")/.."
serial_re='^test/can/|^test/uds/timing\.test\.ts$'
mapfile -t files < <(find test -name '*.test.ts' | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no unit tests found" >&2; exit 1; fi
mapfile -t serial < <(printf '%s\n' "${files[@]}" | grep -E "$serial_re" || true)
mapfile -t rest < <(printf '%s\n' "${files[@]}" | grep -vE "$serial_re" || true)
cores=$(node -p 'require("node:os").availableParallelism()')
n=${EVC_UNIT_CONCURRENCY:-$(( cores * 2 > 2 ? cores * 2 : 2 ))}
start=$(date +%s)
serial_out=$(mktemp)
serial_rc=0
if [ "${#serial[@]}" -gt 0 ]; then
  node --import tsx --test --test-concurrency=1 --test-reporter=spec "$@" "${serial[@]}" >"$serial_out" 2>&1 &
  serial_pid=$!
fi
rest_rc=0
if [ "${#rest[@]}" -gt 0 ]; then
  node --import tsx --test --test-concurrency="$n" --test-reporter=spec "$@" "${rest[@]}" || rest_rc=$?
fi
if [ -n "${serial_pid:-}" ]; then wait "$serial_pid" || serial_rc=$?; fi
echo
echo "----- one at a time (CAN environment, timing): ${#serial[@]} files"
cat "$serial_out"
rm -f "$serial_out"
echo "unit: ${#rest[@]} files ${n} at a time (exit ${rest_rc}), ${#serial[@]} files one at a time beside them (exit ${serial_rc}), $(( $(date +%s) - start )) s"
[ "$rest_rc" -eq 0 ] && [ "$serial_rc" -eq 0 ]
