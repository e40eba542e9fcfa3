#!/usr/bin/env bash
# Installs Artillery 2.0.21 (the last release that runs on Node 20) once per machine, outside the project's own
# dependencies: it brings ~970 packages (~590 MB) that only load mode's scale-out needs, and `npm ci` would pay
# for them on every clone. Prints the directory whose node_modules/.bin/artillery to run. Idempotent.
#   EVC_ARTILLERY_DIR   where to install (default ~/.cache/evc/artillery-2.0.21)
# Its browser engine's Chromium download is skipped (no CDN here; load mode never drives a browser), and install
# scripts are not run (a syslog plugin's native build and an SDK's notice; the CLI and its engines need neither).
set -euo pipefail
version=2.0.21
dir="${EVC_ARTILLERY_DIR:-${HOME:-/root}/.cache/evc/artillery-$version}"
bin="$dir/node_modules/.bin/artillery"
if [ -x "$bin" ] && [ -f "$dir/.complete" ]; then echo "$dir"; exit 0; fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || printf '{ "name": "evc-artillery", "private": true }\n' >package.json
log=$(mktemp)
if ! PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --ignore-scripts --no-save "artillery@$version" >"$log" 2>&1; then
  echo "ensure-artillery: npm install artillery@$version failed in $dir:" >&2
  tail -n 20 "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
"$bin" --version >/dev/null
touch "$dir/.complete"
echo "$dir"
