// The search pipeline: find the index, search, mark matches, print.
#include "searcher/search.hpp"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "format/error.hpp"
#include "format/text_lines.hpp"
#include "searcher/hit_text.hpp"
#include "searcher/index_reader.hpp"
#include "searcher/match_finder.hpp"
#include "searcher/printer.hpp"
#include "searcher/xapian_error.hpp"

namespace psearch {
namespace {

struct Found {
  std::vector<Hit> hits;
  BuiltQuery built;
  bool shard_down = false;
};

SearchRequest request_of(const SearchOptions& options) {
  return {.text = options.query,
          .max_hits = options.max_hits,
          .one_per_file = options.files_only,
          .all_copies = options.all_copies,
          .per_file = options.all_copies ? 0 : options.per_file,
          .exact = options.exact,
          .explain = options.explain};
}

// The hits of every shard that answers; those that did not are warned of, also when none did.
Found search_index(const SearchOptions& options, const MessageSink& messages) {
  IndexReader reader(expand_shards(find_indexes(options.db_options)), options.timeout_seconds);
  auto report_down = [&](const char* outcome) {
    for (const auto& failure : reader.down()) messages.warning(escape_controls(failure.reason) + outcome);
  };
  Found found;
  try {
    found.hits = reader.search(request_of(options), found.built);
  } catch (const Error&) {
    if (reader.shard_count() > 1) report_down("");
    throw;
  }
  report_down("; searched the other shards");
  found.shard_down = !reader.down().empty();
  return found;
}

// What the query became, where it differs from the text typed. Hits of a corrected query say so
// where they are read: on the first line of the human output (returns true), else in a notice,
// as the formats that programs read line by line (vimgrep, --files) must hold hits only; JSON
// hits also carry corrected_query.
bool report_query(const BuiltQuery& built, const SearchOptions& options, const MessageSink& messages) {
  if (built.truncated) messages.note(fmt::format("the query was cut to its first {} words", kMaxQueryWords));
  for (const auto& pattern : built.capped_wildcards)
    messages.note(fmt::format("{} matches more than {} words; searching the {} most frequent", escape_controls(pattern),
                              kMaxWildcardExpansion, kMaxWildcardExpansion));
  if (!built.suggested.empty()) messages.notice("did you mean: " + escape_controls(built.suggested));
  bool note_on_stdout = false;
  if (!built.corrected.empty()) {
    note_on_stdout = options.format == OutputFormat::Human && !options.files_only;
    if (!note_on_stdout)
      messages.notice(fmt::format("showing results for \"{}\" (searched instead of \"{}\"; --exact searches as typed)",
                                  escape_controls(built.corrected), escape_controls(options.query)));
  }
  if (built.plain_words) messages.note("query syntax not understood, searched the words instead");
  return note_on_stdout;
}

// Each hit as it is printed: paths as the user sees them, text from the file, matches marked.
// A remote shard's files are on its machine: named as it recorded them, never checked here.
void complete_hits(std::vector<Hit>& hits, const BuiltQuery& built, const SearchOptions& options,
                   const MessageSink& messages) {
  std::error_code ec;
  // With --absolute no directory is "here": display_path() then keeps every path as indexed.
  std::string cwd = options.absolute_paths ? std::string() : std::filesystem::current_path(ec).string();
  std::set<std::string> textless_shards;
  for (auto& hit : hits) {
    hit.display_path = hit.remote ? hit.path : display_path(hit.path, cwd);
    for (auto& copy : hit.also) copy.display_path = copy.remote ? copy.path : display_path(copy.path, cwd);
    if (!hit.remote) load_text(hit);
    else if (!hit.text_stored && textless_shards.insert(hit.shard).second)
      messages.warning(escape_controls(hit.shard) +
                       " does not store passage text, and its files are on another machine: index it with pindex "
                       "--store-text");
    hit.text_matches = find_matches(hit.text, built);
    hit.heading_matches = find_matches(hit.heading, built);
    // Lines that do not map one for one to the file's are all at the passage's first line.
    hit.match_lines = hit.numbered ? lines_of(hit.text, hit.first_line, hit.text_matches)
                      : hit.text_matches.empty() ? std::vector<int>()
                                                 : std::vector<int>{hit.first_line};
    hit.corrected_query = built.corrected;
  }
}

void print_hits(std::ostream& out, const std::vector<Hit>& hits, const BuiltQuery& built, const SearchOptions& options,
                bool correction_note) {
  if (options.files_only) return print_files(out, hits, options.format == OutputFormat::Json);
  switch (options.format) {
    case OutputFormat::Human:
      if (correction_note && !hits.empty())
        print_correction_note(out, built.corrected, options.query, options.color);
      print_human(out, hits, options.color);
      break;
    case OutputFormat::Json: print_json(out, hits); break;
    case OutputFormat::Vimgrep: print_vimgrep(out, hits); break;
  }
}

int search_and_print(const SearchOptions& options, std::ostream& out, const MessageSink& messages) {
  Found found = search_index(options, messages);
  const bool correction_note = report_query(found.built, options, messages);
  complete_hits(found.hits, found.built, options, messages);
  print_hits(out, found.hits, found.built, options, correction_note);
  if (found.shard_down && !options.partial_ok) return 2;
  return found.hits.empty() ? 1 : 0;
}

}  // namespace

std::string display_path(const std::string& absolute, const std::string& cwd) {
  if (cwd.empty() || cwd == "/" || !absolute.starts_with(cwd) || absolute.size() <= cwd.size() ||
      absolute[cwd.size()] != '/')
    return absolute;
  return absolute.substr(cwd.size() + 1);
}

int run_search(const SearchOptions& options, std::ostream& out, const MessageSink& messages) {
  // Whatever Xapian reports outside the steps that expect it is one line, never an abort.
  return translating_xapian_errors({}, [&] { return search_and_print(options, out, messages); });
}

}  // namespace psearch
