#!/usr/bin/env bash
# Builds budgetconv and runs every test: first a normal build (warnings are
# errors), then the same suite under AddressSanitizer + UndefinedBehaviorSanitizer,
# then a short libFuzzer run of every fuzz target (scripts/fuzz.sh).
# Usage: scripts/test.sh [--fast]   (--fast: skip the sanitizer and fuzz passes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fast=0
[ "${1:-}" = "--fast" ] && fast=1

"$root/scripts/setup.sh" --test
"$root/scripts/build.sh" "$root/build" -DBC_BUILD_TESTS=ON
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)")

if [ "$fast" -eq 0 ]; then
  echo "test.sh: sanitizer pass (ASan + UBSan)" >&2
  "$root/scripts/build.sh" "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DBC_SANITIZE=ON -DBC_BUILD_TESTS=ON
  (cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j "$(nproc)")
  echo "test.sh: short fuzz run (libFuzzer + ASan + UBSan, ${BC_FUZZ_SECONDS:-30} s per target)" >&2
  "$root/scripts/fuzz.sh" "${BC_FUZZ_SECONDS:-30}"
fi
