// Opens the index (one or several shards searched as one) and runs a query: Enquire, MSet ->
// hits, with reopen-and-retry when pindex commits underneath, and shards that are down left out.
#pragma once
#include <string>
#include <vector>

#include <xapian.h>

#include "format/schema.hpp"
#include "searcher/hit.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/shard_list.hpp"

namespace psearch {

/// The indexes to search: the --db entries, else $PSEARCH_DB's colon-separated list, else
/// .psearch here or in the nearest parent. Throws psearch::Error naming the path when there is none.
std::vector<std::string> find_indexes(const std::vector<std::string>& options);

struct SearchRequest {
  std::string text;
  unsigned max_hits = 10;
  bool one_per_file = false;   // --files: files ranked as documents, each with its best passage
  bool all_copies = false;     // --all: near-duplicate passages are not folded into "also"
  unsigned per_file = 3;       // --per-file: at most this many hits of one file (0: no cap)
  bool exact = false;          // --exact: no spelling correction (nor suggestion)
  bool explain = false;        // fill Hit::explain
};

/// A shard that could not be searched, and why.
struct ShardFailure {
  std::string shard;
  std::string reason;
};

class IndexReader {
public:
  /// Opens the shards (remote ones with timeout_seconds for connecting and for each reply).
  /// With one shard, throws psearch::Error when it cannot be opened (missing, corrupt, other
  /// schema); with several, those that cannot be opened are listed in down().
  IndexReader(const std::vector<ShardSpec>& shards, double timeout_seconds);

  /// Builds the query and returns the best hits of all open shards ranked together (Xapian
  /// merges their statistics), near-duplicates folded into the "also" of the best copy unless
  /// all_copies; fills built (built.corrected when a spelling correction was searched instead,
  /// built.suggested when one was only suggested). A shard that fails meanwhile is added to down() and the search
  /// runs again without it. Throws psearch::Error when no shard is left.
  std::vector<Hit> search(const SearchRequest& request, BuiltQuery& built);

  const std::vector<ShardFailure>& down() const { return down_; }
  std::size_t shard_count() const { return specs_.size(); }

private:
  struct Shard {
    ShardSpec spec;
    Xapian::Database db;
  };
  void open_all();
  void combine();
  bool drop_failing_shards(const SearchRequest& request);
  const Shard& shard_of(Xapian::docid did) const;
  static schema::FileRecord file_record_of(const Shard& shard, const Xapian::Document& doc);
  std::vector<ScorePart> explain(const BuiltQuery& built, const Xapian::Enquire& enquire,
                                 const Xapian::MSetIterator& hit);
  double weight_in(const Xapian::Query& query, Xapian::docid did, const std::string& key);
  std::vector<Hit> search_once(const SearchRequest& request, BuiltQuery& built);
  std::vector<Hit> search_files(const SearchRequest& request, const BuiltQuery& built, Xapian::Enquire& enquire);
  Hit make_hit(const Xapian::MSetIterator& it);
  struct PassageHits {
    std::vector<Hit> hits;
    std::vector<std::string> signatures;  // of each kept hit, for near-duplicate detection
  };
  bool fold_copy(const Xapian::MSetIterator& it, const std::string& signature, PassageHits& kept);
  std::vector<Hit> search_passages(const SearchRequest& request, const BuiltQuery& built, Xapian::Enquire& enquire);
  void count_more_in_files(const Xapian::Query& query, unsigned cap, std::vector<Hit>& hits);
  BuiltQuery spelled_query(const SearchRequest& request);

  std::vector<ShardSpec> specs_;
  double timeout_seconds_;
  std::vector<Shard> shards_;           // the open ones, in the order given
  std::vector<std::size_t> first_sub_;  // shards_[i]'s first sub-database in db_
  std::vector<ShardFailure> down_;
  Xapian::Database db_;                 // every open shard, as one database
};

}  // namespace psearch
