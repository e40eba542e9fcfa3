#!/usr/bin/env bash
# The station catalogues (@sut:station, OCPP 1.6 then 2.0.1) against a test station that behaves like a real
# charger: `evc serve-station` runs as its own long-lived process (boots once, keeps its connection, reboots
# only on an OCPP Reset or a power cycle asked on its control API) and the harness reaches it only through a
# remote rig: the CSMS port it listens on, the station-driver URL (HTTP) for plug-in / card / faults, and the
# station's PICS. Every scenario must pass or be not applicable.
#
#   scripts/remote-station-catalogue.sh [1.6|2.0.1 …]      (default: both)
#   EVC_REMOTE_TIME_SCALE=0.02   time scale of station and rig (CI: compressed; 1 = real time, hours)
#   EVC_REPORTS_DIR=…            where the reports go (default reports/remote-station)
#   EVC_REMOTE_TAGS='…'          extra tag expression ANDed to the selection (e.g. "@core")
#
# Ports are picked free at start; the station processes are stopped on exit, whatever happens (trap).
# Exits non-zero if any run fails.
set -uo pipefail
cd "$(dirname "$0")/.."

scale="${EVC_REMOTE_TIME_SCALE:-0.02}"
reports="${EVC_REPORTS_DIR:-reports/remote-station}"
versions=("$@")
[ ${#versions[@]} -eq 0 ] && versions=(1.6 2.0.1)

work=$(mktemp -d "${TMPDIR:-/tmp}/evc-remote-station.XXXXXX")
source scripts/lib/child-pids.sh # pids+=(…) are stopped and $work removed on exit

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# start_station VERSION IDENTITY CSMS_PORT CONTROL_PORT LOG: starts evc serve-station, waits for its ready line.
start_station() {
  local version=$1 identity=$2 csms_port=$3 control_port=$4 log=$5
  # the hardware conditions it offers: serve-station's default, every one it can simulate, which is what its PICS
  # declares (1.6: a cable switchable between a socket and a tethered one, the socket at rest)
  node bin/evc.js serve-station --version "$version" --csms "ws://127.0.0.1:$csms_port/ocpp" --identity "$identity" \
    --connectors 2 --time-scale "$scale" --control-port "$control_port" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    grep -q '^ready ' "$log" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "serve-station exited:"; cat "$log"; return 1; }
    sleep 0.1
  done
  echo "serve-station not ready within 60 s:"; cat "$log"; return 1
}

failed=0
for version in "${versions[@]}"; do
  case "$version" in
    1.6) tag=@ocpp16; pics=fixtures/pics/persistent-station/ocpp16.json; identity=PERSIST-CP-16 ;;
    2.0.1) tag=@ocpp201; pics=fixtures/pics/persistent-station/ocpp201.json; identity=PERSIST-CS-201 ;;
    *) echo "unknown version '$version' (1.6 or 2.0.1)"; exit 2 ;;
  esac
  csms_port=$(free_port); control_port=$(free_port)
  rig="$work/remote-station-$version.json"
  cat >"$rig" <<EOF
{
  "name": "persistent-test-station-$version",
  "kind": "remote",
  "description": "evc serve-station (OCPP $version) as a real charger: own process, one connection, reached through the station-driver protocol",
  "timeScale": $scale,
  "sutCompressesTime": true,
  "sut": { "vendor": "EVC", "model": "serve-station" },
  "pics": "$PWD/$pics",
  "ocpp": {
    "station": {
      "version": "$version",
      "identity": "$identity",
      "listenHost": "127.0.0.1",
      "listenPort": $csms_port,
      "path": "/ocpp",
      "securityProfile": 0,
      "connectors": 2,
      "driver": { "kind": "http", "url": "http://127.0.0.1:$control_port", "timeoutMs": 15000 }
    }
  },
  "timeouts": { "ocpp": { "connect": 15000, "response": 4000, "expect": 5000, "quiet": 800 } }
}
EOF
  printf '\n== OCPP %s station catalogue against evc serve-station (CSMS port %s, driver http://127.0.0.1:%s, timeScale %s)\n' "$version" "$csms_port" "$control_port" "$scale"
  start_station "$version" "$identity" "$csms_port" "$control_port" "$work/station-$version.log" || { failed=1; continue; }
  sel="@sut:station and $tag"
  [ -n "${EVC_REMOTE_TAGS:-}" ] && sel="$sel and (${EVC_REMOTE_TAGS})"
  t0=$(date +%s)
  EVC_RIG="$rig" EVC_REPORTS_DIR="$reports/ocpp-$version" node bin/evc.js test --tags "$sel" || failed=1
  echo "== OCPP $version: $(( $(date +%s) - t0 )) s"
  # stop this station before the next version's (its listener is gone; it would only retry)
  kill -TERM "${pids[-1]}" 2>/dev/null
  wait "${pids[-1]}" 2>/dev/null
  if [ "$failed" -ne 0 ]; then echo "-- station log (last 40 lines):"; tail -n 40 "$work/station-$version.log"; fi
done
exit "$failed"
