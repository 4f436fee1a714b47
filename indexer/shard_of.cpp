// Shards: "K/N" parsed and printed, and the hash that puts each file in one.
#include "indexer/shard_of.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "format/error.hpp"
#include "format/schema.hpp"

namespace psearch {

bool ShardOf::holds(std::string_view relative_path) const {
  return n <= 1 || schema::fnv1a(relative_path) % static_cast<std::uint64_t>(n) == static_cast<std::uint64_t>(k - 1);
}

std::string ShardOf::text() const { return fmt::format("{}/{}", k, n); }

ShardOf parse_shard(std::string_view text) {
  if (text.empty()) return {};
  auto slash = text.find('/');
  auto number = [](std::string_view s, int& out) {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string_view::npos) return false;
    out = std::stoi(std::string(s));
    return true;
  };
  ShardOf shard;
  if (slash == std::string_view::npos || !number(text.substr(0, slash), shard.k) ||
      !number(text.substr(slash + 1), shard.n) || shard.k < 1 || shard.n > 100000 || shard.k > shard.n)
    throw Error(fmt::format("shard '{}' is not K/N with 1 <= K <= N (e.g. 2/4: the second of four)", text));
  return shard;
}

}  // namespace psearch
