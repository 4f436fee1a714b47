# Prints, one per line, the matches zsh's completion offers for a command line, with the
# completion functions of FPATH_DIR loaded: an interactive zsh in a pseudo-terminal (zpty) gets
# the line and a TAB, and a compadd wrapper prints every match it is given.
# Usage: zsh -f zsh_complete.zsh FPATH_DIR 'command line'
zmodload zsh/zpty || exit 3
dir=$1 line=$2
zpty z zsh -f -i
zpty -w z "PROMPT= RPROMPT=; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a hits; builtin compadd -A hits "$@"; local h
  for h in $hits; do print -r -- "<<match:$h>>"; done
  builtin compadd "$@"
}'
zpty -w z 'bindkey "^I" complete-word; zstyle ":completion:*" menu no'
zpty -w z 'print -r -- "<<"READY">>"'
zpty -r z out '*<<READY>>*' || exit 4
zpty -n -w z "$line"$'\t'
zpty -w z $'\C-u\C-k\nprint -r -- "<<"DONE">>"'
zpty -r z out '*<<DONE>>*' || exit 5
zpty -d z
print -r -- $out | sed -n 's/.*<<match:\(.*\)>>.*/\1/p' | sort -u
