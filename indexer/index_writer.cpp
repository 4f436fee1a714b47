// Index writing with Xapian directly. Incremental runs are one transaction, so a crash leaves
// the last committed run; fresh builds go to a new generation swapped in by rename().
#include "indexer/index_writer.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "format/error.hpp"
#include "indexer/corpus_scanner.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/extracted_passages.hpp"
#include "indexer/table_sizes.hpp"
#include "indexer/xapian_errors.hpp"

namespace fs = std::filesystem;

namespace psearch {
namespace {

// Text buffered in a fresh build's write buffers before they are flushed: Xapian's buffer takes
// many times the text it holds, so a small budget bounds memory at little cost in time.
constexpr std::size_t kFlushBytes = 1'000'000;
// A build's parts are read once, by the compaction into the generation, which is written safely:
// their flushes need not wait for the disk.
constexpr int kBuildFlags = Xapian::DB_CREATE | Xapian::DB_NO_SYNC;

// An index of an older schema version cannot be updated: pindex builds it anew. (A newer or
// unknown version is left alone: check_version says to run pindex --rebuild.)
bool older_schema(const std::string& version) {
  return !version.empty() && version.size() < 9 && version.find_first_not_of("0123456789") == std::string::npos &&
         std::stoi(version) < schema::kVersion;
}

}  // namespace

IndexWriter::IndexWriter(const std::string& db_path, WriteMode mode)
    : db_path_(db_path), mode_(mode), tg_(make_term_generator()) {
  check_index_dir(db_path);
  std::string live = live_generation(db_path);
  if (live.empty() && mode_ == WriteMode::Update) mode_ = WriteMode::Rebuild;
  // Glass reads only the blocks an update touches: a damaged table would go unnoticed, and the
  // update would commit on top of it. A rebuild is the cure, so it needs no check.
  if (!live.empty() && mode_ == WriteMode::Update) check_table_sizes((fs::path(db_path) / live).string(), db_path);
  with_xapian_errors(db_path, [&] {
    if (!live.empty()) open_live(live);
    if (!dry_run()) open_for_writing(live);
  });
}

// Reads the live generation's schema version and roots; a Rebuild does without a live index it
// cannot read, as --rebuild is the cure for a damaged one.
void IndexWriter::open_live(const std::string& live) {
  try {
    live_ = Xapian::Database((fs::path(db_path_) / live).string());
    if (auto version = live_.get_metadata(schema::kMetaSchema); mode_ == WriteMode::Update && older_schema(version)) {
      old_schema_ = version;
      mode_ = WriteMode::Rebuild;
    }
    if (mode_ != WriteMode::Rebuild) schema::check_version(live_, db_path_);  // --rebuild replaces any version
    live_roots_ = schema::decode_strings(live_.get_metadata(schema::kMetaRoots));
  } catch (const Xapian::Error&) {
    if (mode_ != WriteMode::Rebuild) throw;
    live_ = Xapian::Database();
  } catch (const Error&) {
    if (mode_ != WriteMode::Rebuild) throw;
    live_ = Xapian::Database();
  }
}

// An update opens the live generation in a transaction; a rebuild creates the next one.
void IndexWriter::open_for_writing(const std::string& live) {
  std::error_code ec;
  fs::create_directories(db_path_, ec);
  if (ec) throw Error(fmt::format("cannot create index directory '{}': {}", db_path_, ec.message()));
  remove_stale_generations(db_path_, live);
  if (mode_ == WriteMode::Rebuild) {
    generation_ = next_generation(db_path_, live);
    db_ = Xapian::WritableDatabase(build_path(), kBuildFlags);
  } else {
    generation_ = live;
    db_ = Xapian::WritableDatabase((fs::path(db_path_) / live).string(), Xapian::DB_OPEN);
    db_.begin_transaction(false);
    in_transaction_ = true;
  }
}

std::string IndexWriter::build_path(int part) const {
  return (fs::path(db_path_) / fmt::format("{}.build{}", generation_, part ? fmt::format("-{}", part) : "")).string();
}

IndexWriter::~IndexWriter() {
  try {
    if (in_transaction_) db_.cancel_transaction();
    db_.close();
  } catch (const Xapian::Error&) {
  }
}

std::map<std::string, schema::FileRecord> IndexWriter::file_records() const {
  std::map<std::string, schema::FileRecord> records;
  if (mode_ == WriteMode::Rebuild) return records;
  for (auto it = live_.metadata_keys_begin(schema::kMetaFilePrefix);
       it != live_.metadata_keys_end(schema::kMetaFilePrefix); ++it) {
    auto record = schema::decode_file_record(live_.get_metadata(*it));
    records.emplace(record.path, std::move(record));
  }
  return records;
}

void IndexWriter::set_roots(const std::vector<std::string>& roots) {
  roots_ = roots;
  if (dry_run() || (roots == live_roots_ && !dirty_ && mode_ == WriteMode::Update)) return;
  dirty_ = true;
  db_.set_metadata(schema::kMetaRoots, schema::encode_strings(roots));
}

void IndexWriter::add_parts(int n) {
  if (mode_ != WriteMode::Rebuild) return;
  with_xapian_errors(db_path_, [&] {
    for (int k = parts(); k < n; ++k) {
      auto part = std::make_unique<Part>(Part{Xapian::WritableDatabase(build_path(k), kBuildFlags),
                                              make_term_generator()});
      extra_parts_.push_back(std::move(part));
    }
  });
}

Xapian::doccount IndexWriter::passage_count() const {
  if (dry_run()) return live_.get_doccount();
  if (mode_ == WriteMode::Rebuild) return built_passages_;
  return db_.get_doccount();
}

Xapian::WritableDatabase& IndexWriter::db_of(int part) {
  return part ? extra_parts_.at(static_cast<std::size_t>(part - 1))->db : db_;
}

PassageTermGenerator& IndexWriter::tg_of(int part) {
  return part ? extra_parts_.at(static_cast<std::size_t>(part - 1))->tg : tg_;
}

void IndexWriter::replace_file(schema::FileRecord record, std::string_view content, int part) {
  if (dry_run()) return;
  DocumentBuilder builder(tg_of(part), content, record.path, path_in_root(record.path, roots_),
                          file_filter_terms(record.path), synonyms_, store_text_);
  replace_passages(std::move(record), builder, [&](const PassageSink& emit) { split_passages(content, emit); }, part);
}

void IndexWriter::replace_extracted(schema::FileRecord record, const extract::Extracted& doc, int part) {
  if (dry_run()) return;
  // The whole text, for the abbreviations the document defines anywhere in it.
  const std::string text = joined_text(doc.lines);
  DocumentBuilder builder(tg_of(part), text, record.path, path_in_root(record.path, roots_),
                          file_filter_terms(record.path), synonyms_, true, true);
  replace_passages(std::move(record), builder, [&](const PassageSink& emit) { split_extracted(doc, emit); }, part);
}

void IndexWriter::replace_passages(schema::FileRecord record, DocumentBuilder& builder,
                                   const std::function<void(const PassageSink&)>& split, int part) {
  auto& db = db_of(part);
  if (mode_ == WriteMode::Update) db.delete_document(builder.file_term());
  int count = 0;
  split([&](Passage&& p) {
    ++count;
    auto doc = builder.build(p);
    dirty_ = true;
    db.add_document(doc);
    flush_if_full(part, p);
  });
  record.passages = count;
  update_record(record, part);
}

// Xapian flushes its write buffer every 10,000 documents, whatever their size: with long passages
// (source code) that buffer alone grows to hundreds of MB. A fresh build flushes by the bytes of
// text instead, the budget shared by the parts, and within a file (one generated header can be
// tens of MB of passages), so memory stays bounded whatever the corpus.
void IndexWriter::flush_if_full(int part, const Passage& p) {
  if (mode_ != WriteMode::Rebuild) return;
  auto& unflushed = part ? extra_parts_.at(static_cast<std::size_t>(part - 1))->unflushed_bytes : unflushed_bytes_;
  unflushed += p.text.size() + p.heading.size();
  if (unflushed > kFlushBytes / static_cast<std::size_t>(parts())) {
    db_of(part).commit();
    unflushed = 0;
  }
}

ShardOf IndexWriter::shard() const {
  try {
    return parse_shard(live_.get_metadata(schema::kMetaShard));
  } catch (const Error&) {
    return {};  // unreadable: treated as every file (--shard K/N sets it anew)
  }
}

void IndexWriter::set_shard(const ShardOf& shard) {
  if (dry_run() || (shard == this->shard() && mode_ == WriteMode::Update)) return;
  dirty_ = true;
  db_.set_metadata(schema::kMetaShard, shard.text());
}

std::size_t IndexWriter::merge_from(const std::vector<std::string>& sources) {
  if (mode_ != WriteMode::Rebuild) throw Error("merging needs a fresh build");
  std::map<std::string, std::string> owner;  // file record key -> the source holding it
  std::vector<std::string> roots;
  std::string synonyms;
  for (const auto& source : sources) {
    std::string dir = fs::path(source).lexically_normal().string();
    if (fs::exists(dir) && fs::exists(db_path_) && fs::equivalent(dir, db_path_))
      throw Error(fmt::format("'{}' is the output of the merge: it cannot also be one of its shards", source));
    Xapian::Database db;
    try {
      db = Xapian::Database(source);
    } catch (const Xapian::DatabaseNotFoundError&) {
      throw Error(fmt::format("no index at '{}' to merge", source));
    } catch (const Xapian::Error& e) {
      throw xapian_error(source, e);
    }
    schema::check_version(db, source);
    if (db.get_metadata(schema::kMetaSchema).empty())
      throw Error(fmt::format("'{}' is not a psearch index (built by pindex)", source));
    for (auto it = db.metadata_keys_begin(schema::kMetaFilePrefix); it != db.metadata_keys_end(schema::kMetaFilePrefix);
         ++it) {
      auto [where, fresh] = owner.emplace(*it, source);
      if (!fresh)
        throw Error(fmt::format("'{}' is in both '{}' and '{}': merge the shards of one corpus (pindex --shard K/N, one N)",
                                schema::decode_file_record(db.get_metadata(*it)).path, where->second, source));
    }
    for (const auto& root : schema::decode_strings(db.get_metadata(schema::kMetaRoots)))
      if (std::find(roots.begin(), roots.end(), root) == roots.end()) roots.push_back(root);
    if (synonyms.empty()) synonyms = db.get_metadata(schema::kMetaSynonyms);
    store_text_ = store_text_ || db.get_metadata(schema::kMetaStoreText) == "1";
    merge_sources_.push_back(source);
  }
  merged_roots_ = roots;
  // Shards of one corpus were indexed with its synonym groups: the first shard's fingerprint
  // stands for them (a differing one only makes the next update re-index every file).
  merged_synonyms_ = synonyms;
  dirty_ = true;
  return owner.size();
}

bool IndexWriter::set_synonyms(const Synonyms& synonyms) {
  synonyms_ = &synonyms;
  std::string fingerprint = std::to_string(synonyms.fingerprint());
  bool changed = live_.get_metadata(schema::kMetaSynonyms) != fingerprint;
  if (!dry_run() && (changed || mode_ == WriteMode::Rebuild)) {
    db_.set_metadata(schema::kMetaSynonyms, fingerprint);
    dirty_ = true;
  }
  return changed && mode_ == WriteMode::Update && live_.get_doccount() > 0;
}

bool IndexWriter::set_store_text(std::optional<bool> store) {
  bool recorded = live_.get_metadata(schema::kMetaStoreText) == "1";
  store_text_ = store.value_or(recorded);
  bool changed = store_text_ != recorded;
  if (!dry_run() && (changed || mode_ == WriteMode::Rebuild)) {
    db_.set_metadata(schema::kMetaStoreText, store_text_ ? "1" : "");
    dirty_ = true;
  }
  return changed && mode_ == WriteMode::Update && live_.get_doccount() > 0;
}

bool IndexWriter::set_honour_ignore(std::optional<bool> honour) {
  const bool recorded = live_.get_metadata(schema::kMetaNoIgnore) != "1";
  const bool value = honour.value_or(recorded);
  if (!dry_run() && (value != recorded || mode_ == WriteMode::Rebuild)) {
    db_.set_metadata(schema::kMetaNoIgnore, value ? "" : "1");
    dirty_ = true;
  }
  return value;
}

void IndexWriter::update_record(const schema::FileRecord& record, int part) {
  if (dry_run()) return;
  dirty_ = true;
  db_of(part).set_metadata(schema::file_record_key(schema::file_id(record.path)), schema::encode_file_record(record));
}

void IndexWriter::remove_file(const std::string& path) {
  if (dry_run()) return;
  dirty_ = true;
  const std::string id = schema::file_id(path);
  db_.delete_document(schema::file_term(id));
  db_.set_metadata(schema::file_record_key(id), "");
}

void IndexWriter::move_file(const std::string& from_path, const schema::FileRecord& record) {
  if (dry_run()) return;
  const std::string from_term = schema::file_term(schema::file_id(from_path));
  std::vector<Xapian::Document> moved;
  const auto filter_terms = file_filter_terms(record.path);
  for (auto it = db_.postlist_begin(from_term); it != db_.postlist_end(from_term); ++it) {
    Xapian::Document doc = db_.get_document(*it);
    // A Document fetches what it holds lazily, and the original is deleted before the copy is
    // added: remove_term loads its terms, add_value all its values (the record too); its data
    // is empty (schema 9).
    auto p = schema::decode_passage(doc.get_value(schema::kSlotPassage));
    doc.remove_term(from_term);
    doc.add_boolean_term(schema::file_term(schema::file_id(record.path)));
    replace_filter_terms(doc, filter_terms);
    doc.add_value(schema::kSlotFile, schema::file_value(record.path));
    doc.add_value(schema::kSlotSortKey, schema::sort_key(path_in_root(record.path, roots_), p.first_line));
    moved.push_back(std::move(doc));
  }
  remove_file(from_path);
  for (auto& doc : moved) db_.add_document(doc);
  update_record(record);
}

void IndexWriter::finish() {
  if (dry_run()) return;
  with_xapian_errors(db_path_, [&] {
    if (mode_ == WriteMode::Update && !dirty_) {  // nothing changed: leave the revision as it is
      db_.cancel_transaction();
      in_transaction_ = false;
      return;
    }
    db_.set_metadata(schema::kMetaSchema, std::to_string(schema::kVersion));
    db_.set_metadata(schema::kMetaUpdated, std::to_string(std::time(nullptr)));
    if (in_transaction_) {
      db_.commit_transaction();
      in_transaction_ = false;
    }
    db_.commit();
    if (mode_ == WriteMode::Rebuild) compact_build();
  });
  // The next update checks that no table shrank behind pindex's back (table_sizes.hpp).
  record_table_sizes((fs::path(db_path_) / generation_).string());
}

// A fresh build leaves the B-trees' blocks partly empty; compacting its parts (and the merged
// indexes) into the generation readers open makes it much smaller. Then the stub is swapped.
void IndexWriter::compact_build() {
  Xapian::Database parts(build_path());
  for (int k = 1; k < this->parts(); ++k) {
    extra_parts_[static_cast<std::size_t>(k - 1)]->db.commit();
    parts.add_database(Xapian::Database(build_path(k)));
  }
  for (const auto& source : merge_sources_) parts.add_database(Xapian::Database(source));
  built_passages_ = parts.get_doccount();
  parts.compact((fs::path(db_path_) / generation_).string());
  if (!merge_sources_.empty()) {
    // The shards each hold the roots, shard and synonyms keys, and the compactor keeps one of
    // each in no defined order: what the merged index is, it is told after compaction.
    Xapian::WritableDatabase merged((fs::path(db_path_) / generation_).string(), Xapian::DB_OPEN);
    merged.set_metadata(schema::kMetaShard, ShardOf{}.text());
    merged.set_metadata(schema::kMetaRoots, schema::encode_strings(merged_roots_));
    merged.set_metadata(schema::kMetaSynonyms, merged_synonyms_);
    merged.set_metadata(schema::kMetaStoreText, store_text_ ? "1" : "");  // a shard's that stored it
    merged.set_metadata(schema::kMetaUpdated, std::to_string(std::time(nullptr)));
    merged.commit();
    merged.close();
  }
  parts.close();
  db_.close();
  for (int k = 0; k < this->parts(); ++k) fs::remove_all(build_path(k));
  extra_parts_.clear();
  write_stub(db_path_, generation_);
  remove_stale_generations(db_path_, generation_);
}

}  // namespace psearch
