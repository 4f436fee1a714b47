// Searches limited by place and type: dir:PATH and ext:EXT filter without changing scores, in
// every output format and over shards.
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

// The (file, score) pairs of psearch --json for the query, run in cwd.
std::vector<std::pair<std::string, double>> scored(const fs::path& cwd, const std::vector<std::string>& args) {
  std::vector<std::string> all{"--json", "-n", "100"};
  all.insert(all.end(), args.begin(), args.end());
  auto r = e2e::run("psearch", all, cwd);
  REQUIRE(r.exit_code <= 1);
  std::vector<std::pair<std::string, double>> hits;
  for (const auto& j : e2e::json_lines(r.out)) hits.emplace_back(j["file"].get<std::string>(), j["score"].get<double>());
  return hits;
}

std::vector<std::string> files_of(const std::vector<std::pair<std::string, double>>& hits) {
  std::vector<std::string> files;
  for (const auto& [file, score] : hits) files.push_back(file);
  std::sort(files.begin(), files.end());
  return files;
}

// Every file mentions "heron"; the names say where each is.
void make_tree(const fs::path& root) {
  e2e::write_file(root / "notes/birds.md", "# Birds\n\nA grey heron stood in the reeds.\n");
  e2e::write_file(root / "notes/trip.txt", "We saw a heron and a heron chick by the lake.\n");
  e2e::write_file(root / "notes/old/2019.md", "The heron came back in spring.\n");
  e2e::write_file(root / "notesx/other.md", "Another heron, in a folder whose name starts like notes.\n");
  e2e::write_file(root / "papers/heron.TXT", "Heron populations and wetland loss: a heron survey.\n");
}

}  // namespace

TEST_CASE("dir: keeps the hits under a folder and its subfolders, relative to the current directory",
          "[filters]") {
  e2e::TempDir dir;
  make_tree(dir.path());
  REQUIRE(e2e::run("pindex", {"."}, dir.path()).exit_code == 0);
  auto all = scored(dir.path(), {"heron"});
  REQUIRE(all.size() == 5);

  auto notes = scored(dir.path(), {"heron dir:notes"});
  CHECK(files_of(notes) == std::vector<std::string>{"notes/birds.md", "notes/old/2019.md", "notes/trip.txt"});
  for (const auto& [file, score] : notes) {  // a filter, not a query word: the scores are unchanged
    auto same = std::find_if(all.begin(), all.end(), [&](const auto& h) { return h.first == file; });
    REQUIRE(same != all.end());
    CHECK(score == Approx(same->second));
  }
  CHECK(files_of(scored(dir / "notes", {"heron dir:old"})) == std::vector<std::string>{"old/2019.md"});
  CHECK(files_of(scored(dir / "notes", {"heron dir:" + (dir / "notes/old").string()})) ==
        std::vector<std::string>{"old/2019.md"});
  CHECK(files_of(scored(dir / "notes", {"heron dir:.."})).size() == 5);
  CHECK(e2e::run("psearch", {"heron dir:nowhere"}, dir.path()).exit_code == 1);
}

TEST_CASE("ext: keeps the hits of a file type, in any case, repeated ext: meaning either", "[filters]") {
  e2e::TempDir dir;
  make_tree(dir.path());
  REQUIRE(e2e::run("pindex", {"."}, dir.path()).exit_code == 0);
  CHECK(files_of(scored(dir.path(), {"heron ext:txt"})) ==
        std::vector<std::string>{"notes/trip.txt", "papers/heron.TXT"});
  CHECK(files_of(scored(dir.path(), {"heron ext:.md dir:notes"})) ==
        std::vector<std::string>{"notes/birds.md", "notes/old/2019.md"});
  CHECK(files_of(scored(dir.path(), {"heron ext:md ext:TXT"})).size() == 5);
  CHECK(files_of(scored(dir.path(), {"heron -ext:md"})) ==
        std::vector<std::string>{"notes/trip.txt", "papers/heron.TXT"});
  CHECK(e2e::run("psearch", {"heron ext:pdf"}, dir.path()).exit_code == 1);
}

TEST_CASE("dir: and ext: in -l, vimgrep and over shards", "[filters]") {
  e2e::TempDir dir;
  make_tree(dir.path());
  REQUIRE(e2e::run("pindex", {"--db", ".s1", "--shard", "1/2", "."}, dir.path()).exit_code == 0);
  REQUIRE(e2e::run("pindex", {"--db", ".s2", "--shard", "2/2", "."}, dir.path()).exit_code == 0);
  auto l = e2e::run("psearch", {"--db", ".s1", "--db", ".s2", "-l", "heron dir:notes ext:md"}, dir.path());
  CHECK(l.exit_code == 0);
  auto files = e2e::lines_of(l.out);
  std::sort(files.begin(), files.end());
  CHECK(files == std::vector<std::string>{"notes/birds.md", "notes/old/2019.md"});
  auto v = e2e::run("psearch", {"--db", ".s1", "--db", ".s2", "--vimgrep", "ext:txt heron dir:papers"}, dir.path());
  CHECK(v.out.rfind("papers/heron.TXT:1:", 0) == 0);
  CHECK(e2e::lines_of(v.out).size() == 1);
}
