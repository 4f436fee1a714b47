// A hit made from the passage an MSet names: the one place that fills a Hit from the index.
#pragma once
#include <xapian.h>

#include "format/schema.hpp"
#include "searcher/hit.hpp"
#include "searcher/shard_set.hpp"

namespace psearch {

/// The hit of the MSet entry it: its passage record, its file's record, its shard; score is
/// the entry's weight, rank left 0. Throws psearch::Error when the file record is missing.
Hit make_hit(const Xapian::MSetIterator& it, const ShardSet& shards);

/// The entry as a near-duplicate of another hit (named in that hit's "also").
HitRef make_copy_ref(const Xapian::MSetIterator& it, const ShardSet& shards);

/// The record of the file the passage doc belongs to, read from its own shard (a multi-database
/// reads only the first shard's metadata). Throws psearch::Error when there is none.
schema::FileRecord file_record_of(const OpenShard& shard, const Xapian::Document& doc);

}  // namespace psearch
