// --explain: what each matching term, wildcard, field and proximity part added to a hit's score.
#pragma once
#include <vector>

#include <xapian.h>

#include "searcher/hit.hpp"
#include "searcher/query_builder.hpp"

namespace psearch {

/// The parts of the score of the MSet entry hit of enquire (run on db with built.query), each
/// weighed alone with the same statistics.
std::vector<ScorePart> explain_score(const Xapian::Database& db, const BuiltQuery& built,
                                     const Xapian::Enquire& enquire, const Xapian::MSetIterator& hit);

}  // namespace psearch
