// Regressions found by the fuzz targets (tests/fuzz) and while writing them; each failed before
// its fix.
// The raw reproducers are in tests/fuzz/regressions/ (replay: scripts/fuzz 0).
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "format/schema.hpp"
#include "indexer/passage_terms.hpp"
#include "indexer/passage_splitter.hpp"
#include "searcher/hit.hpp"
#include "searcher/printer.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/spelling.hpp"
#include "tests/support/timing.hpp"

namespace {

bool has_text(const std::string& s) {
  // Something besides ASCII spaces and no-break spaces (U+00A0).
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return true;
  }
  return false;
}

nlohmann::json json_of(const psearch::Hit& hit) {
  std::ostringstream out;
  psearch::print_json(out, {hit});
  return nlohmann::json::parse(out.str());
}

}  // namespace

// tests/fuzz/regressions/fuzz_splitter-empty-fragment-nbsp: a line over kMaxWords is cut into
// fragments of 200 words; a fragment made only of no-break spaces was trimmed to "" and still
// emitted, so an empty passage was indexed.
TEST_CASE("a fragment of a long line made only of no-break spaces is not an empty passage",
          "[fuzz][splitter]") {
  std::string line = "a.";
  for (int i = 0; i < 200; ++i) line += " \xC2\xA0";
  line += " b";
  auto passages = psearch::split_passages(line + "\n");
  REQUIRE_FALSE(passages.empty());
  for (const auto& p : passages) {
    INFO("passage lines " << p.first_line << "-" << p.last_line << ": '" << p.text << "'");
    CHECK(has_text(p.text));
  }
}

// split_passages() scanned all the following units for every heading (content_follows), so a file
// of many headings without text between them took quadratic time: 1 MB of "# a" lines took
// 8 s (-O2), 4 MB about 2 minutes. In linear time 16x the headings would take about 16x as long
// (the bound allows 64x; the quadratic scan gave about 200x). Timing: best of 5 runs each.
TEST_CASE("splitting many headings takes linear time", "[fuzz][splitter][timing]") {
  auto seconds = [](int headings) {
    std::string content;
    for (int i = 0; i < headings; ++i) content += "# a\n";
    return test_support::best_of_5_seconds(
        [&] { REQUIRE(psearch::split_passages(content).size() == static_cast<std::size_t>(headings)); });
  };
  double small = seconds(2048), large = seconds(32768);
  INFO("2048 headings: " << small << " s; 32768 headings: " << large << " s");
  CHECK(large < 64 * std::max(small, 1e-4));
}

// tests/fuzz/regressions/fuzz_json_printer-overlong-utf8-path: printer_json's valid_utf8() checked
// only the shape of each sequence, so overlong forms, UTF-16 surrogates and code points above
// U+10FFFF passed as valid; nlohmann::json then printed U+FFFD for them and no *_bytes carried
// the exact bytes, contrary to printer.hpp.
TEST_CASE("JSON carries the exact bytes of ill-formed UTF-8 that looks well-formed", "[fuzz][printer]") {
  for (std::string bad : {std::string("\xE0\x8F\x9A"),        // overlong 3-byte form (the fuzzer's find)
                          std::string("\xC0\x80"),            // overlong NUL
                          std::string("\xED\xA0\x80"),        // UTF-16 surrogate U+D800
                          std::string("\xF4\x90\x80\x80")}) {  // above U+10FFFF
    psearch::Hit hit;
    hit.rank = 1;
    hit.first_line = hit.last_line = 1;
    hit.display_path = hit.path = "dir/" + bad + ".txt";
    hit.text = "text " + bad;
    auto j = json_of(hit);
    INFO(j.dump(-1, ' ', true));
    CHECK(j.contains("file_bytes"));
    CHECK(j.contains("text_bytes"));
  }
}

TEST_CASE("JSON of well-formed and clearly ill-formed UTF-8", "[fuzz][printer]") {
  psearch::Hit hit;
  hit.rank = 1;
  hit.first_line = hit.last_line = 1;
  hit.display_path = "caf\xC3\xA9.txt";
  hit.text = "bad \xFF byte";
  auto j = json_of(hit);
  CHECK(j.at("file") == "caf\xC3\xA9.txt");
  CHECK_FALSE(j.contains("file_bytes"));
  CHECK(j.at("text_bytes") == "YmFkIP8gYnl0ZQ==");
}

// Spelling correction skipped operator words in the query, but could replace a misspelt word with
// one: "salt nott pepper" became "salt not pepper", which excludes pepper (lower-case operators
// count between words), and "salt neer pepper" became a NEAR query.
TEST_CASE("spelling correction does not turn a word into a query operator", "[fuzz][query]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto tg = psearch::make_term_generator();
  for (const char* text : {"salt and pepper", "this is not pepper", "a pepper near the salt", "salt alone"}) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(text);
    db.add_document(doc);
  }
  for (const char* query : {"salt nott pepper", "salt neer pepper"}) {
    auto corrected = psearch::correct_spelling(query, db);
    INFO(query << " -> '" << corrected << "'");
    std::istringstream words(corrected);
    std::string w;
    while (words >> w) CHECK((w != "not" && w != "near" && w != "adj" && w != "xor"));
  }
}

// fuzz_query found "mgaens*OR": the wildcard's rewrite glued the word after '*' to it, and a
// wildcard that matches no word gave an empty query, taken for "function words only" and parsed
// again without the fallback, so Xapian's QueryParserError escaped.
TEST_CASE("a wildcard that matches no word, followed by an operator, is a query with no hits", "[fuzz][query]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto tg = psearch::make_term_generator();
  for (const char* text : {"magnesium oil", "magnetic fields and salt"}) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(text);
    db.add_document(doc);
  }
  for (const char* query : {"mgaens*OR", "zzz*", "zzz* AND salt", "zzz*OR salt", "magne*OR"}) {
    CAPTURE(query);
    psearch::BuiltQuery built;
    REQUIRE_NOTHROW(built = psearch::build_query(query, db));
    CHECK_FALSE(built.query.empty());
    Xapian::Enquire enquire(db);
    enquire.set_query(built.query);
    auto mset = enquire.get_mset(0, 10);
    if (std::string(query).starts_with("zzz* AND") || std::string(query) == "zzz*" || std::string(query) == "mgaens*OR")
      CHECK(mset.empty());
  }
  // The word after the '*' stays a word of its own: "magne*OR salt" is magne* OR salt.
  Xapian::Enquire enquire(db);
  auto built = psearch::build_query("magne*OR salt", db);
  CHECK_FALSE(built.plain_words);
  enquire.set_query(built.query);
  CHECK(enquire.get_mset(0, 10).size() == 2);
}

// fuzz_query found "1\0ADJ/2\x03qx*": a wildcard is a synonym of several words, which Xapian's
// NEAR and ADJ refuse while the query is built (UnimplementedError escaped).
TEST_CASE("a wildcard beside NEAR or ADJ is a bad query, said in one line", "[fuzz][query]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto tg = psearch::make_term_generator();
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text("magnesium oil for the skin, not magnetic");
  db.add_document(doc);
  for (const char* query : {"magn* NEAR oil", "oil ADJ magn*", "oil NEAR/3 mag*"})
    CHECK_THROWS_WITH(psearch::build_query(query, db), Catch::Contains("cannot be used with NEAR or ADJ"));
  CHECK_NOTHROW(psearch::build_query("magnesium NEAR oil", db));
  CHECK_NOTHROW(psearch::build_query("magnes* NEAR oil", db));  // one word: Xapian takes it as that word
}

// fuzz_query found "NOT*********,a": a pure NOT of a wildcard and a stopword leaves only function
// words, and their second parse (stopwords kept, no FLAG_PURE_NOT) threw QueryParserError.
TEST_CASE("a query of NOT and function words only is searched as its words", "[fuzz][query]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto tg = psearch::make_term_generator();
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text("not a word of note");
  db.add_document(doc);
  for (const char* query : {"NOT*********,a", "NOT a", "NOT the", "a NOT"}) {
    CAPTURE(query);
    psearch::BuiltQuery built;
    REQUIRE_NOTHROW(built = psearch::build_query(query, db));
    CHECK_FALSE(built.query.empty());
  }
}
