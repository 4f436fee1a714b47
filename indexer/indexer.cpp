// The pindex pipeline, top-down: lock, open, roots, scan, update changed files, remove vanished
// ones, commit.
#include "indexer/indexer.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include <xapian.h>

#include "format/error.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/synonyms.hpp"
#include "indexer/writer_lock.hpp"

namespace psearch {
namespace {

constexpr std::size_t kMinFilesForJobs = 32;  // fewer: threads and the merge cost more than they save
// A file this big takes about 4 times its size while it is split and indexed (its bytes, its
// passages, their lines): one such file at a time, so that N threads do not multiply the peak.
constexpr std::int64_t kBigFileBytes = 4'000'000;

// A file a fresh build meets: read it, split it and index its passages into the writer's part.
// Returns whether it was indexed (false: unreadable or binary, with a warning).
bool add_new_file(IndexWriter& writer, int part, const ScannedFile& file, const WarningSink& warn) {
  auto content = read_file(file.path);
  if (!content) {
    warn(fmt::format("cannot read '{}': {}", file.path, std::strerror(errno)));
    return false;
  }
  schema::FileRecord record{file.path, file.mtime_ns, static_cast<std::int64_t>(content->size()),
                            schema::fnv1a(*content), 0};
  if (content->find('\0') != std::string::npos) {
    warn(fmt::format("skipping binary file '{}'", file.path));
    record.passages = schema::kBinaryFile;  // remembered, so the next run costs one stat
    writer.update_record(record, part);
    return false;
  }
  writer.replace_file(record, *content, part);
  return true;
}

// A fresh build on writer.parts() threads: Xapian's writer is the cost (its in-memory inverter
// and B-tree updates), and one WritableDatabase is one thread, so each thread writes a part of
// its own; finish() merges them. Files go, in scan order, to whichever thread is free.
void add_new_files_in_parallel(IndexWriter& writer, const std::vector<const ScannedFile*>& files,
                               const WarningSink& warn, const std::function<void(const std::string&, bool)>& added,
                               const ProgressSink& progress, Progress done) {
  std::mutex mutex;  // guards warn, added, progress and done
  std::mutex big_file;  // held while a thread indexes a file of kBigFileBytes or more
  std::atomic<std::size_t> next = 0;
  std::exception_ptr failure;
  auto locked_warn = [&](const std::string& message) {
    std::lock_guard lock(mutex);
    warn(message);
  };
  auto work = [&](int part) {
    try {
      for (std::size_t i; (i = next++) < files.size();) {
        {
          std::lock_guard lock(mutex);
          ++done.files_done;
          done.bytes_done += static_cast<std::uint64_t>(files[i]->size);
          if (progress) progress(done);
        }
        std::unique_lock<std::mutex> big;
        if (files[i]->size >= kBigFileBytes) big = std::unique_lock(big_file);
        bool ok = add_new_file(writer, part, *files[i], locked_warn);
        if (big) big.unlock();
        std::lock_guard lock(mutex);
        added(files[i]->path, ok);
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      next = files.size();  // the others stop after their current file
    }
  };
  std::vector<std::thread> threads;
  for (int part = 1; part < writer.parts(); ++part) threads.emplace_back(work, part);
  work(0);
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

std::vector<std::string> choose_roots(const IndexOptions& options, const std::vector<std::string>& recorded) {
  std::vector<std::string> roots;
  for (const auto& p : options.paths) roots.push_back(absolute_path(p));
  if (!roots.empty()) return roots;
  if (!recorded.empty()) return recorded;
  if (!std::filesystem::is_directory("corpus"))
    throw Error("no PATH given, no roots recorded in the index and no corpus/ here: run pindex PATH...");
  return {absolute_path("corpus")};
}

std::vector<std::string> merge_roots(std::vector<std::string> recorded, const std::vector<std::string>& roots) {
  for (const auto& r : roots)
    if (std::find(recorded.begin(), recorded.end(), r) == recorded.end()) recorded.push_back(r);
  return recorded;
}

}  // namespace

std::string default_db_path(const std::string& option) {
  if (!option.empty()) return absolute_path(option);
  if (const char* env = std::getenv("PSEARCH_DB"); env && *env) return absolute_path(env);
  return absolute_path(schema::kDefaultDbName);
}

std::vector<std::string> recorded_roots(const std::string& db_path) {
  return IndexWriter(db_path, WriteMode::DryRun).roots();
}

namespace {

IndexSummary update_index(const IndexOptions& options, const WarningSink& warn, const ChangeSink& changed,
                          const ProgressSink& progress) {
  auto start = std::chrono::steady_clock::now();
  std::optional<WriterLock> lock;
  if (!options.dry_run) lock.emplace(options.db_path, options.wait, warn);
  IndexWriter writer(options.db_path, options.dry_run ? WriteMode::DryRun
                                      : options.rebuild ? WriteMode::Rebuild
                                                        : WriteMode::Update);
  if (!writer.old_schema().empty())
    warn(fmt::format("index '{}' has schema version {}, this pindex writes version {}: rebuilding it",
                     options.db_path, writer.old_schema(), schema::kVersion));
  const auto recorded = writer.roots();
  const schema::ShardOf shard = options.shard ? *options.shard : writer.shard();
  if (options.shard && *options.shard != writer.shard() && !writer.file_records().empty())
    warn(fmt::format("index '{}' held shard {}; it now holds shard {}", options.db_path, writer.shard().text(),
                     shard.text()));
  writer.set_shard(shard);
  auto roots = choose_roots(options, recorded);
  std::vector<std::string> kept_roots = recorded;
  if (options.paths.empty()) {
    // A recorded root that is gone is like a deleted file: its passages go, and so does the root.
    std::erase_if(kept_roots, [&](const std::string& root) {
      if (std::filesystem::exists(root)) return false;
      warn(fmt::format("'{}' no longer exists: removing it from the index", root));
      return true;
    });
  }
  std::vector<std::string> scan_roots;
  std::copy_if(roots.begin(), roots.end(), std::back_inserter(scan_roots),
               [&](const std::string& r) { return !options.paths.empty() || std::filesystem::exists(r); });
  // Before any file: the passages' sort keys are relative to the roots (schema::sort_key).
  writer.set_roots(options.rebuild && !options.paths.empty() ? roots : merge_roots(kept_roots, scan_roots));
  auto records = writer.file_records();
  Synonyms synonyms = Synonyms::builtin();
  for (const auto& root : scan_roots) {
    std::string path = root + "/" + kSynonymsFileName;
    if (auto text = read_file(path); text && std::filesystem::is_regular_file(path)) synonyms.add_text(*text, path, warn);
  }
  const bool reindex_all = writer.set_synonyms(synonyms) | writer.set_store_text(options.store_text);
  std::vector<std::string> unreadable_dirs;
  auto files = scan_corpus(scan_roots, options.db_path, warn, options.follow_links, &unreadable_dirs);
  // The other shards' files are as good as absent: those indexed before are removed.
  if (!shard.whole())
    std::erase_if(files, [&](const ScannedFile& f) { return !shard.holds(path_in_root(f.path, scan_roots)); });

  IndexSummary summary;
  auto report = [&](const char* kind, const std::string& path, int& counter) {
    ++counter;
    if (changed) changed(kind, path);
  };
  // Pair each file with its record by walking both sorted lists once. Records under the roots
  // with no file have vanished; a new file with the same content is a rename.
  std::vector<std::pair<const ScannedFile*, const schema::FileRecord*>> pairs;
  std::multimap<std::uint64_t, std::string> vanished_by_hash;
  auto under_roots = [&](const std::string& path) {
    return std::any_of(roots.begin(), roots.end(), [&](const auto& r) { return path_under(path, r); });
  };
  std::vector<std::string> vanished_binaries;
  auto note_if_vanished = [&](const std::pair<const std::string, schema::FileRecord>& r) {
    if (!under_roots(r.first)) return;
    // Under a directory that could not be read: not gone, only out of reach this time.
    for (const auto& dir : unreadable_dirs)
      if (path_under(r.first, dir)) return;
    if (r.second.passages == schema::kBinaryFile) vanished_binaries.push_back(r.first);
    else vanished_by_hash.emplace(r.second.content_hash, r.first);
  };
  auto rec = records.begin();
  for (const auto& f : files) {
    for (; rec != records.end() && rec->first < f.path; ++rec) note_if_vanished(*rec);
    bool known = rec != records.end() && rec->first == f.path;
    pairs.emplace_back(&f, known ? &rec->second : nullptr);
    if (known) ++rec;
  }
  for (; rec != records.end(); ++rec) note_if_vanished(*rec);

  auto unchanged_by_stat = [&](const ScannedFile& file, const schema::FileRecord* old) {
    return old && old->mtime_ns == file.mtime_ns && old->size == file.size && !reindex_all;
  };
  Progress done;
  for (const auto& [file, old] : pairs)
    if (!unchanged_by_stat(*file, old)) {
      ++done.files_total;
      done.bytes_total += static_cast<std::uint64_t>(file->size);
    }
  // A fresh build of more than a few files uses the cores; an update stays one transaction.
  if (options.jobs > 1 && records.empty() && done.files_total >= kMinFilesForJobs) writer.add_parts(options.jobs);
  if (writer.parts() > 1) {
    std::vector<const ScannedFile*> to_add;
    for (const auto& [file, old] : pairs) to_add.push_back(file);
    add_new_files_in_parallel(
        writer, to_add, warn,
        [&](const std::string& path, bool ok) {
          if (ok) report("added", path, summary.added);
          else ++summary.skipped;
        },
        progress, done);
    pairs.clear();
    done.files_done = done.files_total;
    done.bytes_done = done.bytes_total;
  }
  for (const auto& [file_ptr, old] : pairs) {
    const ScannedFile& file = *file_ptr;
    if (unchanged_by_stat(file, old)) {
      ++summary.unchanged;
      continue;
    }
    ++done.files_done;
    done.bytes_done += static_cast<std::uint64_t>(file.size);
    if (progress) progress(done);
    auto content = read_file(file.path);
    if (!content) {
      warn(fmt::format("cannot read '{}': {}", file.path, std::strerror(errno)));
      ++summary.skipped;  // what was indexed stays
      continue;
    }
    schema::FileRecord record{file.path, file.mtime_ns, static_cast<std::int64_t>(content->size()),
                              schema::fnv1a(*content), 0};
    if (content->find('\0') != std::string::npos) {
      warn(fmt::format("skipping binary file '{}'", file.path));
      ++summary.skipped;
      if (old && old->passages != schema::kBinaryFile) {
        writer.remove_file(file.path);
        report("removed", file.path, summary.removed);
      }
      record.passages = schema::kBinaryFile;  // remembered, so the next run costs one stat
      writer.update_record(record);
      continue;
    }
    if (old && old->content_hash == record.content_hash && !reindex_all) {  // touched, not changed
      record.passages = old->passages;
      writer.update_record(record);
      ++summary.unchanged;
      continue;
    }
    if (auto renamed = vanished_by_hash.find(record.content_hash); !old && renamed != vanished_by_hash.end()) {
      record.passages = records.at(renamed->second).passages;
      writer.move_file(renamed->second, record);
      report("removed", renamed->second, summary.removed);
      report("added", file.path, summary.added);
      vanished_by_hash.erase(renamed);
      continue;
    }
    writer.replace_file(record, *content);
    if (old) report("changed", file.path, summary.changed);
    else report("added", file.path, summary.added);
  }
  for (const auto& path : vanished_binaries) writer.remove_file(path);  // nothing was indexed: no report
  for (const auto& [hash, path] : vanished_by_hash) {
    writer.remove_file(path);
    report("removed", path, summary.removed);
  }
  done.phase = "writing the index";
  if (progress && done.files_total) progress(done);
  writer.finish();
  summary.passages = writer.passage_count();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace

IndexSummary run_index(const IndexOptions& options, const WarningSink& warn, const ChangeSink& changed,
                       const ProgressSink& progress) {
  check_index_dir(options.db_path);
  std::error_code ec;
  bool existed = std::filesystem::exists(options.db_path, ec);
  try {
    try {
      return update_index(options, warn, changed, progress);
    } catch (const Xapian::Error& e) {
      // A full disk, a damaged file: the run is abandoned, the last committed index stays live.
      throw Error(fmt::format("index '{}': {}: {} (the previous index is unchanged; run pindex --rebuild if it persists)",
                              options.db_path, e.get_type(), e.get_msg()));
    }
  } catch (...) {
    // A first run that fails leaves nothing behind: an empty index would hide a parent's.
    if (!existed) std::filesystem::remove_all(options.db_path, ec);
    throw;
  }
}

}  // namespace psearch
