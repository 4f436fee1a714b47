// Schema: record encodings round-trip any bytes; ids and sort keys are stable.
#include <catch2/catch.hpp>

#include "format/error.hpp"
#include "format/schema.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

using namespace psearch::schema;

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

TEST_CASE("the term generator indexes stems with positions", "[schema]") {
  auto tg = make_term_generator();
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text("Epsom salts");
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.add_document(doc);
  CHECK(db.get_termfreq("Zsalt") == 1);
  CHECK(db.get_termfreq("salts") == 1);
  CHECK(db.positionlist_begin(1, "Zsalt") != db.positionlist_end(1, "Zsalt"));
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
  CHECK(cached_stemmer()("plms") == "plm");
}

namespace {

// What the schema indexed with two of Xapian's TermGenerators before the one-pass generator.
Xapian::Document two_generators(const std::vector<std::pair<std::string, Xapian::termcount>>& texts) {
  Xapian::TermGenerator stems, exact;
  stems.set_stemmer(make_stemmer());
  stems.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  exact.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  Xapian::Document doc;
  stems.set_document(doc);
  exact.set_document(doc);
  for (const auto& [text, wdf] : texts) {
    stems.index_text(text, wdf);
    exact.index_text_without_positions(text, wdf);
    stems.increase_termpos();
  }
  return doc;
}

std::string terms_of(const Xapian::Document& doc) {
  std::string out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    out += fmt::format("{} {}:", *t, t.get_wdf());
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out += fmt::format(" {}", *p);
    out += '\n';
  }
  return out;
}

}  // namespace

TEST_CASE("the one-pass term generator gives exactly what two TermGenerators gave", "[schema]") {
  std::vector<std::string> texts{"Epsom SALTS, salt; the salt's bath, PLMs and DVDs", "C++ and AT&T in U.S.A. at 3.14 or 10,000 mg/day",
                                 "naïve café Ünïcödé ΑΒΓ слово 日本語 and emoji \xF0\x9F\x98\x80 too",
                                 "invalid \xff\xfe UTF-8 \xc3 here", "hyphen-ated words_with_underscores don't won't",
                                 std::string(300, 'x') + " a very long word", "", "   \n\t  "};
  for (const auto& e : std::filesystem::directory_iterator(PSEARCH_CORPUS_DIR)) {
    std::ifstream in(e.path(), std::ios::binary);
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto tg = make_term_generator();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    CAPTURE(i);
    CAPTURE(texts[i].substr(0, 60));
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(texts[i]);
    tg.increase_termpos();
    tg.index_text(texts[(i + 1) % texts.size()], 2);  // the cache is warm now for some words
    tg.increase_termpos();
    CHECK(terms_of(doc) == terms_of(two_generators({{texts[i], 1}, {texts[(i + 1) % texts.size()], 2}})));
  }
}

TEST_CASE("a heading's words without positions: both forms, the wdf asked, and a later text's positions kept", "[schema]") {
  auto tg = make_term_generator();
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text_without_positions("Epsom Salts");
  tg.index_text("salt baths", 2);
  CHECK(terms_of(doc) == "Zbath 2: 2\nZepsom 1:\nZsalt 3: 1\nbaths 2:\nepsom 1:\nsalt 2:\nsalts 1:\n");
}

TEST_CASE("field terms are stems under the field prefix, without positions or unstemmed forms", "[schema]") {
  auto tg = make_term_generator();
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_field("Epsom Salts", kPrefixHeading);
  CHECK(terms_of(doc) == "ZXHepsom 1:\nZXHsalt 1:\n");
}

TEST_CASE("opening words: up to the end of the first sentence, at most kOpeningWords", "[schema]") {
  CHECK(opening_words("Tinnitus is a ringing. It has no source.") == "Tinnitus is a ringing.");
  CHECK(opening_words("What is it? A ringing.") == "What is it?");
  CHECK(opening_words("  one\ntwo   three  ") == "one two three");
  CHECK(opening_words("a b c d e f g h i j k") == "a b c d e f g h");
  static_assert(kOpeningWords == 8);
  CHECK(opening_words("").empty());
  CHECK(opening_words(" \n ").empty());
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

TEST_CASE("MinHash signatures estimate how much two term sets share", "[schema]") {
  std::vector<std::string> a, b, c;
  for (int i = 0; i < 40; ++i) a.push_back("Zword" + std::to_string(i));
  b = a;
  b[0] = "Zother";  // 39 of 41 distinct terms shared
  for (int i = 100; i < 140; ++i) c.push_back("Zword" + std::to_string(i));
  auto sa = minhash_signature(a), sb = minhash_signature(b), sc = minhash_signature(c);
  CHECK(sa.size() == 2 * kMinHashes);
  CHECK(minhash_similarity(sa, sa) == 1.0);
  CHECK(minhash_similarity(sa, sb) >= 0.75);
  CHECK(minhash_similarity(sa, sc) <= 0.2);
  CHECK(minhash_signature({"Za", "Zb"}).empty());
  CHECK(minhash_similarity("", sa) == 0.0);
}
