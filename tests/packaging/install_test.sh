#!/usr/bin/env bash
# cmake --install into a temporary prefix installs the two binaries, their man pages, the bash,
# zsh and fish completions and the README, where each belongs; the installed tools work.
# Usage: install_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
source "$here/lib.sh"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

cmake --install "$build" --prefix "$prefix" >/dev/null

expected='bin/pindex
bin/psearch
share/bash-completion/completions/pindex
share/bash-completion/completions/psearch
share/doc/psearch/README.md
share/fish/vendor_completions.d/pindex.fish
share/fish/vendor_completions.d/psearch.fish
share/man/man1/pindex.1.gz
share/man/man1/psearch.1.gz
share/zsh/vendor-completions/_pindex
share/zsh/vendor-completions/_psearch'
got=$(cd "$prefix" && find . -type f -o -type l | sed 's|^\./||' | LC_ALL=C sort)
check "installed files: $(diff <(echo "$expected") <(echo "$got") | tr '\n' ' ')" test "$got" == "$expected"

for tool in pindex psearch; do
  check "$tool is executable" test -x "$prefix/bin/$tool"
  check "installed $tool --version" test "$("$prefix/bin/$tool" --version)" == "$("$build/bin/$tool" --version)"
  check "$tool.1.gz is the man page" cmp -s <(gzip -dc "$prefix/share/man/man1/$tool.1.gz") "$src/$([[ $tool == psearch ]] && echo searcher || echo indexer)/$tool.1"
  check "man finds $tool(1) under the prefix" test "$(MANPATH="$prefix/share/man" man -w "$tool")" == "$prefix/share/man/man1/$tool.1.gz"
  check "$tool(1) renders without warnings" test -z "$(man --warnings -l "$prefix/share/man/man1/$tool.1.gz" 2>&1 >/dev/null)"
  check "bash completion for $tool" cmp -s "$prefix/share/bash-completion/completions/$tool" "$src/scripts/completions/$tool.bash"
  check "zsh completion for $tool" cmp -s "$prefix/share/zsh/vendor-completions/_$tool" "$src/scripts/completions/_$tool"
  check "fish completion for $tool" cmp -s "$prefix/share/fish/vendor_completions.d/$tool.fish" "$src/scripts/completions/$tool.fish"
done
# bash-completion loads share/bash-completion/completions/NAME when NAME is completed.
check "the installed bash completion binds psearch" \
  test "$(bash --norc --noprofile -c 'source "$1" && complete -p psearch' _ "$prefix/share/bash-completion/completions/psearch")" \
  == "complete -F _psearch psearch"
check "the installed pindex and psearch search a fresh corpus" search_fresh_corpus "$prefix/bin"
finish install_test
