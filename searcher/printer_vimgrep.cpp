// vimgrep output, as vim's default grepformat (%f:%l:%c:%m) reads it.
#include "searcher/printer.hpp"

namespace psearch {
namespace {

// One row for a hit whose lines are not the file's: a PDF's at its page (a PDF viewer opens a
// page, an editor no line of it), other documents' at the passage's first line; column 1; the
// first line holding a query word, else the first line.
void print_one_row(std::ostream& out, const Hit& hit) {
  std::string_view text = hit.text;
  std::size_t start = 0;
  if (!hit.text_matches.empty()) {
    auto before = text.rfind('\n', hit.text_matches.front().begin);
    start = before == std::string_view::npos ? 0 : before + 1;
  }
  auto end = text.find('\n', start);
  out << escape_controls(hit.display_path) << ':' << (hit.page > 0 ? static_cast<int>(hit.page) : hit.first_line)
      << ":1:"
      << (hit.stale && text.empty() ? kStaleNote : escape_controls(text.substr(start, end == text.npos ? end : end - start)))
      << '\n';
}

// One row per line of the passage that holds a query word; true when there was one.
bool print_matching_lines(std::ostream& out, const Hit& hit) {
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
  return printed;
}

}  // namespace

void print_vimgrep(std::ostream& out, const std::vector<Hit>& hits) {
  for (const auto& hit : hits) {
    if (hit.page > 0 || !hit.numbered) {
      print_one_row(out, hit);
      continue;
    }
    if (print_matching_lines(out, hit)) continue;
    std::string_view text = hit.text;
    out << escape_controls(hit.display_path) << ':' << hit.first_line << ':' << hit.column + 1 << ':'
        << (hit.stale && text.empty() ? kStaleNote : escape_controls(text.substr(0, text.find('\n')))) << '\n';
  }
}

}  // namespace psearch
