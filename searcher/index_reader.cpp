// The search over all open shards, kept going while shards fail and pindex commits underneath.
#include "searcher/index_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <future>

#include <fmt/format.h>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "searcher/file_search.hpp"
#include "searcher/filters.hpp"
#include "searcher/passage_search.hpp"
#include "searcher/ranking_weight.hpp"
#include "searcher/shard_opening.hpp"
#include "searcher/spelling.hpp"
#include "searcher/xapian_error.hpp"

namespace psearch {
namespace {

constexpr int kSearchAttempts = 5;

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

// The query of the words typed, without its dir: and ext: filters (so that they feed neither
// spelling nor highlighting); filters alone search every passage they let through.
BuiltQuery words_query(const std::string& words, const QueryFilters& filters, bool exact, const Xapian::Database& db) {
  if (filters.empty() || !blank(words)) return spelled_query(words, exact, db);
  BuiltQuery all;
  all.query = all.matching = Xapian::Query::MatchAll;
  return all;
}

// Each shard with the database its future gives (its own when it has none); a shard whose
// future throws is added to down instead.
std::vector<OpenShard> collect(const std::vector<OpenShard>& shards, std::vector<std::future<Xapian::Database>>& dbs,
                               std::vector<ShardFailure>& down) {
  std::vector<OpenShard> opened;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    try {
      opened.push_back({shards[i].spec, dbs[i].valid() ? dbs[i].get() : shards[i].db});
    } catch (const std::exception& e) {  // a psearch::Error: open_shard and probe translate Xapian's
      down.push_back({shards[i].spec.name, e.what()});
    }
  }
  return opened;
}

// After a network error, one remote shard searched alone on a fresh connection: the database
// when it answers (within the timeout), else an error naming it.
Xapian::Database probe(const ShardSpec& spec, const std::string& text, unsigned max_hits, double timeout_seconds) {
  Xapian::Database db = open_shard(spec, timeout_seconds);
  translating_xapian_errors({XapianStep::Probe, spec.name, timeout_seconds}, [&] {
    Xapian::Enquire enquire(db);
    QueryFilters filters;
    const std::string words = take_filters(text, filters);
    enquire.set_query(words_query(words, filters, true, db).query);
    enquire.get_mset(0, max_hits);
  });
  return db;
}

}  // namespace

IndexReader::IndexReader(const std::vector<ShardSpec>& shards, double timeout_seconds)
    : specs_(shards), timeout_seconds_(timeout_seconds) {
  if (specs_.size() == 1)
    open_ = ShardSet({{specs_[0], open_shard(specs_[0], timeout_seconds_)}});  // its error is the error
  else
    open_all();
}

// Shards open side by side, so that several that are down cost one timeout, not one each.
void IndexReader::open_all() {
  std::vector<OpenShard> shards;
  std::vector<std::future<Xapian::Database>> opening;
  for (const auto& spec : specs_) {
    shards.push_back({spec, {}});
    opening.push_back(std::async(std::launch::async, [&spec, this] { return open_shard(spec, timeout_seconds_); }));
  }
  down_.clear();
  open_ = ShardSet(collect(shards, opening, down_));
}

void IndexReader::reopen() {
  if (specs_.size() == 1)
    open_ = ShardSet({{specs_.front(), open_shard(specs_.front(), timeout_seconds_)}});
  else
    open_all();
}

// After a network error: which shard failed is not said, and the other remote connections may
// hold replies never read. So each remote shard gets a fresh connection and runs the search alone,
// side by side; those that fail (within the timeout) are left out, the others keep their fresh
// connection. Returns whether any was left out.
bool IndexReader::drop_failing_shards(const SearchRequest& request) {
  const auto& shards = open_.shards();
  std::vector<std::future<Xapian::Database>> probes(shards.size());
  for (std::size_t i = 0; i < shards.size(); ++i)
    if (shards[i].spec.kind != ShardSpec::Kind::Local)
      probes[i] = std::async(std::launch::async, [&request, this, spec = shards[i].spec] {
        return probe(spec, request.text, request.max_hits, timeout_seconds_);
      });
  std::size_t down_before = down_.size();
  open_ = ShardSet(collect(shards, probes, down_));
  return down_.size() > down_before;
}

std::vector<Hit> IndexReader::search(const SearchRequest& request, BuiltQuery& built) {
  for (int attempt = 1;; ++attempt) {
    if (open_.empty())
      throw Error(specs_.size() == 1 ? down_.front().reason
                                     : fmt::format("none of the {} shards could be searched", specs_.size()));
    try {
      return search_once(request, built);
    } catch (const Xapian::Error& e) {
      bool network = failure_of(e) == XapianFailure::Network || failure_of(e) == XapianFailure::Timeout;
      if (network && drop_failing_shards(request)) continue;  // the search again, on the shards left
      // Otherwise a fresh build may have swapped generations under us: open the new one.
      if (network || !worth_retrying(e) || attempt == kSearchAttempts)
        throw xapian_error(e, {XapianStep::Search, specs_.front().name});
    }
    reopen();
  }
}

std::vector<Hit> IndexReader::search_once(const SearchRequest& request, BuiltQuery& built) {
  QueryFilters filters;
  const std::string words = take_filters(request.text, filters);
  built = words_query(words, filters, request.exact, open_.db());
  std::error_code ec;
  const std::string cwd = std::filesystem::current_path(ec).string();
  Xapian::Enquire enquire(open_.db());
  // A filter, not a query part: the scores are those of the words alone.
  // The passage search adds the exact-form boost to the first pass's best only (passage_search.cpp).
  const bool two_pass = !request.one_per_file && !built.first_pass.empty();
  enquire.set_query(apply_filters(two_pass ? built.first_pass : built.query, filters, cwd));
  enquire.set_weighting_scheme(ranking_weight());
  enquire.set_sort_by_relevance_then_value(schema::kSlotSortKey, false);
  if (request.one_per_file) return search_files(enquire, request, built, open_);
  auto hits = search_passages(enquire, request, built, open_);
  if (request.per_file > 0) count_more_in_files(open_.db(), built.matching, request.per_file, hits);
  return hits;
}

}  // namespace psearch
