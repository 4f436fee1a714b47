// Synonym groups matched against a passage's words with the index's own stemmer.
#include "indexer/synonyms.hpp"

#include <xapian.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "indexer/abbreviations.hpp"
#include "indexer/schema.hpp"

namespace psearch {
namespace {

struct Word {
  std::string exact;  // as written
  std::string stem;   // lower-cased, stemmed
};

std::vector<Word> words_of(std::string_view text) {
  const Xapian::Stem& stem = schema::cached_stemmer();
  std::vector<Word> words;
  Xapian::Utf8Iterator it(text.data(), text.size()), end;
  while (it != end) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    Word w;
    std::string lower;
    for (; it != end && Xapian::Unicode::is_wordchar(*it); ++it) {
      Xapian::Unicode::append_utf8(w.exact, *it);
      Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(*it));
    }
    w.stem = stem(lower);
    words.push_back(std::move(w));
  }
  return words;
}

// An abbreviation as written, or its plural: "PLM" is also "PLMs" and "PLMS".
bool is_spelling_of(const std::string& word, const std::string& exact) {
  if (word == exact) return true;
  return word.size() == exact.size() + 1 && word.starts_with(exact) && (word.back() == 's' || word.back() == 'S') &&
         std::isalpha(static_cast<unsigned char>(exact.back()));
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

Synonyms Synonyms::builtin() {
  Synonyms s;
  s.add_group({"RLS", "restless legs syndrome"});
  s.add_group({"PLM", "PLMD", "periodic limb movements"});
  s.add_group({"Mg", "magnesium"});
  return s;
}

void Synonyms::add_text(std::string_view text, const std::string& source, const WarningSink& warn) {
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    if (trim(line).empty()) continue;
    std::vector<std::string> terms;
    std::size_t start = 0;
    for (;;) {
      auto comma = line.find(',', start);
      auto term = trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
      if (!term.empty()) terms.push_back(term);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (terms.size() < 2) {
      warn(fmt::format("{}:{}: a synonym group needs two or more terms separated by commas", source, line_no));
      continue;
    }
    add_group(terms);
  }
}

void Synonyms::add_group(const std::vector<std::string>& terms) {
  std::vector<Term> group;
  for (const auto& t : terms) {
    Term term{t, {}, false};
    auto words = words_of(t);
    term.exact = words.size() == 1 && std::any_of(t.begin(), t.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    for (const auto& w : words) term.words.push_back(term.exact ? w.exact : w.stem);
    if (!term.words.empty()) group.push_back(std::move(term));
    fingerprint_ = schema::fnv1a(fmt::format("{}{}\x1f", fingerprint_, t));
  }
  fingerprint_ = schema::fnv1a(fmt::format("{}\x1e", fingerprint_));
  if (group.size() >= 2) groups_.push_back(std::move(group));
}

std::optional<Synonyms> Synonyms::with_definitions(std::string_view content) const {
  auto defined = find_abbreviations(content);
  if (defined.empty()) return std::nullopt;
  Synonyms s = *this;
  for (const auto& a : defined) {
    Synonyms pair;
    pair.add_group({a.short_form, a.long_form});
    if (pair.groups_.empty()) continue;
    // Already a group ("Restless Leg Syndrome (RLS)"): indexing it twice would count it twice.
    const Term& short_term = pair.groups_[0][0];
    const Term& long_term = pair.groups_[0][1];
    bool known = std::any_of(groups_.begin(), groups_.end(), [&](const std::vector<Term>& group) {
      auto has = [&](const Term& t) {
        return std::any_of(group.begin(), group.end(), [&](const Term& g) { return g.exact == t.exact && g.words == t.words; });
      };
      return has(short_term) && has(long_term);
    });
    if (!known) s.groups_.push_back(std::move(pair.groups_[0]));
  }
  return s;
}

std::vector<std::string> Synonyms::expansions(std::string_view text) const {
  std::vector<std::string> out;
  for (auto& e : expansions("", text)) out.push_back(std::move(e.text));
  return out;
}

std::vector<Synonyms::Expansion> Synonyms::expansions(std::string_view heading, std::string_view text) const {
  std::vector<Expansion> out;
  if (groups_.empty()) return out;
  // The words of heading + "\n" + text, heading first, with where the text's words begin.
  auto words = words_of(heading);
  const std::size_t text_start = words.size();
  for (auto& w : words_of(text)) words.push_back(std::move(w));
  // Whether term occurs at a word from `from` on.
  auto occurs = [&](const Term& term, std::size_t from) {
    for (std::size_t i = from; i + term.words.size() <= words.size(); ++i) {
      bool all = true;
      for (std::size_t k = 0; k < term.words.size() && all; ++k)
        all = term.exact ? is_spelling_of(words[i + k].exact, term.words[k]) : words[i + k].stem == term.words[k];
      if (all) return true;
    }
    return false;
  };
  for (const auto& group : groups_) {
    std::vector<bool> present(group.size());
    bool any = false, in_text = false;
    for (std::size_t i = 0; i < group.size(); ++i) {
      any |= (present[i] = occurs(group[i], 0));
      in_text |= present[i] && occurs(group[i], text_start);
    }
    if (!any) continue;
    for (std::size_t i = 0; i < group.size(); ++i)
      if (!present[i]) out.push_back({group[i].text, in_text});
  }
  return out;
}

}  // namespace psearch
