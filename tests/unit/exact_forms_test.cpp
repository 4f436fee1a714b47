// Words as typed over an index that keeps a word that is its own stem only beside another form:
// the same passages and weights as the word's own term in an index that keeps every word.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "format/schema.hpp"
#include "indexer/passage_terms.hpp"
#include "searcher/exact_forms.hpp"
#include "searcher/ranking_weight.hpp"

using namespace psearch;

namespace {

const std::vector<std::string> kTexts = {
    "a barrier here",                  // 1: the form alone
    "two barriers there",              // 2: another form only
    "one barrier and more barriers",   // 3: both
    "take it",                         // 4
    "taking it slowly, taking time",   // 5: "taking" stems to "take" but does not start with it
    "nothing of the kind, a barrier",  // 6
    "barrier_init, barrier2 and barriers_t in code",  // 7: identifiers the search for forms skips
};

// every_word: both forms of every word, as the schema indexed them before (two TermGenerators).
Xapian::WritableDatabase index_of(bool every_word) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto tg = make_term_generator();
  Xapian::TermGenerator stems, exact;
  stems.set_stemmer(schema::make_stemmer());
  stems.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  for (const auto& text : kTexts) {
    Xapian::Document doc;
    if (every_word) {
      stems.set_document(doc);
      stems.index_text(text);
      exact.set_document(doc);
      exact.index_text_without_positions(text);
    } else {
      tg.set_document(doc);
      tg.index_text(text);
      tg.finish_document();
    }
    db.add_document(doc);
  }
  return db;
}

std::map<Xapian::docid, double> weights(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(ranking_weight());
  auto mset = enquire.get_mset(0, 100);
  std::map<Xapian::docid, double> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out[*it] = it.get_weight();
  return out;
}

}  // namespace

TEST_CASE("an exact form finds the passages holding it, weighed as its own term was", "[exact_forms]") {
  auto lean = index_of(false), full = index_of(true);
  REQUIRE(lean.get_termfreq("barrier") == 1);  // beside "barriers" only
  REQUIRE(full.get_termfreq("barrier") == 3);
  for (const std::string word : {"barrier", "barriers", "take", "taking", "it", "kind"}) {
    CAPTURE(word);
    auto got = weights(lean, exact_form_query(lean, word));
    auto want = weights(full, Xapian::Query(word));
    REQUIRE(got.size() == want.size());
    for (const auto& [did, weight] : want) {
      CAPTURE(did);
      REQUIRE(got.count(did));
      CHECK(got.at(did) == Approx(weight).epsilon(1e-9));
    }
  }
  CHECK(weights(lean, exact_form_query(lean, "barrier")).size() == 3);
  CHECK(weights(lean, exact_form_query(lean, "nosuchword")).empty());
}

TEST_CASE("the indexed words are the unstemmed terms and the stems that are their own word", "[exact_forms]") {
  auto db = index_of(false);
  std::multiset<std::string> words, terms;
  auto letters_only = [](const std::string& w) { return w.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos; };
  for_each_indexed_word(
      db, "ba", letters_only,
      [&](const std::string& word, const std::string& term, Xapian::doccount) {
        words.insert(word);
        terms.insert(term);
      });
  CHECK(words == std::multiset<std::string>{"barrier", "barrier", "barriers"});
  CHECK(terms == std::multiset<std::string>{"barrier", "barriers", "Zbarrier"});
  std::set<std::string> asked;
  for_each_indexed_word(
      db, "t", [&](const std::string& word) { asked.insert(word); return word != "take"; },
      [&](const std::string& word, const std::string&, Xapian::doccount) { CHECK(word != "take"); });
  CHECK(asked.count("take"));
}
