// The search pipeline: find the index, search, mark matches, print.
#include "searcher/search.hpp"

#include <sys/stat.h>

#include <filesystem>

#include <fmt/format.h>
#include <xapian.h>

#include "indexer/error.hpp"
#include <fstream>
#include <iterator>

#include "indexer/schema.hpp"
#include "indexer/text_lines.hpp"

#include "searcher/index_reader.hpp"
#include "searcher/match_finder.hpp"
#include "searcher/printer.hpp"

namespace psearch {
namespace {

// Only the files of printed hits are checked: one stat each, a read only when it changed.
void check_stale(Hit& hit) {
  struct stat st;
  if (::stat(hit.path.c_str(), &st) != 0) {
    hit.stale = true;
    hit.text.clear();
    return;
  }
  std::int64_t mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  if (mtime == hit.indexed_mtime_ns && st.st_size == hit.indexed_size) return;
  std::ifstream in(hit.path, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || schema::fnv1a(content) == hit.indexed_hash) return;  // touched, not changed
  hit.stale = true;
  auto lines = split_lines(content);
  std::string current;
  for (int i = hit.first_line; i <= hit.last_line && i <= static_cast<int>(lines.size()); ++i) {
    if (i > hit.first_line) current += '\n';
    current.append(lines[static_cast<std::size_t>(i - 1)]);
  }
  // A fragment of a long line is still there when the line holds it.
  bool still_there = hit.last_line <= static_cast<int>(lines.size()) &&
                     (current == hit.text || (hit.first_line == hit.last_line && current.find(hit.text) != std::string::npos));
  if (!still_there) hit.text.clear();
}

}  // namespace

std::string display_path(const std::string& absolute, const std::string& cwd) {
  if (cwd.empty() || cwd == "/" || !absolute.starts_with(cwd) || absolute.size() <= cwd.size() ||
      absolute[cwd.size()] != '/')
    return absolute;
  return absolute.substr(cwd.size() + 1);
}

namespace {
int search_and_print(const SearchOptions& options, std::ostream& out, std::ostream& err);
}  // namespace

int run_search(const SearchOptions& options, std::ostream& out, std::ostream& err) {
  try {
    return search_and_print(options, out, err);
  } catch (const Xapian::Error& e) {
    // Whatever Xapian reports (a damaged file, an I/O error) is one line, never an abort.
    throw Error(fmt::format("index: {}: {} (run pindex --rebuild if it persists)", e.get_type(), e.get_msg()));
  }
}

namespace {

int search_and_print(const SearchOptions& options, std::ostream& out, std::ostream& err) {
  IndexReader reader(expand_shards(find_indexes(options.db_options)), options.timeout_seconds);
  BuiltQuery built;
  std::vector<Hit> hits;
  auto report_down = [&](const char* outcome) {
    for (const auto& failure : reader.down())
      err << "psearch: warning: " << escape_controls(failure.reason) << outcome << "\n";
  };
  try {
    hits = reader.search({options.query, options.max_hits, options.files_only, options.all_copies, options.exact,
                          options.explain},
                         built);
  } catch (const Error&) {
    if (reader.shard_count() > 1) report_down("");
    throw;
  }
  report_down("; searched the other shards");
  const int status = !reader.down().empty() && !options.partial_ok ? 2 : -1;  // -1: by the hits
  if (built.truncated) err << "psearch: note: the query was cut to its first " << kMaxQueryWords << " words\n";
  for (const auto& pattern : built.capped_wildcards)
    err << "psearch: note: " << escape_controls(pattern) << " matches more than " << kMaxWildcardExpansion
        << " words; searching the " << kMaxWildcardExpansion << " most frequent\n";
  if (!built.corrected.empty())
    err << "psearch: showing results for " << escape_controls(built.corrected) << " (--exact searches "
        << escape_controls(options.query) << ")\n";
  if (built.plain_words) err << "psearch: note: query syntax not understood, searched the words instead\n";
  std::error_code ec;
  // With --absolute no directory is "here": display_path() then keeps every path as indexed.
  std::string cwd = options.absolute_paths ? std::string() : std::filesystem::current_path(ec).string();
  // A remote shard's files are on its machine: named as it recorded them, never checked here.
  for (auto& hit : hits) {
    hit.display_path = hit.remote ? hit.path : display_path(hit.path, cwd);
    for (auto& copy : hit.also) copy.display_path = copy.remote ? copy.path : display_path(copy.path, cwd);
    if (!hit.remote) check_stale(hit);
    hit.text_matches = find_matches(hit.text, built);
    hit.heading_matches = find_matches(hit.heading, built);
    hit.match_lines = lines_of(hit.text, hit.first_line, hit.text_matches);
  }
  if (options.files_only) {
    print_files(out, hits, options.format == OutputFormat::Json);
    return status >= 0 ? status : hits.empty() ? 1 : 0;
  }
  switch (options.format) {
    case OutputFormat::Human: print_human(out, hits, options.color); break;
    case OutputFormat::Json: print_json(out, hits); break;
    case OutputFormat::Vimgrep: print_vimgrep(out, hits); break;
  }
  return status >= 0 ? status : hits.empty() ? 1 : 0;
}

}  // namespace

}  // namespace psearch
