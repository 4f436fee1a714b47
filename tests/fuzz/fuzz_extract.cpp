// Fuzzes psearch::extract::extract_text with arbitrary bytes under each extension hint (the first
// byte picks it) and checks what extract.hpp promises: no throw, every line valid UTF-8 without a
// line break, source lines from 1, a plain valid UTF-8 text's lines exactly split_lines' lines, a PDF's
// lines numbered in order with pages from 1 in order, and no page outside a PDF.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/encoding.hpp"
#include "extract/extract.hpp"
#include "format/text_lines.hpp"

namespace {

namespace ex = psearch::extract;

constexpr const char* kHints[] = {"file", "a.txt", "a.html", "a.XHTML", "a.pdf", "a.gz", "a.html.gz", "a.docx"};

[[noreturn]] void fail(const char* what, std::size_t index, const ex::TextLine& line) {
  std::fprintf(stderr, "fuzz_extract: %s (line %zu: source line %u, page %u, %zu bytes)\n", what, index,
               line.source_line, line.page, line.text.size());
  std::abort();
}

void check_line(std::size_t i, const ex::TextLine& line, const ex::Extracted& e) {
  if (!ex::is_valid_utf8(line.text)) fail("line is not valid UTF-8", i, line);
  if (line.text.find('\n') != std::string::npos) fail("line holds a newline", i, line);
  if (line.source_line < 1) fail("source line below 1", i, line);
  if (e.kind != ex::Kind::Pdf && line.page != 0) fail("a page outside a PDF", i, line);
  if (e.kind == ex::Kind::Pdf) {
    if (line.source_line != i + 1) fail("PDF line not numbered in order", i, line);
    if (line.page < 1 || (i > 0 && line.page < e.lines[i - 1].page)) fail("PDF page out of order", i, line);
  }
}

// Plain, valid UTF-8 text is read as it is: the lines are the file's. (Invalid bytes after a
// UTF-8 BOM are replaced.)
void check_plain_text(std::string_view bytes, const ex::Extracted& e) {
  if (e.kind != ex::Kind::Text || e.compression != ex::Compression::None || e.encoding != "utf-8") return;
  if (!ex::is_valid_utf8(bytes.starts_with("\xEF\xBB\xBF") ? bytes.substr(3) : bytes)) return;
  auto lines = psearch::split_lines(bytes);
  if (lines.size() != e.lines.size()) {
    std::fprintf(stderr, "fuzz_extract: %zu lines, the file has %zu\n", e.lines.size(), lines.size());
    std::abort();
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (e.lines[i].text != lines[i]) fail("line is not the file's line", i, e.lines[i]);
    if (e.lines[i].source_line != i + 1) fail("plain text line numbered out of order", i, e.lines[i]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const char* hint = kHints[data[0] % (sizeof kHints / sizeof kHints[0])];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  ex::Limits limits;
  limits.max_decompressed_bytes = 1 << 20;  // libFuzzer's memory limit, not the default's
  auto result = ex::extract_text(hint, bytes, limits);
  if (auto* skipped = std::get_if<ex::Skipped>(&result)) {
    if (skipped->detail.empty()) {
      std::fprintf(stderr, "fuzz_extract: skipped (%s) without a detail\n", std::string(ex::reason_name(skipped->reason)).c_str());
      std::abort();
    }
    return 0;
  }
  const auto& e = std::get<ex::Extracted>(result);
  for (std::size_t i = 0; i < e.lines.size(); ++i) check_line(i, e.lines[i], e);
  check_plain_text(bytes, e);
  return 0;
}
