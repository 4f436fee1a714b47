// pindex --merge: shards built apart (pindex --shard K/N) compacted into one index.
#pragma once
#include <string>
#include <vector>

#include "indexer/corpus_scanner.hpp"

namespace psearch {

struct MergeSummary {
  std::size_t shards = 0, files = 0;
  unsigned passages = 0;
  double seconds = 0;
};

/// Writes the passages and file records of the psearch indexes shards into out (a new index, or
/// a new generation of an existing one, swapped in atomically) with Xapian's compactor; out's
/// roots are theirs together and it holds every file (no shard). Throws psearch::Error (a shard
/// missing, of another schema version, or sharing a file with another; out locked and !wait).
MergeSummary merge_indexes(const std::string& out, const std::vector<std::string>& shards, bool wait,
                           const WarningSink& warn);

}  // namespace psearch
