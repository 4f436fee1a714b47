// Reading the index with Xapian directly; Xapian errors become one-line psearch::Error messages.
#include "searcher/index_reader.hpp"

#include <cstdlib>
#include <algorithm>
#include <chrono>
#include <thread>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "indexer/error.hpp"
#include "indexer/schema.hpp"

namespace fs = std::filesystem;

namespace psearch {
namespace {

constexpr int kRetries = 5;
// Passages sharing this share of their stems (Jaccard) are copies of one another.
constexpr double kDuplicateSimilarity = 0.6;

// BM25 tuned with scripts/eval on tests/relevance (Xapian's default is k1=1, b=0.5,
// min_normlen=0.5): more weight for repeated words, and passages shorter than 1.5 times the
// average are not favoured for their shortness, so a heading-only match does not win.
Xapian::BM25Weight ranking_weight() { return Xapian::BM25Weight(1.5, 0, 1, 0.6, 1.5); }

Xapian::Database open_database_once(const std::string& db_path) {
  Xapian::Database db(db_path);
  if (db.size() == 0) throw Error(fmt::format("'{}' is not a psearch index (run pindex --rebuild)", db_path));
  schema::check_version(db, db_path);
  return db;
}

// pindex --rebuild swaps generations and removes the old one: an open that lands in between
// finds files gone, and simply tries again on the new generation.
Xapian::Database open_database(const std::string& db_path) {
  for (int attempt = 1;; ++attempt) {
    try {
      return open_database_once(db_path);
    } catch (const Xapian::DatabaseNotFoundError&) {
      if (!fs::exists(db_path)) throw Error(fmt::format("no index at '{}' (run pindex first)", db_path));
      if (attempt == kRetries) throw Error(fmt::format("no index at '{}' (run pindex first)", db_path));
    } catch (const Xapian::DatabaseOpeningError& e) {
      if (attempt == kRetries)
        throw Error(fmt::format("cannot open index '{}': {} (run pindex --rebuild)", db_path, e.get_msg()));
    } catch (const Xapian::DatabaseError& e) {
      if (attempt == kRetries)
        throw Error(fmt::format("index '{}' is damaged: {} (run pindex --rebuild)", db_path, e.get_msg()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
  }
}

}  // namespace

std::string find_index(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("PSEARCH_DB"); env && *env) return env;
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  for (fs::path dir = cwd; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / schema::kDefaultDbName, ec)) return (dir / schema::kDefaultDbName).string();
    if (dir == dir.parent_path()) break;
  }
  throw Error(fmt::format("no index '{}' in {} or any parent directory (run pindex first)", schema::kDefaultDbName,
                          cwd.string()));
}

IndexReader::IndexReader(const std::string& db_path) : db_path_(db_path), db_(open_database(db_path)) {}

std::vector<Hit> IndexReader::search(const SearchRequest& request, BuiltQuery& built) {
  for (int attempt = 1;; ++attempt) {
    try {
      return search_once(request, built);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kRetries) throw Error(fmt::format(
            "index '{}' keeps changing; try again (if no pindex is running, it is damaged: run pindex --rebuild)",
            db_path_));
    } catch (const Xapian::DatabaseError& e) {
      // A fresh build swapped generations under us: open the new one.
      if (attempt == kRetries) throw Error(fmt::format("index '{}': {} (run pindex --rebuild)", db_path_, e.get_msg()));
    } catch (const Xapian::WildcardError& e) {
      throw Error(fmt::format("query: {}", e.get_msg()));
    }
    db_ = open_database(db_path_);
  }
}

// The weight query gives one document: BM25 of that part alone, with the same statistics.
double IndexReader::weight_in(const Xapian::Query& query, Xapian::docid did) {
  struct OnlyDoc : Xapian::MatchDecider {
    Xapian::docid did;
    explicit OnlyDoc(Xapian::docid d) : did(d) {}
    bool operator()(const Xapian::Document& doc) const override { return doc.get_docid() == did; }
  } only(did);
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(ranking_weight());
  auto mset = enquire.get_mset(0, 1, 0, nullptr, &only);
  return mset.empty() ? 0.0 : mset.begin().get_weight();
}

std::vector<ScorePart> IndexReader::explain(const BuiltQuery& built, const Xapian::Enquire& enquire,
                                            const Xapian::MSetIterator& hit) {
  std::vector<ScorePart> parts;
  for (auto t = enquire.get_matching_terms_begin(hit); t != enquire.get_matching_terms_end(hit); ++t) {
    const std::string& term = *t;
    bool stem = term.starts_with('Z');
    double w = weight_in(Xapian::Query(term), *hit) * (stem ? 1.0 : kExactFormWeight);
    parts.push_back({stem ? term.substr(1) : term, stem ? "stem" : "exact", w});
  }
  for (const auto& field : built.field_parts) {  // constant weights (query_builder.cpp), not BM25
    auto posting = db_.postlist_begin(field.term);
    posting.skip_to(*hit);
    if (posting != db_.postlist_end(field.term) && *posting == *hit) parts.push_back({field.stem, field.kind, field.weight});
  }
  if (!built.proximity.empty())
    if (double w = weight_in(built.proximity, *hit); w > 0) parts.push_back({"phrase/near", "proximity", w});
  return parts;
}

std::vector<Hit> IndexReader::search_once(const SearchRequest& request, BuiltQuery& built) {
  built = build_query(request.text, db_, request.exact);
  Xapian::Enquire enquire(db_);
  enquire.set_query(built.query);
  enquire.set_weighting_scheme(ranking_weight());
  enquire.set_sort_by_relevance_then_value(schema::kSlotSortKey, false);
  if (request.one_per_file) enquire.set_collapse_key(schema::kSlotFile);
  // Extra candidates, so that folding copies into "also" still leaves max_hits distinct hits.
  bool fold = !request.all_copies && !request.one_per_file;
  Xapian::doccount wanted = fold ? request.max_hits * 2 + 10 : request.max_hits;
  Xapian::MSet mset = enquire.get_mset(0, wanted);
  std::vector<Hit> hits;
  std::vector<std::string> signatures;  // of each kept hit, for near-duplicate detection
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Xapian::Document doc = it.get_document();
    std::string signature;
    if (fold) {
      signature = doc.get_value(schema::kSlotMinHash);
      auto original = std::find_if(signatures.begin(), signatures.end(), [&](const auto& s) {
        return schema::minhash_similarity(s, signature) >= kDuplicateSimilarity;
      });
      if (original != signatures.end()) {
        auto p = schema::decode_passage(doc.get_data());
        hits[static_cast<std::size_t>(original - signatures.begin())].also.push_back(
            {p.path, "", p.first_line, p.last_line});
        continue;
      }
    }
    if (hits.size() == request.max_hits) {
      if (!fold) break;
      continue;  // the remaining candidates only serve as copies of the hits kept
    }
    auto p = schema::decode_passage(doc.get_data());
    Hit hit;
    hit.rank = static_cast<int>(hits.size()) + 1;
    hit.score = it.get_weight();
    hit.path = std::move(p.path);
    hit.first_line = p.first_line;
    hit.last_line = p.last_line;
    hit.heading = std::move(p.heading);
    hit.text = std::move(p.text);
    hit.column = p.column;
    if (auto record = db_.get_metadata(schema::file_record_key(doc.get_value(schema::kSlotFile))); !record.empty()) {
      auto f = schema::decode_file_record(record);
      hit.indexed_mtime_ns = f.mtime_ns;
      hit.indexed_size = f.size;
      hit.indexed_hash = f.content_hash;
    }
    if (request.explain) hit.explain = explain(built, enquire, it);
    hits.push_back(std::move(hit));
    signatures.push_back(std::move(signature));
  }
  return hits;
}

}  // namespace psearch
