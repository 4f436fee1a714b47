// Hits from the index's records (format/schema.hpp): the passage value and the file metadata.
#include "searcher/hit_record.hpp"

#include "format/error.hpp"

namespace psearch {

schema::FileRecord file_record_of(const OpenShard& shard, const Xapian::Document& doc) {
  auto file_id = schema::file_id_of_value(doc.get_value(schema::kSlotFile));
  auto record = shard.db.get_metadata(schema::file_record_key(file_id));
  if (record.empty()) throw index_error(shard.spec.name, "a passage has no file record");
  return schema::decode_file_record(record);
}

Hit make_hit(const Xapian::MSetIterator& it, const ShardSet& shards) {
  Xapian::Document doc = it.get_document();
  auto p = schema::decode_passage(doc.get_value(schema::kSlotPassage));
  const OpenShard& shard = shards.shard_of(*it);
  auto f = file_record_of(shard, doc);
  Hit hit;
  hit.score = it.get_weight();
  hit.path = std::move(f.path);
  hit.shard = shard.spec.name;
  hit.remote = shard.spec.kind != ShardSpec::Kind::Local;
  hit.first_line = p.first_line;
  hit.last_line = p.last_line;
  hit.heading = std::move(p.heading);
  hit.text = std::move(p.text);
  hit.column = p.column;
  hit.page = p.page;
  hit.numbered = p.numbered;
  hit.indexed_mtime_ns = f.mtime_ns;
  hit.indexed_size = f.size;
  hit.indexed_hash = f.content_hash;
  hit.text_stored = p.text_stored;
  hit.text_offset = p.offset;
  hit.text_span = p.span;
  hit.text_size = p.text_size;
  hit.text_hash = p.text_hash;
  return hit;
}

HitRef make_copy_ref(const Xapian::MSetIterator& it, const ShardSet& shards) {
  Xapian::Document doc = it.get_document();
  auto p = schema::decode_passage(doc.get_value(schema::kSlotPassage));
  const OpenShard& shard = shards.shard_of(*it);
  return {file_record_of(shard, doc).path, "", p.first_line, p.last_line, shard.spec.name,
          shard.spec.kind != ShardSpec::Kind::Local, p.page};
}

}  // namespace psearch
