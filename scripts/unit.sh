#!/usr/bin/env bash
# Runs every unit test (test/**/*.test.ts) with node's own test runner, TypeScript loaded by tsx.
# Files run several at a time (EVC_UNIT_CONCURRENCY, default 2 per core, at least 2): most of them wait on
# sockets, child processes and timers, not on the CPU (node's default is one file at a time on 2 cores).
# Then, alone and one at a time: the files that boot the CAN environment (user-mode Linux), measure timing
# against a clock, or check the machine for processes of this checkout (leaks.test.ts, can-env's "nothing is
# left running" would see the other files' processes). Extra arguments go to node (flags).
# Nothing else of this checkout may run beside the unit tests (.ci/run runs them before its lanes).
set -euo pipefail
cd "$(dirname "$0")/.."
serial_re='^test/can/|^test/uds/timing\.test\.ts$|^test/foundation/leaks\.test\.ts$'
mapfile -t files < <(find test -name '*.test.ts' | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no unit tests found" >&2; exit 1; fi
mapfile -t serial < <(printf '%s\n' "${files[@]}" | grep -E "$serial_re" || true)
mapfile -t rest < <(printf '%s\n' "${files[@]}" | grep -vE "$serial_re" || true)
cores=$(node -p 'require("node:os").availableParallelism()')
n=${EVC_UNIT_CONCURRENCY:-$(( cores * 2 > 2 ? cores * 2 : 2 ))}
start=$(date +%s)
rest_rc=0
if [ "${#rest[@]}" -gt 0 ]; then
  node --import tsx --test --test-concurrency="$n" --test-reporter=spec "$@" "${rest[@]}" || rest_rc=$?
fi
mid=$(date +%s)
serial_rc=0
if [ "${#serial[@]}" -gt 0 ]; then
  echo
  echo "----- alone, one at a time (CAN environment, timing, leak checks): ${#serial[@]} files"
  node --import tsx --test --test-concurrency=1 --test-reporter=spec "$@" "${serial[@]}" || serial_rc=$?
fi
echo "unit: ${#rest[@]} files ${n} at a time (exit ${rest_rc}, $(( mid - start )) s), then ${#serial[@]} files alone one at a time (exit ${serial_rc}, $(( $(date +%s) - mid )) s)"
[ "$rest_rc" -eq 0 ] && [ "$serial_rc" -eq 0 ]
