// Splits a text file into passages by its own structure: paragraphs, lists with their
// introductory sentence, headings carried by every passage under them. Pure: no Xapian, no I/O.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "format/text_lines.hpp"

namespace psearch {

struct Passage {
  int first_line = 0;  // 1-based
  int last_line = 0;   // inclusive
  std::string heading;  // the heading path above the passage, " › "-joined; may be empty
  std::string text;     // the file's lines first..last joined by '\n' (CR and BOM removed);
                        // a fragment of the line when one line alone exceeds kMaxWords
  std::size_t column = 0;  // byte offset of text in line first_line (non-zero only for a fragment)
  // Set for an extracted document's passage only (extracted_passages.hpp): its PDF page, and
  // whether its text's lines are the file's lines first..last one for one.
  std::uint32_t page = 0;
  bool numbered = true;
  bool operator==(const Passage&) const = default;
};

inline constexpr int kMaxLines = 12;
inline constexpr int kMaxWords = 200;
inline constexpr const char* kHeadingSeparator = " › ";

using PassageSink = std::function<void(Passage&&)>;

/// Takes a file's bytes; returns its passages in file order. Never throws on any input.
std::vector<Passage> split_passages(std::string_view content);
/// The same passages, handed to emit one by one as they are made, so that a file's passages are
/// never all in memory at once (a generated header can hold hundreds of thousands).
void split_passages(std::string_view content, const PassageSink& emit);

}  // namespace psearch
