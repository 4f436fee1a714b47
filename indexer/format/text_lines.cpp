// Files, lines and passage spans: what pindex and psearch must read alike.
#include "format/text_lines.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace psearch {
namespace {

std::string hex_escape(const char* prefix, unsigned value, int digits) {
  static const char* hex = "0123456789abcdef";
  std::string out(prefix);
  for (int d = digits - 1; d >= 0; --d) out += hex[(value >> (4 * d)) & 0xf];
  return out;
}

}  // namespace

// One allocation of the file's size: reading through a stream grows the string by doubling, so a
// big file would briefly take about three times its size and keep twice.
std::optional<std::string> read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st;
  std::string content;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) content.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[65536];
  for (;;) {
    // Straight into the reserved bytes while they last; a file that grew (or has no size, a pipe)
    // goes through the buffer.
    std::size_t room = content.capacity() - content.size();
    ssize_t n;
    if (room > 0) {
      std::size_t old = content.size();
      content.resize(content.capacity());
      n = ::read(fd, content.data() + old, room);
      content.resize(old + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    } else {
      n = ::read(fd, buffer, sizeof buffer);
      if (n > 0) content.append(buffer, static_cast<std::size_t>(n));
    }
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      ::close(fd);
      errno = saved;
      return std::nullopt;
    }
  }
  ::close(fd);
  return content;
}

std::vector<std::string_view> split_lines(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  std::vector<std::string_view> lines;
  lines.reserve(static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n')) + 1);
  std::size_t pos = 0;
  while (pos < content.size()) {
    auto nl = content.find('\n', pos);
    auto end = nl == std::string_view::npos ? content.size() : nl;
    auto line = content.substr(pos, end - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    pos = end + 1;
  }
  return lines;
}

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      out += hex_escape("\\x", c, 2);
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {  // C1 controls, e.g. U+009B CSI
      out += hex_escape("\\u", static_cast<unsigned char>(text[++i]), 4);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::optional<TextSpan> text_span(std::string_view content, const std::vector<std::string_view>& lines,
                                  int first_line, int last_line, std::size_t column, std::size_t text_size) {
  if (first_line < 1 || last_line < first_line || last_line > static_cast<int>(lines.size())) return std::nullopt;
  auto first = lines[static_cast<std::size_t>(first_line - 1)];
  auto last = lines[static_cast<std::size_t>(last_line - 1)];
  if (column > first.size()) return std::nullopt;
  auto start = static_cast<std::size_t>(first.data() - content.data()) + column;
  auto end = static_cast<std::size_t>(last.data() + last.size() - content.data());
  if (first_line == last_line) end = std::min(end, start + text_size);
  return TextSpan{start, end - start};
}

std::optional<std::string> span_text(std::string_view span, std::size_t text_size) {
  std::string text;
  text.reserve(std::min(span.size(), text_size));
  bool first = true;
  for (auto line : split_lines(span)) {
    if (!first) text.push_back('\n');
    text.append(line);
    first = false;
  }
  if (text.size() < text_size) return std::nullopt;
  text.resize(text_size);
  return text;
}

}  // namespace psearch
