#!/usr/bin/env bash
# A clone stands alone: export the committed tree (git archive HEAD) to a fresh temp directory with no
# ../shared beside it, reuse this checkout's node_modules (symlink, nothing downloaded), and run there
# `npm run coverage`, the EXI vector unit tests, a unit subset and the @smoke scenarios. The temp directory
# is removed on exit. Catalogues and vectors are project data: data/PROVENANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD
[ -d node_modules ] || { echo "standalone-check: run npm ci first (node_modules is reused, not downloaded)" >&2; exit 1; }
base=$(mktemp -d /tmp/evc-standalone.XXXXXX) # outside any checkout, so nothing above it is the project
trap 'rm -rf "$base"' EXIT
clone="$base/ev-conformance"
mkdir "$clone"
git archive --format=tar HEAD | tar -xf - -C "$clone"
ln -s "$here/node_modules" "$clone/node_modules"
[ ! -e "$base/shared" ] || { echo "standalone-check: $base/shared exists" >&2; exit 1; }
cd "$clone"
export EVC_REPORTS_DIR="$base/reports"
echo "standalone clone: $clone (no ../shared; $(git -C "$here" rev-parse --short HEAD))"
npm run --silent coverage >"$base/coverage.txt"
grep -E '^ocpp(16|201): [0-9]+/[0-9]+ catalogue IDs' "$base/coverage.txt"
node --import tsx --test --test-reporter=dot \
  test/exi/vectors.test.ts test/foundation/self-contained.test.ts test/report/pics-coverage.test.ts test/core/*.test.ts
npm test -- --tags @smoke
echo "standalone clone: coverage, EXI vectors, unit subset and @smoke pass without ../shared"
