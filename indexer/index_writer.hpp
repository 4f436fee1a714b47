// Owns the WritableDatabase: replaces and removes a file's passages, keeps per-file records and
// the roots, and makes each run one atomic change.
//
// On disk the index is a directory holding a Xapian stub file (XAPIANDB: "auto gen-N") and the
// glass database gen-N it points to. A fresh build writes gen-N+1 beside the live one and swaps
// the stub with rename(), so readers always open a complete database.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/passage_splitter.hpp"
#include "indexer/schema.hpp"

namespace psearch {

class IndexWriter {
public:
  /// Opens the index at db_path, creating it when missing; with fresh, starts a new generation
  /// that replaces the live one at finish(). Throws psearch::Error.
  IndexWriter(const std::string& db_path, bool fresh);
  ~IndexWriter();

  /// All file records in the index, by path.
  std::map<std::string, schema::FileRecord> file_records() const;
  /// The roots recorded by the last completed run.
  const std::vector<std::string>& roots() const { return live_roots_; }
  void set_roots(const std::vector<std::string>& roots);

  /// Replaces every passage of record.path with passages, and the file's record.
  void replace_file(const schema::FileRecord& record, const std::vector<Passage>& passages);
  /// Updates only the record (the content is unchanged, e.g. after touch).
  void update_record(const schema::FileRecord& record);
  void remove_file(const std::string& path);

  /// Commits the run atomically (and swaps in a fresh generation). Throws psearch::Error.
  void finish();
  Xapian::doccount passage_count() const { return db_.get_doccount(); }

private:
  std::string db_path_;
  std::string generation_;  // directory name of the generation being written
  bool fresh_;
  bool in_transaction_ = false;
  std::vector<std::string> live_roots_;
  Xapian::WritableDatabase db_;
  Xapian::TermGenerator tg_;
};

/// Path of the stub file that makes db_path openable as a Xapian database.
std::string stub_path(const std::string& db_path);
/// Path of the file pindex locks so that one writer at a time updates db_path.
std::string lock_path(const std::string& db_path);

}  // namespace psearch
