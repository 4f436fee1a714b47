// The MinHash signature pindex stores with each passage (kSlotMinHash), which psearch compares
// with schema::minhash_similarity() to fold near-duplicate passages.
#pragma once
#include <string>
#include <vector>

namespace psearch {

/// kMinHashes 16-bit MinHash values (little-endian) of a set of terms: the share of equal values
/// estimates the sets' Jaccard similarity. Empty for fewer than 5 terms (too short to compare).
std::string minhash_signature(const std::vector<std::string>& terms);

}  // namespace psearch
