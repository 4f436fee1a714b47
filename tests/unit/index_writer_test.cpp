// The index writer: a file's passages replaced, moved and removed, its record kept, each run
// committed at finish(); what a reopened database holds.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <xapian.h>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "indexer/index_writer.hpp"
#include "tests/support/temp_dir.hpp"

using namespace psearch;

namespace {

const std::string kTwoPassages = "First paragraph about magnesium.\n\nSecond paragraph about salts.\n";
const std::string kOnePassage = "Only one paragraph now.\n";

schema::FileRecord record_of(const std::string& path, const std::string& content) {
  return {path, 1, static_cast<std::int64_t>(content.size()), schema::fnv1a(content), 0};
}

Xapian::doccount passages_of(const std::string& db, const std::string& path) {
  return Xapian::Database(db).get_termfreq(schema::file_term(schema::file_id(path)));
}

// A first run: two files of the root indexed and committed.
void build(const unit::TempDir& tmp, const std::string& db) {
  IndexWriter writer(db, WriteMode::Update);  // no index yet: a fresh build
  writer.set_roots({tmp.path().string()});
  writer.replace_file(record_of(tmp / "a.txt", kTwoPassages), kTwoPassages);
  writer.replace_file(record_of(tmp / "b.txt", kOnePassage), kOnePassage);
  writer.finish();
  CHECK(writer.passage_count() == 3);
}

}  // namespace

TEST_CASE("IndexWriter: a committed run is what a reopened database holds", "[index_writer]") {
  unit::TempDir tmp;
  const std::string db = tmp / "db";
  build(tmp, db);
  CHECK(std::filesystem::exists(stub_path(db)));
  CHECK(Xapian::Database(db).get_doccount() == 3);
  CHECK(passages_of(db, tmp / "a.txt") == 2);
  IndexWriter reopened(db, WriteMode::DryRun);
  CHECK(reopened.roots() == std::vector<std::string>{tmp.path().string()});
  auto records = reopened.file_records();
  REQUIRE(records.size() == 2);
  CHECK(records.at(tmp / "a.txt").passages == 2);
  CHECK(records.at(tmp / "a.txt").content_hash == schema::fnv1a(kTwoPassages));
  CHECK(Xapian::Database(db).get_metadata(schema::kMetaSchema) == std::to_string(schema::kVersion));
}

TEST_CASE("IndexWriter: an update replaces a file's passages and removes another's", "[index_writer]") {
  unit::TempDir tmp;
  const std::string db = tmp / "db";
  build(tmp, db);
  {
    IndexWriter writer(db, WriteMode::Update);
    writer.set_roots({tmp.path().string()});
    writer.replace_file(record_of(tmp / "a.txt", kOnePassage), kOnePassage);
    writer.remove_file(tmp / "b.txt");
    CHECK(Xapian::Database(db).get_doccount() == 3);  // nothing is seen before finish()
    writer.finish();
  }
  CHECK(Xapian::Database(db).get_doccount() == 1);
  CHECK(passages_of(db, tmp / "a.txt") == 1);
  CHECK(passages_of(db, tmp / "b.txt") == 0);
  auto records = IndexWriter(db, WriteMode::DryRun).file_records();
  REQUIRE(records.size() == 1);
  CHECK(records.at(tmp / "a.txt").passages == 1);
}

TEST_CASE("IndexWriter: a moved file keeps its passages under its new path", "[index_writer]") {
  unit::TempDir tmp;
  const std::string db = tmp / "db";
  build(tmp, db);
  {
    IndexWriter writer(db, WriteMode::Update);
    writer.set_roots({tmp.path().string()});
    auto moved = record_of(tmp / "c.txt", kTwoPassages);
    moved.passages = 2;
    writer.move_file(tmp / "a.txt", moved);
    writer.finish();
  }
  CHECK(passages_of(db, tmp / "a.txt") == 0);
  CHECK(passages_of(db, tmp / "c.txt") == 2);
  Xapian::Database reader(db);
  auto doc = reader.get_document(*reader.postlist_begin(schema::file_term(schema::file_id(tmp / "c.txt"))));
  CHECK(doc.get_value(schema::kSlotFile) == schema::file_value(tmp / "c.txt"));
  auto records = IndexWriter(db, WriteMode::DryRun).file_records();
  CHECK(records.count(tmp / "a.txt") == 0);
  CHECK(records.at(tmp / "c.txt").passages == 2);
}

TEST_CASE("IndexWriter: a dry run and an abandoned run change nothing", "[index_writer]") {
  unit::TempDir tmp;
  const std::string db = tmp / "db";
  build(tmp, db);
  {
    IndexWriter dry(db, WriteMode::DryRun);
    dry.remove_file(tmp / "a.txt");
    dry.finish();
  }
  {
    IndexWriter abandoned(db, WriteMode::Update);  // destroyed without finish(): cancelled
    abandoned.remove_file(tmp / "a.txt");
  }
  CHECK(Xapian::Database(db).get_doccount() == 3);
  CHECK(passages_of(db, tmp / "a.txt") == 2);
}

TEST_CASE("IndexWriter: a folder that is not an index is refused", "[index_writer]") {
  unit::TempDir tmp;
  unit::write_file(tmp / "notes/todo.txt", "mine\n");
  CHECK_THROWS_AS(IndexWriter(tmp / "notes", WriteMode::Update), Error);
  CHECK_THROWS_AS(check_index_dir(tmp / "notes"), Error);
  CHECK_NOTHROW(check_index_dir(tmp / "missing"));
}
