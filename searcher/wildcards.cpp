// The parser sees "magnes*" as the field "psearchwildcard:magnes", whose processor builds the
// synonym, so the query's structure is exactly the parser's.
#include "searcher/wildcards.hpp"

#include <algorithm>
#include <cctype>

#include "searcher/exact_forms.hpp"
#include "searcher/query_builder.hpp"

namespace psearch {
namespace {

bool word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

}  // namespace

std::string rewrite_wildcards(const std::string& text) {
  std::string out;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '"') quoted = !quoted;
    if (quoted || !word_byte(text[i]) || (i > 0 && word_byte(text[i - 1]))) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && word_byte(text[end])) ++end;
    if (end < text.size() && text[end] == '*') {
      out += kWildcardField;
      out += ':';
      out.append(text, i, end - i);
      out += ' ';  // the '*' ended the word: "magnes*OR" is magnes* and OR, not "magnesOR"
      i = end + 1;
    } else {
      out.append(text, i, end - i);
      i = end;
    }
  }
  return out;
}

Xapian::Query WildcardExpander::operator()(const std::string& value) {
  std::string prefix = Xapian::Unicode::tolower(value);
  std::vector<std::pair<Xapian::doccount, std::string>> words;
  for_each_indexed_word(
      db_, prefix, [](const std::string&) { return true; },
      [&](const std::string&, const std::string& term, Xapian::doccount passages) { words.emplace_back(passages, term); });
  // A term no passage holds, not Query::MatchNothing: that is an empty query, which would make
  // "zzz*" look like a query of function words only.
  if (words.empty()) return Xapian::Query(kNoSuchTerm);
  if (words.size() > kMaxWildcardExpansion) {
    // The most frequent words, as Xapian's WILDCARD_LIMIT_MOST_FREQUENT keeps.
    std::nth_element(words.begin(), words.begin() + kMaxWildcardExpansion, words.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    words.resize(kMaxWildcardExpansion);
    std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    if (std::find(capped_.begin(), capped_.end(), prefix + "*") == capped_.end()) capped_.push_back(prefix + "*");
  }
  std::vector<std::string> terms;
  for (auto& w : words) terms.push_back(std::move(w.second));
  Xapian::Query synonym(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  expanded_.emplace_back(prefix + "*", synonym);
  return synonym;
}

std::vector<std::string> wildcard_prefixes(const std::string& text) {
  std::vector<std::string> prefixes;
  std::string word;
  auto flush = [&] {
    if (word.size() > 1 && word.back() == '*') {
      std::string p = word.substr(0, word.size() - 1);
      std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
      prefixes.push_back(p);
    }
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '*' || static_cast<unsigned char>(c) >= 0x80) word += c;
    else flush();
  }
  flush();
  return prefixes;
}

}  // namespace psearch
