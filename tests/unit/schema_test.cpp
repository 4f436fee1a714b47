// Schema: record encodings round-trip any bytes; ids and sort keys are stable.
#include <catch2/catch.hpp>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "indexer/passage_terms.hpp"

using namespace psearch::schema;
using psearch::make_term_generator;  // the field terms pindex makes, checked against field_term()

TEST_CASE("passage records round-trip, whatever bytes they hold", "[schema]") {
  PassageRecord p{7, 19, "Heading \xE2\x80\xBA Sub\n\xff", std::string("text\0with nul\n", 14), 0, 1234, 77, 14,
                  fnv1a(std::string("text\0with nul\n", 14)), true};
  CHECK(decode_passage(encode_passage(p)) == p);
  PassageRecord big{1000000, 2000000, "", std::string(100000, 'x'), 5000000, 1ULL << 40, 100000, 100000, ~0ULL, true};
  CHECK(decode_passage(encode_passage(big)) == big);
  PassageRecord served{3, 4, "h", "", 0, 99, 20, 18, 0x1234, false};  // the text is the file's
  CHECK(decode_passage(encode_passage(served)) == served);
  CHECK(encode_passage(served).size() < 16);
}

TEST_CASE("passage records keep a PDF page and unnumbered lines", "[schema]") {
  PassageRecord pdf{12, 14, "Nesting", "Herons nest in colonies.", 0, 0, 0, 24, 99, true, 7, true};
  CHECK(decode_passage(encode_passage(pdf)) == pdf);
  PassageRecord html{10, 11, "", "One\nTwo", 0, 0, 0, 7, 5, true, 0, false};
  auto back = decode_passage(encode_passage(html));
  CHECK(back.page == 0);
  CHECK_FALSE(back.numbered);
  CHECK(decode_passage(encode_passage({3, 4, "h", "", 0})).numbered);  // a text file's lines are its own
}

TEST_CASE("passage records with bytes after them are corrupt", "[schema]") {
  CHECK_THROWS_AS(decode_passage(encode_passage({3, 4, "h", "some text", 0}) + "x"), psearch::Error);
}

TEST_CASE("file records and string lists round-trip", "[schema]") {
  FileRecord f{"/notes/a.txt", 1700000000123456789LL, 123456, 0xfedcba9876543210ULL, 42};
  CHECK(decode_file_record(encode_file_record(f)) == f);
  std::vector<std::string> roots{"/a", "/b with space", "/c\nnewline", ""};
  CHECK(decode_strings(encode_strings(roots)) == roots);
  CHECK(decode_strings("").empty());
}

TEST_CASE("truncated records are reported, not crashed on", "[schema]") {
  auto data = encode_passage({1, 2, "h", "some text", 0, 10, 9, 9, 42, true});
  for (std::size_t n = 0; n < data.size(); ++n) {
    CAPTURE(n);
    CHECK_THROWS_AS(decode_passage(data.substr(0, n)), psearch::Error);
  }
}

TEST_CASE("file ids and sort keys", "[schema]") {
  CHECK(file_id("/a.txt") == file_id("/a.txt"));
  CHECK(file_id("/a.txt") != file_id("/b.txt"));
  CHECK(file_id("/a.txt").size() == 16);
  CHECK(fnv1a("") == 0xcbf29ce484222325ULL);
  CHECK(fnv1a("a") == 0xaf63dc4c8601ec8cULL);  // FNV-1a 64 reference value
  // Sort keys order passages by file, then line (the paths are relative to the root).
  CHECK(sort_key("a", 9) < sort_key("a", 10));
  CHECK(sort_key("a", 255) < sort_key("a", 256));
  CHECK(sort_key("a", 99999) < sort_key("a", 100000));
  CHECK(sort_key("a", 99) < sort_key("b", 1));
  CHECK(sort_key("a", 0x7fffffff) < sort_key("a/b", 1));
  CHECK(sort_key("dir/a.txt", 1).size() == 14);
  CHECK(file_value("/a.txt").size() == 8);
  CHECK(file_id_of_value(file_value("/a.txt")) == file_id("/a.txt"));
  CHECK(file_id_of_value(file_value("/dir/\xff\n")) == file_id("/dir/\xff\n"));
  CHECK(file_id_of_value("short").empty());
}

TEST_CASE("the schema's stemmer is Snowball's, and an abbreviation's plural loses its s", "[schema]") {
  Xapian::Stem snowball(kStemLanguage);
  auto stem = make_stemmer();
  for (const char* word : {"salts", "magnesium", "syndromes", "legs", "bus", "gas", "this", "cpus", "is", "s", "ms", "3ds", "naïves"})
    CHECK(stem(word) == snowball(word));
  // Snowball keeps these whole (no vowel before the s to take it off after).
  CHECK(snowball("plms") == "plms");
  CHECK(stem("plms") == "plm");
  CHECK(stem("dvds") == "dvd");
  CHECK(stem("ptrs") == "ptr");
  CHECK(stem("plm") == "plm");
}

TEST_CASE("heading and opening field terms carry their prefix after Z", "[schema]") {
  CHECK(field_term(kPrefixHeading, "Zsalt") == "ZXHsalt");
  CHECK(field_term(kPrefixOpening, "Zsalt") == "ZXOsalt");
  CHECK(is_field_term("ZXHsalt"));
  CHECK(is_field_term("ZXOsalt"));
  CHECK_FALSE(is_field_term("Zsalt"));
  CHECK_FALSE(is_field_term("Zxhosa"));  // a stem starting with "xh" is lower-case
  CHECK_FALSE(is_field_term("salt"));
  auto tg = make_term_generator();
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text("Epsom salts");
  tg.index_field("Epsom salts", kPrefixHeading);
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.add_document(doc);
  CHECK(db.get_termfreq("ZXHsalt") == 1);
  CHECK(db.get_termfreq("ZXHepsom") == 1);
  CHECK(db.positionlist_begin(1, "ZXHsalt") == db.positionlist_end(1, "ZXHsalt"));  // no positions
  CHECK(db.get_termfreq("Zsalt") == 1);
}

TEST_CASE("check_version accepts an empty or current database and names other versions", "[schema]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  CHECK_NOTHROW(check_version(db, "x"));
  db.set_metadata(kMetaSchema, "999");
  CHECK_THROWS_WITH(check_version(db, "x"), Catch::Contains("schema version 999"));
  db.set_metadata(kMetaSchema, std::to_string(kVersion));
  CHECK_NOTHROW(check_version(db, "x"));
}
