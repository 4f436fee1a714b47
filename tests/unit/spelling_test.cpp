// Spelling correction's confidence rule against a small in-memory index: only a correction the
// index clearly prefers is made, and it is searched only when the typed query finds (almost) nothing.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "format/schema.hpp"
#include "indexer/passage_terms.hpp"
#include "searcher/spelling.hpp"

using psearch::closest_indexed_word;
using psearch::correct_spelling;

namespace {

// Each text indexed as that many passages.
Xapian::WritableDatabase make_db(const std::vector<std::pair<std::string, int>>& texts) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto tg = psearch::make_term_generator();
  for (const auto& [text, copies] : texts)
    for (int i = 0; i < copies; ++i) {
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text(text);
      db.add_document(doc);
    }
  return db;
}

const std::vector<std::pair<std::string, int>> kTexts = {
    {"magnesium oil", 3}, {"salt water", 6}, {"silt river", 3}, {"sand dune", 3},
    {"sane mind", 3},     {"their house", 5}, {"denis wrote this", 1}, {"salts and more salts", 3},
};

}  // namespace

TEST_CASE("spelling: a confident correction is one edit from a word many passages hold", "[spelling]") {
  auto db = make_db(kTexts);
  CHECK(closest_indexed_word(db, "magnesum", 1) == "magnesium");
  CHECK(closest_indexed_word(db, "magensium", 1) == "magnesium");  // a swap is one edit
  CHECK(correct_spelling("magnesum oil", db) == "magnesium oil");
  CHECK(correct_spelling("Magnesum AND water", db) == "magnesium AND water");
  // "salt" (6 passages) is twice as frequent as "silt" (3), as near: clearly the one meant.
  CHECK(closest_indexed_word(db, "sxlt", 1) == "salt");
  // "salts" is as near as "salt" from "saltz", but the same stem: not a rival.
  CHECK(closest_indexed_word(db, "saltz", 1) == "salt");
}

TEST_CASE("spelling: two candidates as near and as frequent are ambiguous: no correction", "[spelling]") {
  auto db = make_db(kTexts);
  CHECK(closest_indexed_word(db, "sanf", 1).empty());  // "sand" and "sane", 3 passages each
  CHECK(correct_spelling("sanf", db).empty());
  auto closer = make_db({{"silt river", 4}, {"salt water", 6}});
  CHECK(closest_indexed_word(closer, "sxlt", 1).empty());  // 6 against 4: not clearly more frequent
}

TEST_CASE("spelling: no candidate, or only a rare one, gives no correction", "[spelling]") {
  auto db = make_db(kTexts);
  CHECK(closest_indexed_word(db, "zzzzzz", 1).empty());
  CHECK(correct_spelling("zzzzzz", db).empty());
  CHECK(correct_spelling("deniss", db).empty());           // "denis" is in one passage only
  CHECK(correct_spelling("salt water", db).empty());        // nothing to correct
  CHECK(correct_spelling("magnesum* oil", db).empty());     // wildcards are left alone
  CHECK(correct_spelling("sxlt4", db).empty());             // nor words with digits
  CHECK(correct_spelling("sxl", db).empty());               // nor words too short to tell
}

TEST_CASE("spelling: one edit up to kMaxOneEditLength letters, two beyond", "[spelling]") {
  CHECK(psearch::max_edits_for(psearch::kMinWordToCorrect - 1) == 0);
  CHECK(psearch::max_edits_for(psearch::kMinWordToCorrect) == 1);
  CHECK(psearch::max_edits_for(psearch::kMaxOneEditLength) == 1);
  CHECK(psearch::max_edits_for(psearch::kMaxOneEditLength + 1) == 2);
  auto db = make_db(kTexts);
  CHECK(correct_spelling("magnisiem", db) == "magnesium");  // nine letters, two edits
  CHECK(correct_spelling("magnisum", db).empty());          // eight letters, two edits
}

TEST_CASE("spelling: a stopword or an operator is never a correction", "[spelling]") {
  auto db = make_db(kTexts);
  CHECK(closest_indexed_word(db, "thier", 1).empty());  // "their", in 5 passages, is a stopword
  CHECK(correct_spelling("thier salt", db).empty());
  auto ops = make_db({{"salt near pepper", 5}, {"pepper", 3}});
  CHECK(correct_spelling("salt neer pepper", db).empty());
  CHECK(correct_spelling("salt neer pepper", ops).empty());
}

TEST_CASE("spelling: the correction is searched only when the typed query finds almost nothing", "[spelling]") {
  using psearch::prefer_correction;
  CHECK(prefer_correction(0, 1));
  CHECK_FALSE(prefer_correction(0, 0));
  CHECK(prefer_correction(1, psearch::kManyMoreMatches));
  CHECK_FALSE(prefer_correction(1, psearch::kManyMoreMatches - 1));
  CHECK(prefer_correction(psearch::kFewMatches - 1, (psearch::kFewMatches - 1) * psearch::kManyMoreMatches));
  CHECK_FALSE(prefer_correction(psearch::kFewMatches, 1000));
}
