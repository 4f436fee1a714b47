// One file from disk to the index: binary files are recorded as such, unreadable ones warned
// about, touched ones keep their passages, renamed ones take their twin's.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "format/schema.hpp"
#include "indexer/file_indexing.hpp"
#include "tests/support/temp_dir.hpp"

using namespace psearch;

namespace {

ScannedFile scanned(const std::string& path) {
  return {path, 1, static_cast<std::int64_t>(std::filesystem::file_size(path))};
}

}  // namespace

TEST_CASE("index_one_file: new text is indexed, a binary file recorded and warned about", "[file_indexing]") {
  unit::TempDir tmp;
  unit::write_file(tmp / "a.txt", "Magnesium eases cramps.\n");
  unit::write_file(tmp / "b.bin", std::string("PK\0\x03", 4));
  std::vector<std::string> warnings;
  auto warn = [&](const std::string& w) { warnings.push_back(w); };
  IndexWriter writer(tmp / "db", WriteMode::Rebuild);
  writer.set_roots({tmp.path().string()});
  auto a = scanned(tmp / "a.txt"), b = scanned(tmp / "b.bin");
  CHECK(index_one_file(writer, 0, {&a, nullptr}, false, nullptr, warn).change == ContentChange::New);
  auto binary = index_one_file(writer, 0, {&b, nullptr}, false, nullptr, warn);
  CHECK(binary.change == ContentChange::Binary);
  CHECK_FALSE(binary.unindexed);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] == "skipping binary file '" + tmp / "b.bin" + "'");
  auto missing = ScannedFile{tmp / "gone.txt", 1, 1};
  CHECK(index_one_file(writer, 0, {&missing, nullptr}, false, nullptr, warn).unreadable);
  CHECK(warnings.size() == 2);
  writer.finish();
  auto records = IndexWriter(tmp / "db", WriteMode::DryRun).file_records();
  CHECK(records.at(tmp / "a.txt").passages == 1);
  CHECK(records.at(tmp / "b.bin").passages == schema::kBinaryFile);
  CHECK(records.count(tmp / "gone.txt") == 0);
}

TEST_CASE("index_one_file: a touched file keeps its passages, a renamed one takes its twin's", "[file_indexing]") {
  unit::TempDir tmp;
  const std::string text = "Magnesium eases cramps.\n\nSalt baths help too.\n";
  unit::write_file(tmp / "a.txt", text);
  auto warn = [](const std::string& w) { FAIL(w); };
  {
    IndexWriter writer(tmp / "db", WriteMode::Rebuild);
    writer.set_roots({tmp.path().string()});
    auto a = scanned(tmp / "a.txt");
    index_one_file(writer, 0, {&a, nullptr}, false, nullptr, warn);
    writer.finish();
  }
  std::filesystem::rename(tmp / "a.txt", tmp / "c.txt");
  unit::write_file(tmp / "d.txt", text);  // a copy: same content, same mtime as recorded
  IndexWriter writer(tmp / "db", WriteMode::Update);
  writer.set_roots({tmp.path().string()});
  auto records = writer.file_records();
  const auto* old = &records.at(tmp / "a.txt");
  std::multimap<std::uint64_t, const schema::FileRecord*> vanished{{old->content_hash, old}};
  auto c = scanned(tmp / "c.txt");
  auto renamed = index_one_file(writer, 0, {&c, nullptr}, false, &vanished, warn);
  CHECK(renamed.change == ContentChange::Renamed);
  CHECK(renamed.renamed_from == tmp / "a.txt");
  CHECK(vanished.empty());
  auto d = scanned(tmp / "d.txt");
  schema::FileRecord d_old{tmp / "d.txt", 0, d.size, old->content_hash, 2};
  CHECK(index_one_file(writer, 0, {&d, &d_old}, false, &vanished, warn).change == ContentChange::Touched);
  writer.finish();
  Xapian::Database db(tmp / "db");
  CHECK(db.get_termfreq(schema::file_term(schema::file_id(tmp / "c.txt"))) == 2);
  CHECK(db.get_termfreq(schema::file_term(schema::file_id(tmp / "a.txt"))) == 0);
  CHECK(IndexWriter(tmp / "db", WriteMode::DryRun).file_records().at(tmp / "d.txt").passages == 2);
}
