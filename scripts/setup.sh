#!/usr/bin/env bash
# Installs the Debian packages budgetconv needs to build and test. Safe to run
# again: packages already present are not reinstalled. Needs root or sudo.
# Usage: scripts/setup.sh [--test | --binary]
#   --binary installs only what the budgetconv binary needs to build (no
#   GoogleTest, no libxlsxwriter): scripts/convert-samples.sh's first run.
#   --test also installs what the test suite runs besides the build: pandas and
#   R's readr for the tutorial's code (docs/tutorial.md), GNU parallel for the
#   multi-machine test of convert-tree.sh, man for the man page check. Without
#   them those tests are skipped.
# Usage: scripts/setup.sh --fuzz
#   clang and its libFuzzer runtime, for scripts/fuzz.sh only.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libyaml-cpp-dev libboost-program-options-dev
  libzip-dev libexpat1-dev zlib1g-dev nettle-dev libpoppler-cpp-dev
)
if [ "${1:-}" != "--binary" ]; then
  packages+=(googletest libgtest-dev libxlsxwriter-dev)
fi
if [ "${1:-}" = "--test" ]; then
  packages+=(python3-pandas r-cran-readr parallel man-db)
fi
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
