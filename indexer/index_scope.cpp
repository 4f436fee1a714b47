#include "indexer/index_scope.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "format/error.hpp"
#include "format/text_lines.hpp"
#include "indexer/index_dir.hpp"
#include "indexer/index_status.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/writer_lock.hpp"
#include "indexer/xapian_errors.hpp"

namespace psearch {
namespace {

const std::string* covering_root(const std::string& path, const std::vector<std::string>& roots) {
  for (const auto& root : roots)
    if (path_under(path, root)) return &root;
  return nullptr;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// The files under root and no other root: what forgetting root takes out of the index.
int remove_files_of(IndexWriter& writer, const std::string& root, const std::vector<std::string>& remaining) {
  int removed = 0;
  for (const auto& [path, record] : writer.file_records()) {
    if (!path_under(path, root) || covering_root(path, remaining)) continue;
    writer.remove_file(path);
    if (record.passages >= 0) ++removed;  // a skipped file had nothing indexed
  }
  return removed;
}

}  // namespace

void drop_covered_paths(IndexOptions& options, const std::function<void(const std::string&)>& notice) {
  if (options.paths.empty() || options.rebuild || !std::filesystem::exists(options.db_path)) return;
  const auto roots = recorded_roots(options.db_path);
  std::erase_if(options.paths, [&](const std::string& path) {
    const std::string* root = covering_root(absolute_path(path), roots);
    if (root)
      notice(fmt::format("'{}' is already covered by root '{}' of index '{}'", escape_controls(path),
                         escape_controls(*root), escape_controls(options.db_path)));
    return root != nullptr;
  });
}

std::string index_status_text(const IndexOptions& options, const WarningSink& warn) {
  const IndexStatus status = read_index_status(options.db_path);
  IndexOptions dry = options;
  dry.dry_run = true;
  dry.paths.clear();
  auto s = run_index(dry, warn);
  return format_status(status, fmt::format("{} added, {} changed, {} removed, {} unchanged", s.added, s.changed,
                                           s.removed, s.unchanged));
}

IndexSummary forget_root(const IndexOptions& options, const std::string& root, const WarningSink& warn) {
  auto start = std::chrono::steady_clock::now();
  if (!std::filesystem::exists(options.db_path))
    throw Error(fmt::format("no index at '{}' (run pindex first)", options.db_path));
  check_index_dir(options.db_path);
  WriterLock lock(options.db_path, options.wait, warn);
  return with_xapian_errors(options.db_path, [&] {
    IndexWriter writer(options.db_path, WriteMode::Update);
    std::vector<std::string> remaining = writer.roots();
    const std::string absolute = absolute_path(root);
    if (std::erase(remaining, absolute) == 0)
      throw Error(fmt::format("'{}' is not a root of index '{}' (roots: {})", root, options.db_path,
                              joined(writer.roots())));
    IndexSummary summary;
    writer.set_roots(remaining);
    summary.removed = remove_files_of(writer, absolute, remaining);
    writer.finish();
    summary.passages = writer.passage_count();
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
  });
}

}  // namespace psearch
