// The candidates are the files of the best passages: a file none of whose passages ranks near
// the top is not worth ranking as a document.
#include "searcher/file_search.hpp"

#include <algorithm>
#include <numeric>

#include "format/schema.hpp"
#include "searcher/file_ranking.hpp"
#include "searcher/hit_record.hpp"
#include "searcher/score_explanation.hpp"

namespace psearch {
namespace {

// This many files per hit asked for (at least kMinFileCandidates) are ranked again.
constexpr Xapian::doccount kFileCandidatesPerHit = 3;
constexpr Xapian::doccount kMinFileCandidates = 30;

// The MSet entries of the files with the best scores, best first (stable: ties keep the MSet's order).
std::vector<Xapian::doccount> best_files(const std::vector<double>& scores, std::size_t max_hits) {
  std::vector<Xapian::doccount> order(scores.size());
  std::iota(order.begin(), order.end(), Xapian::doccount(0));
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return scores[a] > scores[b]; });
  order.resize(std::min(order.size(), max_hits));
  return order;
}

}  // namespace

std::vector<Hit> search_files(Xapian::Enquire& enquire, const SearchRequest& request, const BuiltQuery& built,
                              const ShardSet& shards) {
  enquire.set_collapse_key(schema::kSlotFile);
  Xapian::MSet mset = enquire.get_mset(0, std::max<Xapian::doccount>(request.max_hits * kFileCandidatesPerHit,
                                                                     kMinFileCandidates));
  std::vector<FileCandidate> candidates;
  for (auto it = mset.begin(); it != mset.end(); ++it)
    candidates.push_back({schema::file_term(schema::file_id_of_value(it.get_document().get_value(schema::kSlotFile))),
                          it.get_weight()});
  auto scores = file_scores(shards.db(), built.stems, candidates);
  std::vector<Hit> hits;
  for (auto i : best_files(scores, request.max_hits)) {
    Hit hit = make_hit(mset[i], shards);
    hit.rank = static_cast<int>(hits.size()) + 1;
    hit.score = scores[i];
    if (request.explain) hit.explain = explain_score(shards.db(), built, enquire, mset[i]);
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace psearch
