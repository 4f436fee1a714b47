// Reading the index with Xapian directly; Xapian errors become one-line psearch::Error messages.
// Several shards are one Xapian::Database (add_database), so the ranking uses the statistics of
// all of them, exactly as one index built from the whole corpus would.
#include "searcher/index_reader.hpp"

#include <cstdlib>
#include <algorithm>
#include <chrono>
#include <future>
#include <thread>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "searcher/file_ranking.hpp"
#include "searcher/spelling.hpp"

namespace fs = std::filesystem;

namespace psearch {
namespace {

constexpr int kRetries = 5;
// Passages sharing this share of their stems (Jaccard) are copies of one another.
constexpr double kDuplicateSimilarity = 0.6;
// -l ranks again this many files per hit asked for (at least kMinFileCandidates), taken from the
// files of the best passages.
constexpr Xapian::doccount kFileCandidatesPerHit = 3;
constexpr Xapian::doccount kMinFileCandidates = 30;

// BM25 chosen with scripts/eval on the public collections and tests/relevance together
// (Xapian's default is k1=1, b=0.5, min_normlen=0.5): more weight for repeated words; a short
// passage (a title line) may be favoured for its shortness down to half the average length.
Xapian::BM25Weight ranking_weight() { return Xapian::BM25Weight(1.5, 0, 1, 0.6, 0.5); }

Xapian::Database open_database_once(const std::string& db_path) {
  Xapian::Database db(db_path);
  if (db.size() == 0) throw Error(fmt::format("'{}' is not a psearch index (run pindex --rebuild)", db_path));
  schema::check_version(db, db_path);
  return db;
}

// pindex --rebuild swaps generations and removes the old one: an open that lands in between
// finds files gone, and simply tries again on the new generation.
Xapian::Database open_local(const std::string& db_path) {
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

// A remote shard: xapian-tcpsrv (or a program such as ssh ... xapian-progsrv) answers within
// timeout for the connection and for every reply, so a shard that hangs never hangs psearch.
Xapian::Database open_remote(const ShardSpec& spec, double timeout_seconds) {
  auto ms = static_cast<unsigned>(std::max(1.0, timeout_seconds * 1000));
  try {
    Xapian::Database db = spec.kind == ShardSpec::Kind::Remote ? Xapian::Remote::open(spec.host, spec.port, ms, ms)
                                                               : Xapian::Remote::open(spec.program, spec.args, ms);
    schema::check_version(db, spec.name);
    return db;
  } catch (const Xapian::NetworkTimeoutError&) {
    throw Error(fmt::format("shard '{}' did not answer within {:g} s (--timeout)", spec.name, timeout_seconds));
  } catch (const Xapian::NetworkError& e) {
    throw Error(fmt::format("cannot reach shard '{}': {}", spec.name, e.get_msg()));
  } catch (const Xapian::Error& e) {
    throw Error(fmt::format("shard '{}': {}: {}", spec.name, e.get_type(), e.get_msg()));
  }
}

Xapian::Database open_shard(const ShardSpec& spec, double timeout_seconds) {
  return spec.kind == ShardSpec::Kind::Local ? open_local(spec.path) : open_remote(spec, timeout_seconds);
}

// The passages query matches: exact up to the counts prefer_correction compares, a lower bound
// beyond. Passages, not --files' files, so that -l decides as the passage output does.
Xapian::doccount match_count(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());  // only the count is wanted
  return enquire.get_mset(0, 0, kFewMatches * kManyMoreMatches).get_matches_lower_bound();
}

}  // namespace

std::vector<std::string> find_indexes(const std::vector<std::string>& options) {
  if (!options.empty()) return options;
  if (const char* env = std::getenv("PSEARCH_DB"); env && *env) {
    auto entries = split_db_list(env);
    if (!entries.empty()) return entries;
  }
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  for (fs::path dir = cwd; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / schema::kDefaultDbName, ec)) return {(dir / schema::kDefaultDbName).string()};
    if (dir == dir.parent_path()) break;
  }
  throw Error(fmt::format("no index '{}' in {} or any parent directory (run pindex first)", schema::kDefaultDbName,
                          cwd.string()));
}

IndexReader::IndexReader(const std::vector<ShardSpec>& shards, double timeout_seconds)
    : specs_(shards), timeout_seconds_(timeout_seconds) {
  if (specs_.size() == 1) {
    shards_.push_back({specs_[0], open_shard(specs_[0], timeout_seconds_)});  // its error is the error
    combine();
    return;
  }
  open_all();
}

// Shards open side by side, so that several that are down cost one timeout, not one each.
void IndexReader::open_all() {
  std::vector<std::future<Xapian::Database>> opening;
  for (const auto& spec : specs_)
    opening.push_back(std::async(std::launch::async, [&spec, this] { return open_shard(spec, timeout_seconds_); }));
  shards_.clear();
  down_.clear();
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    try {
      shards_.push_back({specs_[i], opening[i].get()});
    } catch (const std::exception& e) {
      down_.push_back({specs_[i].name, e.what()});
    } catch (const Xapian::Error& e) {
      down_.push_back({specs_[i].name, fmt::format("shard '{}': {}", specs_[i].name, e.get_msg())});
    }
  }
  combine();
}

void IndexReader::combine() {
  db_ = Xapian::Database();
  first_sub_.clear();
  for (const auto& shard : shards_) {
    first_sub_.push_back(db_.size());
    db_.add_database(shard.db);
  }
}

// Docids of a database of n sub-databases interleave: sub-database (did - 1) % n holds it.
const IndexReader::Shard& IndexReader::shard_of(Xapian::docid did) const {
  std::size_t sub = (did - 1) % db_.size();
  auto next = std::upper_bound(first_sub_.begin(), first_sub_.end(), sub);
  return shards_[static_cast<std::size_t>(next - first_sub_.begin()) - 1];
}

// After a network error: which shard failed is not said, and the other remote connections may
// hold replies never read. So each remote shard gets a fresh connection and runs the search alone,
// side by side; those that fail (within the timeout) are left out, the others keep their fresh
// connection. Returns whether any was left out.
bool IndexReader::drop_failing_shards(const SearchRequest& request) {
  std::vector<std::future<Xapian::Database>> probes(shards_.size());
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (shards_[i].spec.kind == ShardSpec::Kind::Local) continue;
    probes[i] = std::async(std::launch::async, [this, &request, spec = shards_[i].spec] {
      Xapian::Database db = open_shard(spec, timeout_seconds_);
      try {
        Xapian::Enquire enquire(db);
        enquire.set_query(build_query(request.text, db).query);
        enquire.get_mset(0, request.max_hits);
      } catch (const Xapian::NetworkTimeoutError&) {
        throw Error(fmt::format("shard '{}' did not answer within {:g} s (--timeout)", spec.name, timeout_seconds_));
      } catch (const Xapian::NetworkError& e) {
        throw Error(fmt::format("lost shard '{}': {}", spec.name, e.get_msg()));
      }
      return db;
    });
  }
  bool dropped = false;
  std::vector<Shard> kept;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (!probes[i].valid()) {
      kept.push_back(std::move(shards_[i]));
      continue;
    }
    try {
      kept.push_back({shards_[i].spec, probes[i].get()});
    } catch (const std::exception& e) {
      down_.push_back({shards_[i].spec.name, e.what()});
      dropped = true;
    } catch (const Xapian::Error& e) {
      down_.push_back({shards_[i].spec.name, fmt::format("shard '{}': {}", shards_[i].spec.name, e.get_msg())});
      dropped = true;
    }
  }
  shards_ = std::move(kept);
  combine();
  return dropped;
}

std::vector<Hit> IndexReader::search(const SearchRequest& request, BuiltQuery& built) {
  for (int attempt = 1;; ++attempt) {
    if (shards_.empty())
      throw Error(specs_.size() == 1 ? down_.front().reason
                                     : fmt::format("none of the {} shards could be searched", specs_.size()));
    try {
      return search_once(request, built);
    } catch (const Xapian::NetworkError& e) {
      if (!drop_failing_shards(request)) throw Error(fmt::format("remote shard: {}", e.get_msg()));
      continue;  // the search again, on the shards left
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kRetries) throw Error(fmt::format(
            "index '{}' keeps changing; try again (if no pindex is running, it is damaged: run pindex --rebuild)",
            specs_.front().name));
    } catch (const Xapian::DatabaseError& e) {
      // A fresh build swapped generations under us: open the new one.
      if (attempt == kRetries)
        throw Error(fmt::format("index '{}': {} (run pindex --rebuild)", specs_.front().name, e.get_msg()));
    } catch (const Xapian::WildcardError& e) {
      throw Error(fmt::format("query: {}", e.get_msg()));
    }
    if (specs_.size() == 1) {
      shards_.front().db = open_shard(specs_.front(), timeout_seconds_);
      combine();
    } else {
      open_all();
    }
  }
}

// BM25 of that part of the query alone for one passage, with the same statistics: the query
// filtered to the passage's sort key (path and line: one passage, or the fragments of one long
// line). A filter, not a MatchDecider, so that it runs on remote shards too.
double IndexReader::weight_in(const Xapian::Query& query, Xapian::docid did, const std::string& key) {
  Xapian::Enquire enquire(db_);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotSortKey, key, key)));
  enquire.set_weighting_scheme(ranking_weight());
  auto mset = enquire.get_mset(0, 1000);
  for (auto it = mset.begin(); it != mset.end(); ++it)
    if (*it == did) return it.get_weight();
  return 0.0;
}

std::vector<ScorePart> IndexReader::explain(const BuiltQuery& built, const Xapian::Enquire& enquire,
                                            const Xapian::MSetIterator& hit) {
  std::vector<ScorePart> parts;
  std::string key = hit.get_document().get_value(schema::kSlotSortKey);
  // A wildcard's words are one synonym: its weight is the synonym's, not the sum of its words'.
  std::set<std::string> expanded;
  for (const auto& [pattern, synonym] : built.wildcards) {
    for (auto t = synonym.get_terms_begin(); t != synonym.get_terms_end(); ++t) expanded.insert(*t);
    if (double w = weight_in(synonym, *hit, key); w > 0) parts.push_back({pattern, "wildcard", w});
  }
  for (auto t = enquire.get_matching_terms_begin(hit); t != enquire.get_matching_terms_end(hit); ++t) {
    const std::string& term = *t;
    if (expanded.count(term) || schema::is_field_term(term)) continue;  // weighed below
    bool stem = term.starts_with('Z');
    double w = weight_in(Xapian::Query(term), *hit, key) * (stem ? 1.0 : kExactFormWeight);
    parts.push_back({stem ? term.substr(1) : term, stem ? "stem" : "exact", w});
  }
  for (const auto& field : built.field_parts)  // constant weights (query_builder.cpp), not BM25
    if (double w = weight_in(field.query, *hit, key); w > 0) parts.push_back({field.stem, field.kind, w});
  if (!built.proximity.empty())
    if (double w = weight_in(built.proximity, *hit, key); w > 0) parts.push_back({"phrase/near", "proximity", w});
  return parts;
}

// The record of the file a passage belongs to: its path and what pindex knew of it. Metadata
// is each shard's own (a multi-database reads only the first shard's).
schema::FileRecord IndexReader::file_record_of(const Shard& shard, const Xapian::Document& doc) {
  auto record = shard.db.get_metadata(schema::file_record_key(schema::file_id_of_value(doc.get_value(schema::kSlotFile))));
  if (record.empty()) throw Error(fmt::format("index '{}': a passage has no file record (run pindex --rebuild)", shard.spec.name));
  return schema::decode_file_record(record);
}

// One hit from the passage the MSet names: its record, its file's record, its shard.
Hit IndexReader::make_hit(const Xapian::MSetIterator& it) {
  Xapian::Document doc = it.get_document();
  auto p = schema::decode_passage(doc.get_value(schema::kSlotPassage));
  Hit hit;
  hit.score = it.get_weight();
  hit.first_line = p.first_line;
  hit.last_line = p.last_line;
  hit.heading = std::move(p.heading);
  hit.text = std::move(p.text);
  hit.column = p.column;
  hit.text_stored = p.text_stored;
  hit.text_offset = p.offset;
  hit.text_span = p.span;
  hit.text_size = p.text_size;
  hit.text_hash = p.text_hash;
  const Shard& shard = shard_of(*it);
  hit.shard = shard.spec.name;
  hit.remote = shard.spec.kind != ShardSpec::Kind::Local;
  auto f = file_record_of(shard, doc);
  hit.path = std::move(f.path);
  hit.indexed_mtime_ns = f.mtime_ns;
  hit.indexed_size = f.size;
  hit.indexed_hash = f.content_hash;
  return hit;
}

// -l: the files of the best passages are the candidates, ranked again as whole documents
// (file_ranking.hpp); each is shown by its best passage.
std::vector<Hit> IndexReader::search_files(const SearchRequest& request, const BuiltQuery& built,
                                           Xapian::Enquire& enquire) {
  enquire.set_collapse_key(schema::kSlotFile);
  Xapian::MSet mset = enquire.get_mset(0, std::max<Xapian::doccount>(request.max_hits * kFileCandidatesPerHit,
                                                                     kMinFileCandidates));
  std::vector<FileCandidate> candidates;
  for (auto it = mset.begin(); it != mset.end(); ++it)
    candidates.push_back({schema::file_term(schema::file_id_of_value(it.get_document().get_value(schema::kSlotFile))),
                          it.get_weight()});
  auto scores = file_scores(db_, built.stems, candidates);
  std::vector<Xapian::doccount> order(candidates.size());
  for (Xapian::doccount i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return scores[a] > scores[b]; });
  order.resize(std::min<std::size_t>(order.size(), request.max_hits));
  std::vector<Hit> hits;
  for (auto i : order) {
    Hit hit = make_hit(mset[i]);
    hit.rank = static_cast<int>(hits.size()) + 1;
    hit.score = scores[i];
    if (request.explain) hit.explain = explain(built, enquire, mset[i]);
    hits.push_back(std::move(hit));
  }
  return hits;
}

// For each file whose hits reached the cap, the passages of it that match and were not shown
// (as hits or as copies), on its last hit shown: one count of the matching query (no boosts, no
// weights) filtered to the file each.
void IndexReader::count_more_in_files(const Xapian::Query& query, unsigned cap, std::vector<Hit>& hits) {
  std::map<std::string, std::vector<std::size_t>> shown;  // path -> its hits' indexes
  for (std::size_t i = 0; i < hits.size(); ++i) shown[hits[i].path].push_back(i);
  for (const auto& entry : shown) {
    const std::string& path = entry.first;  // not a structured binding: clang 14 refuses one in a lambda
    const std::vector<std::size_t>& indexes = entry.second;
    if (indexes.size() < cap) continue;
    Xapian::Enquire enquire(db_);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    Xapian::Query(schema::file_term(schema::file_id(path)))));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    auto matches = enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
    std::size_t listed = indexes.size();
    for (auto i : indexes)
      listed += static_cast<std::size_t>(std::count_if(hits[i].also.begin(), hits[i].also.end(),
                                                       [&](const HitRef& copy) { return copy.path == path; }));
    if (matches > listed) hits[indexes.back()].more_in_file = static_cast<int>(matches - listed);
  }
}

// The query as typed, or its confident spelling correction when the typed one finds (almost)
// nothing; a correction not searched is only suggested. Counted over the combined shards, so a
// sharded index decides as one index would.
BuiltQuery IndexReader::spelled_query(const SearchRequest& request) {
  BuiltQuery typed = build_query(request.text, db_);
  if (request.exact) return typed;
  std::string correction = correct_spelling(request.text, db_);
  if (correction.empty()) return typed;
  BuiltQuery corrected;
  try {
    corrected = build_query(correction, db_);
  } catch (const Error&) {
    return typed;  // a correction is never worth an error the typed query does not give
  }
  if (!prefer_correction(match_count(db_, typed.query), match_count(db_, corrected.query))) {
    typed.suggested = std::move(correction);
    return typed;
  }
  corrected.corrected = std::move(correction);
  return corrected;
}

std::vector<Hit> IndexReader::search_once(const SearchRequest& request, BuiltQuery& built) {
  built = spelled_query(request);
  Xapian::Enquire enquire(db_);
  enquire.set_query(built.query);
  enquire.set_weighting_scheme(ranking_weight());
  enquire.set_sort_by_relevance_then_value(schema::kSlotSortKey, false);
  if (request.one_per_file) return search_files(request, built, enquire);
  auto hits = search_passages(request, built, enquire);
  if (request.per_file > 0) count_more_in_files(built.matching, request.per_file, hits);
  return hits;
}

// Whether the candidate is a copy of a kept hit (then named in its "also"), for near-duplicate
// folding; signature is the candidate's.
bool IndexReader::fold_copy(const Xapian::MSetIterator& it, const std::string& signature, PassageHits& kept) {
  auto original = std::find_if(kept.signatures.begin(), kept.signatures.end(), [&](const auto& s) {
    return schema::minhash_similarity(s, signature) >= kDuplicateSimilarity;
  });
  if (original == kept.signatures.end()) return false;
  Xapian::Document doc = it.get_document();
  auto p = schema::decode_passage(doc.get_value(schema::kSlotPassage));
  const Shard& shard = shard_of(*it);
  kept.hits[static_cast<std::size_t>(original - kept.signatures.begin())].also.push_back(
      {file_record_of(shard, doc).path, "", p.first_line, p.last_line, shard.spec.name,
       shard.spec.kind != ShardSpec::Kind::Local});
  return true;
}

// The best passages, page by page of the MSet (the first page as many as folding needs, then
// twice as many each time) until max_hits are kept: copies folded into their best hit, and at
// most per_file hits of one file, so the next file's best comes up instead. Paging, not Xapian's
// collapse: collapsing reads every candidate's file value, and most queries need one page.
std::vector<Hit> IndexReader::search_passages(const SearchRequest& request, const BuiltQuery& built,
                                              Xapian::Enquire& enquire) {
  bool fold = !request.all_copies;
  PassageHits kept;
  std::map<std::string, unsigned> per_file;  // kSlotFile value -> hits kept
  Xapian::doccount page = fold ? request.max_hits * 2 + 10 : request.max_hits;
  for (Xapian::doccount first = 0;; first += page, page *= 2) {
    Xapian::MSet mset = enquire.get_mset(first, page);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Xapian::Document doc = it.get_document();
      std::string signature = fold ? doc.get_value(schema::kSlotMinHash) : std::string();
      if (fold && fold_copy(it, signature, kept)) continue;
      if (kept.hits.size() == request.max_hits) {
        if (!fold) break;
        continue;  // the remaining candidates only serve as copies of the hits kept
      }
      if (request.per_file > 0 && ++per_file[doc.get_value(schema::kSlotFile)] > request.per_file)
        continue;  // counted under the file's last hit (count_more_in_files)
      Hit hit = make_hit(it);
      hit.rank = static_cast<int>(kept.hits.size()) + 1;
      if (request.explain) hit.explain = explain(built, enquire, it);
      kept.hits.push_back(std::move(hit));
      kept.signatures.push_back(std::move(signature));
    }
    if (kept.hits.size() == request.max_hits || mset.size() < page) break;
  }
  return std::move(kept.hits);
}

}  // namespace psearch
