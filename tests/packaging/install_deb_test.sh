#!/usr/bin/env bash
# The .deb that scripts/package builds installs with apt-get, declares a dependency for every
# shared library its binaries load, puts psearch, pindex, their man pages and completions under
# /usr, searches a fresh corpus from /usr/bin, and is removed again. It installs system-wide, so
# scripts/test runs it only as root or with passwordless sudo.
# Usage: install_deb_test.sh [DEB]   (default: build/psearch_*.deb)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib.sh"
deb=${1:-$(ls "$root"/build/psearch_*.deb 2>/dev/null | head -n 1)}
[[ -f $deb ]] || { echo "FAIL: no .deb (run scripts/package)"; exit 1; }
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
sudo=()
((EUID == 0)) || sudo=(sudo -n)
scratch=$(mktemp -d)
installed_here=0
cleanup() {
  if ((installed_here)); then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq psearch >/dev/null 2>&1 || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# Depends, read from the package: every library a binary needs directly (NEEDED) belongs to a
# package it names, so apt-get brings them onto a fresh machine.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
dpkg-deb -x "$deb" "$scratch/root"
depends_on_owner() {  # depends_on_owner BINARY SONAME
  local path owner
  path=$(ldd "$1" | awk -v lib="$2" '$1 == lib { print $3 }')
  owner=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null || true)
  owner=${owner%%:*}
  [[ -n $owner && ", $depends," == *", $owner "* || ", $depends," == *", $owner,"* ]] ||
    { echo "$2 ($path) is from package '${owner:-?}', not in Depends"; return 1; }
}
for bin in "$scratch"/root/usr/bin/*; do
  for soname in $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    check "Depends covers $soname of $(basename "$bin")" depends_on_owner "$bin" "$soname"
  done
done
check "Depends names libxapian30" grep -q 'libxapian30' <<<"$depends"

if dpkg-query -W -f='${Status}' psearch 2>/dev/null | grep -q 'install ok installed'; then
  echo "note: psearch was installed before this test; it is replaced and then removed"
fi
if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$scratch/apt.log" 2>&1; then
  cat "$scratch/apt.log"
  echo "FAIL: apt-get install $deb"
  exit 1
fi
installed_here=1
version=$(dpkg-deb -f "$deb" Version)
check "dpkg knows psearch $version" test "$(dpkg-query -W -f='${Version}' psearch)" == "$version"
check "/usr/bin/psearch --version" test "$(/usr/bin/psearch --version)" == "psearch $version (index schema $(/usr/bin/pindex --version | sed 's/.*schema \([0-9]*\))/\1/'))"
for path in /usr/bin/pindex /usr/bin/psearch /usr/share/man/man1/psearch.1.gz /usr/share/man/man1/pindex.1.gz \
            /usr/share/bash-completion/completions/psearch /usr/share/zsh/vendor-completions/_psearch \
            /usr/share/fish/vendor_completions.d/psearch.fish; do
  check "$path installed" test -f "$path"
done
if command -v man >/dev/null; then
  check "man -w psearch" test "$(man -w psearch)" == /usr/share/man/man1/psearch.1.gz
fi
check "/usr/bin/pindex and /usr/bin/psearch search a fresh corpus" search_fresh_corpus /usr/bin

"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq psearch >/dev/null
installed_here=0
check "apt-get remove psearch removes /usr/bin/psearch" test ! -e /usr/bin/psearch
finish install_deb_test
