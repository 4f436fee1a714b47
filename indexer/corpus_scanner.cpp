// Corpus walking with opendir/readdir and one lstat per entry: the cheapest way to learn what
// changed, since unchanged files are never opened.
#include "indexer/corpus_scanner.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "format/error.hpp"
#include "indexer/ignore_rules.hpp"

namespace psearch {
namespace {

std::int64_t mtime_ns(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// Entries are stat'ed relative to the open directory, which spares the kernel a path walk each.
struct FileIdentity {
  dev_t dev = 0;
  ino_t ino = 0;
  bool matches(const struct stat& st) const { return ino != 0 && st.st_dev == dev && st.st_ino == ino; }
};

struct Walk {
  FileIdentity db;
  bool follow = false;                              // follow symbolic links
  std::set<std::pair<dev_t, ino_t>> visited;        // directories entered, against link loops
  std::vector<ScannedFile>* out;
  const WarningSink* warn;
  std::vector<std::string>* unreadable = nullptr;
  IgnoreStack* ignore = nullptr;                    // null: index what ignore files exclude too
  std::size_t ignored = 0;                          // entries ignore files excluded
};

void walk(const std::string& dir, Walk& w) {
  DIR* d = opendir(dir.c_str());
  if (!d) {
    (*w.warn)(fmt::format("cannot read directory '{}': {}", dir, std::strerror(errno)));
    if (w.unreadable) w.unreadable->push_back(dir);
    return;
  }
  int dfd = dirfd(d);
  std::vector<std::string> subdirs;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;  // ".", "..", dot-files and dot-directories
    bool link = e->d_type == DT_LNK;
    if (link && !w.follow) continue;
    if (e->d_type != DT_UNKNOWN && e->d_type != DT_DIR && e->d_type != DT_REG && !link) continue;  // devices
    struct stat st;
    if (fstatat(dfd, e->d_name, &st, w.follow ? 0 : AT_SYMLINK_NOFOLLOW) != 0) continue;  // vanished, dangling
    std::string path = dir;
    if (path != "/") path += '/';
    path += e->d_name;
    bool is_dir = S_ISDIR(st.st_mode);
    if (w.ignore && w.ignore->ignored(path, is_dir)) {
      ++w.ignored;
      continue;
    }
    if (is_dir) {
      if (!w.db.matches(st)) subdirs.push_back(std::move(path));
    } else if (S_ISREG(st.st_mode)) {
      w.out->push_back({std::move(path), mtime_ns(st), static_cast<std::int64_t>(st.st_size)});
    }
  }
  closedir(d);
  for (const auto& sub : subdirs) {
    struct stat st;
    if (stat(sub.c_str(), &st) != 0) {
      if (errno != ENOENT) (*w.warn)(fmt::format("cannot read directory '{}': {}", sub, std::strerror(errno)));
      if (errno != ENOENT && w.unreadable) w.unreadable->push_back(sub);
      continue;
    }
    if (!w.visited.insert({st.st_dev, st.st_ino}).second) {
      (*w.warn)(fmt::format("not entering '{}' again: a symbolic link loop", sub));
      continue;
    }
    if (w.ignore) w.ignore->enter(sub);
    walk(sub, w);
    if (w.ignore) w.ignore->leave();
  }
}

// A root is never ignored itself, whatever an ignore file above it says: naming it asks for it.
void walk_root(const std::string& root, Walk& w, bool honour_ignore_files) {
  std::optional<IgnoreStack> ignore;
  if (honour_ignore_files) {
    ignore.emplace(root);
    ignore->enter(root);
  }
  w.ignore = ignore ? &*ignore : nullptr;
  const std::size_t files_before = w.out->size();
  w.ignored = 0;
  walk(root, w);
  w.ignore = nullptr;
  // Not silently empty: an enclosing work tree's rules may be what excludes it all.
  if (w.out->size() == files_before && w.ignored > 0)
    (*w.warn)(fmt::format("'{}': ignore files (.gitignore, .ignore, .psearchignore) exclude everything in it; "
                          "--no-ignore indexes it all", root));
}

}  // namespace

std::string absolute_path(const std::string& path) {
  std::string p = std::filesystem::absolute(path).lexically_normal().string();
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

bool path_under(const std::string& path, const std::string& root) {
  if (!path.starts_with(root)) return false;
  return path.size() == root.size() || root == "/" || path[root.size()] == '/';
}

std::string path_in_root(const std::string& path, const std::vector<std::string>& roots) {
  const std::string* best = nullptr;
  for (const auto& r : roots)
    if (path_under(path, r) && (!best || r.size() > best->size())) best = &r;
  if (!best || *best == path) return std::filesystem::path(path).filename().string();
  return path.substr(*best == "/" ? 1 : best->size() + 1);
}

std::vector<ScannedFile> scan_corpus(const std::vector<std::string>& roots, const std::string& db_path,
                                     const WarningSink& warn, bool follow_links,
                                     std::vector<std::string>* unreadable, bool honour_ignore_files) {
  std::vector<ScannedFile> files;
  Walk w;
  w.unreadable = unreadable;
  w.follow = follow_links;
  w.out = &files;
  w.warn = &warn;
  FileIdentity& db = w.db;  // the index is skipped however a root reaches it (a symlink, "..")
  if (struct stat st; stat(db_path.c_str(), &st) == 0) db = {st.st_dev, st.st_ino};
  for (const auto& root : roots) {
    struct stat st;
    if (stat(root.c_str(), &st) != 0)
      throw Error(fmt::format("cannot index '{}': {}", root, std::strerror(errno)));
    if (db.matches(st)) continue;
    if (S_ISDIR(st.st_mode)) {
      w.visited.insert({st.st_dev, st.st_ino});
      walk_root(root, w, honour_ignore_files);
    }
    else if (S_ISREG(st.st_mode)) files.push_back({root, mtime_ns(st), static_cast<std::int64_t>(st.st_size)});
    else throw Error(fmt::format("cannot index '{}': not a regular file or directory", root));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  files.erase(std::unique(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path == b.path; }),
              files.end());
  return files;
}

}  // namespace psearch
