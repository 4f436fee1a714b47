// Reading the files a plan lists and writing each one's passages: one file at a time
// (index_one_file), in order (index_files) or on the writer's parts (index_files_in_parallel).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extract.hpp"
#include "indexer/change_planner.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/indexer.hpp"

namespace psearch {

/// What became of one file.
struct FileOutcome {
  bool unreadable = false;         // nothing changed, a warning was given
  ContentChange change = ContentChange::New;
  bool unindexed = false;          // Binary: its earlier passages were removed
  std::string renamed_from;        // Renamed: the path whose passages it took
  extract::Skipped skipped;        // Binary: why the file has no text (an image, ...)
};

/// Whether bytes go today's way, the text served from the file: valid UTF-8 without NUL that no
/// format claims (not HTML, PDF, compressed, an image, ...). Anything else goes through
/// extract::extract_text.
bool plain_text(const std::string& path, std::string_view bytes);

/// Reads the file, classifies it against its record and writes what changed through writer's
/// part: its text, or a document's extracted text; a file without text is recorded as binary. vanished: rename candidates (null: none); the one taken is erased. Per-file trouble
/// goes to warn; Xapian errors propagate.
FileOutcome index_one_file(IndexWriter& writer, int part, const FileToRead& item, bool reindex_all,
                           std::multimap<std::uint64_t, const schema::FileRecord*>* vanished, const WarningSink& warn);

/// Hears each file's outcome, in the order files finish.
using OutcomeSink = std::function<void(const ScannedFile&, const FileOutcome&)>;

/// Indexes plan.to_read in order on part 0, taking renames from plan.vanished. done counts the
/// files read, for progress.
void index_files(IndexWriter& writer, ChangePlan& plan, bool reindex_all, const WarningSink& warn,
                 const OutcomeSink& outcome, const ProgressSink& progress, Progress& done);

/// A fresh build on writer.parts() threads (files have no records, so no renames): each thread
/// writes a part of its own. Sinks are called under one lock. Rethrows the first failure.
void index_files_in_parallel(IndexWriter& writer, const std::vector<FileToRead>& files, const WarningSink& warn,
                             const OutcomeSink& outcome, const ProgressSink& progress, Progress& done);

}  // namespace psearch
