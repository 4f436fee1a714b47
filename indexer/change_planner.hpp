// What a run must do with each file, decided from the scan and the index's file records alone
// (plan_changes), then from a file's content once it is read (classify_content); no Xapian.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "format/schema.hpp"
#include "indexer/corpus_scanner.hpp"

namespace psearch {

/// A scanned file whose stat differs from its record (or that has none): it must be read.
struct FileToRead {
  const ScannedFile* file = nullptr;
  const schema::FileRecord* old = nullptr;  // its record; null for a new file
};

struct ChangePlan {
  std::vector<FileToRead> to_read;  // in scan order
  int unchanged = 0;                // same mtime and size as recorded: not read
  // Records under the roots with no file any more, by content hash: a new file with the same
  // content is one of them renamed. Whatever is left at the end is removed.
  std::multimap<std::uint64_t, const schema::FileRecord*> vanished;
  std::vector<std::string> vanished_binaries;  // recorded as binary: nothing to report
};

/// Pairs the scanned files (sorted by path) with the records (by path) in one walk. A record
/// under none of roots is another run's; one under an unreadable directory is out of reach, not
/// gone. reindex_all: every file is read, whatever its stat says. Pure: references into files
/// and records, which must outlive the plan.
ChangePlan plan_changes(const std::vector<ScannedFile>& files, const std::map<std::string, schema::FileRecord>& records,
                        const std::vector<std::string>& roots, const std::vector<std::string>& unreadable_dirs,
                        bool reindex_all);

/// What a read file is, compared with its record.
enum class ContentChange {
  Binary,   // no text (binary, an image, ...: file_indexing.hpp): nothing is indexed
  Touched,  // same content as recorded: only the record changes
  Renamed,  // a new file with a vanished file's content: its passages move
  New,      // no record (and no vanished twin): indexed
  Changed,  // its content differs from its record: indexed anew
};

/// Classifies a file whose content hashes to current.content_hash (never Binary: whether a new
/// or changed file has text is known once it is read as text). vanished: the plan's rename
/// candidates (null: none, as in a fresh build); renamed_from is set for Renamed and the
/// candidate is not taken out (the caller does, once the move is made).
ContentChange classify_content(const schema::FileRecord& current, const schema::FileRecord* old,
                               bool reindex_all, const std::multimap<std::uint64_t, const schema::FileRecord*>* vanished,
                               const schema::FileRecord** renamed_from);

}  // namespace psearch
