// --version and the grouped --help of both tools, and psearch --absolute.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "format/schema.hpp"
#include "format/version.hpp"
#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

// The option names of the help section titled group ("Output:" up to the next blank line).
std::vector<std::string> options_in_group(const std::string& help, const std::string& group) {
  std::vector<std::string> names;
  auto at = help.find("\n" + group + ":\n");
  if (at == std::string::npos) return names;
  auto end = help.find("\n\n", at + 1);
  std::string section = help.substr(at, end == std::string::npos ? std::string::npos : end - at);
  static const std::regex name(R"((?:^|\n)  (-[-A-Za-z]+)(?:, (--[-a-z]+))?)");
  for (std::sregex_iterator it(section.begin(), section.end(), name), last; it != last; ++it) {
    names.push_back((*it)[1]);
    if ((*it)[2].matched) names.push_back((*it)[2]);
  }
  return names;
}

}  // namespace

TEST_CASE("pindex and psearch --version print the project version and the index schema version") {
  e2e::TempDir dir;
  for (std::string tool : {"psearch", "pindex"}) {
    auto r = e2e::run(tool, {"--version"}, dir.path());
    CAPTURE(tool, r.out, r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == fmt::format("{} {} (index schema {})\n", tool, psearch::kProjectVersion, psearch::schema::kVersion));
    CHECK(r.err.empty());
  }
}

TEST_CASE("psearch --help groups the options and ends with syntax, examples and exit codes") {
  e2e::TempDir dir;
  auto r = e2e::run("psearch", {"--help"}, dir.path());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.starts_with("psearch: "));
  CHECK_THAT(r.out, Catch::Contains("Usage: psearch [OPTIONS] QUERY..."));
  using V = std::vector<std::string>;
  CHECK(options_in_group(r.out, "Query") == V{"-n", "--max-count", "--exact", "--all", "--per-file"});
  CHECK(options_in_group(r.out, "Output") ==
        V{"--json", "--vimgrep", "-l", "--files", "--explain", "--absolute", "--color", "--colour"});
  CHECK(options_in_group(r.out, "Index") == V{"--db", "--timeout", "--partial-ok"});
  CHECK(options_in_group(r.out, "Other") == V{"--version", "-h", "--help"});
  for (const char* part : {"\nQuery syntax:\n", "\nExamples:\n", "Exit status: 0 hits printed, 1 no hits, 2 error"})
    CHECK_THAT(r.out, Catch::Contains(part));
  CHECK(r.out.find("Query syntax:") < r.out.find("Examples:"));
  AND_THEN("-h prints the same") { CHECK(e2e::run("psearch", {"-h"}, dir.path()).out == r.out); }
}

TEST_CASE("pindex --help groups the options and ends with examples") {
  e2e::TempDir dir;
  auto r = e2e::run("pindex", {"--help"}, dir.path());
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Usage: pindex [OPTIONS] [PATH...]"));
  using V = std::vector<std::string>;
  CHECK(options_in_group(r.out, "Index") == V{"--db", "--rebuild", "--no-wait", "--shard", "--store-text", "--no-store-text", "--status",
                                                "--forget", "--merge"});
  CHECK(options_in_group(r.out, "Files") == V{"-L", "--follow", "--no-ignore", "--ignore"});
  CHECK(options_in_group(r.out, "Run") == V{"--dry-run", "--watch", "-j", "--jobs", "-v", "--verbose"});
  CHECK(options_in_group(r.out, "Other") == V{"--version", "-h", "--help"});
  CHECK_THAT(r.out, Catch::Contains("\nExamples:\n  pindex "));
}

TEST_CASE("psearch --absolute prints absolute file names in every format") {
  e2e::IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  const std::string root = fs::canonical(cwd).string() + "/corpus/";
  auto relative = e2e::run("psearch", {"--vimgrep", "epsom", "salt"}, cwd);
  REQUIRE(relative.exit_code == 0);
  CHECK(relative.out.starts_with("corpus/"));

  auto vimgrep = e2e::run("psearch", {"--absolute", "--vimgrep", "epsom", "salt"}, cwd);
  REQUIRE(vimgrep.exit_code == 0);
  for (const auto& line : e2e::lines_of(vimgrep.out)) {
    CAPTURE(line);
    CHECK(line.starts_with(root));
  }
  CHECK(vimgrep.out.size() == relative.out.size() + root.size() * e2e::lines_of(relative.out).size() -
                                  std::string("corpus/").size() * e2e::lines_of(relative.out).size());

  auto json = e2e::run("psearch", {"--absolute", "--json", "--all", "magnesium"}, cwd);
  REQUIRE(json.exit_code == 0);
  for (const auto& hit : e2e::json_lines(json.out)) CHECK(std::string(hit["file"]).starts_with(root));

  auto human = e2e::run("psearch", {"--absolute", "--color", "never", "-l", "magnesium"}, cwd);
  for (const auto& line : e2e::lines_of(human.out)) CHECK(line.starts_with(root));
}

TEST_CASE("query words such as -salt still work beside the grouped options") {
  e2e::IndexedCorpus corpus;
  auto r = e2e::run("psearch", {"--json", "--absolute", "bath", "-salt", "-n", "3"}, corpus.dir.path());
  CHECK(r.exit_code <= 1);
  CHECK(r.err.empty());
  for (const auto& hit : e2e::json_lines(r.out)) CHECK(e2e::lower(hit["text"]).find("salt") == std::string::npos);
}
