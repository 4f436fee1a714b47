// The reference tools bench.py scale (scripts/benchsuite) runs beside pindex: dump_passages (the passages for the
// SQLite FTS5 table) and xapian_floor_index (the least a Xapian index of them costs).
#include <algorithm>
#include <filesystem>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

TEST_CASE("xapian_floor_index indexes dump_passages' passages: stems with positions, no term lists") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir / "corpus")) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  auto dump = e2e::run("dump_passages", files, dir.path());
  REQUIRE(dump.exit_code == 0);
  auto passages = e2e::json_lines(dump.out);
  REQUIRE(passages.size() == 66);  // the bundled corpus's passages (scripts/eval says so too)
  e2e::write_file(dir / "passages.jsonl", dump.out);

  auto floor = e2e::run("xapian_floor_index", {"passages.jsonl", "floor.db"}, dir.path());
  REQUIRE(floor.exit_code == 0);
  CHECK(floor.err.empty());
  CHECK(fs::exists(dir / "floor.db" / "position.glass"));
  CHECK(!fs::exists(dir / "floor.db" / "termlist.glass"));
  CHECK(!fs::exists(dir / "floor.db.build"));  // compacted into floor.db, the build removed
  Xapian::Database db((dir / "floor.db").string());
  CHECK(db.get_doccount() == passages.size());
  // Stems only, as FTS5's porter tokenizer keeps: "salts" is Zsalt, and no unstemmed "salts".
  CHECK(db.get_termfreq("Zsalt") > 0);
  CHECK(db.get_termfreq("salts") == 0);
  CHECK(db.get_termfreq("salt") == 0);
  CHECK(db.has_positions());
  // A second run overwrites the index rather than adding to it.
  REQUIRE(e2e::run("xapian_floor_index", {"passages.jsonl", "floor.db"}, dir.path()).exit_code == 0);
  CHECK(Xapian::Database((dir / "floor.db").string()).get_doccount() == passages.size());
}

TEST_CASE("xapian_floor_index says what is wrong with its input in one line and exits 2") {
  e2e::TempDir dir;
  auto missing = e2e::run("xapian_floor_index", {"nothing.jsonl", "floor.db"}, dir.path());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "xapian_floor_index: cannot read nothing.jsonl\n");
  e2e::write_file(dir / "bad.jsonl", "{\"heading\": \"x\"\n");
  auto bad = e2e::run("xapian_floor_index", {"bad.jsonl", "floor.db"}, dir.path());
  CHECK(bad.exit_code == 2);
  CHECK(e2e::count_lines(bad.err) == 1);
  auto usage = e2e::run("xapian_floor_index", {}, dir.path());
  CHECK(usage.exit_code == 2);
}
