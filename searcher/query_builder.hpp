// Turns the user's query text into a Xapian::Query: stemmed matching, exact-form and proximity
// boosts, boolean operators in either case, wildcards, and a plain-words fallback.
#pragma once
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

namespace psearch {

struct BuiltQuery {
  Xapian::Query query;
  std::set<std::string> terms;                  // unprefixed and "Z" stem terms, for highlighting
  std::vector<std::string> wildcard_prefixes;   // lower-cased, from "magnes*"
  bool plain_words = false;                     // the parser rejected the syntax; words only
};

inline constexpr Xapian::termcount kMaxWildcardExpansion = 1000;

/// Takes the query text and the database (for wildcards); returns the query.
/// Throws psearch::Error when the text has nothing to search for.
BuiltQuery build_query(const std::string& text, const Xapian::Database& db);

}  // namespace psearch
