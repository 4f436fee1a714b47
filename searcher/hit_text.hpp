// A hit's text as its file holds it now: psearch never prints text that is not in the file.
#pragma once
#include "searcher/hit.hpp"

namespace psearch {

/// Fills hit.text from its file (unless the index stored it) when the file still holds the
/// passage indexed; marks hit.stale when the file changed or vanished, and then keeps the text
/// only if the passage's lines still hold it (else empties it).
void load_text(Hit& hit);

}  // namespace psearch
