// A search hit as the printers see it: plain data, no Xapian.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace psearch {

struct Span {
  std::size_t begin;  // byte offsets into the text they belong to
  std::size_t end;
  bool operator==(const Span&) const = default;
};

struct HitRef {
  std::string path;
  std::string display_path;
  int first_line = 0;
  int last_line = 0;
  std::string shard;    // the index that holds it
  bool remote = false;  // held by a remote shard
  std::uint32_t page = 0;  // the PDF page, as Hit::page
  bool operator==(const HitRef&) const = default;
};

struct ScorePart {
  std::string term;  // the word (stemmed form for "stem"), or "phrase/near"
  std::string kind;  // "stem", "exact", "wildcard" (a wildcard's words as one) or "proximity"
  double weight = 0;
  bool operator==(const ScorePart&) const = default;
};

struct Hit {
  int rank = 0;  // 1-based
  double score = 0;
  std::string path;          // absolute, as indexed
  std::string display_path;  // relative to the current directory when inside it
  std::string shard;         // the index that holds it: its path, or tcp://HOST:PORT
  bool remote = false;       // held by a remote shard: the file is on another machine
  int first_line = 0;
  int last_line = 0;
  std::string heading;
  std::string text;
  std::size_t column = 0;  // byte offset of text in its first line (a fragment of a long line)
  std::uint32_t page = 0;  // the PDF page of the passage (1-based); 0 for a file without pages
  // Whether text's lines are the file's lines first_line.. one for one: an extracted document's
  // passage may join or skip source lines (HTML), and then its lines have no numbers.
  bool numbered = true;
  std::vector<Span> text_matches;     // query words (stemmed forms too) in text
  std::vector<Span> heading_matches;  // and in heading
  std::vector<int> match_lines;       // file lines of the passage where query words occur
  // The file changed or vanished since pindex read it. When its lines no longer hold the
  // passage, text is emptied: psearch never prints text that is not in the file.
  bool stale = false;
  // Near-duplicate passages elsewhere (the same list copied into another article), best first.
  std::vector<HitRef> also;
  std::vector<ScorePart> explain;  // with --explain: what each matching term added to score
  // On the last hit shown of a file that reached the per-file cap: its other matching passages.
  int more_in_file = 0;
  std::string corrected_query;     // the spelling-corrected query that found it, "" when as typed
  // What pindex recorded of the file (0 when unknown), to detect staleness.
  std::int64_t indexed_mtime_ns = 0;
  std::int64_t indexed_size = -1;
  std::uint64_t indexed_hash = 0;
  // Where the passage's text is in the file: the index holds it only when text_stored
  // (pindex --store-text), else psearch reads it from the file (hit_text.cpp).
  bool text_stored = false;
  std::uint64_t text_offset = 0, text_span = 0, text_size = 0, text_hash = 0;
};

}  // namespace psearch
