// The dir: and ext: terms (format/filter_terms.hpp): what pindex adds and psearch looks up.
#include <catch2/catch.hpp>

#include "format/filter_terms.hpp"

using namespace psearch::schema;

TEST_CASE("dir terms: the file's folder and each folder above it down to the root", "[filters]") {
  CHECK(dir_terms("/home/u/notes/birds/heron.md", "/home/u/notes") ==
        std::vector<std::string>{"P/home/u/notes/birds", "P/home/u/notes"});
  CHECK(dir_terms("/home/u/notes/heron.md", "/home/u/notes") == std::vector<std::string>{"P/home/u/notes"});
  CHECK(dir_terms("/home/u/one.txt", "/home/u/one.txt") == std::vector<std::string>{"P/home/u"});
  CHECK(dir_terms("/srv/a/b.txt", "/") == std::vector<std::string>{"P/srv/a", "P/srv", "P/"});
  CHECK(dir_terms("/top.txt", "/") == std::vector<std::string>{"P/"});
}

TEST_CASE("dir term: a folder path too long for a Xapian term keeps its start and a hash", "[filters]") {
  std::string deep = "/" + std::string(300, 'a');
  auto term = dir_term(deep);
  CHECK(term.size() < 245);
  CHECK(term.rfind("P/aaaa", 0) == 0);
  CHECK(term != dir_term(deep + "b"));
  CHECK(dir_term("/home") == "P/home");
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
