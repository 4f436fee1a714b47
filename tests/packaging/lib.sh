# Shared by the packaging tests: counted checks and a search of a fresh corpus with installed tools.

passed=0 failed=0

# check DESCRIPTION COMMAND...: runs COMMAND, counts it as passed or failed.
check() {
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAIL: $what"
    failed=$((failed + 1))
  fi
}

# The closing line: "NAME: N passed, N failed"; exits 1 on any failure.
finish() {
  echo "$1: $passed passed, $failed failed"
  ((failed == 0))
}

# search_fresh_corpus BIN_DIR: BIN_DIR's pindex indexes a two-file corpus in a temporary directory
# and its psearch finds the right line; with a clean environment, so nothing else is used.
search_fresh_corpus() {
  local bin=$1 dir out
  dir=$(mktemp -d)
  mkdir "$dir/notes"
  printf 'Minerals\n\nIron is found in spinach.\n\nMagnesium helps muscles relax.\n' >"$dir/notes/minerals.txt"
  printf 'Sleep\n\nA dark room helps.\n' >"$dir/notes/sleep.txt"
  out=$(cd "$dir" && env -i PATH=/usr/bin:/bin HOME="$dir" "$bin/pindex" notes 2>&1 &&
        env -i PATH=/usr/bin:/bin HOME="$dir" "$bin/psearch" --vimgrep magnesium 2>&1) || true
  rm -rf "$dir"
  if [[ $out != *"notes/minerals.txt:5:1:Magnesium helps muscles relax."* ]]; then
    echo "search with $bin gave: $out"
    return 1
  fi
}
