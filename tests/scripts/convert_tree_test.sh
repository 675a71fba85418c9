#!/usr/bin/env bash
# scripts/convert-tree.sh on a nested tree of mixed formats: mirrored outputs, a failed file,
# ignored files, resume (a re-run converts nothing new, a touched file is converted again),
# and the multi-machine set-ups of docs/bulk.md tried on this one machine: shards into
# separate trees (a job array without a shared file system), the Slurm script
# scripts/convert-tree.sbatch, and GNU parallel --sshloginfile with ":" (this machine).
# Every way must merge to the same bytes.
# Usage: convert_tree_test.sh BUDGETCONV SOURCE_DIR
set -euo pipefail
bc="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
src="$2"
tree="$src/scripts/convert-tree.sh"
fixtures="$src/tests/fixtures/henan-ys"
export BUDGETCONV="$bc"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }

in="$work/harvest"
mkdir -p "$in/henan/2024" "$in/henan/stacked/deep" "$in/csv" "$in/其他 目录" "$in/.hidden" "$in/bad"
cp "$fixtures/henan-ys-2024.xlsx" "$in/henan/2024/a.xlsx"
cp "$fixtures/henan-ys-2024.xls" "$in/henan/2024/a.xls"          # same stem, another format
cp "$fixtures/henan-ys-2024-stacked.lo.xlsx" "$in/henan/stacked/deep/b.xlsx"
cp "$fixtures/ys05-gbk.csv" "$in/csv/ys05 gbk.csv"                # a space in the name
cp "$fixtures/ys05-utf8-bom.csv" "$in/csv/ys05-utf8-bom.CSV"      # upper-case extension
cp "$fixtures/henan-ys-2024-drift.xlsx" "$in/其他 目录/漂移.xlsx"  # non-ASCII path
printf 'not a workbook' >"$in/bad/broken.xlsx"                    # fails
printf '%%PDF-1.4' >"$in/notes.pdf"                               # not read
cp "$fixtures/henan-ys-2024.xlsx" "$in/.hidden/x.xlsx"            # hidden
cp "$fixtures/henan-ys-2024.xlsx" "$in/henan/~\$a.xlsx"           # Office lock file
converted=("henan/2024/a.xlsx" "henan/2024/a.xls" "henan/stacked/deep/b.xlsx" "csv/ys05 gbk.csv"
           "csv/ys05-utf8-bom.CSV" "其他 目录/漂移.xlsx")

# 1. The whole tree, two at a time. One file fails, so the status is 1.
out="$work/out"
status=0
"$tree" -j 2 "$in" "$out" 2>"$work/run1.log" || status=$?
[ "$status" -eq 1 ] || { cat "$work/run1.log"; fail "first run: status $status, expected 1 (one file fails)"; }
ok
for rel in "${converted[@]}"; do
  for suffix in csv datapackage.json report.csv diagnostics.csv; do
    [ -s "$out/$rel.$suffix" ] || fail "no $out/$rel.$suffix"
  done
  # source_file is the path relative to the tree, whatever the tree's location.
  grep -qF "$rel," "$out/$rel.csv" || fail "$rel.csv does not name its source as $rel"
  ok
done
[ -s "$out/bad/broken.xlsx.report.csv" ] || fail "the failed file has no report"
grep -q ',failed,' "$out/bad/broken.xlsx.report.csv" || fail "the failed file's report does not say failed"
[ ! -e "$out/bad/broken.xlsx.csv" ] || fail "the failed file left facts behind"
ok
n_outputs=$(find "$out" -name '*.report.csv' | wc -l)
[ "$n_outputs" -eq 7 ] || fail "$n_outputs reports, expected 7 (pdf, hidden and lock files are not inputs)"
ok
grep -q '7 input files.*7 to convert' "$work/run1.log" || { cat "$work/run1.log"; fail "first run's summary"; }
ok

# 2. A re-run converts nothing and touches no output.
touch "$work/stamp"
sleep 1
status=0
"$tree" -j 2 "$in" "$out" 2>"$work/run2.log" || status=$?
[ "$status" -eq 1 ] || fail "second run: status $status"
grep -q '6 up to date, 1 failed before (not retried), 0 to convert' "$work/run2.log" ||
  { cat "$work/run2.log"; fail "the second run would convert something"; }
changed=$(find "$out" -newer "$work/stamp" -type f | wc -l)
[ "$changed" -eq 0 ] || fail "the second run rewrote $changed files"
ok

# 3. A changed input is converted again, and only it; --retry-failed retries the failure.
sleep 1
touch "$in/henan/2024/a.xls"
"$tree" "$in" "$out" 2>"$work/run3.log" || true
grep -q '5 up to date, 1 failed before (not retried), 1 to convert' "$work/run3.log" ||
  { cat "$work/run3.log"; fail "the third run"; }
[ "$(find "$out" -newer "$work/stamp" -name '*.csv' ! -name '*.report.csv' ! -name '*.diagnostics.csv' | wc -l)" -eq 1 ] ||
  fail "the third run rewrote more than the touched file's facts"
[ "$("$tree" --list --retry-failed "$in" "$out")" = "bad/broken.xlsx" ] || fail "--retry-failed --list"
ok

# 4. Merge: convert-tree.sh --merge and budgetconv merge agree.
"$tree" "$in" "$out" --merge "$work/all.csv" 2>/dev/null || true
for f in all.csv all.datapackage.json all-report.csv; do
  [ -s "$work/$f" ] || fail "--merge wrote no $f"
done
[ "$(grep -c '' "$work/all-report.csv")" -eq 8 ] || fail "the merged report should have 7 rows"
facts=$(($(grep -c '' "$work/all.csv") - 1))
expected=0
for rel in "${converted[@]}"; do expected=$((expected + $(grep -c '' "$out/$rel.csv") - 1)); done
if [ "$facts" -ne "$expected" ] || [ "$facts" -lt 1000 ]; then fail "merged $facts facts, the parts hold $expected"; fi
ok

# 5. Three shards into three trees (a job array, or machines without a shared file system),
#    merged: the same bytes.
for k in 0 1 2; do "$tree" --shard "$k/3" "$in" "$work/shard$k" 2>/dev/null || true; done
n=$(find "$work"/shard? -name '*.report.csv' | wc -l)
[ "$n" -eq 7 ] || fail "the shards converted $n files, not 7 once each"
"$bc" merge "$work/shard2" "$work/shard0" "$work/shard1" --output "$work/shards.csv" --quiet 2>/dev/null
cmp "$work/all.csv" "$work/shards.csv" || fail "merging the shards gives other bytes than one run"
ok

# 6. The Slurm array script, run as two array tasks into one shared tree.
for k in 0 1; do
  SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=1 SLURM_CPUS_PER_TASK=2 \
    bash "$src/scripts/convert-tree.sbatch" "$in" "$work/slurm" 2>/dev/null || true
done
"$bc" merge "$work/slurm" --output "$work/slurm.csv" --quiet 2>/dev/null
cmp "$work/all.csv" "$work/slurm.csv" || fail "the Slurm array's merge differs"
ok

# 7. GNU parallel over the machines of an --sshloginfile; ":" is this machine.
if parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  printf ':\n' >"$work/nodes"
  "$tree" --sshloginfile "$work/nodes" -j 2 "$in" "$work/par" 2>"$work/par.log" || true
  grep -q 'of 7: .* 1 failed' "$work/par.log" || { cat "$work/par.log"; fail "GNU parallel run"; }
  "$bc" merge "$work/par" --output "$work/par.csv" --quiet 2>/dev/null
  cmp "$work/all.csv" "$work/par.csv" || fail "the GNU parallel run's merge differs"
  ok
else
  echo "note: GNU parallel is not installed (Debian package: parallel); its part is skipped"
fi

# 8. A part converted twice (by two machines) is refused.
cp -r "$work/shard0" "$work/dup"
if "$bc" merge "$work/shard0" "$work/dup" --output "$work/dup.csv" --quiet 2>/dev/null; then
  fail "merge accepted an input converted twice"
fi
[ ! -e "$work/dup.csv" ] || fail "a refused merge left output"
ok

echo "convert-tree: $checks checks passed ($facts facts from ${#converted[@]} files)"
