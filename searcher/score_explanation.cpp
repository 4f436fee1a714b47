// Each part of the query weighed again for one passage, so the parts add up as the matcher added them.
#include "searcher/score_explanation.hpp"

#include <set>
#include <string>

#include "format/schema.hpp"
#include "searcher/ranking_weight.hpp"

namespace psearch {
namespace {

// BM25 of that part of the query alone for one passage, with the same statistics: the query
// filtered to the passage's sort key (path and line: one passage, or the fragments of one long
// line). A filter, not a MatchDecider, so that it runs on remote shards too.
double weight_in(const Xapian::Database& db, const Xapian::Query& query, Xapian::docid did, const std::string& key) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotSortKey, key, key)));
  enquire.set_weighting_scheme(ranking_weight());
  auto mset = enquire.get_mset(0, 1000);
  for (auto it = mset.begin(); it != mset.end(); ++it)
    if (*it == did) return it.get_weight();
  return 0.0;
}

}  // namespace

std::vector<ScorePart> explain_score(const Xapian::Database& db, const BuiltQuery& built,
                                     const Xapian::Enquire& enquire, const Xapian::MSetIterator& hit) {
  std::vector<ScorePart> parts;
  std::string key = hit.get_document().get_value(schema::kSlotSortKey);
  auto weight = [&](const Xapian::Query& part) { return weight_in(db, part, *hit, key); };
  // A wildcard's words are one synonym: its weight is the synonym's, not the sum of its words'.
  std::set<std::string> expanded;
  for (const auto& [pattern, synonym] : built.wildcards) {
    for (auto t = synonym.get_terms_begin(); t != synonym.get_terms_end(); ++t) expanded.insert(*t);
    if (double w = weight(synonym); w > 0) parts.push_back({pattern, "wildcard", w});
  }
  for (auto t = enquire.get_matching_terms_begin(hit); t != enquire.get_matching_terms_end(hit); ++t) {
    const std::string& term = *t;
    // The words as typed are weighed below, as their exact-form queries.
    if (expanded.count(term) || schema::is_field_term(term) || !term.starts_with('Z')) continue;
    parts.push_back({term.substr(1), "stem", weight(Xapian::Query(term))});
  }
  for (const auto& [word, form] : built.exact_forms)
    if (double w = weight(form); w > 0) parts.push_back({word, "exact", w * kExactFormWeight});
  for (const auto& field : built.field_parts)  // constant weights (query_builder.cpp), not BM25
    if (double w = weight(field.query); w > 0) parts.push_back({field.stem, field.kind, w});
  if (!built.proximity.empty())
    if (double w = weight(built.proximity); w > 0) parts.push_back({"phrase/near", "proximity", w});
  return parts;
}

}  // namespace psearch
