// Turns the user's query text into a Xapian::Query: stemmed matching, exact-form, proximity,
// heading and opening-words boosts, upper-case boolean operators, wildcards, and a plain-words
// fallback. Lower-case "and", "or", "not" are words: function words, which add no weight.
#pragma once
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace psearch {

struct BuiltQuery {
  Xapian::Query query;
  std::set<std::string> terms;                  // unprefixed and "Z" stem terms, for highlighting
  std::vector<std::string> wildcard_prefixes;   // lower-cased, from "magnes*"
  bool plain_words = false;                     // the parser rejected the syntax; words only
  // corrected and suggested are set by spelled_query (searcher/spelling.hpp), not build_query.
  std::string corrected;                        // the spelling-corrected text searched instead, or ""
  std::string suggested;                        // a confident correction not searched, or ""
  bool truncated = false;                       // the text was cut to kMaxQueryWords words
  std::vector<std::string> capped_wildcards;    // "w*" patterns that match more than the limit
  Xapian::Query proximity;                      // the phrase/near boost part (may be empty), for --explain
  Xapian::Query matching;                       // what decides which passages match: no boosts
  // When the query is words OR-ed, each of whose exact forms is covered by its stem (the usual
  // case): query is first_pass plus exact_boost, and every passage exact_boost matches also
  // matches first_pass, so its weight can be added to first_pass's best only (passage_search).
  Xapian::Query first_pass, exact_boost;
  // Each word typed and the query of the passages holding it in that form (searcher/exact_forms.hpp).
  std::vector<std::pair<std::string, Xapian::Query>> exact_forms;
  // Each wildcard ("magnes*") and the synonym of the words it matched: weighed as one term.
  std::vector<std::pair<std::string, Xapian::Query>> wildcards;
  struct FieldPart {
    std::string term;  // "Z" + kPrefixHeading or kPrefixOpening + stem
    std::string stem;  // the stem alone, as --explain names it
    std::string kind;  // "heading" or "opening"
    double weight;     // what a passage holding the term gets
    Xapian::Query query;  // the part itself, weighed alone by --explain
  };
  std::vector<FieldPart> field_parts;           // the heading and opening boosts, for --explain
  std::vector<std::string> stems;               // the "Z" terms a matching passage may hold (not NOT-ed)
};

inline constexpr Xapian::termcount kMaxWildcardExpansion = 1000;
inline constexpr std::size_t kMaxQueryWords = 1000;  // longer queries are cut, with a note
inline constexpr long kMaxWildcards = 20;            // more is an error
inline constexpr double kExactFormWeight = 0.5;  // exact forms typed add half their BM25 weight
// A query word in the heading of a section's first passage, or in a passage's opening words,
// adds this times the field's idf for the word (tuned with scripts/eval).
inline constexpr double kHeadingWeight = 0.2;
inline constexpr double kOpeningWeight = 0.2;
inline constexpr std::size_t kMaxFieldTerms = 32;  // longer queries get no heading/opening boost

/// Takes the query text and the database (for wildcards and field statistics); returns the query
/// of the text as typed (spelling is searcher/spelling.hpp's). Throws psearch::Error when the text
/// has nothing to search for.
BuiltQuery build_query(const std::string& text, const Xapian::Database& db);

/// The idf of a heading or opening field term, log((N + 1) / (termfreq + 0.5)); 0 when absent.
double field_idf(const Xapian::Database& db, const std::string& term);

/// Whether word (lower case) is a boolean or proximity operator of the query syntax.
bool is_operator_word(const std::string& word);

}  // namespace psearch
