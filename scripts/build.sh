#!/usr/bin/env bash
# Builds budgetconv (warnings are errors). Usage: scripts/build.sh [BUILD_DIR] [extra cmake args...]
# Default BUILD_DIR is build/. The binary is BUILD_DIR/budgetconv.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
shift || true
"$root/scripts/setup.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBC_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
