// Lines and text spans: the passage text psearch reads back from a file is the text pindex
// split from it, for every passage of the real articles and in every line-ending variant.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "format/text_lines.hpp"
#include "indexer/passage_splitter.hpp"

using namespace psearch;

namespace {

std::string text_back(std::string_view content, const Passage& p) {
  auto span = text_span(content, split_lines(content), p.first_line, p.last_line, p.column, p.text.size());
  REQUIRE(span);
  auto text = span_text(content.substr(span->offset, span->size), p.text.size());
  REQUIRE(text);
  return *text;
}

std::string crlf(const std::string& lf) {
  std::string out;
  for (char c : lf) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

}  // namespace

TEST_CASE("each passage's span of the file gives back its text: real articles, CRLF, BOM, long lines", "[text_lines]") {
  std::vector<std::string> contents;
  for (const auto& e : std::filesystem::directory_iterator(PSEARCH_CORPUS_DIR)) {
    std::ifstream in(e.path(), std::ios::binary);
    std::string lf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    contents.push_back(lf);
    contents.push_back(crlf(lf));
    contents.push_back("\xEF\xBB\xBF" + lf);
  }
  std::string long_line;
  for (int i = 0; i < 3000; ++i) long_line += "word" + std::to_string(i) + " ";
  contents.push_back("Title\n\n" + long_line + "\r\nafter\n");  // fragments of one long line
  std::size_t passages = 0, fragments = 0;
  for (const auto& content : contents) {
    for (const auto& p : split_passages(content)) {
      CAPTURE(p.first_line, p.last_line, p.column);
      CHECK(text_back(content, p) == p.text);
      ++passages;
      fragments += p.column > 0;
    }
  }
  CHECK(passages > 200);
  CHECK(fragments > 5);
}

TEST_CASE("text spans: where a passage's text starts and ends in the bytes", "[text_lines]") {
  std::string content = "\xEF\xBB\xBFone\r\ntwo three\r\nfour";
  auto lines = split_lines(content);
  auto all = text_span(content, lines, 1, 3, 0, 18);
  REQUIRE(all);
  CHECK(all->offset == 3);  // after the byte-order mark
  CHECK(content.substr(all->offset, all->size) == "one\r\ntwo three\r\nfour");
  CHECK(span_text(content.substr(all->offset, all->size), 18) == "one\ntwo three\nfour");
  auto fragment = text_span(content, lines, 2, 2, 4, 5);  // "three" in line 2
  REQUIRE(fragment);
  CHECK(content.substr(fragment->offset, fragment->size) == "three");
  CHECK_FALSE(text_span(content, lines, 3, 4, 0, 1));   // no line 4
  CHECK_FALSE(text_span(content, lines, 0, 1, 0, 1));   // no line 0
  CHECK_FALSE(text_span(content, lines, 1, 1, 9, 1));   // line 1 is shorter than the column
  CHECK_FALSE(span_text("short", 6));                   // fewer bytes than the text had
  // A line that starts with a byte-order mark mid-file reads back without it: pindex finds the
  // difference and stores that passage's text.
  std::string odd = "a\n\xEF\xBB\xBF" "b";
  auto span = text_span(odd, split_lines(odd), 2, 2, 0, 4);
  REQUIRE(span);
  CHECK(span_text(odd.substr(span->offset, span->size), 4) != "\xEF\xBB\xBF" "b");
}

TEST_CASE("read_file gives the file's bytes exactly, or nothing", "[text_lines]") {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("psearch-read-file-{}", ::getpid());
  std::filesystem::create_directories(dir);
  // Bigger than the copy buffer, with NUL bytes, CRs and no final newline.
  std::string bytes;
  for (int i = 0; i < 70000; ++i) bytes += fmt::format("line {}\r\n", i);
  bytes.push_back('\0');
  bytes += "tail without newline";
  auto path = (dir / "big.txt").string();
  std::ofstream(path, std::ios::binary) << bytes;
  auto got = read_file(path);
  REQUIRE(got);
  CHECK(got->size() == bytes.size());
  CHECK(*got == bytes);

  auto empty = (dir / "empty.txt").string();
  std::ofstream(empty, std::ios::binary).flush();
  REQUIRE(read_file(empty));
  CHECK(read_file(empty)->empty());

  CHECK_FALSE(read_file((dir / "missing.txt").string()));
  CHECK_FALSE(read_file(dir.string()));  // a directory
  // A file that reports no size (procfs) is still read to its end.
  auto status = read_file("/proc/self/status");
  REQUIRE(status);
  CHECK(status->find("VmRSS") != std::string::npos);
  std::filesystem::remove_all(dir);
}
