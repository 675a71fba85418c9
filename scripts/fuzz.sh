#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a
# while, seeded with the fixtures, the mappings and (when present) the shared
# corpus. Any crash, sanitizer report, leak, timeout or out-of-memory fails
# the run; the input that caused it is kept in BUILD/artifacts/.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   CI runs `scripts/fuzz.sh 30` (scripts/test.sh); a longer run, e.g. one hour
#   per target, is `scripts/fuzz.sh 3600` (docs/performance.md, "Fuzzing").
# Environment: BC_FUZZ_BUILD (default build-fuzz), BC_FUZZ_JOBS (parallel
# fuzzing processes per target, default 1).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-30}"
shift || true
build="${BC_FUZZ_BUILD:-$root/build-fuzz}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_xlsx_reader fuzz_xls_reader fuzz_csv_reader fuzz_text_reader fuzz_pdf_reader fuzz_mapping_loader)

"$root/scripts/setup.sh" --fuzz
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DBC_FUZZ=ON -DBC_BUILD_TESTS=OFF -DBC_WERROR=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"

shared="$root/../shared"
seed() {  # seed TARGET: the seed directory of a target, filled once
  local dir="$build/corpus/$1"
  mkdir -p "$dir"
  local patterns=()
  case "$1" in
    fuzz_xlsx_reader) patterns=("*.xlsx" "*.xlsm") ;;
    fuzz_xls_reader) patterns=("*.xls") ;;
    fuzz_csv_reader) patterns=("*.csv") ;;
    fuzz_text_reader) patterns=("*.txt" "*.tsv" "*.csv") ;;
    fuzz_pdf_reader) patterns=("*.pdf") ;;
    fuzz_mapping_loader) patterns=("*.yaml") ;;
  esac
  local where=("$root/tests/fixtures" "$root/mappings")
  [ -d "$shared/corpus/peers" ] && where+=("$shared/corpus/peers")
  [ -d "$shared/seeds" ] && [ "$1" = fuzz_text_reader ] && where+=("$shared/seeds")
  for p in "${patterns[@]}"; do
    # Files over 1 MB make slow seeds; libFuzzer would skip them anyway (-max_len).
    find "${where[@]}" -type f -name "$p" -size -1024k -print0 2>/dev/null |
      while IFS= read -r -d '' f; do
        cp -n "$f" "$dir/$(sha1sum "$f" | cut -c1-16)-$(basename "$f")" 2>/dev/null || true
      done
  done
  printf '%s\n' "$dir"
}

mkdir -p "$build/artifacts"
status=0
for t in "${targets[@]}"; do
  corpus="$(seed "$t")"
  echo "fuzz.sh: $t for ${seconds}s ($(ls "$corpus" | wc -l) inputs in $corpus)" >&2
  # -rss_limit_mb / -malloc_limit_mb: a hostile input must be rejected by
  # ReadLimits, not allowed to take the machine's memory.
  parallel=()
  # With -jobs, libFuzzer writes fuzz-N.log into the current directory: run it from the build.
  [ "${BC_FUZZ_JOBS:-1}" -gt 1 ] && parallel=(-jobs="$BC_FUZZ_JOBS" -workers="$BC_FUZZ_JOBS")
  if ! (cd "$build" && ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz/$t" "$corpus" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -malloc_limit_mb=1024 \
      -max_len=1048576 "${parallel[@]}" -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t-" >"$build/$t.log" 2>&1); then
    echo "fuzz.sh: $t FOUND A PROBLEM; log: $build/$t.log, input: $(ls -t "$build/artifacts/$t-"* 2>/dev/null | head -1)" >&2
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*runtime error)" "$build/$t.log" | head -5 >&2 || true
    status=1
  else
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$build/$t.log" | tr '\n' ' ' >&2
    echo >&2
  fi
done
exit $status
