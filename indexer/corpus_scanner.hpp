// Walks the corpus roots and lists the candidate files with their stat data; reads no content.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace psearch {

struct ScannedFile {
  std::string path;  // absolute, lexically normal
  std::int64_t mtime_ns = 0;
  std::int64_t size = 0;
};

using WarningSink = std::function<void(const std::string&)>;

/// Absolute, lexically normal form of a path (no symlink resolution), without a trailing '/'.
std::string absolute_path(const std::string& path);

/// Takes absolute roots (directories or files) and the index path to leave out; returns the
/// regular files below them sorted by path, one lstat each. Skips dot-files, dot-directories and
/// symbolic links (with follow_links: follows them, entering each directory once, so loops end);
/// unreadable directories become warnings and are listed in unreadable (their indexed files must
/// be kept, not removed). With honour_ignore_files, leaves out what the .gitignore (in a git work
/// tree), .ignore and .psearchignore files in force exclude (indexer/ignore_rules.hpp); a root
/// itself is never left out. Throws psearch::Error for a missing root.
std::vector<ScannedFile> scan_corpus(const std::vector<std::string>& roots, const std::string& db_path,
                                     const WarningSink& warn, bool follow_links = false,
                                     std::vector<std::string>* unreadable = nullptr,
                                     bool honour_ignore_files = true);

/// Whether path is root itself or lies below it.
bool path_under(const std::string& path, const std::string& root);
/// A file's path relative to the deepest root it lies under (its name, for a root that is the
/// file, or under none): the same on every machine, wherever the corpus is mounted.
std::string path_in_root(const std::string& path, const std::vector<std::string>& roots);

}  // namespace psearch
