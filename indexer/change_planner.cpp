// The change planner: one walk of two sorted lists, the scan and the records.
#include "indexer/change_planner.hpp"

#include <algorithm>

namespace psearch {
namespace {

bool under_any(const std::string& path, const std::vector<std::string>& dirs) {
  return std::any_of(dirs.begin(), dirs.end(), [&](const auto& dir) { return path_under(path, dir); });
}

bool unchanged_by_stat(const ScannedFile& file, const schema::FileRecord* old, bool reindex_all) {
  return old && old->mtime_ns == file.mtime_ns && old->size == file.size && !reindex_all;
}

}  // namespace

ChangePlan plan_changes(const std::vector<ScannedFile>& files, const std::map<std::string, schema::FileRecord>& records,
                        const std::vector<std::string>& roots, const std::vector<std::string>& unreadable_dirs,
                        bool reindex_all) {
  ChangePlan plan;
  auto note_if_vanished = [&](const schema::FileRecord& record) {
    if (!under_any(record.path, roots) || under_any(record.path, unreadable_dirs)) return;
    if (record.passages == schema::kBinaryFile) plan.vanished_binaries.push_back(record.path);
    else plan.vanished.emplace(record.content_hash, &record);
  };
  auto rec = records.begin();
  for (const auto& file : files) {
    for (; rec != records.end() && rec->first < file.path; ++rec) note_if_vanished(rec->second);
    const bool known = rec != records.end() && rec->first == file.path;
    const schema::FileRecord* old = known ? &rec->second : nullptr;
    if (known) ++rec;
    if (unchanged_by_stat(file, old, reindex_all)) ++plan.unchanged;
    else plan.to_read.push_back({&file, old});
  }
  for (; rec != records.end(); ++rec) note_if_vanished(rec->second);
  return plan;
}

ContentChange classify_content(const schema::FileRecord& current, const schema::FileRecord* old,
                               bool reindex_all, const std::multimap<std::uint64_t, const schema::FileRecord*>* vanished,
                               const schema::FileRecord** renamed_from) {
  if (old) return old->content_hash == current.content_hash && !reindex_all ? ContentChange::Touched : ContentChange::Changed;
  if (vanished)
    if (auto twin = vanished->find(current.content_hash); twin != vanished->end()) {
      *renamed_from = twin->second;
      return ContentChange::Renamed;
    }
  return ContentChange::New;
}

}  // namespace psearch
