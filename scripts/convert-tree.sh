#!/usr/bin/env bash
# Converts a directory tree of disclosures with budgetconv, one process per file, several at
# once, mirroring the tree; resumable; shardable over a job array or spread over machines
# with GNU parallel. Run with --help for the details; docs/bulk.md explains the set-ups.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/convert-tree.sh [options] INPUT_DIR OUTPUT_DIR [-- CONVERT_OPTIONS...]

Converts every workbook (.xlsx .xlsm .xls), CSV and text dump (.csv .txt .tsv) under
INPUT_DIR, at any depth, with `budgetconv convert`, one file per process, several at once,
and mirrors the tree into OUTPUT_DIR:

  INPUT_DIR/a/b/x.xlsx -> OUTPUT_DIR/a/b/x.xlsx.csv               the facts
                          OUTPUT_DIR/a/b/x.xlsx.datapackage.json  their description
                          OUTPUT_DIR/a/b/x.xlsx.report.csv        status (also for a failed file)
                          OUTPUT_DIR/a/b/x.xlsx.diagnostics.csv   warnings and errors

A failed file keeps only its report and diagnostics. source_file in the facts is the path
relative to INPUT_DIR, so the outputs do not depend on where the tree is mounted. Hidden
files and directories, Office lock files (~$*) and other file types are skipped.

Run it again to resume: a file whose report is newer than the file itself is not converted
again (nor is a file that failed, unless --retry-failed); a changed file is.

Options:
  -j, --jobs N         files converted at once (default: the number of processors; with
                       --sshloginfile: per machine, default GNU parallel's one per core)
  --shard K/N          convert only files K, K+N, K+2N ... of the sorted list (0 <= K < N):
                       one task of a job array, e.g. --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT"
  --sshloginfile FILE  spread the files over the machines listed in FILE with GNU parallel
                       (":" is this machine). INPUT_DIR, OUTPUT_DIR and this script must have
                       the same paths on every machine (a shared file system) and budgetconv
                       must be installed on each (or give --budgetconv)
  --retry-failed       convert files whose last conversion failed again
  --force              convert every file again
  --merge FILE.csv     afterwards merge every output under OUTPUT_DIR into FILE.csv (and its
                       datapackage) with `budgetconv merge`, and the reports into
                       FILE-report.csv; the order depends only on the relative paths
  --list               print the files that would be converted, then stop
  --budgetconv PATH    the budgetconv binary (default: $BUDGETCONV, else budgetconv on PATH,
                       else build/budgetconv of this repository)
  -h, --help           show this help

CONVERT_OPTIONS after -- go to every `budgetconv convert` (e.g. -- --template henan-ys).
Keep the per-file outputs UTF-8 (give --bom or --output-encoding to the merge instead:
`budgetconv merge OUTPUT_DIR --output all.csv --bom`).

Exit status: 0 every file is converted, 1 some file failed (the others are converted),
2 usage error or budgetconv could not run.

Examples:
  scripts/convert-tree.sh harvest/ out/ --merge facts.csv
  scripts/convert-tree.sh -j 8 harvest/ out/                      # again: converts only what is new
  scripts/convert-tree.sh --sshloginfile nodes.txt /nfs/harvest /nfs/out
  scripts/convert-tree.sh --shard 3/16 /shared/harvest /shared/out   # task 3 of 16
EOF
}

die() { printf 'convert-tree: %s\n' "$*" >&2; exit 2; }
self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
root="$(cd "$(dirname "$self")/.." && pwd)"

# The status column of a one-input report (line 2; the input path may be quoted).
report_status() {
  sed -n -E '2{s/^\xEF\xBB\xBF//;s/^("([^"]|"")*"|[^,]*),//;s/,.*//;p;}' "$1" 2>/dev/null
}

# --one IN OUT BUDGETCONV N [N CONVERT_OPTIONS...] REL: convert one file, the job that
# xargs or GNU parallel runs (both append REL). Exits 0 whether the input converted or
# failed (its report says which), 255 when budgetconv could not run at all, which stops
# xargs and GNU parallel (--halt).
convert_one() {
  local in="$1" out="$2" bc="$3" n="$4"
  shift 4
  local options=("${@:1:$n}")
  shift "$n"
  local rel="$1"
  local base="$out/$rel"
  mkdir -p "$(dirname "$base")"
  local status=0
  # stderr without budgetconv's one-line summary, which says nothing for a single file.
  { (cd "$in" && "$bc" convert "$rel" --output "$base.csv" --report "$base.report.csv" \
       --diagnostics "$base.diagnostics.csv" --quiet "${options[@]}") 2>&1 1>&3 3>&- |
      { grep -v '^budgetconv: converted [0-9]* of 1 files' || true; } >&2; } 3>&1 || status=$?
  case "$status" in
    0) ;;
    1) rm -f "$base.csv" "$base.datapackage.json" ;;  # failed: leave no facts behind
    *) echo "convert-tree: budgetconv stopped with status $status on $rel; giving up" >&2; exit 255 ;;
  esac
}

if [ "${1:-}" = "--one" ]; then
  shift
  convert_one "$@"
  exit 0
fi

jobs="" shard="" sshloginfile="" retry_failed=0 force=0 merge="" list_only=0 bc="${BUDGETCONV:-}"
positional=() extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -j|--jobs) [ $# -ge 2 ] || die "$1 needs a number"; jobs="$2"; shift 2 ;;
    --jobs=*) jobs="${1#*=}"; shift ;;
    --shard) [ $# -ge 2 ] || die "--shard needs K/N"; shard="$2"; shift 2 ;;
    --shard=*) shard="${1#*=}"; shift ;;
    --sshloginfile) [ $# -ge 2 ] || die "--sshloginfile needs a file"; sshloginfile="$2"; shift 2 ;;
    --sshloginfile=*) sshloginfile="${1#*=}"; shift ;;
    --retry-failed) retry_failed=1; shift ;;
    --force) force=1; shift ;;
    --merge) [ $# -ge 2 ] || die "--merge needs FILE.csv"; merge="$2"; shift 2 ;;
    --merge=*) merge="${1#*=}"; shift ;;
    --list) list_only=1; shift ;;
    --budgetconv) [ $# -ge 2 ] || die "--budgetconv needs a path"; bc="$2"; shift 2 ;;
    --budgetconv=*) bc="${1#*=}"; shift ;;
    --) shift; extra=("$@"); break ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -eq 2 ] || { usage >&2; exit 2; }
[ -d "${positional[0]}" ] || die "no directory ${positional[0]}"
in="$(cd "${positional[0]}" && pwd)"
mkdir -p "${positional[1]}"
out="$(cd "${positional[1]}" && pwd)"
[ "$in" != "$out" ] || die "OUTPUT_DIR must differ from INPUT_DIR"
case "$in/" in "$out"/*) die "INPUT_DIR must not be inside OUTPUT_DIR" ;; esac

if [ -z "$bc" ]; then
  if command -v budgetconv >/dev/null; then bc="$(command -v budgetconv)"
  elif [ -x "$root/build/budgetconv" ]; then bc="$root/build/budgetconv"
  else die "budgetconv not found: build it (scripts/build.sh), put it on PATH or give --budgetconv"
  fi
fi
case "$bc" in /*) ;; */*) bc="$(cd "$(dirname "$bc")" && pwd)/$(basename "$bc")" ;; esac
"$bc" --version >/dev/null 2>&1 || die "cannot run $bc"

shard_k=0 shard_n=1
if [ -n "$shard" ]; then
  [[ "$shard" =~ ^([0-9]+)/([0-9]+)$ ]] || die "--shard must be K/N, e.g. 0/4"
  shard_k="${BASH_REMATCH[1]}" shard_n="${BASH_REMATCH[2]}"
  if [ "$shard_n" -lt 1 ] || [ "$shard_k" -ge "$shard_n" ]; then die "--shard K/N needs 0 <= K < N"; fi
fi
if [ -z "$jobs" ] && [ -z "$sshloginfile" ]; then jobs="$(nproc 2>/dev/null || echo 1)"; fi
[ -z "$jobs" ] || [[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive number"

# The inputs, relative to INPUT_DIR, in byte order (the same on every machine).
prune=()
case "$out/" in "$in"/*) prune=(-path "./${out#"$in"/}" -prune -o) ;; esac
mapfile -d '' all < <(cd "$in" && find . "${prune[@]}" -name '.?*' -prune -o -type f \
  \( -iname '*.xlsx' -o -iname '*.xlsm' -o -iname '*.xls' -o -iname '*.csv' -o -iname '*.txt' \
     -o -iname '*.tsv' \) ! -name '~$*' -printf '%P\0' | LC_ALL=C sort -z)

todo=() mine=0 up_to_date=0 failed_before=0
for i in "${!all[@]}"; do
  [ $((i % shard_n)) -eq "$shard_k" ] || continue
  rel="${all[$i]}"
  mine=$((mine + 1))
  report="$out/$rel.report.csv"
  if [ "$force" -eq 0 ] && [ -f "$report" ] && [ "$report" -nt "$in/$rel" ]; then
    if [ "$(report_status "$report")" = failed ]; then
      if [ "$retry_failed" -eq 0 ]; then failed_before=$((failed_before + 1)); continue; fi
    elif [ -f "$out/$rel.csv" ] && [ -f "$out/$rel.datapackage.json" ]; then
      up_to_date=$((up_to_date + 1))
      continue
    fi
  fi
  todo+=("$rel")
done

if [ "$list_only" -eq 1 ]; then
  [ ${#todo[@]} -eq 0 ] || printf '%s\n' "${todo[@]}"
  exit 0
fi
echo "convert-tree: ${#all[@]} input files under $in${shard:+, shard $shard: $mine}; $up_to_date up to date," \
     "$failed_before failed before (not retried), ${#todo[@]} to convert" >&2

if [ ${#todo[@]} -gt 0 ]; then
  run_status=0
  job=("$self" --one "$in" "$out" "$bc" "${#extra[@]}" "${extra[@]}")
  if [ -n "$sshloginfile" ]; then
    parallel --version 2>/dev/null | grep -q 'GNU parallel' ||
      die "--sshloginfile needs GNU parallel (Debian package: parallel)"
    [ -f "$sshloginfile" ] || die "no file $sshloginfile"
    # -q: every word reaches the remote shell quoted, so paths with spaces survive.
    printf '%s\0' "${todo[@]}" |
      parallel -0 -q --will-cite --halt now,fail=1 --sshloginfile "$sshloginfile" ${jobs:+--jobs "$jobs"} \
        "${job[@]}" || run_status=$?
  else
    printf '%s\0' "${todo[@]}" | xargs -0 -n 1 -P "$jobs" "${job[@]}" || run_status=$?
  fi
  [ "$run_status" -eq 0 ] || die "stopped: budgetconv could not run (status $run_status)"
fi

# Totals over every file of this share, from the reports.
ok=0 warnings=0 failed=0 missing=0
for i in "${!all[@]}"; do
  [ $((i % shard_n)) -eq "$shard_k" ] || continue
  case "$(report_status "$out/${all[$i]}.report.csv")" in
    ok) ok=$((ok + 1)) ;;
    warnings) warnings=$((warnings + 1)) ;;
    failed) failed=$((failed + 1)) ;;
    *) missing=$((missing + 1)) ;;
  esac
done
summary="converted ${#todo[@]} now; of $mine: $ok ok, $warnings with warnings, $failed failed"
[ "$failed" -eq 0 ] || summary+=" (their reports: grep -rl ',failed,' --include='*.report.csv' $out)"
[ "$missing" -eq 0 ] || summary+=", $missing without a report"
echo "convert-tree: $summary" >&2

if [ -n "$merge" ]; then
  "$bc" merge "$out" --output "$merge" --quiet
  merged_report="${merge%.csv}-report.csv"
  {
    first=1
    for rel in "${all[@]}"; do
      report="$out/$rel.report.csv"
      [ -f "$report" ] || continue
      if [ "$first" -eq 1 ]; then sed -n '1{s/^\xEF\xBB\xBF//;p;}' "$report"; first=0; fi
      tail -n +2 "$report"
    done
  } >"$merged_report.tmp" && mv -f "$merged_report.tmp" "$merged_report"
  echo "convert-tree: merged into $merge and $merged_report" >&2
fi
[ "$failed" -eq 0 ] && [ "$missing" -eq 0 ]
