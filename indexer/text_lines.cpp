// Line splitting shared by the splitter and the stale-hit check.
#include "indexer/text_lines.hpp"

namespace psearch {
namespace {

std::string hex_escape(const char* prefix, unsigned value, int digits) {
  static const char* hex = "0123456789abcdef";
  std::string out(prefix);
  for (int d = digits - 1; d >= 0; --d) out += hex[(value >> (4 * d)) & 0xf];
  return out;
}

}  // namespace

std::vector<std::string_view> split_lines(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  std::vector<std::string_view> lines;
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

}  // namespace psearch
