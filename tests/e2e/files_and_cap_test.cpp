// Files ranked as documents (-l), the per-file cap on passage hits, and a question's function
// words weighed as nothing (--explain), on small corpora written for each rule.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "tests/support/e2e_support.hpp"

using nlohmann::json;

namespace {

// n paragraphs of text, each closed by words of its own, so that none is a copy of another.
std::string paragraphs(int n, const std::string& text) {
  static const char* const words[] = {"amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heath",
                                      "inlet", "juniper", "kestrel", "larch", "meadow", "nettle", "orchid"};
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += text;
    for (int k = 0; k < 6; ++k) out += std::string(" ") + words[(i * 7 + k * 3) % 15] + std::to_string(i);
    out += ".\n\n";
  }
  return out;
}

struct Corpus {
  e2e::TempDir dir;
  explicit Corpus(const std::map<std::string, std::string>& files) {
    for (const auto& [name, text] : files) e2e::write_file(dir / "corpus" / name, text);
    REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  }
  std::vector<json> hits(std::vector<std::string> args) const {
    args.insert(args.begin(), "--json");
    auto r = e2e::run("psearch", args, dir.path());
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    return e2e::json_lines(r.out);
  }
};

}  // namespace

TEST_CASE("-l ranks a file about the query above one with a single better passage", "[files]") {
  // dense.txt: the best passage, once, among paragraphs about the weather; about.txt: a passage
  // nearly as good in each of its 12 paragraphs. Ten files about other things make ssh and key the
  // rare words they are in a real folder.
  std::map<std::string, std::string> files{
      {"dense.txt", "Copy the ssh key to the server.\n\n" + paragraphs(12, "The weather was mild and the river ran slow.")},
      {"about.txt", paragraphs(12, "Copy the ssh key to the server")}};
  for (int i = 0; i < 10; ++i)
    files["other" + std::to_string(i) + ".txt"] = paragraphs(6, "Bake the bread slowly and let the dough rest.");
  Corpus c(files);
  auto passages = c.hits({"-n", "1", "ssh key"});
  REQUIRE(passages.size() == 1);
  CHECK(passages[0]["file"] == "corpus/dense.txt");  // the best single passage
  auto ranked = c.hits({"-l", "ssh key"});
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0]["file"] == "corpus/about.txt");  // the file as a whole
  CHECK(ranked[1]["file"] == "corpus/dense.txt");
  CHECK(ranked[0]["score"].get<double>() > ranked[1]["score"].get<double>());
  CHECK(ranked[0]["line"] == 1);  // shown by its best passage
}

TEST_CASE("one file cannot crowd out the rest: at most 3 hits each, the rest counted", "[cap]") {
  Corpus c({{"big.txt", paragraphs(8, "The proxy configuration of the proxy server.")},
            {"one.txt", "A proxy.\n"},
            {"two.txt", "Another proxy, far away in a much longer sentence about other things entirely.\n"}});
  auto hits = c.hits({"proxy"});
  std::map<std::string, int> per_file;
  for (const auto& h : hits) ++per_file[h["file"]];
  CHECK(per_file == std::map<std::string, int>{{"corpus/big.txt", 3}, {"corpus/one.txt", 1}, {"corpus/two.txt", 1}});
  for (std::size_t i = 1; i < hits.size(); ++i) CHECK(hits[i - 1]["score"].get<double>() >= hits[i]["score"].get<double>());
  const json* last_big = nullptr;
  for (const auto& h : hits) {
    if (h["file"] == "corpus/big.txt") last_big = &h;
    else CHECK_FALSE(h.contains("more_in_file"));
  }
  REQUIRE(last_big);
  CHECK((*last_big)["more_in_file"] == 5);
  CHECK(std::count_if(hits.begin(), hits.end(), [](const json& h) { return h.contains("more_in_file"); }) == 1);

  auto human = e2e::run("psearch", {"proxy"}, c.dir.path());
  CHECK_THAT(human.out, Catch::Contains("5 more in corpus/big.txt\n"));

  auto one = c.hits({"--per-file", "1", "proxy"});
  REQUIRE(one.size() == 3);
  for (const auto& h : one)
    if (h["file"] == "corpus/big.txt") CHECK(h["more_in_file"] == 7);
  CHECK(c.hits({"--all", "proxy"}).size() == 10);
  CHECK(c.hits({"--per-file", "0", "proxy"}).size() == 10);
  CHECK(c.hits({"--per-file", "0", "-n", "20", "proxy"}).size() == 10);
}

TEST_CASE("a question's function words add nothing to any hit's score (--explain)", "[query]") {
  Corpus c({{"a.txt", "Whether the salt is in the bath or not, which anyone can see.\n"},
            {"b.txt", "Salt and a bath.\n"}});
  auto question = c.hits({"--explain", "whether", "the", "salt", "and", "which", "bath", "is", "not", "anyone"});
  auto content = c.hits({"--explain", "salt", "bath"});
  REQUIRE(question.size() == 2);
  REQUIRE(content.size() == 2);
  for (std::size_t i = 0; i < question.size(); ++i) {
    CHECK(question[i]["file"] == content[i]["file"]);
    CHECK(question[i]["score"].get<double>() == Approx(content[i]["score"].get<double>()));
    for (const auto& part : question[i]["explain"]) {
      CAPTURE(part.dump());
      CHECK((part["term"] == "salt" || part["term"] == "bath" || part["kind"] == "proximity" ||
             part["kind"] == "opening" || part["kind"] == "heading"));
    }
  }
}
