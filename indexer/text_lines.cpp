// Line splitting shared by the splitter and the stale-hit check.
#include "indexer/text_lines.hpp"

namespace psearch {

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

}  // namespace psearch
