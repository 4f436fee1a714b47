// Only the files of printed hits are read: one stat each, a read of the passage's bytes, the
// whole file only when it changed.
#include "searcher/hit_text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <string_view>

#include "format/schema.hpp"
#include "format/text_lines.hpp"

namespace psearch {
namespace {

// The bytes of the passage's lines, read where pindex found them.
std::optional<std::string> read_span(const std::string& path, const Hit& hit) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string bytes(hit.text_span, '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::pread(fd, bytes.data() + got, bytes.size() - got, static_cast<off_t>(hit.text_offset + got));
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got != bytes.size()) return std::nullopt;
  return bytes;
}

// The passage's text from the bytes of its span, when they give back the text indexed.
std::optional<std::string> indexed_text(std::string_view span_bytes, const Hit& hit) {
  auto text = span_text(span_bytes, hit.text_size);
  if (!text || schema::fnv1a(*text) != hit.text_hash) return std::nullopt;
  return text;
}

// The passage's text as the file holds it at its lines now, when it is the text indexed.
std::optional<std::string> indexed_text_at_lines(std::string_view content, const Hit& hit) {
  auto span = text_span(content, split_lines(content), hit.first_line, hit.last_line, hit.column, hit.text_size);
  if (!span) return std::nullopt;
  return indexed_text(content.substr(span->offset, span->size), hit);
}

}  // namespace

void load_text(Hit& hit) {
  struct stat st;
  if (::stat(hit.path.c_str(), &st) != 0) {
    hit.stale = true;
    hit.text.clear();
    return;
  }
  std::int64_t mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  if (mtime == hit.indexed_mtime_ns && st.st_size == hit.indexed_size) {
    if (hit.text_stored) return;
    if (auto span = read_span(hit.path, hit))
      if (auto text = indexed_text(*span, hit)) {
        hit.text = std::move(*text);
        return;
      }
    // changed, though its size and time did not: read it whole
  }
  auto content = read_file(hit.path);
  if (content && schema::fnv1a(*content) == hit.indexed_hash) {  // touched, not changed
    if (hit.text_stored) return;
    if (hit.text_offset <= content->size() && hit.text_span <= content->size() - hit.text_offset)
      if (auto text = indexed_text(std::string_view(*content).substr(hit.text_offset, hit.text_span), hit))
        hit.text = std::move(*text);
    return;
  }
  hit.stale = true;
  auto current = content ? indexed_text_at_lines(*content, hit) : std::nullopt;
  hit.text = current ? std::move(*current) : std::string();
}

}  // namespace psearch
