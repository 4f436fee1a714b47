// Ignore files: .gitignore (in a git work tree), .ignore and .psearchignore, read by pindex as
// ripgrep reads them, and --no-ignore.
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

// The files psearch -l lists for the query, relative to dir, sorted.
std::vector<std::string> listed(const fs::path& dir, const std::string& query) {
  auto r = e2e::run("psearch", {"-l", query}, dir);
  REQUIRE(r.exit_code <= 1);
  auto files = e2e::lines_of(r.out);
  std::sort(files.begin(), files.end());
  return files;
}

// A small tree where every file says "lantern".
void make_tree(const fs::path& root) {
  for (const char* f : {"notes/a.md", "notes/b.txt", "build/out.txt", "vendor/lib/x.txt", "notes/drafts/c.md",
                        "notes/drafts/keep.md"})
    e2e::write_file(root / f, std::string("A lantern in ") + f + ".\n");
}

}  // namespace

TEST_CASE("ignore files: .ignore and .psearchignore everywhere, nested, with negation", "[ignore]") {
  e2e::TempDir dir;
  make_tree(dir / "docs");
  e2e::write_file(dir / "docs/.ignore", "build/\nvendor\n");
  e2e::write_file(dir / "docs/notes/.psearchignore", "drafts/*.md\n!keep.md\n");
  REQUIRE(e2e::run("pindex", {"docs"}, dir.path()).exit_code == 0);
  CHECK(listed(dir.path(), "lantern") ==
        std::vector<std::string>{"docs/notes/a.md", "docs/notes/b.txt", "docs/notes/drafts/keep.md"});
}

TEST_CASE("ignore files: .gitignore counts only inside a git work tree", "[ignore]") {
  e2e::TempDir dir;
  make_tree(dir / "repo");
  e2e::write_file(dir / "repo/.gitignore", "build/\n*.txt\n");
  REQUIRE(e2e::run("pindex", {"repo"}, dir.path()).exit_code == 0);
  CHECK(listed(dir.path(), "lantern").size() == 6);  // not a work tree: .gitignore is a plain file

  fs::create_directories(dir / "repo/.git/info");
  e2e::write_file(dir / "repo/.git/info/exclude", "vendor/\n");
  auto update = e2e::run("pindex", {}, dir.path());
  REQUIRE(update.exit_code == 0);
  CHECK(update.err.find("3 removed") != std::string::npos);
  CHECK(listed(dir.path(), "lantern") ==
        std::vector<std::string>{"repo/notes/a.md", "repo/notes/drafts/c.md", "repo/notes/drafts/keep.md"});
}

TEST_CASE("ignore files: a change to an ignore file is picked up by the next run", "[ignore]") {
  e2e::TempDir dir;
  make_tree(dir / "docs");
  e2e::write_file(dir / "docs/.ignore", "*.md\n");
  REQUIRE(e2e::run("pindex", {"docs"}, dir.path()).exit_code == 0);
  CHECK(listed(dir.path(), "lantern").size() == 3);
  e2e::write_file(dir / "docs/.ignore", "*.txt\n");
  auto update = e2e::run("pindex", {}, dir.path());
  REQUIRE(update.exit_code == 0);
  auto s = e2e::parse_summary(update.err);
  REQUIRE(s);
  CHECK(s->added == 3);
  CHECK(s->removed == 3);
  CHECK(listed(dir.path(), "lantern") ==
        std::vector<std::string>{"docs/notes/a.md", "docs/notes/drafts/c.md", "docs/notes/drafts/keep.md"});
}

TEST_CASE("ignore files: --no-ignore indexes everything, an explicit root is never ignored", "[ignore]") {
  e2e::TempDir dir;
  make_tree(dir / "docs");
  e2e::write_file(dir / "docs/.ignore", "build/\nvendor/\n");
  REQUIRE(e2e::run("pindex", {"--no-ignore", "docs"}, dir.path()).exit_code == 0);
  CHECK(listed(dir.path(), "lantern").size() == 6);

  e2e::TempDir other;
  make_tree(other / "docs");
  e2e::write_file(other / "docs/.ignore", "build/\n");
  REQUIRE(e2e::run("pindex", {"docs/build"}, other.path()).exit_code == 0);  // named: indexed
  CHECK(listed(other.path(), "lantern") == std::vector<std::string>{"docs/build/out.txt"});
}

TEST_CASE("ignore files: a root they empty is said, not indexed silently as nothing", "[ignore]") {
  e2e::TempDir dir;
  fs::create_directories(dir / "repo/.git");
  make_tree(dir / "repo/vendored");
  e2e::write_file(dir / "repo/vendored/.gitignore", "/*\n");  // as Debian's kernel tree has
  auto r = e2e::run("pindex", {"repo/vendored"}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("exclude everything in it; --no-ignore indexes it all") != std::string::npos);
  CHECK(r.err.find("0 added") != std::string::npos);
  auto all = e2e::run("pindex", {"--no-ignore", "repo/vendored"}, dir.path());
  CHECK(all.err.find("exclude everything") == std::string::npos);
  CHECK(listed(dir.path(), "lantern").size() == 6);
}
