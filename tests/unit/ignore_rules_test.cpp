#include "indexer/ignore_rules.hpp"

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <catch2/catch.hpp>

using namespace psearch;
namespace fs = std::filesystem;

namespace {

bool matches(const char* line, const char* path, bool is_dir = false) {
  auto rules = parse_ignore_file(line);
  REQUIRE(rules.size() == 1);
  return pattern_matches(rules[0], path, is_dir);
}

// A fresh folder per test, removed at its end.
class TempDir {
public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "psearch-ignore-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) ? pattern : throw std::runtime_error("mkdtemp failed");
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

private:
  fs::path path_;
};

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("ignore file: comments, blanks, negation, anchoring, trailing slash and spaces", "[ignore]") {
  auto rules = parse_ignore_file("# comment\n\n*.o\n!keep.o\n/build/\ndocs/*.html\n\\#hash\nspace\\ \ntrail   \r\n");
  REQUIRE(rules.size() == 7);
  CHECK(rules[0].glob == "*.o");
  CHECK_FALSE(rules[0].anchored);
  CHECK(rules[1].negated);
  CHECK(rules[1].glob == "keep.o");
  CHECK(rules[2].glob == "build");
  CHECK(rules[2].anchored);
  CHECK(rules[2].dir_only);
  CHECK(rules[3].anchored);
  CHECK(rules[4].glob == "\\#hash");
  CHECK(rules[5].glob == "space\\ ");
  CHECK(rules[6].glob == "trail");
}

TEST_CASE("ignore pattern: a name without '/' matches at any depth", "[ignore]") {
  CHECK(matches("*.o", "main.o"));
  CHECK(matches("*.o", "src/lib/main.o"));
  CHECK_FALSE(matches("*.o", "main.c"));
  CHECK(matches("build", "a/b/build", true));
  CHECK(matches("\\#hash", "x/#hash"));  // an escaped '#' is not a comment
}

TEST_CASE("ignore pattern: a '/' anchors it to the ignore file's folder", "[ignore]") {
  CHECK(matches("/build", "build", true));
  CHECK_FALSE(matches("/build", "src/build", true));
  CHECK(matches("docs/*.html", "docs/index.html"));
  CHECK_FALSE(matches("docs/*.html", "docs/api/index.html"));  // '*' does not cross '/'
  CHECK_FALSE(matches("docs/*.html", "other/docs/index.html"));
}

TEST_CASE("ignore pattern: '**' spans folders", "[ignore]") {
  CHECK(matches("**/generated", "generated", true));
  CHECK(matches("**/generated", "a/b/generated", true));
  CHECK(matches("docs/**/*.html", "docs/index.html"));
  CHECK(matches("docs/**/*.html", "docs/a/b/index.html"));
  CHECK(matches("vendor/**", "vendor/x/y.c"));
  CHECK_FALSE(matches("vendor/**", "vendor", true));
}

TEST_CASE("ignore pattern: trailing '/' matches directories only, classes and '?' one character", "[ignore]") {
  CHECK(matches("out/", "out", true));
  CHECK_FALSE(matches("out/", "out", false));
  CHECK(matches("file[0-9].txt", "file7.txt"));
  CHECK_FALSE(matches("file[0-9].txt", "fileA.txt"));
  CHECK(matches("?.md", "a.md"));
  CHECK_FALSE(matches("?.md", "ab.md"));
}

TEST_CASE("ignore stack: nested files, last rule wins, negation, tiers", "[ignore]") {
  TempDir tmp;
  fs::path root = tmp.path() / "tree";
  fs::create_directories(root / ".git");
  write(root / ".gitignore", "*.log\nbuild/\n");
  write(root / "sub/.gitignore", "!keep.log\n");
  write(root / ".ignore", "secret.txt\n");
  write(root / ".psearchignore", "!build/\n");
  IgnoreStack stack(root.string());
  stack.enter(root.string());
  CHECK(stack.ignored((root / "a.log").string(), false));
  CHECK_FALSE(stack.ignored((root / "a.txt").string(), false));
  CHECK(stack.ignored((root / "secret.txt").string(), false));
  CHECK_FALSE(stack.ignored((root / "build").string(), true));  // .psearchignore outranks .gitignore
  stack.enter((root / "sub").string());
  CHECK(stack.ignored((root / "sub/a.log").string(), false));
  CHECK_FALSE(stack.ignored((root / "sub/keep.log").string(), false));  // the deeper file wins
  stack.leave();
  CHECK(stack.ignored((root / "keep.log").string(), false));
}

TEST_CASE("ignore stack: .gitignore counts only inside a git work tree, .ignore everywhere", "[ignore]") {
  TempDir tmp;
  fs::path root = tmp.path() / "plain";
  write(root / ".gitignore", "*.log\n");
  write(root / ".ignore", "*.tmp\n");
  IgnoreStack stack(root.string());
  stack.enter(root.string());
  CHECK_FALSE(stack.ignored((root / "a.log").string(), false));
  CHECK(stack.ignored((root / "a.tmp").string(), false));
}

TEST_CASE("ignore stack: a root inside a work tree obeys the ignore files above it and info/exclude",
          "[ignore]") {
  TempDir tmp;
  fs::path top = tmp.path() / "repo";
  write(top / ".git/info/exclude", "*.bak\n");
  write(top / ".gitignore", "docs/draft/\n*.o\n");
  fs::path root = top / "docs";
  fs::create_directories(root / "draft");
  IgnoreStack stack(root.string());
  stack.enter(root.string());
  CHECK(stack.ignored((root / "draft").string(), true));
  CHECK(stack.ignored((root / "x.o").string(), false));
  CHECK(stack.ignored((root / "x.bak").string(), false));
  CHECK_FALSE(stack.ignored((root / "x.md").string(), false));
}
