// pindex --status: what an index holds, read from its metadata without touching the files.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace psearch {

struct RootStatus {
  std::string root;  // absolute
  int files = 0;     // indexed files (binary and other skipped files not counted)
  unsigned passages = 0;
};

struct IndexStatus {
  std::string db_path;
  int schema = 0;
  std::int64_t updated = 0;        // Unix time of the last commit; 0 when an older pindex wrote it
  std::uint64_t bytes_on_disk = 0;  // the live generation and the stub
  std::vector<RootStatus> roots;   // in recorded order; a file counts under the deepest root holding it
};

/// Reads the status of the index at db_path. Throws psearch::Error when there is none or it
/// cannot be read.
IndexStatus read_index_status(const std::string& db_path);

/// The status as pindex --status prints it, one "name: value" line each, then one per root;
/// since is the line of what changed since the last update (as --dry-run counts it).
std::string format_status(const IndexStatus& status, const std::string& since);

/// "12.3 MB": a size for people, in units of 1024.
std::string human_size(std::uint64_t bytes);

}  // namespace psearch
