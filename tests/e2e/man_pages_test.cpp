// The man pages psearch(1) and pindex(1): every option --help lists is documented, and man and
// groff render the pages without a warning.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

// The option names in the first column of --help ("  -n, --max-count N   print ...").
std::vector<std::string> help_options(const std::string& help) {
  std::vector<std::string> names;
  static const std::regex row(R"(^  (-[-A-Za-z]+(?:, -[-A-Za-z]+)*))");
  static const std::regex name(R"(-[-A-Za-z]+)");
  for (const auto& line : e2e::lines_of(help)) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    const std::string first_column = m[1];
    for (std::sregex_iterator it(first_column.begin(), first_column.end(), name), end; it != end; ++it)
      names.push_back(it->str());
  }
  return names;
}

// The page's text with roff's escapes for hyphens and fonts removed, as a reader sees it.
std::string page_text(const fs::path& page) {
  std::string text = e2e::read_file(page);
  text = std::regex_replace(text, std::regex(R"(\\-)"), "-");
  text = std::regex_replace(text, std::regex(R"(\\f[BIRP])"), "");
  return text;
}

bool mentions(const std::string& text, const std::string& option) {
  return std::regex_search(text, std::regex("(^|[^-A-Za-z])" + option + "($|[^-A-Za-z])"));
}

struct Page {
  std::string tool;
  fs::path source;
};

const std::vector<Page> kPages{{"psearch", fs::path(PSEARCH_SOURCE_DIR) / "searcher/psearch.1"},
                               {"pindex", fs::path(PSEARCH_SOURCE_DIR) / "indexer/pindex.1"}};

}  // namespace

TEST_CASE("every option in --help appears in the tool's man page") {
  e2e::TempDir dir;
  for (const auto& page : kPages) {
    auto help = e2e::run(page.tool, {"--help"}, dir.path());
    REQUIRE(help.exit_code == 0);
    auto options = help_options(help.out);
    CAPTURE(page.tool, help.out);
    REQUIRE(options.size() >= 10);
    const std::string text = page_text(page.source);
    for (const auto& option : options) {
      CAPTURE(option);
      CHECK(mentions(text, option));
    }
  }
}

TEST_CASE("the man pages have the sections a reader looks for") {
  for (const auto& page : kPages) {
    const std::string text = page_text(page.source);
    CAPTURE(page.tool);
    for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH EXIT STATUS",
                                ".SH ENVIRONMENT", ".SH FILES", ".SH EXAMPLES", ".SH SEE ALSO"})
      CHECK_THAT(text, Catch::Contains(section));
  }
  const std::string psearch = page_text(kPages[0].source);
  for (const char* part : {".SH QUERY SYNTAX", ".SH OUTPUT FORMATS", ".SS JSON", "match_lines", "file_bytes",
                           ".SH EDITOR USE", "grepprg"})
    CHECK_THAT(psearch, Catch::Contains(part));
}

TEST_CASE("man and groff render the man pages without warnings") {
  e2e::TempDir dir;
  for (const auto& page : kPages) {
    CAPTURE(page.source);
    auto groff = e2e::run("/bin/sh", {"-c", "groff -man -ww -z \"$0\"", page.source.string()}, dir.path());
    CHECK(groff.exit_code == 0);
    CHECK(groff.err.empty());
    auto man = e2e::run("/bin/sh", {"-c", "man --warnings -l \"$0\"", page.source.string()}, dir.path(),
                        {{"MANWIDTH", "80"}, {"MANPAGER", "cat"}, {"PAGER", "cat"}});
    CHECK(man.exit_code == 0);
    CHECK(man.err.empty());
    CHECK_THAT(man.out, Catch::Contains("NAME"));
  }
}
