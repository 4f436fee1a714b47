// Synonym groups matched against a passage's words with the index's own stemmer.
#include "indexer/synonyms.hpp"

#include <xapian.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "format/schema.hpp"
#include "indexer/abbreviations.hpp"
#include "indexer/passage_terms.hpp"

namespace psearch {

struct Synonyms::Word {
  std::string exact;  // as written
  std::string stem;   // lower-cased, stemmed
};

namespace {

using Word = Synonyms::Word;

// A word character of ASCII, as append_words and Xapian::Unicode::is_wordchar see it.
bool ascii_wordchar(unsigned ch) { return std::isalnum(static_cast<int>(ch)) != 0 || ch == '_'; }

// Appends the words of text, split where Xapian::Unicode::is_wordchar says, each as written and
// lower-cased and stemmed. ASCII is classified without decoding: splitting a passage's words is
// a hot loop of pindex, and decoding was most of it.
void append_words(std::string_view text, std::vector<Word>& words) {
  const Xapian::Stem& stem = cached_stemmer();
  std::string lower;
  std::size_t i = 0;
  // The character at i and its length in bytes: Utf8Iterator's reading (an invalid byte is one
  // character), so words are what iterating the whole text would give.
  auto char_at = [&](std::size_t at, unsigned& ch) -> std::size_t {
    auto c = static_cast<unsigned char>(text[at]);
    if (c < 0x80) {
      ch = c;
      return 1;
    }
    Xapian::Utf8Iterator it(text.data() + at, text.size() - at);
    ch = *it;
    ++it;
    return it == Xapian::Utf8Iterator() ? text.size() - at : static_cast<std::size_t>(it.raw() - (text.data() + at));
  };
  auto is_wordchar = [](unsigned ch) {
    return ch < 0x80 ? ascii_wordchar(ch) : Xapian::Unicode::is_wordchar(ch);
  };
  while (i < text.size()) {
    unsigned ch;
    std::size_t len = char_at(i, ch);
    if (!is_wordchar(ch)) {
      i += len;
      continue;
    }
    Word w;
    lower.clear();
    while (i < text.size() && is_wordchar(ch)) {
      if (ch < 0x80) {
        w.exact.push_back(static_cast<char>(ch));
        lower.push_back(static_cast<char>(std::tolower(static_cast<int>(ch))));
      } else {
        Xapian::Unicode::append_utf8(w.exact, ch);
        Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(ch));
      }
      i += len;
      if (i < text.size()) len = char_at(i, ch);
    }
    w.stem = stem(lower);
    words.push_back(std::move(w));
  }
}

std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  append_words(text, words);
  return words;
}

// An abbreviation as written, or its plural: "PLM" is also "PLMs" and "PLMS".
bool is_spelling_of(const std::string& word, const std::string& exact) {
  if (word == exact) return true;
  return word.size() == exact.size() + 1 && word.starts_with(exact) && (word.back() == 's' || word.back() == 'S') &&
         std::isalpha(static_cast<unsigned char>(exact.back()));
}

// What every word that stems to stem begins with: the stem but its last character, which
// Snowball's English rules may rewrite ("happy": "happi"), but for the three words they rewrite
// further ("dying", "lying", "tying": "die", "lie", "tie"); stem_word only drops an s.
std::string stem_cue(const std::string& stem) {
  if (stem == "die" || stem == "lie" || stem == "tie") return stem.substr(0, 1);
  return stem.substr(0, stem.empty() ? 0 : stem.size() - 1);
}

// Whether cue occurs in text at the start of a word (as append_words splits ASCII text).
bool starts_a_word(std::string_view text, std::string_view cue) {
  for (auto at = text.find(cue); at != std::string_view::npos; at = text.find(cue, at + 1)) {
    if (at == 0) return true;
    const auto before = static_cast<unsigned char>(text[at - 1]);
    if (before >= 0x80 || !ascii_wordchar(before)) return true;
  }
  return false;
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
  if (group.size() >= 2) push_group(std::move(group));
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
    if (!known) s.push_group(std::move(pair.groups_[0]));
  }
  return s;
}

std::vector<std::string> Synonyms::expansions(std::string_view text) const {
  std::vector<std::string> out;
  if (groups_.empty() || !may_start_a_term({}, text)) return out;
  thread_local std::vector<Word> words;  // not the heading's cache below: a field comes between passages
  words.clear();
  append_words(text, words);
  for (auto& e : matches(words, 0)) out.push_back(std::move(e.text));
  return out;
}

std::vector<Synonyms::Expansion> Synonyms::expansions(std::string_view heading, std::string_view text) const {
  if (groups_.empty() || !may_start_a_term(heading, text)) return {};
  // The words of heading + "\n" + text, heading first. The passages of a section share their
  // heading, so its words are kept from one call to the next (per thread: the parts of pindex -j).
  thread_local std::string last_heading;
  thread_local std::vector<Word> words;
  thread_local std::size_t text_start = 0;
  if (heading != last_heading) {
    last_heading = heading;
    words.clear();
    append_words(heading, words);
    text_start = words.size();
  }
  words.resize(text_start);
  append_words(text, words);
  return matches(words, text_start);
}

// Which terms occur, found from their first word (one lookup per word, not a scan per term).
std::vector<Synonyms::Expansion> Synonyms::matches(const std::vector<Word>& words, std::size_t text_start) const {
  // Per term of every group, in order: 1 occurs, 2 occurs from text_start on (in the text).
  std::vector<std::vector<char>> found(groups_.size());
  bool any = false;
  auto try_term = [&](const TermRef& ref, std::size_t at) {
    const Term& term = groups_[ref.group][ref.term];
    if (at + term.words.size() > words.size()) return;
    for (std::size_t k = 1; k < term.words.size(); ++k)
      if (!(term.exact ? is_spelling_of(words[at + k].exact, term.words[k]) : words[at + k].stem == term.words[k])) return;
    auto& flags = found[ref.group];
    if (flags.empty()) flags.assign(groups_[ref.group].size(), 0);
    flags[ref.term] |= static_cast<char>(at >= text_start ? 3 : 1);
    any = true;
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    if (auto it = by_first_stem_.find(w.stem); it != by_first_stem_.end())
      for (const auto& ref : it->second) try_term(ref, i);
    // An exact term matches as written or with a plural s (is_spelling_of).
    if (auto it = by_first_exact_.find(w.exact); it != by_first_exact_.end())
      for (const auto& ref : it->second) try_term(ref, i);
    if (w.exact.size() > 1 && (w.exact.back() == 's' || w.exact.back() == 'S'))
      if (auto it = by_first_exact_.find(std::string_view(w.exact).substr(0, w.exact.size() - 1));
          it != by_first_exact_.end())
        for (const auto& ref : it->second)
          if (is_spelling_of(w.exact, groups_[ref.group][ref.term].words[0])) try_term(ref, i);
  }
  std::vector<Expansion> out;
  if (!any) return out;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const auto& flags = found[g];
    if (flags.empty()) continue;
    const bool in_text = std::any_of(flags.begin(), flags.end(), [](char f) { return f & 2; });
    for (std::size_t t = 0; t < flags.size(); ++t)
      if (!flags[t]) out.push_back({groups_[g][t].text, in_text});
  }
  return out;
}

void Synonyms::push_group(std::vector<Term> group) {
  const std::size_t g = groups_.size();
  for (std::size_t t = 0; t < group.size(); ++t) {
    const std::string& first = group[t].words[0];
    auto& index = group[t].exact ? by_first_exact_ : by_first_stem_;
    index[first].push_back({g, t});
    std::string cue = group[t].exact ? first : stem_cue(first);
    auto& cues = group[t].exact ? exact_cues_ : stem_cues_;
    if (std::find(cues.begin(), cues.end(), cue) == cues.end()) cues.push_back(std::move(cue));
  }
  groups_.push_back(std::move(group));
}

// Whether text may hold a word that starts a term: one whose stem starts a term begins with that
// stem's cue, and an exact term's word is written as it is. Most passages hold neither, and are not
// split into words a second time. Text beyond ASCII is always split: its lower case is Unicode's.
bool Synonyms::may_start_a_term(std::string_view heading, std::string_view text) const {
  thread_local std::string lower;
  lower.resize(heading.size() + 1 + text.size());
  char* out = lower.data();
  for (std::string_view part : {heading, std::string_view("\n"), text}) {
    for (char c : part) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x80) return true;
      *out++ = static_cast<char>(u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u);
    }
  }
  const std::string_view lowered(lower);
  return std::any_of(stem_cues_.begin(), stem_cues_.end(), [&](const auto& cue) { return starts_a_word(lowered, cue); }) ||
         std::any_of(exact_cues_.begin(), exact_cues_.end(),
                     [&](const auto& cue) { return starts_a_word(heading, cue) || starts_a_word(text, cue); });
}

}  // namespace psearch
