// Opens the index and runs a query: Enquire, MSet -> hits, with reopen-and-retry when pindex
// commits underneath.
#pragma once
#include <string>
#include <vector>

#include <xapian.h>

#include "searcher/hit.hpp"
#include "searcher/query_builder.hpp"

namespace psearch {

/// The index to search: option, else $PSEARCH_DB, else .psearch here or in the nearest parent.
/// Throws psearch::Error naming the path when there is none.
std::string find_index(const std::string& option);

struct SearchRequest {
  std::string text;
  unsigned max_hits = 10;
  bool one_per_file = false;   // --files: the best passage of each file
  bool all_copies = false;     // --all: near-duplicate passages are not folded into "also"
  bool exact = false;          // --exact: no spelling correction
  bool explain = false;        // fill Hit::explain
};

class IndexReader {
public:
  /// Opens the index at db_path. Throws psearch::Error (missing, corrupt, other schema).
  explicit IndexReader(const std::string& db_path);

  /// Builds the query and returns the best hits, ranked, near-duplicates folded into the "also"
  /// of the best copy unless all_copies; fills built.
  std::vector<Hit> search(const SearchRequest& request, BuiltQuery& built);

private:
  std::vector<ScorePart> explain(const BuiltQuery& built, const Xapian::Enquire& enquire,
                                 const Xapian::MSetIterator& hit);
  double weight_in(const Xapian::Query& query, Xapian::docid did);
  std::vector<Hit> search_once(const SearchRequest& request, BuiltQuery& built);

  std::string db_path_;
  Xapian::Database db_;
};

}  // namespace psearch
