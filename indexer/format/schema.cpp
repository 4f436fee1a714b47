// The schema's names made concrete: file ids and terms, sort keys, the stemmer, field terms,
// MinHash similarity and the version check. The records' encodings are in records.cpp.
#include "format/schema.hpp"

#include <fmt/format.h>

#include "format/error.hpp"

namespace psearch::schema {

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string file_id(std::string_view absolute_path) { return fmt::format("{:016x}", fnv1a(absolute_path)); }

std::string file_term(std::string_view id) {
  std::string term(kPrefixFile);
  term.append(id);
  return term;
}

std::string file_record_key(std::string_view id) {
  std::string key(kMetaFilePrefix);
  key.append(id);
  return key;
}

namespace {

void put_big_endian(std::string& out, std::uint64_t v, int bytes) {
  for (int b = bytes - 1; b >= 0; --b) out.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
}

}  // namespace

std::string file_value(std::string_view absolute_path) {
  std::string value;
  put_big_endian(value, fnv1a(absolute_path), 8);
  return value;
}

std::string file_id_of_value(std::string_view value) {
  if (value.size() != 8) return "";
  std::uint64_t h = 0;
  for (unsigned char c : value) h = (h << 8) | c;
  return fmt::format("{:016x}", h);
}

std::string sort_key(std::string_view relative_path, int first_line) {
  std::string key(relative_path);
  key.push_back('\0');
  put_big_endian(key, static_cast<std::uint32_t>(first_line), 4);
  return key;
}


double minhash_similarity(std::string_view a, std::string_view b) {
  if (a.size() != 2 * kMinHashes || b.size() != 2 * kMinHashes) return 0;
  int equal = 0;
  for (int i = 0; i < kMinHashes; ++i) equal += a.substr(2 * i, 2) == b.substr(2 * i, 2);
  return static_cast<double>(equal) / kMinHashes;
}

std::string stem_word(const Xapian::Stem& snowball, const std::string& word) {
  if (word.size() >= 3 && word.back() == 's' && word.find_first_of("aeiouy") == std::string::npos &&
      word.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos)
    return word.substr(0, word.size() - 1);
  return snowball(word);
}

namespace {

class PsearchStem : public Xapian::StemImplementation {
public:
  std::string operator()(const std::string& word) override { return stem_word(stem_, word); }
  std::string get_description() const override { return "psearch " + stem_.get_description(); }

private:
  Xapian::Stem stem_{kStemLanguage};
};

}  // namespace

Xapian::Stem make_stemmer() { return Xapian::Stem(new PsearchStem); }

std::string field_term(std::string_view prefix, std::string_view stem_term) {
  std::string term(1, 'Z');
  term.append(prefix);
  term.append(stem_term.substr(1));
  return term;
}

bool is_field_term(std::string_view term) {
  return term.size() > 3 && term[0] == 'Z' && term[1] == 'X' && (term[2] == kPrefixHeading[1] || term[2] == kPrefixOpening[1]);
}

void check_version(const Xapian::Database& db, const std::string& db_path) {
  std::string version = db.get_metadata(kMetaSchema);
  if (version.empty()) {
    if (db.get_doccount() == 0) return;
    throw Error(fmt::format("'{}' is not a psearch index ({})", db_path, kRebuildHint));
  }
  if (version != std::to_string(kVersion))
    throw Error(fmt::format("index '{}' has schema version {}, this psearch reads version {} ({})", db_path, version,
                            kVersion, kRebuildHint));
}

}  // namespace psearch::schema
