#!/usr/bin/env bash
# The main job on the bundled samples: builds budgetconv if needed (the binary
# only, not the test suite: scripts/test.sh builds everything), converts
# every sample workbook under tests/fixtures/ into out/samples.csv (described by
# out/samples.datapackage.json) with a per-file report out/samples-report.csv, and
# prints a summary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh" --binary
# Only the binary's target: on a fresh machine the test suite would take most
# of the first run. BC_BUILD_TESTS is left as configured before (scripts/test.sh
# turns it on); a first configure here needs no GoogleTest.
tests=OFF
if [ -f "$root/build/CMakeCache.txt" ] && grep -q '^BC_BUILD_TESTS:BOOL=ON' "$root/build/CMakeCache.txt"; then
  tests=ON
fi
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBC_WERROR=ON \
  -DBC_BUILD_TESTS="$tests" >/dev/null
cmake --build "$root/build" -j "$(nproc)" --target budgetconv >/dev/null
mkdir -p "$root/out"
set +e
"$root/build/budgetconv" convert "$root"/tests/fixtures/*/ \
  --output "$root/out/samples.csv" --report "$root/out/samples-report.csv" \
  --diagnostics "$root/out/samples-diagnostics.csv" --quiet
status=$?
set -e
echo "facts:       $root/out/samples.csv ($(($(wc -l < "$root/out/samples.csv") - 1)) rows)"
echo "metadata:    $root/out/samples.datapackage.json (column types for R, pandas, frictionless)"
echo "report:      $root/out/samples-report.csv"
echo "diagnostics: $root/out/samples-diagnostics.csv"
exit $status
