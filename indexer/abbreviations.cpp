// Schwartz-Hearst abbreviation definitions, ASCII short forms only.
#include "indexer/abbreviations.hpp"

#include <algorithm>
#include <cstddef>

namespace psearch {
namespace {

constexpr std::size_t kMaxShortForm = 10;
constexpr std::size_t kMaxInside = 120;  // a longer parenthesis is a remark, not a definition

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// An abbreviation: one word of letters, digits and hyphens, starting with a letter, with at
// least two capitals ("GABA", "PLMs", "IL-6"), so that a plain word in parentheses is not one.
bool is_short_form(std::string_view s) {
  if (s.size() < 2 || s.size() > kMaxShortForm || !is_alpha(s.front())) return false;
  if (!std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '-'; })) return false;
  return std::count_if(s.begin(), s.end(), is_upper) >= 2;
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    if (!is_space(c) && !in_word) ++n;
    in_word = !is_space(c);
  }
  return n;
}

std::size_t max_long_words(std::string_view short_form) {
  return std::min(short_form.size() + 5, short_form.size() * 2);
}

// Schwartz and Hearst's findBestLongForm: each letter or digit of the short form, from its last,
// found in text from its end backwards, the first one at the start of a word. Returns the long
// form (from the start of that word), or empty.
std::string_view best_long_form(std::string_view short_form, std::string_view text) {
  std::ptrdiff_t s = static_cast<std::ptrdiff_t>(short_form.size()) - 1;
  std::ptrdiff_t l = static_cast<std::ptrdiff_t>(text.size()) - 1;
  for (; s >= 0; --s) {
    char c = lower(short_form[static_cast<std::size_t>(s)]);
    if (!is_alnum(c)) continue;
    while (l >= 0 && (lower(text[static_cast<std::size_t>(l)]) != c ||
                      (s == 0 && l > 0 && is_alnum(text[static_cast<std::size_t>(l - 1)]))))
      --l;
    if (l < 0) return {};
    if (s > 0) --l;
  }
  std::size_t start = text.find_last_of(" \t\n\r", static_cast<std::size_t>(l));
  start = start == std::string_view::npos ? 0 : start + 1;
  return text.substr(start);
}

bool plausible_long_form(std::string_view long_form, std::string_view short_form) {
  if (long_form.size() <= short_form.size()) return false;
  auto words = word_count(long_form);
  if (words < 1 || words > max_long_words(short_form)) return false;
  if (!is_alpha(long_form.front())) return false;
  // Words, not code or a formula.
  return std::all_of(long_form.begin(), long_form.end(),
                     [](char c) { return is_alnum(c) || is_space(c) || c == '-' || c == '\'' || static_cast<unsigned char>(c) >= 0x80; });
}

// The words just before a parenthesis that could spell its short form: at most as many as the
// short form allows, within the sentence.
std::string_view words_before(std::string_view text, std::size_t open, std::size_t max_words) {
  std::size_t end = open;
  while (end > 0 && is_space(text[end - 1])) --end;
  std::size_t start = end, words = 0;
  bool in_word = false;
  while (start > 0) {
    char c = text[start - 1];
    if (c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == '(' || c == ')' || c == ',' ||
        c == '[' || c == ']' || c == '"')
      break;
    if (c == '\n' && start >= 2 && text[start - 2] == '\n') break;  // a blank line: another paragraph
    if (!is_space(c) && !in_word) {
      if (words == max_words) break;
      ++words;
    }
    in_word = !is_space(c);
    --start;
  }
  while (start < end && is_space(text[start])) ++start;
  return text.substr(start, end - start);
}

// The word just before the parenthesis, when only a space separates them.
std::string_view word_before(std::string_view text, std::size_t open) {
  std::size_t end = open;
  if (end == 0 || text[end - 1] != ' ') return {};
  --end;
  std::size_t start = end;
  while (start > 0 && (is_alnum(text[start - 1]) || text[start - 1] == '-')) --start;
  if (start > 0 && !is_space(text[start - 1])) return {};
  return text.substr(start, end - start);
}

void add(std::vector<Abbreviation>& out, std::string_view short_form, std::string_view long_form) {
  Abbreviation a{std::string(short_form), std::string(long_form)};
  if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(std::move(a));
}

}  // namespace

std::vector<Abbreviation> find_abbreviations(std::string_view text) {
  std::vector<Abbreviation> out;
  for (std::size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
    // Prose puts a space before the parenthesis; code (a call, a macro) does not.
    if (open == 0 || text[open - 1] != ' ') continue;
    // Only so far: a file of unclosed parentheses must not be read again for each one.
    std::size_t close = text.substr(0, std::min(text.size(), open + kMaxInside + 2)).find(')', open + 1);
    if (close == std::string_view::npos) continue;
    std::string_view inside = trim(text.substr(open + 1, close - open - 1));
    if (inside.find('(') != std::string_view::npos || inside.find("\n\n") != std::string_view::npos) continue;
    if (is_short_form(inside)) {  // long form (SF)
      auto window = words_before(text, open, max_long_words(inside));
      auto long_form = trim(best_long_form(inside, window));
      if (plausible_long_form(long_form, inside)) add(out, inside, long_form);
      continue;
    }
    auto short_form = word_before(text, open);  // SF (long form)
    if (!is_short_form(short_form)) continue;
    auto long_form = best_long_form(short_form, inside);
    if (long_form.size() == inside.size() && plausible_long_form(long_form, short_form)) add(out, short_form, long_form);
  }
  return out;
}

}  // namespace psearch
