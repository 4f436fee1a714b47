// Which roots one index covers: a path already inside a root updates the index instead of
// adding a root, --status shows the roots, --forget drops one.
#pragma once
#include <functional>
#include <string>

#include "indexer/indexer.hpp"

namespace psearch {

/// Takes out of options.paths (not for --rebuild) each path already under a recorded root of the
/// index, telling notice "'PATH' is already covered by root 'ROOT' of index 'DB'"; when none is
/// left, the run updates every recorded root.
void drop_covered_paths(IndexOptions& options, const std::function<void(const std::string&)>& notice);

/// pindex --status: format_status() of the index, with what a dry run would change. Writes
/// nothing. Throws psearch::Error (no index, unreadable).
std::string index_status_text(const IndexOptions& options, const WarningSink& warn);

/// pindex --forget: removes root (as typed) from the recorded roots and the passages of every
/// file under it not under another root, counted as removed. Throws psearch::Error when root is
/// not a recorded root.
IndexSummary forget_root(const IndexOptions& options, const std::string& root, const WarningSink& warn);

}  // namespace psearch
