// One file from disk to the index: binary files are recorded as such, unreadable ones warned
// about, touched ones keep their passages, renamed ones take their twin's.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "format/schema.hpp"
#include "indexer/file_indexing.hpp"
#include "indexer/indexer.hpp"
#include "tests/support/temp_dir.hpp"

using namespace psearch;

namespace {

ScannedFile scanned(const std::string& path) {
  return {path, 1, static_cast<std::int64_t>(std::filesystem::file_size(path))};
}

}  // namespace

TEST_CASE("index_one_file: new text is indexed, a binary file recorded with its reason, no warning", "[file_indexing]") {
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
  CHECK(binary.skipped.reason == psearch::extract::SkipReason::Binary);
  CHECK(warnings.empty());  // the summary counts it; pindex -v names it
  auto missing = ScannedFile{tmp / "gone.txt", 1, 1};
  CHECK(index_one_file(writer, 0, {&missing, nullptr}, false, nullptr, warn).unreadable);
  CHECK(warnings.size() == 1);
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

TEST_CASE("plain_text: UTF-8 without NUL that no format claims keeps the text-from-file path", "[file_indexing]") {
  using Row = std::tuple<std::string, std::string, bool>;
  auto [path, bytes, plain] = GENERATE(table<std::string, std::string, bool>({
      Row{"a.txt", "Plain words.\n", true},
      Row{"a.md", "\xEF\xBB\xBF# Title\r\nText caf\xC3\xA9\n", true},  // BOM, CRLF, UTF-8
      Row{"log", "\x1b[31mred\x1b[0m\n", true},                      // control characters stay text
      Row{"a.txt", "Caf\xE9\n", false},                                 // Latin-1
      Row{"a.txt", std::string("a\0b", 3), false},
      Row{"a.html", "<p>Hi</p>\n", false},
      Row{"a.txt", "<!DOCTYPE html><p>Hi</p>\n", false},
      Row{"a.pdf", "%PDF-1.4\n", false},
  }));
  CAPTURE(path, bytes);
  CHECK(plain_text(path, bytes) == plain);
}

TEST_CASE("index_one_file: a document is indexed from its extracted text, stored", "[file_indexing]") {
  unit::TempDir tmp;
  unit::write_file(tmp / "a.html", "<html><body>\n<p>Herons wade\nin shallow water.</p>\n</body></html>\n");
  IndexWriter writer(tmp / "db", WriteMode::Rebuild);
  writer.set_roots({tmp.path().string()});
  auto a = scanned(tmp / "a.html");
  auto warn = [](const std::string&) {};
  CHECK(index_one_file(writer, 0, {&a, nullptr}, false, nullptr, warn).change == ContentChange::New);
  writer.finish();
  Xapian::Database db(tmp / "db");
  REQUIRE(db.get_doccount() == 1);
  auto record = schema::decode_passage(db.get_document(*db.postlist_begin("")).get_value(schema::kSlotPassage));
  CHECK(record.text_stored);
  CHECK(record.text == "Herons wade in shallow water.");  // white space collapsed, as a browser shows it
  CHECK(record.first_line == 2);
  CHECK(record.last_line == 2);
  CHECK(record.numbered);
}

TEST_CASE("summary_line: the skipped kinds and the index path", "[file_indexing]") {
  IndexSummary s;
  s.added = 1;
  s.unchanged = 4;
  s.passages = 1;
  s.seconds = 0.031;
  CHECK(summary_line(s, "/n/.psearch", false) == "1 added, 0 changed, 0 removed, 4 unchanged; 1 passage in /n/.psearch; 0.03 s");
  s.skipped = 3;
  s.skips.add(extract::SkipReason::Image);
  s.skips.add(extract::SkipReason::Image);
  s.skips.add(extract::SkipReason::Executable);
  s.passages = 71;
  CHECK(summary_line(s, "/n/.psearch", true) ==
        "dry run, would make: 1 added, 0 changed, 0 removed, 4 unchanged, 3 skipped (2 images, 1 executable); 71 "
        "passages in /n/.psearch; 0.03 s");
}
