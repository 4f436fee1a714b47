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
#include "searcher/exact_forms.hpp"
#include "searcher/stopwords.hpp"
#include "searcher/wildcards.hpp"
#include "searcher/xapian_error.hpp"

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
  const auto window = static_cast<Xapian::termcount>(terms.size());
  return {Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), window),
          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                        Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), 2 * window), kNearWeight)};
}

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
// every exact form in each. The other
// forms (function words the stemmed query drops: "what is RLS") stay under AND_MAYBE.
Xapian::Query exact_form_boost(const Xapian::Query& stemmed,
                               const std::vector<std::pair<std::string, Xapian::Query>>& exact_forms,
                               Xapian::Query* boost) {
  using Forms = std::vector<Xapian::Query>;
  auto scaled_or = [](const Forms& forms) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end()),
                         kExactFormWeight);
  };
  Forms all;
  for (const auto& form : exact_forms) all.push_back(form.second);
  bool only_words = stemmed.get_type() == Xapian::Query::LEAF_TERM;
  if (stemmed.get_type() == Xapian::Query::OP_OR) {
    only_words = true;
    for (std::size_t i = 0; i < stemmed.get_num_subqueries(); ++i)
      only_words &= stemmed.get_subquery(i).get_type() == Xapian::Query::LEAF_TERM;
  }
  if (!only_words) return Xapian::Query(Xapian::Query::OP_AND_MAYBE, stemmed, scaled_or(all));
  thread_local const Xapian::Stem stem = schema::make_stemmer();  // a Stem is not thread-safe
  std::set<std::string> stems(stemmed.get_unique_terms_begin(), stemmed.get_unique_terms_end());
  Forms covered, others;
  for (const auto& [word, form] : exact_forms) {
    std::string stem_term(1, 'Z');
    stem_term += stem(word);
    (stems.count(stem_term) ? covered : others).push_back(form);
  }
  if (!covered.empty() && others.empty()) *boost = scaled_or(covered);
  Xapian::Query query = covered.empty() ? stemmed : Xapian::Query(Xapian::Query::OP_OR, stemmed, scaled_or(covered));
  return others.empty() ? query : Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, scaled_or(others));
}

namespace {

// Bounds that keep any query within a second: Xapian's matcher slows with the square of the
// number of terms, and each wildcard may expand to kMaxWildcardExpansion words. Returns whether
// text was cut to its first kMaxQueryWords words.
bool cut_to_max_words(std::string& text) {
  std::size_t words = 0, pos = 0;
  bool in_word = false;
  for (; pos < text.size(); ++pos) {
    bool space = std::isspace(static_cast<unsigned char>(text[pos]));
    if (!space && !in_word && ++words > kMaxQueryWords) break;
    in_word = !space;
  }
  if (pos == text.size()) return false;
  text.resize(pos);
  return true;
}

void check_searchable(const std::string& text) {
  if (auto wildcards = std::count(text.begin(), text.end(), '*'); wildcards > kMaxWildcards)
    throw Error(fmt::format("the query has {} wildcards; at most {} are allowed", wildcards, kMaxWildcards));
  if (only_excluded_words(text)) throw Error("the query only excludes words (-word): add a word to search for");
}

// The two parses of the text: stemmed (what matches) and exact forms (their boost).
struct Parsed {
  Xapian::Query stemmed, exact_forms;
  bool plain_words = false;          // the syntax was not understood: the words alone
  bool only_function_words = false;  // nothing but function words, searched all the same
};

// The parsers of one query, with the wildcard field's processors, which they hold by pointer.
struct Parsers {
  Parsers(const Xapian::Database& db, BuiltQuery& built)
      : stemmed(make_parser(db, Xapian::QueryParser::STEM_ALL_Z)),
        exact(make_parser(db, Xapian::QueryParser::STEM_NONE)),
        expander(db, built.capped_wildcards, built.wildcards) {
    stemmed.add_prefix(kWildcardField, &expander);
    exact.add_prefix(kWildcardField, &no_words);
  }
  void parse(Parsed& parsed, const std::string& text, unsigned flags) {
    parsed.stemmed = stemmed.parse_query(text, flags);
    parsed.exact_forms = exact.parse_query(text, flags);
  }
  Xapian::QueryParser stemmed, exact;
  WildcardExpander expander;
  NoWildcardWords no_words;
};

// Only function words ("who are you"): search them rather than nothing. The syntax parsed the
// first time ("NOT a" is a pure NOT of a stopword) may not parse without its stopwords dropped:
// then the words alone.
void parse_function_words(Parsers& parsers, const std::string& text, Parsed& parsed) {
  parsed.only_function_words = true;
  parsers.stemmed.set_stopper(nullptr);
  parsers.exact.set_stopper(nullptr);
  try {
    parsers.parse(parsed, text, Xapian::QueryParser::FLAG_DEFAULT);
  } catch (const Xapian::QueryParserError&) {
    parsers.parse(parsed, text, 0);
  }
}

Parsed parse_text(const std::string& text, const Xapian::Database& db, BuiltQuery& built) {
  Parsers parsers(db, built);
  Parsed parsed;
  try {
    // Xapian quietly drops every operator of a query with unbalanced brackets; say so instead.
    if (!balanced_brackets(text)) throw Xapian::QueryParserError("unbalanced brackets");
    parsers.parse(parsed, rewrite_wildcards(text), syntax_flags(text));
    built.wildcard_prefixes = wildcard_prefixes(text);
  } catch (const Xapian::UnimplementedError& e) {
    throw xapian_error(e, {XapianStep::Parse});  // a wildcard with NEAR or ADJ
  } catch (const Xapian::QueryParserError&) {
    // An unbalanced bracket or a dangling operator: search the words themselves.
    parsed.plain_words = true;
    parsers.parse(parsed, text, 0);
  }
  if (parsed.stemmed.empty() && !parsed.plain_words) parse_function_words(parsers, text, parsed);
  if (parsed.stemmed.empty()) throw Error("the query has no words to search for");
  return parsed;
}

// The exact words have no positions (schema.hpp): the boost is each exact form typed, whatever
// the structure around it (the stemmed query already decided what matches). A function word adds
// no weight, not even inside a phrase, where the parser keeps it for matching; unless the query is
// nothing else ("who are you").
std::vector<std::string> exact_terms_of(const Parsed& parsed) {
  std::vector<std::string> terms;
  for (auto it = parsed.exact_forms.get_unique_terms_begin(); it != parsed.exact_forms.get_unique_terms_end(); ++it)
    if (!english_stopper()(*it) || parsed.only_function_words) terms.push_back(*it);
  return terms;
}

// Whether every passage holding all of q's terms matches q: q is its terms OR-ed or AND-ed.
bool matches_all_its_terms(const Xapian::Query& q) {
  if (q.get_type() == Xapian::Query::LEAF_TERM) return true;
  if (q.get_type() != Xapian::Query::OP_OR && q.get_type() != Xapian::Query::OP_AND) return false;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    if (q.get_subquery(i).get_type() != Xapian::Query::LEAF_TERM) return false;
  return true;
}

// The proximity boost is OR-ed with the rest at the top, filtered by the stemmed query so that
// it adds its weight without widening the match (a phrase of "apple NOT banana"'s words must
// not bring back bananas); unless the stemmed query matches every passage the boost does (its
// words OR-ed, the usual case), where the filter would only read their posting lists again.
// Xapian 1.4.22 gets positional parts wrong under AND_MAYBE: beside
// plain terms in its right-hand OR it gave passages that do not match the phrase its weight (a
// passage without "deficiency" ranked for "magnesium deficiency"), and alone as its right-hand
// side the matcher's pruning dropped hits (-n 5 missed the second of -n 500). Both are tested
// (tests/e2e/relevance_features_test.cpp, tests/e2e/ranking_invariants_test.cpp).
void add_proximity_boost(BuiltQuery& built, const Xapian::Query& stemmed) {
  auto proximity = proximity_boost(stemmed);
  if (proximity.phrase.empty()) return;
  built.proximity = Xapian::Query(Xapian::Query::OP_OR, proximity.phrase, proximity.near);
  Xapian::Query boost = matches_all_its_terms(stemmed) ? built.proximity
                                                       : Xapian::Query(Xapian::Query::OP_FILTER, built.proximity, stemmed);
  built.query = Xapian::Query(Xapian::Query::OP_OR, built.query, boost);
  if (!built.first_pass.empty()) built.first_pass = Xapian::Query(Xapian::Query::OP_OR, built.first_pass, boost);
}

// An AND_MAYBE of their own: they are plain (no positions), and may match passages the rest
// holds through other words only.
void add_field_boosts(BuiltQuery& built, const Xapian::Database& db) {
  if (built.stems.size() > kMaxFieldTerms) return;
  auto heading = field_boost(built.stems, schema::kPrefixHeading, "heading", kHeadingWeight, db, built.field_parts);
  auto opening = field_boost(built.stems, schema::kPrefixOpening, "opening", kOpeningWeight, db, built.field_parts);
  Xapian::Query fields(Xapian::Query::OP_OR, heading, opening);
  if (fields.empty()) return;
  built.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query, fields);
  if (!built.first_pass.empty()) built.first_pass = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.first_pass, fields);
}

}  // namespace

BuiltQuery build_query(const std::string& full_text, const Xapian::Database& db) {
  std::string text = full_text;
  BuiltQuery built;
  built.truncated = cut_to_max_words(text);
  check_searchable(text);
  Parsed parsed = parse_text(text, db, built);
  built.plain_words = parsed.plain_words;
  built.matching = parsed.stemmed;
  for (const auto& word : exact_terms_of(parsed)) built.exact_forms.emplace_back(word, exact_form_query(db, word));
  built.query = exact_form_boost(parsed.stemmed, built.exact_forms, &built.exact_boost);
  if (!built.exact_boost.empty()) built.first_pass = parsed.stemmed;
  add_proximity_boost(built, parsed.stemmed);
  positive_stems(parsed.stemmed, built.stems);
  add_field_boosts(built, db);
  for (auto it = built.query.get_unique_terms_begin(); it != built.query.get_unique_terms_end(); ++it)
    if (!schema::is_field_term(*it) && *it != kNoSuchTerm) built.terms.insert(*it);
  return built;
}

}  // namespace psearch
