// Extracted documents' passages: lines mapped back to the file's, numbered only one for one, a
// PDF split page by page, every passage's text stored with its page.
#include <catch2/catch.hpp>

#include "indexer/document_builder.hpp"
#include "indexer/extracted_passages.hpp"

using psearch::Passage;
using psearch::extract::Extracted;
using psearch::extract::Kind;
using psearch::extract::TextLine;

namespace {

std::vector<Passage> split(const Extracted& doc) {
  std::vector<Passage> out;
  psearch::split_extracted(doc, [&](Passage&& p) { out.push_back(std::move(p)); });
  return out;
}

}  // namespace

TEST_CASE("extracted lines are joined as a text file's", "[extracted]") {
  std::vector<TextLine> lines{{"One", 3, 0}, {"", 4, 0}, {"Two", 9, 0}};
  CHECK(psearch::joined_text(lines) == "One\n\nTwo");
  CHECK(psearch::joined_text({}).empty());
}

TEST_CASE("a passage's lines map to the source lines, numbered only when one for one", "[extracted]") {
  using Row = std::tuple<std::vector<std::uint32_t>, int, int, int, int, bool>;  // sources, first, last -> first, last, numbered
  auto [sources, first, last, want_first, want_last, numbered] = GENERATE(table<std::vector<std::uint32_t>, int, int, int, int, bool>({
      Row{{10, 11, 12}, 1, 3, 10, 12, true},   // consecutive lines of the source
      Row{{10, 11, 12}, 2, 2, 11, 11, true},   // one of them
      Row{{10, 10, 12}, 1, 3, 10, 12, false},  // two lines from one source line, one skipped
      Row{{10, 14}, 1, 2, 10, 14, false},      // a gap (markup between)
      Row{{7, 7}, 1, 2, 7, 7, false},          // <br>: two lines of one source line
  }));
  CAPTURE(sources, first, last);
  std::vector<TextLine> lines;
  for (auto s : sources) lines.push_back({"x", s, 0});
  Passage p{first, last, "", "x", 5};
  auto mapped = psearch::map_to_source(p, lines);
  CHECK(mapped.first_line == want_first);
  CHECK(mapped.last_line == want_last);
  CHECK(mapped.numbered == numbered);
  CHECK(mapped.column == 0);  // an offset in extracted text is none in the file
}

TEST_CASE("a PDF is split page by page: no passage spans two pages", "[extracted]") {
  Extracted pdf{Kind::Pdf, {}, "", {{"First page text that goes on", 1, 1}, {"and on.", 2, 1}, {"", 3, 1},
                                     {"Second page text.", 4, 2}}};
  auto passages = split(pdf);
  REQUIRE(passages.size() == 2);
  CHECK(passages[0].page == 1);
  CHECK(passages[0].first_line == 1);
  CHECK(passages[0].last_line == 2);
  CHECK(passages[0].text == "First page text that goes on\nand on.");
  CHECK(passages[1].page == 2);
  CHECK(passages[1].first_line == 4);
  CHECK(passages[1].text == "Second page text.");
}

TEST_CASE("without pages, one run: a paragraph goes on across what would be a page", "[extracted]") {
  Extracted html{Kind::Html, {}, "utf-8", {{"# Title", 3, 0}, {"", 3, 0}, {"Text of it", 7, 0}, {"goes on.", 8, 0}}};
  auto passages = split(html);
  REQUIRE(passages.size() == 1);
  CHECK(passages[0].heading == "Title");
  CHECK(passages[0].first_line == 7);
  CHECK(passages[0].last_line == 8);
  CHECK(passages[0].numbered);
  CHECK(passages[0].page == 0);
}

TEST_CASE("an extracted passage's record stores its text, page and numbering", "[extracted]") {
  Passage p{12, 13, "Nesting", "Herons nest\nin colonies.", 0};
  p.page = 2;
  p.numbered = false;
  auto r = psearch::stored_passage_record(p);
  CHECK(r.text_stored);
  CHECK(r.text == p.text);
  CHECK(r.page == 2);
  CHECK_FALSE(r.numbered);
  CHECK(r.first_line == 12);
  CHECK(r.last_line == 13);
  CHECK(r.offset == 0);
  CHECK(r.span == 0);
}
