// What any ranking must keep, whatever its tuning: -n N lists the first N of what a longer list
// shows, and every hit's score is what --explain lists. Xapian 1.4.22's matcher broke the first
// with a phrase/near boost under AND_MAYBE (its pruning dropped hits), so the query's structure
// is checked here on corpora large enough for the pruning to act.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/support/hardening_support.hpp"

namespace {

using namespace hardening;

std::vector<std::string> ranked(const fs::path& cwd, const std::string& query, int n) {
  auto r = e2e::run("psearch", {"--json", "--all", "-n", std::to_string(n), query}, cwd);
  CAPTURE(query, n, r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> places;
  for (const auto& hit : e2e::json_lines(r.out))
    places.push_back(fmt::format("{}:{} {:.9f}", std::string(hit["file"]), int(hit["line"]), double(hit["score"])));
  return places;
}

}  // namespace

TEST_CASE("psearch -n N gives the first N hits of a longer list, for phrases, near words and boosts alike", "[ranking]") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  // Many passages sharing few words: the matcher prunes hard, and ties abound.
  generate_corpus(dir / "corpus" / "generated", 120, 8, 60, "w");
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  std::vector<std::string> queries{"magnesium deficiency", "restless legs syndrome", "epsom salt bath",
                                   "symptoms of restless legs", "how does magnesium work in the body"};
  for (int a = 0; a < 60; a += 7)
    queries.push_back(fmt::format("w{:04}word w{:04}word", a, (a * 13 + 5) % 60));
  for (int a = 3; a < 60; a += 11)
    queries.push_back(fmt::format("w{:04}word w{:04}word w{:04}word", a, (a * 7 + 1) % 60, (a * 5 + 2) % 60));
  for (const auto& q : queries) {
    auto all = ranked(dir.path(), q, 1000);
    for (int n : {1, 2, 3, 5, 10, 25}) {
      CAPTURE(q, n);
      auto first = ranked(dir.path(), q, n);
      REQUIRE(first.size() == std::min<std::size_t>(static_cast<std::size_t>(n), all.size()));
      CHECK(std::equal(first.begin(), first.end(), all.begin()));
    }
  }
}

TEST_CASE("psearch lists equal scores in file order, also when an update indexed them out of that order", "[ranking]") {
  e2e::TempDir dir;
  // 300 files holding the same passage: one tie running past every -n below and every page.
  auto write_all = [&](const std::string& extra) {
    for (int i = 0; i < 300; ++i)
      e2e::write_file(dir / "corpus" / "notes" / fmt::format("f{:03}.txt", i),
                      "Quartz feldspar mica form granite.\n" + (i < 160 ? extra : std::string()));
  };
  write_all("");
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  // f000-f159 change: their passages are indexed again, after f160-f299's.
  write_all("\nA second paragraph about basalt.\n");
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  std::vector<std::string> in_file_order;
  for (int i = 0; i < 300; ++i) in_file_order.push_back(fmt::format("corpus/notes/f{:03}.txt:1", i));
  for (int n : {1, 10, 31, 45, 299}) {
    auto r = e2e::run("psearch", {"--json", "--all", "-n", std::to_string(n), "quartz feldspar"}, dir.path());
    CAPTURE(n, r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> places;
    std::set<double> scores;
    for (const auto& hit : e2e::json_lines(r.out)) {
      places.push_back(fmt::format("{}:{}", std::string(hit["file"]), int(hit["line"])));
      scores.insert(double(hit["score"]));
    }
    CHECK(scores.size() == 1);
    CHECK(places == std::vector<std::string>(in_file_order.begin(), in_file_order.begin() + n));
  }
}
