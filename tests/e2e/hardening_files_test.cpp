// Hardening, files: what pindex meets in a real folder (broken encodings, binary, empty, huge,
// badly named, unreadable, linked, deep or vanishing files, and documents that attack the
// terminal). Each test checks that nothing crashes, the exit code is the documented one, an error
// is one stderr line, and nothing that was indexed is lost.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/hardening_support.hpp"
#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;
using namespace hardening;
using namespace std::string_literals;

namespace {

// Every hit of a JSON query: its "file" values.
std::vector<std::string> json_files(const std::string& out) {
  std::vector<std::string> files;
  for (const auto& j : e2e::json_lines(out)) files.push_back(j["file"].get<std::string>());
  return files;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& part) {
  return std::any_of(lines.begin(), lines.end(), [&](const auto& l) { return contains(l, part); });
}

}  // namespace

TEST_CASE("hardening: invalid UTF-8 in a document is indexed and --json stays valid JSON", "[hardening][files]") {
  e2e::TempDir dir;
  const std::string bad =
      "Broken caf\xe9 bytes \xff\xfe here and a lone \xc3 lead byte mention quince.\n"
      "\n"
      "Overlong \xc0\xaf slash, a surrogate \xed\xa0\x80 and too big \xf4\x90\x80\x80 mention tamarind.\n";
  e2e::write_file(dir / "corpus" / "bad.txt", bad);
  e2e::write_file(dir / "corpus" / "good.txt", "A clean file mentions quince too.\n");
  auto indexed = pindex_ok(dir.path(), {"corpus"});
  CHECK(indexed.summary.added == 2);
  CHECK(indexed.warnings.empty());

  for (const auto& query : {"quince", "tamarind", "Broken", "surrogate"}) {
    CAPTURE(query);
    auto r = e2e::run("psearch", {"--json", query}, dir.path());
    check_psearch_contract(r);
    CHECK(r.exit_code == 0);
    std::vector<nlohmann::json> hits;
    REQUIRE_NOTHROW(hits = e2e::json_lines(r.out));  // every line parses, so it is valid UTF-8
    REQUIRE(!hits.empty());
    for (const auto& j : hits) {
      if (j["file"] != "corpus/bad.txt") continue;
      // Not UTF-8, so read through its detected encoding (indexer/extract): valid UTF-8 text,
      // stored, no exact bytes needed beside it.
      auto text = j["text"].get<std::string>();
      CHECK(contains(text, query));
      CHECK_FALSE(j.contains("text_bytes"));
    }
  }
  // The other formats print the hits too, without failing on the bytes.
  for (const auto& format : {"--vimgrep", "--color=never", "--color=always", "-l", "--explain"}) {
    CAPTURE(format);
    auto r = e2e::run("psearch", {format, "quince"}, dir.path());
    check_psearch_contract(r);
    CHECK(r.exit_code == 0);
  }
  auto files = e2e::run("psearch", {"-l", "--json", "quince", "tamarind"}, dir.path());
  CHECK(files.exit_code == 0);
  CHECK_NOTHROW(e2e::json_lines(files.out));
  CHECK(pindex_ok(dir.path()).summary.unchanged == 2);  // a second run finds nothing to do
}

TEST_CASE("hardening: files with NUL bytes are skipped, -v names each, the rest is indexed",
          "[hardening][files]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "clean.txt", "Clean text mentions walnut.\n");
  e2e::write_file(dir / "corpus" / "middle-nul.txt", "Looks like text mentions walnut\0 and more.\n"s);
  e2e::write_file(dir / "corpus" / "first-nul.txt", "\0walnut at the start.\n"s);
  e2e::write_file(dir / "corpus" / "utf16.txt", "w\0a\0l\0n\0u\0t\0\n\0"s);
  auto indexed = pindex_ok(dir.path(), {"-v", "corpus"});
  INFO(indexed.err);
  CHECK(indexed.summary.added == 1);
  CHECK(indexed.summary.skipped == 3);
  CHECK(indexed.summary.skipped_kinds == "3 binary files");
  REQUIRE(indexed.warnings.size() == 3);
  for (const auto& name : {"middle-nul.txt", "first-nul.txt", "utf16.txt"})
    CHECK(any_contains(indexed.warnings, (dir / "corpus" / name).string()));

  auto r = e2e::run("psearch", {"--json", "--all", "walnut"}, dir.path());
  check_psearch_contract(r);
  CHECK(r.exit_code == 0);
  CHECK(json_files(r.out) == std::vector<std::string>{"corpus/clean.txt"});
  CHECK(e2e::run("psearch", {"start"}, dir.path()).exit_code == 1);

  // A binary file given as a PATH is skipped the same way, and the index stays as it was.
  auto explicit_path = e2e::run("pindex", {"corpus/middle-nul.txt"}, dir.path());
  INFO(explicit_path.err);
  CHECK(explicit_path.exit_code == 0);
  CHECK(documented_exit(explicit_path));
  CHECK(e2e::run("psearch", {"walnut"}, dir.path()).exit_code == 0);
  // Later runs remember the binary files: no error, clean.txt still found.
  pindex_ok(dir.path());
  CHECK(json_files(e2e::run("psearch", {"--json", "walnut"}, dir.path()).out) ==
        std::vector<std::string>{"corpus/clean.txt"});
}

TEST_CASE("hardening: empty files and files of blank lines give no passages and no error", "[hardening][files]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "empty.txt", "");
  e2e::write_file(dir / "corpus" / "blank.txt", "\n\n\n\n");
  e2e::write_file(dir / "corpus" / "spaces.txt", "   \n\t\n  \t  \n");
  e2e::write_file(dir / "corpus" / "crlf-blank.txt", "\r\n\r\n\r\n");
  e2e::write_file(dir / "corpus" / "bom-only.txt", "\xEF\xBB\xBF");
  e2e::write_file(dir / "corpus" / "one.txt", "One passage mentions olive.\n");
  auto indexed = pindex_ok(dir.path(), {"corpus"});
  INFO(indexed.err);
  CHECK(indexed.warnings.empty());
  CHECK(e2e::count_lines(indexed.err) == 1);
  CHECK(indexed.summary.added == 6);
  CHECK(indexed.summary.passages == 1);

  auto r = e2e::run("psearch", {"--json", "-n", "100", "olive"}, dir.path());
  check_psearch_contract(r);
  CHECK(r.exit_code == 0);
  CHECK(json_files(r.out) == std::vector<std::string>{"corpus/one.txt"});
  // Nothing else holds a passage, so no hit comes from the empty files.
  auto all = e2e::run("psearch", {"--json", "-n", "100", "--all", "olive OR passage OR one OR mentions"}, dir.path());
  CHECK(json_files(all.out) == std::vector<std::string>{"corpus/one.txt"});
  auto again = pindex_ok(dir.path());
  CHECK(again.summary.unchanged == 6);
  CHECK(again.warnings.empty());
}

TEST_CASE("hardening: a single 20 MB line is indexed in reasonable time and found as fragments of that line",
          "[hardening][files]") {
  e2e::TempDir dir;
  static const char* vocab[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
  std::string line;
  line.reserve(21u << 20);
  unsigned seed = 7;
  for (int w = 0; line.size() < (20u << 20); ++w) {
    seed = seed * 1103515245u + 12345u;
    line += vocab[(seed >> 16) % 8];
    line += w % 12 == 11 ? ". " : " ";
  }
  line += "Near the end stands omegamarker before the last words.";
  e2e::write_file(dir / "big" / "one.txt", line + "\n");

  auto timed = run_timed("pindex", {"big"}, dir.path());
  INFO("pindex stderr: " << timed.r.err);
  REQUIRE(timed.r.exit_code == 0);
  CHECK(timed.seconds < 30);
  CHECK(pindex_warnings(timed.r.err).empty());
  auto summary = parse_summary(timed.r.err);
  REQUIRE(summary);
  CHECK(summary->passages > 1);  // more than 200 words: cut into fragments

  auto search = run_timed("psearch", {"--json", "omegamarker"}, dir.path());
  check_psearch_contract(search.r);
  REQUIRE(search.r.exit_code == 0);
  CHECK(search.seconds < 5);
  auto hits = e2e::json_lines(search.r.out);
  REQUIRE(hits.size() == 1);
  auto text = hits[0]["text"].get<std::string>();
  CHECK(hits[0]["line"] == 1);
  CHECK(hits[0]["end_line"] == 1);
  CHECK(contains(text, "omegamarker"));
  CHECK(text.size() < line.size());
  CHECK(contains(line, text));  // a fragment of the line, not text from elsewhere

  auto common = run_timed("psearch", {"--json", "-n", "20", "alpha", "bravo"}, dir.path());
  check_psearch_contract(common.r);
  CHECK(common.r.exit_code == 0);
  CHECK(common.seconds < 5);
  for (const auto& j : e2e::json_lines(common.r.out)) {
    CHECK(j["line"] == 1);
    CHECK(j["end_line"] == 1);
    auto t = j["text"].get<std::string>();
    CHECK(!t.empty());
    CHECK(t.size() < line.size());
    CHECK(contains(line, t));
  }
  for (const auto& format : {"--vimgrep", "--color=never"}) {
    auto r = e2e::run("psearch", {format, "omegamarker"}, dir.path());
    check_psearch_contract(r);
    CHECK(r.exit_code == 0);
    CHECK(r.out.size() < (1u << 20));  // prints the fragment, not the 20 MB line
  }
}

TEST_CASE("hardening: --vimgrep columns in a fragment of a long line point into the file's line",
          "[hardening][files]") {
  // A line of more than 200 words is cut into fragments; vim jumps to file:line:col, so col must
  // count from the start of the file's line, not from the start of the fragment.
  e2e::TempDir dir;
  static const char* vocab[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
  std::string line;
  unsigned seed = 3;
  for (int w = 0; w < 1000; ++w) {
    seed = seed * 1103515245u + 12345u;
    if (w) line += ' ';
    line += w == 900 ? "targetword" : vocab[(seed >> 16) % 8];
    if (w % 10 == 9) line += '.';
  }
  e2e::write_file(dir / "long.txt", line + "\n");
  pindex_ok(dir.path(), {"long.txt"});
  auto r = e2e::run("psearch", {"--vimgrep", "targetword"}, dir.path());
  check_psearch_contract(r);
  REQUIRE(r.exit_code == 0);
  auto rows = lines_of(r.out);
  REQUIRE(rows.size() == 1);
  std::string expected = "long.txt:1:" + std::to_string(line.find("targetword") + 1) + ":";
  INFO("row: " << rows[0].substr(0, 80));
  CHECK(starts_with(rows[0], expected));
}

TEST_CASE("hardening: a 100,000-line file gives the right line numbers at its end", "[hardening][files]") {
  e2e::TempDir dir;
  std::string text;
  for (int n = 1; n <= 100000; ++n) {
    text += "plain row " + std::to_string(n);
    if (n == 1) text += " firstrowword";
    if (n == 99999) text += " quasarword";
    if (n == 100000) text += " lastrowword";
    text += '\n';
  }
  const auto file = dir / "corpus" / "lines.txt";
  e2e::write_file(file, text);
  auto timed = run_timed("pindex", {"corpus"}, dir.path());
  INFO(timed.r.err);
  REQUIRE(timed.r.exit_code == 0);
  CHECK(timed.seconds < 30);

  auto r = e2e::run("psearch", {"--json", "quasarword"}, dir.path());
  check_psearch_contract(r);
  REQUIRE(r.exit_code == 0);
  auto hits = e2e::json_lines(r.out);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["match_lines"].get<std::vector<int>>() == std::vector<int>{99999});
  CHECK(hits[0]["line"].get<int>() <= 99999);
  CHECK(hits[0]["end_line"].get<int>() >= 99999);
  CHECK(hits[0]["text"] == e2e::file_lines(file, hits[0]["line"], hits[0]["end_line"]));

  auto vim = e2e::run("psearch", {"--vimgrep", "quasarword"}, dir.path());
  CHECK(vim.out == "corpus/lines.txt:99999:17:plain row 99999 quasarword\n");
  auto human = e2e::run("psearch", {"--color=never", "quasarword"}, dir.path());
  CHECK(contains(human.out, "99999  plain row 99999 quasarword\n"));

  for (const auto& [word, line] : {std::pair{"firstrowword", 1}, std::pair{"lastrowword", 100000}}) {
    CAPTURE(word);
    auto hit = e2e::json_lines(e2e::run("psearch", {"--json", word}, dir.path()).out);
    REQUIRE(hit.size() == 1);
    CHECK(hit[0]["match_lines"].get<std::vector<int>>() == std::vector<int>{line});
    CHECK(hit[0]["text"] == e2e::file_lines(file, hit[0]["line"], hit[0]["end_line"]));
  }
}

TEST_CASE("hardening: words longer than Xapian's 245-byte term limit do not stop indexing", "[hardening][files]") {
  e2e::TempDir dir;
  std::string long_ascii(300, 'x');
  std::string long_utf8;
  for (int i = 0; i < 200; ++i) long_utf8 += "\xC3\xA9";  // 400 bytes of é
  std::string huge(1000000, 'y');
  const auto file = dir / "corpus" / "words.txt";
  e2e::write_file(file, "Before the giant word sits kumquat.\n\n" + long_ascii + " middle " + long_utf8 +
                            "\n\n" + huge + "\n\nAfter it comes persimmon.\n");
  e2e::write_file(dir / "corpus" / "heading.txt", "Heading " + long_ascii + "\n\nUnder it lies nectarine.\n");
  auto indexed = pindex_ok(dir.path(), {"corpus"});
  CHECK(indexed.warnings.empty());
  CHECK(indexed.summary.added == 2);

  for (const auto& word : {"kumquat", "persimmon", "middle", "nectarine"}) {
    CAPTURE(word);
    auto r = e2e::run("psearch", {"--json", word}, dir.path());
    check_psearch_contract(r);
    CHECK(r.exit_code == 0);
    for (const auto& j : e2e::json_lines(r.out))
      CHECK(j["text"] == e2e::file_lines(dir / j["file"].get<std::string>(), j["line"], j["end_line"]));
  }
  // Searching for the long words themselves: no crash, an answer within a second.
  for (const auto& query : {long_ascii, long_utf8, long_ascii + "*", std::string(100000, 'y'), "x" + long_ascii}) {
    CAPTURE(query.size());
    auto t = run_timed("psearch", {"-n", "3", query}, dir.path());
    check_psearch_contract(t.r);
    CHECK(t.r.exit_code <= 1);
    CHECK(t.seconds < 1.0);
  }
}

TEST_CASE("hardening: file names with spaces, colons, newlines and non-UTF-8 bytes are indexed",
          "[hardening][files]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "a:b c.txt", "A colon file mentions zebra.\n");
  e2e::write_file(dir / "corpus" / "dir with spaces" / "x: y.txt", "A spaced dir mentions ibex.\n");
  e2e::write_file(dir / "corpus" / "new\nline.txt", "Newline name mentions yak.\n");
  e2e::write_file(dir / "corpus" / "l\xe9t.txt", "Latin name mentions gnu.\n");
  auto indexed = pindex_ok(dir.path(), {"corpus"});
  CHECK(indexed.warnings.empty());
  CHECK(indexed.summary.added == 4);

  SECTION("--json prints the colon and space names exactly") {
    for (const auto& [word, name] : {std::pair{"zebra", "corpus/a:b c.txt"}, std::pair{"ibex", "corpus/dir with spaces/x: y.txt"}}) {
      CAPTURE(word);
      auto r = e2e::run("psearch", {"--json", word}, dir.path());
      check_psearch_contract(r);
      CHECK(r.exit_code == 0);
      CHECK(json_files(r.out) == std::vector<std::string>{name});
      auto files = e2e::run("psearch", {"-l", "--json", word}, dir.path());
      CHECK(json_files(files.out) == std::vector<std::string>{name});
      auto vim = e2e::run("psearch", {"--vimgrep", word}, dir.path());
      CHECK(starts_with(vim.out, std::string(name) + ":1:"));
    }
  }
  SECTION("a newline in a name: JSON escapes it losslessly, vimgrep and human output print \\x0a") {
    auto r = e2e::run("psearch", {"--json", "yak"}, dir.path());
    check_psearch_contract(r);
    CHECK(r.exit_code == 0);
    CHECK(json_files(r.out) == std::vector<std::string>{"corpus/new\nline.txt"});
    CHECK(e2e::count_lines(r.out) == 1);
    auto vim = e2e::run("psearch", {"--vimgrep", "yak"}, dir.path());
    CHECK(vim.out == "corpus/new\\x0aline.txt:1:23:Newline name mentions yak.\n");
    auto human = e2e::run("psearch", {"--color=never", "yak"}, dir.path());
    CHECK(starts_with(human.out, "corpus/new\\x0aline.txt:1:\n"));
    auto files = e2e::run("psearch", {"-l", "yak"}, dir.path());
    CHECK(files.out == "corpus/new\\x0aline.txt\n");
  }
  SECTION("a non-UTF-8 name: JSON stays valid, vimgrep prints the bytes as they are") {
    auto r = e2e::run("psearch", {"--json", "gnu"}, dir.path());
    check_psearch_contract(r);
    CHECK(r.exit_code == 0);
    std::vector<nlohmann::json> hits;
    REQUIRE_NOTHROW(hits = e2e::json_lines(r.out));
    REQUIRE(hits.size() == 1);
    auto file = hits[0]["file"].get<std::string>();
    INFO("JSON file: " << visible(file));
    CHECK(starts_with(file, "corpus/l"));
    CHECK(file.size() >= 5);
    CHECK(file.substr(file.size() - 5) == "t.txt");
    auto vim = e2e::run("psearch", {"--vimgrep", "gnu"}, dir.path());
    CHECK(vim.out == "corpus/l\xe9t.txt:1:21:Latin name mentions gnu.\n");
  }
  // The names round-trip through the index: a second run finds every file unchanged.
  auto again = pindex_ok(dir.path());
  CHECK(again.summary.unchanged == 4);
  CHECK(again.summary.added == 0);
  CHECK(again.summary.removed == 0);
}

TEST_CASE("hardening: an unreadable file and an unreadable directory are warned about, the rest is indexed",
          "[hardening][files]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "ok.txt", "Readable mentions apple.\n");
  e2e::write_file(dir / "corpus" / "secret.txt", "Secret mentions banana.\n");
  e2e::write_file(dir / "corpus" / "locked" / "in.txt", "Hidden mentions cherry.\n");
  Unprivileged user(dir.path());
  if (!user.available()) {
    WARN("skipped: " << user.why_not() << ", so chmod 000 does not block reads");
    return;
  }
  fs::permissions(dir / "corpus" / "secret.txt", fs::perms::none);
  fs::permissions(dir / "corpus" / "locked", fs::perms::none);
  auto r = user.run("pindex", {"corpus"}, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto warnings = pindex_warnings(r.err);
  CHECK(warnings.size() == 2);
  for (const auto& w : warnings) CHECK(starts_with(w, "pindex: warning: "));
  CHECK(any_contains(warnings, (dir / "corpus" / "secret.txt").string()));
  CHECK(any_contains(warnings, (dir / "corpus" / "locked").string()));
  auto summary = parse_summary(r.err);
  REQUIRE(summary);
  CHECK(summary->added == 1);
  CHECK(summary->skipped >= 1);
  CHECK(user.run("psearch", {"apple"}, dir.path()).exit_code == 0);
  CHECK(user.run("psearch", {"banana"}, dir.path()).exit_code == 1);
  CHECK(user.run("psearch", {"cherry"}, dir.path()).exit_code == 1);

  // Readable again: the next run picks them up.
  fs::permissions(dir / "corpus" / "secret.txt", fs::perms::owner_read | fs::perms::owner_write);
  fs::permissions(dir / "corpus" / "locked", fs::perms::owner_all);
  auto next = user.run("pindex", {}, dir.path());
  INFO(next.err);
  CHECK(next.exit_code == 0);
  CHECK(pindex_warnings(next.err).empty());
  for (const auto& word : {"apple", "banana", "cherry"}) CHECK(user.run("psearch", {word}, dir.path()).exit_code == 0);
}

TEST_CASE("hardening: an indexed file that becomes unreadable keeps its passages", "[hardening][files]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "ok.txt", "Readable mentions apple.\n");
  e2e::write_file(dir / "corpus" / "secret.txt", "Secret mentions banana.\n");
  Unprivileged user(dir.path());
  if (!user.available()) {
    WARN("skipped: " << user.why_not() << ", so chmod 000 does not block reads");
    return;
  }
  REQUIRE(user.run("pindex", {"corpus"}, dir.path()).exit_code == 0);
  // Changed, so pindex must read it again, and unreadable.
  e2e::write_file(dir / "corpus" / "secret.txt", "Secret mentions banana and more.\n");
  e2e::write_file(dir / "corpus" / "new.txt", "New mentions date.\n");
  user.own(dir / "corpus" / "new.txt");
  fs::permissions(dir / "corpus" / "secret.txt", fs::perms::none);
  auto r = user.run("pindex", {}, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto warnings = pindex_warnings(r.err);
  CHECK(warnings.size() == 1);
  CHECK(any_contains(warnings, (dir / "corpus" / "secret.txt").string()));
  auto summary = parse_summary(r.err);
  REQUIRE(summary);
  CHECK(summary->removed == 0);
  CHECK(user.run("psearch", {"date"}, dir.path()).exit_code == 0);
  CHECK(user.run("psearch", {"apple"}, dir.path()).exit_code == 0);
  auto banana = user.run("psearch", {"--json", "banana"}, dir.path());
  check_psearch_contract(banana);
  CHECK(banana.exit_code == 0);  // what was indexed stays
  CHECK(json_files(banana.out) == std::vector<std::string>{"corpus/secret.txt"});
}

TEST_CASE("hardening: an indexed directory that becomes unreadable keeps its passages",
          "[hardening][files]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "ok.txt", "Readable mentions apple.\n");
  e2e::write_file(dir / "corpus" / "locked" / "in.txt", "Hidden mentions cherry.\n");
  Unprivileged user(dir.path());
  if (!user.available()) {
    WARN("skipped: " << user.why_not() << ", so chmod 000 does not block reads");
    return;
  }
  REQUIRE(user.run("pindex", {"corpus"}, dir.path()).exit_code == 0);
  REQUIRE(user.run("psearch", {"cherry"}, dir.path()).exit_code == 0);
  fs::permissions(dir / "corpus" / "locked", fs::perms::none);
  auto r = user.run("pindex", {}, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto warnings = pindex_warnings(r.err);
  CHECK(warnings.size() == 1);
  CHECK(any_contains(warnings, (dir / "corpus" / "locked").string()));
  auto summary = parse_summary(r.err);
  REQUIRE(summary);
  CHECK(summary->removed == 0);  // unreadable is not deleted
  CHECK(user.run("psearch", {"cherry"}, dir.path()).exit_code == 0);
}

TEST_CASE("hardening: symbolic links are not followed, so a link loop ends and outside content stays out",
          "[hardening][files]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "dir" / "in.txt", "Inside mentions ginger.\n");
  e2e::write_file(dir / "outside" / "out.txt", "Outside file mentions hazelnut.\n");
  e2e::write_file(dir / "outside" / "sub" / "o.txt", "Outside dir mentions icicle.\n");
  fs::create_directory_symlink("..", dir / "corpus" / "dir" / "loop");
  fs::create_directory_symlink(".", dir / "corpus" / "self");
  fs::create_symlink("../outside/out.txt", dir / "corpus" / "link.txt");
  fs::create_directory_symlink("../outside/sub", dir / "corpus" / "linkdir");
  fs::create_directory_symlink(dir / "outside", dir / "corpus" / "absolute");
  fs::create_symlink("nowhere.txt", dir / "corpus" / "dangling.txt");

  auto timed = run_timed("pindex", {"corpus"}, dir.path());
  INFO(timed.r.err);
  REQUIRE(timed.r.exit_code == 0);
  CHECK(timed.seconds < 10);
  auto summary = parse_summary(timed.r.err);
  REQUIRE(summary);
  CHECK(summary->added == 1);
  auto ginger = e2e::run("psearch", {"--json", "--all", "ginger"}, dir.path());
  check_psearch_contract(ginger);
  CHECK(json_files(ginger.out) == std::vector<std::string>{"corpus/dir/in.txt"});  // once, not via the loop
  for (const auto& word : {"hazelnut", "icicle"}) {
    CAPTURE(word);
    auto r = e2e::run("psearch", {word}, dir.path());
    check_psearch_contract(r);
    CHECK(r.exit_code == 1);
  }
  // The outside content changing does not concern the index either.
  e2e::write_file(dir / "outside" / "out.txt", "Outside file now mentions jackfruit.\n");
  auto again = pindex_ok(dir.path());
  CHECK(again.summary.added == 0);
  CHECK(again.summary.changed == 0);
  CHECK(e2e::run("psearch", {"jackfruit"}, dir.path()).exit_code == 1);
}

TEST_CASE("hardening: a directory tree 200 levels deep is indexed", "[hardening][files]") {
  e2e::TempDir dir;
  fs::path deep = "corpus";
  for (int i = 1; i <= 200; ++i) deep /= "level" + std::to_string(i);
  e2e::write_file(dir / "corpus" / "top.txt", "Top mentions kiwi.\n");
  e2e::write_file(dir / deep / "deep.txt", "Deep mentions juniper.\n");
  auto indexed = pindex_ok(dir.path(), {"corpus"});
  CHECK(indexed.summary.added == 2);
  CHECK(indexed.warnings.empty());
  auto r = e2e::run("psearch", {"--json", "juniper"}, dir.path());
  check_psearch_contract(r);
  CHECK(r.exit_code == 0);
  CHECK(json_files(r.out) == std::vector<std::string>{(deep / "deep.txt").string()});
  CHECK(e2e::run("psearch", {"kiwi"}, dir.path()).exit_code == 0);
  CHECK(pindex_ok(dir.path()).summary.unchanged == 2);
}

TEST_CASE("hardening: a directory deeper than PATH_MAX is indexed or warned about, never silently dropped",
          "[hardening][files]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "top.txt", "Top mentions kiwi.\n");
  // 300 levels of 25-byte names: about 7,800 bytes of path, built with openat as no path can name it.
  struct RemoveDeep {  // std::filesystem::remove_all cannot remove it either; rm -rf can
    fs::path root;
    ~RemoveDeep() { e2e::run(find_tool("rm"), {"-rf", root.string()}, root.parent_path()); }
  } cleanup{dir / "corpus" / "deep"};
  int fd = ::open((dir / "corpus").c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(fd >= 0);
  for (int i = 0; i < 300; ++i) {
    std::string name = "deep";
    if (i > 0) {
      name = std::to_string(1000 + i);
      name.append(20, 'x');
    }
    REQUIRE(::mkdirat(fd, name.c_str(), 0755) == 0);
    int next = ::openat(fd, name.c_str(), O_RDONLY | O_DIRECTORY);
    ::close(fd);
    REQUIRE(next >= 0);
    fd = next;
  }
  int file = ::openat(fd, "deep.txt", O_WRONLY | O_CREAT, 0644);
  REQUIRE(file >= 0);
  std::string text = "Very deep mentions lime.\n";
  REQUIRE(::write(file, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  ::close(file);
  ::close(fd);

  auto r = e2e::run("pindex", {"corpus"}, dir.path());
  INFO(r.err.substr(0, 2000));
  CHECK(documented_exit(r));
  REQUIRE(r.exit_code == 0);
  CHECK(e2e::run("psearch", {"kiwi"}, dir.path()).exit_code == 0);
  auto lime = e2e::run("psearch", {"lime"}, dir.path());
  check_psearch_contract(lime);
  bool found = lime.exit_code == 0;
  bool warned = !pindex_warnings(r.err).empty();
  CHECK((found || warned));
}

TEST_CASE("hardening: a file that vanishes between runs is shown stale, then removed, and the rest stays",
          "[hardening][files]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "a.txt", "Stays mentions apricot.\n");
  e2e::write_file(dir / "corpus" / "b.txt", "Goes mentions blueberry.\n");
  e2e::write_file(dir / "corpus" / "sub" / "c.txt", "Sub goes mentions cranberry.\n");
  pindex_ok(dir.path(), {"corpus"});
  fs::remove(dir / "corpus" / "b.txt");
  fs::remove_all(dir / "corpus" / "sub");

  auto stale = e2e::run("psearch", {"--json", "blueberry"}, dir.path());
  check_psearch_contract(stale);
  REQUIRE(stale.exit_code == 0);
  auto hits = e2e::json_lines(stale.out);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["stale"] == true);
  CHECK(hits[0]["text"] == "");  // never text the file no longer holds
  for (const auto& format : {"--color=never", "--vimgrep", "-l"}) {
    auto r = e2e::run("psearch", {format, "blueberry", "cranberry"}, dir.path());
    check_psearch_contract(r);
    CHECK(r.exit_code == 0);
    CHECK(!contains(r.out, "Goes mentions"));
  }

  auto indexed = pindex_ok(dir.path());
  CHECK(indexed.warnings.empty());
  CHECK(indexed.summary.removed == 2);
  CHECK(indexed.summary.unchanged == 1);
  for (const auto& word : {"blueberry", "cranberry"}) CHECK(e2e::run("psearch", {word}, dir.path()).exit_code == 1);
  CHECK(e2e::run("psearch", {"apricot"}, dir.path()).exit_code == 0);
  e2e::write_file(dir / "corpus" / "b.txt", "Back again mentions blueberry.\n");
  CHECK(pindex_ok(dir.path()).summary.added == 1);
  CHECK(e2e::run("psearch", {"blueberry"}, dir.path()).exit_code == 0);
}

TEST_CASE("hardening: escape sequences in documents and names never reach the terminal raw",
          "[hardening][files][terminal]") {
  e2e::TempDir dir;
  const auto evil = dir / "corpus" / "evil.txt";
  e2e::write_file(evil,
                  "Terminal attack clears \x1b[2J the screen.\n"
                  "Title attack \x1b]0;pwned\x07 sets the title.\n"
                  "Clipboard attack \x1b]52;c;ZXZpbA==\x07 writes the clipboard.\n"
                  "Control attack \xc2\x9b" "31m uses a C1 CSI.\n");
  e2e::write_file(dir / "corpus" / "head.txt", "Heading \x1b]0;x\x07 attack\n\nattack under the heading.\n");
  e2e::write_file(dir / "corpus" / "name\x1b[2J\x07.txt", "attack from the name.\n");
  auto indexed = pindex_ok(dir.path(), {"corpus"});
  CHECK(indexed.summary.added == 3);

  for (const auto& args : std::vector<std::vector<std::string>>{{"--color=always"},
                                                                {"--color=never"},
                                                                {"--vimgrep"},
                                                                {"-l"},
                                                                {"--color=always", "--explain"},
                                                                {"--color=never", "--all"}}) {
    std::vector<std::string> full = args;
    full.insert(full.end(), {"-n", "20", "attack"});
    CAPTURE(full);
    auto r = e2e::run("psearch", full, dir.path());
    check_psearch_contract(r);
    REQUIRE(r.exit_code == 0);
    check_no_raw_controls(without_sgr(r.out), "stdout");
    check_no_raw_controls(r.err, "stderr");
  }
  auto human = e2e::run("psearch", {"--color=never", "-n", "20", "attack"}, dir.path());
  for (const auto& escaped : {"\\x1b[2J", "\\x1b]0;pwned\\x07", "\\x1b]52;c;ZXZpbA==\\x07", "\\u009b", "\\x1b]0;x\\x07"}) {
    CAPTURE(escaped);
    CHECK(contains(human.out, escaped));
  }
  // Colour on: psearch's own escapes are there, none of the document's.
  auto colored = e2e::run("psearch", {"--color=always", "-n", "20", "attack"}, dir.path());
  CHECK(contains(colored.out, "\x1b["));
  CHECK(!contains(colored.out, "\x1b[2J"));
  CHECK(!contains(colored.out, "\x1b]"));
  CHECK(!contains(colored.out, "\x07"));

  auto json = e2e::run("psearch", {"--json", "-n", "20", "attack"}, dir.path());
  check_psearch_contract(json);
  REQUIRE(json.exit_code == 0);
  CHECK(!contains(json.out, "\x1b"));
  CHECK(!contains(json.out, "\x07"));
  CHECK(contains(json.out, "\\u001b"));
  CHECK(contains(json.out, "\\u0007"));
  bool saw_evil = false;
  for (const auto& j : e2e::json_lines(json.out)) {
    if (j["file"] != "corpus/evil.txt") continue;
    saw_evil = true;
    CHECK(j["text"] == e2e::file_lines(evil, j["line"], j["end_line"]));  // escaped, not altered
  }
  CHECK(saw_evil);
}

TEST_CASE("hardening: --json escapes C1 control characters from documents", "[hardening][files][terminal]") {
  // A C1 CSI (U+009B, bytes C2 9B) is a valid JSON string character, but printed raw it is a
  // terminal escape for `psearch --json | less -R` or a terminal that honours C1.
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "c1.txt", "Control attack \xc2\x9b" "31m uses a C1 CSI.\n");
  pindex_ok(dir.path(), {"corpus"});
  auto r = e2e::run("psearch", {"--json", "attack"}, dir.path());
  check_psearch_contract(r);
  REQUIRE(r.exit_code == 0);
  check_no_raw_controls(r.out, "--json stdout");
  CHECK(contains(r.out, "\\u009b"));
}

TEST_CASE("hardening: pindex warnings and --dry-run lines escape control characters in file names",
          "[hardening][files][terminal]") {
  // File names come from the corpus, like documents: a name must not drive the terminal through
  // pindex's warnings, and a newline in a name must not split a --dry-run line in two.
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "evil\x1b]0;pwned\x07.bin", "bin\0ary\n"s);
  e2e::write_file(dir / "corpus" / "two\nlines.txt", "Text mentions mango.\n");
  auto dry = e2e::run("pindex", {"--dry-run", "corpus"}, dir.path());
  INFO("stdout: " << visible(dry.out) << "\nstderr: " << visible(dry.err));
  CHECK(dry.exit_code == 0);
  check_no_raw_controls(dry.err, "--dry-run stderr");
  auto rows = lines_of(dry.out);
  CHECK(rows.size() == 1);
  for (const auto& row : rows) CHECK(starts_with(row, "added\t"));

  auto r = e2e::run("pindex", {"-v", "corpus"}, dir.path());
  CHECK(r.exit_code == 0);
  check_no_raw_controls(r.err, "pindex stderr");
  CHECK(e2e::count_lines(r.err) == 2);  // one skipped file named (-v), one summary
}
