#!/usr/bin/env bash
# Installs the Debian packages budgetconv needs to build and test. Safe to run
# again: packages already present are not reinstalled. Needs root or sudo.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libyaml-cpp-dev libboost-program-options-dev
  libzip-dev libexpat1-dev zlib1g-dev
  googletest libgtest-dev
  libxlsxwriter-dev
)

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
