// Opens the index (one or several shards searched as one) and runs a query: Enquire, MSet ->
// hits, with reopen-and-retry when pindex commits underneath, and shards that are down left out.
#pragma once
#include <string>
#include <vector>

#include <xapian.h>

#include "searcher/hit.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/search_request.hpp"
#include "searcher/shard_list.hpp"
#include "searcher/shard_set.hpp"

namespace psearch {

/// A shard that could not be searched, and why.
struct ShardFailure {
  std::string shard;
  std::string reason;
};

class IndexReader {
public:
  /// Opens the shards (remote ones with timeout_seconds for connecting and for each reply).
  /// With one shard, throws psearch::Error when it cannot be opened (missing, corrupt, other
  /// schema); with several, those that cannot be opened are listed in down().
  IndexReader(const std::vector<ShardSpec>& shards, double timeout_seconds);

  /// Builds the query and returns the best hits of all open shards ranked together (Xapian
  /// merges their statistics), near-duplicates folded into the "also" of the best copy unless
  /// all_copies; fills built (built.corrected when a spelling correction was searched instead,
  /// built.suggested when one was only suggested). A shard that fails meanwhile is added to
  /// down() and the search runs again without it. Throws psearch::Error when no shard is left.
  std::vector<Hit> search(const SearchRequest& request, BuiltQuery& built);

  const std::vector<ShardFailure>& down() const { return down_; }
  std::size_t shard_count() const { return specs_.size(); }

private:
  void open_all();
  void reopen();
  bool drop_failing_shards(const SearchRequest& request);
  std::vector<Hit> search_once(const SearchRequest& request, BuiltQuery& built);

  std::vector<ShardSpec> specs_;
  double timeout_seconds_;
  ShardSet open_;  // the shards that could be opened, in the order given
  std::vector<ShardFailure> down_;
};

}  // namespace psearch
