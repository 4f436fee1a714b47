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

#include <fmt/format.h>

#include "indexer/error.hpp"

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

void walk(const std::string& dir, const FileIdentity& db, std::vector<ScannedFile>& out, const WarningSink& warn) {
  DIR* d = opendir(dir.c_str());
  if (!d) {
    warn(fmt::format("cannot read directory '{}': {}", dir, std::strerror(errno)));
    return;
  }
  int dfd = dirfd(d);
  std::vector<std::string> subdirs;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;  // ".", "..", dot-files and dot-directories
    if (e->d_type != DT_UNKNOWN && e->d_type != DT_DIR && e->d_type != DT_REG) continue;  // links, devices
    struct stat st;
    if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // vanished since readdir
    std::string path = dir;
    if (path != "/") path += '/';
    path += e->d_name;
    if (S_ISDIR(st.st_mode)) {
      if (!db.matches(st)) subdirs.push_back(std::move(path));
    } else if (S_ISREG(st.st_mode)) {
      out.push_back({std::move(path), mtime_ns(st), static_cast<std::int64_t>(st.st_size)});
    }
  }
  closedir(d);
  for (const auto& sub : subdirs) walk(sub, db, out, warn);
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

std::vector<ScannedFile> scan_corpus(const std::vector<std::string>& roots, const std::string& db_path,
                                     const WarningSink& warn) {
  std::vector<ScannedFile> files;
  FileIdentity db;  // the index is skipped however a root reaches it (a symlink, "..")
  if (struct stat st; stat(db_path.c_str(), &st) == 0) db = {st.st_dev, st.st_ino};
  for (const auto& root : roots) {
    struct stat st;
    if (stat(root.c_str(), &st) != 0)
      throw Error(fmt::format("cannot index '{}': {}", root, std::strerror(errno)));
    if (db.matches(st)) continue;
    if (S_ISDIR(st.st_mode)) walk(root, db, files, warn);
    else if (S_ISREG(st.st_mode)) files.push_back({root, mtime_ns(st), static_cast<std::int64_t>(st.st_size)});
    else throw Error(fmt::format("cannot index '{}': not a regular file or directory", root));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  files.erase(std::unique(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path == b.path; }),
              files.end());
  return files;
}

}  // namespace psearch
