// A fresh build on several threads (pindex --jobs): each thread writes a part, the parts are
// merged; the index must answer exactly as one built on one thread, and update as usual after.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "tests/support/hardening_support.hpp"

namespace {

using namespace hardening;

// The ranked hits as printed: order, score, place and text, so any difference shows (all but the
// "shard" field, which names the index).
std::string ranked(const fs::path& cwd, const std::string& db, const std::vector<std::string>& query) {
  std::vector<std::string> args{"--db", db, "--json", "-n", "50"};
  args.insert(args.end(), query.begin(), query.end());
  auto r = e2e::run("psearch", args, cwd);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return std::regex_replace(r.out, std::regex("\"shard\":\"[^\"]*\""), "\"shard\":\"\"");
}

const std::vector<std::vector<std::string>> kQueries{
    {"p0007word"}, {"p0100word", "p0200word"}, {"p00*"}, {"-l", "p0300word"}};

}  // namespace

TEST_CASE("pindex --jobs 3 builds an index that answers exactly as a one-thread build", "[indexing][jobs]") {
  e2e::TempDir dir;
  generate_corpus(dir / "corpus", 90, 6, 600, "p");
  e2e::write_file(dir / "corpus" / "zz-binary.dat", std::string("bin\0ary", 7));
  auto one = e2e::run("pindex", {"--db", "one", "-j", "1", "corpus"}, dir.path());
  auto three = e2e::run("pindex", {"--db", "three", "--jobs", "3", "corpus"}, dir.path());
  INFO(one.err << three.err);
  REQUIRE(one.exit_code == 0);
  REQUIRE(three.exit_code == 0);
  auto s1 = e2e::parse_summary(one.err), s3 = e2e::parse_summary(three.err);
  REQUIRE(s1);
  REQUIRE(s3);
  CHECK(s3->added == 90);
  CHECK(s3->skipped == 1);
  CHECK(s3->passages == s1->passages);
  CHECK(s3->skipped_kinds == "1 binary file");
  auto queries = kQueries;
  const std::string line = e2e::file_lines(dir / "corpus" / "f003.txt", 1, 1);
  const auto space = line.find(' ');
  const std::string first = line.substr(0, space), second = line.substr(space + 1, line.find(' ', space + 1) - space - 1);
  std::string phrase = "\"";  // the file's first two words
  phrase += first;
  phrase += ' ';
  phrase += second;
  phrase += '"';
  queries.push_back(std::vector<std::string>{phrase});
  queries.push_back(std::vector<std::string>{first, "NEAR", second});
  for (const auto& q : queries) {
    CAPTURE(q);
    CHECK(ranked(dir.path(), "three", q) == ranked(dir.path(), "one", q));
  }
  // No leftovers of the parts beside the generation.
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir / "three")) entries += e.path().filename().string().starts_with("gen-");
  CHECK(entries == 1);

  // Updates after a parallel build: one transaction as always, the same answers as the other index.
  e2e::write_file(dir / "corpus" / "f000.txt", "Now only a new word, quetzalword.\n");
  e2e::write_file(dir / "corpus" / "new.txt", "Another quetzalword here.\n");
  for (const char* db : {"one", "three"}) {
    auto u = e2e::run("pindex", {"--db", db, "-j", "3"}, dir.path());
    INFO(u.err);
    REQUIRE(u.exit_code == 0);
    auto s = e2e::parse_summary(u.err);
    REQUIRE(s);
    CHECK(s->changed == 1);
    CHECK(s->added == 1);
  }
  for (const auto& q : std::vector<std::vector<std::string>>{{"quetzalword"}, {"p0007word"}})
    CHECK(ranked(dir.path(), "three", q) == ranked(dir.path(), "one", q));
}

TEST_CASE("pindex --jobs takes 1 to 64", "[indexing][jobs]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "a.txt", "Some text.\n");
  for (const char* bad : {"0", "-1", "65", "many"}) {
    auto r = e2e::run("pindex", {"--jobs", bad, "corpus"}, dir.path());
    CAPTURE(bad);
    check_one_error_line(r, "pindex");
    CHECK(r.exit_code == 2);
  }
}
