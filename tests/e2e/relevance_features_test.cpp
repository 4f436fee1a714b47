// Relevance features on the bundled corpus: synonyms, questions, near-duplicates, --files.
#include <catch2/catch.hpp>

#include "tests/support/e2e_support.hpp"

namespace {

struct Indexed {
  e2e::TempDir dir;
  Indexed() {
    e2e::copy_corpus(dir.path());
    REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  }
  std::vector<nlohmann::json> hits(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    auto r = e2e::run("psearch", args, dir.path());
    REQUIRE(r.exit_code <= 1);
    return e2e::json_lines(r.out);
  }
};

std::string where(const nlohmann::json& j) { return j["file"].get<std::string>() + ":" + std::to_string(j["line"].get<int>()); }

}  // namespace

TEST_CASE("abbreviations find their expansions and the other way round", "[relevance]") {
  Indexed index;
  auto plm = index.hits({"-n", "1", "periodic limb movements"});
  REQUIRE(plm.size() == 1);
  CHECK(where(plm[0]) == "corpus/000_26e1a961aff6a05a.txt:13");  // "... known as PLM."
  auto mg = index.hits({"-n", "50", "Mg"});
  CHECK(mg.size() > 20);  // every passage that says magnesium
}

TEST_CASE("a user synonyms file in the corpus root extends the groups", "[relevance]") {
  Indexed index;
  e2e::write_file(index.dir / "corpus/.psearch-synonyms", "# ours\nWED, Willis-Ekbom disease, restless legs syndrome\n");
  auto r = e2e::run("pindex", {}, index.dir.path());
  CHECK(r.err.find("0 added, 4 changed") != std::string::npos);  // the groups changed: re-index
  CHECK(index.hits({"WED"}).size() >= 5);
  CHECK(index.hits({"willis", "ekbom"}).size() >= 5);
}

TEST_CASE("a question ranks the passage that answers it first", "[relevance]") {
  Indexed index;
  auto foods = index.hits({"-n", "1", "what foods contain magnesium"});
  REQUIRE(foods.size() == 1);
  CHECK(where(foods[0]) == "corpus/003_fe4224afaf5b4845.txt:35");
}

TEST_CASE("near-duplicate passages are one hit naming the other copies; --all shows each", "[relevance]") {
  Indexed index;
  auto folded = index.hits({"-n", "10", "caffeine", "meditation"});
  REQUIRE(!folded.empty());
  CHECK(where(folded[0]) == "corpus/000_26e1a961aff6a05a.txt:35");
  REQUIRE(folded[0]["also"].size() == 1);
  CHECK(folded[0]["also"][0] == nlohmann::json{{"file", "corpus/003_fe4224afaf5b4845.txt"}, {"line", 59}, {"end_line", 66}});
  for (const auto& j : folded) CHECK(where(j) != "corpus/003_fe4224afaf5b4845.txt:59");
  auto all = index.hits({"-n", "10", "--all", "caffeine", "meditation"});
  CHECK(all.size() == folded.size() + 1);
  for (const auto& j : all) CHECK(j["also"].empty());
  auto human = e2e::run("psearch", {"-n", "1", "caffeine", "meditation"}, index.dir.path());
  CHECK(human.out.find("\n      also in corpus/003_fe4224afaf5b4845.txt:59\n") != std::string::npos);
}

TEST_CASE("psearch --files lists each matching file once, best first", "[relevance]") {
  Indexed index;
  auto r = e2e::run("psearch", {"-l", "epsom", "OR", "PLM"}, index.dir.path());
  CHECK(r.exit_code == 0);
  CHECK((r.out == "corpus/002_1b584d0e5cf49e70.txt\ncorpus/000_26e1a961aff6a05a.txt\n" ||
         r.out == "corpus/000_26e1a961aff6a05a.txt\ncorpus/002_1b584d0e5cf49e70.txt\n"));
  auto json = e2e::json_lines(e2e::run("psearch", {"--files", "--json", "magnesium"}, index.dir.path()).out);
  CHECK(json.size() == 4);
  CHECK(e2e::run("psearch", {"-l", "zzzyzzy"}, index.dir.path()).exit_code == 1);
}
