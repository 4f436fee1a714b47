// The terms pindex gives a passage: its words' stems (with positions) and unstemmed forms in one
// pass, the field terms of its heading and opening words, with the schema's stemmer.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

namespace psearch {

class CachingStem;  // passage_terms.cpp

inline constexpr std::size_t kOpeningWords = 8;  // opening_words() takes at most this many

/// The terms of a passage in one pass over its text. Xapian's TermGenerator cannot give
/// positions to the stems only (STEM_SOME_FULL_POS gives them to both forms, doubling the
/// position table), so it makes the stems, with positions, and its stemmer (CachingStem) hands
/// back each word it is given, exactly as TermGenerator would index it unstemmed, to be added
/// without positions; a word that is its own stem only beside another form of that stem
/// (format/README.md), its wdf then counted by finish_document()'s length term. Stems are
/// cached: Snowball is a large part of the tokenizing time.
class PassageTermGenerator {
public:
  PassageTermGenerator();
  void set_document(const Xapian::Document& doc);
  /// The words of text: stems with positions, unstemmed forms as the class says.
  void index_text(const std::string& text, Xapian::termcount wdf = 1);
  /// The words of text, without positions (a heading's words on the passages after
  /// the one it introduces).
  void index_text_without_positions(const std::string& text, Xapian::termcount wdf = 1);
  void increase_termpos() { stems_.increase_termpos(); }  // no phrase across what comes before and after
  /// Ends the document: the length term (schema::kTermLength) for the words left out.
  void finish_document();
  /// The stems of text again, as field terms under prefix (kPrefixHeading, kPrefixOpening), without positions.
  void index_field(const std::string& text, const char* prefix);

private:
  struct Forms {
    Xapian::termcount stem_form_wdf = 0;  // of the word that is its own stem, not yet added
    bool other_form = false;              // another word of the stem is in the passage
  };
  void index_words(const std::string& text, Xapian::termcount wdf, bool positions);
  void add_word(const std::string& word, const std::string& stem, Xapian::termcount wdf);
  Xapian::TermGenerator stems_;
  CachingStem* stemmer_;  // stems_'s stemmer, which lists the words it is given (owned by stems_)
  Xapian::Document doc_;
  std::unordered_map<std::string_view, Forms> forms_;  // the passage's stems (in the stemmer's cache) and their forms so far
  Xapian::termcount omitted_wdf_ = 0;             // of the words left out so far
};
/// The term generator set up as the schema requires (stemmer and strategies).
PassageTermGenerator make_term_generator();
/// The schema's stemmer, with a cache: one per thread (a Stem is not thread-safe).
const Xapian::Stem& cached_stemmer();

/// The opening words of a passage text: up to the end of its first sentence (a word ending in
/// . ? or !), at most kOpeningWords words.
std::string opening_words(std::string_view text);

}  // namespace psearch
