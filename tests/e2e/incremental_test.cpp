// Keeping the index in step: dry runs, renames, stale hits and watch mode, each checked against
// the files on disk.
#include <catch2/catch.hpp>

#include <csignal>
#include <thread>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

// Every hit of the query, checked against the files on disk; returns "file:line" keys.
std::vector<std::string> checked_hits(const fs::path& cwd, const std::string& query) {
  auto r = e2e::run("psearch", {"--json", "-n", "100", query}, cwd);
  REQUIRE(r.exit_code <= 1);
  std::vector<std::string> keys;
  for (const auto& j : e2e::json_lines(r.out)) {
    auto file = j["file"].get<std::string>();
    if (!j["stale"].get<bool>())
      CHECK(j["text"] == e2e::file_lines(cwd / file, j["line"], j["end_line"]));
    keys.push_back(file + ":" + std::to_string(j["line"].get<int>()));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

void set_mtime_ahead(const fs::path& p) {
  fs::last_write_time(p, fs::last_write_time(p) + std::chrono::seconds(5));
}

}  // namespace

SCENARIO("pindex --dry-run lists what would change and writes nothing", "[incremental]") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  e2e::write_file(dir / "corpus/new.txt", "A note about zucchini.\n");
  e2e::write_file(dir / "corpus/000_26e1a961aff6a05a.txt", "Rewritten entirely.\n");
  fs::remove(dir / "corpus/003_fe4224afaf5b4845.txt");
  auto dry = e2e::run("pindex", {"--dry-run"}, dir.path());
  CHECK(dry.exit_code == 0);
  std::string c = (dir / "corpus").string();
  CHECK(dry.out == "changed\t" + c + "/000_26e1a961aff6a05a.txt\n" + "added\t" + c + "/new.txt\n" + "removed\t" + c +
                       "/003_fe4224afaf5b4845.txt\n");
  CHECK(dry.err.find("1 added, 1 changed, 1 removed, 2 unchanged") != std::string::npos);
  CHECK(e2e::run("psearch", {"zucchini"}, dir.path()).exit_code == 1);  // nothing was written
  auto real = e2e::run("pindex", {}, dir.path());
  CHECK(real.err.find("1 added, 1 changed, 1 removed, 2 unchanged") != std::string::npos);
  CHECK(e2e::run("psearch", {"zucchini"}, dir.path()).exit_code == 0);
}

SCENARIO("the index follows the corpus through edits", "[incremental]") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  auto foods = checked_hits(dir.path(), "foods magnesium");

  WHEN("a file is renamed") {
    fs::rename(dir / "corpus/003_fe4224afaf5b4845.txt", dir / "corpus/renamed.txt");
    auto r = e2e::run("pindex", {}, dir.path());
    THEN("it counts as a removal and an addition, and hits name the new file at the same lines") {
      CHECK(r.err.find("1 added, 0 changed, 1 removed, 3 unchanged; 66 passages in ") != std::string::npos);
      auto after = checked_hits(dir.path(), "foods magnesium");
      for (auto& k : foods)
        if (k.rfind("corpus/003_fe4224afaf5b4845.txt", 0) == 0) k.replace(0, 31, "corpus/renamed.txt");
      std::sort(foods.begin(), foods.end());
      CHECK(after == foods);
    }
  }
  WHEN("one line of a file changes") {
    auto path = dir / "corpus/003_fe4224afaf5b4845.txt";
    auto text = e2e::read_file(path);
    text.replace(text.find("Bananas"), 7, "Plantains");
    e2e::write_file(path, text);
    set_mtime_ahead(path);
    auto r = e2e::run("pindex", {}, dir.path());
    THEN("only that file is re-indexed and the new word is found at its line") {
      CHECK(r.err.find("0 added, 1 changed, 0 removed, 3 unchanged") != std::string::npos);
      CHECK(checked_hits(dir.path(), "plantains") == std::vector<std::string>{"corpus/003_fe4224afaf5b4845.txt:35"});
      CHECK(e2e::run("psearch", {"bananas"}, dir.path()).exit_code == 1);
    }
  }
  WHEN("a file is touched") {
    set_mtime_ahead(dir / "corpus/000_26e1a961aff6a05a.txt");
    auto r = e2e::run("pindex", {}, dir.path());
    THEN("it is not re-indexed") { CHECK(r.err.find("0 added, 0 changed, 0 removed, 4 unchanged") != std::string::npos); }
  }
  WHEN("a subdirectory with files is added") {
    e2e::write_file(dir / "corpus/sub/deeper/a.txt", "Kumquats are small.\n\nThey grow on trees.\n");
    auto r = e2e::run("pindex", {}, dir.path());
    THEN("its files are indexed with their lines") {
      CHECK(r.err.find("1 added, 0 changed, 0 removed, 4 unchanged") != std::string::npos);
      CHECK(checked_hits(dir.path(), "trees") == std::vector<std::string>{"corpus/sub/deeper/a.txt:3"});
    }
  }
}

SCENARIO("hits from files changed since indexing are marked stale", "[incremental]") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  auto path = dir / "corpus/002_1b584d0e5cf49e70.txt";

  WHEN("the passage's lines changed") {
    auto text = e2e::read_file(path);
    text.replace(text.find("Epsom salts, which"), 18, "Bath salts, which");
    e2e::write_file(path, text);
    set_mtime_ahead(path);
    auto r = e2e::run("psearch", {"--json", "epsom"}, dir.path());
    THEN("the hit says so and does not print the old text") {
      auto hits = e2e::json_lines(r.out);
      REQUIRE(hits.size() == 1);
      CHECK(hits[0]["stale"] == true);
      CHECK(hits[0]["text"] == "");
      auto human = e2e::run("psearch", {"epsom"}, dir.path());
      CHECK(human.out == "corpus/002_1b584d0e5cf49e70.txt:58: How to Use Magnesium for RLS \xE2\x80\xBA 2. Magnesium "
                         "supplements (changed since indexed: run pindex)\n");
    }
  }
  WHEN("another part of the file changed") {
    e2e::write_file(path, e2e::read_file(path) + "\nAn added last line.\n");
    auto hits = e2e::json_lines(e2e::run("psearch", {"--json", "epsom"}, dir.path()).out);
    THEN("the hit is stale but its text, still in the file, is printed") {
      REQUIRE(hits.size() == 1);
      CHECK(hits[0]["stale"] == true);
      CHECK(hits[0]["text"] == e2e::file_lines(path, 58, 58));
    }
  }
  WHEN("the file was only touched") {
    set_mtime_ahead(path);
    auto hits = e2e::json_lines(e2e::run("psearch", {"--json", "epsom"}, dir.path()).out);
    THEN("the hit is not stale") { CHECK(hits.at(0)["stale"] == false); }
  }
  WHEN("the file vanished") {
    fs::remove(path);
    auto r = e2e::run("psearch", {"--vimgrep", "epsom"}, dir.path());
    THEN("the hit is stale with no text") {
      CHECK(r.exit_code == 0);
      CHECK(r.out == "corpus/002_1b584d0e5cf49e70.txt:58:1:(changed since indexed: run pindex)\n");
    }
  }
}

TEST_CASE("pindex --watch re-indexes on changes and stops cleanly on SIGINT", "[incremental][watch]") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  e2e::Background watch("pindex", {"--watch"}, dir.path(), dir / "watch");
  auto wait_for = [&](const std::string& query, int expected_exit) {
    for (int i = 0; i < 100; ++i) {
      if (fs::exists(dir / ".psearch/XAPIANDB") && e2e::run("psearch", {query}, dir.path()).exit_code == expected_exit)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  };
  REQUIRE(wait_for("epsom", 0));
  e2e::write_file(dir / "corpus/new/watched.txt", "Zanzibar is an island.\n");
  CHECK(wait_for("zanzibar", 0));
  CHECK(checked_hits(dir.path(), "zanzibar") == std::vector<std::string>{"corpus/new/watched.txt:1"});
  fs::remove(dir / "corpus/003_fe4224afaf5b4845.txt");
  CHECK(wait_for("bananas", 1));
  watch.kill(SIGINT);
  auto r = watch.wait();
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);
  CHECK(e2e::count_lines(r.err) >= 3);  // one summary line per update
  CHECK(r.err.find("0 added, 0 changed, 1 removed") != std::string::npos);
}
