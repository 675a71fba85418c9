#!/usr/bin/env bash
# `cmake --install` puts the binary, its mappings, the man page and the bash completion
# where they are found: the installed budgetconv reads <prefix>/share/budgetconv/mappings
# without being told, man finds the page, bash-completion the completion.
# Usage: install_test.sh BUILD_DIR
set -euo pipefail
build="$1"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/budgetconv share/budgetconv/mappings/vocabulary.yaml share/budgetconv/templates share/man/man1/budgetconv.1 \
         share/bash-completion/completions/budgetconv share/budgetconv/scripts/convert-tree.sh; do
  [ -e "$prefix/$f" ] || fail "cmake --install wrote no $f"
done
out="$(env -u BUDGETCONV_MAPPINGS "$prefix/bin/budgetconv" mappings check)" || fail "the installed budgetconv: $out"
grep -q "^$prefix/share/budgetconv/mappings: " <<<"$out" || fail "the installed budgetconv does not use the installed mappings: $out"
if command -v man >/dev/null; then
  MANPATH="$prefix/share/man" man -w budgetconv | grep -q "^$prefix/" || fail "man does not find the installed page"
fi
bash -c "source '$prefix/share/bash-completion/completions/budgetconv' && complete -p budgetconv" >/dev/null ||
  fail "the installed completion does not register"
echo "install: ok ($prefix)"
