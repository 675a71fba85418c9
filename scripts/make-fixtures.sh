#!/usr/bin/env bash
# Regenerates the fixtures of every family from their specs (tests/fixtures/README.md):
#   tests/fixtures/<family>/<spec>.xlsx     written by make_fixtures (libxlsxwriter)
#   tests/fixtures/<family>/<spec>.lo.xlsx  the same re-saved by LibreOffice
#   tests/fixtures/<family>/<spec>.xls      the same saved by LibreOffice as Excel 97 (BIFF8)
#   tests/fixtures/<family>/<spec>.pdf     the first spec of each family printed to PDF by
#                                            LibreOffice from make_fixtures --print (A4, one
#                                            page wide, landscape when wide, the longest
#                                            table broken over two pages; docs/pdf.md)
#   tests/fixtures/henan-ys/ys05-gbk.csv       YS05 as CSV in GBK (code page 936), CRLF, no BOM
#   tests/fixtures/henan-ys/ys05-utf8-bom.csv  YS05 as CSV in UTF-8 with a BOM, LF
#   templates/<family>.xlsx                  the blank layout (make_fixtures --blank), the
#                                            families' reference layouts for text dumps
# Families: henan-ys (3 specs), shaanxi-biao, hubei-biao, jiangxi-gongkai.
#
# Usage: scripts/make-fixtures.sh [BUILD_DIR]
#   BUILD_DIR defaults to build-fixtures; it is configured if it has no CMakeCache.txt.
#   FIXTURES_DIR / TEMPLATES_DIR (environment) write elsewhere than tests/fixtures and
#   templates/, e.g. to compare a fresh generation with the committed files.
# Installs what is missing with apt-get (LibreOffice: libreoffice-calc-nogui).
# The .xlsx from make_fixtures are byte-reproducible; LibreOffice output is not.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build-fixtures}"
SPECS="$ROOT/tests/fixtures/specs"
FIXTURES="${FIXTURES_DIR:-$ROOT/tests/fixtures}"
TEMPLATES="${TEMPLATES_DIR:-$ROOT/templates}"
# spec name -> family folder; the first spec of a family gives its blank template.
SPEC_NAMES=(henan-ys-2024 henan-ys-2024-stacked henan-ys-2024-drift shaanxi-biao-2024 hubei-biao-2024
            jiangxi-gongkai-2024 shanghai-style-2024)
TEMPLATE_SPECS=(henan-ys-2024 shaanxi-biao-2024 hubei-biao-2024 jiangxi-gongkai-2024)
family_of() { printf '%s\n' "${1%%-2024*}"; }

log() { printf 'make-fixtures: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root or sudo to install: $*"
    sudo=(sudo)
  fi
  log "installing $*"
  # Another apt run (e.g. a background LibreOffice install) may hold the lock.
  if ! "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "$@"; then
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 update
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "$@"
  fi
}

ensure_tools() {
  command -v cmake >/dev/null || apt_install cmake
  command -v pkg-config >/dev/null || apt_install pkg-config
  pkg-config --exists xlsxwriter || apt_install libxlsxwriter-dev
  pkg-config --exists yaml-cpp || apt_install libyaml-cpp-dev
  command -v iconv >/dev/null || apt_install libc-bin
  command -v soffice >/dev/null || apt_install libreoffice-calc-nogui
  command -v soffice >/dev/null || die "soffice not found after installing libreoffice-calc-nogui"
}

build_generator() {
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug >/dev/null
  fi
  cmake --build "$BUILD" --target make_fixtures -j2 >/dev/null
  MAKE_FIXTURES="$BUILD/tests/make_fixtures"
  [ -x "$MAKE_FIXTURES" ] || die "make_fixtures was not built in $BUILD"
}

# LibreOffice with a private profile, so it neither clashes with another
# running instance nor depends on the user's settings.
lo_convert() {  # lo_convert FILTER OUTDIR FILE
  local filter="$1" outdir="$2" file="$3"
  mkdir -p "$outdir"
  timeout 300 soffice "-env:UserInstallation=file://$WORK/lo-profile" --headless --norestore \
    --convert-to "$filter" --outdir "$outdir" "$file" >"$WORK/soffice.log" 2>&1 ||
    { cat "$WORK/soffice.log" >&2; die "soffice failed on $file ($filter)"; }
}

converted() {  # converted OUTDIR BASENAME EXT -> path, or die
  local path="$1/$2.$3"
  [ -s "$path" ] || { cat "$WORK/soffice.log" >&2; die "LibreOffice wrote no $path"; }
  printf '%s\n' "$path"
}

main() {
  ensure_tools
  build_generator
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  mkdir -p "$TEMPLATES"

  local name family out
  for name in "${SPEC_NAMES[@]}"; do
    family="$(family_of "$name")"
    out="$FIXTURES/$family"
    mkdir -p "$out"
    log "$family/$name"
    "$MAKE_FIXTURES" "$SPECS/$name.yaml" "$out/$name.xlsx"
    lo_convert 'xlsx:Calc MS Excel 2007 XML' "$WORK/lo-xlsx" "$out/$name.xlsx"
    mv -f "$(converted "$WORK/lo-xlsx" "$name" xlsx)" "$out/$name.lo.xlsx"
    lo_convert 'xls:MS Excel 97' "$WORK/lo-xls" "$out/$name.xlsx"
    mv -f "$(converted "$WORK/lo-xls" "$name" xls)" "$out/$name.xls"
  done

  log "YS05 CSV exports"
  out="$FIXTURES/henan-ys"
  "$MAKE_FIXTURES" --sheet YS05 "$SPECS/henan-ys-2024.yaml" "$WORK/ys05.xlsx"
  # Filter options: separator 44 (,), quote 34 ("), character set: 61 = MS-936 (GBK), 76 = UTF-8.
  lo_convert 'csv:Text - txt - csv (StarCalc):44,34,61' "$WORK/csv-gbk" "$WORK/ys05.xlsx"
  lo_convert 'csv:Text - txt - csv (StarCalc):44,34,76' "$WORK/csv-utf8" "$WORK/ys05.xlsx"
  local gbk utf8
  gbk="$(converted "$WORK/csv-gbk" ys05 csv)"
  utf8="$(converted "$WORK/csv-utf8" ys05 csv)"
  # The GBK file must hold the same text as the UTF-8 one, and must not be UTF-8 itself.
  iconv -f GBK -t UTF-8 "$gbk" | cmp -s - "$utf8" || die "GBK CSV does not decode to the UTF-8 CSV"
  if iconv -f UTF-8 -t UTF-8 "$gbk" >/dev/null 2>&1; then die "GBK CSV is valid UTF-8: wrong charset"; fi
  # As a Chinese Windows Excel/WPS would save it: GBK, CRLF, no BOM.
  sed 's/$/\r/' "$gbk" >"$out/ys05-gbk.csv"
  { printf '\xEF\xBB\xBF'; cat "$utf8"; } >"$out/ys05-utf8-bom.csv"

  log "PDF prints"
  for name in "${TEMPLATE_SPECS[@]}"; do
    family="$(family_of "$name")"
    mkdir -p "$WORK/print"
    "$MAKE_FIXTURES" --print "$SPECS/$name.yaml" "$WORK/print/$name.xlsx"
    lo_convert 'pdf:calc_pdf_Export' "$WORK/lo-pdf" "$WORK/print/$name.xlsx"
    mv -f "$(converted "$WORK/lo-pdf" "$name" pdf)" "$FIXTURES/$family/$name.pdf"
  done

  log "blank templates (reference layouts)"
  for name in "${TEMPLATE_SPECS[@]}"; do
    family="$(family_of "$name")"
    "$MAKE_FIXTURES" --blank "$SPECS/$name.yaml" "$TEMPLATES/$family.xlsx"
  done

  log "done:"
  for name in "${TEMPLATE_SPECS[@]}"; do
    family="$(family_of "$name")"
    ls -l "$FIXTURES/$family" "$TEMPLATES/$family.xlsx" >&2
  done
}

main "$@"
