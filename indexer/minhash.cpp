// MinHash signatures: kMinHashes seeded mixes of each term's FNV-1a hash, the minimum of each kept.
#include "indexer/minhash.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "format/schema.hpp"

namespace psearch {
namespace {

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string minhash_signature(const std::vector<std::string>& terms) {
  if (terms.size() < 5) return {};
  // 16 bits a hash: two unrelated passages agree on one by chance 1 time in 65,536, which
  // leaves the estimate as good as 32 bits would, in half the space (schema.hpp).
  std::uint16_t mins[schema::kMinHashes];
  std::fill(std::begin(mins), std::end(mins), 0xffff);
  for (const auto& t : terms) {
    std::uint64_t h = schema::fnv1a(t);
    for (int i = 0; i < schema::kMinHashes; ++i)
      mins[i] = std::min(mins[i], static_cast<std::uint16_t>(mix(h + 0x9e3779b97f4a7c15ULL * (i + 1)) >> 48));
  }
  std::string out;
  for (auto m : mins)
    for (int b = 0; b < 2; ++b) out.push_back(static_cast<char>((m >> (8 * b)) & 0xff));
  return out;
}

}  // namespace psearch
