// Passage terms: the one-pass generator gives what two TermGenerators gave, field terms and
// opening words as the schema describes them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "format/schema.hpp"
#include "indexer/passage_terms.hpp"

using namespace psearch;
using schema::kPrefixHeading;
using schema::kStemLanguage;
using schema::make_stemmer;

TEST_CASE("the term generator indexes stems with positions", "[passage_terms]") {
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

TEST_CASE("the cached stemmer stems as the schema's stemmer", "[passage_terms]") {
  CHECK(cached_stemmer()("plms") == "plm");
  CHECK(cached_stemmer()("salts") == make_stemmer()("salts"));
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

TEST_CASE("the one-pass term generator gives exactly what two TermGenerators gave", "[passage_terms]") {
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

TEST_CASE("a heading's words without positions: both forms, the wdf asked, and a later text's positions kept", "[passage_terms]") {
  auto tg = make_term_generator();
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text_without_positions("Epsom Salts");
  tg.index_text("salt baths", 2);
  CHECK(terms_of(doc) == "Zbath 2: 2\nZepsom 1:\nZsalt 3: 1\nbaths 2:\nepsom 1:\nsalt 2:\nsalts 1:\n");
}

TEST_CASE("field terms are stems under the field prefix, without positions or unstemmed forms", "[passage_terms]") {
  auto tg = make_term_generator();
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_field("Epsom Salts", kPrefixHeading);
  CHECK(terms_of(doc) == "ZXHepsom 1:\nZXHsalt 1:\n");
}

TEST_CASE("opening words: up to the end of the first sentence, at most kOpeningWords", "[passage_terms]") {
  CHECK(opening_words("Tinnitus is a ringing. It has no source.") == "Tinnitus is a ringing.");
  CHECK(opening_words("What is it? A ringing.") == "What is it?");
  CHECK(opening_words("  one\ntwo   three  ") == "one two three");
  CHECK(opening_words("a b c d e f g h i j k") == "a b c d e f g h");
  static_assert(kOpeningWords == 8);
  CHECK(opening_words("").empty());
  CHECK(opening_words(" \n ").empty());
}
