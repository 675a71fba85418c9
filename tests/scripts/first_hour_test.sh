#!/usr/bin/env bash
# Issue 18, a statistician's first hour: inputs are never overwritten, unsupported formats
# say what to do, an interrupt leaves no temporary file and says how to resume, a later run
# removes the temporaries a killed run left, --output-dir mirrors the input tree (stale
# outputs removed with --skip-unchanged), the fiscal year comes from names or --fiscal-year
# (else a warning), value is numeric with text in value_text, and the datapackage records
# its provenance. Usage: first_hour_test.sh BUDGETCONV SOURCE_DIR
set -euo pipefail
bc="$1" src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
problems=0
problem() { echo "FAILED: $*" >&2; problems=$((problems + 1)); }
# run EXPECTED_STATUS CMD...: runs CMD, its stderr in $work/err, checks the status.
run() {
  local expected="$1" status=0
  shift
  "$@" >"$work/stdout" 2>"$work/err" || status=$?
  [ "$status" -eq "$expected" ] || problem "exit $status (not $expected) from: $* ($(head -c 400 "$work/err"))"
}
err_has() { grep -qF -- "$1" "$work/err" || problem "stderr lacks '$1': $(head -c 400 "$work/err")"; }

fx="$src/tests/fixtures"
in="$work/harvest"
mkdir -p "$in/hubei" "$in/henan" "$in/shaanxi"
cp "$fx/hubei-biao/hubei-biao-2024.xlsx" "$in/hubei/"
cp "$fx/shaanxi-biao/shaanxi-biao-2024.xlsx" "$in/shaanxi/"  # has text facts
cp "$fx/henan-ys/henan-ys-2024.xlsx" "$fx/henan-ys/ys05-gbk.csv" "$in/henan/"
before="$(cd "$in" && find . -type f | sort | xargs sha256sum)"

# --- Inputs are never overwritten.
run 2 "$bc" convert "$in/henan/ys05-gbk.csv" --template henan-ys --table YS05 --output "$in/henan/ys05-gbk.csv"
err_has "is the input"
run 2 "$bc" convert "$in" --output "$work/f.csv" --report "$in/henan/ys05-gbk.csv"
err_has "--report"
run 2 "$bc" convert "$in" --output-dir "$in"
err_has "is the input directory"
run 2 "$bc" convert "$in" --output-dir "$in/henan/out"
err_has "or inside it"
run 2 "$bc" convert "$in" --output "$in/../harvest/henan/./ys05-gbk.csv"
err_has "is the input"
ln -s "$in/henan/ys05-gbk.csv" "$work/link.csv"
run 2 "$bc" convert "$in/henan/ys05-gbk.csv" --template henan-ys --table YS05 --output "$work/link.csv"
after="$(cd "$in" && find . -type f | sort | xargs sha256sum)"
[ "$before" = "$after" ] || problem "an input was changed or a file was written into the input folder"

# --- PDF by its magic whatever the name (a damaged one here: the PDF reader names it),
# and formats not supported yet: Word, ODS, WPS.
odd="$work/odd"
mkdir -p "$odd"
printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n' >"$odd/report.pdf"
cp "$odd/report.pdf" "$odd/disguised.xlsx"
printf 'PK\003\004 word/document.xml' >"$odd/budget.docx"
cp "$fx/henan-ys/henan-ys-2024.xls" "$odd/budget.doc"
cp "$fx/henan-ys/henan-ys-2024.xls" "$odd/budget.et"
printf 'PK\003\004 content.xml' >"$odd/budget.ods"
run 1 "$bc" convert "$odd" --output "$work/odd.csv" --report "$work/odd.report.csv"
for f in report.pdf disguised.xlsx; do
  grep -F "$f" "$work/odd.report.csv" | grep -qF "the PDF is damaged" ||
    problem "$f: not read as a (damaged) PDF: $(grep -F "$f" "$work/odd.report.csv")"
done
for f in budget.docx budget.doc budget.et budget.ods; do
  line="$(grep -F "$odd/$f" "$work/odd.report.csv" || true)"
  { grep -qF "not supported yet" <<<"$line" && grep -qF ".xlsx" <<<"$line" && grep -qF READ-UNSUPPORTED <<<"$line"; } ||
    problem "$f: no 'not supported yet … .xlsx': $line"
done

# --- --output-dir mirrors the input tree; source_file is relative to the input root.
out="$work/out"
run 0 "$bc" convert "$in" --output-dir "$out" --report "$work/r.csv" --quiet
for f in hubei/hubei-biao-2024.xlsx.csv henan/henan-ys-2024.xlsx.csv henan/ys05-gbk.csv.csv; do
  [ -f "$out/$f" ] || problem "no mirrored output $out/$f: $(cd "$out" && find . -type f)"
done
cut -d, -f1 "$out/hubei/hubei-biao-2024.xlsx.csv" | sort -u | grep -qx 'hubei/hubei-biao-2024.xlsx' ||
  problem "source_file is not relative to the input root: $(sed -n 2p "$out/hubei/hubei-biao-2024.xlsx.csv" | cut -d, -f1)"
grep -qF '"path": "henan/ys05-gbk.csv.csv"' "$out/datapackage.json" || problem "datapackage path of a mirrored output"
# Stale outputs of deleted inputs are removed with --skip-unchanged; the others are kept.
rm "$in/henan/ys05-gbk.csv"
run 0 "$bc" convert "$in" --output-dir "$out" --report "$work/r.csv" --skip-unchanged
[ ! -e "$out/henan/ys05-gbk.csv.csv" ] || problem "the output of a deleted input was not removed"
[ -f "$out/henan/henan-ys-2024.xlsx.csv" ] || problem "an unchanged output was removed"
err_has "its input is gone"
grep -qF "ys05-gbk" "$out/datapackage.json" && problem "the datapackage still lists the deleted input's CSV"
cp "$fx/henan-ys/ys05-gbk.csv" "$in/henan/"

# --- Provenance and types in the datapackage.
run 0 "$bc" convert "$in" --output "$work/facts.csv" --quiet
dp="$work/facts.datapackage.json"
grep -qE '"created": "20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"' "$dp" || problem "no created in $dp"
grep -qF "\"sources\": [{\"title\": \"$in\", \"path\": \"$in\"}]" "$dp" || problem "no sources in $dp"
grep -qE '"bcMappingsSha256": "[0-9a-f]{64}"' "$dp" || problem "no mapping set hash in $dp"
python3 - "$dp" "$work/facts.csv" <<'PY' || problem "value/value_text types"
import csv, json, sys
fields = json.load(open(sys.argv[1]))["resources"][0]["schema"]["fields"]
types = {f["name"]: f["type"] for f in fields}
assert types["value"] == "number", types["value"]
assert types["value_text"] == "string"
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
text = [r for r in rows if r["unit"] == "text"]
assert text, "the samples hold text facts"
assert all(r["value"] == "" and r["value_text"] != "" for r in text)
for r in rows:
    if r["unit"] != "text":
        float(r["value"])
        assert r["value_text"] == ""
PY

# --- Fiscal year: from the file or folder name, --fiscal-year, else a warning.
cut -d, -f8 "$work/facts.csv" | sed 1d | sort -u | grep -qx '' && problem "blank fiscal_year in the harvest"
yr="$work/noyear/预算"
mkdir -p "$yr"
cp "$fx/hubei-biao/hubei-biao-2024.xlsx" "$yr/hubei.xlsx"
run 0 "$bc" convert "$yr/hubei.xlsx" --output "$work/y.csv"
err_has "EXTRACT-NO-YEAR"
err_has "--fiscal-year"
# The year of the money tables (the performance forms print their own: 2024, and the
# 2021年/2022年 columns of 表11).
money_years() { awk -F, 'NR > 1 && $6 !~ /^perf_/ { print $8 }' "$1" | sort -u; }
run 0 "$bc" convert "$yr/hubei.xlsx" --output "$work/y.csv" --fiscal-year 2023
[ "$(money_years "$work/y.csv")" = 2023 ] || problem "--fiscal-year not applied"
grep -qF EXTRACT-NO-YEAR "$work/err" && problem "a warning although --fiscal-year was given"
mv "$work/noyear/预算" "$work/noyear/2022年预算"
run 0 "$bc" convert "$work/noyear/2022年预算/hubei.xlsx" --output "$work/y.csv"
[ "$(money_years "$work/y.csv")" = 2022 ] || problem "the folder's year not applied"
run 2 "$bc" convert "$yr/../2022年预算/hubei.xlsx" --output "$work/y.csv" --fiscal-year 24

# --- Temporaries a killed run left are removed by the next run.
touch "$work/.facts.csv.tmp-AbC123" "$work/.other.csv.tmp-AbC123"
run 0 "$bc" convert "$in" --output "$work/facts.csv"
[ ! -e "$work/.facts.csv.tmp-AbC123" ] || problem "a stale temporary file was not removed"
[ -e "$work/.other.csv.tmp-AbC123" ] || problem "another output's temporary file was removed"
err_has "a temporary file left by an interrupted run"

# --- An interrupt removes the unfinished outputs and says how to resume.
big="$work/big"
for i in $(seq 1 150); do
  mkdir -p "$big/$i"
  cp "$fx/henan-ys/henan-ys-2024.xls" "$fx/shaanxi-biao/shaanxi-biao-2024.xlsx" "$big/$i/"
done
for sig in INT TERM; do
  rm -rf "$work/int"
  mkdir -p "$work/int"
  "$bc" convert "$big" -j 1 --output-dir "$work/int/dir" --report "$work/int/dir-report.csv" \
    >/dev/null 2>"$work/err2" &
  pid2=$!
  # Interrupt once the first outputs are written (a fixed sleep may outlast a
  # fast run): the run is then under way, far from done.
  for _ in $(seq 1 200); do
    [ -n "$(find "$work/int/dir" -name '*.csv' 2>/dev/null | head -1)" ] && break
    sleep 0.05
  done
  kill -s "$sig" "$pid2" || problem "SIG$sig: the run had ended before it could be interrupted"
  status=0
  wait "$pid2" || status=$?
  expected=$((128 + $(kill -l "$sig")))
  [ "$status" -eq "$expected" ] || problem "SIG$sig: exit $status, not $expected: $(cat "$work/err2")"
  grep -qF "To resume" "$work/err2" || problem "SIG$sig: no resume hint: $(cat "$work/err2")"
  grep -qF -- "--skip-unchanged" "$work/err2" || problem "SIG$sig: the hint does not name --skip-unchanged"
  left="$(find "$work/int" -name '*.tmp-*')"
  [ -z "$left" ] || problem "SIG$sig left temporary files: $left"
  # Resuming keeps what was done.
  run 0 "$bc" convert "$big" -j 1 --output-dir "$work/int/dir" --report "$work/int/dir-report.csv" --skip-unchanged
  grep -qE 'unchanged \(skipped\)' "$work/err" || problem "SIG$sig: the resumed run converted everything again: $(tail -1 "$work/err")"
done

[ "$problems" -eq 0 ] || exit 1
echo "first hour: all checks passed"
