// The open shards searched as one Xapian::Database, and which shard holds each of its passages.
#pragma once
#include <cstddef>
#include <vector>

#include <xapian.h>

#include "searcher/shard_list.hpp"

namespace psearch {

struct OpenShard {
  ShardSpec spec;
  Xapian::Database db;
};

class ShardSet {
public:
  /// Combines the shards, in the order given, into one database (add_database), so that the
  /// ranking uses the statistics of all of them, as one index of the whole corpus would.
  explicit ShardSet(std::vector<OpenShard> shards = {});

  const Xapian::Database& db() const { return db_; }
  const std::vector<OpenShard>& shards() const { return shards_; }
  bool empty() const { return shards_.empty(); }

  /// The shard that holds the combined database's document did.
  const OpenShard& shard_of(Xapian::docid did) const;

private:
  std::vector<OpenShard> shards_;
  std::vector<std::size_t> first_sub_;  // shards_[i]'s first sub-database in db_
  Xapian::Database db_;
};

}  // namespace psearch
