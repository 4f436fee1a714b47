// The pindex pipeline, top-down: lock, open, roots, scan, plan, index the changed files, remove
// vanished ones, commit.
#include "indexer/indexer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include "format/error.hpp"
#include "format/index_location.hpp"
#include "format/text_lines.hpp"
#include "indexer/change_planner.hpp"
#include "indexer/file_indexing.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/synonyms.hpp"
#include "indexer/writer_lock.hpp"
#include "indexer/xapian_errors.hpp"

namespace psearch {
namespace {

constexpr std::size_t kMinFilesForJobs = 32;  // fewer: threads and the merge cost more than they save

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
  const std::string here = absolute_path(schema::kDefaultDbName);
  std::error_code ec;
  if (std::filesystem::exists(here, ec)) return here;
  // The index of the tree this directory is in, as psearch finds it.
  auto nearest = schema::nearest_index(std::filesystem::current_path(ec));
  return nearest.empty() ? here : absolute_path(nearest);
}

std::string summary_line(const IndexSummary& s, const std::string& db_path, bool dry_run) {
  std::string skipped;
  if (s.skipped > 0) {
    std::string kinds = extract::describe_skips(s.skips);  // "3 skipped: 2 images, 1 executable"
    auto colon = kinds.find(": ");
    skipped = fmt::format(", {} skipped ({})", s.skipped, colon == std::string::npos ? kinds : kinds.substr(colon + 2));
  }
  return fmt::format("{}{} added, {} changed, {} removed, {} unchanged{}; {} passage{} in {}; {:.2f} s",
                     dry_run ? "dry run, would make: " : "", s.added, s.changed, s.removed, s.unchanged, skipped,
                     s.passages, s.passages == 1 ? "" : "s", escape_controls(db_path), s.seconds);
}

std::vector<std::string> recorded_roots(const std::string& db_path) {
  return IndexWriter(db_path, WriteMode::DryRun).roots();
}

namespace {

// Which roots a run scans, and which it leaves recorded.
struct RunRoots {
  std::vector<std::string> chosen;    // the run's roots, as given or recorded
  std::vector<std::string> scan;      // those of them that exist (all, when given)
  std::vector<std::string> recorded;  // what the index records after the run
};

RunRoots resolve_roots(const IndexOptions& options, const std::vector<std::string>& recorded, const WarningSink& warn) {
  RunRoots roots;
  roots.chosen = choose_roots(options, recorded);
  std::vector<std::string> kept = recorded;
  if (options.paths.empty()) {
    // A recorded root that is gone is like a deleted file: its passages go, and so does the root.
    std::erase_if(kept, [&](const std::string& root) {
      if (std::filesystem::exists(root)) return false;
      warn(fmt::format("'{}' no longer exists: removing it from the index", root));
      return true;
    });
  }
  std::copy_if(roots.chosen.begin(), roots.chosen.end(), std::back_inserter(roots.scan),
               [&](const std::string& r) { return !options.paths.empty() || std::filesystem::exists(r); });
  roots.recorded = options.rebuild && !options.paths.empty() ? roots.chosen : merge_roots(kept, roots.scan);
  return roots;
}

WriteMode write_mode(const IndexOptions& options) {
  if (options.dry_run) return WriteMode::DryRun;
  return options.rebuild ? WriteMode::Rebuild : WriteMode::Update;
}

// The shard this run indexes: --shard, else the one the index recorded.
ShardOf settle_shard(IndexWriter& writer, const IndexOptions& options, const WarningSink& warn) {
  const ShardOf shard = options.shard ? *options.shard : writer.shard();
  if (options.shard && *options.shard != writer.shard() && !writer.file_records().empty())
    warn(fmt::format("index '{}' held shard {}; it now holds shard {}", options.db_path, writer.shard().text(),
                     shard.text()));
  writer.set_shard(shard);
  return shard;
}

// The built-in groups and each scanned root's synonyms file.
Synonyms load_synonyms(const std::vector<std::string>& roots, const WarningSink& warn) {
  Synonyms synonyms = Synonyms::builtin();
  for (const auto& root : roots) {
    std::string path = root + "/" + kSynonymsFileName;
    if (auto text = read_file(path); text && std::filesystem::is_regular_file(path)) synonyms.add_text(*text, path, warn);
  }
  return synonyms;
}

// The files of this shard under the roots; the other shards' files are as good as absent (those
// indexed before are removed).
std::vector<ScannedFile> scan_shard(const std::vector<std::string>& roots, const ShardOf& shard,
                                    const IndexOptions& options, const WarningSink& warn,
                                    bool honour_ignore, std::vector<std::string>& unreadable_dirs) {
  auto files = scan_corpus(roots, options.db_path, warn, options.follow_links, &unreadable_dirs, honour_ignore);
  if (!shard.whole())
    std::erase_if(files, [&](const ScannedFile& f) { return !shard.holds(path_in_root(f.path, roots)); });
  return files;
}

Progress progress_totals(const ChangePlan& plan) {
  Progress totals;
  totals.files_total = plan.to_read.size();
  for (const auto& item : plan.to_read) totals.bytes_total += static_cast<std::uint64_t>(item.file->size);
  return totals;
}

// Counts each outcome in the summary and tells the change sink.
class Tally {
public:
  Tally(IndexSummary& summary, const ChangeSink& changed, const IndexOptions& options)
      : summary_(summary), changed_(changed), options_(options) {}

  void count(const ScannedFile& file, const FileOutcome& outcome) {
    if (outcome.unreadable) {
      skip(extract::SkipReason::Unreadable);
      return;
    }
    switch (outcome.change) {
      case ContentChange::Binary:
        skip(outcome.skipped.reason);
        if (options_.on_skip) options_.on_skip(file.path, outcome.skipped.detail);
        if (outcome.unindexed) report("removed", file.path, summary_.removed);
        break;
      case ContentChange::Touched: ++summary_.unchanged; break;
      case ContentChange::Renamed:
        report("removed", outcome.renamed_from, summary_.removed);
        report("added", file.path, summary_.added);
        break;
      case ContentChange::New: report("added", file.path, summary_.added); break;
      case ContentChange::Changed: report("changed", file.path, summary_.changed); break;
    }
  }
  void removed(const std::string& path) { report("removed", path, summary_.removed); }

private:
  void skip(extract::SkipReason reason) {
    ++summary_.skipped;
    summary_.skips.add(reason);
  }
  void report(const char* kind, const std::string& path, int& counter) {
    ++counter;
    if (changed_) changed_(kind, path);
  }
  IndexSummary& summary_;
  const ChangeSink& changed_;
  const IndexOptions& options_;
};

void remove_vanished(IndexWriter& writer, const ChangePlan& plan, Tally& tally) {
  for (const auto& path : plan.vanished_binaries) writer.remove_file(path);  // nothing was indexed: no report
  for (const auto& [hash, record] : plan.vanished) {
    writer.remove_file(record->path);
    tally.removed(record->path);
  }
}

// Reads and indexes what the plan lists: on the cores for a fresh build of more than a few
// files, else in one transaction.
void index_planned(IndexWriter& writer, ChangePlan& plan, const IndexOptions& options, bool fresh, bool reindex_all,
                   const WarningSink& warn, Tally& tally, const ProgressSink& progress, Progress& done) {
  if (options.jobs > 1 && fresh && done.files_total >= kMinFilesForJobs) writer.add_parts(options.jobs);
  auto outcome = [&](const ScannedFile& file, const FileOutcome& o) { tally.count(file, o); };
  if (writer.parts() > 1) index_files_in_parallel(writer, plan.to_read, warn, outcome, progress, done);
  else index_files(writer, plan, reindex_all, warn, outcome, progress, done);
}

IndexSummary update_index(const IndexOptions& options, const WarningSink& warn, const ChangeSink& changed,
                          const ProgressSink& progress) {
  auto start = std::chrono::steady_clock::now();
  std::optional<WriterLock> lock;
  if (!options.dry_run) lock.emplace(options.db_path, options.wait, warn);
  IndexWriter writer(options.db_path, write_mode(options));
  if (!writer.old_schema().empty())
    warn(fmt::format("index '{}' has schema version {}, this pindex writes version {}: rebuilding it",
                     options.db_path, writer.old_schema(), schema::kVersion));
  const ShardOf shard = settle_shard(writer, options, warn);
  const RunRoots roots = resolve_roots(options, writer.roots(), warn);
  writer.set_roots(roots.recorded);  // before any file: passages' sort keys are relative to the roots
  const auto records = writer.file_records();
  const Synonyms synonyms = load_synonyms(roots.scan, warn);
  const bool synonyms_changed = writer.set_synonyms(synonyms);
  const bool store_text_changed = writer.set_store_text(options.store_text);  // both are recorded
  const bool reindex_all = synonyms_changed || store_text_changed;
  std::vector<std::string> unreadable_dirs;
  const bool honour_ignore = writer.set_honour_ignore(options.honour_ignore);
  const auto files = scan_shard(roots.scan, shard, options, warn, honour_ignore, unreadable_dirs);
  ChangePlan plan = plan_changes(files, records, roots.chosen, unreadable_dirs, reindex_all);

  IndexSummary summary;
  summary.unchanged = plan.unchanged;
  Tally tally(summary, changed, options);
  Progress done = progress_totals(plan);
  index_planned(writer, plan, options, records.empty(), reindex_all, warn, tally, progress, done);
  remove_vanished(writer, plan, tally);
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
    // A full disk, a damaged file: the run is abandoned, the last committed index stays live.
    return with_xapian_errors(options.db_path, [&] { return update_index(options, warn, changed, progress); });
  } catch (...) {
    // A first run that fails leaves nothing behind: an empty index would hide a parent's.
    if (!existed) std::filesystem::remove_all(options.db_path, ec);
    throw;
  }
}

}  // namespace psearch
