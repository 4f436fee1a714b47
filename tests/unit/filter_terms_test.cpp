// The dir: and ext: terms (format/filter_terms.hpp): what pindex adds and psearch looks up.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "format/filter_terms.hpp"

using namespace psearch::schema;

TEST_CASE("dir terms: a file's folder, of which each folder above it is a prefix", "[filters]") {
  const std::vector<std::pair<std::string, std::string>> folders{
      {file_dir_term("/home/u/notes/birds/heron.md"), "P/home/u/notes/birds/"},
      {file_dir_term("/top.txt"), "P/"},
      {dir_term("/home"), "P/home/"},
      {dir_term("/"), "P/"},
      {dir_pattern("/home/u/notes"), "P/home/u/notes/"}};
  for (const auto& [got, want] : folders) CHECK(got == want);
  CHECK(file_dir_term("/home/u/notes/birds/heron.md").starts_with(dir_pattern("/home/u/notes")));
  CHECK_FALSE(file_dir_term("/home/u/notes2/heron.md").starts_with(dir_pattern("/home/u/notes")));
  CHECK(file_dir_term("/x.md").starts_with(dir_pattern("/")));
}

TEST_CASE("dir term: a folder path too long for a Xapian term keeps its start and a hash", "[filters]") {
  std::string deep = "/" + std::string(300, 'a');
  auto term = dir_term(deep);
  CHECK(term.size() < 245);
  CHECK(term.rfind("P/aaaa", 0) == 0);
  CHECK(term != dir_term(deep + "b"));
  CHECK(term.starts_with(dir_pattern(deep)));             // dir: finds it
  CHECK(dir_term(deep + "/c").starts_with(dir_pattern(deep)));  // and the folders below it
  std::string parent = "/" + std::string(150, 'p');
  CHECK(dir_term(parent + "/" + std::string(150, 'q')).starts_with(dir_pattern(parent)));
  CHECK_FALSE(dir_term(parent + "x/" + std::string(150, 'q')).starts_with(dir_pattern(parent)));
}

TEST_CASE("extensions: lower case, without the dot, none for dot-files and bare names", "[filters]") {
  CHECK(file_extension("/a/Notes.MD") == "md");
  CHECK(file_extension("/a/man.1.gz") == "gz");
  CHECK(file_extension("/a.d/README") == "");
  CHECK(file_extension("/a/.bashrc") == "");
  CHECK(file_extension("/a/trailing.") == "");
  CHECK(ext_term("MD") == "Emd");
  CHECK(ext_term(".md") == "Emd");
  CHECK(ext_term("") == "");
  CHECK(ext_term("...") == "");
}
