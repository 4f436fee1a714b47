// pindex: command-line wiring only; the work is run_index().
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "format/cli.hpp"
#include "format/error.hpp"
#include "format/text_lines.hpp"
#include "indexer/index_merger.hpp"
#include "indexer/indexer.hpp"
#include "indexer/progress_line.hpp"
#include "indexer/watcher.hpp"

namespace {

// Each thread of a fresh build holds a Xapian write buffer (tens of MB): more cores than this
// add memory faster than speed unless asked for.
constexpr unsigned kMaxDefaultJobs = 4;

void print_summary(const psearch::IndexSummary& s, bool dry_run) {
  fmt::print(stderr, "pindex: {}{} added, {} changed, {} removed, {} unchanged{}; {} passages; {:.2f} s\n",
             dry_run ? "dry run, would make: " : "", s.added, s.changed, s.removed, s.unchanged,
             s.skipped ? fmt::format(", {} skipped", s.skipped) : "", s.passages, s.seconds);
  std::fflush(stderr);
}

}  // namespace

int main(int argc, char** argv) {
#ifdef __GLIBC__
  // A big file's buffers (its bytes, its lines) come from mmap and go back when freed. glibc
  // otherwise raises this threshold after the first such free and serves the next from the
  // thread's heap, where they stay as RSS: each thread of a fresh build kept its biggest file.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
  CLI::App app{"pindex: index plain-text articles into passages for psearch"};
  std::string db;
  psearch::IndexOptions options;
  bool no_wait = false, watch = false;
  std::string shard;
  std::vector<std::string> merge;
  app.add_option("PATH", options.paths, "files or directories (default: the recorded roots, else corpus/)")
      ->option_text("...");
  app.add_option("--db", db, "the index (default: $PSEARCH_DB, else ./.psearch)")->option_text("PATH")->group("Index");
  app.add_flag("--rebuild", options.rebuild, "build the index from scratch (beside the live one, then swap)")
      ->group("Index");
  app.add_flag("--no-wait", no_wait, "fail instead of waiting when another pindex holds the index")->group("Index");
  auto* shard_option =
      app.add_option("--shard", shard,
                     "index only shard K of N: the files whose path in their root hashes to K (one machine's part "
                     "of a shared corpus; 1/1: every file; default: as recorded)")
          ->option_text("K/N")
          ->group("Index");
  bool store_text = false, no_store_text = false;
  auto* store_text_flag = app.add_flag("--store-text", store_text,
                                  "store each passage's text in the index, for an index other machines search "
                                  "(xapian-tcpsrv); by default psearch reads it from the file (kept by later runs)")
                         ->group("Index");
  app.add_flag("--no-store-text", no_store_text, "read passage text from the files again (the default)")
      ->excludes(store_text_flag)
      ->group("Index");
  app.add_option("--merge", merge, "compact the shards (psearch indexes) into the index OUT, which then holds every file")
      ->expected(2, 1 << 20)
      ->option_text("OUT SHARD...")
      ->excludes(shard_option)
      ->group("Index");
  app.add_flag("-L,--follow", options.follow_links,
               "follow symbolic links (each directory entered once; without it links are skipped)")
      ->group("Files");
  auto* dry_run =
      app.add_flag("--dry-run", options.dry_run, "list what would be added, changed or removed; write nothing")
          ->group("Run");
  app.add_flag("--watch", watch, "after indexing, stay running and re-index on changes (Ctrl-C stops)")
      ->excludes(dry_run)
      ->group("Run");
  options.jobs = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, kMaxDefaultJobs));
  app.add_option("-j,--jobs", options.jobs, "threads for a fresh build (default: the cores, at most 4)")
      ->check(CLI::Range(1, 64))
      ->option_text("N")
      ->group("Run");
  psearch::cli::finish_app(app, "pindex", R"(Examples:
  pindex                        index corpus/ (first run) or the recorded roots (later runs)
  pindex ~/notes ~/manual.txt   index these, and remember them as roots
  pindex --rebuild              rebuild the index from scratch
  pindex --watch                stay running, re-index on changes
  pindex --dry-run              list what would change
  pindex --shard 2/4 /srv/corpus   index the second of four shards (run 1/4 .. 4/4 on four machines)
  pindex --merge all.psearch s1/.psearch s2/.psearch   merge shards into one index

Exit status: 0 index updated, 2 error. Environment: PSEARCH_DB (the index).
Manual: man pindex)");
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
  options.wait = !no_wait;
  if (!merge.empty() && (!options.paths.empty() || options.dry_run || watch || options.rebuild || !db.empty())) {
    fmt::print(stderr, "pindex: error: --merge OUT SHARD... takes no PATH, --db, --rebuild, --dry-run or --watch (see pindex --help)\n");
    return 2;
  }
  psearch::ProgressLine progress_line(stderr);
  auto warn = [&](const std::string& message) {
    progress_line.clear();
    fmt::print(stderr, "pindex: warning: {}\n", psearch::escape_controls(message));
  };
  try {
    if (!merge.empty()) {
      std::vector<std::string> shards(merge.begin() + 1, merge.end());
      for (auto& s : shards) s = psearch::absolute_path(s);
      std::string out = psearch::absolute_path(merge.front());
      auto m = psearch::merge_indexes(out, shards, options.wait, warn);
      fmt::print(stderr, "pindex: merged {} shards into '{}': {} files, {} passages; {:.2f} s\n", m.shards,
                 psearch::escape_controls(out), m.files, m.passages, m.seconds);
      return 0;
    }
    if (!shard.empty()) options.shard = psearch::schema::parse_shard(shard);
    if (store_text || no_store_text) options.store_text = store_text;
    options.db_path = psearch::default_db_path(db);
    if (watch) {
      psearch::watch_and_index(options, warn, [](const psearch::IndexSummary& s) { print_summary(s, false); });
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
    print_summary(summary, options.dry_run);
    return 0;
  } catch (const std::exception& e) {
    progress_line.clear();
    fmt::print(stderr, "pindex: error: {}\n", psearch::escape_controls(e.what()));
    return 2;
  }
}
