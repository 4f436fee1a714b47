// Lines of text built a piece at a time, as a tree walk finds them: inline text joined with single
// spaces, line and paragraph breaks, a prefix ("- ") for the next line, whole lines (headings,
// table rows, fences). Each line keeps the source line where its text starts.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extract.hpp"

namespace psearch::extract {

class LineWriter {
 public:
  /// Appends words (white space already collapsed) to the open line, or opens one at source
  /// line `line`; space_before/after: the source had white space there.
  void add_text(std::string_view words, bool space_before, bool space_after, std::uint32_t line);
  /// Ends the open line, if any.
  void line_break();
  /// Ends the open line; a blank line goes before the next (not before a list item's first).
  void paragraph_break();
  /// Text that starts the next line opened by add_text ("- " for a list item).
  void set_prefix(std::string prefix) { prefix_ = std::move(prefix); }
  /// A line of its own, between line breaks.
  void whole_line(std::string text, std::uint32_t line);
  /// The lines, the open one ended.
  std::vector<TextLine> finish();

 private:
  void push(std::string text, std::uint32_t line);

  std::vector<TextLine> lines_;
  std::string current_;
  std::uint32_t current_line_ = 0;
  bool open_ = false;
  bool space_ = false;  // white space seen since the last words of the open line
  bool blank_ = false;  // a paragraph ended: a blank line before the next
  std::string prefix_;
};

/// Text with each run of ASCII white space as one space, and whether it started or ended with one.
struct Collapsed {
  std::string words;
  bool space_before = false;
  bool space_after = false;
};
Collapsed collapse_spaces(std::string_view text);

}  // namespace psearch::extract
