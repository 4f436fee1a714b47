// Finds where query words occur in a passage: the same tokenising and stemming as the index, so
// "salts" is marked for a query of "salt".
#pragma once
#include <string_view>
#include <vector>

#include "searcher/hit.hpp"
#include "searcher/query_builder.hpp"

namespace psearch {

/// Takes text and the built query; returns the byte spans of words that the query matches.
std::vector<Span> find_matches(std::string_view text, const BuiltQuery& query);

/// Takes a passage's text, its first line and its match spans; returns the file lines that hold a span.
std::vector<int> lines_of(std::string_view text, int first_line, const std::vector<Span>& spans);

}  // namespace psearch
