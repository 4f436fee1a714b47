// PDF as text lines, read by poppler (poppler-cpp): each page's text in reading order.
#pragma once
#include <string_view>
#include <variant>
#include <vector>

#include "extract/extract.hpp"

namespace psearch::extract {

/// Takes a PDF's bytes; returns its text lines, page by page with a blank line between pages,
/// each with its page (1-based) and source_line = its line number in this text. Page numbers and
/// running headers or footers on most pages are dropped; a line the outline names becomes a '#'
/// heading (one '#' per outline level). Skipped{Unreadable} for a broken or encrypted PDF,
/// Skipped{Unsupported} for one without text (scanned pages).
std::variant<std::vector<TextLine>, Skipped> pdf_lines(std::string_view bytes);

}  // namespace psearch::extract
