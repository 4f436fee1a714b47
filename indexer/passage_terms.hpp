// The terms pindex gives a passage: both forms of its words in one pass (the stems with
// positions), the field terms of its heading and opening words, with the schema's stemmer.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace psearch {

inline constexpr std::size_t kOpeningWords = 8;  // opening_words() takes at most this many

/// The terms of a passage in one pass over its text. Xapian's TermGenerator cannot give
/// positions to the stems only (STEM_SOME_FULL_POS gives them to both forms, doubling the
/// position table), so it makes the stems, with positions, and its stemmer (CachingStem) hands
/// back each word it is given, exactly as TermGenerator would index it unstemmed, to be added
/// without positions. Stems are cached: Snowball is a large part of the tokenizing time.
class PassageTermGenerator {
public:
  PassageTermGenerator();
  void set_document(const Xapian::Document& doc);
  /// Both forms of the words of text, the stems with positions.
  void index_text(const std::string& text, Xapian::termcount wdf = 1);
  /// Both forms of the words of text, without positions (a heading's words on the passages after
  /// the one it introduces).
  void index_text_without_positions(const std::string& text, Xapian::termcount wdf = 1);
  void increase_termpos() { stems_.increase_termpos(); }  // no phrase across what comes before and after
  /// The stems of text again, as field terms under prefix (kPrefixHeading, kPrefixOpening), without positions.
  void index_field(const std::string& text, const char* prefix);

private:
  void index_words(const std::string& text, Xapian::termcount wdf, bool positions);
  Xapian::TermGenerator stems_;
  std::vector<std::string>* words_;  // where the stemmer writes the words it is given (owned by it)
  Xapian::Document doc_;
};
/// The term generator set up as the schema requires (stemmer and strategies).
PassageTermGenerator make_term_generator();
/// The schema's stemmer, with a cache: one per thread (a Stem is not thread-safe).
const Xapian::Stem& cached_stemmer();

/// The opening words of a passage text: up to the end of its first sentence (a word ending in
/// . ? or !), at most kOpeningWords words.
std::string opening_words(std::string_view text);

}  // namespace psearch
