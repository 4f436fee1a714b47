// The passage search: the best passages, near-duplicates folded, at most per_file hits of a file.
#pragma once
#include <vector>

#include <xapian.h>

#include "searcher/hit.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/search_request.hpp"
#include "searcher/shard_set.hpp"

namespace psearch {

/// The best request.max_hits passages of enquire (set up with built.query on shards.db()):
/// copies folded into the "also" of their best hit unless request.all_copies, at most
/// request.per_file hits of one file (0: no cap), ranked from 1, explained when asked.
std::vector<Hit> search_passages(Xapian::Enquire& enquire, const SearchRequest& request, const BuiltQuery& built,
                                 const ShardSet& shards);

/// For each file whose hits reached the cap, sets more_in_file on its last hit shown: how many
/// other passages of it match query (neither shown nor named as copies).
void count_more_in_files(const Xapian::Database& db, const Xapian::Query& query, unsigned cap,
                         std::vector<Hit>& hits);

}  // namespace psearch
