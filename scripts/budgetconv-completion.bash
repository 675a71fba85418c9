# Bash completion for budgetconv. Installed as
# <prefix>/share/bash-completion/completions/budgetconv; to try it from the source tree:
#   source scripts/budgetconv-completion.bash
# Options are read from `budgetconv COMMAND --help`, so they are always those of the
# installed version; families for --template from `budgetconv mappings check`.

_budgetconv_options() {  # the long and short options in COMMAND's --help
  "$1" "$2" --help 2>/dev/null | grep -oE -- '(^|[ [(])--?[a-zA-Z][a-zA-Z-]*' | sed -E 's/^[ [(]//' | sort -u
}

_budgetconv_families() {
  "$1" mappings check 2>/dev/null | sed -nE 's/^  ([A-Za-z0-9_.-]+): [0-9]+ tables.*/\1/p'
}

_budgetconv() {
  local cur prev words cword
  if declare -F _init_completion >/dev/null; then
    _init_completion -n = || return
  else
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD - 1]:-}"
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi
  local bc="${words[0]}"
  local commands="convert detect inspect validate mappings schema merge"
  COMPREPLY=()

  if [ "$cword" -eq 1 ]; then
    mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur")
    return
  fi
  local command="${words[1]}"

  # The value of the option before the cursor.
  case "$prev" in
    --output|-o|--report|-r|--diagnostics|--findings|-f)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return ;;
    --output-dir|-d|--mappings)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      return ;;
    --output-encoding)
      mapfile -t COMPREPLY < <(compgen -W "utf-8 gb18030" -- "$cur")
      return ;;
    --encoding)
      mapfile -t COMPREPLY < <(compgen -W "utf-8 gb18030 gbk big5 utf-16" -- "$cur")
      return ;;
    --delimiter)
      mapfile -t COMPREPLY < <(compgen -W ", ; | tab" -- "$cur")
      return ;;
    --partition-by)
      # A comma-separated list: complete the part after the last comma.
      local done_part="" part="$cur"
      if [[ "$cur" == *,* ]]; then done_part="${cur%,*},"; part="${cur##*,}"; fi
      mapfile -t COMPREPLY < <(compgen -P "$done_part" -W "template table_kind fiscal_year table_code stage department" -- "$part")
      compopt -o nospace 2>/dev/null
      return ;;
    --format)
      case "$command" in
        inspect) mapfile -t COMPREPLY < <(compgen -W "grid jsonl" -- "$cur") ;;
        schema) mapfile -t COMPREPLY < <(compgen -W "text json table-schema" -- "$cur") ;;
      esac
      return ;;
    --template)
      mapfile -t COMPREPLY < <(compgen -W "$(_budgetconv_families "$bc")" -- "$cur")
      return ;;
    --stage)
      mapfile -t COMPREPLY < <(compgen -W "budget final" -- "$cur")
      return ;;
    --unit)
      mapfile -t COMPREPLY < <(compgen -W "元 千元 万元 百万元 亿元" -- "$cur")
      return ;;
    --reference-layout)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(_budgetconv_paths "$cur" xlsx xls)
      return ;;
    --jobs|-j|--sheet|--table|--name)
      return ;;
  esac

  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_budgetconv_options "$bc" "$command")" -- "$cur")
    return
  fi

  case "$command" in
    mappings)
      if [ "$cword" -eq 2 ]; then
        mapfile -t COMPREPLY < <(compgen -W "check draft" -- "$cur")
      elif [ "${words[2]}" = draft ]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(_budgetconv_paths "$cur" xlsx xlsm xls csv)
      fi ;;
    schema) ;;
    convert|detect|inspect|validate)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(_budgetconv_paths "$cur" xlsx xlsm xls csv txt tsv) ;;
    merge)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(_budgetconv_paths "$cur" csv) ;;
  esac
}

_budgetconv_paths() {  # CUR EXT...: directories, and files with one of the extensions (any case)
  local cur="$1" path ext
  shift
  while IFS= read -r path; do
    if [ -d "$path" ]; then
      printf '%s\n' "$path"
      continue
    fi
    ext="${path##*.}"
    ext="${ext,,}"
    for e in "$@"; do
      if [ "$ext" = "$e" ]; then printf '%s\n' "$path"; break; fi
    done
  done < <(compgen -f -- "$cur")
}

complete -F _budgetconv budgetconv
