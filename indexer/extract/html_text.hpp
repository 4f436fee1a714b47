// HTML as text lines, parsed by gumbo (the HTML5 parsing algorithm, as browsers do).
#pragma once
#include <string_view>
#include <vector>

#include "extract/extract.hpp"

namespace psearch::extract {

/// Takes an HTML or XHTML document in UTF-8; returns its visible text as lines in Markdown's
/// shapes (README.md): the title and h1-h6 as '#' headings, blocks as paragraphs, list items as
/// "- ", table rows as "| a | b |", pre as a ``` fence. Scripts, styles, noscript and templates are
/// dropped, entities decoded. Each line has the source line where its text starts.
std::vector<TextLine> html_lines(std::string_view html);

}  // namespace psearch::extract
