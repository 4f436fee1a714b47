// A file's statistics are read from the passage index itself (its "F" term lists its passages),
// so -l needs nothing stored beyond what passages need, and works on shards as on one index.
#include "searcher/file_ranking.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "format/schema.hpp"

namespace psearch {
namespace {

// Every candidate's passages, in docid order (the order a posting list can be walked in), each
// with its candidate's index; lengths[i] becomes candidate i's length.
std::vector<std::pair<Xapian::docid, std::size_t>> candidate_passages(const Xapian::Database& db,
                                                                     const std::vector<FileCandidate>& candidates,
                                                                     std::vector<double>& lengths) {
  std::vector<std::pair<Xapian::docid, std::size_t>> passages;
  lengths.assign(candidates.size(), 0);
  for (std::size_t i = 0; i < candidates.size(); ++i)
    for (auto p = db.postlist_begin(candidates[i].file_term); p != db.postlist_end(candidates[i].file_term); ++p) {
      passages.emplace_back(*p, i);
      lengths[i] += p.get_doclength();
    }
  std::sort(passages.begin(), passages.end());
  return passages;
}

// The stem's frequency in each candidate: its wdf summed over the candidate's passages.
std::vector<double> file_frequencies(const Xapian::Database& db, const std::string& stem,
                                     const std::vector<std::pair<Xapian::docid, std::size_t>>& passages,
                                     std::size_t files) {
  std::vector<double> tf(files, 0);
  auto p = db.postlist_begin(stem);
  for (const auto& [did, file] : passages) {
    p.skip_to(did);
    if (p == db.postlist_end(stem)) break;
    if (*p == did) tf[file] += p.get_wdf();
  }
  return tf;
}

// The number of files the index holds: one "F" term each.
double file_count(const Xapian::Database& db) {
  double n = 0;
  for (auto t = db.allterms_begin(schema::kPrefixFile); t != db.allterms_end(schema::kPrefixFile); ++t) ++n;
  return std::max(n, 1.0);
}

}  // namespace

std::vector<double> file_bm25(const Xapian::Database& db, const std::vector<std::string>& stems,
                              const std::vector<FileCandidate>& candidates) {
  std::vector<double> lengths;
  auto passages = candidate_passages(db, candidates, lengths);
  double average = std::max(db.get_avlength() * db.get_doccount() / file_count(db), 1.0);
  double passages_in_index = db.get_doccount();
  std::vector<double> scores(candidates.size(), 0);
  for (const auto& stem : stems) {
    double df = db.get_termfreq(stem);
    if (df == 0) continue;
    double idf = std::log(1 + (passages_in_index - df + 0.5) / (df + 0.5));
    auto tf = file_frequencies(db, stem, passages, candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      double norm = kFileK1 * (1 - kFileB + kFileB * lengths[i] / average);
      scores[i] += idf * tf[i] * (kFileK1 + 1) / (tf[i] + norm);
    }
  }
  return scores;
}

std::vector<double> file_scores(const Xapian::Database& db, const std::vector<std::string>& stems,
                                const std::vector<FileCandidate>& candidates) {
  auto scores = file_bm25(db, stems, candidates);
  for (std::size_t i = 0; i < candidates.size(); ++i) scores[i] += kBestPassageShare * candidates[i].best_passage;
  return scores;
}

}  // namespace psearch
