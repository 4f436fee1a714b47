// Opening one shard: a local index (retried while pindex swaps generations) or a remote one
// (within --timeout), checked to be a psearch index of this schema version.
#pragma once
#include <xapian.h>

#include "searcher/shard_list.hpp"

namespace psearch {

/// Opens the shard (a remote one with timeout_seconds for connecting and for each reply).
/// Throws psearch::Error naming it when it is missing, damaged, of another schema or unreachable.
Xapian::Database open_shard(const ShardSpec& spec, double timeout_seconds);

}  // namespace psearch
