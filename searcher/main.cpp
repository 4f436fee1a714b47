// psearch: command-line wiring only; the work is run_search().
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "indexer/error.hpp"
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

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"psearch: ranked full-text search over passages indexed by pindex"};
  app.set_version_flag("--version", "psearch 1.0.0");
  psearch::SearchOptions options;
  std::vector<std::string> words;
  std::string color = "auto";
  bool json = false, vimgrep = false;
  app.add_option("--db", options.db_option, "index path (default: $PSEARCH_DB, else .psearch here or in a parent)");
  app.add_option("-n,--max-count", options.max_hits, "number of hits to print (default 10)")
      ->check(CLI::Range(1u, 1000000u));
  auto* json_flag = app.add_flag("--json", json, "JSON Lines output, one object per hit");
  app.add_flag("--vimgrep", vimgrep, "file:line:col:text output, one row per matching line")->excludes(json_flag);
  app.add_option("--color,--colour", color, "when to colour the output")
      ->check(CLI::IsMember({"never", "auto", "always"}));
  app.add_option("QUERY", words, "query words; see README for the syntax")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "psearch: error: {} (see psearch --help)\n", e.what());
    return 2;
  }
  for (const auto& w : words) options.query += (options.query.empty() ? "" : " ") + w;
  options.format = json ? psearch::OutputFormat::Json
                   : vimgrep ? psearch::OutputFormat::Vimgrep
                             : psearch::OutputFormat::Human;
  options.color = options.format == psearch::OutputFormat::Human && use_color(color);
  try {
    int code = psearch::run_search(options, std::cout, std::cerr);
    std::cout.flush();
    return code;
  } catch (const std::exception& e) {
    std::cout.flush();
    fmt::print(stderr, "psearch: error: {}\n", e.what());
    return 2;
  }
}
