// The line builder of the HTML walk: spacing as a browser collapses it, lines as Markdown writes them.
#include "extract/line_writer.hpp"

namespace psearch::extract {
namespace {

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

}  // namespace

Collapsed collapse_spaces(std::string_view text) {
  Collapsed out;
  out.words.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (is_html_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.words.empty()) out.words += ' ';
    if (space && out.words.empty()) out.space_before = true;
    space = false;
    out.words += c;
  }
  out.space_after = space;
  if (out.words.empty()) out.space_before = space;
  return out;
}

void LineWriter::add_text(std::string_view words, bool space_before, bool space_after, std::uint32_t line) {
  if (words.empty()) {
    space_ = space_ || space_before || space_after;
    return;
  }
  if (!open_) {
    open_ = true;
    current_ = std::move(prefix_);
    prefix_.clear();
    current_line_ = line;
  } else if (space_ || space_before) {
    current_ += ' ';
  }
  current_ += words;
  space_ = space_after;
}

void LineWriter::line_break() {
  space_ = false;
  if (!open_) return;
  open_ = false;
  while (!current_.empty() && current_.back() == ' ') current_.pop_back();
  push(std::move(current_), current_line_);
  current_.clear();
}

void LineWriter::paragraph_break() {
  line_break();
  if (prefix_.empty() && !lines_.empty()) blank_ = true;
}

void LineWriter::whole_line(std::string text, std::uint32_t line) {
  line_break();
  push(std::move(text), line);
}

std::vector<TextLine> LineWriter::finish() {
  line_break();
  return std::move(lines_);
}

void LineWriter::push(std::string text, std::uint32_t line) {
  if (blank_ && !lines_.empty() && !lines_.back().text.empty())
    lines_.push_back({std::string(), lines_.back().source_line, 0});
  blank_ = false;
  lines_.push_back({std::move(text), line, 0});
}

}  // namespace psearch::extract
