// One file from disk to the index, and the two ways a run goes through its files.
#include "indexer/file_indexing.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>
#include <variant>

#include <fmt/format.h>

#include "extract/encoding.hpp"
#include "extract/sniff.hpp"
#include "format/text_lines.hpp"

namespace psearch {
namespace {

// A file this big takes several times its size while it is split and indexed (its bytes, its
// passages, their lines): one such file at a time, so that N threads do not multiply the peak.
constexpr std::int64_t kBigFileBytes = 4'000'000;

void erase_candidate(std::multimap<std::uint64_t, const schema::FileRecord*>& vanished,
                     const schema::FileRecord* record) {
  auto [first, last] = vanished.equal_range(record->content_hash);
  for (auto it = first; it != last; ++it)
    if (it->second == record) {
      vanished.erase(it);
      return;
    }
}

void count_progress(Progress& done, const ScannedFile& file, const ProgressSink& progress) {
  ++done.files_done;
  done.bytes_done += static_cast<std::uint64_t>(file.size);
  if (progress) progress(done);
}

}  // namespace

bool plain_text(const std::string& path, std::string_view bytes) {
  return bytes.find('\0') == std::string_view::npos && extract::compression_of(bytes) == extract::Compression::None &&
         !extract::is_pdf(bytes) && !extract::skip_by_magic(path, bytes) && extract::is_valid_utf8(bytes) &&
         !extract::is_html(path, bytes);
}

namespace {

// Indexes a new or changed file's text; false (and why) when it has none.
bool index_text(IndexWriter& writer, int part, const schema::FileRecord& record, std::string_view content,
                extract::Skipped& skipped) {
  if (plain_text(record.path, content)) {
    writer.replace_file(record, content, part);
    return true;
  }
  auto result = extract::extract_text(record.path, content);
  if (auto* doc = std::get_if<extract::Extracted>(&result)) {
    writer.replace_extracted(record, *doc, part);
    return true;
  }
  skipped = std::get<extract::Skipped>(std::move(result));
  return false;
}

}  // namespace

FileOutcome index_one_file(IndexWriter& writer, int part, const FileToRead& item, bool reindex_all,
                           std::multimap<std::uint64_t, const schema::FileRecord*>* vanished, const WarningSink& warn) {
  const ScannedFile& file = *item.file;
  FileOutcome outcome;
  auto content = read_file(file.path);
  if (!content) {
    warn(fmt::format("cannot read '{}': {}", file.path, std::strerror(errno)));
    outcome.unreadable = true;  // what was indexed stays
    return outcome;
  }
  schema::FileRecord record{file.path, file.mtime_ns, static_cast<std::int64_t>(content->size()),
                            schema::fnv1a(*content), 0};
  const schema::FileRecord* twin = nullptr;
  outcome.change = classify_content(record, item.old, reindex_all, vanished, &twin);
  const bool read_anew = outcome.change == ContentChange::New || outcome.change == ContentChange::Changed;
  if (read_anew && !index_text(writer, part, record, *content, outcome.skipped)) outcome.change = ContentChange::Binary;
  switch (outcome.change) {
    case ContentChange::Binary:
      outcome.unindexed = item.old && item.old->passages != schema::kBinaryFile;
      if (outcome.unindexed) writer.remove_file(file.path);
      record.passages = schema::kBinaryFile;  // remembered, so the next run costs one stat
      writer.update_record(record, part);
      break;
    case ContentChange::Touched:
      record.passages = item.old->passages;
      writer.update_record(record, part);
      break;
    case ContentChange::Renamed:
      record.passages = twin->passages;
      writer.move_file(twin->path, record);
      outcome.renamed_from = twin->path;
      erase_candidate(*vanished, twin);
      break;
    case ContentChange::New:
    case ContentChange::Changed: break;  // written by index_text
  }
  return outcome;
}

void index_files(IndexWriter& writer, ChangePlan& plan, bool reindex_all, const WarningSink& warn,
                 const OutcomeSink& outcome, const ProgressSink& progress, Progress& done) {
  for (const auto& item : plan.to_read) {
    count_progress(done, *item.file, progress);
    outcome(*item.file, index_one_file(writer, 0, item, reindex_all, &plan.vanished, warn));
  }
}

// Xapian's writer is the cost (its in-memory inverter and B-tree updates), and one
// WritableDatabase is one thread, so each thread writes a part of its own; finish() merges them.
// Files go, in scan order, to whichever thread is free.
void index_files_in_parallel(IndexWriter& writer, const std::vector<FileToRead>& files, const WarningSink& warn,
                             const OutcomeSink& outcome, const ProgressSink& progress, Progress& done) {
  std::mutex mutex;     // guards warn, outcome, progress and done
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
          count_progress(done, *files[i].file, progress);
        }
        std::unique_lock<std::mutex> big;
        if (files[i].file->size >= kBigFileBytes) big = std::unique_lock(big_file);
        auto result = index_one_file(writer, part, files[i], false, nullptr, locked_warn);
        if (big) big.unlock();
        std::lock_guard lock(mutex);
        outcome(*files[i].file, result);
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

}  // namespace psearch
