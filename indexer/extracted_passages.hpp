// An extracted document's passages (HTML, PDF, compressed or transcoded text): its lines split as
// a text file's are, a PDF's page by page, each passage's lines mapped back to the file's.
#pragma once
#include <span>
#include <string>

#include "extract/extract.hpp"
#include "indexer/passage_splitter.hpp"

namespace psearch {

/// The lines' text joined by '\n', as a text file of those lines would read.
std::string joined_text(std::span<const extract::TextLine> lines);

/// Takes a passage split from joined_text(lines) (its first_line and last_line count lines); returns
/// it with the source lines of those lines, their page, numbered when they are consecutive lines
/// of the file one for one, and column 0 (an offset in extracted text is none in the file).
Passage map_to_source(Passage p, std::span<const extract::TextLine> lines);

/// Hands emit the document's passages in order, mapped to the source: a PDF's page by page, so
/// that no passage spans two pages.
void split_extracted(const extract::Extracted& doc, const PassageSink& emit);

}  // namespace psearch
