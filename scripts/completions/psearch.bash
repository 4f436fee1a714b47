# bash completion for psearch                                  -*- shell-script -*-
# Installed as share/bash-completion/completions/psearch; or: source psearch.bash

_psearch() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  # "--color=al": bash splits the word at "=" (COMP_WORDBREAKS)
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
  COMPREPLY=()
  case $prev in
    --db)  # an index directory or a Xapian stub file (tcp://HOST:PORT is typed)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return ;;
    --color | --colour)
      mapfile -t COMPREPLY < <(compgen -W 'never auto always' -- "$cur")
      return ;;
    -n | --max-count | --timeout | --per-file)
      return ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W '-n --max-count --exact --all --per-file --json --vimgrep -l --files
      --explain --absolute --color --colour --db --timeout --partial-ok --version -h --help' -- "$cur")
  fi
  # Anything else is a query word: nothing to offer.
}
complete -F _psearch psearch
