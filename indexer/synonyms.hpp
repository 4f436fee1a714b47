// Synonyms and abbreviations, applied when indexing: a passage that says "RLS" is also indexed
// under "restless legs syndrome" and the other way round, so either form of a query finds both,
// as a phrase of its own and in boolean queries too (after the passage's words: a phrase mixing a
// synonym with other words finds only the form written).
//
// The file is `.psearch-synonyms` in a corpus root: one group of equivalent terms per line,
// separated by commas; `#` starts a comment. A single-word term written with a capital letter
// ("Mg") matches only that spelling, so "Mg" (magnesium) is not "mg" (milligrams); other terms
// match in any case and in any inflection ("restless leg syndrome").
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "indexer/corpus_scanner.hpp"

namespace psearch {

inline constexpr const char* kSynonymsFileName = ".psearch-synonyms";

class Synonyms {
public:
  /// The built-in groups: RLS, PLM and Mg for the bundled articles' abbreviations.
  static Synonyms builtin();
  /// Adds the groups of a synonyms file's text; a malformed line becomes a warning.
  void add_text(std::string_view text, const std::string& source, const WarningSink& warn);
  /// The other terms of every group one of whose terms occurs in text, to be indexed with it.
  std::vector<std::string> expansions(std::string_view text) const;
  struct Expansion {
    std::string text;
    bool in_text = false;  // a term of its group occurs in the text, not only in the heading
  };
  /// The expansions of heading + "\n" + text, each saying whether text itself calls for it.
  std::vector<Expansion> expansions(std::string_view heading, std::string_view text) const;
  /// These groups and those of the abbreviations content defines for itself (abbreviations.hpp),
  /// for its own passages; nothing when it defines none.
  std::optional<Synonyms> with_definitions(std::string_view content) const;
  /// Changes whenever the groups change (a changed file means re-indexing every passage).
  std::uint64_t fingerprint() const { return fingerprint_; }
  struct Word;  // a word of a passage, as written and stemmed (synonyms.cpp)

private:
  struct Term {
    std::string text;                // as written in the file
    std::vector<std::string> words;  // stems, or the exact word for a capitalised single word
    bool exact = false;
  };
  struct TermRef {
    std::size_t group = 0;
    std::size_t term = 0;
  };
  void add_group(const std::vector<std::string>& terms);
  void push_group(std::vector<Term> group);
  std::vector<Expansion> matches(const std::vector<Word>& words, std::size_t text_start) const;

  std::vector<std::vector<Term>> groups_;
  // Looked up by a string_view too: no string made for each word's singular.
  struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Each term by its first word: the stem, or the word as written for an exact term.
  std::unordered_map<std::string, std::vector<TermRef>, WordHash, std::equal_to<>> by_first_stem_, by_first_exact_;
  // What a text holds when a word of it may start a term (may_start_a_term): the first stems' cues
  // (lower case) and the exact first words.
  std::vector<std::string> stem_cues_, exact_cues_;
  bool may_start_a_term(std::string_view heading, std::string_view text) const;
  std::uint64_t fingerprint_ = 0;
};

}  // namespace psearch
