// The search pipeline: find the index, search, mark matches, print.
#include "searcher/search.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <xapian.h>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "format/text_lines.hpp"

#include "searcher/index_reader.hpp"
#include "searcher/match_finder.hpp"
#include "searcher/printer.hpp"

namespace psearch {
namespace {

// The bytes of the passage's lines, read where pindex found them.
std::optional<std::string> read_span(const std::string& path, const Hit& hit) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string bytes(hit.text_span, '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::pread(fd, bytes.data() + got, bytes.size() - got, static_cast<off_t>(hit.text_offset + got));
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got != bytes.size()) return std::nullopt;
  return bytes;
}

// The passage's text from the bytes of its span, when they give back the text indexed.
std::optional<std::string> indexed_text(std::string_view span_bytes, const Hit& hit) {
  auto text = span_text(span_bytes, hit.text_size);
  if (!text || schema::fnv1a(*text) != hit.text_hash) return std::nullopt;
  return text;
}

// The passage's text as the file holds it at its lines now, when it is the text indexed.
std::optional<std::string> indexed_text_at_lines(std::string_view content, const Hit& hit) {
  auto span = text_span(content, split_lines(content), hit.first_line, hit.last_line, hit.column, hit.text_size);
  if (!span) return std::nullopt;
  return indexed_text(content.substr(span->offset, span->size), hit);
}

// The text of each printed hit comes from its file (unless the index stores it), and only the
// files of printed hits are checked: one stat each, a read of the passage's bytes, the whole
// file only when it changed. psearch never prints text that is not in the file.
void load_text(Hit& hit) {
  struct stat st;
  if (::stat(hit.path.c_str(), &st) != 0) {
    hit.stale = true;
    hit.text.clear();
    return;
  }
  std::int64_t mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  if (mtime == hit.indexed_mtime_ns && st.st_size == hit.indexed_size) {
    if (hit.text_stored) return;
    if (auto span = read_span(hit.path, hit))
      if (auto text = indexed_text(*span, hit)) {
        hit.text = std::move(*text);
        return;
      }
    // changed, though its size and time did not: read it whole
  }
  auto content = read_file(hit.path);
  if (content && schema::fnv1a(*content) == hit.indexed_hash) {  // touched, not changed
    if (hit.text_stored) return;
    if (hit.text_offset <= content->size() && hit.text_span <= content->size() - hit.text_offset)
      if (auto text = indexed_text(std::string_view(*content).substr(hit.text_offset, hit.text_span), hit))
        hit.text = std::move(*text);
    return;
  }
  hit.stale = true;
  auto current = content ? indexed_text_at_lines(*content, hit) : std::nullopt;
  hit.text = current ? std::move(*current) : std::string();
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

// A suggestion goes to stderr. Hits of a corrected query say so where they are read: on the first
// line of the human output (returns true), else on stderr, as the formats that programs read line
// by line (vimgrep, --files) must hold hits only; JSON hits also carry corrected_query.
bool report_spelling(const BuiltQuery& built, const SearchOptions& options, std::ostream& err) {
  if (!built.suggested.empty()) err << "psearch: did you mean: " << escape_controls(built.suggested) << "\n";
  if (built.corrected.empty()) return false;
  if (options.format == OutputFormat::Human && !options.files_only) return true;
  err << "psearch: showing results for \"" << escape_controls(built.corrected) << "\" (searched instead of \""
      << escape_controls(options.query) << "\"; --exact searches as typed)\n";
  return false;
}

int search_and_print(const SearchOptions& options, std::ostream& out, std::ostream& err) {
  IndexReader reader(expand_shards(find_indexes(options.db_options)), options.timeout_seconds);
  BuiltQuery built;
  std::vector<Hit> hits;
  auto report_down = [&](const char* outcome) {
    for (const auto& failure : reader.down())
      err << "psearch: warning: " << escape_controls(failure.reason) << outcome << "\n";
  };
  try {
    SearchRequest request{.text = options.query,
                          .max_hits = options.max_hits,
                          .one_per_file = options.files_only,
                          .all_copies = options.all_copies,
                          .per_file = options.all_copies ? 0 : options.per_file,
                          .exact = options.exact,
                          .explain = options.explain};
    hits = reader.search(request, built);
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
  const bool note_on_stdout = report_spelling(built, options, err);
  if (built.plain_words) err << "psearch: note: query syntax not understood, searched the words instead\n";
  std::error_code ec;
  // With --absolute no directory is "here": display_path() then keeps every path as indexed.
  std::string cwd = options.absolute_paths ? std::string() : std::filesystem::current_path(ec).string();
  // A remote shard's files are on its machine: named as it recorded them, never checked here.
  std::set<std::string> textless_shards;
  for (auto& hit : hits) {
    hit.display_path = hit.remote ? hit.path : display_path(hit.path, cwd);
    for (auto& copy : hit.also) copy.display_path = copy.remote ? copy.path : display_path(copy.path, cwd);
    if (!hit.remote) load_text(hit);
    else if (!hit.text_stored && textless_shards.insert(hit.shard).second)
      err << "psearch: warning: " << escape_controls(hit.shard)
          << " does not store passage text, and its files are on another machine: index it with pindex "
             "--store-text\n";
    hit.text_matches = find_matches(hit.text, built);
    hit.heading_matches = find_matches(hit.heading, built);
    hit.match_lines = lines_of(hit.text, hit.first_line, hit.text_matches);
    hit.corrected_query = built.corrected;
  }
  if (options.files_only) {
    print_files(out, hits, options.format == OutputFormat::Json);
    return status >= 0 ? status : hits.empty() ? 1 : 0;
  }
  switch (options.format) {
    case OutputFormat::Human:
      if (note_on_stdout && !hits.empty()) print_correction_note(out, built.corrected, options.query, options.color);
      print_human(out, hits, options.color);
      break;
    case OutputFormat::Json: print_json(out, hits); break;
    case OutputFormat::Vimgrep: print_vimgrep(out, hits); break;
  }
  return status >= 0 ? status : hits.empty() ? 1 : 0;
}

}  // namespace

}  // namespace psearch
