// Fuzzes psearch::split_passages with arbitrary file bytes and checks what passage_splitter.hpp
// promises: line numbers within the file, at most kMaxLines lines and kMaxWords words, passages
// in file order without overlap, and text that is exactly the file's lines (or, for a line too
// long to keep whole, a piece of that line, the pieces in order). The same bytes go through
// find_abbreviations (abbreviations.hpp): each definition's two forms are in the file, the short
// form 2 to 10 bytes, the long form longer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "format/text_lines.hpp"
#include "indexer/abbreviations.hpp"
#include "indexer/passage_splitter.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::size_t index, const psearch::Passage& p) {
  std::fprintf(stderr, "fuzz_splitter: %s (passage %zu: lines %d-%d, %zu bytes of text)\n", what, index, p.first_line,
               p.last_line, p.text.size());
  std::abort();
}

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' || c == '\n'; }

// The splitter's own trim: ASCII spaces and no-break spaces at either end.
std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    else if (s.starts_with("\xC2\xA0")) s.remove_prefix(2);
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
    bool space = is_space(c);
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// A horizontal rule ("----", "===="): dropped between units, so its "word" is not counted.
bool is_rule(std::string_view line) {
  auto t = trim(line);
  if (t.size() < 3 || std::string_view("=-~^*#+_").find(t[0]) == std::string_view::npos) return false;
  for (char c : t)
    if (c != t[0]) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  for (const auto& a : psearch::find_abbreviations(content)) {
    if (a.short_form.size() < 2 || a.short_form.size() > 10 || a.long_form.size() <= a.short_form.size() ||
        content.find(a.short_form) == std::string_view::npos || content.find(a.long_form) == std::string_view::npos) {
      std::fprintf(stderr, "fuzz_splitter: a definition not of the file's words ('%s', '%s')\n", a.short_form.c_str(),
                   a.long_form.c_str());
      std::abort();
    }
  }
  std::vector<psearch::Passage> passages = psearch::split_passages(content);
  std::vector<std::string_view> lines = psearch::split_lines(content);
  const int n = static_cast<int>(lines.size());

  int prev_last = 0;              // last line of the previous passage
  bool prev_fragment = false;     // the previous passage was a fragment of line prev_last
  std::size_t fragment_end = 0;   // where in that line the previous fragment ended
  for (std::size_t i = 0; i < passages.size(); ++i) {
    const auto& p = passages[i];
    if (p.first_line < 1 || p.first_line > p.last_line || p.last_line > n) fail("line numbers out of range", i, p);
    if (p.last_line - p.first_line + 1 > psearch::kMaxLines) fail("more than kMaxLines lines", i, p);
    if (p.heading.find('\n') != std::string::npos) fail("heading holds a newline", i, p);

    std::string joined;
    int words = 0;
    for (int l = p.first_line; l <= p.last_line; ++l) {
      if (l > p.first_line) joined.push_back('\n');
      joined.append(lines[l - 1]);
      if (!is_rule(lines[l - 1])) words += count_words(trim(lines[l - 1]));
    }
    bool fragment = false;
    std::size_t at = 0;
    if (p.text != joined) {
      // Only a line over kMaxWords is cut, into pieces of itself.
      if (p.first_line != p.last_line) fail("text is not the joined lines first..last", i, p);
      std::string_view line = lines[p.first_line - 1];
      if (count_words(trim(line)) <= psearch::kMaxWords) fail("a line within kMaxWords was cut", i, p);
      std::size_t from = prev_fragment && prev_last == p.first_line ? fragment_end : 0;
      at = line.find(p.text, from);
      if (at == std::string_view::npos) {
        if (line.find(p.text) != std::string_view::npos) fail("fragments of a line out of order", i, p);
        fail("fragment is not a substring of its line", i, p);
      }
      fragment = true;
      words = count_words(p.text);
    }
    if (words > psearch::kMaxWords) fail("more than kMaxWords words", i, p);
    if (trim(p.text).empty()) fail("passage without any text", i, p);

    if (i > 0) {
      bool shared = fragment && prev_fragment && p.first_line == prev_last;
      if (!shared && p.first_line <= prev_last) fail("passages overlap or go backwards", i, p);
    }
    prev_last = p.last_line;
    prev_fragment = fragment;
    fragment_end = fragment ? at + p.text.size() : 0;
  }
  return 0;
}
