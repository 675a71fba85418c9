#!/usr/bin/env bash
# The command-line documentation is complete: every command has --help with examples, the
# man page (docs/budgetconv.1) documents every command and every option of every --help and
# renders without warnings, and the bash completion (scripts/budgetconv-completion.bash)
# offers every option. Usage: cli_docs_test.sh BUDGETCONV SOURCE_DIR
set -euo pipefail
bc="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
src="$2"
man_page="$src/docs/budgetconv.1"
completion="$src/scripts/budgetconv-completion.bash"
problems=0
problem() { echo "FAILED: $*" >&2; problems=$((problems + 1)); }

top="$("$bc" --help)"
commands=$(printf '%s\n' "$top" | sed -nE 's/^  budgetconv ([a-z]+).*/\1/p' | grep -v '^COMMAND$' | sort -u)
[ "$(printf '%s\n' "$commands" | wc -l)" -ge 7 ] || problem "budgetconv --help lists only: $commands"
grep -q 'Examples:' <<<"$top" || problem "budgetconv --help has no examples"
"$bc" --version | grep -q '^budgetconv [0-9]' || problem "--version"

# The man page as text, with roff's \- turned into -.
man_text="$(sed -e 's/\\-/-/g' -e 's/\\(em/--/g' "$man_page")"

# shellcheck source=/dev/null
source "$completion"
bindir="$(dirname "$bc")"
export PATH="$bindir:$PATH"
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _budgetconv
  printf '%s\n' "${COMPREPLY[@]}"
}

checked=0
for command in $commands; do
  help="$("$bc" "$command" --help)" || problem "budgetconv $command --help failed"
  grep -q 'Examples:' <<<"$help" || problem "budgetconv $command --help has no Examples:"
  grep -q "^\.SS \"budgetconv $command" "$man_page" || problem "the man page has no section for $command"
  offered="$(complete_words budgetconv "$command" --)"
  grep -qx -- "$command" <<<"$(complete_words budgetconv "")" || problem "completion does not offer $command"
  while read -r option; do
    grep -qF -- "$option" <<<"$man_text" || problem "the man page does not mention $command $option"
    grep -qx -- "$option" <<<"$offered" || problem "completion does not offer $command $option"
    checked=$((checked + 1))
  done < <(grep -oE -- '(^|[ [(])--[a-z][a-z-]*' <<<"$help" | sed -E 's/^[ [(]//' | sort -u)
done

# The man page renders cleanly.
if command -v man >/dev/null; then
  warnings="$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man_page" 2>&1 >/dev/null)"
  [ -z "$warnings" ] || problem "man page warnings: $warnings"
elif command -v groff >/dev/null; then
  warnings="$(groff -man -ww -z "$man_page" 2>&1)"
  [ -z "$warnings" ] || problem "man page warnings: $warnings"
else
  echo "note: neither man nor groff is installed; the man page is not rendered"
fi

# Completion of option values.
[ "$(complete_words budgetconv convert --output-encoding "")" = $'utf-8\ngb18030' ] || problem "--output-encoding values"
grep -qx 'template,fiscal_year' <<<"$(complete_words budgetconv convert --partition-by template,fi)" ||
  problem "--partition-by completion"

[ "$problems" -eq 0 ] || exit 1
echo "cli docs: $(wc -w <<<"$commands") commands, $checked options in --help, man page and completion"
