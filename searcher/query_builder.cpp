// Query building. The text is parsed twice (xapian-notes §1): with STEM_ALL_Z, which decides
// what matches and lets quoted phrases match stemmed forms ("epsom SALTS"), and with STEM_NONE,
// which only adds weight to passages holding the exact forms typed. Passages whose section heading
// or opening words hold the query's words get more weight again (field_boost).
#include "searcher/query_builder.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "searcher/stopwords.hpp"

namespace psearch {
namespace {

constexpr unsigned kSyntaxFlags =
    Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;
constexpr double kNearWeight = 0.5;
constexpr std::size_t kMaxProximityTerms = 8;

const std::set<std::string>& operator_words() {
  static const std::set<std::string> operators{"and", "or", "not", "xor", "near", "adj"};
  return operators;
}

Xapian::QueryParser make_parser(const Xapian::Database& db, Xapian::QueryParser::stem_strategy strategy) {
  Xapian::QueryParser qp;
  qp.set_stopper(&english_stopper());
  qp.set_database(db);
  qp.set_stemmer(schema::make_stemmer());
  qp.set_stemming_strategy(strategy);
  qp.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  return qp;
}

// "-salt" alone parses as a positive match for salt (xapian-notes §2): refuse it instead.
bool only_excluded_words(const std::string& text) {
  std::istringstream in(text);
  std::string word;
  bool any = false;
  while (in >> word) {
    if (word.size() < 2 || word[0] != '-') return false;
    any = true;
  }
  return any;
}

// Upper-case AND, OR, NOT are operators where they stand out from lower-case words; in a text
// typed or pasted all in capitals ("I AM INTERESTED IN A AND B") they are its words.
unsigned syntax_flags(const std::string& text) {
  bool lower = std::any_of(text.begin(), text.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); });
  return lower ? kSyntaxFlags : kSyntaxFlags & ~unsigned(Xapian::QueryParser::FLAG_BOOLEAN);
}

bool balanced_brackets(const std::string& text) {
  int depth = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == '(') ++depth;
    else if (!quoted && c == ')' && --depth < 0) return false;
  }
  return depth == 0;
}

// Passages where the words stand together (phrase), or close (near), rank above those that merely
// hold them. Empty parts when the query has fewer than two or too many stems.
struct Proximity {
  Xapian::Query phrase, near;
};
Proximity proximity_boost(const Xapian::Query& stemmed) {
  std::vector<std::string> terms;
  for (auto it = stemmed.get_terms_begin(); it != stemmed.get_terms_end(); ++it)
    if ((*it).starts_with('Z') && std::find(terms.begin(), terms.end(), *it) == terms.end()) terms.push_back(*it);
  if (terms.size() < 2 || terms.size() > kMaxProximityTerms) return {};
  return {Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size()),
          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                        Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), 2 * terms.size()), kNearWeight)};
}

// Wildcards are expanded here, over the whole (possibly sharded) database, into a synonym of the
// words they match. Xapian's own OP_WILDCARD expands in each shard separately, and its weight
// then comes from that shard's statistics alone: the same query ranked differently over shards
// than over one index (tests/e2e/shards_test.cpp). The parser sees "magnes*" as the field
// "psearchwildcard:magnes", whose processor builds the synonym, so the query's structure is
// exactly the parser's.
constexpr const char* kWildcardField = "psearchwildcard";
constexpr const char* kNoSuchTerm = "XPSEARCHNONE";  // no prefix of schema.hpp starts with X P

bool word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

std::string rewrite_wildcards(const std::string& text) {
  std::string out;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '"') quoted = !quoted;
    if (quoted || !word_byte(text[i]) || (i > 0 && word_byte(text[i - 1]))) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && word_byte(text[end])) ++end;
    if (end < text.size() && text[end] == '*') {
      out += kWildcardField;
      out += ':';
      out.append(text, i, end - i);
      out += ' ';  // the '*' ended the word: "magnes*OR" is magnes* and OR, not "magnesOR"
      i = end + 1;
    } else {
      out.append(text, i, end - i);
      i = end;
    }
  }
  return out;
}

class WildcardExpander : public Xapian::FieldProcessor {
public:
  WildcardExpander(const Xapian::Database& db, std::vector<std::string>& capped,
                   std::vector<std::pair<std::string, Xapian::Query>>& expanded)
      : db_(db), capped_(capped), expanded_(expanded) {}
  Xapian::Query operator()(const std::string& value) override {
    std::string prefix = Xapian::Unicode::tolower(value);
    std::vector<std::pair<Xapian::doccount, std::string>> words;
    for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it)
      words.emplace_back(it.get_termfreq(), *it);
    // A term no passage holds, not Query::MatchNothing: that is an empty query, which would make
    // "zzz*" look like a query of function words only.
    if (words.empty()) return Xapian::Query(kNoSuchTerm);
    if (words.size() > kMaxWildcardExpansion) {
      // The most frequent words, as Xapian's WILDCARD_LIMIT_MOST_FREQUENT keeps.
      std::nth_element(words.begin(), words.begin() + kMaxWildcardExpansion, words.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
      words.resize(kMaxWildcardExpansion);
      std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
      if (std::find(capped_.begin(), capped_.end(), prefix + "*") == capped_.end()) capped_.push_back(prefix + "*");
    }
    std::vector<std::string> terms;
    for (auto& w : words) terms.push_back(std::move(w.second));
    Xapian::Query synonym(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    expanded_.emplace_back(prefix + "*", synonym);
    return synonym;
  }

private:
  const Xapian::Database& db_;
  std::vector<std::string>& capped_;
  std::vector<std::pair<std::string, Xapian::Query>>& expanded_;
};

// The stem terms a matching passage may hold, once each, in query order: the words under NOT
// (the right side of AND_NOT) are left out.
void positive_stems(const Xapian::Query& q, std::vector<std::string>& out) {
  if (q.get_type() == Xapian::Query::LEAF_TERM) {
    for (auto it = q.get_terms_begin(); it != q.get_terms_end(); ++it)
      if ((*it).starts_with('Z') && std::find(out.begin(), out.end(), *it) == out.end()) out.push_back(*it);
    return;
  }
  std::size_t n = q.get_num_subqueries();
  if (q.get_type() == Xapian::Query::OP_AND_NOT) n = std::min<std::size_t>(n, 1);
  for (std::size_t i = 0; i < n; ++i) positive_stems(q.get_subquery(i), out);
}

// Each query word found in the field adds weight * the field's idf for that word. The weight
// is constant, not BM25: a field has the same few words whatever the passage's length, so a long
// passage (a list under its heading) is not discounted for the length of its text.
Xapian::Query field_boost(const std::vector<std::string>& stems, const char* prefix, const char* kind,
                          double weight, const Xapian::Database& db, std::vector<BuiltQuery::FieldPart>& explained) {
  std::vector<Xapian::Query> parts;
  for (const auto& stem : stems) {
    std::string term = schema::field_term(prefix, stem);
    double idf = field_idf(db, term);
    if (idf <= 0) continue;
    // A constant weight for the passages holding the term: Xapian's own FixedWeightPostingSource
    // filtered by the term (a posting source of ours would not run on a remote shard: xapian-tcpsrv
    // knows only the built-in ones).
    Xapian::Query part(Xapian::Query::OP_FILTER,
                       Xapian::Query((new Xapian::FixedWeightPostingSource(weight * idf))->release()), Xapian::Query(term));
    parts.push_back(part);
    explained.push_back({term, stem.substr(1), kind, weight * idf, part});
  }
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

std::vector<std::string> wildcard_prefixes(const std::string& text) {
  std::vector<std::string> prefixes;
  std::string word;
  auto flush = [&] {
    if (word.size() > 1 && word.back() == '*') {
      std::string p = word.substr(0, word.size() - 1);
      std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
      prefixes.push_back(p);
    }
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '*' || static_cast<unsigned char>(c) >= 0x80) word += c;
    else flush();
  }
  flush();
  return prefixes;
}

}  // namespace

bool is_operator_word(const std::string& word) { return operator_words().count(word) > 0; }

double field_idf(const Xapian::Database& db, const std::string& term) {
  Xapian::doccount freq = db.get_termfreq(term);
  if (freq == 0) return 0;
  return std::log((db.get_doccount() + 1.0) / (freq + 0.5));
}

// The exact-form boost, with the passages and weights of AND_MAYBE(stemmed, exact forms). When
// the query is only words OR-ed (the usual case), a passage holding an exact form of one of them
// also holds its stem, so those forms can be OR-ed in instead: the same passages, the same weights,
// and Xapian's matcher may then skip the passages too weak for the top hits rather than look up
// every exact form in each (device tree binding on the kernel tree: 49 -> 17-19 ms). The other
// forms (function words the stemmed query drops: "what is RLS") stay under AND_MAYBE.
Xapian::Query exact_form_boost(const Xapian::Query& stemmed, const std::vector<std::string>& exact_terms) {
  auto scaled_or = [](const std::vector<std::string>& terms) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                         kExactFormWeight);
  };
  bool only_words = stemmed.get_type() == Xapian::Query::LEAF_TERM;
  if (stemmed.get_type() == Xapian::Query::OP_OR) {
    only_words = true;
    for (std::size_t i = 0; i < stemmed.get_num_subqueries(); ++i)
      only_words &= stemmed.get_subquery(i).get_type() == Xapian::Query::LEAF_TERM;
  }
  if (!only_words) return Xapian::Query(Xapian::Query::OP_AND_MAYBE, stemmed, scaled_or(exact_terms));
  thread_local const Xapian::Stem stem = schema::make_stemmer();  // a Stem is not thread-safe
  std::set<std::string> stems(stemmed.get_unique_terms_begin(), stemmed.get_unique_terms_end());
  std::vector<std::string> covered, others;
  for (const auto& term : exact_terms) {
    std::string stem_term(1, 'Z');
    stem_term += stem(term);
    (stems.count(stem_term) ? covered : others).push_back(term);
  }
  Xapian::Query query = covered.empty() ? stemmed : Xapian::Query(Xapian::Query::OP_OR, stemmed, scaled_or(covered));
  return others.empty() ? query : Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, scaled_or(others));
}

BuiltQuery build_query(const std::string& full_text, const Xapian::Database& db) {
  // Bounds that keep any query within a second: Xapian's matcher slows with the square of the
  // number of terms, and each wildcard may expand to kMaxWildcardExpansion words.
  std::string original = full_text;
  bool truncated = false;
  {
    std::size_t words = 0, pos = 0;
    bool in_word = false;
    for (; pos < original.size(); ++pos) {
      bool space = std::isspace(static_cast<unsigned char>(original[pos]));
      if (!space && !in_word && ++words > kMaxQueryWords) break;
      in_word = !space;
    }
    if (pos < original.size()) {
      original.resize(pos);
      truncated = true;
    }
  }
  if (auto wildcards = std::count(original.begin(), original.end(), '*'); wildcards > kMaxWildcards)
    throw Error(fmt::format("the query has {} wildcards; at most {} are allowed", wildcards, kMaxWildcards));
  const std::string& text = original;
  if (only_excluded_words(text))
    throw Error("the query only excludes words (-word): add a word to search for");
  auto stemmed_parser = make_parser(db, Xapian::QueryParser::STEM_ALL_Z);
  auto exact_parser = make_parser(db, Xapian::QueryParser::STEM_NONE);
  std::vector<std::string> capped;
  std::vector<std::pair<std::string, Xapian::Query>> expanded;
  WildcardExpander expander(db, capped, expanded);
  stemmed_parser.add_prefix(kWildcardField, &expander);
  // The exact-form boost is for words typed: a wildcard's expansions add nothing to it.
  struct NoWords : Xapian::FieldProcessor {
    Xapian::Query operator()(const std::string&) override { return Xapian::Query::MatchNothing; }
  } no_words;
  exact_parser.add_prefix(kWildcardField, &no_words);
  BuiltQuery built;
  built.truncated = truncated;
  Xapian::Query stemmed, exact_forms;
  try {
    // Xapian quietly drops every operator of a query with unbalanced brackets; say so instead.
    if (!balanced_brackets(text)) throw Xapian::QueryParserError("unbalanced brackets");
    stemmed = stemmed_parser.parse_query(rewrite_wildcards(text), syntax_flags(text));
    exact_forms = exact_parser.parse_query(rewrite_wildcards(text), syntax_flags(text));
    built.wildcard_prefixes = wildcard_prefixes(text);
  } catch (const Xapian::UnimplementedError&) {
    // Xapian's NEAR and ADJ take single words only ("OP_NEAR and OP_PHRASE only currently support
    // leaf subqueries"), and a wildcard is several (found by fuzz_query).
    throw Error("a wildcard (word*) cannot be used with NEAR or ADJ: write the words out");
  } catch (const Xapian::QueryParserError&) {
    // An unbalanced bracket or a dangling operator: search the words themselves.
    built.plain_words = true;
    stemmed = stemmed_parser.parse_query(text, 0);
    exact_forms = exact_parser.parse_query(text, 0);
  }
  bool only_function_words = stemmed.empty() && !built.plain_words;
  if (only_function_words) {
    // Only function words ("who are you"): search them rather than nothing. The syntax parsed
    // the first time ("NOT a" is a pure NOT of a stopword) may not parse without its stopwords
    // dropped: then the words alone.
    stemmed_parser.set_stopper(nullptr);
    exact_parser.set_stopper(nullptr);
    try {
      stemmed = stemmed_parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT);
      exact_forms = exact_parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT);
    } catch (const Xapian::QueryParserError&) {
      stemmed = stemmed_parser.parse_query(text, 0);
      exact_forms = exact_parser.parse_query(text, 0);
    }
  }
  if (stemmed.empty()) throw Error("the query has no words to search for");
  // The exact words have no positions (schema.hpp): the boost is each exact form typed, whatever
  // the structure around it (the stemmed query already decided what matches).
  // A function word adds no weight, not even inside a phrase, where the parser keeps it for matching;
  // unless the query is nothing else ("who are you").
  std::vector<std::string> exact_terms;
  for (auto it = exact_forms.get_unique_terms_begin(); it != exact_forms.get_unique_terms_end(); ++it)
    if (!english_stopper()(*it) || only_function_words) exact_terms.push_back(*it);
  // The proximity boost is OR-ed with the rest at the top, filtered by the stemmed query so that
  // it adds its weight without widening the match (a phrase of "apple NOT banana"'s words must
  // not bring back bananas). Xapian 1.4.22 gets
  // positional parts wrong under AND_MAYBE: beside plain terms in its right-hand OR it gave
  // passages that do not match the phrase its weight ("magnesium deficiency": a passage without
  // "deficiency" ranked 8th), and alone as its right-hand side the matcher's pruning dropped hits
  // (-n 5 missed the second of -n 500: "kernel module parameters" on the kernel docs). Both are
  // tested (tests/e2e/relevance_features_test.cpp, tests/e2e/ranking_invariants_test.cpp).
  built.matching = stemmed;
  built.query = exact_form_boost(stemmed, exact_terms);
  auto proximity = proximity_boost(stemmed);
  if (!proximity.phrase.empty()) {
    built.proximity = Xapian::Query(Xapian::Query::OP_OR, proximity.phrase, proximity.near);
    built.query = Xapian::Query(Xapian::Query::OP_OR, built.query,
                                Xapian::Query(Xapian::Query::OP_FILTER, built.proximity, stemmed));
  }
  positive_stems(stemmed, built.stems);
  const auto& stems = built.stems;
  Xapian::Query fields;
  if (stems.size() <= kMaxFieldTerms) {
    fields = field_boost(stems, schema::kPrefixHeading, "heading", kHeadingWeight, db, built.field_parts);
    fields = Xapian::Query(Xapian::Query::OP_OR, fields,
                           field_boost(stems, schema::kPrefixOpening, "opening", kOpeningWeight, db, built.field_parts));
  }
  // An AND_MAYBE of their own: they are plain (no positions), and may match passages the rest
  // holds through other words only.
  if (!fields.empty()) built.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query, fields);
  built.capped_wildcards = capped;
  built.wildcards = expanded;
  for (auto it = built.query.get_unique_terms_begin(); it != built.query.get_unique_terms_end(); ++it)
    if (!schema::is_field_term(*it) && *it != kNoSuchTerm) built.terms.insert(*it);
  return built;
}

}  // namespace psearch
