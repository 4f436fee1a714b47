// Editor use of psearch --vimgrep: vim's :grep with grepprg=psearch fills the quickfix list, vim -q
// reads the rows with its default errorformat, and every row is one Emacs's grep-mode reads.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

// vim without a user's vimrc, plugins or viminfo, in Ex mode, running script; psearch on PATH.
e2e::RunResult run_vim(const fs::path& cwd, const std::vector<std::string>& vim_args) {
  std::string command = "exec vim -N -u NONE -i NONE -n -es";
  for (std::size_t i = 0; i < vim_args.size(); ++i) command += " \"$" + std::to_string(i) + "\"";
  const char* path = std::getenv("PATH");
  return e2e::run("/bin/sh", [&] {
    std::vector<std::string> args{"-c", command};
    args.insert(args.end(), vim_args.begin(), vim_args.end());
    return args;
  }(), cwd, {{"PATH", std::string(PSEARCH_BIN_DIR) + ":" + (path ? path : "/usr/bin:/bin")}, {"SHELL", "/bin/sh"},
             {"HOME", cwd.string()}, {"VIMINIT", ""}, {"EXINIT", ""}});
}

// A vim script that writes the valid quickfix entries, as file:line:col:text rows, to qf.txt.
const char* kDumpQuickfix = R"(
let rows = []
for e in filter(getqflist(), 'v:val.valid')
  call add(rows, bufname(e.bufnr) . ':' . e.lnum . ':' . e.col . ':' . e.text)
endfor
call writefile(rows, 'qf.txt')
qall!
)";

}  // namespace

TEST_CASE("vim's :grep with grepprg=psearch --vimgrep fills the quickfix list with the hits") {
  e2e::IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  auto expected = e2e::run("psearch", {"--vimgrep", "magnesium", "deficiency"}, cwd);
  REQUIRE(expected.exit_code == 0);
  const auto rows = e2e::lines_of(expected.out);
  REQUIRE(rows.size() > 3);

  // The set-up README.md gives, word for word; psearch(1) gives the same.
  const std::string readme = e2e::read_file(fs::path(PSEARCH_SOURCE_DIR) / "README.md");
  const auto setup_at = readme.find("\nset grepprg=");
  REQUIRE(setup_at != std::string::npos);
  const std::string setup = readme.substr(setup_at + 1, readme.find('\n', setup_at + 1) - setup_at - 1);
  CHECK(setup == R"(set grepprg=psearch\ --vimgrep grepformat^=%f:%l:%c:%m)");
  std::string man = e2e::read_file(fs::path(PSEARCH_SOURCE_DIR) / "searcher/psearch.1");
  for (const auto& [roff, text] : {std::pair{R"(\\ )", " "}, {R"(\\-)", "-"}, {R"(\\e)", "\\"}})
    man = std::regex_replace(man, std::regex(roff), text);
  CHECK_THAT(man, Catch::Contains(":" + setup));
  e2e::write_file(cwd / "grep.vim", setup + "\nsilent grep magnesium deficiency\n" + kDumpQuickfix);
  auto vim = run_vim(cwd, {"-S", "grep.vim"});
  CAPTURE(vim.out, vim.err);
  REQUIRE(vim.exit_code == 0);
  const auto quickfix = e2e::lines_of(e2e::read_file(cwd / "qf.txt"));
  CHECK(quickfix == rows);

  // The first entry points at the line and column of a query word in that file.
  REQUIRE(!quickfix.empty());
  static const std::regex entry(R"(^([^:]+):([0-9]+):([0-9]+):)");
  std::smatch m;
  REQUIRE(std::regex_search(quickfix[0], m, entry));
  const std::string line = e2e::file_lines(cwd / m[1].str(), std::stoi(m[2]), std::stoi(m[2]));
  const auto col = std::stoul(m[3]);
  REQUIRE(col >= 1);
  REQUIRE(col <= line.size());
  const std::string at = e2e::lower(line.substr(col - 1));
  CHECK((at.starts_with("magnesium") || at.starts_with("deficien")));
}

TEST_CASE("vim -q reads psearch --vimgrep with its default errorformat") {
  e2e::IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  auto hits = e2e::run("psearch", {"--vimgrep", "epsom", "salt"}, cwd);
  REQUIRE(hits.exit_code == 0);
  e2e::write_file(cwd / "hits.txt", hits.out);
  e2e::write_file(cwd / "dump.vim", kDumpQuickfix);
  auto vim = run_vim(cwd, {"-q", "hits.txt", "-S", "dump.vim"});
  CAPTURE(vim.out, vim.err);
  REQUIRE(vim.exit_code == 0);
  CHECK(e2e::lines_of(e2e::read_file(cwd / "qf.txt")) == e2e::lines_of(hits.out));
}

TEST_CASE("every psearch --vimgrep row is one Emacs's grep-mode jumps from, to the same file and line") {
  e2e::IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  // grep-regexp-alist of Emacs 28 (grep.el), without --null: FILE:LINE: with a tight file name.
  static const std::regex grep_mode(R"(^((?:[a-zA-Z]:)?[^\n:]+?[^\n/:]):[\t ]*([1-9][0-9]*)[\t ]*:)");
  static const std::regex vimgrep(R"(^([^:]+):([0-9]+):([0-9]+):(.*)$)");
  for (const auto& args : std::vector<std::vector<std::string>>{{"--vimgrep", "-n", "50", "magnesium"},
                                                                {"--vimgrep", "--absolute", "restless", "legs"}}) {
    auto r = e2e::run("psearch", args, cwd);
    REQUIRE(r.exit_code == 0);
    for (const auto& row : e2e::lines_of(r.out)) {
      CAPTURE(row);
      std::smatch emacs, fields;
      REQUIRE(std::regex_search(row, emacs, grep_mode));
      REQUIRE(std::regex_match(row, fields, vimgrep));
      CHECK(emacs[1].str() == fields[1].str());
      CHECK(emacs[2].str() == fields[2].str());
      CHECK(fs::exists(fs::path(fields[1].str()).is_absolute() ? fs::path(fields[1].str()) : cwd / fields[1].str()));
    }
  }
}
