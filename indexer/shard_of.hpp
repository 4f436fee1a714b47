// Sharding a corpus over machines (pindex --shard K/N): which files an index holds, by the hash
// of their path in their root; recorded in the index as schema::kMetaShard, "K/N".
#pragma once
#include <string>
#include <string_view>

namespace psearch {

/// Which files an index holds: shard k (1-based) of n. {1, 1} is every file.
struct ShardOf {
  int k = 1;
  int n = 1;
  bool operator==(const ShardOf&) const = default;
  bool whole() const { return n == 1; }
  /// Whether the file at relative_path (to the root it was found under) belongs to this shard.
  bool holds(std::string_view relative_path) const;
  std::string text() const;  // "K/N"
};
/// Parses "K/N" (1 <= K <= N <= 100000); "" is {1, 1}. Throws psearch::Error.
ShardOf parse_shard(std::string_view text);

}  // namespace psearch
