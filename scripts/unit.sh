#!/usr/bin/env bash
# Runs every unit test (test/**/*.test.ts) with node's own test runner, TypeScript loaded by tsx.
# Files run several at a time (EVC_UNIT_CONCURRENCY, default 2 per core, at least 2): most of them wait on
# sockets, child processes and timers, not on the CPU (node's default is one file at a time on 2 cores).
# Then, alone and one at a time: the files that boot the CAN environment (user-mode Linux), measure timing
# against a clock, or check the machine for processes of this checkout (leaks.test.ts, can-env's "nothing is
# left running" would see the other files' processes). Extra arguments go to node (flags).
# `--only-serial` runs just those (nothing else of this checkout may run beside them: .ci/run runs them before
# its lanes); `--only-parallel` just the others (they may run beside other work: .ci/run runs them in a lane).
set -euo pipefail
cd "$(dirname "$0")/.."
serial_re='^test/can/|^test/chademo/bench-sim\.test\.ts$|^test/uds/timing\.test\.ts$|^test/foundation/leaks\.test\.ts$'
part=all
case "${1:-}" in
  --only-serial) part=serial; shift ;;
  --only-parallel) part=parallel; shift ;;
esac
mapfile -t files < <(find test -name '*.test.ts' | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no unit tests found" >&2; exit 1; fi
mapfile -t serial < <(printf '%s\n' "${files[@]}" | grep -E "$serial_re" || true)
mapfile -t rest < <(printf '%s\n' "${files[@]}" | grep -vE "$serial_re" || true)
# The longest files first (each runs evc/cucumber or Chromium many times: 100-800 s apiece on a loaded machine), so
# the files running at once end together instead of one long file starting last and running alone at the end.
slow_first=(test/report/report.test.ts test/v2g/timer-edges.test.ts test/ocpp/verdicts.test.ts test/foundation/cli.test.ts test/reference-ocpp16/fixed-heartbeat-peer.test.ts
  test/foundation/resume.test.ts test/foundation/bad-input.test.ts test/ocpp/idle-teardown.test.ts
  test/ocpp/station-restore.test.ts test/rig/persistent-csms.test.ts test/faults/fault-runner.test.ts test/rig/remote.test.ts
  test/rig/http-csms-driver.test.ts test/report/summary.test.ts test/foundation/rerun.test.ts test/operator/console.test.ts test/rig/commission.test.ts)
ordered=()
for f in "${slow_first[@]}"; do printf '%s\n' "${rest[@]}" | grep -qxF "$f" && ordered+=("$f"); done
for f in "${rest[@]}"; do printf '%s\n' "${slow_first[@]}" | grep -qxF "$f" || ordered+=("$f"); done
rest=("${ordered[@]}")
[ "$part" = parallel ] && serial=()
[ "$part" = serial ] && rest=()
# every test bounded (15 min: the longest files run evc many times on a loaded machine) and every file's process
# ends once its tests have (node 20 has no per-file timeout: a file whose test left a handle open would otherwise
# hold its lane until CI's own limit)
guard=(--test-force-exit --test-timeout=900000)
cores=$(node -p 'require("node:os").availableParallelism()')
n=${EVC_UNIT_CONCURRENCY:-$(( cores * 2 > 2 ? cores * 2 : 2 ))}
start=$(date +%s)
rest_rc=0
rerun_note=""
if [ "${#rest[@]}" -gt 0 ]; then
  out=$(mktemp)
  node --import tsx --test "${guard[@]}" --test-concurrency="$n" --test-reporter=spec "$@" "${rest[@]}" 2>&1 | tee "$out" || rest_rc=$?
  # A file that failed beside the others runs again alone, once: its timing tests wait on the machine, and
  # several files at a time on 2 cores can starve a 30 ms wait. A failure alone is a failure; a pass alone is
  # reported by name (never silently), so a test that is only flaky under load stays visible.
  if [ "$rest_rc" -ne 0 ]; then
    mapfile -t failed < <(grep -oE '^test at (test/[^:]+\.test\.ts)' "$out" | sed 's/^test at //' | sort -u)
    if [ "${#failed[@]}" -gt 0 ]; then
      echo
      echo "----- failed beside the others, run again alone: ${failed[*]}"
      if node --import tsx --test "${guard[@]}" --test-concurrency=1 --test-reporter=spec "$@" "${failed[@]}"; then
        rest_rc=0
        rerun_note=" (failed under load, passed alone: ${failed[*]})"
      fi
    fi
  fi
  rm -f "$out"
fi
mid=$(date +%s)
serial_rc=0
if [ "${#serial[@]}" -gt 0 ]; then
  echo
  echo "----- alone, one at a time (CAN environment, timing, leak checks): ${#serial[@]} files"
  node --import tsx --test "${guard[@]}" --test-concurrency=1 --test-reporter=spec "$@" "${serial[@]}" || serial_rc=$?
fi
echo "unit: ${#rest[@]} files ${n} at a time (exit ${rest_rc}, $(( mid - start )) s)${rerun_note}, then ${#serial[@]} files alone one at a time (exit ${serial_rc}, $(( $(date +%s) - mid )) s)"
[ "$rest_rc" -eq 0 ] && [ "$serial_rc" -eq 0 ]
