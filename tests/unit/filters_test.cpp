// dir: and ext: taken out of a query and turned into filter terms (searcher/filters.hpp).
#include <catch2/catch.hpp>

#include <cstdlib>

#include "searcher/filters.hpp"

using psearch::QueryFilters;

TEST_CASE("filters: dir: and ext: words leave the query text, phrases and other words stay", "[filters]") {
  QueryFilters f;
  CHECK(psearch::take_filters("heron dir:notes ext:md -ext:txt \"grey dir:x heron\" -dir:\"my old\" (a OR b)", f) ==
        "heron    \"grey dir:x heron\"  (a OR b)");
  CHECK(f.dirs == std::vector<std::string>{"notes"});
  CHECK(f.exts == std::vector<std::string>{"md"});
  CHECK(f.excluded_exts == std::vector<std::string>{"txt"});
  CHECK(f.excluded_dirs == std::vector<std::string>{"my old"});

  QueryFilters none;
  CHECK(psearch::take_filters("redir:x ext: sub-dir:y", none) == "redir:x ext: sub-dir:y");
  CHECK(none.empty());
}

TEST_CASE("filters: a folder is resolved against the current directory", "[filters]") {
  CHECK(psearch::resolve_dir("notes", "/home/u") == "/home/u/notes");
  CHECK(psearch::resolve_dir("notes/", "/home/u") == "/home/u/notes");
  CHECK(psearch::resolve_dir("../v/./w", "/home/u") == "/home/v/w");
  CHECK(psearch::resolve_dir("/srv/x", "/home/u") == "/srv/x");
  CHECK(psearch::resolve_dir("/", "/home/u") == "/");
  ::setenv("HOME", "/home/me", 1);
  CHECK(psearch::resolve_dir("~/notes", "/tmp") == "/home/me/notes");
}

TEST_CASE("filters: dir: is a wildcard over the folder terms below it, ext: the type's term", "[filters]") {
  auto describe = [&](const QueryFilters& f) { return psearch::filter_query(f, "/home/u").get_description(); };
  QueryFilters in_root;
  in_root.dirs = {"notes/old", "/home/u/notes/old/"};
  CHECK(describe(in_root) == "Query(WILDCARD OR P/home/u/notes/old/)");
  QueryFilters two;
  two.dirs = {"/var", "/home"};
  CHECK(describe(two) == "Query((WILDCARD OR P/home/ OR WILDCARD OR P/var/))");
  QueryFilters types;
  types.exts = {"MD", ".txt"};
  types.excluded_dirs = {"papers"};
  CHECK(describe(types) == "Query(((Emd OR Etxt) AND_NOT WILDCARD OR P/home/u/papers/))");
}
