// What one search asks of the index: the query text and the options that shape its hits.
#pragma once
#include <string>

namespace psearch {

struct SearchRequest {
  std::string text;
  unsigned max_hits = 10;
  bool one_per_file = false;  // --files: files ranked as documents, each with its best passage
  bool all_copies = false;    // --all: near-duplicate passages are not folded into "also"
  unsigned per_file = 3;      // --per-file: at most this many hits of one file (0: no cap)
  bool exact = false;         // --exact: no spelling correction (nor suggestion)
  bool explain = false;       // fill Hit::explain
};

}  // namespace psearch
