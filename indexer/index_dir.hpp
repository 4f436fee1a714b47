// The index directory on disk: a Xapian stub file (XAPIANDB: "auto gen-N") naming the live
// glass database gen-N, the generations a fresh build writes beside it, and pindex's lock file.
#pragma once
#include <string>

namespace psearch {

/// Path of the stub file that makes db_path openable as a Xapian database.
std::string stub_path(const std::string& db_path);
/// Throws psearch::Error when db_path exists but is not a psearch index directory (so that a
/// mistyped --db never writes into a user's folder).
void check_index_dir(const std::string& db_path);
/// Path of the file pindex locks so that one writer at a time updates db_path.
std::string lock_path(const std::string& db_path);

/// The generation the stub points to ("auto gen-3" -> "gen-3"), or "" when there is no stub.
std::string live_generation(const std::string& db_path);
/// A generation name after live that no directory in db_path has yet.
std::string next_generation(const std::string& db_path, const std::string& live);
/// Points the stub at gen, atomically (rename): readers open the old or the new, never neither.
/// Throws psearch::Error.
void write_stub(const std::string& db_path, const std::string& gen);
/// Removes every generation but keep: leftovers of an interrupted build, or swapped out.
void remove_stale_generations(const std::string& db_path, const std::string& keep);

}  // namespace psearch
