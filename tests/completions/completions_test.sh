#!/usr/bin/env bash
# The shell completions in scripts/completions load without error in their shell and offer
# every option that --help lists, the values of --color, and directories or files where an option
# or argument takes one. Usage: completions_test.sh bash|zsh|fish BIN_DIR
set -euo pipefail
shell=$1 bin=$(cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../../scripts/completions" && pwd)
if ! command -v "$shell" >/dev/null; then
  echo "FAIL: $shell is not installed (scripts/install-deps installs it)"
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/notes dir"
touch "$work/article.txt"
cd "$work"
failures=0

# The option names in the first column of --help: "  -n, --max-count N   print ..." gives -n, --max-count.
help_options() {
  "$bin/$1" --help | sed -n 's/^  \(-[^ ,]*\(, -[^ ,]*\)*\).*/\1/p' | tr ',' '\n' | tr -d ' '
}

# check WHAT GOT WANTED...: every WANTED is a line of GOT.
check() {
  local what=$1 got=$2 want
  shift 2
  for want in "$@"; do
    if ! grep -qxF -- "$want" <<<"$got"; then
      echo "FAIL: $shell: $what: '$want' not offered; offered: $(tr '\n' ' ' <<<"$got")"
      failures=$((failures + 1))
    fi
  done
}

# check_any WHAT GOT FORM...: one of the FORMs (shells quote and suffix names differently) is offered.
check_any() {
  local what=$1 got=$2 form
  shift 2
  for form in "$@"; do
    grep -qxF -- "$form" <<<"$got" && return 0
  done
  echo "FAIL: $shell: $what: none of $* offered; offered: $(tr '\n' ' ' <<<"$got")"
  failures=$((failures + 1))
}

# check_none WHAT GOT: nothing offered.
check_none() {
  if [[ -n $2 ]]; then
    echo "FAIL: $shell: $1: expected nothing, offered: $(tr '\n' ' ' <<<"$2")"
    failures=$((failures + 1))
  fi
}

# complete_line TOOL WORD...: the completions the shell offers when the cursor ends the last WORD.
complete_line() {
  local tool=$1
  shift
  case $shell in
    bash)
      bash --norc --noprofile -c '
        source "$1" || exit 1
        shift
        COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMP_LINE="$*" COMP_POINT=${#COMP_LINE}
        "_${COMP_WORDS[0]}"
        ((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"' _ "$src/$tool.bash" "$tool" "$@" ;;
    zsh)
      # The pseudo-terminal of a loaded machine once gave back nothing for a TAB that offers
      # matches (seen in CI while both cores were busy): an empty answer is asked again.
      local out attempt
      for attempt in 1 2 3; do
        out=$(timeout 30 zsh -f "$here/zsh_complete.zsh" "$src" "$tool $*") && [[ -n $out ]] && break
      done
      [[ -z $out ]] || printf '%s\n' "$out" ;;
    fish)
      fish --no-config -c 'source $argv[1]; and complete -C $argv[2]' "$src/$tool.fish" "$tool $*" | cut -f1 ;;
  esac
}

# Loading: no output, no error, the tool bound to its function.
for tool in psearch pindex; do
  case $shell in
    bash)
      out=$(bash --norc --noprofile -c 'source "$1" && complete -p "$2"' _ "$src/$tool.bash" "$tool" 2>&1)
      check "complete -p $tool" "$out" "complete -F _$tool $tool" ;;
    zsh)
      zsh -n "$src/_$tool" || { echo "FAIL: zsh: _$tool does not parse"; failures=$((failures + 1)); }
      out=$(zsh -f -c 'fpath=($1 $fpath); autoload -Uz compinit && compinit -u -D && print -r -- $_comps[$2]' _ "$src" "$tool" 2>&1)
      check "compinit binds $tool" "$out" "_$tool" ;;
    fish)
      out=$(fish --no-config -c 'source $argv[1]' "$src/$tool.fish" 2>&1)
      check_none "sourcing $tool.fish prints" "$out" ;;
  esac
done

mapfile -t psearch_options < <(help_options psearch)
mapfile -t pindex_options < <(help_options pindex)
((${#psearch_options[@]} > 10 && ${#pindex_options[@]} > 5)) || { echo "FAIL: could not read --help"; exit 1; }

check "psearch -" "$(complete_line psearch -)" "${psearch_options[@]}"
check "pindex -" "$(complete_line pindex -)" "${pindex_options[@]}"
check "psearch --js" "$(complete_line psearch --js)" --json
check "psearch --color" "$(complete_line psearch --color '')" never auto always
check_any "pindex --db" "$(complete_line pindex --db no)" "notes dir" "notes dir/" 'notes\ dir'
check_any "psearch --db" "$(complete_line psearch --db no)" "notes dir" "notes dir/" 'notes\ dir'
check "pindex art" "$(complete_line pindex art)" article.txt
check_none "psearch query word" "$(complete_line psearch magnesium art)"
if [[ $shell == bash ]]; then  # bash splits "--color=a" at "="
  got=$(complete_line psearch --color = a)
else
  got=$(complete_line psearch --color=a)
fi
check_any "psearch --color=a" "$got" auto --color=auto
check_any "psearch --color=a" "$got" always --color=always

if ((failures)); then
  echo "$shell completions: $failures failures"
  exit 1
fi
echo "$shell completions: all checks passed"
