// The human and --vimgrep formats, cross-checked against --json and the files on disk, and when
// colour escapes appear (--color, NO_COLOR, a terminal).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using e2e::IndexedCorpus;

using e2e::lower;

std::vector<std::string> all_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

bool has_escape(const std::string& s) { return s.find('\x1b') != std::string::npos; }

}  // namespace

TEST_CASE("vimgrep output prints file:line:col:text rows that point at the query word") {
  IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  // What the rows should be: the match lines of the JSON hits; a hit that matched only in its
  // heading (no match line) still gets one row, its first line at column 1.
  auto json_out = e2e::run("psearch", {"--json", "-n", "1000", "magnesium"}, cwd);
  std::set<std::pair<std::string, int>> json_match_lines, heading_only;
  for (const auto& h : e2e::json_lines(json_out.out)) {
    for (int n : h["match_lines"]) json_match_lines.emplace(h["file"], n);
    if (h["match_lines"].empty()) heading_only.emplace(h["file"], h["line"]);
  }

  auto r = e2e::run("psearch", {"--vimgrep", "-n", "1000", "magnesium"}, cwd);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  static const std::regex row(R"(^([^:]+):([1-9][0-9]*):([1-9][0-9]*):(.*)$)");
  auto rows = all_lines(r.out);
  REQUIRE(rows.size() > 10);
  std::set<std::pair<std::string, int>> match_rows, other_rows;
  for (const auto& line : rows) {
    INFO(line);
    std::smatch m;
    REQUIRE(std::regex_match(line, m, row));
    const std::string file = m[1];
    const int n = std::stoi(m[2]);
    const std::size_t col = std::stoul(m[3]);
    const std::string text = m[4];
    CHECK(file.starts_with("corpus/"));
    CHECK(text == e2e::file_lines(cwd / file, n, n));
    REQUIRE(col <= text.size());
    if (json_match_lines.count({file, n})) {
      CHECK(lower(text.substr(col - 1)).starts_with("magnesium"));
      CHECK(match_rows.emplace(file, n).second);  // one row per line
    } else {
      CHECK(col == 1);
      CHECK(other_rows.emplace(file, n).second);
    }
  }
  CHECK(match_rows == json_match_lines);
  CHECK(other_rows == heading_only);
}

TEST_CASE("vimgrep columns count from 1 and point at the first match on the line") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus/v.txt", "first the gecko\n\n  two geckos here, gecko again\n");
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  auto r = e2e::run("psearch", {"--vimgrep", "gecko"}, dir.path());
  REQUIRE(r.exit_code == 0);
  auto rows = all_lines(r.out);
  std::sort(rows.begin(), rows.end());
  CHECK(rows == std::vector<std::string>{"corpus/v.txt:1:11:first the gecko", "corpus/v.txt:3:7:  two geckos here, gecko again"});
}

TEST_CASE("human output: a header per hit, numbered passage lines, a blank line between hits") {
  IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  const std::vector<std::string> query{"-n", "6", "magnesium", "side", "effects"};
  auto human = e2e::run("psearch", query, cwd);
  std::vector<std::string> json_args{"--json"};
  json_args.insert(json_args.end(), query.begin(), query.end());
  auto hits = e2e::json_lines(e2e::run("psearch", json_args, cwd).out);
  REQUIRE(human.exit_code == 0);
  REQUIRE(hits.size() == 6);
  CHECK(!has_escape(human.out));

  auto lines = all_lines(human.out);
  static const std::regex numbered(R"(^( *)([1-9][0-9]*)  (.*)$)");
  std::size_t i = 0;
  for (std::size_t h = 0; h < hits.size(); ++h) {
    const auto& hit = hits[h];
    INFO("hit " << h + 1 << ": " << hit.dump());
    if (h > 0) {
      REQUIRE(i < lines.size());
      CHECK(lines[i] == "");
      ++i;
    }
    const std::string file = hit["file"];
    const int first = hit["line"], last = hit["end_line"];
    const std::string heading = hit["heading"];
    REQUIRE(i < lines.size());
    CHECK(lines[i] == file + ":" + std::to_string(first) + ":" + (heading.empty() ? "" : " " + heading));
    ++i;
    std::size_t width = 0;
    for (int n = first; n <= last; ++n, ++i) {
      REQUIRE(i < lines.size());
      INFO(lines[i]);
      std::smatch m;
      REQUIRE(std::regex_match(lines[i], m, numbered));
      CHECK(std::stoi(m[2]) == n);
      CHECK(m[3] == e2e::file_lines(cwd / file, n, n));
      std::size_t w = m[1].length() + m[2].length();
      if (width == 0) width = w;
      CHECK(w == width);  // right-aligned: the number column has one width per hit
    }
    if (hit.contains("more_in_file")) {  // the file reached the per-file cap
      REQUIRE(i < lines.size());
      CHECK_THAT(lines[i], Catch::Matches(" +" + std::to_string(hit["more_in_file"].get<int>()) + " more in " + file));
      ++i;
    }
  }
  CHECK(i == lines.size());
}

TEST_CASE("human output of the Magnesium Side Effects bullets") {
  IndexedCorpus corpus;
  auto r = e2e::run("psearch", {"-n", "1", "magnesium side effects stomach"}, corpus.dir.path());
  REQUIRE(r.exit_code == 0);
  auto lines = all_lines(r.out);
  REQUIRE(lines.size() == 7);
  CHECK(lines[0] == "corpus/003_fe4224afaf5b4845.txt:17: Magnesium Side Effects");
  CHECK_THAT(lines[1], Catch::Matches(R"( *17  The most common side effect of magnesium is stomach upset\..*)"));
  CHECK_THAT(lines[3], Catch::Matches(R"( *19  .*Abdominal cramping)"));
  CHECK_THAT(lines[6], Catch::Matches(R"( *22  .*Nausea)"));
}

SCENARIO("colour escapes appear only when asked for or on a terminal") {
  IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  const std::vector<std::string> q{"-n", "2", "Epsom", "salt"};
  auto with = [&](std::vector<std::string> opts) {
    opts.insert(opts.end(), q.begin(), q.end());
    return opts;
  };
  auto plain = e2e::run("psearch", q, cwd);
  REQUIRE(plain.exit_code == 0);
  REQUIRE(!has_escape(plain.out));

  WHEN("stdout is a pipe") {
    THEN("the default, --color never and --color auto print no escapes") {
      for (const auto& opts : std::vector<std::vector<std::string>>{{}, {"--color", "never"}, {"--color", "auto"}}) {
        auto r = e2e::run("psearch", with(opts), cwd);
        CHECK(r.exit_code == 0);
        CHECK(r.out == plain.out);
      }
    }
    THEN("NO_COLOR=1 with --color auto prints no escapes") {
      auto r = e2e::run("psearch", with({"--color", "auto"}), cwd, {{"NO_COLOR", "1"}});
      CHECK(r.out == plain.out);
    }
    THEN("--color always prints escapes, and the text without them is the plain output") {
      auto r = e2e::run("psearch", with({"--color", "always"}), cwd);
      CHECK(r.exit_code == 0);
      CHECK(has_escape(r.out));
      CHECK_THAT(r.out, Catch::Contains("\x1b["));
      CHECK(std::regex_replace(r.out, std::regex("\x1b\\[[0-9;]*m"), "") == plain.out);
    }
    THEN("--color=always accepts the = form") {
      auto r = e2e::run("psearch", with({"--color=always"}), cwd);
      CHECK(has_escape(r.out));
    }
    THEN("--color always does not colour --json or --vimgrep") {
      auto j = e2e::run("psearch", with({"--color", "always", "--json"}), cwd);
      CHECK(j.exit_code == 0);
      CHECK(!has_escape(j.out));
      auto hits = e2e::json_lines(j.out);
      REQUIRE(!hits.empty());
      CHECK(hits[0]["text"] == e2e::file_lines(cwd / hits[0]["file"].get<std::string>(), 58, 58));
      auto v = e2e::run("psearch", with({"--color", "always", "--vimgrep"}), cwd);
      CHECK(v.exit_code == 0);
      CHECK(!has_escape(v.out));
    }
  }
  WHEN("stdout is a terminal") {
    THEN("--color auto colours") {
      auto r = e2e::run_on_tty("psearch", with({"--color", "auto"}), cwd, {});
      CHECK(r.exit_code == 0);
      CHECK(has_escape(r.out));
    }
    THEN("NO_COLOR=1 with --color auto does not") {
      auto r = e2e::run_on_tty("psearch", with({"--color", "auto"}), cwd, {{"NO_COLOR", "1"}});
      CHECK(r.exit_code == 0);
      CHECK_THAT(r.out, Catch::Contains("Epsom salts"));
      CHECK(!has_escape(r.out));
    }
    THEN("--color never does not") {
      auto r = e2e::run_on_tty("psearch", with({"--color", "never"}), cwd, {});
      CHECK(r.exit_code == 0);
      CHECK_THAT(r.out, Catch::Contains("Epsom salts"));
      CHECK(!has_escape(r.out));
    }
  }
}
