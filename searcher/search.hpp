// run_search(): query text in, printed hits out, grep's exit code back.
#pragma once
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace psearch {

enum class OutputFormat { Human, Json, Vimgrep };

struct SearchOptions {
  std::vector<std::string> db_options;  // --db as given (each: an index, a stub file, tcp://HOST:PORT)
  double timeout_seconds = 5;           // --timeout: for each remote shard's connection and replies
  bool partial_ok = false;              // --partial-ok: a shard that is down does not make the exit 2
  std::string query;      // the words, joined by spaces
  unsigned max_hits = 10;
  OutputFormat format = OutputFormat::Human;
  bool color = false;
  bool files_only = false;  // -l: the matching files, ranked as documents
  bool all_copies = false;  // --all: every copy of a near-duplicate passage is a hit, no per-file cap
  unsigned per_file = 3;    // --per-file: at most this many hits of one file (0: no cap)
  bool exact = false;       // --exact: search the words as typed, no spelling correction
  bool explain = false;     // --explain: per hit, what each matching term added to the score
  bool absolute_paths = false;  // --absolute: file names as indexed (absolute), not relative to here
};

/// Where a search's messages go, one line each, without the program's prefix (main() adds it);
/// all three are called, so all must be set.
struct MessageSink {
  std::function<void(const std::string&)> warning;  // something went wrong, the search went on
  std::function<void(const std::string&)> note;     // the query was searched otherwise than typed
  std::function<void(const std::string&)> notice;   // the spelling suggestion, or the correction searched
};

/// Searches and prints to out, its messages to messages; returns 0 with hits, 1 without, 2 when
/// a shard was down (unless partial_ok; the hits of the others are printed). Throws psearch::Error.
int run_search(const SearchOptions& options, std::ostream& out, const MessageSink& messages);

/// A path as the user should see it: relative to the current directory when inside it.
std::string display_path(const std::string& absolute, const std::string& cwd);

}  // namespace psearch
