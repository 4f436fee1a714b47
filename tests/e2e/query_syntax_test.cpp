// Query syntax end to end: phrases with stemming, wildcards, boolean operators, NEAR, and the
// plain-words retry for queries the parser rejects.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using e2e::IndexedCorpus;

using e2e::lower;

std::vector<json> json_hits(const fs::path& cwd, std::vector<std::string> query_args, int expected_exit = 0) {
  query_args.insert(query_args.begin(), {"--json", "-n", "1000"});
  auto r = e2e::run("psearch", query_args, cwd);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == expected_exit);
  return e2e::json_lines(r.out);
}

// A corpus of one-line files, one passage each, so boolean queries have exact answers.
struct FruitCorpus {
  e2e::TempDir dir;
  FruitCorpus() {
    e2e::write_file(dir / "corpus/ab.txt", "apple banana\n");
    e2e::write_file(dir / "corpus/ac.txt", "apple cherry\n");
    e2e::write_file(dir / "corpus/bc.txt", "banana cherry\n");
    e2e::write_file(dir / "corpus/d.txt", "durian only\n");
    e2e::write_file(dir / "corpus/ad_near.txt", "an apple beside a durian\n");
    e2e::write_file(dir / "corpus/ad_far.txt",
                    "an apple was left on the table while everyone else in the whole house went out to buy a "
                    "durian\n");
    auto r = e2e::run("pindex", {}, dir.path());
    REQUIRE(r.exit_code == 0);
  }
  // Names (without corpus/ and .txt) of the files that match; exit 1 gives the empty set.
  std::set<std::string> files(const std::string& query) const {
    auto r = e2e::run("psearch", {"--json", "-n", "100", query}, dir.path());
    INFO("psearch '" << query << "' stderr: " << r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    CHECK((r.exit_code == 1) == r.out.empty());
    std::set<std::string> names;
    for (const auto& h : e2e::json_lines(r.out)) {
      std::string f = h["file"];
      names.insert(f.substr(7, f.size() - 7 - 4));
    }
    return names;
  }
};

using Names = std::set<std::string>;

}  // namespace

SCENARIO("quoted phrases match in any case and in stemmed forms") {
  IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  for (const auto& q : std::vector<std::string>{"\"Epsom salt\"", "\"epsom SALTS\"", "\"EPSOM salt\"", "\"epsom salts\""}) {
    WHEN("psearch --json '" + q + "'") {
      auto hits = json_hits(cwd, {q});
      THEN("the first hit is corpus/002_1b584d0e5cf49e70.txt line 58") {
        REQUIRE(!hits.empty());
        CHECK(hits[0]["file"] == "corpus/002_1b584d0e5cf49e70.txt");
        CHECK(hits[0]["line"] == 58);
        CHECK(hits[0]["match_lines"] == json::array({58}));
        CHECK_THAT(hits[0]["text"].get<std::string>(), Catch::StartsWith("Epsom salts, which contain"));
      }
    }
  }
  WHEN("the phrase's words are in the wrong order") {
    auto r = e2e::run("psearch", {"--json", "\"salts Epsom\""}, cwd);
    THEN("nothing matches") {
      CHECK(r.exit_code == 1);
      CHECK(r.out.empty());
    }
  }
  WHEN("the words are given as separate arguments or as one") {
    auto split = e2e::run("psearch", {"--json", "-n", "1000", "Epsom", "salt"}, cwd);
    auto joined = e2e::run("psearch", {"--json", "-n", "1000", "Epsom salt"}, cwd);
    THEN("the output is the same, Epsom salt passage first") {
      CHECK(split.exit_code == 0);
      CHECK(split.out == joined.out);
      auto hits = e2e::json_lines(split.out);
      REQUIRE(!hits.empty());
      CHECK(hits[0]["file"] == "corpus/002_1b584d0e5cf49e70.txt");
      CHECK(hits[0]["line"] == 58);
    }
  }
}

TEST_CASE("magnesium side effects finds the bullets under the heading Magnesium Side Effects") {
  IndexedCorpus corpus;
  auto hits = json_hits(corpus.dir.path(), {"magnesium", "side", "effects"});
  REQUIRE(hits.size() >= 3);
  bool found = false;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& h = hits[i];
    if (h["file"] != "corpus/003_fe4224afaf5b4845.txt" || h["line"] != 17) continue;
    found = true;
    CHECK(h["end_line"] == 22);
    CHECK(h["heading"] == "Magnesium Side Effects");
    CHECK_THAT(h["text"].get<std::string>(), Catch::Contains("Abdominal cramping") && Catch::Contains("Nausea"));
  }
  CHECK(found);
}

TEST_CASE("a trailing wildcard magnes* matches magnesium") {
  IndexedCorpus corpus;
  auto hits = json_hits(corpus.dir.path(), {"magnes*"});
  REQUIRE(hits.size() > 3);
  auto plain = json_hits(corpus.dir.path(), {"magnesium"});
  CHECK(hits.size() >= plain.size());
  for (const auto& h : hits) {
    INFO(h.dump());
    CHECK_THAT(lower(h["heading"].get<std::string>() + "\n" + h["text"].get<std::string>()),
               Catch::Contains("magnes"));
  }
  // Highlighting knows the wildcard: the line that holds "magnesium" is a match line.
  CHECK(!hits[0]["match_lines"].empty());
}

SCENARIO("boolean operators, +/- and NEAR select exactly the right passages") {
  FruitCorpus fruit;
  WHEN("AND") { CHECK(fruit.files("apple AND banana") == Names{"ab"}); }
  WHEN("OR and plain words") {
    CHECK(fruit.files("banana OR durian") == Names{"ab", "bc", "d", "ad_near", "ad_far"});
    CHECK(fruit.files("banana durian") == Names{"ab", "bc", "d", "ad_near", "ad_far"});
  }
  WHEN("NOT and -word") {
    CHECK(fruit.files("apple NOT banana") == Names{"ac", "ad_near", "ad_far"});
    CHECK(fruit.files("apple -banana") == Names{"ac", "ad_near", "ad_far"});
  }
  WHEN("lower-case and, or, not: words, as in a typed question") {
    CHECK(fruit.files("apple and banana") == Names{"ab", "ac", "bc", "ad_near", "ad_far"});
    CHECK(fruit.files("banana or durian") == Names{"ab", "bc", "d", "ad_near", "ad_far"});
    CHECK(fruit.files("apple not banana") == Names{"ab", "ac", "bc", "ad_near", "ad_far"});
  }
  WHEN("+word") { CHECK(fruit.files("+banana +cherry") == Names{"bc"}); }
  WHEN("parentheses") {
    CHECK(fruit.files("(apple OR banana) AND cherry") == Names{"ac", "bc"});
    CHECK(fruit.files("apple AND (banana OR durian)") == Names{"ab", "ad_near", "ad_far"});
  }
  WHEN("NEAR") {
    CHECK(fruit.files("apple AND durian") == Names{"ad_near", "ad_far"});
    CHECK(fruit.files("apple NEAR durian") == Names{"ad_near"});
    CHECK(fruit.files("durian NEAR apple") == Names{"ad_near"});
  }
  WHEN("stemmed forms") {
    CHECK(fruit.files("apples") == Names{"ab", "ac", "ad_near", "ad_far"});
    CHECK(fruit.files("cherries AND bananas") == Names{"bc"});
  }
  WHEN("no passage qualifies") {
    CHECK(fruit.files("cherry AND durian").empty());
    CHECK(fruit.files("kiwi").empty());
  }
}

SCENARIO("boolean operators on the bundled corpus") {
  IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  auto contains = [](const json& h, const std::string& word) {
    return lower(h["text"].get<std::string>()).find(word) != std::string::npos;
  };
  WHEN("salt AND bath") {
    auto hits = json_hits(cwd, {"salt", "AND", "bath"});
    THEN("only the Epsom salt passage holds both") {
      REQUIRE(hits.size() == 1);
      CHECK(hits[0]["file"] == "corpus/002_1b584d0e5cf49e70.txt");
      CHECK(hits[0]["line"] == 58);
    }
  }
  WHEN("bath NOT salt") {
    auto hits = json_hits(cwd, {"bath NOT salt"});
    THEN("every hit holds bath and none holds salt") {
      REQUIRE(!hits.empty());
      for (const auto& h : hits) {
        CHECK(contains(h, "bath"));
        CHECK(!contains(h, "salt"));
      }
    }
  }
  WHEN("bath -salt after --") {
    auto dash = json_hits(cwd, {"--", "bath", "-salt"});
    auto op = json_hits(cwd, {"bath NOT salt"});
    THEN("it selects the same passages as bath NOT salt") {
      std::set<std::pair<std::string, int>> a, b;
      for (const auto& h : dash) a.emplace(h["file"], h["line"]);
      for (const auto& h : op) b.emplace(h["file"], h["line"]);
      CHECK(a == b);
    }
  }
  WHEN("warm NEAR bath") {
    auto hits = json_hits(cwd, {"warm NEAR bath"});
    THEN("every hit holds both words") {
      REQUIRE(!hits.empty());
      for (const auto& h : hits) {
        CHECK(contains(h, "warm"));
        CHECK(contains(h, "bath"));
      }
    }
  }
}

SCENARIO("queries the parser rejects are retried as plain words") {
  IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  WHEN("the query ends in a dangling operator: epsom AND") {
    auto r = e2e::run("psearch", {"--json", "epsom AND"}, cwd);
    THEN("it exits 0, finds the Epsom passage and notes the retry on one stderr line") {
      CHECK(r.exit_code == 0);
      auto hits = e2e::json_lines(r.out);
      REQUIRE(!hits.empty());
      CHECK(hits[0]["file"] == "corpus/002_1b584d0e5cf49e70.txt");
      CHECK(hits[0]["line"] == 58);
      CHECK(e2e::count_lines(r.err) == 1);
      CHECK_THAT(r.err, Catch::StartsWith("psearch: note"));
      CHECK_THAT(r.err, !Catch::Contains("error"));
    }
  }
  WHEN("the query starts with an operator: OR epsom") {
    auto r = e2e::run("psearch", {"--json", "OR", "epsom"}, cwd);
    THEN("it exits 0 with the Epsom passage first") {
      CHECK(r.exit_code == 0);
      auto hits = e2e::json_lines(r.out);
      REQUIRE(!hits.empty());
      CHECK(hits[0]["line"] == 58);
      CHECK_THAT(r.err, !Catch::Contains("error"));
    }
  }
  WHEN("a bracket is left open: (epsom") {
    auto r = e2e::run("psearch", {"--json", "(epsom"}, cwd);
    THEN("it exits 0 with the Epsom passage first and no error") {
      CHECK(r.exit_code == 0);
      auto hits = e2e::json_lines(r.out);
      REQUIRE(!hits.empty());
      CHECK(hits[0]["line"] == 58);
      CHECK_THAT(r.err, !Catch::Contains("error"));
    }
  }
}

TEST_CASE("a rejected query whose plain words match nothing exits 1, not 2") {
  FruitCorpus fruit;
  for (const auto& q : {"kiwi AND", "kiwi OR", "AND kiwi"}) {
    INFO(q);
    auto r = e2e::run("psearch", {q}, fruit.dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::StartsWith("psearch: note"));
    CHECK(e2e::count_lines(r.err) == 1);
  }
  auto r = e2e::run("psearch", {"--json", "apple NOT"}, fruit.dir.path());
  CHECK(r.exit_code == 0);
  CHECK(e2e::json_lines(r.out).size() == 4);
}

TEST_CASE("an unbalanced closing bracket is retried as plain words with a note on stderr") {
  IndexedCorpus corpus;
  auto r = e2e::run("psearch", {"--json", "salt AND bath)"}, corpus.dir.path());
  CHECK(r.exit_code == 0);
  CHECK(!r.out.empty());
  CHECK(e2e::count_lines(r.err) == 1);
  CHECK_THAT(r.err, Catch::StartsWith("psearch: note"));
}

TEST_CASE("a -word argument excludes the word instead of being taken for an option") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  auto with = e2e::json_lines(e2e::run("psearch", {"--json", "-n", "50", "bath"}, dir.path()).out);
  auto r = e2e::run("psearch", {"--json", "-n", "50", "bath", "-salts"}, dir.path());
  CHECK(r.exit_code == 0);
  auto without = e2e::json_lines(r.out);
  CHECK(without.size() + 1 == with.size());  // only 002:58 mentions both
  for (const auto& j : without) CHECK(j["line"] != 58);
  CHECK(e2e::run("psearch", {"-n2", "bath"}, dir.path()).exit_code == 0);
  CHECK(e2e::run("psearch", {"--bogus", "bath"}, dir.path()).exit_code == 2);
}
