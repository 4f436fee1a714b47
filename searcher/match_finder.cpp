// Word matching for highlighting with Xapian's own Unicode helpers and stemmer.
#include "searcher/match_finder.hpp"

#include <xapian.h>

#include "format/schema.hpp"

namespace psearch {
namespace {

bool matches(const std::string& word, const BuiltQuery& query, const Xapian::Stem& stem) {
  if (query.terms.count(word)) return true;
  std::string stem_term(1, 'Z');
  stem_term += stem(word);
  if (query.terms.count(stem_term)) return true;
  for (const auto& prefix : query.wildcard_prefixes)
    if (word.starts_with(prefix)) return true;
  return false;
}

}  // namespace

std::vector<Span> find_matches(std::string_view text, const BuiltQuery& query) {
  thread_local const Xapian::Stem stem = schema::make_stemmer();  // a Stem is not thread-safe
  std::vector<Span> spans;
  const char* base = text.data();
  Xapian::Utf8Iterator it(text.data(), text.size()), end;
  while (it != end) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    std::size_t begin = it.raw() - base;
    std::string word;
    while (it != end) {
      unsigned ch = *it;
      if (Xapian::Unicode::is_wordchar(ch)) {
        Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
        ++it;
        continue;
      }
      // An apostrophe between letters stays in the word, as TermGenerator keeps it ("it's").
      if (ch == '\'' || ch == 0x2019) {
        Xapian::Utf8Iterator next = it;
        ++next;
        if (next != end && Xapian::Unicode::is_wordchar(*next)) {
          word += '\'';
          it = next;
          continue;
        }
      }
      break;
    }
    std::size_t stop = (it == end ? text.size() : static_cast<std::size_t>(it.raw() - base));
    if (matches(word, query, stem)) spans.push_back({begin, stop});
  }
  return spans;
}

std::vector<int> lines_of(std::string_view text, int first_line, const std::vector<Span>& spans) {
  std::vector<int> lines;
  int line = first_line;
  std::size_t pos = 0;
  for (const auto& span : spans) {
    for (; pos < span.begin; ++pos)
      if (text[pos] == '\n') ++line;
    if (lines.empty() || lines.back() != line) lines.push_back(line);
  }
  return lines;
}

}  // namespace psearch
