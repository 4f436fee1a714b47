// pindex --watch: index, then re-index whenever files under the roots change (inotify, debounced).
#pragma once
#include <functional>

#include "indexer/indexer.hpp"

namespace psearch {

using SummarySink = std::function<void(const IndexSummary&)>;

/// Runs run_index() once, then again after each burst of changes under the roots, calling
/// summary after each run, until SIGINT or SIGTERM (between runs, so every run commits).
/// Throws psearch::Error when inotify is unavailable.
void watch_and_index(IndexOptions options, const WarningSink& warn, const SummarySink& summary);

}  // namespace psearch
