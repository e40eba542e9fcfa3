#!/usr/bin/env bash
# The station catalogues (@sut:station, OCPP 1.6 then 2.0.1) with every physical action performed through the
# web operator console: `evc serve-station` runs as its own long-lived process (a charger on the bench), the
# rig has NO station driver but `operator.console`, and a headless Chromium (scripts/operator-bot.ts) is the
# operator — it reads each instruction's data attributes, acts on the station's own control API and clicks
# Done. The verdicts are then compared, scenario by scenario, with (a) the same station reached through its
# HTTP station driver (no operator; a fresh station process, as for the console run): they must be identical; (b) the reference rig: they must be identical
# except scenarios this station's PICS makes not applicable (security profiles, certificates, offline, fixed
# cable …: skipped on both remote runs), which are counted.
#
#   scripts/operator-console-check.sh [1.6|2.0.1 …]     (default: both)
#   EVC_OPERATOR_CHECK_TAGS='…'   extra tag expression ANDed to the selection (e.g. "@core")
#   EVC_REPORTS_DIR=…             where the reports go (default reports/operator-console)
#
# Prints per version the counts, the durations and every scenario whose verdict differs; exits non-zero on a
# difference (other than a PICS not-applicable against the reference rig) or a failed start. Ports are picked free; everything started is stopped on exit (trap).
set -uo pipefail
cd "$(dirname "$0")/.."

scale=0.02
reports="${EVC_REPORTS_DIR:-reports/operator-console}"
versions=("$@")
[ ${#versions[@]} -eq 0 ] && versions=(1.6 2.0.1)
[ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ] || { echo "no Chromium: run scripts/ensure-chromium.sh"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/evc-operator-check.XXXXXX")
source scripts/lib/child-pids.sh # pids+=(…) are stopped and $work removed on exit

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
listening() { node -e "const s=require('net').connect($1,'127.0.0.1');s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1))"; }
# "STATUS name" per finished scenario, from evc's progress lines, sorted
verdicts() { sed -nE 's/^.*evc: \[[0-9]+\/[0-9]+\] ([A-Z]+) (.*) \([0-9.]+ (ms|s|min)\).*$/\1 \2/p' "$1" | sort; }

# start_station LOG: a fresh evc serve-station for this version (sets $station), waits for its ready line
start_station() {
  node bin/evc.js serve-station --version "$version" --csms "ws://127.0.0.1:$csms_port/ocpp" --identity "$identity" \
    --connectors 2 --time-scale "$scale" --control-port "$control_port" >"$1" 2>&1 &
  pids+=($!); station=$!
  for _ in $(seq 1 600); do grep -q '^ready ' "$1" && return 0; kill -0 "$station" 2>/dev/null || break; sleep 0.1; done
  echo "serve-station not ready:"; cat "$1"; return 1
}

failed=0
for version in "${versions[@]}"; do
  case "$version" in
    1.6) tag=@ocpp16; pics=fixtures/pics/persistent-station/ocpp16.json; identity=OPERATOR-CP-16 ;;
    2.0.1) tag=@ocpp201; pics=fixtures/pics/persistent-station/ocpp201.json; identity=OPERATOR-CS-201 ;;
    *) echo "unknown version '$version' (1.6 or 2.0.1)"; exit 2 ;;
  esac
  sel="@sut:station and $tag"
  [ -n "${EVC_OPERATOR_CHECK_TAGS:-}" ] && sel="$sel and (${EVC_OPERATOR_CHECK_TAGS})"
  csms_port=$(free_port); control_port=$(free_port); console_port=$(free_port)
  rig="$work/operator-console-$version.json"; driver_rig="$work/driver-$version.json"
  cat >"$rig" <<JSON
{
  "name": "operator-console-$version",
  "kind": "remote",
  "description": "evc serve-station (OCPP $version) without a station driver: every physical action through the web operator console",
  "timeScale": $scale,
  "sutCompressesTime": true,
  "sut": { "vendor": "EVC", "model": "serve-station" },
  "pics": "$PWD/$pics",
  "ocpp": { "station": { "version": "$version", "identity": "$identity", "listenHost": "127.0.0.1", "listenPort": $csms_port, "path": "/ocpp", "securityProfile": 0, "connectors": 2 } },
  "operator": { "console": { "port": $console_port }, "terminal": false, "timeoutMs": 30000 },
  "timeouts": { "ocpp": { "connect": 15000, "response": 4000, "expect": 5000, "quiet": 800 } }
}
JSON
  # the same station through its HTTP station driver, no operator: the like-for-like comparison
  node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));delete r.operator;r.name=r.name.replace("operator-console","station-driver");r.ocpp.station.driver={kind:"http",url:process.argv[2],timeoutMs:15000};console.log(JSON.stringify(r,null,1))' "$rig" "http://127.0.0.1:$control_port" >"$driver_rig"
  printf '\n== OCPP %s station catalogue through the operator console (%s)\n' "$version" "$sel"
  start_station "$work/station-$version.log" || { failed=1; continue; }
  t0=$(date +%s)
  EVC_RIG="$rig" EVC_REPORTS_DIR="$reports/console-$version" node bin/evc.js test --tags "$sel" >"$work/console-$version.log" 2>&1 &
  pids+=($!); run=$!
  for _ in $(seq 1 600); do listening "$console_port" && break; kill -0 "$run" 2>/dev/null || break; sleep 0.1; done
  node --import tsx scripts/operator-bot.ts "http://127.0.0.1:$console_port/" "http://127.0.0.1:$control_port" >"$work/bot-$version.log" 2>&1 &
  pids+=($!); bot=$!
  wait "$run"; rc=$?
  t1=$(date +%s)
  kill -TERM "$bot" 2>/dev/null; wait "$bot" 2>/dev/null
  grep -E '^(scenarios:|evc: operator)' "$work/console-$version.log"
  tail -n 1 "$work/bot-$version.log"
  echo "== console run: $(( t1 - t0 )) s (exit $rc)"
  # a fresh station for the driver run, as the console run had (no state carried over from 100+ scenarios)
  kill -TERM "$station" 2>/dev/null; wait "$station" 2>/dev/null
  start_station "$work/station-driver-$version.log" || { failed=1; continue; }
  t0=$(date +%s)
  EVC_RIG="$driver_rig" EVC_REPORTS_DIR="$reports/driver-$version" node bin/evc.js test --tags "$sel" >"$work/driver-$version.log" 2>&1
  echo "== station driver (HTTP, no operator): $(( $(date +%s) - t0 )) s; $(grep -E '^scenarios:' "$work/driver-$version.log")"
  kill -TERM "$station" 2>/dev/null; wait "$station" 2>/dev/null
  t0=$(date +%s)
  EVC_REPORTS_DIR="$reports/reference-$version" EVC_RIG=rigs/reference.json node bin/evc.js test --tags "$sel" >"$work/reference-$version.log" 2>&1
  echo "== reference rig: $(( $(date +%s) - t0 )) s; $(grep -E '^scenarios:' "$work/reference-$version.log")"
  verdicts "$work/console-$version.log" >"$work/v-console"; verdicts "$work/reference-$version.log" >"$work/v-reference"; verdicts "$work/driver-$version.log" >"$work/v-driver"
  keep() { mkdir -p "$reports" && cp "$work/console-$version.log" "$work/bot-$version.log" "$work/driver-$version.log" "$work/reference-$version.log" "$reports/" 2>/dev/null; }
  if diff "$work/v-driver" "$work/v-console" >"$work/diff-driver-$version"; then
    echo "== OCPP $version: console = station driver, $(wc -l <"$work/v-console") verdicts identical"
  else
    failed=1; keep
    echo "== OCPP $version: console and station driver differ (< driver, > console):"; grep -E '^[<>]' "$work/diff-driver-$version"
  fi
  diff "$work/v-reference" "$work/v-console" >"$work/diff-$version"
  other=$(grep -E '^> ' "$work/diff-$version" | grep -vc '^> SKIPPED ')
  na=$(grep -c '^> SKIPPED ' "$work/diff-$version")
  if [ "$other" -eq 0 ] && [ "$(wc -l <"$work/v-console")" -eq "$(wc -l <"$work/v-reference")" ]; then
    echo "== OCPP $version: console = reference rig except $na scenario(s) not applicable to this station by its PICS"
  else
    failed=1; keep
    echo "== OCPP $version: console and reference rig differ beyond the PICS (< reference, > console):"; grep -E '^[<>]' "$work/diff-$version" | grep -v '^> SKIPPED '
  fi
done
exit "$failed"
