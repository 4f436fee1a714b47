// vimgrep output, as vim's default grepformat (%f:%l:%c:%m) reads it.
#include "searcher/printer.hpp"

namespace psearch {

void print_vimgrep(std::ostream& out, const std::vector<Hit>& hits) {
  for (const auto& hit : hits) {
    std::string_view text = hit.text;
    std::size_t line_start = 0;
    int line = hit.first_line;
    std::size_t span = 0;
    bool printed = false;
    while (line_start <= text.size()) {
      auto nl = text.find('\n', line_start);
      auto line_end = nl == std::string_view::npos ? text.size() : nl;
      while (span < hit.text_matches.size() && hit.text_matches[span].begin < line_start) ++span;
      if (span < hit.text_matches.size() && hit.text_matches[span].begin < line_end) {
        out << escape_controls(hit.display_path) << ':' << line << ':'
            << hit.text_matches[span].begin - line_start + 1 + (line == hit.first_line ? hit.column : 0) << ':'
            << escape_controls(text.substr(line_start, line_end - line_start)) << '\n';
        printed = true;
      }
      if (nl == std::string_view::npos) break;
      line_start = nl + 1;
      ++line;
    }
    if (!printed)
      out << escape_controls(hit.display_path) << ':' << hit.first_line << ':' << hit.column + 1 << ':'
          << (hit.stale && text.empty() ? kStaleNote : escape_controls(text.substr(0, text.find('\n')))) << '\n';
  }
}

}  // namespace psearch
