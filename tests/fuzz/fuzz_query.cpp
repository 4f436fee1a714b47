// Fuzzes psearch::build_query with arbitrary query text against a small in-memory index built as
// pindex builds one (make_term_generator()), then runs the query and highlights a fixed
// text with it. The only accepted failure is psearch::Error ("nothing to search for"); any other
// exception, a sanitizer report or a broken invariant aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "indexer/passage_terms.hpp"
#include "searcher/match_finder.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/spelling.hpp"

namespace {

constexpr std::string_view kHighlightText =
    "Epsom salt (magnesium sulfate) is used in bath salts.\n"
    "It's said to ease sore muscles \xE2\x80\x94 \"epsom SALTS\" dissolve quickly.\n"
    "Magnesia, magnets and magnesium: not the same thing. na\xC3\xAFve caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC\n"
    "- item one\n- item two\twith a tab\r\n";

const char* const kDocuments[] = {
    "Epsom salt is magnesium sulfate. Dissolve two cups of Epsom salts in a warm bath.",
    "Magnesium deficiency: symptoms include muscle cramps, fatigue and an irregular heartbeat.",
    "What is RLS?\nRestless legs syndrome causes an urge to move the legs, mostly at night.",
    "Side effects of magnesium supplements are diarrhoea, nausea and abdominal cramping.",
    "Sea salt and table salt both contain sodium chloride; Epsom salt does not.",
    "Caf\xC3\xA9 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E text with non-ASCII words.",
    "it's don't won't: apostrophes, hyphen-ated words, C++ and e-mail@example.com",
    "who are you and what is this of the",
};

// More "qx" words than kMaxWildcardExpansion, so "qx*" meets the expansion limit.
constexpr int kManyTerms = 1100;

Xapian::WritableDatabase& database() {
  static Xapian::WritableDatabase db = [] {
    Xapian::WritableDatabase w(std::string(), Xapian::DB_BACKEND_INMEMORY);
    auto tg = psearch::make_term_generator();
    for (const char* text : kDocuments) {
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text(text);
      w.add_document(doc);
    }
    for (int i = 0; i < kManyTerms; ++i) {
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text("qx" + std::to_string(i) + " filler magnesium");
      w.add_document(doc);
    }
    w.commit();
    return w;
  }();
  return db;
}

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz_query: %s%s%s\n", what, detail.empty() ? "" : ": ", detail.c_str());
  std::abort();
}

void run(const std::string& text, const Xapian::Database& db, bool exact) {
  psearch::BuiltQuery built;
  try {
    // As psearch does: the typed text, or its correction (searcher/index_reader.cpp).
    std::string corrected = exact ? std::string() : psearch::correct_spelling(text, db);
    built = psearch::build_query(corrected.empty() ? text : corrected, db);
  } catch (const psearch::Error&) {
    return;  // the documented "bad query" outcome
  }
  if (built.query.empty()) fail("build_query returned an empty query");

  Xapian::Enquire enquire(db);
  enquire.set_query(built.query);
  try {
    Xapian::MSet mset = enquire.get_mset(0, 10);
    if (mset.size() > 10) fail("get_mset(0, 10) returned more than 10 hits");
    for (auto it = mset.begin(); it != mset.end(); ++it) (void)it.get_weight();
  } catch (const Xapian::WildcardError&) {
    // build_query caps wildcard expansion (kMaxWildcardExpansion, most frequent terms kept).
  }

  auto spans = psearch::find_matches(kHighlightText, built);
  std::size_t prev_end = 0;
  for (const auto& s : spans) {
    if (s.begin >= s.end || s.end > kHighlightText.size()) fail("find_matches returned a span outside the text");
    if (s.begin < prev_end) fail("find_matches returned overlapping or unsorted spans");
    if (kHighlightText.substr(s.begin, s.end - s.begin).find('\n') != std::string_view::npos)
      fail("find_matches returned a span across a line break");
    prev_end = s.end;
  }
  auto lines = psearch::lines_of(kHighlightText, 1, spans);
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i] < 1 || lines[i] > 5 || (i > 0 && lines[i] <= lines[i - 1])) fail("lines_of returned a bad line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const Xapian::Database& db = database();
  try {
    run(text, db, false);
    run(text, db, true);
  } catch (const Xapian::Error& e) {
    fail("Xapian exception escaped", e.get_type() + std::string(": ") + e.get_msg());
  } catch (const std::exception& e) {
    fail("exception escaped", e.what());
  }
  return 0;
}
