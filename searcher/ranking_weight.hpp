// The weighting scheme of every ranked search, and of --explain's parts of it.
#pragma once
#include <xapian.h>

namespace psearch {

/// BM25 chosen with scripts/eval on the public collections and tests/relevance together
/// (Xapian's default is k1=1, b=0.5, min_normlen=0.5): more weight for repeated words; a short
/// passage (a title line) may be favoured for its shortness down to half the average length.
inline Xapian::BM25Weight ranking_weight() { return Xapian::BM25Weight(1.5, 0, 1, 0.6, 0.5); }

}  // namespace psearch
