// Files ranked as documents (-l): each candidate file's score weighs the evidence of all its
// passages, not only its best one.
#pragma once
#include <string>
#include <vector>

#include <xapian.h>

namespace psearch {

struct FileCandidate {
  std::string file_term;        // schema::file_term() of the file: its passages
  double best_passage = 0;      // the weight of its best passage for the query
};

// BM25 over a file's words as a whole; the standard parameters, which hold across collections.
inline constexpr double kFileK1 = 1.2;
inline constexpr double kFileB = 0.75;
// How much of the best passage's weight the file's score keeps beside the file's own BM25.
inline constexpr double kBestPassageShare = 1.5;

/// The BM25 weight of each candidate file, taken as one document, for the query's stems ("Z"
/// terms): its term frequencies and length are the sums over its passages, the idf is the
/// passages', and the average length is the index's words per file. Same order as candidates.
std::vector<double> file_bm25(const Xapian::Database& db, const std::vector<std::string>& stems,
                              const std::vector<FileCandidate>& candidates);

/// The candidates' scores for -l: file_bm25 plus kBestPassageShare times the best passage
/// (Callan's combination of document and passage evidence).
std::vector<double> file_scores(const Xapian::Database& db, const std::vector<std::string>& stems,
                                const std::vector<FileCandidate>& candidates);

}  // namespace psearch
