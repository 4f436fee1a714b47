// pindex: command-line wiring only; the work is run_index().
#include <unistd.h>  // defines __GLIBC__ on glibc
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "format/cli.hpp"
#include "format/error.hpp"
#include "format/text_lines.hpp"
#include "indexer/index_merger.hpp"
#include "indexer/index_scope.hpp"
#include "indexer/indexer.hpp"
#include "indexer/progress_line.hpp"
#include "indexer/watcher.hpp"

namespace {

// Each thread of a fresh build holds a Xapian write buffer (tens of MB): more cores than this
// add memory faster than speed unless asked for.
constexpr unsigned kMaxDefaultJobs = 4;

// What the command line asks for, before it becomes an IndexOptions.
struct Arguments {
  std::string db;
  psearch::IndexOptions options;
  bool no_wait = false, watch = false;
  std::string shard;
  std::vector<std::string> merge;
  bool store_text = false, no_store_text = false;
  bool ignore = false, no_ignore = false;
  bool status = false;
  std::string forget;
  bool verbose = false;
};

void print_summary(const psearch::IndexSummary& s, const std::string& db_path, bool dry_run) {
  fmt::print(stderr, "pindex: {}\n", psearch::summary_line(s, db_path, dry_run));
  std::fflush(stderr);
}

void tune_malloc() {
#ifdef __GLIBC__
  // A big file's buffers (its bytes, its lines) come from mmap and go back when freed. glibc
  // otherwise raises this threshold after the first such free and serves the next from the
  // thread's heap, where they stay as RSS: each thread of a fresh build kept its biggest file.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

void add_index_options(CLI::App& app, Arguments& args) {
  app.add_option("--db", args.db, "the index (default: $PSEARCH_DB, else ./.psearch)")->option_text("PATH")->group("Index");
  app.add_flag("--rebuild", args.options.rebuild, "build the index from scratch (beside the live one, then swap)")
      ->group("Index");
  app.add_flag("--no-wait", args.no_wait, "fail instead of waiting when another pindex holds the index")->group("Index");
  auto* shard_option =
      app.add_option("--shard", args.shard,
                     "index only shard K of N: the files whose path in their root hashes to K (one machine's part "
                     "of a shared corpus; 1/1: every file; default: as recorded)")
          ->option_text("K/N")
          ->group("Index");
  auto* store_text_flag = app.add_flag("--store-text", args.store_text,
                                  "store each passage's text in the index, for an index other machines search "
                                  "(xapian-tcpsrv); by default psearch reads it from the file (kept by later runs)")
                         ->group("Index");
  app.add_flag("--no-store-text", args.no_store_text, "read passage text from the files again (the default)")
      ->excludes(store_text_flag)
      ->group("Index");
  app.add_flag("--status", args.status,
               "show the index, its roots and what changed since the last update; write nothing")
      ->group("Index");
  app.add_option("--forget", args.forget, "remove root PATH and the passages of its files from the index")
      ->option_text("PATH")
      ->group("Index");
  app.add_option("--merge", args.merge, "compact the shards (psearch indexes) into the index OUT, which then holds every file")
      ->expected(2, 1 << 20)
      ->option_text("OUT SHARD...")
      ->excludes(shard_option)
      ->group("Index");
}

void add_run_options(CLI::App& app, Arguments& args) {
  app.add_flag("-L,--follow", args.options.follow_links,
               "follow symbolic links (each directory entered once; without it links are skipped)")
      ->group("Files");
  auto* no_ignore = app.add_flag("--no-ignore", args.no_ignore,
                                 "index what .gitignore, .ignore and .psearchignore exclude too (kept by later runs)")
                        ->group("Files");
  app.add_flag("--ignore", args.ignore, "honour the ignore files again (the default)")->excludes(no_ignore)->group("Files");
  auto* dry_run =
      app.add_flag("--dry-run", args.options.dry_run, "list what would be added, changed or removed; write nothing")
          ->group("Run");
  app.add_flag("--watch", args.watch, "after indexing, stay running and re-index on changes (Ctrl-C stops)")
      ->excludes(dry_run)
      ->group("Run");
  args.options.jobs = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, kMaxDefaultJobs));
  app.add_option("-j,--jobs", args.options.jobs, "threads for a fresh build (default: the cores, at most 4)")
      ->check(CLI::Range(1, 64))
      ->option_text("N")
      ->group("Run");
  app.add_flag("-v,--verbose", args.verbose,
               "name each file skipped for having no text (an image, a program, ...) and why; without it the "
               "summary counts them")
      ->group("Run");
}

void build_app(CLI::App& app, Arguments& args) {
  app.add_option("PATH", args.options.paths, "files or directories (default: the recorded roots, else corpus/)")
      ->option_text("...");
  add_index_options(app, args);
  add_run_options(app, args);
  psearch::cli::finish_app(app, "pindex", R"(Examples:
  pindex                        index corpus/ (first run) or the recorded roots (later runs)
  pindex ~/notes ~/manual.txt   index these, and remember them as roots
  pindex --rebuild              rebuild the index from scratch
  pindex --watch                stay running, re-index on changes
  pindex --dry-run              list what would change
  pindex --status               show the index (found here or in a parent), its roots, what changed
  pindex --forget ~/old         drop a root and its passages
  pindex --shard 2/4 /srv/corpus   index the second of four shards (run 1/4 .. 4/4 on four machines)
  pindex --merge all.psearch s1/.psearch s2/.psearch   merge shards into one index

Exit status: 0 index updated, 2 error. Environment: PSEARCH_DB (the index).
Manual: man pindex)");
}

// The exit code when parsing ends the run (help, version, a usage error); none to go on.
std::optional<int> parse(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "pindex: error: {} (see pindex --help)\n", e.what());
    return 2;
  }
  return std::nullopt;
}

// The combinations CLI11 cannot express; an error message, or "".
std::string misuse(const Arguments& args) {
  const auto& o = args.options;
  if (!args.merge.empty() && (!o.paths.empty() || o.dry_run || args.watch || o.rebuild || !args.db.empty()))
    return "--merge OUT SHARD... takes no PATH, --db, --rebuild, --dry-run or --watch (see pindex --help)";
  bool other_run = !o.paths.empty() || o.dry_run || args.watch || o.rebuild || !args.merge.empty();
  if ((args.status || !args.forget.empty()) && (other_run || (args.status && !args.forget.empty())))
    return "--status and --forget PATH take no PATH, --rebuild, --dry-run, --watch or --merge (see pindex --help)";
  return "";
}

int run_merge(const Arguments& args, const psearch::WarningSink& warn) {
  std::vector<std::string> shards(args.merge.begin() + 1, args.merge.end());
  for (auto& s : shards) s = psearch::absolute_path(s);
  std::string out = psearch::absolute_path(args.merge.front());
  auto m = psearch::merge_indexes(out, shards, args.options.wait, warn);
  fmt::print(stderr, "pindex: merged {} shards into '{}': {} files, {} passages; {:.2f} s\n", m.shards,
             psearch::escape_controls(out), m.files, m.passages, m.seconds);
  return 0;
}

psearch::IndexOptions index_options(const Arguments& args, psearch::ProgressLine& progress_line) {
  psearch::IndexOptions options = args.options;
  if (args.verbose)
    options.on_skip = [&progress_line](const std::string& path, const std::string& why) {
      progress_line.clear();
      fmt::print(stderr, "pindex: skipped '{}': {}\n", psearch::escape_controls(path), psearch::escape_controls(why));
    };
  if (!args.shard.empty()) options.shard = psearch::parse_shard(args.shard);
  if (args.store_text || args.no_store_text) options.store_text = args.store_text;
  if (args.ignore || args.no_ignore) options.honour_ignore = args.ignore;
  options.db_path = psearch::default_db_path(args.db);
  return options;
}

// One run (a dry run lists its changes on stdout), or --watch's runs until interrupted.
int index_or_watch(const Arguments& args, const psearch::WarningSink& warn, psearch::ProgressLine& progress_line) {
  auto options = index_options(args, progress_line);
  // Said once the run succeeds: a failed run's stderr is its one error line.
  std::vector<std::string> notices;
  psearch::drop_covered_paths(options, [&](const std::string& notice) { notices.push_back(notice); });
  auto tell_notices = [&] {
    for (const auto& n : notices) fmt::print(stderr, "pindex: {}\n", n);
    notices.clear();
  };
  if (args.watch) {
    psearch::watch_and_index(options, warn, [&](const psearch::IndexSummary& s) {
      tell_notices();
      print_summary(s, options.db_path, false);
    });
    return 0;
  }
  psearch::ChangeSink list_change;
  if (options.dry_run) list_change = [](const char* kind, const std::string& path) {
    fmt::print("{}\t{}\n", kind, psearch::escape_controls(path));
  };
  psearch::ProgressSink progress;
  if (progress_line.enabled() && !options.dry_run)
    progress = [&](const psearch::Progress& p) { progress_line.update(p); };
  auto summary = psearch::run_index(options, warn, list_change, progress);
  progress_line.clear();
  tell_notices();
  print_summary(summary, options.db_path, options.dry_run);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  tune_malloc();
  CLI::App app{"pindex: index plain-text articles into passages for psearch"};
  Arguments args;
  build_app(app, args);
  if (auto code = parse(app, argc, argv)) return *code;
  args.options.wait = !args.no_wait;
  if (auto message = misuse(args); !message.empty()) {
    fmt::print(stderr, "pindex: error: {}\n", message);
    return 2;
  }
  psearch::ProgressLine progress_line(stderr);
  auto warn = [&](const std::string& message) {
    progress_line.clear();
    fmt::print(stderr, "pindex: warning: {}\n", psearch::escape_controls(message));
  };
  // Modules throw psearch::Error (Xapian's errors already worded by xapian_error()): one line, exit 2.
  try {
    if (args.status) {
      fmt::print("{}", psearch::index_status_text(index_options(args, progress_line), warn));
      return 0;
    }
    if (!args.forget.empty()) {
      auto options = index_options(args, progress_line);
      print_summary(psearch::forget_root(options, args.forget, warn), options.db_path, false);
      return 0;
    }
    return args.merge.empty() ? index_or_watch(args, warn, progress_line) : run_merge(args, warn);
  } catch (const std::exception& e) {
    progress_line.clear();
    fmt::print(stderr, "pindex: error: {}\n", psearch::escape_controls(e.what()));
    return 2;
  }
}
