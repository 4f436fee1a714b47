// Extracted lines to passages: the splitter reads them as text, and the map back to the file is
// the lines' own source_line and page.
#include "indexer/extracted_passages.hpp"

#include <algorithm>

namespace psearch {

std::string joined_text(std::span<const extract::TextLine> lines) {
  std::string text;
  for (const auto& line : lines) {
    if (&line != lines.data()) text += '\n';
    text += line.text;
  }
  return text;
}

Passage map_to_source(Passage p, std::span<const extract::TextLine> lines) {
  if (lines.empty()) return p;
  auto at = [&](int n) -> const extract::TextLine& {
    return lines[static_cast<std::size_t>(std::clamp(n, 1, static_cast<int>(lines.size())) - 1)];
  };
  const auto first = at(p.first_line).source_line;
  p.numbered = true;
  for (int n = p.first_line; n <= p.last_line; ++n)
    if (at(n).source_line != first + static_cast<std::uint32_t>(n - p.first_line)) p.numbered = false;
  p.page = at(p.first_line).page;
  p.first_line = static_cast<int>(first);
  p.last_line = static_cast<int>(std::max(first, at(p.last_line).source_line));
  p.column = 0;
  return p;
}

void split_extracted(const extract::Extracted& doc, const PassageSink& emit) {
  std::span<const extract::TextLine> all(doc.lines);
  // A PDF's pages one at a time; any other document is one run of page 0.
  for (std::size_t begin = 0; begin < all.size();) {
    std::size_t end = begin + 1;
    while (end < all.size() && all[end].page == all[begin].page) ++end;
    auto run = all.subspan(begin, end - begin);
    split_passages(joined_text(run), [&](Passage&& p) { emit(map_to_source(std::move(p), run)); });
    begin = end;
  }
}

}  // namespace psearch
