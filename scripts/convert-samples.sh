#!/usr/bin/env bash
# The main job on the bundled samples: builds budgetconv if needed, converts
# every sample workbook under tests/fixtures/ into out/samples.csv (described by
# out/samples.datapackage.json) with a per-file report out/samples-report.csv, and
# prints a summary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh" "$root/build" >/dev/null
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
