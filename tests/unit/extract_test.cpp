// extract_text: the lines of HTML, PDF, compressed and non-UTF-8 text, with their source lines and
// pages, and the reasons other files are skipped.
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "extract/encoding.hpp"
#include "extract/extract.hpp"

using psearch::extract::Compression;
using psearch::extract::Extracted;
using psearch::extract::extract_text;
using psearch::extract::Kind;
using psearch::extract::SkipCounts;
using psearch::extract::Skipped;
using psearch::extract::SkipReason;
using psearch::extract::TextLine;

namespace Catch {
template <>
struct StringMaker<TextLine> {
  static std::string convert(const TextLine& l) {
    return "{\"" + l.text + "\", " + std::to_string(l.source_line) + ", " + std::to_string(l.page) + "}\n";
  }
};
}  // namespace Catch

namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(PSEARCH_EXTRACT_FIXTURES) + "/" + name, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Extracted extracted(const std::string& path, std::string_view bytes) {
  auto result = extract_text(path, bytes);
  if (auto* skipped = std::get_if<Skipped>(&result)) FAIL("skipped: " << skipped->detail);
  return std::get<Extracted>(std::move(result));
}

Skipped skipped(const std::string& path, std::string_view bytes) {
  auto result = extract_text(path, bytes);
  if (std::holds_alternative<Extracted>(result)) FAIL("extracted, not skipped: " << path);
  return std::get<Skipped>(std::move(result));
}

std::vector<std::string> texts(const Extracted& e) {
  std::vector<std::string> out;
  for (const auto& l : e.lines) out.push_back(l.text);
  return out;
}

std::string gzip(std::string_view text) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string bzip2(std::string_view text) {
  std::string out(text.size() + text.size() / 100 + 700, '\0');
  auto size = static_cast<unsigned>(out.size());
  REQUIRE(BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char*>(text.data()), static_cast<unsigned>(text.size()),
                                   9, 0, 0) == BZ_OK);
  out.resize(size);
  return out;
}

std::string xz(std::string_view text) {
  std::string out(lzma_stream_buffer_bound(text.size()), '\0');
  std::size_t size = 0;
  REQUIRE(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const std::uint8_t*>(text.data()),
                                  text.size(), reinterpret_cast<std::uint8_t*>(out.data()), &size, out.size()) == LZMA_OK);
  out.resize(size);
  return out;
}

const char* const kArticle = R"(<!DOCTYPE html>
<html>
<head>
  <title>Soups &amp; Stews</title>
  <style>body { color: red; }</style>
  <script>var hidden = "script text";</script>
</head>
<body>
<h1>Soups</h1>
<p>A soup is a
  liquid food, served hot or cold &mdash; caf&eacute; style.</p>
<noscript>Enable scripts</noscript>
<h2>Lentil soup</h2>
<p>It&#8217;s quick:<br>boil
red lentils.</p>
<ul>
  <li>Red lentils</li>
  <li>Onion <b>and</b> garlic</li>
</ul>
<table>
  <tr><th>Soup</th><th>Minutes</th></tr>
  <tr><td>Lentil</td>
      <td>20</td></tr>
</table>
<pre>
simmer 20
  stir
</pre>
<template><p>never shown</p></template>
<div>The end.</div>
</body>
</html>
)";

}  // namespace

TEST_CASE("extract: HTML gives Markdown-shaped lines at the source lines of their text", "[extract]") {
  auto e = extracted("soup.html", kArticle);
  CHECK(e.kind == Kind::Html);
  CHECK(e.encoding == "utf-8");
  std::vector<TextLine> expected{
      {"# Soups & Stews", 4, 0},
      {"", 4, 0},
      {"# Soups", 9, 0},
      {"", 9, 0},
      {"A soup is a liquid food, served hot or cold \xE2\x80\x94 caf\xC3\xA9 style.", 10, 0},
      {"", 10, 0},
      {"## Lentil soup", 13, 0},
      {"", 13, 0},
      {"It\xE2\x80\x99s quick:", 14, 0},
      {"boil red lentils.", 14, 0},
      {"", 14, 0},
      {"- Red lentils", 17, 0},
      {"- Onion and garlic", 18, 0},
      {"", 18, 0},
      {"| Soup | Minutes |", 21, 0},
      {"| Lentil | 20 |", 22, 0},
      {"", 22, 0},
      {"```", 25, 0},
      {"simmer 20", 26, 0},
      {"  stir", 27, 0},
      {"```", 28, 0},
      {"", 28, 0},
      {"The end.", 30, 0},
  };
  CHECK(e.lines == expected);
}

TEST_CASE("extract: an out-of-range character reference in HTML gives valid UTF-8 (fuzz_extract found gumbo's bytes were not)", "[extract]") {
  auto e = extracted("a.html", "<p>It&#89999999999999999999;s</p>");
  REQUIRE(e.lines.size() == 1);
  CHECK(e.lines[0].text.starts_with("It"));
  CHECK(e.lines[0].text.ends_with("s"));
  CHECK(psearch::extract::is_valid_utf8(e.lines[0].text));
  CHECK(e.lines[0].text.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD
}

TEST_CASE("extract: HTML is told by its start without an extension, and XHTML by its extension", "[extract]") {
  auto e = extracted("page", "\xEF\xBB\xBF  <!-- generated -->\n<!doctype HTML><p>Hello <i>there</i></p>");
  CHECK(e.kind == Kind::Html);
  CHECK(texts(e) == std::vector<std::string>{"Hello there"});
  auto x = extracted("page.XHTML", "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<body><p>Hi</p></body></html>");
  CHECK(x.kind == Kind::Html);
  CHECK(x.lines == std::vector<TextLine>{{"Hi", 3, 0}});
  CHECK(extracted("notes.txt", "<p>not html by name or start</p>").kind == Kind::Text);
}

TEST_CASE("extract: a two-page PDF made by groff gives each page's text with its page and outline headings", "[extract]") {
  auto e = extracted("two-pages.pdf", read_fixture("two-pages.pdf"));
  CHECK(e.kind == Kind::Pdf);
  std::vector<TextLine> expected{
      {"# Soaking Beans", 1, 1},
      {"Dry beans soak overnight in cold water with a pinch of salt. They double in size.", 2, 1},
      {"## Quick Soak", 3, 1},
      {"Boil the beans for two minutes, then leave them covered for an hour.", 4, 1},
      {"", 5, 1},
      {"# Cooking Lentils", 6, 2},  // the page number "-2-" above it is dropped
      {"Red lentils cook in fifteen minutes and need no soaking.", 7, 2},
  };
  CHECK(e.lines == expected);
}

TEST_CASE("extract: a running header and page numbers on most pages of a PDF are dropped", "[extract]") {
  // groff -ms: "Bean Book" at the top of pages 2-4, "Page N" at the foot of pages 1-4.
  auto e = extracted("book.pdf", read_fixture("running-header.pdf"));
  std::vector<TextLine> expected{
      {"# Beans", 1, 1}, {"Beans are seeds.", 2, 1}, {"", 3, 1},
      {"Soak them first.", 4, 2}, {"", 5, 2},
      {"Then cook them slowly.", 6, 3}, {"", 7, 3},
      {"Salt at the end.", 8, 4},
  };
  CHECK(e.lines == expected);
}

TEST_CASE("extract: an encrypted PDF is unreadable", "[extract]") {
  auto s = skipped("secret.pdf", read_fixture("encrypted.pdf"));
  CHECK(s.reason == SkipReason::Unreadable);
  CHECK(s.detail == "encrypted PDF (needs a password)");
}

TEST_CASE("extract: a truncated PDF or gzip is unreadable, without a throw", "[extract]") {
  auto pdf = read_fixture("two-pages.pdf");
  for (std::size_t keep : {std::size_t{8}, std::size_t{400}, pdf.size() / 2}) {
    CAPTURE(keep);
    CHECK(skipped("cut.pdf", pdf.substr(0, keep)).reason == SkipReason::Unreadable);
  }
  auto gz = gzip("some text\nthat is cut\n");
  auto cut = skipped("cut.txt.gz", gz.substr(0, gz.size() - 6));
  CHECK(cut.reason == SkipReason::Unreadable);
  CHECK(cut.detail == "truncated gzip data");
  CHECK(skipped("bad.gz", "\x1F\x8B\x08\x00garbage that is not deflate").reason == SkipReason::Unreadable);
  auto bz = bzip2("some text\n");
  CHECK(skipped("cut.bz2", bz.substr(0, bz.size() / 2)).reason == SkipReason::Unreadable);
  auto x = xz("some text\n");
  CHECK(skipped("cut.xz", x.substr(0, x.size() / 2)).reason == SkipReason::Unreadable);
}

TEST_CASE("extract: gzip, bzip2 and xz of text and of HTML are read as what they hold", "[extract]") {
  const std::string text = "NAME\r\n  ls - list\r\n\r\n.TH LS 1\r\n";
  const std::string html = "<html><body>\n<h2>Title</h2>\n<p>Body</p></body></html>";
  using Compress = std::string (*)(std::string_view);
  auto [compress, compression, ext] = GENERATE(table<Compress, Compression, std::string>({
      {gzip, Compression::Gzip, ".gz"}, {bzip2, Compression::Bzip2, ".bz2"}, {xz, Compression::Xz, ".xz"}}));
  CAPTURE(ext);
  auto t = extracted("ls.1" + ext, compress(text));
  CHECK(t.kind == Kind::Text);
  CHECK(t.compression == compression);
  CHECK(t.lines == std::vector<TextLine>{{"NAME", 1, 0}, {"  ls - list", 2, 0}, {"", 3, 0}, {".TH LS 1", 4, 0}});
  auto h = extracted("page.html" + ext, compress(html));
  CHECK(h.kind == Kind::Html);
  CHECK(h.lines == std::vector<TextLine>{{"## Title", 2, 0}, {"", 2, 0}, {"Body", 3, 0}});
  auto by_name = extracted("page" + ext, compress("<p>x</p>"));  // page.gz: its name says nothing
  CHECK(by_name.kind == Kind::Text);
}

TEST_CASE("extract: gzip of gzip is read, and a decompression bomb stops at the cap", "[extract]") {
  auto twice = extracted("a.txt.gz.gz", gzip(gzip("inner\n")));
  CHECK(texts(twice) == std::vector<std::string>{"inner"});
  psearch::extract::Limits limits;
  limits.max_decompressed_bytes = 1 << 20;
  auto bomb = extract_text("zeros.gz", gzip(std::string(8 << 20, 'a')), limits);
  REQUIRE(std::holds_alternative<Skipped>(bomb));
  CHECK(std::get<Skipped>(bomb).reason == SkipReason::TooLarge);
  limits.max_nested_compression = 1;
  auto nested = extract_text("a.gz.gz", gzip(gzip("inner\n")), limits);
  REQUIRE(std::holds_alternative<Skipped>(nested));
  CHECK(std::get<Skipped>(nested).reason == SkipReason::Unsupported);
}

TEST_CASE("extract: Latin-1 and Windows-1252 text becomes UTF-8", "[extract]") {
  // "Caf\xE9 cr\xE8me br\xFBl\xE9e" in Latin-1, long enough for a detector to weigh.
  std::string latin1 = "Le caf\xE9 est tr\xE8s bon et la cr\xE8me br\xFBl\xE9" "e aussi. O\xF9 est la for\xEAt ? "
                       "\xC0 la fen\xEAtre, l'\xE9t\xE9 d\xE9j\xE0.\nDeuxi\xE8me ligne, tr\xE8s \xE9l\xE9gante.\n";
  auto l = extracted("fr.txt", latin1);
  CHECK(l.encoding != "utf-8");
  CHECK(texts(l) == std::vector<std::string>{
                        "Le caf\xC3\xA9 est tr\xC3\xA8s bon et la cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e aussi. O\xC3\xB9 est la "
                        "for\xC3\xAAt ? \xC3\x80 la fen\xC3\xAAtre, l'\xC3\xA9t\xC3\xA9 d\xC3\xA9j\xC3\xA0.",
                        "Deuxi\xC3\xA8me ligne, tr\xC3\xA8s \xC3\xA9l\xC3\xA9gante."});
  // Curly quotes and the euro sign are where Latin-1 has controls: only Windows-1252 has them.
  std::string cp1252 = "\x93" "Caf\xE9\x94 costs 3 \x80 \x96 d\xE9j\xE0 vu.\r\nSecond line\r\n";
  auto w = extracted("quote.txt", cp1252);
  CHECK(w.encoding == "windows-1252");
  CHECK(texts(w) == std::vector<std::string>{"\xE2\x80\x9C" "Caf\xC3\xA9\xE2\x80\x9D costs 3 \xE2\x82\xAC \xE2\x80\x93 d\xC3\xA9j\xC3\xA0 vu.",
                                             "Second line"});
}

TEST_CASE("extract: UTF-16 and UTF-8 with a BOM become UTF-8 lines", "[extract]") {
  auto utf16 = [](std::string_view ascii, bool little) {
    std::string out = little ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
    for (char c : ascii) {
      out += little ? c : '\0';
      out += little ? '\0' : c;
    }
    return out;
  };
  auto le = extracted("le.txt", utf16("one\r\ntwo\n", true));
  CHECK(le.encoding == "utf-16le");
  CHECK(texts(le) == std::vector<std::string>{"one", "two"});
  auto be = extracted("be.txt", utf16("one\ntwo", false));
  CHECK(be.encoding == "utf-16be");
  CHECK(texts(be) == std::vector<std::string>{"one", "two"});
  auto html = extracted("be.html", utf16("<p>\nhello</p>", false));
  CHECK(html.lines == std::vector<TextLine>{{"hello", 2, 0}});
  auto bom = extracted("bom.txt", "\xEF\xBB\xBFna\xC3\xAFve\n");
  CHECK(bom.encoding == "utf-8");
  CHECK(texts(bom) == std::vector<std::string>{"na\xC3\xAFve"});
}

TEST_CASE("extract: ill-formed UTF-8 after a BOM becomes U+FFFD, and a U+FEFF after the BOM is text (fuzz_extract)", "[extract]") {
  const std::string fffd = "\xEF\xBF\xBD";
  // glibc's iconv let F4 90 80 80 (past U+10FFFF) through.
  auto past = extracted("past.txt", "\xEF\xBB\xBF" "ab\xF4\x90\x80\x80" "cd\nnext\n");
  CHECK(texts(past) == std::vector<std::string>{"ab" + fffd + fffd + fffd + fffd + "cd", "next"});
  CHECK(psearch::extract::repair_utf8("a\xED\xA0\x80z") == "a" + fffd + fffd + fffd + "z");
  CHECK(psearch::extract::repair_utf8("na\xC3\xAFve") == "na\xC3\xAFve");
  // The second BOM is a character of the text, as split_lines reads the file.
  auto twice = extracted("twice.txt", "\xEF\xBB\xBF\xEF\xBB\xBFx\ny\n");
  CHECK(texts(twice) == std::vector<std::string>{"\xEF\xBB\xBFx", "y"});
  CHECK(skipped("control.txt", "\xEF\xBB\xBF#\x06<sct>").reason == SkipReason::Binary);
}

TEST_CASE("extract: a <br> that opens a <pre> is a blank line at the <br>'s source line (fuzz_extract)", "[extract]") {
  auto e = extracted("pre.html", "<p>intro</p>\n<pre><br>boil\nred lentils</pre>\n");
  CHECK(e.lines == std::vector<TextLine>{{"intro", 1, 0}, {"", 1, 0}, {"```", 2, 0}, {"", 2, 0}, {"boil", 2, 0},
                                         {"red lentils", 3, 0}, {"```", 3, 0}});
}

TEST_CASE("extract: images, media, archives, executables and binary data are skipped with their reason", "[extract]") {
  auto [name, bytes, reason] = GENERATE(table<std::string, std::string, SkipReason>({
      {"photo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), SkipReason::Image},
      {"photo.jpg", "\xFF\xD8\xFF\xE0\x00\x10JFIF", SkipReason::Image},
      {"anim.gif", "GIF89a\x01\x00", SkipReason::Image},
      {"song.mp3", "ID3\x04\x00\x00\x00", SkipReason::Media},
      {"sound.wav", std::string("RIFF\x24\0\0\0WAVEfmt ", 16), SkipReason::Media},
      {"a.zip", std::string("PK\x03\x04\x14\0\0\0", 8), SkipReason::Archive},
      {"a.docx", std::string("PK\x03\x04\x14\0\0\0", 8), SkipReason::Unsupported},
      {"prog", std::string("\x7F" "ELF\x02\x01\x01\0", 8), SkipReason::Executable},
      {"data.bin", std::string("abc\0def", 7), SkipReason::Binary},
      {"ctl.txt", "\x01\x02\x03\x04 a \x05\x06\x07\x0E", SkipReason::Binary},
  }));
  CAPTURE(name);
  CHECK(skipped(name, bytes).reason == reason);
}

TEST_CASE("extract: a tar inside gzip is an archive, named with its compression", "[extract]") {
  std::string tar(512, '\0');
  tar.replace(0, 5, "a.txt");
  tar.replace(257, 5, "ustar");
  auto s = skipped("a.tar.gz", gzip(tar));
  CHECK(s.reason == SkipReason::Archive);
  CHECK(s.detail == "tar archive, gzip-compressed");
}

TEST_CASE("extract: describe_skips names the reasons in order with their counts", "[extract]") {
  SkipCounts counts;
  CHECK(psearch::extract::describe_skips(counts).empty());
  for (int i = 0; i < 9; ++i) counts.add(SkipReason::Image);
  for (int i = 0; i < 3; ++i) counts.add(SkipReason::Unsupported);
  CHECK(psearch::extract::describe_skips(counts) == "12 skipped: 9 images, 3 unsupported");
  counts = {};
  counts.add(SkipReason::Binary);
  counts.add(SkipReason::Executable);
  counts.add(SkipReason::Executable);
  counts.add(SkipReason::TooLarge);
  CHECK(psearch::extract::describe_skips(counts) == "4 skipped: 1 binary file, 2 executables, 1 too large");
  CHECK(psearch::extract::reason_name(SkipReason::Media) == "audio/video");
}
