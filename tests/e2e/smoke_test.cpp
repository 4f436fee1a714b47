// The first search a user runs: pindex the bundled corpus, then psearch "Epsom salt".
#include <catch2/catch.hpp>

#include "tests/support/e2e_support.hpp"

TEST_CASE("quickstart search finds the Epsom salt passage") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  auto index = e2e::run("pindex", {}, dir.path());
  REQUIRE(index.exit_code == 0);
  auto search = e2e::run("psearch", {"--json", "Epsom", "salt"}, dir.path());
  REQUIRE(search.exit_code == 0);
  auto hits = e2e::json_lines(search.out);
  REQUIRE(!hits.empty());
  CHECK(hits[0]["file"] == "corpus/002_1b584d0e5cf49e70.txt");
  CHECK(hits[0]["line"] == 58);
}
