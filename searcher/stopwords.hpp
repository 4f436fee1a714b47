// The English function words a ranked query leaves out: a question ranks by its content words.
#pragma once
#include <xapian.h>

namespace psearch {

/// The stopper both query parsers use. Words inside quoted phrases are kept by the parser, and the
/// index keeps every word, so "side effects of magnesium" still matches as a phrase.
const Xapian::SimpleStopper& english_stopper();

}  // namespace psearch
