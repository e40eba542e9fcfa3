#!/usr/bin/env bash
# Slow check, outside CI (issue #19): the station heartbeat scenarios pass in real time (timeScale 1) against
# the reference stations, whose waits of several minutes the old fixed 120 s step timeout cut short. Takes
# about 30 min (the 2.0.1 case first measures the station's 300 s interval). Private reports directory.
set -euo pipefail
cd "$(dirname "$0")/.."
export EVC_TIME_SCALE=1 EVC_REPORTS_DIR="${EVC_REPORTS_DIR:-/tmp/evc-realtime-heartbeat}"
exec node bin/evc.js test --tags "@TC_001_CS or @TC_021_CS or @TC_B_01_CS" "$@"
