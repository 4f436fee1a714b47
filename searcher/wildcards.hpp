// Wildcards ("magnes*"): found in the text, and expanded over the whole database.
// Wildcards are expanded by psearch, over the whole (possibly sharded) database, into a synonym of the
// words they match. Xapian's own OP_WILDCARD expands in each shard separately, and its weight
// then comes from that shard's statistics alone: the same query ranked differently over shards
// than over one index (tests/e2e/shards_test.cpp). The parser sees "magnes*" as the field
// "psearchwildcard:magnes", whose processor builds the synonym, so the query's structure is
// exactly the parser's.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace psearch {

inline constexpr const char* kWildcardField = "psearchwildcard";
inline constexpr const char* kNoSuchTerm = "XPSEARCHNONE";  // no prefix of schema.hpp starts with X P

/// The text with each wildcard "w*" outside quotes written as the field kWildcardField:w.
std::string rewrite_wildcards(const std::string& text);

/// The wildcards' prefixes, lower-cased ("magnes" of "Magnes*"), in text order.
std::vector<std::string> wildcard_prefixes(const std::string& text);

/// The field processor of kWildcardField in the stemmed parser: the words of db that start with
/// the prefix, as one OP_SYNONYM (the kMaxWildcardExpansion most frequent; the capped patterns
/// are added to capped), each added to expanded with its pattern.
class WildcardExpander : public Xapian::FieldProcessor {
public:
  WildcardExpander(const Xapian::Database& db, std::vector<std::string>& capped,
                   std::vector<std::pair<std::string, Xapian::Query>>& expanded)
      : db_(db), capped_(capped), expanded_(expanded) {}
  Xapian::Query operator()(const std::string& value) override;

private:
  const Xapian::Database& db_;
  std::vector<std::string>& capped_;
  std::vector<std::pair<std::string, Xapian::Query>>& expanded_;
};

/// The field processor of kWildcardField in the exact-form parser: the exact-form boost is for
/// words typed, and a wildcard's expansions add nothing to it.
class NoWildcardWords : public Xapian::FieldProcessor {
public:
  Xapian::Query operator()(const std::string&) override { return Xapian::Query::MatchNothing; }
};

}  // namespace psearch
