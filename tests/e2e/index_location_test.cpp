// Where the index lives (--db, $PSEARCH_DB, .psearch here or in a parent) and how hit paths are
// shown relative to the current directory.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kEpsomFile = "002_1b584d0e5cf49e70.txt";

json first_hit(const e2e::RunResult& r) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  auto hits = e2e::json_lines(r.out);
  REQUIRE(!hits.empty());
  return hits[0];
}

// A listing of every entry under dir with file contents, to prove nothing was touched.
std::set<std::string> snapshot(const fs::path& dir) {
  std::set<std::string> entries;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string rel = fs::relative(e.path(), dir).string();
    entries.insert(e.is_regular_file() ? rel + "=" + e2e::read_file(e.path()) : rel + "/");
  }
  return entries;
}

}  // namespace

SCENARIO("psearch finds the index from a subdirectory and shows paths relative to the current directory") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  REQUIRE(fs::is_directory(dir / ".psearch"));
  const fs::path epsom = dir / "corpus" / kEpsomFile;

  WHEN("searching from the directory holding .psearch") {
    auto hit = first_hit(e2e::run("psearch", {"--json", "Epsom salt"}, dir.path()));
    THEN("the file is relative: corpus/...") { CHECK(hit["file"] == "corpus/" + kEpsomFile); }
  }
  WHEN("searching from corpus/, a subdirectory") {
    auto hit = first_hit(e2e::run("psearch", {"--json", "Epsom salt"}, dir / "corpus"));
    THEN("the index is found in the parent and the file is relative to corpus/") {
      CHECK(hit["file"] == kEpsomFile);
      CHECK(hit["line"] == 58);
      CHECK(hit["text"] == e2e::file_lines(epsom, 58, 58));
    }
  }
  WHEN("searching from corpus/deeper/still, a directory the files are not in") {
    fs::create_directories(dir / "corpus/deeper/still");
    auto hit = first_hit(e2e::run("psearch", {"--json", "Epsom salt"}, dir / "corpus/deeper/still"));
    THEN("the index is found two levels up and the file is shown absolute") {
      CHECK(hit["file"] == epsom.string());
      CHECK(hit["line"] == 58);
    }
  }
  WHEN("searching from corp/, whose name is a prefix of corpus/") {
    fs::create_directories(dir / "corp");
    auto hit = first_hit(e2e::run("psearch", {"--json", "Epsom salt"}, dir / "corp"));
    THEN("the file is outside the current directory, so absolute") { CHECK(hit["file"] == epsom.string()); }
  }
  WHEN("searching from an unrelated directory with --db") {
    e2e::TempDir elsewhere;
    auto hit =
        first_hit(e2e::run("psearch", {"--db", (dir / ".psearch").string(), "--json", "Epsom salt"}, elsewhere.path()));
    THEN("the file is absolute") { CHECK(hit["file"] == epsom.string()); }
  }
  WHEN("the human and vimgrep formats are used from corpus/") {
    auto human = e2e::run("psearch", {"-n", "1", "Epsom salt"}, dir / "corpus");
    auto vimgrep = e2e::run("psearch", {"-n", "1", "--vimgrep", "Epsom salt"}, dir / "corpus");
    THEN("they show the same relative path") {
      CHECK_THAT(human.out, Catch::StartsWith(kEpsomFile + ":58:"));
      CHECK_THAT(vimgrep.out, Catch::StartsWith(kEpsomFile + ":58:"));
    }
  }
}

TEST_CASE("psearch uses the nearest .psearch among the parents") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus/outer.txt", "walrus outer file\n");
  e2e::write_file(dir / "inner/corpus/inner.txt", "walrus inner file\n");
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  // pindex alone would update the parent's index: an index of its own is asked for.
  REQUIRE(e2e::run("pindex", {"--db", ".psearch"}, dir / "inner").exit_code == 0);
  fs::create_directories(dir / "inner/work");

  auto from_inner = e2e::run("psearch", {"--json", "walrus"}, dir / "inner/work");
  auto hits = e2e::json_lines(from_inner.out);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["file"] == (dir / "inner/corpus/inner.txt").string());

  auto from_top = e2e::run("psearch", {"--json", "walrus"}, dir.path());
  hits = e2e::json_lines(from_top.out);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["file"] == "corpus/outer.txt");
}

SCENARIO("$PSEARCH_DB and --db choose the index for both programs") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  const auto env_db = (dir / "env-index").string();
  const std::map<std::string, std::string> env{{"PSEARCH_DB", env_db}};

  WHEN("pindex runs with $PSEARCH_DB set") {
    auto r = e2e::run("pindex", {}, dir.path(), env);
    REQUIRE(r.exit_code == 0);
    THEN("the index is written there, not to ./.psearch") {
      CHECK(fs::is_directory(env_db));
      CHECK(!fs::exists(dir / ".psearch"));
    }
    AND_THEN("psearch with the same $PSEARCH_DB finds it from any directory") {
      e2e::TempDir elsewhere;
      auto hit = first_hit(e2e::run("psearch", {"--json", "Epsom salt"}, elsewhere.path(), env));
      CHECK(hit["file"] == (dir / "corpus" / kEpsomFile).string());
      CHECK(hit["line"] == 58);
    }
    AND_THEN("psearch without it, in the same directory, finds no index") {
      auto s = e2e::run("psearch", {"Epsom salt"}, dir.path());
      CHECK(s.exit_code == 2);
    }
    AND_THEN("--db wins over $PSEARCH_DB") {
      auto s = e2e::run("psearch", {"--db", env_db, "--json", "Epsom salt"}, dir.path(),
                        {{"PSEARCH_DB", (dir / "missing").string()}});
      CHECK(first_hit(s)["line"] == 58);
    }
  }
  WHEN("pindex runs with --db and a relative path") {
    auto r = e2e::run("pindex", {"--db", "my-index"}, dir.path(), {{"PSEARCH_DB", (dir / "ignored").string()}});
    REQUIRE(r.exit_code == 0);
    THEN("--db wins over $PSEARCH_DB and is relative to the current directory") {
      CHECK(fs::is_directory(dir / "my-index"));
      CHECK(!fs::exists(dir / "ignored"));
      CHECK(!fs::exists(dir / ".psearch"));
    }
    AND_THEN("psearch --db with a relative path finds it") {
      auto hit = first_hit(e2e::run("psearch", {"--db", "my-index", "--json", "Epsom salt"}, dir.path()));
      CHECK(hit["file"] == "corpus/" + kEpsomFile);
    }
    AND_THEN("psearch with $PSEARCH_DB relative to the current directory finds it") {
      auto hit = first_hit(e2e::run("psearch", {"--json", "Epsom salt"}, dir.path(), {{"PSEARCH_DB", "my-index"}}));
      CHECK(hit["line"] == 58);
    }
  }
}

SCENARIO("pindex refuses an --db directory that holds unrelated files") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  e2e::write_file(dir / "precious/notes.txt", "do not lose me\n");
  e2e::write_file(dir / "precious/sub/more.txt", "nor me\n");

  WHEN("pindex --db precious corpus") {
    auto r = e2e::run("pindex", {"--db", "precious", "corpus"}, dir.path());
    THEN("it exits 2 with one error line naming the directory") {
      CHECK(r.exit_code == 2);
      CHECK(e2e::count_lines(r.err) == 1);
      CHECK_THAT(r.err, Catch::StartsWith("pindex: error: "));
      CHECK_THAT(r.err, Catch::Contains((dir / "precious").string()));
    }
    AND_THEN("the user's files are still there, unchanged") {
      CHECK(e2e::read_file(dir / "precious/notes.txt") == "do not lose me\n");
      CHECK(e2e::read_file(dir / "precious/sub/more.txt") == "nor me\n");
    }
  }
  WHEN("the same directory is given through $PSEARCH_DB") {
    auto r = e2e::run("pindex", {"corpus"}, dir.path(), {{"PSEARCH_DB", (dir / "precious").string()}});
    THEN("it is refused too") {
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Catch::StartsWith("pindex: error: "));
    }
  }
}

TEST_CASE("pindex refusing an --db directory adds nothing to it") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  e2e::write_file(dir / "precious/notes.txt", "do not lose me\n");
  auto before = snapshot(dir / "precious");
  auto r = e2e::run("pindex", {"--db", "precious", "corpus"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(snapshot(dir / "precious") == before);
}

TEST_CASE("a failed pindex in a subdirectory leaves nothing that hides the parent's index") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  fs::create_directories(dir / "work");

  SECTION("no PATH in the subdirectory: the parent's index is updated") {
    auto r = e2e::run("pindex", {}, dir / "work");
    CHECK(r.exit_code == 0);
    auto summary = e2e::parse_summary(r.err);
    REQUIRE(summary);
    CHECK(summary->index == fs::canonical(dir / ".psearch").string());
  }
  SECTION("a PATH that does not exist") {
    auto r = e2e::run("pindex", {"nowhere"}, dir / "work");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::StartsWith("pindex: error: "));
  }
  CHECK(!fs::exists(dir / "work/.psearch"));
  auto s = e2e::run("psearch", {"--json", "Epsom salt"}, dir / "work");
  INFO(s.err);
  CHECK(s.exit_code == 0);
}
