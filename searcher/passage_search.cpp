// Paging through the MSet, not Xapian's collapse: collapsing reads every candidate's file value,
// and most queries need one page.
#include "searcher/passage_search.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "format/schema.hpp"
#include "searcher/hit_record.hpp"
#include "searcher/ranking_weight.hpp"
#include "searcher/score_explanation.hpp"

namespace psearch {
namespace {

// Passages sharing this share of their stems (Jaccard) are copies of one another.
constexpr double kDuplicateSimilarity = 0.6;
// The exact-form boost reorders the first pass's ranks in windows of this many.
constexpr Xapian::doccount kRescoredDepth = 30;

struct KeptHits {
  std::vector<Hit> hits;
  std::vector<std::string> signatures;  // of each kept hit, for near-duplicate detection
};

// Whether the candidate (of that MinHash signature) is a copy of a kept hit; then it is named
// in that hit's "also".
bool fold_copy(const Xapian::MSetIterator& it, const std::string& signature, const ShardSet& shards,
               KeptHits& kept) {
  auto original = std::find_if(kept.signatures.begin(), kept.signatures.end(), [&](const auto& s) {
    return schema::minhash_similarity(s, signature) >= kDuplicateSimilarity;
  });
  if (original == kept.signatures.end()) return false;
  kept.hits[static_cast<std::size_t>(original - kept.signatures.begin())].also.push_back(make_copy_ref(it, shards));
  return true;
}

// The matches of query in the file of path: one count, no weights.
Xapian::doccount matches_in_file(const Xapian::Database& db, const Xapian::Query& query, const std::string& path) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query(schema::file_term(schema::file_id(path)))));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

struct Scored {
  Xapian::MSetIterator it;
  Xapian::Document doc;  // fetched once for the page
  double score;
  mutable std::optional<std::string> key;  // the sort key, read for equal scores only

  const std::string& sort_key() const {
    if (!key) key = doc.get_value(schema::kSlotSortKey);
    return *key;
  }
};

// Best first: the higher score, then the smaller sort key (the path and line: file order).
bool ranks_before(const Scored& a, const Scored& b) {
  return a.score > b.score || (a.score == b.score && a.sort_key() < b.sort_key());
}

// The exact-form boost's weight on each passage of the page that holds an exact form: the second
// pass of a two-pass search (BuiltQuery::exact_boost), weighed by Xapian with the whole index's
// statistics, among the passages of the page's files.
std::map<Xapian::docid, double> exact_boosts(const Xapian::Database& db, const Xapian::Query& boost,
                                             const std::vector<Scored>& page) {
  std::set<std::string> files;
  for (const auto& p : page) files.insert(schema::file_term(schema::file_id_of_value(p.doc.get_value(schema::kSlotFile))));
  std::map<Xapian::docid, double> weights;
  if (files.empty()) return weights;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, boost,
                                  Xapian::Query(Xapian::Query::OP_OR, files.begin(), files.end())));
  enquire.set_weighting_scheme(ranking_weight());
  auto boosted = enquire.get_mset(0, db.get_doccount());
  for (auto it = boosted.begin(); it != boosted.end(); ++it) weights[*it] = it.get_weight();
  return weights;
}

// The page in the order of its final scores: the first pass's weights plus the exact-form
// boost's, equal scores in file order as Xapian sorts them. A passage the boost would lift by
// more than a window's spread of first-pass weights stays in its window: the price of reading the
// exact forms' posting lists for a page, not for every candidate.
std::vector<Scored> scored_page(const Xapian::MSet& mset, const BuiltQuery& built, const Xapian::Database& db) {
  std::vector<Scored> page;
  for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back({it, it.get_document(), it.get_weight(), {}});
  if (built.exact_boost.empty()) return page;
  auto boosts = exact_boosts(db, built.exact_boost, page);
  for (auto& p : page)
    if (auto b = boosts.find(*p.it); b != boosts.end()) p.score += b->second;
  // Within each window of kRescoredDepth ranks of the first pass (the page starts at a multiple
  // of it), so that -n N lists the first N of what a larger -n lists.
  for (std::size_t start = 0; start < page.size(); start += kRescoredDepth) {
    auto end = page.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(start + kRescoredDepth, page.size()));
    std::stable_sort(page.begin() + static_cast<std::ptrdiff_t>(start), end, ranks_before);
  }
  return page;
}

}  // namespace

// Page by page of the MSet (the first page as many as folding needs, then twice as many each
// time) until max_hits are kept: a file over its cap lets the next file's best come up instead.
std::vector<Hit> search_passages(Xapian::Enquire& enquire, const SearchRequest& request, const BuiltQuery& built,
                                 const ShardSet& shards) {
  bool fold = !request.all_copies;
  KeptHits kept;
  std::map<std::string, unsigned> per_file;  // kSlotFile value -> hits kept
  Xapian::doccount page = fold ? request.max_hits * 2 + 10 : request.max_hits;
  // The exact-form boost reorders whole windows of the first pass: pages of whole windows.
  if (!built.exact_boost.empty()) page = (page + kRescoredDepth - 1) / kRescoredDepth * kRescoredDepth;
  for (Xapian::doccount first = 0;; first += page, page *= 2) {
    Xapian::MSet mset = enquire.get_mset(first, page);
    for (const auto& [it, doc, score, key] : scored_page(mset, built, shards.db())) {
      std::string signature = fold ? doc.get_value(schema::kSlotMinHash) : std::string();
      if (fold && fold_copy(it, signature, shards, kept)) continue;
      if (kept.hits.size() == request.max_hits) {
        if (!fold) break;
        continue;  // the remaining candidates only serve as copies of the hits kept
      }
      if (request.per_file > 0 && ++per_file[doc.get_value(schema::kSlotFile)] > request.per_file)
        continue;  // counted under the file's last hit (count_more_in_files)
      Hit hit = make_hit(it, shards);
      hit.score = score;
      hit.rank = static_cast<int>(kept.hits.size()) + 1;
      if (request.explain) hit.explain = explain_score(shards.db(), built, enquire, it);
      kept.hits.push_back(std::move(hit));
      kept.signatures.push_back(std::move(signature));
    }
    if (kept.hits.size() == request.max_hits || mset.size() < page) break;
  }
  return std::move(kept.hits);
}

void count_more_in_files(const Xapian::Database& db, const Xapian::Query& query, unsigned cap,
                         std::vector<Hit>& hits) {
  std::map<std::string, std::vector<std::size_t>> shown;  // path -> its hits' indexes
  for (std::size_t i = 0; i < hits.size(); ++i) shown[hits[i].path].push_back(i);
  for (const auto& entry : shown) {
    const std::string& path = entry.first;  // not a structured binding: clang 14 refuses one in a lambda
    const std::vector<std::size_t>& indexes = entry.second;
    if (indexes.size() < cap) continue;
    std::size_t listed = indexes.size();
    for (auto i : indexes)
      listed += static_cast<std::size_t>(std::count_if(hits[i].also.begin(), hits[i].also.end(),
                                                       [&](const HitRef& copy) { return copy.path == path; }));
    auto matches = matches_in_file(db, query, path);
    if (matches > listed) hits[indexes.back()].more_in_file = static_cast<int>(matches - listed);
  }
}

}  // namespace psearch
