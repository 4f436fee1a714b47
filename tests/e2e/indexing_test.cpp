// What pindex indexes and what it skips, its summary line, and incremental updates: after every
// run, searches must reflect the files on disk.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

using e2e::lines_of;
using e2e::parse_summary;
using e2e::Summary;
const auto& warnings = e2e::pindex_warnings;

Summary pindex_ok(const fs::path& cwd, const std::vector<std::string>& args = {}) {
  auto r = e2e::run("pindex", args, cwd);
  INFO("pindex stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  auto s = parse_summary(r.err);
  REQUIRE(s.has_value());
  return *s;
}

// Files (relative to cwd) of all hits for query; empty on exit 1.
std::set<std::string> hit_files(const fs::path& cwd, const std::string& query) {
  auto r = e2e::run("psearch", {"--json", "-n", "1000", query}, cwd);
  INFO("psearch " << query << " stderr: " << r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  std::set<std::string> files;
  for (const auto& h : e2e::json_lines(r.out)) files.insert(h["file"].get<std::string>());
  CHECK(files.empty() == (r.exit_code == 1));
  return files;
}

using Files = std::set<std::string>;

// Gives the file a modification time clearly later than its current one.
void bump_mtime(const fs::path& p, std::chrono::seconds by = 10s) {
  fs::last_write_time(p, fs::last_write_time(p) + by);
}

// Rewrites the file's bytes and makes sure its mtime moves on, even on coarse-timestamp filesystems.
void rewrite(const fs::path& p, const std::string& bytes) {
  auto before = fs::last_write_time(p);
  e2e::write_file(p, bytes);
  fs::last_write_time(p, before + 20s);
}

}  // namespace

TEST_CASE("pindex summarises a first run of the bundled corpus in one line") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  auto first = e2e::run("pindex", {}, dir.path());
  REQUIRE(first.exit_code == 0);
  INFO(first.err);
  CHECK(e2e::count_lines(first.err) == 1);
  auto s = parse_summary(first.err);
  REQUIRE(s);
  CHECK(s->added == 4);
  CHECK(s->changed == 0);
  CHECK(s->removed == 0);
  CHECK(s->unchanged == 0);
  CHECK(s->skipped == 0);
  CHECK(s->passages > 4);

  auto again = pindex_ok(dir.path());
  CHECK(again.added == 0);
  CHECK(again.changed == 0);
  CHECK(again.removed == 0);
  CHECK(again.unchanged == 4);
  CHECK(again.passages == s->passages);
}

SCENARIO("pindex skips binary files, counted in the summary, named with -v") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus/text.txt", "okapi text file\n");
  e2e::write_file(dir / "corpus/data.bin", std::string("okapi\0binary okapi data\n", 24));
  e2e::write_file(dir / "corpus/late-nul.txt", "okapi starts as text" + std::string(5000, 'x') + std::string(1, '\0') + "\n");

  WHEN("pindex runs") {
    auto r = e2e::run("pindex", {}, dir.path());
    THEN("it exits 0 with no warning and the binary files counted in the summary") {
      REQUIRE(r.exit_code == 0);
      INFO(r.err);
      CHECK(warnings(r.err).empty());
      auto s = parse_summary(r.err);
      REQUIRE(s);
      CHECK(s->added == 1);
      CHECK(s->skipped == 2);
      CHECK(s->skipped_kinds == "2 binary files");
    }
    AND_THEN("pindex --rebuild -v names each with its reason") {
      auto v = e2e::run("pindex", {"--rebuild", "-v"}, dir.path());
      REQUIRE(v.exit_code == 0);
      auto w = warnings(v.err);
      std::set<std::string> got(w.begin(), w.end());
      CHECK(got == std::set<std::string>{"pindex: skipped '" + (dir / "corpus/data.bin").string() + "': binary data",
                                         "pindex: skipped '" + (dir / "corpus/late-nul.txt").string() + "': binary data"});
    }
    AND_THEN("only the text file is searchable") {
      CHECK(hit_files(dir.path(), "okapi") == Files{"corpus/text.txt"});
      CHECK(hit_files(dir.path(), "binary").empty());
    }
  }
}

SCENARIO("pindex skips dot-directories, dot-files and the index itself") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus/seen.txt", "narwhal visible\n");
  e2e::write_file(dir / "corpus/sub/deep/seen-too.txt", "narwhal nested\n");
  e2e::write_file(dir / "corpus/.hidden.txt", "narwhal dotfile\n");
  e2e::write_file(dir / "corpus/.git/config.txt", "narwhal in a dot directory\n");
  e2e::write_file(dir / "corpus/sub/.cache/x.txt", "narwhal in a nested dot directory\n");

  WHEN("indexing corpus/ into the default .psearch") {
    auto s = pindex_ok(dir.path());
    THEN("only the two visible files are indexed") {
      CHECK(s.added == 2);
      CHECK(hit_files(dir.path(), "narwhal") == Files{"corpus/seen.txt", "corpus/sub/deep/seen-too.txt"});
      CHECK(hit_files(dir.path(), "dotfile").empty());
      CHECK(hit_files(dir.path(), "directory").empty());
    }
  }
  WHEN("indexing a directory with the index inside it, not hidden") {
    auto r = e2e::run("pindex", {"--db", "corpus/idx", "corpus"}, dir.path());
    REQUIRE(r.exit_code == 0);
    THEN("the index's own files are not indexed and cause no warning") {
      INFO(r.err);
      CHECK(e2e::count_lines(r.err) == 1);
      auto s = parse_summary(r.err);
      REQUIRE(s);
      CHECK(s->added == 2);
      CHECK(s->skipped == 0);
    }
    AND_THEN("a second run leaves everything unchanged") {
      auto again = e2e::run("pindex", {"--db", "corpus/idx"}, dir.path());
      REQUIRE(again.exit_code == 0);
      INFO(again.err);
      CHECK(e2e::count_lines(again.err) == 1);
      auto s = parse_summary(again.err);
      REQUIRE(s);
      CHECK(s->added == 0);
      CHECK(s->unchanged == 2);
    }
  }
}

SCENARIO("incremental pindex runs count added, changed, removed and unchanged files") {
  e2e::TempDir dir;
  const auto& cwd = dir.path();
  e2e::write_file(dir / "corpus/a.txt", "zebra alpha\n");
  e2e::write_file(dir / "corpus/b.txt", "zebra bravo\n");
  e2e::write_file(dir / "corpus/sub/c.txt", "zebra charlie\n");

  GIVEN("a first run over three files") {
    auto s1 = pindex_ok(cwd);
    CHECK(s1.added == 3);
    CHECK(s1.unchanged == 0);
    CHECK(hit_files(cwd, "zebra") == Files{"corpus/a.txt", "corpus/b.txt", "corpus/sub/c.txt"});

    WHEN("one file is added, one changed, one deleted and one only touched") {
      e2e::write_file(dir / "corpus/sub/d.txt", "zebra delta\n");
      rewrite(dir / "corpus/a.txt", "zebra omega and more\n");
      fs::remove(dir / "corpus/sub/c.txt");
      bump_mtime(dir / "corpus/b.txt");
      auto s2 = pindex_ok(cwd);
      THEN("the summary counts 1 added, 1 changed, 1 removed, 1 unchanged") {
        CHECK(s2.added == 1);
        CHECK(s2.changed == 1);
        CHECK(s2.removed == 1);
        CHECK(s2.unchanged == 1);
      }
      AND_THEN("searches reflect the files on disk") {
        CHECK(hit_files(cwd, "zebra") == Files{"corpus/a.txt", "corpus/b.txt", "corpus/sub/d.txt"});
        CHECK(hit_files(cwd, "alpha").empty());
        CHECK(hit_files(cwd, "omega") == Files{"corpus/a.txt"});
        CHECK(hit_files(cwd, "charlie").empty());
        CHECK(hit_files(cwd, "delta") == Files{"corpus/sub/d.txt"});
        CHECK(hit_files(cwd, "bravo") == Files{"corpus/b.txt"});
      }
      AND_WHEN("pindex runs again with nothing changed") {
        auto s3 = pindex_ok(cwd);
        THEN("all three files are unchanged and the passage count stays") {
          CHECK(s3.added == 0);
          CHECK(s3.changed == 0);
          CHECK(s3.removed == 0);
          CHECK(s3.unchanged == 3);
          CHECK(s3.passages == s2.passages);
        }
      }
    }
    WHEN("a file's content changes but its size stays the same") {
      rewrite(dir / "corpus/a.txt", "zebra gamma\n");  // "alpha" -> "gamma"
      auto s2 = pindex_ok(cwd);
      THEN("it is counted changed and the new word is found, the old one not") {
        CHECK(s2.changed == 1);
        CHECK(s2.unchanged == 2);
        CHECK(hit_files(cwd, "gamma") == Files{"corpus/a.txt"});
        CHECK(hit_files(cwd, "alpha").empty());
      }
    }
    WHEN("every file is touched without changing its content") {
      for (const char* f : {"corpus/a.txt", "corpus/b.txt", "corpus/sub/c.txt"}) bump_mtime(dir / f);
      auto s2 = pindex_ok(cwd);
      THEN("all are counted unchanged") {
        CHECK(s2.added == 0);
        CHECK(s2.changed == 0);
        CHECK(s2.unchanged == 3);
        CHECK(s2.passages == s1.passages);
      }
      AND_WHEN("then a touched file is changed") {
        rewrite(dir / "corpus/b.txt", "zebra bravissimo\n");
        auto s3 = pindex_ok(cwd);
        THEN("the change is still noticed") {
          CHECK(s3.changed == 1);
          CHECK(s3.unchanged == 2);
          CHECK(hit_files(cwd, "bravissimo") == Files{"corpus/b.txt"});
        }
      }
    }
    WHEN("a whole subdirectory is deleted") {
      fs::remove_all(dir / "corpus/sub");
      auto s2 = pindex_ok(cwd);
      THEN("its file is removed from the index") {
        CHECK(s2.removed == 1);
        CHECK(s2.unchanged == 2);
        CHECK(hit_files(cwd, "zebra") == Files{"corpus/a.txt", "corpus/b.txt"});
      }
    }
    WHEN("a text file becomes binary") {
      rewrite(dir / "corpus/a.txt", std::string("zebra\0alpha\n", 12));
      auto r = e2e::run("pindex", {}, cwd);
      REQUIRE(r.exit_code == 0);
      THEN("it is counted as skipped and no longer found") {
        CHECK(parse_summary(r.err)->skipped_kinds == "1 binary file");
        CHECK(hit_files(cwd, "alpha").empty());
        CHECK(hit_files(cwd, "zebra") == Files{"corpus/b.txt", "corpus/sub/c.txt"});
      }
    }
    WHEN("a file is renamed") {
      fs::rename(dir / "corpus/b.txt", dir / "corpus/sub/b-renamed.txt");
      auto s2 = pindex_ok(cwd);
      THEN("the old name is removed and the new one added") {
        CHECK(s2.added == 1);
        CHECK(s2.removed == 1);
        CHECK(s2.unchanged == 2);
        CHECK(hit_files(cwd, "bravo") == Files{"corpus/sub/b-renamed.txt"});
      }
    }
    WHEN("pindex --rebuild runs") {
      auto s2 = pindex_ok(cwd, {"--rebuild"});
      THEN("everything is indexed afresh with the same passages") {
        CHECK(s2.added == 3);
        CHECK(s2.passages == s1.passages);
        CHECK(hit_files(cwd, "zebra") == Files{"corpus/a.txt", "corpus/b.txt", "corpus/sub/c.txt"});
      }
    }
  }
}

SCENARIO("pindex without PATH indexes corpus/ first and the recorded roots afterwards") {
  e2e::TempDir dir;
  const auto& cwd = dir.path();
  e2e::write_file(dir / "corpus/c1.txt", "ibex in corpus\n");
  e2e::write_file(dir / "notes/n1.txt", "ibex in notes\n");

  GIVEN("a first run with an explicit PATH notes") {
    auto s1 = pindex_ok(cwd, {"notes"});
    CHECK(s1.added == 1);
    CHECK(hit_files(cwd, "ibex") == Files{"notes/n1.txt"});

    WHEN("files are added to notes/ and corpus/ and pindex runs without PATH") {
      e2e::write_file(dir / "notes/n2.txt", "ibex second note\n");
      e2e::write_file(dir / "corpus/c2.txt", "ibex second corpus file\n");
      auto s2 = pindex_ok(cwd);
      THEN("only the recorded root notes/ is updated") {
        CHECK(s2.added == 1);
        CHECK(s2.unchanged == 1);
        CHECK(hit_files(cwd, "ibex") == Files{"notes/n1.txt", "notes/n2.txt"});
      }
    }
    WHEN("corpus is then given explicitly, and later pindex runs without PATH") {
      auto s2 = pindex_ok(cwd, {"corpus"});
      CHECK(s2.added == 1);
      e2e::write_file(dir / "notes/n2.txt", "ibex second note\n");
      e2e::write_file(dir / "corpus/c2.txt", "ibex second corpus file\n");
      auto s3 = pindex_ok(cwd);
      THEN("both recorded roots are updated") {
        CHECK(s3.added == 2);
        CHECK(s3.unchanged == 2);
        CHECK(hit_files(cwd, "ibex") == Files{"corpus/c1.txt", "corpus/c2.txt", "notes/n1.txt", "notes/n2.txt"});
      }
    }
  }
}

TEST_CASE("a deleted file that was given as a PATH is removed on the next run") {
  e2e::TempDir dir;
  const auto& cwd = dir.path();
  e2e::write_file(dir / "corpus/c.txt", "lynx in corpus\n");
  e2e::write_file(dir / "single.txt", "lynx single file\n");
  pindex_ok(cwd);
  auto s1 = pindex_ok(cwd, {"single.txt"});
  CHECK(s1.added == 1);
  REQUIRE(hit_files(cwd, "lynx") == Files{"corpus/c.txt", "single.txt"});

  fs::remove(dir / "single.txt");
  e2e::write_file(dir / "corpus/d.txt", "lynx added later\n");
  auto r = e2e::run("pindex", {}, cwd);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto s2 = parse_summary(r.err);
  REQUIRE(s2);
  CHECK(s2->added == 1);
  CHECK(s2->removed == 1);
  CHECK(hit_files(cwd, "single").empty());
  CHECK(hit_files(cwd, "lynx") == Files{"corpus/c.txt", "corpus/d.txt"});
}

TEST_CASE("pindex skips its own index when a path reaches it through a symlink") {
  e2e::TempDir dir;
  const auto& cwd = dir.path();
  e2e::write_file(dir / "corpus/c.txt", "lynx in corpus\n");
  SECTION("the corpus PATH is a symlink to the directory holding the index") {
    fs::create_directory_symlink("corpus", dir / "corpus-link");
    for (int run = 1; run <= 2; ++run) {
      auto r = e2e::run("pindex", {"--db", "corpus/idx", "corpus-link"}, cwd);
      INFO("run " << run << ": " << r.err);
      CHECK(r.exit_code == 0);
      // No binary-file warnings for the index's own files; run 2 says the root is already covered.
      CHECK(e2e::count_lines(r.err) == run);
    }
    auto r = e2e::run("psearch", {"--db", "corpus/idx", "--json", "-n", "100", "auto OR gen"}, cwd);
    CHECK(r.exit_code == 1);  // the XAPIANDB stub ("auto gen-1") is not indexed
  }
  SECTION("--db is a symlink to a directory inside the corpus") {
    fs::create_directories(dir / "corpus/idx");
    fs::create_directory_symlink("corpus/idx", dir / "idx-link");
    for (int run = 1; run <= 2; ++run) {
      auto r = e2e::run("pindex", {"--db", "idx-link", "corpus"}, cwd);
      INFO("run " << run << ": " << r.err);
      CHECK(r.exit_code == 0);
      CHECK(e2e::count_lines(r.err) == run);  // run 2: "already covered"
    }
    auto r = e2e::run("psearch", {"--db", "idx-link", "--json", "-n", "100", "auto OR gen"}, cwd);
    CHECK(r.exit_code == 1);
  }
}

TEST_CASE("a deleted directory that was given as a PATH is dropped from the index with a warning") {
  e2e::TempDir dir;
  const auto& cwd = dir.path();
  e2e::write_file(dir / "corpus/c.txt", "lynx in corpus\n");
  e2e::write_file(dir / "notes/n1.txt", "lynx first note\n");
  e2e::write_file(dir / "notes/deep/n2.txt", "lynx second note\n");
  pindex_ok(cwd);
  pindex_ok(cwd, {"notes"});
  REQUIRE(hit_files(cwd, "lynx") == Files{"corpus/c.txt", "notes/deep/n2.txt", "notes/n1.txt"});

  fs::remove_all(dir / "notes");
  auto r = e2e::run("pindex", {}, cwd);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto w = warnings(r.err);
  REQUIRE(w.size() == 1);
  CHECK_THAT(w[0], Catch::StartsWith("pindex: warning: ") && Catch::Contains((dir / "notes").string()));
  auto s = parse_summary(r.err);
  REQUIRE(s);
  CHECK(s->removed == 2);
  CHECK(s->unchanged == 1);
  CHECK(hit_files(cwd, "lynx") == Files{"corpus/c.txt"});

  // The root is forgotten: the next run is quiet.
  auto again = e2e::run("pindex", {}, cwd);
  CHECK(again.exit_code == 0);
  CHECK(e2e::count_lines(again.err) == 1);
}
