// Spelling correction that never misleads: a query word the index lacks is corrected only to a
// word the index clearly prefers, and the corrected query is searched only when the query as typed
// finds nothing or almost nothing (prefer_correction). Otherwise the typed query is searched and
// the correction is only suggested.
#pragma once
#include <cstddef>
#include <string>

#include <xapian.h>

#include "searcher/query_builder.hpp"

namespace psearch {

// Words shorter than this have too many neighbours one edit away to be corrected.
inline constexpr std::size_t kMinWordToCorrect = 4;
// Words up to this length (in bytes, as the edit distance counts) get one edit, longer ones two.
inline constexpr std::size_t kMaxOneEditLength = 8;
// A correction must be held by at least this many passages: a rarer word may itself be a typo.
inline constexpr Xapian::doccount kMinCorrectionPassages = 3;
// ... and by this many times as many passages as any other word as close (another stem);
// otherwise the guess is ambiguous.
inline constexpr Xapian::doccount kCorrectionDominance = 2;
// The query as typed finds "almost nothing" below this many passages ...
inline constexpr Xapian::doccount kFewMatches = 3;
// ... when the corrected query finds this many times as many.
inline constexpr Xapian::doccount kManyMoreMatches = 5;
// A longer text is not a typed query: it is not corrected.
inline constexpr std::size_t kMaxWordsToCorrect = 20;

/// Edit distance (insert, delete, substitute, swap two neighbours), or limit + 1 once above it.
unsigned edit_distance(const std::string& a, const std::string& b, unsigned limit);

/// The edits allowed to correct a word of this length (0: the word is not corrected).
unsigned max_edits_for(std::size_t length);

/// The confident correction of word (lower case) among the indexed words that share its first
/// letter within max_edits: the nearest, held by at least kMinCorrectionPassages passages and
/// kCorrectionDominance times as many as any other as near (forms of one stem are one candidate),
/// never a stopword or query operator. "" when there is none or the choice is ambiguous.
std::string closest_indexed_word(const Xapian::Database& db, const std::string& word, unsigned max_edits);

/// The text with each word the index lacks (in every form) replaced by its confident correction;
/// "" when no word has one. Wildcards, words with digits and texts of more than
/// kMaxWordsToCorrect words are left alone.
std::string correct_spelling(const std::string& text, const Xapian::Database& db);

/// Whether to show the corrected query's hits instead of the typed query's, given how many
/// passages each matches: only when the typed query finds nothing, or fewer than kFewMatches
/// while the corrected one finds kManyMoreMatches times as many.
bool prefer_correction(Xapian::doccount typed_matches, Xapian::doccount corrected_matches);

/// The query of text as typed (always when exact), or of its confident correction when
/// prefer_correction says so (then built.corrected names it); a correction not searched is only
/// suggested (built.suggested). Counted over db, so a sharded index decides as one index would.
/// Throws psearch::Error as build_query does for the text as typed.
BuiltQuery spelled_query(const std::string& text, bool exact, const Xapian::Database& db);

}  // namespace psearch
