#!/usr/bin/env bash
# The container path end to end, for CI: a container engine (scripts/ensure-docker.sh) → the reference images
# (scripts/build-reference-images.sh) → the OCPP 1.6 catalogues against them (rigs/container-csms.yaml,
# rigs/container-csms-sp2.yaml; rigs/container-station.yaml; each run `--tags @ocpp16`: the CSMS rigs run the
# @sut:csms catalogue, the station rig the @sut:station one, the other side not applicable there) and the DoIP
# scenarios against the reference ECU image (rigs/container-ecu.yaml, `--tags @doip`) → the failure cases
# (test/rig/container.test.ts: never ready, exits, killed) → no container, volume or network of ours left →
# the engine stopped and its temp dirs removed (when this script started it; its images go with it).
#
#   scripts/container-check.sh
#   EVC_REPORTS_DIR=…                 reports root (default reports/container): one folder per rig
#   EVC_CONTAINER_FAILURE_TESTS=0     leave out the failure cases
#
# Exit status: 0 all passed; 1 a run failed or something was left; 3 no container engine could be started:
# nothing ran, and the first line says why (`container-check: SKIPPED: no container engine: …`).
set -uo pipefail
cd "$(dirname "$0")/.."

t0=$(date +%s)
reports="${EVC_REPORTS_DIR:-reports/container}"
mkdir -p "$reports"
engine_env=$(scripts/ensure-docker.sh start 2>"${TMPDIR:-/tmp}/evc-container-check.$$.err")
rc=$?
errfile="${TMPDIR:-/tmp}/evc-container-check.$$.err"
if [ "$rc" -ne 0 ]; then
  why=$(grep -m1 '^evc: no container engine:' "$errfile" | sed 's/^evc: //')
  [ -n "$why" ] || why="engine start failed (exit $rc): $(tail -n 1 "$errfile")"
  rm -f "$errfile"
  echo "container-check: SKIPPED: $why — the container scenarios did not run"
  exit 3
fi
cat "$errfile" >&2
rm -f "$errfile"
DOCKER_HOST=$(sed -n 's/^DOCKER_HOST=//p' <<<"$engine_env")
EVC_DOCKER_DIR=$(sed -n 's/^EVC_DOCKER_DIR=//p' <<<"$engine_env")
export DOCKER_HOST EVC_DOCKER_DIR
stop_engine() { [ -n "$EVC_DOCKER_DIR" ] && scripts/ensure-docker.sh stop "$EVC_DOCKER_DIR"; }
trap stop_engine EXIT
trap 'exit 130' INT TERM

failed=0
phase() { printf '\n== %s\n' "$*"; }
secs() { echo $(( $(date +%s) - $1 )); }

phase "images"
t=$(date +%s)
scripts/build-reference-images.sh 2> >(grep -v -i -e 'deprecated' -e 'buildx' -e '^ *$' >&2) || { echo "container-check: image build failed"; exit 1; }
echo "images: $(secs "$t") s"

# secrets of this run only: the CSMS containers and the harness take them from the environment
EVC_CSMS_API_TOKEN=$(node -e "console.log(require('crypto').randomBytes(16).toString('hex'))")
EVC_CSMS_PASSWORD="EvcCt$(node -e "console.log(require('crypto').randomBytes(8).toString('hex'))")"
export EVC_CSMS_API_TOKEN EVC_CSMS_PASSWORD

summary=()
# `--tags @ocpp16` as a user would type it: the other side's scenarios are not applicable on each rig (src/rig/applicability.ts)
for run in "container-csms:@ocpp16" "container-csms-sp2:@ocpp16" "container-station:@ocpp16" "container-ecu:@doip"; do
  rig=${run%%:*} tags=${run#*:}
  phase "$rig: $tags"
  t=$(date +%s)
  out=$(EVC_RIG="rigs/$rig.yaml" EVC_REPORTS_DIR="$reports/$rig" node bin/evc.js test --tags "$tags" 2>&1)
  code=$?
  tail -n 3 <<<"$out"
  line=$(grep '^scenarios:' <<<"$out" | tail -n 1)
  if [ "$code" -ne 0 ]; then failed=1; grep -E '^evc: \[[0-9]+/[0-9]+\] FAILED' <<<"$out" | head -n 20; fi
  summary+=("$rig: ${line:-no result line} ($(secs "$t") s, exit $code)")
done

if [ "${EVC_CONTAINER_FAILURE_TESTS:-1}" = 1 ]; then
  phase "failure cases (test/rig/container.test.ts)"
  t=$(date +%s)
  node --import tsx --test test/rig/container.test.ts >"$reports/failure-cases.tap" 2>&1
  code=$?
  grep -E '^# (pass|fail|skipped)|^# \\# ' "$reports/failure-cases.tap"
  # a failed case: its name, then its error (the assertion and the evc output it quotes), bounded
  [ "$code" -eq 0 ] || { failed=1; sed -n '/^ *not ok [0-9]* - a /,/^ *\.\.\.$/p' "$reports/failure-cases.tap" | head -n 120; grep -E '^not ok' "$reports/failure-cases.tap"; }
  summary+=("failure cases: $(grep -m1 '^# pass' "$reports/failure-cases.tap"), $(grep -m1 '^# fail' "$reports/failure-cases.tap") ($(secs "$t") s)")
fi

phase "leftovers"
left=$(docker ps -a --filter label=org.evc.rig --format '{{.Names}} {{.Status}}')
if [ -n "$left" ]; then echo "container-check: containers of ours left:"; echo "$left"; failed=1; fi
vols=$(docker volume ls -q)
if [ -n "$EVC_DOCKER_DIR" ] && [ -n "$vols" ]; then echo "container-check: volumes left: $vols"; failed=1; fi
nets=$(docker network ls --format '{{.Name}}' | grep -v -x -e bridge -e host -e none)
if [ -n "$nets" ]; then echo "container-check: networks left: $nets"; failed=1; fi
[ "$failed" = 0 ] && echo "none: no container, volume or network of ours"

phase "summary"
printf '%s\n' "${summary[@]}"
engine="the existing engine at $DOCKER_HOST, left running"
[ -n "$EVC_DOCKER_DIR" ] && engine="a private engine ($EVC_DOCKER_DIR), stopped and removed next"
echo "container-check: $([ "$failed" = 0 ] && echo passed || echo FAILED) in $(secs "$t0") s; $engine"
exit "$failed"
