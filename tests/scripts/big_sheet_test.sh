#!/usr/bin/env bash
# One sheet of ROWS body rows x 15 columns (bench/gen_big_sheet) through the
# whole pipeline: every one of the ROWS x 10 amounts comes out once, their sum
# in yuan is exactly the generator's sum in cents x 100 (万元 -> 元), and the
# conversion's peak resident set stays under MAX_MB (0: not checked, for the
# sanitizer build). The facts of a table are streamed and spilled (issue 6):
# before that, 200,000 rows took 2.4 GB.
# Usage: big_sheet_test.sh BUDGETCONV GEN_BIG_SHEET ROWS MAX_MB
set -euo pipefail
bc="$1" gen="$2" rows="$3" max_mb="$4"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

cents="$("$gen" "$rows" "$work/big.xlsx" 1)"
[ -n "$cents" ] || fail "the generator printed no total"

# Peak RSS of the conversion alone, from the kernel's accounting of the child.
peak_kb="$(python3 - "$bc" "$work" <<'PY'
import resource, subprocess, sys
bc, work = sys.argv[1], sys.argv[2]
subprocess.run([bc, "convert", work + "/big.xlsx", "-o", work + "/facts.csv",
                "--report", work + "/report.csv", "-q"], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)"
peak_mb=$((peak_kb / 1024))
echo "peak resident set ${peak_mb} MB for ${rows} rows"

python3 - "$work/facts.csv" "$rows" "$cents" <<'PY' || exit 1
import csv, sys
path, rows, cents = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
facts, total, cells = 0, 0, set()
with open(path, newline="", encoding="utf-8") as f:
    for rec in csv.DictReader(f):
        facts += 1
        cells.add(rec["source_cell"])
        total += int(rec["value"])  # whole yuan: two decimals of 万元
        if rec["unit"] != "CNY" or rec["raw_unit"] != "万元":
            sys.exit(f"FAILED: {rec['source_cell']} has unit {rec['unit']}/{rec['raw_unit']}")
if facts != rows * 10 or len(cells) != facts:
    sys.exit(f"FAILED: {facts} facts in {len(cells)} cells, expected {rows * 10} distinct")
if total != cents * 100:
    sys.exit(f"FAILED: the amounts sum to {total} yuan, the sheet's to {cents * 100}")
print(f"{facts} facts, sum {total} yuan: exact")
PY
grep -q ",ok," "$work/report.csv" || fail "the report does not say ok: $(cat "$work/report.csv")"
if [ "$max_mb" -gt 0 ] && [ "$peak_mb" -ge "$max_mb" ]; then
  fail "peak resident set ${peak_mb} MB, the bound is ${max_mb} MB"
fi
echo "big_sheet_test: ok"
