// Query building against a small in-memory index written with the schema's term generator.
#include <catch2/catch.hpp>

#include "indexer/error.hpp"
#include "indexer/schema.hpp"
#include "searcher/match_finder.hpp"
#include "searcher/query_builder.hpp"

using psearch::build_query;

namespace {

// docids 1.. in order of the texts
Xapian::WritableDatabase make_db(const std::vector<std::string>& texts) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto tg = psearch::schema::make_term_generator();
  for (const auto& t : texts) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(t);
    db.add_document(doc);
  }
  return db;
}

std::vector<Xapian::docid> ranked(const Xapian::Database& db, const std::string& text) {
  Xapian::Enquire enquire(db);
  enquire.set_query(build_query(text, db).query);
  auto mset = enquire.get_mset(0, 100);
  std::vector<Xapian::docid> ids;
  for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
  return ids;
}

const std::vector<std::string> kTexts = {
    "Epsom salts can be added to a warm bath.",          // 1
    "EPSOM SALTS are sold in shops.",                    // 2
    "Salt and pepper; epsom is a town.",                 // 3
    "Magnesium oil helps restless legs.",                // 4
    "Nothing relevant here at all.",                     // 5
    "The salt was not found near the bath in Epsom.",    // 6
};

}  // namespace

TEST_CASE("quoted phrases match stemmed forms whatever the case", "[query]") {
  auto db = make_db(kTexts);
  for (const auto& q : {"\"Epsom salt\"", "\"epsom SALTS\"", "\"EPSOM salts\""}) {
    CAPTURE(q);
    auto ids = ranked(db, q);
    REQUIRE(ids.size() == 2);
    CHECK(std::set<Xapian::docid>(ids.begin(), ids.end()) == std::set<Xapian::docid>{1, 2});
  }
}

TEST_CASE("unquoted words rank passages where they stand together first", "[query]") {
  auto db = make_db(kTexts);
  auto ids = ranked(db, "epsom salt");
  REQUIRE(ids.size() >= 4);
  CHECK(std::set<Xapian::docid>(ids.begin(), ids.begin() + 2) == std::set<Xapian::docid>{1, 2});
  CHECK(std::find(ids.begin(), ids.end(), 5u) == ids.end());
}

TEST_CASE("boolean operators, in upper case and between words in lower case", "[query]") {
  auto db = make_db(kTexts);
  CHECK(ranked(db, "salt AND pepper") == std::vector<Xapian::docid>{3});
  CHECK(ranked(db, "salt and pepper") == std::vector<Xapian::docid>{3});
  CHECK(ranked(db, "magnesium OR pepper").size() == 2);
  CHECK(ranked(db, "magnesium or pepper").size() == 2);
  auto not_ids = ranked(db, "salt NOT pepper");
  CHECK(std::find(not_ids.begin(), not_ids.end(), 3u) == not_ids.end());
  CHECK(ranked(db, "salt not pepper") == not_ids);
  CHECK(ranked(db, "+pepper salt") == std::vector<Xapian::docid>{3});
  CHECK(ranked(db, "(magnesium OR pepper) AND salt") == std::vector<Xapian::docid>{3});
  CHECK(ranked(db, "salt NEAR bath").size() == 2);
  CHECK(ranked(db, "magnes*") == std::vector<Xapian::docid>{4});
}

TEST_CASE("lower-case operator words at the ends are plain words", "[query]") {
  auto db = make_db(kTexts);
  auto q = build_query("not found", db);
  CHECK_FALSE(q.plain_words);
  CHECK(ranked(db, "not found").front() == 6);
}

TEST_CASE("syntax the parser rejects is searched as plain words", "[query]") {
  auto db = make_db(kTexts);
  for (const auto& text : {"epsom AND", "OR OR salt", "magnesium XOR"}) {
    CAPTURE(text);
    auto q = build_query(text, db);
    CHECK(q.plain_words);
    CHECK_FALSE(q.query.empty());
  }
}

TEST_CASE("queries with nothing to search for are errors", "[query]") {
  auto db = make_db(kTexts);
  for (const auto& text : {"", "*", "\"\"", "()", "-salt", "-salt -pepper"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(build_query(text, db), psearch::Error);
  }
}

TEST_CASE("match spans cover exact and stemmed forms and wildcards", "[query][matches]") {
  auto db = make_db(kTexts);
  std::string text = "Epsom salts and SALT; salting, magnesium.";
  auto spans = psearch::find_matches(text, build_query("\"epsom salt\" magnes*", db));
  std::vector<std::string> words;
  for (const auto& s : spans) words.push_back(text.substr(s.begin, s.end - s.begin));
  CHECK(words == std::vector<std::string>{"Epsom", "salts", "SALT", "salting", "magnesium"});
  CHECK(psearch::lines_of("a\nsalt b\nc salt", 10, psearch::find_matches("a\nsalt b\nc salt", build_query("salt", db))) ==
        std::vector<int>{11, 12});
}

TEST_CASE("spelling: the closest indexed word, one edit for short words, two for longer", "[query][spelling]") {
  auto db = make_db(kTexts);
  CHECK(psearch::closest_indexed_word(db, "magnesum", 2) == "magnesium");
  CHECK(psearch::closest_indexed_word(db, "magensium", 2) == "magnesium");  // a swap is one edit
  CHECK(psearch::closest_indexed_word(db, "zzzzzz", 2).empty());
  CHECK(psearch::correct_spelling("magnesum AND pepers", db) == "magnesium AND pepper");
  CHECK(psearch::correct_spelling("salt and pepper", db).empty());  // nothing to correct
  CHECK(psearch::correct_spelling("magnes* oil", db).empty());      // wildcards are left alone
  auto q = build_query("magnesum", db);
  CHECK(q.corrected == "magnesium");
  CHECK(build_query("magnesum", db, true).corrected.empty());
}
