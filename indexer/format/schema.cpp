// Encoding of the schema's document data and metadata: length-prefixed fields, so any byte
// (a newline in a file name, invalid UTF-8) survives the round trip.
#include "format/schema.hpp"


#include <fmt/format.h>

#include "format/error.hpp"

namespace psearch::schema {
namespace {

void put_uint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_string(std::string& out, std::string_view s) {
  put_uint(out, s.size());
  out.append(s);
}

Error corrupt_record() {
  std::string message = "corrupt record in index (";  // += : GCC 12 warns falsely on "x" + string
  message += kRebuildHint;
  message += ')';
  return Error(message);
}

class Reader {
public:
  explicit Reader(std::string_view data) : data_(data) {}

  std::uint64_t uint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) throw corrupt_record();
      auto byte = static_cast<unsigned char>(data_[pos_++]);
      v |= std::uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    throw corrupt_record();
  }

  std::string string() {
    auto n = uint();
    if (n > data_.size() - pos_) throw corrupt_record();
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }

  bool done() const { return pos_ == data_.size(); }

private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace

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

std::string encode_passage(const PassageRecord& p) {
  std::string out;
  put_uint(out, static_cast<std::uint64_t>(p.first_line));
  put_uint(out, static_cast<std::uint64_t>(p.last_line));
  put_string(out, p.heading);
  put_uint(out, p.column);
  put_uint(out, p.offset);
  put_uint(out, p.span);
  put_uint(out, p.text_size);
  put_uint(out, p.text_hash);
  put_uint(out, p.text_stored);
  if (p.text_stored) put_string(out, p.text);
  return out;
}

PassageRecord decode_passage(std::string_view data) {
  Reader r(data);
  PassageRecord p;
  p.first_line = static_cast<int>(r.uint());
  p.last_line = static_cast<int>(r.uint());
  p.heading = r.string();
  p.column = static_cast<std::size_t>(r.uint());
  p.offset = r.uint();
  p.span = r.uint();
  p.text_size = r.uint();
  p.text_hash = r.uint();
  p.text_stored = r.uint() != 0;
  if (p.text_stored) p.text = r.string();
  if (!r.done()) throw corrupt_record();
  return p;
}

std::string encode_file_record(const FileRecord& f) {
  std::string out;
  put_string(out, f.path);
  put_uint(out, static_cast<std::uint64_t>(f.mtime_ns));
  put_uint(out, static_cast<std::uint64_t>(f.size));
  put_uint(out, f.content_hash);
  put_uint(out, static_cast<std::uint64_t>(f.passages));
  return out;
}

FileRecord decode_file_record(std::string_view data) {
  Reader r(data);
  FileRecord f;
  f.path = r.string();
  f.mtime_ns = static_cast<std::int64_t>(r.uint());
  f.size = static_cast<std::int64_t>(r.uint());
  f.content_hash = r.uint();
  f.passages = static_cast<int>(r.uint());
  return f;
}

std::string encode_strings(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) put_string(out, s);
  return out;
}

std::vector<std::string> decode_strings(std::string_view data) {
  Reader r(data);
  std::vector<std::string> items;
  while (!r.done()) items.push_back(r.string());
  return items;
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
