// Query building against a small in-memory index written with the schema's term generator.
#include <catch2/catch.hpp>

#include <map>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "indexer/passage_terms.hpp"
#include "searcher/match_finder.hpp"
#include "searcher/query_builder.hpp"

using psearch::build_query;

namespace {

// docids 1.. in order of the texts; each text's opening words are its opening field, as pindex does
Xapian::WritableDatabase make_db(const std::vector<std::string>& texts) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto tg = psearch::make_term_generator();
  for (const auto& t : texts) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(t);
    tg.index_field(psearch::opening_words(t), psearch::schema::kPrefixOpening);
    tg.finish_document();
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

TEST_CASE("content words found in a passage's heading or opening words add a constant weight", "[query]") {
  using psearch::schema::kPrefixHeading;
  auto db = make_db(kTexts);
  {  // a heading field on docid 6, as pindex gives the first passage under a heading
    auto tg = psearch::make_term_generator();
    Xapian::Document doc = db.get_document(6);
    tg.set_document(doc);
    tg.index_field("Salt near the bath", kPrefixHeading);
    db.replace_document(6, doc);
  }
  auto built = build_query("what salt is in the bath NOT pepper", db);
  std::set<std::string> fields;
  for (const auto& part : built.field_parts) {
    fields.insert(part.term);
    bool heading = part.term.starts_with(std::string("Z") + kPrefixHeading);
    CHECK(part.weight ==
          Approx((heading ? psearch::kHeadingWeight : psearch::kOpeningWeight) * psearch::field_idf(db, part.term)));
  }
  // Only the words a hit may hold (not the NOT-ed "pepper", not the function words), and only
  // where some passage holds them in the field (6 opens "The salt was not found near the bath").
  CHECK(fields == std::set<std::string>{"ZXHsalt", "ZXHbath", "ZXOsalt", "ZXObath"});
  for (const auto& term : built.terms) CHECK_FALSE(psearch::schema::is_field_term(term));  // not highlighted
  // "Salt and pepper; ..." (3) and "The salt was ..." (6) both hold salt; 6 is under the heading.
  auto ids = ranked(db, "salt bath");
  REQUIRE(ids.size() >= 3);
  CHECK(ids.front() == 6);
  Xapian::Enquire enquire(db);
  enquire.set_query(built.query);
  CHECK(enquire.get_mset(0, 10).size() > 0);
}

TEST_CASE("boolean operators in upper case, while lower-case and, or, not are words", "[query]") {
  auto db = make_db(kTexts);
  CHECK(ranked(db, "salt AND pepper") == std::vector<Xapian::docid>{3});
  CHECK(ranked(db, "salt and pepper") == ranked(db, "salt pepper"));
  CHECK(ranked(db, "salt and pepper").size() == 4);  // 1, 2, 3, 6: either word
  CHECK(ranked(db, "magnesium OR pepper").size() == 2);
  CHECK(ranked(db, "magnesium or pepper") == ranked(db, "magnesium pepper"));
  auto not_ids = ranked(db, "salt NOT pepper");
  CHECK(std::find(not_ids.begin(), not_ids.end(), 3u) == not_ids.end());
  auto lower_not = ranked(db, "salt not pepper");
  CHECK(std::find(lower_not.begin(), lower_not.end(), 3u) != lower_not.end());
  CHECK(lower_not == ranked(db, "salt pepper"));
  // A text all in capitals is shouted words, its AND and NOT among them.
  CHECK(ranked(db, "SALT AND PEPPER") == ranked(db, "salt pepper"));
  CHECK(ranked(db, "SALT NOT PEPPER") == ranked(db, "salt pepper"));
  CHECK(ranked(db, "+pepper salt") == std::vector<Xapian::docid>{3});
  CHECK(ranked(db, "(magnesium OR pepper) AND salt") == std::vector<Xapian::docid>{3});
  CHECK(ranked(db, "salt NEAR bath").size() == 2);
  CHECK(ranked(db, "magnes*") == std::vector<Xapian::docid>{4});
}

TEST_CASE("a question's function words add no weight, in any part of the query", "[query]") {
  auto db = make_db(kTexts);
  auto weights = [&](const std::string& text) {
    Xapian::Enquire enquire(db);
    enquire.set_query(build_query(text, db).query);
    auto mset = enquire.get_mset(0, 100);
    std::map<Xapian::docid, double> w;
    for (auto it = mset.begin(); it != mset.end(); ++it) w[*it] = it.get_weight();
    return w;
  };
  auto content = weights("salt bath");
  REQUIRE(content.size() == 4);
  // "the", "was", "not", "in" are in passage 6 and "and" in 3: none of them may lift it.
  for (const auto& question : {"whether the salt was not in the bath", "which salt and which bath",
                               "can anyone find salt for the bath"}) {
    CAPTURE(question);
    auto w = weights(question);
    REQUIRE(w.size() == content.size());
    for (const auto& [did, weight] : content) CHECK(w[did] == Approx(weight));
  }
}

TEST_CASE("a phrase keeps its function words for matching", "[query]") {
  auto db = make_db(kTexts);
  CHECK(ranked(db, "\"salt was not found\"") == std::vector<Xapian::docid>{6});
  CHECK(ranked(db, "\"salt not found\"").empty());
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

TEST_CASE("the exact-form boost ranks the form typed first and never widens the match", "[query]") {
  auto db = make_db(kTexts);
  auto matched = [&](const std::string& q) {
    auto ids = ranked(db, q);
    return std::set<Xapian::docid>(ids.begin(), ids.end());
  };
  // Plain words (the boost is OR-ed in): every passage with the stem, "salts" before "salt".
  auto salts = ranked(db, "salts");
  REQUIRE(salts.size() == 4);
  CHECK(std::set<Xapian::docid>(salts.begin(), salts.begin() + 2) == std::set<Xapian::docid>{1, 2});
  CHECK(matched("salts") == std::set<Xapian::docid>{1, 2, 3, 6});
  // A function word the stemmed query drops adds weight only where the rest matches: "is" is in 3.
  CHECK(matched("what is magnesium") == std::set<Xapian::docid>{4});
  // Operators and phrases keep the boost under AND_MAYBE.
  CHECK(matched("epsom NOT bath") == std::set<Xapian::docid>{2, 3});
  CHECK(matched("\"warm bath\"") == std::set<Xapian::docid>{1});
  CHECK(matched("pepper OR oil") == std::set<Xapian::docid>{3, 4});
}

TEST_CASE("the proximity boost is filtered by the query only where it could widen the match", "[query]") {
  auto db = make_db(kTexts);
  // Words OR-ed: a passage the phrase matches holds them all, so no filter reads them again.
  auto plain = build_query("epsom salt", db);
  CHECK(plain.query.get_description().find("PHRASE") != std::string::npos);
  CHECK(plain.query.get_description().find("FILTER (Z") == std::string::npos);
  auto found = ranked(db, "epsom salt");
  CHECK(std::set<Xapian::docid>(found.begin(), found.end()) == std::set<Xapian::docid>{1, 2, 3, 6});
  // With NOT, the phrase of the query's words would bring back the passage NOT excludes.
  auto negated = build_query("epsom salt NOT pepper", db);
  CHECK(negated.query.get_description().find("FILTER") != std::string::npos);
  auto ids = ranked(db, "epsom salt NOT pepper");
  CHECK(std::find(ids.begin(), ids.end(), Xapian::docid{3}) == ids.end());
  CHECK(ids.size() == 3);
}
