// Merging is a fresh build whose passages come from other indexes instead of files: the
// IndexWriter's new generation, compacted from the shards, swapped in like --rebuild's.
#include "indexer/index_merger.hpp"

#include <chrono>
#include <filesystem>

#include "indexer/index_writer.hpp"
#include "indexer/writer_lock.hpp"
#include "indexer/xapian_errors.hpp"

namespace psearch {

MergeSummary merge_indexes(const std::string& out, const std::vector<std::string>& shards, bool wait,
                           const WarningSink& warn) {
  auto start = std::chrono::steady_clock::now();
  check_index_dir(out);
  std::error_code ec;
  bool existed = std::filesystem::exists(out, ec);
  try {
    return with_xapian_errors(out, [&] {
      WriterLock lock(out, wait, warn);
      IndexWriter writer(out, WriteMode::Rebuild);
      MergeSummary summary;
      summary.shards = shards.size();
      summary.files = writer.merge_from(shards);
      writer.finish();
      summary.passages = writer.passage_count();
      summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return summary;
    });
  } catch (...) {
    if (!existed) std::filesystem::remove_all(out, ec);  // a failed first merge leaves nothing behind
    throw;
  }
}

}  // namespace psearch
