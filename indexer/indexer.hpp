// run_index(): the pindex pipeline, from roots on disk to a committed index.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <optional>

#include "extract/extract.hpp"
#include "format/schema.hpp"
#include "indexer/corpus_scanner.hpp"
#include "indexer/shard_of.hpp"

namespace psearch {

struct IndexOptions {
  std::string db_path;             // resolved, absolute
  std::vector<std::string> paths;  // as given; empty: the recorded roots, else corpus/
  bool rebuild = false;
  bool wait = true;                // wait for another pindex instead of failing
  bool dry_run = false;            // report what would change, write nothing
  bool follow_links = false;       // follow symbolic links (never followed otherwise)
  int jobs = 1;                    // threads for a fresh build (an update uses one)
  std::optional<ShardOf> shard;  // --shard K/N; none: the shard the index recorded
  std::optional<bool> store_text;        // --store-text / --no-store-text; none: as recorded
  std::optional<bool> honour_ignore;     // --ignore / --no-ignore; none: as recorded (default: yes)
  // Hears each file passed over for having no text (pindex -v): its path and why ("PNG image").
  std::function<void(const std::string& path, const std::string& why)> on_skip;
};

/// Receives each change a run makes (or would make): kind is "added", "changed" or "removed".
using ChangeSink = std::function<void(const char* kind, const std::string& path)>;

/// How far a run is: the files it reads (not those a stat shows unchanged) and their bytes.
struct Progress {
  std::size_t files_done = 0, files_total = 0;
  std::uint64_t bytes_done = 0, bytes_total = 0;
  const char* phase = nullptr;  // set once the files are read: what the run is doing now
};
using ProgressSink = std::function<void(const Progress&)>;

struct IndexSummary {
  int added = 0, changed = 0, removed = 0, unchanged = 0, skipped = 0;
  extract::SkipCounts skips;  // the skipped files by reason (an unreadable one as Unreadable)
  unsigned passages = 0;  // in the index after the run
  double seconds = 0;
};

/// The run's summary line, without "pindex: ": "1 added, 0 changed, 0 removed, 4 unchanged, 3
/// skipped (2 images, 1 executable); 71 passages in DB; 0.03 s" (the skipped part only when some
/// were; "1 passage"); dry_run puts "dry run, would make: " before it.
std::string summary_line(const IndexSummary& s, const std::string& db_path, bool dry_run);

/// The index pindex uses: --db, else $PSEARCH_DB, else ./.psearch when it exists, else the
/// nearest .psearch in a parent directory, else ./.psearch (to be created).
std::string default_db_path(const std::string& option);

/// The roots recorded in the index at db_path (none when there is no index).
std::vector<std::string> recorded_roots(const std::string& db_path);

/// Brings the index at options.db_path up to date with the roots. Per-file trouble goes to
/// warn; throws psearch::Error when the run cannot complete (nothing is committed then).
/// progress hears of each file read, and of the final phase.
IndexSummary run_index(const IndexOptions& options, const WarningSink& warn, const ChangeSink& changed = {},
                       const ProgressSink& progress = {});

}  // namespace psearch
