// Index writing with Xapian directly. Incremental runs are one transaction, so a crash leaves
// the last committed run; fresh builds go to a new generation swapped in by rename().
#include "indexer/index_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "format/error.hpp"

namespace fs = std::filesystem;

namespace psearch {
namespace {

constexpr const char* kStubName = "XAPIANDB";
constexpr const char* kLockName = "pindex.lock";
// The passage's own words weigh more than the heading it inherits, so that a passage which only
// sits under a matching heading ranks below one that says the words (tuned with scripts/eval).
constexpr Xapian::termcount kTextWdf = 2;
// Text buffered in a fresh build's write buffers before they are flushed: Xapian's buffer takes
// about 25 times the text it holds (kernel Documentation, 10,000 passages of 150 bytes: 40 MB).
// 1 MB rather than 2: Documentation/ plus the kernel's four biggest headers peaked at 140 MB
// instead of 164, in the same time within the machine's noise (27-29 s vs 21-34 s for the docs).
constexpr std::size_t kFlushBytes = 1'000'000;

// The generation the stub points to ("auto gen-3" -> "gen-3"), or "" when there is no stub.
std::string live_generation(const std::string& db_path) {
  std::ifstream in(stub_path(db_path));
  std::string kind, gen;
  if (!(in >> kind >> gen)) return "";
  return gen;
}

std::string next_generation(const std::string& db_path, const std::string& live) {
  int n = live.starts_with("gen-") ? std::atoi(live.c_str() + 4) : 0;
  std::string gen;
  do gen = fmt::format("gen-{}", ++n);
  while (fs::exists(fs::path(db_path) / gen));
  return gen;
}

void write_stub(const std::string& db_path, const std::string& gen) {
  std::string tmp = stub_path(db_path) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "auto " << gen << "\n";
    out.flush();
    if (!out) throw Error(fmt::format("cannot write '{}'", tmp));
  }
  if (std::rename(tmp.c_str(), stub_path(db_path).c_str()) != 0)
    throw Error(fmt::format("cannot replace '{}'", stub_path(db_path)));
}

// Leftovers of an interrupted fresh build, or of a swapped-out generation.
void remove_stale_generations(const std::string& db_path, const std::string& keep) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(db_path, ec)) {
    auto name = e.path().filename().string();
    if (name.starts_with("gen-") && name != keep) fs::remove_all(e.path(), ec);
  }
}

std::string translate(const Xapian::Error& e, const std::string& db_path) {
  return fmt::format("index '{}': {}: {} (run pindex --rebuild if it persists)", db_path, e.get_type(), e.get_msg());
}

}  // namespace

std::string stub_path(const std::string& db_path) { return (fs::path(db_path) / kStubName).string(); }

void check_index_dir(const std::string& db_path) {
  std::error_code ec;
  if (!fs::exists(db_path, ec) || !live_generation(db_path).empty()) return;
  bool ours = fs::is_directory(db_path, ec);
  for (const auto& e : fs::directory_iterator(db_path, ec)) {
    auto name = e.path().filename().string();
    ours = ours && (name == kLockName || name.starts_with("gen-") || name.starts_with(kStubName));
  }
  if (!ours) throw Error(fmt::format("'{}' exists and is not a psearch index; choose another --db", db_path));
}

std::string lock_path(const std::string& db_path) { return (fs::path(db_path) / kLockName).string(); }

IndexWriter::IndexWriter(const std::string& db_path, WriteMode mode)
    : db_path_(db_path), mode_(mode), tg_(schema::make_term_generator()) {
  std::error_code ec;
  check_index_dir(db_path);
  std::string live = live_generation(db_path);
  if (live.empty() && mode_ == WriteMode::Update) mode_ = WriteMode::Rebuild;
  try {
    if (!live.empty()) {
      try {
        live_ = Xapian::Database((fs::path(db_path) / live).string());
        // An index of an older schema version cannot be updated: pindex builds it anew. (A newer
        // or unknown version is left alone: check_version says to run pindex --rebuild.)
        if (auto version = live_.get_metadata(schema::kMetaSchema);
            mode_ == WriteMode::Update && !version.empty() && version.size() < 9 &&
            version.find_first_not_of("0123456789") == std::string::npos && std::stoi(version) < schema::kVersion) {
          old_schema_ = version;
          mode_ = WriteMode::Rebuild;
        }
        if (mode_ != WriteMode::Rebuild) schema::check_version(live_, db_path);  // --rebuild replaces any version
        live_roots_ = schema::decode_strings(live_.get_metadata(schema::kMetaRoots));
      } catch (const Xapian::Error&) {
        if (mode_ != WriteMode::Rebuild) throw;
        live_ = Xapian::Database();  // --rebuild is the cure for a damaged index: do without it
      } catch (const Error&) {
        if (mode_ != WriteMode::Rebuild) throw;
        live_ = Xapian::Database();
      }
    }
    if (dry_run()) return;
    fs::create_directories(db_path, ec);
    if (ec) throw Error(fmt::format("cannot create index directory '{}': {}", db_path, ec.message()));
    remove_stale_generations(db_path, live);
    if (mode_ == WriteMode::Rebuild) {
      generation_ = next_generation(db_path, live);
      db_ = Xapian::WritableDatabase(build_path(), Xapian::DB_CREATE);
    } else {
      generation_ = live;
      db_ = Xapian::WritableDatabase((fs::path(db_path) / live).string(), Xapian::DB_OPEN);
      db_.begin_transaction(false);
      in_transaction_ = true;
    }
  } catch (const Xapian::DatabaseLockError&) {
    throw Error(fmt::format("index '{}' is locked by another writer", db_path));
  } catch (const Xapian::Error& e) {
    throw Error(translate(e, db_path));
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
  try {
    for (int k = parts(); k < n; ++k) {
      auto part = std::make_unique<Part>(Part{Xapian::WritableDatabase(build_path(k), Xapian::DB_CREATE),
                                              schema::make_term_generator()});
      extra_parts_.push_back(std::move(part));
    }
  } catch (const Xapian::Error& e) {
    throw Error(translate(e, db_path_));
  }
}

Xapian::doccount IndexWriter::passage_count() const {
  if (dry_run()) return live_.get_doccount();
  if (mode_ == WriteMode::Rebuild) return built_passages_;
  return db_.get_doccount();
}

namespace {

// The passage as stored: where its text is in the file, and the text itself only when the
// file's bytes there do not give it back (a line that starts with a byte-order mark mid-file).
schema::PassageRecord passage_record(const Passage& p, std::string_view content,
                                     const std::vector<std::string_view>& lines, bool store_text) {
  schema::PassageRecord r{p.first_line, p.last_line, p.heading, {}, p.column};
  r.text_size = p.text.size();
  r.text_hash = schema::fnv1a(p.text);
  auto span = text_span(content, lines, p.first_line, p.last_line, p.column, p.text.size());
  if (span) {
    r.offset = span->offset;
    r.span = span->size;
  }
  r.text_stored = store_text || !span || span_text(content.substr(span->offset, span->size), p.text.size()) != p.text;
  if (r.text_stored) r.text = p.text;
  return r;
}

}  // namespace

void IndexWriter::replace_file(schema::FileRecord record, std::string_view content, int part) {
  if (dry_run()) return;
  const auto lines = split_lines(content);
  auto& db = part ? extra_parts_.at(static_cast<std::size_t>(part - 1))->db : db_;
  auto& tg = part ? extra_parts_.at(static_cast<std::size_t>(part - 1))->tg : tg_;
  const std::string id_term = schema::file_term(schema::file_id(record.path));
  const std::string file_value = schema::file_value(record.path);
  const std::string relative_path = path_in_root(record.path, roots_);
  if (mode_ == WriteMode::Update) db.delete_document(id_term);
  // An abbreviation the file defines ("gamma-aminobutyric acid (GABA)") is a synonym in all of it.
  const auto defined = synonyms_ ? synonyms_->with_definitions(content) : Synonyms().with_definitions(content);
  const Synonyms* synonyms = defined ? &*defined : synonyms_;
  std::string previous_heading;
  int count = 0;
  split_passages(content, [&](Passage&& p) {
    ++count;
    Xapian::Document doc;
    tg.set_document(doc);
    // The passage a heading introduces (the first under it) holds its words and its phrases; the
    // later ones hold its words only, so that a phrase of the heading (the proximity boost, a
    // quoted query) ranks the section once, not each short passage of it above the one that says
    // it: "alternative remedies" put "Leave a Reply" above the remedies list (scripts/eval:
    // nDCG@5 0.893 -> 0.894, MRR 0.968 -> 0.971, no query lower; kernel Documentation/ index
    // 237 -> 220 MB).
    const bool introduces = !p.heading.empty() && (count == 1 || previous_heading != p.heading);
    const bool inherits = !p.heading.empty() && !introduces;
    if (introduces) {
      tg.index_text(p.heading);
      tg.increase_termpos();  // no phrase across heading and text
    } else if (inherits) {
      tg.index_text_without_positions(p.heading);
    }
    tg.index_text(p.text, kTextWdf);
    // The fields psearch boosts (schema.hpp): the heading on the passage it introduces (the
    // first under it), and every passage's opening words, which name what it is about.
    auto index_field = [&](const std::string& text, const char* prefix) {
      tg.index_field(text, prefix);
      if (synonyms)
        for (const auto& extra : synonyms->expansions(text)) tg.index_field(extra, prefix);
    };
    if (introduces) index_field(p.heading, schema::kPrefixHeading);
    if (previous_heading != p.heading) previous_heading = p.heading;
    index_field(schema::opening_words(p.text), schema::kPrefixOpening);
    if (synonyms) {
      // The other forms of the synonym groups the passage mentions; like the heading's own words,
      // a form only an inherited heading calls for comes without positions (no phrase).
      for (const auto& extra : synonyms->expansions(p.heading, p.text)) {
        if (inherits && !extra.in_text) {
          tg.index_text_without_positions(extra.text);
        } else {
          tg.increase_termpos();
          tg.index_text(extra.text);
        }
      }
    }
    dirty_ = true;
    std::vector<std::string> stems;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      if ((*t).starts_with('Z') && !schema::is_field_term(*t)) stems.push_back(*t);
    doc.add_value(schema::kSlotMinHash, schema::minhash_signature(stems));
    doc.add_boolean_term(id_term);
    doc.add_value(schema::kSlotFile, file_value);
    doc.add_value(schema::kSlotSortKey, schema::sort_key(relative_path, p.first_line));
    doc.add_value(schema::kSlotPassage, schema::encode_passage(passage_record(p, content, lines, store_text_)));
    db.add_document(doc);
    // Xapian flushes its write buffer every 10,000 documents, whatever their size: with long
    // passages (source code) that buffer alone passed 150 MB. A fresh build flushes by the bytes
    // of text instead, the budget shared by the parts, and within a file (one generated header is
    // 20 MB of passages), so memory stays bounded whatever the corpus.
    if (mode_ == WriteMode::Rebuild) {
      auto& unflushed = part ? extra_parts_.at(static_cast<std::size_t>(part - 1))->unflushed_bytes : unflushed_bytes_;
      unflushed += p.text.size() + p.heading.size();
      if (unflushed > kFlushBytes / static_cast<std::size_t>(parts())) {
        db.commit();
        unflushed = 0;
      }
    }
  });
  record.passages = count;
  update_record(record, part);
}

schema::ShardOf IndexWriter::shard() const {
  try {
    return schema::parse_shard(live_.get_metadata(schema::kMetaShard));
  } catch (const Error&) {
    return {};  // unreadable: treated as every file (--shard K/N sets it anew)
  }
}

void IndexWriter::set_shard(const schema::ShardOf& shard) {
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
      throw Error(fmt::format("cannot open '{}' to merge: {}", source, e.get_msg()));
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

void IndexWriter::update_record(const schema::FileRecord& record, int part) {
  if (dry_run()) return;
  dirty_ = true;
  auto& db = part ? extra_parts_.at(static_cast<std::size_t>(part - 1))->db : db_;
  db.set_metadata(schema::file_record_key(schema::file_id(record.path)), schema::encode_file_record(record));
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
  for (auto it = db_.postlist_begin(from_term); it != db_.postlist_end(from_term); ++it) {
    Xapian::Document doc = db_.get_document(*it);
    // A Document fetches what it holds lazily, and the original is deleted before the copy is
    // added: remove_term loads its terms, add_value all its values (the record too); its data
    // is empty (schema 9).
    auto p = schema::decode_passage(doc.get_value(schema::kSlotPassage));
    doc.remove_term(from_term);
    doc.add_boolean_term(schema::file_term(schema::file_id(record.path)));
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
  try {
    if (mode_ == WriteMode::Update && !dirty_) {  // nothing changed: leave the revision as it is
      db_.cancel_transaction();
      in_transaction_ = false;
      return;
    }
    db_.set_metadata(schema::kMetaSchema, std::to_string(schema::kVersion));
    if (in_transaction_) {
      db_.commit_transaction();
      in_transaction_ = false;
    }
    db_.commit();
    if (mode_ == WriteMode::Rebuild) {
      // A fresh build leaves the B-trees' blocks partly empty; compacting its parts into the
      // generation readers open halves the index (kernel Documentation: 567 MB -> 337 MB).
      Xapian::Database parts(build_path());
      for (int k = 1; k < this->parts(); ++k) {
        extra_parts_[static_cast<std::size_t>(k - 1)]->db.commit();
        parts.add_database(Xapian::Database(build_path(k)));
      }
      for (const auto& source : merge_sources_) parts.add_database(Xapian::Database(source));
      built_passages_ = parts.get_doccount();
      parts.compact((fs::path(db_path_) / generation_).string());
      if (!merge_sources_.empty()) {
        // The shards each hold the roots, shard and synonyms keys, and the compactor keeps one
        // of each in no defined order: what the merged index is, it is told after compaction.
        Xapian::WritableDatabase merged((fs::path(db_path_) / generation_).string(), Xapian::DB_OPEN);
        merged.set_metadata(schema::kMetaShard, schema::ShardOf{}.text());
        merged.set_metadata(schema::kMetaRoots, schema::encode_strings(merged_roots_));
        merged.set_metadata(schema::kMetaSynonyms, merged_synonyms_);
        merged.set_metadata(schema::kMetaStoreText, store_text_ ? "1" : "");  // a shard's that stored it
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
  } catch (const Xapian::Error& e) {
    throw Error(translate(e, db_path_));
  }
}

}  // namespace psearch
