// Owns the WritableDatabase: replaces and removes a file's passages, keeps per-file records and
// the roots, and makes each run one atomic change.
//
// An update is one transaction on the live generation; a fresh build writes generation N+1
// beside the live one (index_dir.hpp) and swaps the stub with rename(), so readers always open
// a complete database.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "extract/extract.hpp"
#include "format/schema.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/index_dir.hpp"
#include "indexer/passage_splitter.hpp"
#include "indexer/passage_terms.hpp"
#include "indexer/shard_of.hpp"
#include "indexer/synonyms.hpp"

namespace psearch {

enum class WriteMode {
  Update,   // change the live index in one transaction
  Rebuild,  // write a new generation, swapped in at finish()
  DryRun,   // read the live index, write nothing
};

class IndexWriter {
public:
  /// Opens the index at db_path, creating it when missing (then as Rebuild, except DryRun).
  /// Throws psearch::Error.
  IndexWriter(const std::string& db_path, WriteMode mode);
  ~IndexWriter();

  /// All file records in the live index, by path (none when rebuilding).
  std::map<std::string, schema::FileRecord> file_records() const;
  /// The schema version of the live index when it was not this pindex's (then this run rebuilds
  /// it, as --rebuild does); "" otherwise.
  const std::string& old_schema() const { return old_schema_; }
  /// The roots recorded by the last completed run.
  const std::vector<std::string>& roots() const { return live_roots_; }
  /// The roots this run leaves recorded; set before any file, as passages' sort keys are
  /// relative to them.
  void set_roots(const std::vector<std::string>& roots);

  /// The shard the live index holds (pindex --shard; {1, 1} when it holds every file).
  ShardOf shard() const;
  void set_shard(const ShardOf& shard);

  /// A fresh build only: the passages and file records of these psearch indexes (the shards of
  /// one corpus: no file in two of them) become the new generation's, merged by finish() with
  /// Xapian's compactor; the roots are theirs together. Returns the number of files. Throws
  /// psearch::Error (not an index, another schema version, a file in two shards).
  std::size_t merge_from(const std::vector<std::string>& sources);

  /// Synonym groups to index with each passage, and whether they differ from the ones the
  /// live index was built with (then every file must be re-indexed).
  bool set_synonyms(const Synonyms& synonyms);

  /// A fresh build only: n parts in all, each a database of its own that one thread at a time
  /// writes through replace_file(..., part) and update_record(..., part); finish() merges them
  /// into the new generation (Xapian's compactor). Part 0 is the one every other call writes.
  void add_parts(int n);
  int parts() const { return 1 + static_cast<int>(extra_parts_.size()); }

  /// Whether every passage's text is stored (pindex --store-text; none: as the live index
  /// recorded), and whether that differs from the live index (then every file is re-indexed).
  bool set_store_text(std::optional<bool> store);

  /// Whether the scan honours ignore files (pindex --ignore / --no-ignore; none: as the live
  /// index recorded, by default yes); recorded for later runs.
  bool set_honour_ignore(std::optional<bool> honour);

  /// Replaces every passage of record.path with the passages of content, split as they are
  /// indexed (split_passages), and the file's record, with their count.
  void replace_file(schema::FileRecord record, std::string_view content, int part = 0);
  /// The same for a document whose bytes are not its text (HTML, PDF, compressed, another
  /// encoding): the passages of its extracted lines (split_extracted), their text stored.
  void replace_extracted(schema::FileRecord record, const extract::Extracted& doc, int part = 0);
  /// Updates only the record (the content is unchanged, e.g. after touch).
  void update_record(const schema::FileRecord& record, int part = 0);
  void remove_file(const std::string& path);
  /// Gives record.path the passages indexed for from_path (a rename: no re-analysis), and
  /// removes from_path.
  void move_file(const std::string& from_path, const schema::FileRecord& record);

  /// Commits the run atomically (and swaps in a fresh generation). Throws psearch::Error.
  void finish();
  Xapian::doccount passage_count() const;

private:
  bool dry_run() const { return mode_ == WriteMode::DryRun; }
  std::string build_path(int part = 0) const;  // where a fresh build is written before it is compacted
  void open_live(const std::string& live);
  void open_for_writing(const std::string& live);
  Xapian::WritableDatabase& db_of(int part);
  void flush_if_full(int part, const Passage& p);
  // Replaces record.path's passages with those split() hands on, built by builder.
  void replace_passages(schema::FileRecord record, DocumentBuilder& builder,
                        const std::function<void(const PassageSink&)>& split, int part);
  PassageTermGenerator& tg_of(int part);
  void compact_build();
  struct Part {
    Xapian::WritableDatabase db;
    PassageTermGenerator tg;
    std::size_t unflushed_bytes = 0;  // passage text added since the part was last committed
  };

  std::string db_path_;
  std::string generation_;  // directory name of the generation being written
  WriteMode mode_;
  bool in_transaction_ = false;
  std::atomic<bool> dirty_ = false;  // parts write from several threads
  Xapian::doccount built_passages_ = 0;  // a fresh build's, counted before its parts are merged
  std::vector<std::string> live_roots_;
  std::vector<std::string> roots_;  // this run's
  bool store_text_ = false;
  std::string old_schema_;
  Xapian::Database live_;  // the live generation as last committed (empty when none)
  Xapian::WritableDatabase db_;
  PassageTermGenerator tg_;
  std::size_t unflushed_bytes_ = 0;  // part 0's
  std::vector<std::unique_ptr<Part>> extra_parts_;  // parts 1..n-1 of a fresh build
  std::vector<std::string> merge_sources_;           // whole indexes merged in by finish()
  std::vector<std::string> merged_roots_;            // their roots together
  std::string merged_synonyms_;                      // the first one's synonyms fingerprint
  const Synonyms* synonyms_ = nullptr;
};

}  // namespace psearch
