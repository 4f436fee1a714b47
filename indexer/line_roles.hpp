// The first two steps of passage splitting: each line's role (blank, rule, heading, list item,
// prose), then the units lines gather into (a heading, a paragraph, a list item). Pure, no I/O.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace psearch::lines {

enum class Role { Blank, Rule, Heading, Item, Prose };

struct LineInfo {
  std::string_view text;
  Role role = Role::Prose;
  int block = -1;          // index of the run of non-blank lines it belongs to
  bool wrapped = false;    // its block is hard-wrapped prose, so adjacent lines join
  bool numbered = false;   // an item such as "1. ..." that may turn out to be a heading
  bool strong = false;     // a heading by markup (Markdown '#', an RST underline)
  bool demoted = false;    // a heading-like line in a run too long to be headings
  int words = 0;
};

struct Unit {
  Role role;
  int first;  // 0-based line indexes
  int last;
};

/// Each line's role; numbered items read as headings where prose follows, and runs of three or
/// more heading-like lines demoted to prose. The views in the result are lines'.
std::vector<LineInfo> classify_lines(const std::vector<std::string_view>& lines);
/// The units of classified lines, in order; blank and rule lines belong to none.
std::vector<Unit> gather_units(const std::vector<LineInfo>& info);
/// A heading line's text without its Markdown marker and surrounding space.
std::string heading_text(std::string_view line);

/// Space other than a newline.
bool is_space(unsigned char c);
/// s without leading and trailing space.
std::string_view trim(std::string_view s);
/// The words of s (runs of non-space).
int count_words(std::string_view s);
/// Whether line ends a sentence (. ! ? : or ; before closing quotes and brackets).
bool ends_sentence(std::string_view line);

}  // namespace psearch::lines
