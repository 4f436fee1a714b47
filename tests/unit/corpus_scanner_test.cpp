// The corpus scanner: files below the roots sorted by path, without dot-entries, the index itself
// or symbolic links; binary files are listed (their bytes are looked at when they are read).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "format/error.hpp"
#include "indexer/corpus_scanner.hpp"
#include "tests/support/temp_dir.hpp"

using namespace psearch;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> scanned_paths(const std::vector<std::string>& roots, const std::string& db,
                                       bool follow_links = false) {
  std::vector<std::string> warnings, paths;
  for (const auto& f : scan_corpus(roots, db, [&](const std::string& w) { warnings.push_back(w); }, follow_links))
    paths.push_back(f.path);
  CHECK(warnings.empty());
  return paths;
}

}  // namespace

TEST_CASE("scan_corpus lists the files below a root, sorted, with their size", "[corpus_scanner]") {
  unit::TempDir tmp;
  unit::write_file(tmp / "b.txt", "bee\n");
  unit::write_file(tmp / "a/z.md", "zed\n");
  unit::write_file(tmp / "a/y.bin", std::string("\0\x01\x02", 3));  // binary: still a candidate
  std::vector<std::string> warnings;
  auto files = scan_corpus({tmp.path().string()}, tmp / ".psearch", [&](const std::string& w) { warnings.push_back(w); });
  CHECK(warnings.empty());
  REQUIRE(files.size() == 3);
  CHECK(files[0].path == tmp / "a/y.bin");
  CHECK(files[1].path == tmp / "a/z.md");
  CHECK(files[2].path == tmp / "b.txt");
  CHECK(files[2].size == 4);
  CHECK(files[2].mtime_ns > 0);
}

TEST_CASE("scan_corpus skips dot-files, dot-directories and the index directory", "[corpus_scanner]") {
  unit::TempDir tmp;
  unit::write_file(tmp / "keep.txt", "kept\n");
  unit::write_file(tmp / ".hidden.txt", "no\n");
  unit::write_file(tmp / ".git/config", "no\n");
  unit::write_file(tmp / "index/XAPIANDB", "auto gen-1\n");  // the index, named without a dot
  unit::write_file(tmp / "index/gen-1/postlist.glass", "no\n");
  CHECK(scanned_paths({tmp.path().string()}, tmp / "index") == std::vector<std::string>{tmp / "keep.txt"});
}

TEST_CASE("scan_corpus skips symbolic links unless asked to follow them", "[corpus_scanner]") {
  unit::TempDir tmp;
  unit::write_file(tmp / "root/a.txt", "a\n");
  unit::write_file(tmp / "outside/o.txt", "o\n");
  fs::create_directory_symlink(tmp / "outside", tmp / "root/link");
  CHECK(scanned_paths({tmp / "root"}, tmp / ".psearch") == std::vector<std::string>{tmp / "root/a.txt"});
  CHECK(scanned_paths({tmp / "root"}, tmp / ".psearch", true) ==
        std::vector<std::string>{tmp / "root/a.txt", tmp / "root/link/o.txt"});
}

TEST_CASE("scan_corpus takes a file as a root, and a missing root is an error", "[corpus_scanner]") {
  unit::TempDir tmp;
  unit::write_file(tmp / "one.txt", "one\n");
  CHECK(scanned_paths({tmp / "one.txt"}, tmp / ".psearch") == std::vector<std::string>{tmp / "one.txt"});
  CHECK_THROWS_AS(scan_corpus({tmp / "missing"}, tmp / ".psearch", [](const std::string&) {}), Error);
}

TEST_CASE("path_in_root names a file relative to the deepest root it lies under", "[corpus_scanner]") {
  CHECK(path_in_root("/r/a/b.txt", {"/r"}) == "a/b.txt");
  CHECK(path_in_root("/r/a/b.txt", {"/r", "/r/a"}) == "b.txt");
  CHECK(path_in_root("/elsewhere/c.txt", {"/r"}) == "c.txt");
  CHECK(path_under("/r/a", "/r"));
  CHECK_FALSE(path_under("/rx/a", "/r"));
}
