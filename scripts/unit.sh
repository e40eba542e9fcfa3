#!/usr/bin/env bash
# Runs every unit test (test/**/*.test.ts) with node's own test runner, TypeScript loaded by tsx.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find test -name '*.test.ts' | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no unit tests found" >&2; exit 1; fi
exec node --import tsx --test --test-reporter=spec "$@" "${files[@]}"
