#!/usr/bin/env bash
# The benchmark of docs/performance.md: generates a reproducible corpus of
# department budget workbooks and times budgetconv side by side, in the same
# run, with what a user would otherwise reach for to get CSV out of them
# (xlsx2csv, csvkit's in2csv, Gnumeric's ssconvert, LibreOffice headless,
# pandas + openpyxl, R readxl, SheetJS) and with a bare inflate-and-scan loop,
# the least any converter must do. With --baseline REF it also builds REF's
# budgetconv and runs it and the current build interleaved, --repeat times,
# and fails unless both write byte-identical facts, reports and diagnostics
# on every workload. Reports files/s, MB/s, CPU and peak RSS per tool and
# workload (medians of the repeats), and the ratios, as a Markdown table.
#
# Usage: scripts/bench.sh [--quick] [options]
#   --quick            60 department workbooks (60 re-saved), 20 .xls, one 50,000-row sheet (a few minutes)
#   --departments N    department workbooks (.xlsx) in workload 1 (default 600)
#   --resaved N        department workbooks re-saved by LibreOffice (half) and Gnumeric
#                      (half) in workload 1b (default 600; 0 to skip)
#   --baseline REF     also time the budgetconv of git commit REF (e.g. 85602ff), side by side
#   --repeat N         runs of each budgetconv build per workload, interleaved (default 3)
#   --xls N            .xls workbooks in workload 2 (default 100)
#   --big N            large sheets in workload 3 (default 2)
#   --rows N           rows per large sheet (default 200000; 15 filled columns)
#   --tools LIST       comma-separated subset of: bare,budgetconv,xlsx2csv,in2csv,ssconvert,libreoffice,pandas,readxl,sheetjs
#   --workloads LIST   comma-separated subset of: departments,resaved,xls,big (default all)
#   --work DIR         where the corpus and outputs go (default /tmp/budgetconv-bench)
#   --timeout S        give up on one tool for one workload after S seconds (default 3600)
#   --no-install       do not apt-get the comparison tools
#   --build DIR        build directory for budgetconv and make_fixtures (default build-bench)
# Output: DIR/results.tsv and DIR/results.md (also printed).
#
# Not part of CI. Every tool reads the same files; the per-file command-line
# tools are run once per file, as a shell loop would, and LibreOffice once
# for all files (its fastest use), pandas, R and SheetJS one process each for
# all files. Peak RSS is that of the largest process. Exit status 1 when the
# baseline's outputs differ from the current build's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

departments=600 resaved=600 xls=100 big=2 rows=200000 baseline="" repeat=3
tools="bare,budgetconv,xlsx2csv,in2csv,ssconvert,libreoffice,pandas,readxl,sheetjs"
workloads="departments,resaved,xls,big"
work=/tmp/budgetconv-bench timeout_s=3600 install=1 quick=0 build="$root/build-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 departments=60 resaved=60 xls=20 big=1 rows=50000 ;;
    --departments) departments="$2"; shift ;;
    --resaved) resaved="$2"; shift ;;
    --baseline) baseline="$2"; shift ;;
    --repeat) repeat="$2"; shift ;;
    --workloads) workloads="$2"; shift ;;
    --xls) xls="$2"; shift ;;
    --big) big="$2"; shift ;;
    --rows) rows="$2"; shift ;;
    --tools) tools="$2"; shift ;;
    --work) work="$2"; shift ;;
    --timeout) timeout_s="$2"; shift ;;
    --no-install) install=0 ;;
    --build) build="$2"; shift ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

log() { printf 'bench: %s\n' "$*" >&2; }
has_tool() { [[ ",$tools," == *",$1,"* ]]; }
has_workload() { [[ ",$workloads," == *",$1,"* ]]; }
PY=/usr/bin/python3  # the Debian interpreter that has the Debian pandas

# --- tools ------------------------------------------------------------------
if [ "$install" -eq 1 ]; then
  pkgs=(time xlsx2csv csvkit python3-csvkit gnumeric libreoffice-calc-nogui python3-pandas python3-openpyxl
        python3-xlrd r-cran-readxl r-cran-readr libxlsxwriter-dev libzip-dev pkg-config)
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    log "installing ${missing[*]}"
    $sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
      --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if has_tool sheetjs && ! command -v npm >/dev/null; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
      --no-install-recommends nodejs npm >/dev/null
  fi
fi
# SheetJS from the npm registry, into the work directory only.
if has_tool sheetjs && [ ! -f "$work/node/node_modules/xlsx/package.json" ]; then
  log "installing SheetJS (npm package xlsx) in $work/node"
  mkdir -p "$work/node"
  npm install --silent --no-audit --no-fund --prefix "$work/node" xlsx >/dev/null
fi

# --- builds -----------------------------------------------------------------
log "building budgetconv and make_fixtures (RelWithDebInfo) in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBC_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target budgetconv make_fixtures >/dev/null
mkdir -p "$work/bin"
g++ -O2 -std=c++20 -o "$work/bin/gen_big_sheet" "$root/bench/gen_big_sheet.cpp" $(pkg-config --cflags --libs xlsxwriter)
g++ -O2 -std=c++20 -o "$work/bin/inflate_scan" "$root/bench/inflate_scan.cpp" $(pkg-config --cflags --libs libzip)
BC="$build/budgetconv"
# The baseline: REF's sources (git archive, so the repository's worktrees and
# branches are left alone), its binary only, the same build type.
BASE=""
if [ -n "$baseline" ]; then
  base_rev=$(git -C "$root" rev-parse --short "$baseline^{commit}")
  base_src="$work/baseline-$base_rev"
  if [ ! -x "$base_src/build/budgetconv" ]; then
    log "building the baseline budgetconv at $base_rev in $base_src"
    rm -rf "$base_src"; mkdir -p "$base_src"
    git -C "$root" archive "$base_rev" | tar -x -C "$base_src"
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    CCACHE_BASEDIR="$base_src" cmake -S "$base_src" -B "$base_src/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DBC_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
    CCACHE_BASEDIR="$base_src" cmake --build "$base_src/build" -j "$(nproc)" --target budgetconv >/dev/null
  fi
  BASE="$base_src/build/budgetconv"
fi

# --- corpus -----------------------------------------------------------------
# Department workbooks: the three fixture specs, each department a different
# name (so no two files are alike), written by make_fixtures: byte-reproducible.
corpus="$work/corpus"
specs=(henan-ys-2024 henan-ys-2024-stacked henan-ys-2024-drift)
gen_departments() {
  local dir="$corpus/departments"
  [ -f "$dir/.done-$departments" ] && return
  rm -rf "$dir"; mkdir -p "$dir"
  log "corpus: $departments department workbooks"
  for ((i = 0; i < departments; i++)); do
    local spec="${specs[$((i % 3))]}" name
    name=$(printf '第%04d号单位' "$i")
    sed "s/卢氏县医疗保障局/${name}/g" "$root/tests/fixtures/specs/$spec.yaml" >"$work/spec.yaml"
    "$build/tests/make_fixtures" "$work/spec.yaml" "$dir/$(printf 'd%04d' "$i")-$spec.xlsx"
  done
  touch "$dir/.done-$departments"
}
# .xls: LibreOffice saves 20 of the department workbooks as Excel 97 (one
# soffice run); the workload cycles through them under distinct names.
gen_xls() {
  local dir="$corpus/xls"
  [ -f "$dir/.done-$xls" ] && return
  rm -rf "$dir" "$work/xls-src"; mkdir -p "$dir" "$work/xls-src"
  log "corpus: $xls .xls workbooks (LibreOffice)"
  local sources=()
  for f in $(ls "$corpus/departments"/*.xlsx | head -20); do sources+=("$f"); done
  timeout 900 soffice "-env:UserInstallation=file://$work/lo-profile-gen" --headless --norestore \
    --convert-to 'xls:MS Excel 97' --outdir "$work/xls-src" "${sources[@]}" >/dev/null 2>&1
  local made=("$work/xls-src"/*.xls)
  for ((i = 0; i < xls; i++)); do
    cp "${made[$((i % ${#made[@]}))]}" "$dir/$(printf 'x%04d' "$i").xls"
  done
  touch "$dir/.done-$xls"
}
gen_big() {
  local dir="$corpus/big"
  [ -f "$dir/.done-$big-$rows" ] && return
  rm -rf "$dir"; mkdir -p "$dir"
  log "corpus: $big sheets of $rows rows x 15 columns"
  for ((i = 1; i <= big; i++)); do "$work/bin/gen_big_sheet" "$rows" "$dir/big$i.xlsx" "$i" >/dev/null; done
  touch "$dir/.done-$big-$rows"
}
# Re-saved department workbooks: the six fixture specs (every family), each
# department a different name, written by make_fixtures and then re-saved,
# half by LibreOffice Calc (one soffice run) and half by Gnumeric (ssconvert),
# as harvested files mostly are: other XML writers than libxlsxwriter's.
gen_resaved() {
  local dir="$corpus/resaved"
  [ -f "$dir/.done-$resaved" ] && return
  rm -rf "$dir" "$work/resaved-src"; mkdir -p "$dir" "$work/resaved-src/lo" "$work/resaved-src/gn"
  log "corpus: $resaved department workbooks re-saved by LibreOffice and Gnumeric"
  local all=(henan-ys-2024 henan-ys-2024-stacked henan-ys-2024-drift hubei-biao-2024
             jiangxi-gongkai-2024 shaanxi-biao-2024)
  local names='s/卢氏县医疗保障局/@/g; s/武汉市东西湖区医疗保障局/@/g; s/东西湖区医疗保障局/@/g; s/湖口县医疗保障局/@/g; s/渭南市医疗保障局/@/g'
  for ((i = 0; i < resaved; i++)); do
    local spec="${all[$((i % 6))]}" name half=lo
    name=$(printf '第%04d号单位' "$i")
    [ $((i % 2)) -eq 1 ] && half=gn
    sed "${names//@/$name}" "$root/tests/fixtures/specs/$spec.yaml" >"$work/spec.yaml"
    "$build/tests/make_fixtures" "$work/spec.yaml" "$work/resaved-src/$half/$(printf 'r%04d' "$i")-$spec.xlsx"
  done
  mkdir -p "$work/resaved-src/lo-out"
  ls "$work/resaved-src/lo"/*.xlsx | xargs -d '\n' timeout 1800 soffice "-env:UserInstallation=file://$work/lo-profile-gen" \
    --headless --norestore --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$work/resaved-src/lo-out" >/dev/null 2>&1
  for f in "$work/resaved-src/lo-out"/*.xlsx; do mv "$f" "$dir/$(basename "$f" .xlsx).lo.xlsx"; done
  for f in "$work/resaved-src/gn"/*.xlsx; do
    ssconvert "$f" "$dir/$(basename "$f" .xlsx).gnumeric.xlsx" >/dev/null 2>&1
  done
  touch "$dir/.done-$resaved"
}
has_workload departments && gen_departments
has_workload resaved && [ "$resaved" -gt 0 ] && gen_resaved
has_workload xls && gen_xls
has_workload big && gen_big

# --- running ----------------------------------------------------------------
results="$work/results.tsv"
printf 'workload\ttool\tfiles\tinput_mb\twall_s\tcpu_s\tpeak_rss_mb\tfailed\tnote\n' >"$results"

# measure WORKLOAD TOOL NOTE COMMAND...: runs COMMAND under GNU time.
measure() {
  local workload="$1" tool="$2" note="$3"
  shift 3
  local list="$work/list-$workload.txt" out="$work/out/$workload-$tool"
  rm -rf "$out" "$out.failed"; mkdir -p "$out"  # .failed: a previous run's list of failures
  local files mb
  files=$(wc -l <"$list")
  mb=$(xargs -d '\n' du -cb <"$list" | tail -1 | awk '{printf "%.1f", $1 / 1048576}')
  log "$workload: $tool"
  local status=0
  OUT="$out" LIST="$list" /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" \
    timeout "$timeout_s" bash -c "$*" >"$out.log" 2>&1 || status=$?
  local wall user sys rss
  read -r wall user sys rss < <(tail -1 "$work/time.txt")
  local failed=0
  [ -f "$out.failed" ] && failed=$(wc -l <"$out.failed")
  [ -f "$out/report.csv" ] && failed=$(grep -c '^[^,]*,failed,' "$out/report.csv" || true)
  [ "$status" -eq 124 ] && note="timeout after ${timeout_s}s; $note"
  [ "$status" -ne 0 ] && [ "$status" -ne 124 ] && [ "$failed" -eq 0 ] && note="exit $status; $note"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$workload" "$tool" "$files" "$mb" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u + s}')" \
    "$(awk -v r="$rss" 'BEGIN{printf "%.0f", r / 1024}')" "$failed" "$note" >>"$results"
}

# A shell loop over the list, one process per file, failures counted.
per_file() {  # per_file 'COMMAND using "$f" and "$OUT"'
  printf 'while IFS= read -r f; do %s || echo "$f" >>"$OUT.failed"; done <"$LIST"' "$1"
}

run_workload() {
  local workload="$1" dir="$2"
  find "$dir" -type f \( -name '*.xlsx' -o -name '*.xls' \) | sort >"$work/list-$workload.txt"
  local is_xls=0
  [ "$workload" = xls ] && is_xls=1
  if has_tool bare; then
    measure "$workload" bare "inflate + scan only" "\"$work/bin/inflate_scan\" --list \"\$LIST\""
  fi
  if has_tool budgetconv; then
    # Each build in turn, --repeat times, so that a drift of the machine's
    # speed hits both alike; the report takes the medians.
    local jobs r
    for jobs in 1 2; do
      for ((r = 1; r <= repeat; r++)); do
        if [ -n "$BASE" ]; then
          measure "$workload" "budgetconv@$base_rev -j$jobs" "baseline: canonical CSV, report, diagnostics, datapackage" \
            "\"$BASE\" convert \"$dir\" -q -j $jobs -o \"\$OUT/facts.csv\" --report \"\$OUT/report.csv\" --diagnostics \"\$OUT/diagnostics.csv\""
        fi
        measure "$workload" "budgetconv -j$jobs" "canonical CSV, report, diagnostics, datapackage" \
          "\"$BC\" convert \"$dir\" -q -j $jobs -o \"\$OUT/facts.csv\" --report \"\$OUT/report.csv\" --diagnostics \"\$OUT/diagnostics.csv\""
      done
    done
    if [ -n "$BASE" ]; then
      local same=1 f
      for f in facts.csv report.csv diagnostics.csv; do
        if ! cmp -s "$work/out/$workload-budgetconv@$base_rev -j1/$f" "$work/out/$workload-budgetconv -j1/$f"; then
          same=0
          log "$workload: $f differs between $base_rev and the current build"
        fi
      done
      printf '%s\t%s\n' "$workload" "$same" >>"$work/identical.tsv"
    fi
  fi
  if has_tool xlsx2csv && [ "$is_xls" -eq 0 ]; then
    measure "$workload" xlsx2csv "all sheets" "$(per_file 'xlsx2csv -a "$f" "$OUT/$(basename "$f")" >/dev/null 2>&1')"
  fi
  if has_tool in2csv; then
    measure "$workload" in2csv "all sheets, --no-inference" \
      "$(per_file 'ln -sf "$f" "$OUT/$(basename "$f")" && in2csv --no-inference --write-sheets - "$OUT/$(basename "$f")" >/dev/null 2>&1')"
  fi
  if has_tool ssconvert; then
    measure "$workload" ssconvert "all sheets (-S)" \
      "$(per_file 'ssconvert -S "$f" "$OUT/$(basename "$f").%n.csv" >/dev/null 2>&1')"
  fi
  if has_tool libreoffice; then
    measure "$workload" libreoffice "all sheets, one soffice for all files" \
      "xargs -d '\\n' soffice -env:UserInstallation=file://$work/lo-profile --headless --norestore --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' --outdir \"\$OUT\" <\"\$LIST\" >/dev/null 2>&1"
  fi
  if has_tool pandas; then
    measure "$workload" "pandas+openpyxl" "all sheets, dtype=str; xlrd for .xls" \
      "$PY \"$root/bench/pandas_dump.py\" \"\$OUT\" \"\$LIST\""
  fi
  if has_tool readxl; then
    measure "$workload" "R readxl" "all sheets, col_types=text" "Rscript \"$root/bench/readxl_dump.R\" \"\$OUT\" \"\$LIST\""
  fi
  if has_tool sheetjs; then
    measure "$workload" "SheetJS" "all sheets, one node process for all files" \
      "node \"$root/bench/sheetjs_dump.js\" \"$work/node/node_modules\" \"\$OUT\" \"\$LIST\""
  fi
}

# Warm the page cache and LibreOffice's profile so no tool pays for the first read.
cat "$corpus"/*/* >/dev/null 2>&1 || true
soffice "-env:UserInstallation=file://$work/lo-profile" --headless --norestore --terminate_after_init >/dev/null 2>&1 || true

: >"$work/identical.tsv"
has_workload departments && run_workload departments "$corpus/departments"
has_workload resaved && [ "$resaved" -gt 0 ] && run_workload resaved "$corpus/resaved"
has_workload xls && run_workload xls "$corpus/xls"
has_workload big && run_workload big "$corpus/big"

# --- report -----------------------------------------------------------------
"$PY" - "$results" "$work/results.md" "$quick" "$work/identical.tsv" <<'PYEOF'
import csv, statistics, sys
raw = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
# Repeated runs of one tool on one workload: the medians of wall and CPU time,
# the largest peak RSS and failure count.
rows, order = {}, []
for r in raw:
    key = (r["workload"], r["tool"])
    if key not in rows:
        rows[key] = []
        order.append(key)
    rows[key].append(r)
def merged(key):
    rs = rows[key]
    m = dict(rs[0])
    m["wall_s"] = str(statistics.median(float(r["wall_s"]) for r in rs))
    m["cpu_s"] = "%.2f" % statistics.median(float(r["cpu_s"]) for r in rs)
    m["peak_rss_mb"] = str(max(int(r["peak_rss_mb"]) for r in rs))
    m["failed"] = str(max(int(r["failed"]) for r in rs))
    m["runs"] = len(rs)
    m["walls"] = " ".join("%.2f" % float(r["wall_s"]) for r in rs)
    return m
identical = {}
for line in open(sys.argv[4]):
    w, same = line.split()
    identical[w] = same == "1"
out = []
titles = {"departments": "Workload 1: department workbooks (.xlsx written by libxlsxwriter)",
          "resaved": "Workload 1b: department workbooks re-saved by LibreOffice and Gnumeric (.xlsx)",
          "xls": "Workload 2: department workbooks saved as .xls (BIFF8)",
          "big": "Workload 3: large sheets (15 filled columns)"}
summary = []
for w in ["departments", "resaved", "xls", "big"]:
    rs = [merged(k) for k in order if k[0] == w]
    if not rs:
        continue
    r0 = rs[0]
    out.append(f"### {titles[w]}\n\n{r0['files']} files, {r0['input_mb']} MB\n")
    out.append("| tool | runs | wall s (median) | CPU s (median) | files/s | MB/s | peak RSS MB | failed | budgetconv -j1 is … faster (wall) | notes |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    bc = next((r for r in rs if r["tool"] == "budgetconv -j1"), None)
    for r in rs:
        wall = float(r["wall_s"])
        fps = int(r["files"]) / wall if wall else 0
        mbs = float(r["input_mb"]) / wall if wall else 0
        ratio = f"{wall / float(bc['wall_s']):.2f}×" if bc and r is not bc and float(bc['wall_s']) else ""
        out.append(f"| {r['tool']} | {r['runs']} | {wall:.2f} | {r['cpu_s']} | {fps:.2f} | {mbs:.2f} | {r['peak_rss_mb']} | "
                   f"{r['failed']} | {ratio} | {r['note']} |")
    out.append("")
    others = [r for r in rs if not r["tool"].startswith("budgetconv") and r["tool"] != "bare"
              and int(r["failed"]) == 0 and "timeout" not in r["note"] and "exit" not in r["note"]]
    bare = next((r for r in rs if r["tool"] == "bare"), None)
    base = next((r for r in rs if r["tool"].startswith("budgetconv@") and r["tool"].endswith("-j1")), None)
    if bc:
        line = f"- {w}: "
        if base:
            bw, nw = float(base["wall_s"]), float(bc["wall_s"])
            bcpu, ncpu = float(base["cpu_s"]), max(float(bc["cpu_s"]), 0.01)
            line += (f"against {base['tool'].split(' ')[0]} (-j1, medians of {bc['runs']} interleaved runs): "
                     f"{bw / nw:.2f}× the files/s (wall), {bcpu / ncpu:.2f}× per CPU second; outputs "
                     f"{'byte-identical' if identical.get(w) else 'DIFFERENT'}; ")
        if others:
            fastest = min(others, key=lambda r: float(r["wall_s"]))
            line += (f"fastest other tool {fastest['tool']} {float(fastest['wall_s']):.2f} s; budgetconv -j1 "
                     f"{float(bc['wall_s']):.2f} s = {float(fastest['wall_s']) / float(bc['wall_s']):.2f}× faster; ")
        if bare:
            line += (f"budgetconv -j1 takes {float(bc['wall_s']) / max(float(bare['wall_s']), 0.01):.1f}× the bare loop's wall "
                     f"time and {float(bc['cpu_s']) / max(float(bare['cpu_s']), 0.01):.1f}× its CPU")
        summary.append(line)
out.append("### Ratios\n")
out.extend(summary)
text = "\n".join(out) + "\n"
open(sys.argv[2], "w").write(text)
print(text)
sys.exit(0 if all(identical.values()) else 1)
PYEOF
log "results: $results and $work/results.md"
