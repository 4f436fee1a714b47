// MinHash: pindex's signatures, compared as psearch compares them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "format/schema.hpp"
#include "indexer/minhash.hpp"

using psearch::minhash_signature;
using psearch::schema::kMinHashes;
using psearch::schema::minhash_similarity;

TEST_CASE("MinHash signatures estimate how much two term sets share", "[minhash]") {
  std::vector<std::string> a, b, c;
  for (int i = 0; i < 40; ++i) a.push_back("Zword" + std::to_string(i));
  b = a;
  b[0] = "Zother";  // 39 of 41 distinct terms shared
  for (int i = 100; i < 140; ++i) c.push_back("Zword" + std::to_string(i));
  auto sa = minhash_signature(a), sb = minhash_signature(b), sc = minhash_signature(c);
  CHECK(sa.size() == 2 * kMinHashes);
  CHECK(minhash_similarity(sa, sa) == 1.0);
  CHECK(minhash_similarity(sa, sb) >= 0.75);
  CHECK(minhash_similarity(sa, sc) <= 0.2);
  CHECK(minhash_signature({"Za", "Zb"}).empty());
  CHECK(minhash_similarity("", sa) == 0.0);
}
