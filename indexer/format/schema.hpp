// The index format shared by pindex and psearch: term prefixes, value slots, metadata keys and
// the encodings of what they hold. One Xapian document per passage, its data empty.
// indexer/format/README.md describes each term, value and key, and the schema versions.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace psearch::schema {

inline constexpr int kVersion = 11;  // a new version: add it to README.md's history
inline constexpr const char* kPrefixFile = "F";
inline constexpr const char* kPrefixHeading = "XH";  // stems of a section's heading, on its first passage
inline constexpr const char* kPrefixOpening = "XO";  // stems of a passage's opening words
inline constexpr const char* kTermLength = "XL";  // its wdf: the words a passage's length counts that it has no term for
inline constexpr Xapian::valueno kSlotFile = 0;
inline constexpr Xapian::valueno kSlotSortKey = 1;
inline constexpr Xapian::valueno kSlotMinHash = 2;
inline constexpr Xapian::valueno kSlotPassage = 3;
inline constexpr int kMinHashes = 16;
inline constexpr const char* kMetaSchema = "psearch:schema";
inline constexpr const char* kMetaRoots = "psearch:roots";
inline constexpr const char* kMetaFilePrefix = "psearch:file:";
inline constexpr const char* kMetaSynonyms = "psearch:synonyms";  // fingerprint of the groups indexed
inline constexpr const char* kMetaShard = "psearch:shard";         // "K/N": the shard pindex indexed (indexer/shard_of.hpp)
inline constexpr const char* kMetaStoreText = "psearch:store-text";  // "1": every passage's text is stored
inline constexpr const char* kMetaNoIgnore = "psearch:no-ignore";  // "1": ignore files are not honoured
inline constexpr const char* kMetaUpdated = "psearch:updated";      // Unix time of the last commit, decimal
inline constexpr const char* kStemLanguage = "english";
inline constexpr const char* kDefaultDbName = ".psearch";

struct PassageRecord {
  int first_line = 0;
  int last_line = 0;
  std::string heading;
  std::string text;        // empty unless text_stored
  std::size_t column = 0;  // byte offset of text in line first_line: non-zero for a fragment
  std::uint64_t offset = 0;     // byte offset in the file of the text (text_span())
  std::uint64_t span = 0;       // bytes of the file from there that hold it
  std::uint64_t text_size = 0;  // bytes of the text
  std::uint64_t text_hash = 0;  // fnv1a() of the text
  bool text_stored = false;
  std::uint32_t page = 0;       // the PDF page holding the passage (1-based); 0: a file without pages
  bool numbered = true;         // its text's lines are the file's lines first_line.. one for one
  bool operator==(const PassageRecord&) const = default;
};

inline constexpr int kBinaryFile = -1;

struct FileRecord {
  std::string path;  // absolute
  std::int64_t mtime_ns = 0;
  std::int64_t size = 0;
  std::uint64_t content_hash = 0;
  int passages = 0;  // kBinaryFile: skipped (binary, an image, ...), nothing indexed
  bool operator==(const FileRecord&) const = default;
};

/// Stable 64-bit FNV-1a hash of bytes.
std::uint64_t fnv1a(std::string_view bytes);
/// The file id used in "F" terms and metadata keys: 16 hex digits of the path's hash.
std::string file_id(std::string_view absolute_path);
/// The kSlotFile value of a file's passages: the same hash, 8 bytes big-endian.
std::string file_value(std::string_view absolute_path);
/// The file id of a kSlotFile value ("" when it is not one).
std::string file_id_of_value(std::string_view value);
/// The boolean term every passage of the file carries: kPrefixFile + id.
std::string file_term(std::string_view id);
/// The metadata key of the file's FileRecord: kMetaFilePrefix + id.
std::string file_record_key(std::string_view id);
/// The kSlotSortKey value of a passage: the file's path relative to its root, "\0", the first
/// line 4 bytes big-endian: equal scores come out in file order (as grep lists them), the same
/// wherever the corpus is mounted and however it is sharded (fragments of a long line share it).
std::string sort_key(std::string_view relative_path, int first_line);

std::string encode_passage(const PassageRecord& p);
/// Throws psearch::Error when the data is not a passage of this schema.
PassageRecord decode_passage(std::string_view data);
std::string encode_file_record(const FileRecord& f);
FileRecord decode_file_record(std::string_view data);
std::string encode_strings(const std::vector<std::string>& items);
std::vector<std::string> decode_strings(std::string_view data);

/// The field term of a stem term: field_term(kPrefixHeading, "Zsalt") == "ZXHsalt".
std::string field_term(std::string_view prefix, std::string_view stem_term);
/// Whether term is a heading or opening field term (not a word of the passage's text).
bool is_field_term(std::string_view term);

/// Estimated Jaccard similarity of two signatures (0 when either is empty).
double minhash_similarity(std::string_view a, std::string_view b);

/// The schema's stemmer: Snowball's English, and the plural of an abbreviation ("PLMs", "DVDs":
/// a word with no vowel before its final s, which Snowball keeps whole) loses its s.
Xapian::Stem make_stemmer();
/// What make_stemmer() makes of word.
std::string stem_word(const Xapian::Stem& snowball, const std::string& word);
/// Throws psearch::Error when the database is not a psearch index of this schema version.
void check_version(const Xapian::Database& db, const std::string& db_path);

}  // namespace psearch::schema
