#!/usr/bin/env bash
# Runs docs/tutorial.md as written. Usage: tutorial_test.sh sh|python|r BUDGETCONV SOURCE_DIR
#
# In a scratch directory that looks like the repository root (tests/fixtures linked in,
# BUDGETCONV's directory first on PATH) it runs every ```sh block of the tutorial, in order,
# as one bash script; then, for `python` or `r`, every block of that language as one script
# (python3 with pandas / Rscript with readr). The standard output of each language must
# equal the ```text blocks that follow its blocks, in order (a text block belongs to the
# nearest code block above it). Exit 77 (skipped) when the interpreter or its package is
# not installed: scripts/setup.sh --test installs python3-pandas and r-cran-readr.
set -euo pipefail
lang="$1" budgetconv="$2" src="$3"
tutorial="$src/docs/tutorial.md"
[ -f "$tutorial" ] || { echo "no $tutorial" >&2; exit 1; }
[ -x "$budgetconv" ] || { echo "no budgetconv at $budgetconv" >&2; exit 1; }

# R prints non-ASCII text as <U+...> escapes outside a UTF-8 locale.
export LC_ALL=C.UTF-8 LANG=C.UTF-8

case "$lang" in
  sh) ;;
  python)
    python=""
    for candidate in python3 /usr/bin/python3; do
      if command -v "$candidate" >/dev/null && "$candidate" -c 'import pandas' 2>/dev/null; then
        python="$candidate"
        break
      fi
    done
    if [ -z "$python" ]; then
      echo "SKIPPED: no python3 with pandas (apt-get install python3-pandas, or scripts/setup.sh --test)"
      exit 77
    fi
    ;;
  r)
    if ! command -v Rscript >/dev/null || ! Rscript -e 'suppressMessages(library(readr))' >/dev/null 2>&1; then
      echo "SKIPPED: no Rscript with readr (apt-get install r-cran-readr, or scripts/setup.sh --test)"
      exit 77
    fi
    ;;
  *) echo "usage: $0 sh|python|r BUDGETCONV SOURCE_DIR" >&2; exit 2 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# extract LANG: the blocks of that language, concatenated, to stdout.
# expected LANG: the text blocks that follow that language's blocks.
extract() {
  awk -v want="$1" -v mode="$2" '
    /^```/ {
      if (!in_block) {
        in_block = 1; info = substr($0, 4); gsub(/[ \t].*/, "", info)
        if (info == "text") { take = (mode == "expected" && last == want) }
        else { take = (mode == "code" && info == want); if (info != "") last = info }
        next
      }
      in_block = 0; take = 0; next
    }
    in_block && take { print }
  ' "$tutorial"
}

mkdir -p "$work/tests"
ln -s "$src/tests/fixtures" "$work/tests/fixtures"
bindir="$(cd "$(dirname "$budgetconv")" && pwd)"
export PATH="$bindir:$PATH"
cd "$work"

extract sh code >"$work/tutorial.sh"
extract sh expected >"$work/expected-sh.txt"
[ -s "$work/tutorial.sh" ] || { echo "the tutorial has no sh blocks" >&2; exit 1; }
if ! bash -e "$work/tutorial.sh" >"$work/actual-sh.txt"; then
  echo "FAILED: the tutorial's shell commands did not run:" >&2
  cat "$work/tutorial.sh" >&2
  exit 1
fi

compare() {  # compare NAME: expected-NAME.txt vs actual-NAME.txt
  if ! diff -u "$work/expected-$1.txt" "$work/actual-$1.txt"; then
    echo "FAILED: the $1 blocks of docs/tutorial.md print something else than the text blocks after them" >&2
    exit 1
  fi
}

case "$lang" in
  sh)
    compare sh
    # The outputs the tutorial describes exist.
    for f in out/facts.csv out/facts.datapackage.json out/report.csv out/diagnostics.csv out/findings.csv; do
      [ -s "$f" ] || { echo "FAILED: the tutorial's commands wrote no $f" >&2; exit 1; }
    done
    echo "tutorial sh blocks: ok ($(grep -c '' "$work/tutorial.sh") lines)"
    ;;
  python)
    extract python code >"$work/tutorial.py"
    extract python expected >"$work/expected-python.txt"
    [ -s "$work/tutorial.py" ] || { echo "the tutorial has no python blocks" >&2; exit 1; }
    "$python" "$work/tutorial.py" >"$work/actual-python.txt"
    compare python
    echo "tutorial python blocks: ok ($python, $(wc -l <"$work/expected-python.txt") lines of output)"
    ;;
  r)
    extract r code >"$work/tutorial.R"
    extract r expected >"$work/expected-r.txt"
    [ -s "$work/tutorial.R" ] || { echo "the tutorial has no r blocks" >&2; exit 1; }
    Rscript "$work/tutorial.R" >"$work/actual-r.txt"
    compare r
    echo "tutorial R blocks: ok ($(wc -l <"$work/expected-r.txt") lines of output)"
    ;;
esac
