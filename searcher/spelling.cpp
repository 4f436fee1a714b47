// Spelling correction from the index's own words. Xapian's spelling table would find candidates
// too, but building it makes pindex much bigger in memory and slower, for a missing query word
// that is rare: the words sharing the first letter are scanned instead.
#include "searcher/spelling.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <sstream>
#include <vector>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "searcher/exact_forms.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/stopwords.hpp"

namespace psearch {
namespace {

struct Candidate {
  std::string word;
  Xapian::doccount passages;
};

// The nearest candidates (all at one distance), or "" when none is a confident choice.
std::string confident_choice(std::vector<Candidate> nearest) {
  if (nearest.empty()) return {};
  std::sort(nearest.begin(), nearest.end(), [](const Candidate& a, const Candidate& b) {
    return a.passages > b.passages || (a.passages == b.passages && a.word < b.word);
  });
  const Candidate& best = nearest.front();
  // A stopword or operator as near and as frequent still makes the choice ambiguous, so it is
  // refused here rather than left out of the candidates.
  if (best.passages < kMinCorrectionPassages || english_stopper()(best.word) || is_operator_word(best.word)) return {};
  thread_local const Xapian::Stem stem = schema::make_stemmer();  // a Stem is not thread-safe
  const std::string best_stem = stem(best.word);
  for (auto it = nearest.begin() + 1; it != nearest.end(); ++it) {
    if (stem(it->word) == best_stem) continue;  // "passwords" beside "password" searches the same
    if (it->passages * kCorrectionDominance > best.passages) return {};
  }
  return best.word;
}

bool has_digit(const std::string& word) {
  return std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The confident correction of one word of the query (lower case), or "".
std::string correct_word(const std::string& lower, const Xapian::Database& db) {
  thread_local const Xapian::Stem stem = schema::make_stemmer();  // a Stem is not thread-safe
  unsigned edits = max_edits_for(lower.size());
  // Numbers and identifiers ("ext5", "v4l2") are typed on purpose more often than mistyped.
  if (edits == 0 || has_digit(lower) || is_operator_word(lower)) return {};
  std::string stem_term(1, 'Z');  // not "Z" + stem(...): GCC 12 warns falsely (-Wrestrict) on that
  stem_term += stem(lower);
  if (db.get_termfreq(lower) != 0 || db.get_termfreq(stem_term) != 0) return {};
  return closest_indexed_word(db, lower, edits);
}

}  // namespace

unsigned edit_distance(const std::string& a, const std::string& b, unsigned limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<std::vector<unsigned>> d(a.size() + 1, std::vector<unsigned>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<unsigned>(i);
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    unsigned row_min = limit + 1;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      row_min = std::min(row_min, d[i][j]);
    }
    if (row_min > limit) return limit + 1;
  }
  return std::min(d[a.size()][b.size()], limit + 1);
}

unsigned max_edits_for(std::size_t length) {
  if (length < kMinWordToCorrect) return 0;
  return length <= kMaxOneEditLength ? 1 : 2;
}

std::string closest_indexed_word(const Xapian::Database& db, const std::string& word, unsigned max_edits) {
  if (word.empty()) return {};
  std::vector<Candidate> nearest;  // every indexed word at best_distance
  unsigned best_distance = max_edits + 1;
  unsigned d = 0;
  auto near = [&](const std::string& candidate) {
    d = edit_distance(word, candidate, std::min(max_edits, best_distance));
    return d <= max_edits && d <= best_distance;
  };
  auto keep = [&](const std::string& candidate, const std::string&, Xapian::doccount passages) {
    if (d < best_distance) {
      nearest.clear();
      best_distance = d;
    }
    // A word indexed both as itself and as its stem's term is one candidate: its larger count.
    auto same = std::find_if(nearest.begin(), nearest.end(), [&](const Candidate& c) { return c.word == candidate; });
    if (same == nearest.end()) nearest.push_back({candidate, passages});
    else same->passages = std::max(same->passages, passages);
  };
  for_each_indexed_word(db, word.substr(0, 1), near, keep);
  return confident_choice(std::move(nearest));
}

std::string correct_spelling(const std::string& text, const Xapian::Database& db) {
  std::istringstream count_in(text);
  if (std::distance(std::istream_iterator<std::string>(count_in), std::istream_iterator<std::string>()) >
      static_cast<std::ptrdiff_t>(kMaxWordsToCorrect))
    return {};
  std::string out;
  bool changed = false;
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!(std::isalpha(c) || c >= 0x80)) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                 static_cast<unsigned char>(text[end]) >= 0x80 || text[end] == '\''))
      ++end;
    std::string word = text.substr(i, end - i);
    bool wildcard = end < text.size() && text[end] == '*';
    std::string correction = wildcard ? std::string() : correct_word(Xapian::Unicode::tolower(word), db);
    out += correction.empty() ? word : correction;
    changed |= !correction.empty();
    i = end;
  }
  return changed ? out : std::string();
}

bool prefer_correction(Xapian::doccount typed_matches, Xapian::doccount corrected_matches) {
  if (typed_matches == 0) return corrected_matches > 0;
  return typed_matches < kFewMatches && corrected_matches >= typed_matches * kManyMoreMatches;
}

namespace {

// The passages query matches: exact up to the counts prefer_correction compares, a lower bound
// beyond. Passages, not --files' files, so that -l decides as the passage output does.
Xapian::doccount match_count(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());  // only the count is wanted
  return enquire.get_mset(0, 0, kFewMatches * kManyMoreMatches).get_matches_lower_bound();
}

}  // namespace

BuiltQuery spelled_query(const std::string& text, bool exact, const Xapian::Database& db) {
  BuiltQuery typed = build_query(text, db);
  if (exact) return typed;
  std::string correction = correct_spelling(text, db);
  if (correction.empty()) return typed;
  BuiltQuery corrected;
  try {
    corrected = build_query(correction, db);
  } catch (const Error&) {
    return typed;  // a correction is never worth an error the typed query does not give
  }
  if (!prefer_correction(match_count(db, typed.query), match_count(db, corrected.query))) {
    typed.suggested = std::move(correction);
    return typed;
  }
  corrected.corrected = std::move(correction);
  return corrected;
}

}  // namespace psearch
