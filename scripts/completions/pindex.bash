# bash completion for pindex                                   -*- shell-script -*-
# Installed as share/bash-completion/completions/pindex; or: source pindex.bash

_pindex() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
  COMPREPLY=()
  if [[ $prev == -j || $prev == --jobs ]]; then
    mapfile -t COMPREPLY < <(compgen -W '1 2 3 4 8' -- "$cur")
  elif [[ $prev == --shard ]]; then
    return
  elif [[ $prev == --db || $prev == --forget ]]; then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -d -- "$cur")
  elif [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W '--db --rebuild --no-wait --shard --store-text --no-store-text --status --forget
      --merge -L --follow --no-ignore --ignore --dry-run
      --watch -j --jobs -v --verbose --version -h --help' -- "$cur")
  else
    # The files and directories to index (after --merge: the output and the shards).
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}
complete -F _pindex pindex
