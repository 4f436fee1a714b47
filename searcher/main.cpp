// psearch: command-line wiring only; the work is run_search().
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "format/cli.hpp"
#include "format/error.hpp"
#include "format/text_lines.hpp"
#include "searcher/search.hpp"

namespace {

bool use_color(const std::string& when) {
  if (when == "always") return true;
  if (when == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return isatty(STDOUT_FILENO);
}

// "-salt" is a query word (exclude salt), not an unknown option: such arguments go after "--".
// Options psearch knows keep their meaning: -n N, -nN, -h.
std::vector<std::string> query_words_last(int argc, char** argv) {
  std::vector<std::string> options, words;
  bool rest_are_words = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (rest_are_words) {
      words.push_back(arg);
    } else if (arg == "--") {
      rest_are_words = true;
    } else if (arg.size() > 2 && arg[0] == '-' && arg[1] != '-' &&
               !(arg[1] == 'n' && arg.find_first_not_of("0123456789", 2) == std::string::npos) && arg != "-l") {
      words.push_back(arg);
    } else {
      options.push_back(arg);
    }
  }
  if (!words.empty()) {
    options.push_back("--");
    options.insert(options.end(), words.begin(), words.end());
  }
  std::reverse(options.begin(), options.end());  // CLI11 parses a reversed vector
  return options;
}

// What the command line holds once parsed: the search's options, and what becomes them.
struct CommandLine {
  psearch::SearchOptions options;
  std::vector<std::string> words;
  std::string color = "auto";
  bool json = false, vimgrep = false;
};

void add_query_options(CLI::App& app, CommandLine& cl) {
  app.add_option("QUERY", cl.words, "query words, joined by spaces (syntax below; -word excludes word)")
      ->required()
      ->option_text("...");
  app.add_option("-n,--max-count", cl.options.max_hits, "print the N best hits (default 10)")
      ->check(CLI::Range(1u, 1000000u))
      ->option_text("N")
      ->group("Query");
  app.add_flag("--exact", cl.options.exact, "search the words as typed: no spelling correction")->group("Query");
  app.add_flag("--all", cl.options.all_copies,
               "show every hit: each copy of near-duplicate passages, and no cap per file")
      ->group("Query");
  app.add_option("--per-file", cl.options.per_file, "show at most N hits of one file (default 3; 0: no cap)")
      ->check(CLI::Range(0u, 1000000u))
      ->option_text("N")
      ->group("Query");
}

void add_output_options(CLI::App& app, CommandLine& cl) {
  auto* json_flag =
      app.add_flag("--json", cl.json, "JSON Lines output, one object per hit (see psearch(1))")->group("Output");
  app.add_flag("--vimgrep", cl.vimgrep, "file:line:col:text rows, one per matching line (vim, Emacs; not with --json)")
      ->excludes(json_flag)
      ->group("Output");
  app.add_flag("-l,--files", cl.options.files_only, "print the matching files, ranked as documents (all their passages count)")
      ->group("Output");
  app.add_flag("--explain", cl.options.explain, "under each hit, what each matching term added to the score")
      ->group("Output");
  app.add_flag("--absolute", cl.options.absolute_paths, "print absolute file names (default: relative to here)")
      ->group("Output");
  app.add_option("--color,--colour", cl.color, "colour: never, auto (on a terminal) or always")
      ->check(CLI::IsMember({"never", "auto", "always"}))
      ->option_text("WHEN")
      ->group("Output");
}

void add_index_options(CLI::App& app, CommandLine& cl) {
  app.add_option("--db", cl.options.db_options,
                 "the index; repeat it to search several as one: an index, a Xapian stub file or tcp://HOST:PORT "
                 "(default: $PSEARCH_DB, colon-separated, else .psearch here or in a parent)")
      ->option_text("PATH")
      ->take_all()
      ->expected(1)
      ->allow_extra_args(false)  // the words after --db PATH are the query
      ->group("Index");
  app.add_option("--timeout", cl.options.timeout_seconds,
                 "seconds a remote shard may take to connect or reply before it is left out (default 5)")
      ->check(CLI::Range(0.001, 3600.0))
      ->option_text("SECONDS")
      ->group("Index");
  app.add_flag("--partial-ok", cl.options.partial_ok,
               "exit 0/1 by the hits when a shard is down (default: 2, after the other shards' hits)")
      ->group("Index");
}

void add_help(CLI::App& app) {
  psearch::cli::finish_app(app, "psearch", R"(Query syntax:
  epsom salt             any of the words; all of them, close together, rank higher
  "epsom salt"           the phrase (stemmed, any case)
  a AND b, a OR b        boolean operators, upper case only (also NOT, XOR), grouping ( ... );
                         lower-case and, or, not are words (a question is never a boolean)
  +word, -word           the word must / must not occur
  a NEAR b, a ADJ b      within 10 words of each other (ADJ: in that order)
  magnes*                trailing wildcard
  dir:PATH, -dir:PATH    only (not) the files under folder PATH (relative to here, or absolute)
  ext:EXT, -ext:EXT      only (not) the files of extension EXT (any case; repeated: any of them)
                         a filter never changes a score; filters alone list every passage they keep

Examples:
  psearch magnesium side effects
  psearch '"epsom salt"' -n 3
  psearch 'magnes* AND (sleep OR insomnia) NOT oil'
  psearch bath -salt
  psearch 'heron dir:notes ext:md'
  psearch -l ext:pdf
  psearch --json restless legs | jq .text
  vim -q <(psearch --vimgrep dopamine)
  psearch --db shard1/.psearch --db tcp://10.0.0.2:33333 magnesium

Exit status: 0 hits printed, 1 no hits, 2 error (also: a shard was down, without --partial-ok).
Environment: PSEARCH_DB (the index), NO_COLOR. Manual: man psearch)");
}

// The exit code when psearch stops here (--help, --version, a usage error), else nothing.
// CLI11's own codes are 100+ and its message two lines: a usage error is one line and 2.
std::optional<int> parse(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(query_words_last(argc, argv));
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "psearch: error: {} (see psearch --help)\n", e.what());
    return 2;
  }
  return std::nullopt;
}

psearch::SearchOptions search_options(CommandLine cl) {
  psearch::SearchOptions options = std::move(cl.options);
  for (const auto& w : cl.words) {
    if (!options.query.empty()) options.query += ' ';
    options.query += w;
  }
  options.format = cl.json      ? psearch::OutputFormat::Json
                   : cl.vimgrep ? psearch::OutputFormat::Vimgrep
                                : psearch::OutputFormat::Human;
  options.color = options.format == psearch::OutputFormat::Human && use_color(cl.color);
  return options;
}

// Every message psearch prints on stderr gets its prefix here, and nowhere else.
psearch::MessageSink stderr_messages() {
  auto line = [](const char* kind) {
    return [kind](const std::string& text) { fmt::print(stderr, "psearch: {}{}\n", kind, text); };
  };
  return {.warning = line("warning: "), .note = line("note: "), .notice = line("")};
}

// Hits on stdout come before any error on stderr: stdout is flushed first.
int run(const psearch::SearchOptions& options) {
  try {
    int code = psearch::run_search(options, std::cout, stderr_messages());
    std::cout.flush();
    return code;
  } catch (const std::exception& e) {
    std::cout.flush();
    fmt::print(stderr, "psearch: error: {}\n", psearch::escape_controls(e.what()));
    return 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"psearch: ranked full-text search over passages indexed by pindex"};
  CommandLine cl;
  add_query_options(app, cl);
  add_output_options(app, cl);
  add_index_options(app, cl);
  add_help(app);
  if (auto stop = parse(app, argc, argv)) return *stop;  // --help, --version or a usage error
  return run(search_options(std::move(cl)));             // exit 0 hits, 1 none, 2 error
}
