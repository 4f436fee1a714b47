// Passage terms: the one-pass generator gives what two TermGenerators gave, field terms and
// opening words as the schema describes them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

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

// The schema's rule on top (passage_terms.hpp): a word that is its own stem stays only beside
// another form of its stem; the wdf of those left out goes to the length term.
Xapian::Document own_stems_left_out(const Xapian::Document& full) {
  auto stem = make_stemmer();
  std::map<std::string, int> forms;  // stem -> unstemmed forms in the document
  for (auto t = full.termlist_begin(); t != full.termlist_end(); ++t)
    if (!(*t).starts_with('Z')) ++forms[stem(*t)];
  Xapian::Document doc;
  Xapian::termcount omitted = 0;
  for (auto t = full.termlist_begin(); t != full.termlist_end(); ++t) {
    const std::string term = *t;
    if (!term.starts_with('Z') && stem(term) == term && forms[term] == 1) {
      omitted += t.get_wdf();
      continue;
    }
    doc.add_term(term, t.get_wdf());
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) doc.add_posting(term, *p, 0);
  }
  if (omitted) doc.add_term(schema::kTermLength, omitted);
  return doc;
}

Xapian::termcount length_of(const Xapian::Document& doc) {
  Xapian::termcount length = 0;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) length += t.get_wdf();
  return length;
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

TEST_CASE("the one-pass term generator gives what two TermGenerators gave, own stems left out", "[passage_terms]") {
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
    tg.finish_document();
    auto full = two_generators({{texts[i], 1}, {texts[(i + 1) % texts.size()], 2}});
    CHECK(terms_of(doc) == terms_of(own_stems_left_out(full)));
    CHECK(length_of(doc) == length_of(full));  // BM25 sees the same length
  }
}

TEST_CASE("a heading's words without positions: both forms, the wdf asked, and a later text's positions kept", "[passage_terms]") {
  auto tg = make_term_generator();
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text_without_positions("Epsom Salts");
  tg.index_text("salt baths", 2);
  tg.finish_document();
  // "epsom" is its own stem and alone: its Z term stands for it. "salt" comes after "salts".
  CHECK(terms_of(doc) == "XL 1:\nZbath 2: 2\nZepsom 1:\nZsalt 3: 1\nbaths 2:\nsalt 2:\nsalts 1:\n");
}

TEST_CASE("a word that is its own stem is indexed beside another form of it only, whichever comes first", "[passage_terms]") {
  auto tg = make_term_generator();
  for (const std::string text : {"salt and salts", "salts and salt"}) {
    CAPTURE(text);
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(text);
    tg.finish_document();
    CHECK(terms_of(doc) == "XL 1:\nZand 1: 2\nZsalt 2: 1 3\nsalt 1:\nsalts 1:\n");
  }
  Xapian::Document alone;
  tg.set_document(alone);
  tg.index_text("salt", 3);
  tg.finish_document();
  CHECK(terms_of(alone) == "XL 3:\nZsalt 3: 1\n");
  Xapian::Document none;  // a document with every word kept has no length term
  tg.set_document(none);
  tg.index_text("salts");
  tg.finish_document();
  CHECK(terms_of(none) == "Zsalt 1: 1\nsalts 1:\n");
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
