// -l: the files of the best passages, ranked again as whole documents (file_ranking.hpp).
#pragma once
#include <vector>

#include <xapian.h>

#include "searcher/hit.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/search_request.hpp"
#include "searcher/shard_set.hpp"

namespace psearch {

/// The best request.max_hits files for enquire's query (built.query on shards.db()), each shown
/// by its best passage, its score the file's, ranked from 1, explained when asked.
std::vector<Hit> search_files(Xapian::Enquire& enquire, const SearchRequest& request, const BuiltQuery& built,
                              const ShardSet& shards);

}  // namespace psearch
