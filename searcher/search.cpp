// The search pipeline: find the index, search, mark matches, print.
#include "searcher/search.hpp"

#include <filesystem>

#include "searcher/index_reader.hpp"
#include "searcher/match_finder.hpp"
#include "searcher/printer.hpp"

namespace psearch {

std::string display_path(const std::string& absolute, const std::string& cwd) {
  if (cwd.empty() || cwd == "/" || !absolute.starts_with(cwd) || absolute.size() <= cwd.size() ||
      absolute[cwd.size()] != '/')
    return absolute;
  return absolute.substr(cwd.size() + 1);
}

int run_search(const SearchOptions& options, std::ostream& out, std::ostream& err) {
  IndexReader reader(find_index(options.db_option));
  BuiltQuery built;
  auto hits = reader.search(options.query, options.max_hits, built);
  if (built.plain_words) err << "psearch: note: query syntax not understood, searched the words instead\n";
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  for (auto& hit : hits) {
    hit.display_path = display_path(hit.path, cwd);
    hit.text_matches = find_matches(hit.text, built);
    hit.heading_matches = find_matches(hit.heading, built);
    hit.match_lines = lines_of(hit.text, hit.first_line, hit.text_matches);
  }
  switch (options.format) {
    case OutputFormat::Human: print_human(out, hits, options.color); break;
    case OutputFormat::Json: print_json(out, hits); break;
    case OutputFormat::Vimgrep: print_vimgrep(out, hits); break;
  }
  return hits.empty() ? 1 : 0;
}

}  // namespace psearch
