// Encoding of the schema's records and metadata: length-prefixed fields (varints), so any byte
// (a newline in a file name, invalid UTF-8) survives the round trip.
#include "format/error.hpp"
#include "format/schema.hpp"

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
  put_uint(out, p.page);
  put_uint(out, p.numbered);
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
  p.page = static_cast<std::uint32_t>(r.uint());
  p.numbered = r.uint() != 0;
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

}  // namespace psearch::schema
