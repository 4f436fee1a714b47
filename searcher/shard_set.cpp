// Several shards as one Xapian::Database; a stub file's shard may itself be several databases.
#include "searcher/shard_set.hpp"

#include <algorithm>

namespace psearch {

ShardSet::ShardSet(std::vector<OpenShard> shards) : shards_(std::move(shards)) {
  for (const auto& shard : shards_) {
    first_sub_.push_back(db_.size());
    db_.add_database(shard.db);
  }
}

// Docids of a database of n sub-databases interleave: sub-database (did - 1) % n holds it.
const OpenShard& ShardSet::shard_of(Xapian::docid did) const {
  std::size_t sub = (did - 1) % db_.size();
  auto next = std::upper_bound(first_sub_.begin(), first_sub_.end(), sub);
  return shards_[static_cast<std::size_t>(next - first_sub_.begin()) - 1];
}

}  // namespace psearch
