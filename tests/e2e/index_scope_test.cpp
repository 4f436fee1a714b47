// One index found from anywhere: pindex in a subdirectory uses the index above it, names the index
// on its summary line, shows what the index holds (--status) and drops a root (--forget).
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Notes in two folders and a file of its own, indexed from the top.
void make_indexed_tree(const fs::path& top) {
  e2e::write_file(top / "notes/a.txt", "The osprey dives for fish.\n");
  e2e::write_file(top / "notes/sub/b.txt", "An osprey nest on a pylon.\n\nA second paragraph about kites.\n");
  e2e::write_file(top / "papers/c.txt", "Osprey migration routes.\n");
  REQUIRE(e2e::run("pindex", {"notes", "papers"}, top).exit_code == 0);
}

}  // namespace

TEST_CASE("pindex names the index it wrote on its summary line", "[scope]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "notes/a.txt", "The osprey dives for fish.\n");
  auto r = e2e::run("pindex", {"notes"}, dir.path());
  REQUIRE(r.exit_code == 0);
  auto s = e2e::parse_summary(r.err);
  REQUIRE(s);
  CHECK(s->index == fs::canonical(dir / ".psearch").string());
}

TEST_CASE("pindex in a subdirectory updates the index of the folder above", "[scope]") {
  e2e::TempDir dir;
  make_indexed_tree(dir.path());
  e2e::write_file(dir / "papers/d.txt", "Ospreys and eagles.\n");
  auto bare = e2e::run("pindex", {}, dir / "notes/sub");
  INFO(bare.err);
  REQUIRE(bare.exit_code == 0);
  auto s = e2e::parse_summary(bare.err);
  REQUIRE(s);
  CHECK(s->added == 1);  // the whole index is brought up to date, not only this folder
  CHECK(s->index == fs::canonical(dir / ".psearch").string());
  CHECK(!fs::exists(dir / "notes/sub/.psearch"));

  auto dot = e2e::run("pindex", {"."}, dir / "notes");
  REQUIRE(dot.exit_code == 0);
  CHECK(contains(dot.err, "already covered"));
  CHECK(!fs::exists(dir / "notes/.psearch"));  // no second index hiding the first
  auto found = e2e::run("psearch", {"-l", "osprey"}, dir / "notes");
  CHECK(e2e::lines_of(found.out).size() == 4);  // every root is still searched
}

TEST_CASE("pindex --status shows the index, its roots and what changed since", "[scope]") {
  e2e::TempDir dir;
  make_indexed_tree(dir.path());
  e2e::write_file(dir / "notes/new.txt", "A new osprey note.\n");
  auto r = e2e::run("pindex", {"--status"}, dir / "notes/sub");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto root = fs::canonical(dir.path()).string();
  CHECK(contains(r.out, "index: " + root + "/.psearch\n"));
  CHECK(std::regex_search(r.out, std::regex("schema: \\d+\n")));
  CHECK(std::regex_search(r.out, std::regex("size: [0-9.]+ [KM]B\n")));
  CHECK(std::regex_search(r.out, std::regex("updated: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d")));
  CHECK(contains(r.out, "root: " + root + "/notes: 2 files, 3 passages\n"));
  CHECK(contains(r.out, "root: " + root + "/papers: 1 file, 1 passage\n"));
  CHECK(contains(r.out, "since the last update: 1 added, 0 changed, 0 removed, 3 unchanged\n"));
  // --status writes nothing: the new file is not searched (the other three also say osprey)
  CHECK(e2e::lines_of(e2e::run("psearch", {"-l", "osprey"}, dir.path()).out).size() == 3);
}

TEST_CASE("pindex --forget removes a root and its passages, and only that", "[scope]") {
  e2e::TempDir dir;
  make_indexed_tree(dir.path());
  auto r = e2e::run("pindex", {"--forget", "papers"}, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto s = e2e::parse_summary(r.err);
  REQUIRE(s);
  CHECK(s->removed == 1);
  auto left = e2e::lines_of(e2e::run("psearch", {"-l", "osprey"}, dir.path()).out);
  std::sort(left.begin(), left.end());
  CHECK(left == std::vector<std::string>{"notes/a.txt", "notes/sub/b.txt"});
  CHECK(fs::exists(dir / "papers/c.txt"));  // the files themselves are never touched
  auto later = e2e::run("pindex", {}, dir.path());  // the root stays forgotten
  CHECK(e2e::parse_summary(later.err)->added == 0);

  auto bad = e2e::run("pindex", {"--forget", "elsewhere"}, dir.path());
  CHECK(bad.exit_code == 2);
  CHECK(e2e::count_lines(bad.err) == 1);
  CHECK(contains(bad.err, "not a root"));
}
