// Exit codes of pindex and psearch (0 hits / 1 none / 2 error) and the one-line error messages.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

// Exactly one line on stderr, starting with prefix and ending in a newline.
bool one_line_starting(const std::string& err, const std::string& prefix) {
  return err.starts_with(prefix) && !err.empty() && err.back() == '\n' &&
         err.find('\n') == err.size() - 1;
}

// A temporary directory holding the bundled corpus and its index in .psearch.
using e2e::IndexedCorpus;

bool parent_has_index(const fs::path& dir) {
  for (fs::path p = dir.parent_path();; p = p.parent_path()) {
    if (fs::exists(p / ".psearch")) return true;
    if (p == p.parent_path()) return false;
  }
}

}  // namespace

SCENARIO("psearch exit codes tell hits, no hits and errors apart") {
  IndexedCorpus corpus;
  const auto& dir = corpus.dir.path();

  WHEN("the query has hits") {
    auto r = e2e::run("psearch", {"magnesium"}, dir);
    THEN("it exits 0, prints them and nothing on stderr") {
      CHECK(r.exit_code == 0);
      CHECK(!r.out.empty());
      CHECK(r.err.empty());
    }
  }
  WHEN("the query has no hits") {
    for (const auto& format : std::vector<std::string>{"--json", "--vimgrep", "--color=never"}) {
      auto r = e2e::run("psearch", {format, "xylophonequux"}, dir);
      THEN("it exits 1 and prints nothing (" + format + ")") {
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK(r.err.empty());
      }
    }
  }
  WHEN("the query has no words, only punctuation or a bare wildcard") {
    for (const auto& q : std::vector<std::string>{"*", "", "...", "**"}) {
      auto r = e2e::run("psearch", {q}, dir);
      THEN("it exits 2 with one error line for [" + q + "]") {
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(one_line_starting(r.err, "psearch: error: "));
      }
    }
  }
  WHEN("an option is unknown") {
    auto r = e2e::run("psearch", {"--frobnicate", "magnesium"}, dir);
    THEN("it exits 2 with one error line naming the option") {
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(one_line_starting(r.err, "psearch: error: "));
      CHECK_THAT(r.err, Catch::Contains("--frobnicate"));
    }
  }
  WHEN("an option value is invalid or the query is missing") {
    std::vector<std::vector<std::string>> cases{{"-n", "0", "magnesium"},
                                                {"-n", "many", "magnesium"},
                                                {"--color", "sometimes", "magnesium"},
                                                {"--json", "--vimgrep", "magnesium"},
                                                {"--json"},
                                                {}};
    for (const auto& args : cases) {
      auto r = e2e::run("psearch", args, dir);
      std::string shown;
      for (const auto& a : args) shown += a + " ";
      THEN("it exits 2 with one error line: psearch " + shown) {
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(one_line_starting(r.err, "psearch: error: "));
      }
    }
  }
}

SCENARIO("psearch without an index says where it looked and to run pindex") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());  // a corpus but no index

  WHEN("--db names a path that does not exist") {
    auto missing = (dir / "no-such-index").string();
    auto r = e2e::run("psearch", {"--db", missing, "magnesium"}, dir.path());
    THEN("it exits 2 with one line naming the path and pindex") {
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(one_line_starting(r.err, "psearch: error: "));
      CHECK_THAT(r.err, Catch::Contains(missing));
      CHECK_THAT(r.err, Catch::Contains("pindex"));
    }
  }
  WHEN("$PSEARCH_DB names a path that does not exist") {
    auto missing = (dir / "env-index").string();
    auto r = e2e::run("psearch", {"magnesium"}, dir.path(), {{"PSEARCH_DB", missing}});
    THEN("it exits 2 with one line naming that path and pindex") {
      CHECK(r.exit_code == 2);
      CHECK(one_line_starting(r.err, "psearch: error: "));
      CHECK_THAT(r.err, Catch::Contains(missing));
      CHECK_THAT(r.err, Catch::Contains("pindex"));
    }
  }
  WHEN("there is no .psearch here or in any parent") {
    if (parent_has_index(dir.path())) {
      WARN("skipped: a parent of " << dir.path() << " holds a .psearch");
      return;
    }
    auto r = e2e::run("psearch", {"magnesium"}, dir / "corpus");
    THEN("it exits 2 with one line naming .psearch and pindex") {
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(one_line_starting(r.err, "psearch: error: "));
      CHECK_THAT(r.err, Catch::Contains(".psearch"));
      CHECK_THAT(r.err, Catch::Contains("pindex"));
    }
  }
  WHEN("--db names an empty directory") {
    fs::create_directories(dir / "empty");
    auto r = e2e::run("psearch", {"--db", (dir / "empty").string(), "magnesium"}, dir.path());
    THEN("it exits 2 with one error line") {
      CHECK(r.exit_code == 2);
      CHECK(one_line_starting(r.err, "psearch: error: "));
      CHECK_THAT(r.err, Catch::Contains("pindex"));
    }
  }
  WHEN("--db names a file holding text that is not an index") {
    e2e::write_file(dir / "junk", "not an index\n");
    auto r = e2e::run("psearch", {"--db", (dir / "junk").string(), "magnesium"}, dir.path());
    THEN("it exits 2 with one error line") {
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(one_line_starting(r.err, "psearch: error: "));
    }
  }
}

TEST_CASE("psearch --db naming an empty regular file fails with one error line") {
  e2e::TempDir dir;
  e2e::write_file(dir / "empty-file", "");
  auto r = e2e::run("psearch", {"--db", (dir / "empty-file").string(), "magnesium"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(one_line_starting(r.err, "psearch: error: "));
}

SCENARIO("pindex exits 0 with a summary, or 2 with one error line") {
  e2e::TempDir dir;

  WHEN("it indexes the bundled corpus") {
    e2e::copy_corpus(dir.path());
    auto r = e2e::run("pindex", {}, dir.path());
    THEN("it exits 0 and its only stderr line is the summary") {
      CHECK(r.exit_code == 0);
      CHECK(r.out.empty());
      CHECK(one_line_starting(r.err, "pindex: "));
      CHECK_THAT(r.err, Catch::Contains(" added, "));
    }
  }
  WHEN("an option is unknown") {
    e2e::copy_corpus(dir.path());
    auto r = e2e::run("pindex", {"--frobnicate"}, dir.path());
    THEN("it exits 2 with one error line naming the option, and builds no index") {
      CHECK(r.exit_code == 2);
      CHECK(one_line_starting(r.err, "pindex: error: "));
      CHECK_THAT(r.err, Catch::Contains("--frobnicate"));
      CHECK(!fs::exists(dir / ".psearch"));
    }
  }
  WHEN("a PATH does not exist") {
    auto missing = (dir / "nowhere").string();
    auto r = e2e::run("pindex", {missing}, dir.path());
    THEN("it exits 2 with one error line naming the path") {
      CHECK(r.exit_code == 2);
      CHECK(one_line_starting(r.err, "pindex: error: "));
      CHECK_THAT(r.err, Catch::Contains(missing));
    }
  }
  WHEN("no PATH is given, nothing is recorded and there is no corpus/") {
    auto r = e2e::run("pindex", {}, dir.path());
    THEN("it exits 2 with one error line") {
      CHECK(r.exit_code == 2);
      CHECK(one_line_starting(r.err, "pindex: error: "));
    }
  }
  WHEN("--db names an existing regular file") {
    e2e::copy_corpus(dir.path());
    e2e::write_file(dir / "notes.txt", "my notes\n");
    auto r = e2e::run("pindex", {"--db", "notes.txt", "corpus"}, dir.path());
    THEN("it exits 2 with one error line and leaves the file alone") {
      CHECK(r.exit_code == 2);
      CHECK(one_line_starting(r.err, "pindex: error: "));
      CHECK(e2e::read_file(dir / "notes.txt") == "my notes\n");
    }
  }
}
