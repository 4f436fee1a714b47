// Line roles and units: the classifying half of passage splitting (line_roles.hpp).
#include "indexer/line_roles.hpp"

#include <algorithm>
#include <cstdint>

namespace psearch::lines {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r'; }

std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    else if (s.starts_with("\xC2\xA0")) s.remove_prefix(2);  // no-break space
    else break;
  }
  for (;;) {
    if (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    else if (s.ends_with("\xC2\xA0")) s.remove_suffix(2);
    else break;
  }
  return s;
}

int count_words(std::string_view s) {
  int n = 0;
  bool in_word = false;
  for (unsigned char c : s) {
    bool space = is_space(c) || c == '\n';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool ends_sentence(std::string_view line) {
  auto t = trim(line);
  while (!t.empty() && std::string_view("\"')]").find(t.back()) != std::string_view::npos) t.remove_suffix(1);
  while (t.ends_with("\xE2\x80\x9D") || t.ends_with("\xE2\x80\x99")) t.remove_suffix(3);  // ” ’
  return !t.empty() && std::string_view(".!?:;").find(t.back()) != std::string_view::npos;
}

namespace {

// Lines longer than this are not hard-wrapped prose: such a file puts one paragraph per line.
constexpr std::size_t kWrapWidth = 100;
constexpr std::size_t kMaxHeadingChars = 100;
constexpr int kMaxHeadingWords = 15;

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_alnum(unsigned char c) { return is_digit(c) || is_ascii_upper(c) || (c >= 'a' && c <= 'z'); }

bool is_rule(std::string_view line) {
  auto t = trim(line);
  if (t.size() < 3 || std::string_view("=-~^*#+_").find(t[0]) == std::string_view::npos) return false;
  return std::all_of(t.begin(), t.end(), [&](char c) { return c == t[0]; });
}

// Returns whether the trimmed line starts with a list marker; sets numbered for "1." and "1)".
bool is_item(std::string_view t, bool& numbered) {
  numbered = false;
  for (std::string_view mark : {"\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA", "\xE2\x80\xA3"})  // • ◦ ▪ ‣
    if (t.starts_with(mark)) return true;
  if (t.starts_with("\xE2\x80\x93 ")) return true;  // en dash
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t')) return true;
  // "-Genetics: ..." : a dash glued to a capitalised word is still a bullet.
  if (t.size() >= 2 && t[0] == '-' && is_ascii_upper(static_cast<unsigned char>(t[1]))) return true;
  std::size_t d = 0;
  while (d < t.size() && d < 4 && is_digit(static_cast<unsigned char>(t[d]))) ++d;
  if (d >= 1 && d <= 3 && d + 1 < t.size() && (t[d] == '.' || t[d] == ')') && (t[d + 1] == ' ' || t[d + 1] == '\t')) {
    numbered = true;
    return true;
  }
  return false;
}

bool is_markdown_heading(std::string_view t) {
  std::size_t h = 0;
  while (h < t.size() && t[h] == '#') ++h;
  return h >= 1 && h <= 6 && h < t.size() && t[h] == ' ';
}

// A heading is short, starts like a title and does not end like a sentence or a line of code.
bool is_heading_like(std::string_view t) {
  if (t.empty() || code_points(t) > kMaxHeadingChars || count_words(t) > kMaxHeadingWords) return false;
  auto first = static_cast<unsigned char>(t.front());
  auto last = static_cast<unsigned char>(t.back());
  // A non-ASCII start must be a letter: U+2000-U+2FFF (lead byte E2) are dashes, quotes and
  // symbols, such as the em dash of a sign-off ("— Berlin, 2015-07-07").
  if (!(is_ascii_upper(first) || is_digit(first) || (first >= 0x80 && first != 0xE2))) return false;
  if (!(is_alnum(last) || last == '?' || last == ')' || last == '"' || last == '\'' || last >= 0x80)) return false;
  // A title is words: a line of more digits than letters is a date, a version or a log stamp.
  auto letters = std::count_if(t.begin(), t.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (is_alnum(u) && !is_digit(u)) || u >= 0x80;
  });
  auto digits = std::count_if(t.begin(), t.end(), [](char c) { return is_digit(static_cast<unsigned char>(c)); });
  return letters > 0 && letters > digits;
}

// "Key: value" (one word before the colon), an assignment, a URL, a tab or a wide gap inside: a
// header field, a log record, a setting, a sentence, a table row or a man page's running header,
// not a title; only markup makes it one.
bool is_record_line(std::string_view t) {
  auto colon = t.find(": ");
  if (colon != std::string_view::npos && count_words(t.substr(0, colon)) == 1) return true;
  for (std::string_view mark : {"=", "\t", "   ", "://"})
    if (t.find(mark) != std::string_view::npos) return true;
  return false;
}

// A next line that starts in lower case or with an opening bracket or backtick goes on with the
// sentence of the line above it.
bool continues_sentence(std::string_view next_line) {
  auto t = trim(next_line);
  return !t.empty() && ((t[0] >= 'a' && t[0] <= 'z') || std::string_view("([{<`").find(t[0]) != std::string_view::npos);
}

// A plain heading: no markup says so, only its shape.
bool is_plain_heading(std::string_view t) { return is_heading_like(t) && !is_record_line(t); }

// Columns of leading white space, a tab reaching the next multiple of eight.
std::size_t indent(std::string_view line) {
  std::size_t col = 0;
  for (char c : line) {
    if (c == ' ') ++col;
    else if (c == '\t') col = col / 8 * 8 + 8;
    else break;
  }
  return col;
}

bool is_fence(std::string_view t) { return t.starts_with("```") || t.starts_with("~~~"); }

// Markdown's own limit: a '#' line indented four columns or more is code (a shell prompt).
bool is_markdown_heading_line(std::string_view line) {
  auto t = trim(line);
  return indent(line) <= 3 && is_markdown_heading(t) && code_points(t) <= 2 * kMaxHeadingChars;
}

// A block is hard-wrapped when its lines (but the last) are short; a line of one unbreakable
// word (a URL) could not have been wrapped, so it does not count.
bool is_wrapped_block(const std::vector<LineInfo>& info, std::size_t first, std::size_t end) {
  for (std::size_t j = first; j + 1 < end; ++j)
    if (code_points(info[j].text) > kWrapWidth && info[j].words > 1) return false;
  return end - first > 1;
}

void mark_blocks(std::vector<LineInfo>& info, const std::vector<std::string_view>& lines) {
  int block = -1;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    info[i].text = lines[i];
    auto t = trim(lines[i]);
    info[i].words = count_words(t);
    if (t.empty()) {
      info[i].role = Role::Blank;
      continue;
    }
    if (i == 0 || info[i - 1].role == Role::Blank) ++block;
    info[i].block = block;
  }
}

// Roles of the lines of one block [first, end). in_fence: inside a fenced code block, where no
// line is a heading.
void classify_block(std::vector<LineInfo>& info, std::size_t first, std::size_t end, bool& in_fence) {
  bool wrapped = is_wrapped_block(info, first, end);
  for (std::size_t j = first; j < end; ++j) {
    auto t = trim(info[j].text);
    info[j].wrapped = wrapped;
    // A line indented deeper than the one above it continues it (a list item's next line); a line
    // the next one goes on from is part of a sentence.
    bool continues = (j > first && indent(info[j].text) > indent(info[j - 1].text)) ||
                     (j + 1 < end && continues_sentence(info[j + 1].text));
    if (is_fence(t)) in_fence = !in_fence;
    if (in_fence || is_fence(t)) {
      info[j].role = Role::Prose;
    } else if (is_rule(t)) {
      info[j].role = Role::Rule;
      // An underlined title opens its block or sits under an overline; a "---" closing YAML front
      // matter underlines its last field.
      bool opens = j == first + 1 || (j >= first + 2 && info[j - 2].role == Role::Rule);
      if (opens && info[j - 1].role == Role::Prose && is_heading_like(trim(info[j - 1].text))) {
        info[j - 1].role = Role::Heading;  // RST title underline
        info[j - 1].strong = true;
      }
    } else if (is_markdown_heading_line(info[j].text)) {
      info[j].role = Role::Heading;
      info[j].strong = true;
    } else if (is_item(t, info[j].numbered)) {
      info[j].role = Role::Item;
    } else if (!wrapped && !continues && is_plain_heading(t)) {
      info[j].role = Role::Heading;
    } else {
      info[j].role = Role::Prose;
    }
  }
}

std::vector<LineInfo> classify(const std::vector<std::string_view>& lines) {
  std::vector<LineInfo> info(lines.size());
  mark_blocks(info, lines);
  bool in_fence = false;
  for (std::size_t i = 0; i < lines.size();) {
    if (info[i].role == Role::Blank) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < lines.size() && info[end].role != Role::Blank) ++end;
    classify_block(info, i, end, in_fence);
    i = end;
  }
  return info;
}

// Neighbouring content line, skipping blank and rule lines; -1 when none.
int neighbour(const std::vector<LineInfo>& info, int i, int step) {
  for (int j = i + step; j >= 0 && j < static_cast<int>(info.size()); j += step)
    if (info[j].role != Role::Blank && info[j].role != Role::Rule) return j;
  return -1;
}

void resolve_headings(std::vector<LineInfo>& info) {
  const int n = static_cast<int>(info.size());
  // "1. Relaxation of Muscles" followed by prose is a numbered heading, not a one-item list; in a
  // hard-wrapped block the numbered line is a sentence that wraps on ("1. You can append ... to get").
  for (int i = 0; i < n; ++i) {
    if (info[i].role != Role::Item || !info[i].numbered || info[i].wrapped) continue;
    if (!is_plain_heading(trim(info[i].text))) continue;
    int prev = neighbour(info, i, -1), next = neighbour(info, i, +1);
    bool item_before = prev >= 0 && info[prev].role == Role::Item && info[prev].numbered;
    bool prose_after = next >= 0 && info[next].role == Role::Prose;
    if (!item_before && prose_after) info[i].role = Role::Heading;
  }
  // Three or more heading-like lines in a row are content (a list without markers), not headings.
  for (int i = 0; i < n;) {
    if (info[i].role != Role::Heading || info[i].strong) {
      ++i;
      continue;
    }
    std::vector<int> run{i};
    for (int j = neighbour(info, i, +1); j >= 0 && info[j].role == Role::Heading && !info[j].strong;
         j = neighbour(info, j, +1))
      run.push_back(j);
    if (run.size() >= 3)
      for (int j : run) {
        info[j].role = Role::Prose;
        info[j].demoted = true;
      }
    i = run.back() + 1;
  }
}

}  // namespace

std::vector<Unit> gather_units(const std::vector<LineInfo>& info) {
  std::vector<Unit> units;
  for (int i = 0; i < static_cast<int>(info.size()); ++i) {
    const auto& l = info[i];
    if (l.role == Role::Blank || l.role == Role::Rule) continue;
    bool same_block = !units.empty() && info[units.back().last].block == l.block && units.back().last == i - 1;
    if (l.role == Role::Prose && same_block) {
      const auto& prev = units.back();
      bool indented = !l.text.empty() && is_space(static_cast<unsigned char>(l.text.front()));
      bool joins = (prev.role == Role::Prose && (l.wrapped || (l.demoted && info[prev.last].demoted))) ||
                   (prev.role == Role::Item && (l.wrapped || indented));
      if (joins) {
        units.back().last = i;
        continue;
      }
    }
    units.push_back({l.role, i, i});
  }
  return units;
}

std::vector<LineInfo> classify_lines(const std::vector<std::string_view>& lines) {
  auto info = classify(lines);
  resolve_headings(info);
  return info;
}

std::string heading_text(std::string_view line) {
  auto t = trim(line);
  if (is_markdown_heading(t)) t = trim(t.substr(t.find(' ')));
  return std::string(t);
}

}  // namespace psearch::lines
