// Documents beyond plain UTF-8 text, made in the test: an HTML article, a two-page PDF (groff),
// compressed text, Latin-1 and UTF-16 notes, and files that stay skipped, each kind counted.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

json only_hit(const fs::path& cwd, const std::string& query) {
  auto r = e2e::run("psearch", {"--json", "-n", "1", query}, cwd);
  INFO(query << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  auto hits = e2e::json_lines(r.out);
  REQUIRE(hits.size() == 1);
  return hits[0];
}

const char* kHtml = R"(<!DOCTYPE html>
<html>
<head>
<title>Heron Guide</title>
<style>.plumage { color: slategrey; }</style>
<script>var wingspan = "scriptonly";</script>
</head>
<body>
<h1>Herons &amp; Egrets</h1>
<p>The grey heron&#8217;s call is a harsh
croak, caf&eacute; owners near lakes say.</p>
<h2>Feeding</h2>
<ul>
<li>Fish and frogs</li>
<li>Small mammals like voles</li>
</ul>
</body>
</html>
)";

const char* kManuscript = ".TL\nField Notes\n.NH\nWading birds\n.PP\nThe grey heron stands still in shallow water.\n"
                          ".bp\n.NH\nNesting\n.PP\nHerons nest in colonies called heronries.\n";

void shell(const std::string& command) { REQUIRE(std::system(command.c_str()) == 0); }

}  // namespace

TEST_CASE("documents: HTML is indexed as its text, a hit names the source line", "[documents]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "docs/guide.html", kHtml);
  REQUIRE(e2e::run("pindex", {"docs"}, dir.path()).exit_code == 0);
  auto call = only_hit(dir.path(), "croak");
  CHECK(call["file"] == "docs/guide.html");
  CHECK(call["line"] == 10);
  CHECK(contains(call["heading"], "Herons & Egrets"));
  // A paragraph's white space collapses as a browser shows it (indexer/extract/README.md): one line.
  CHECK(call["text"] == "The grey heron\u2019s call is a harsh croak, caf\u00e9 owners near lakes say.");
  auto voles = only_hit(dir.path(), "voles");
  CHECK(voles["line"] == 14);  // the list: its first item's line
  CHECK(contains(voles["heading"], "Feeding"));
  CHECK(contains(voles["text"], "Small mammals like voles"));
  for (const char* markup : {"slategrey", "scriptonly", "plumage", "href", "html"}) {
    INFO(markup);
    CHECK(e2e::run("psearch", {markup}, dir.path()).exit_code == 1);
  }
  auto human = e2e::run("psearch", {"croak"}, dir.path());
  CHECK(human.out.rfind("docs/guide.html:10:", 0) == 0);

  std::string edited = kHtml;
  edited.replace(edited.find("voles"), 5, "shrews");
  e2e::write_file(dir / "docs/guide.html", edited);
  auto update = e2e::run("pindex", {}, dir.path());
  CHECK(e2e::parse_summary(update.err)->changed == 1);
  CHECK(e2e::run("psearch", {"voles"}, dir.path()).exit_code == 1);
  CHECK(only_hit(dir.path(), "shrews")["line"] == 14);
}

TEST_CASE("documents: a PDF is indexed page by page, a hit names its page", "[documents]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "notes.ms", kManuscript);
  shell("cd '" + dir.path().string() + "' && mkdir -p docs && groff -ms -Tpdf notes.ms > docs/notes.pdf");
  REQUIRE(e2e::run("pindex", {"docs"}, dir.path()).exit_code == 0);
  auto nest = only_hit(dir.path(), "heronries");
  CHECK(nest["file"] == "docs/notes.pdf");
  CHECK(nest["page"] == 2);
  CHECK(contains(nest["text"], "Herons nest in colonies called heronries."));
  auto wading = only_hit(dir.path(), "shallow water");
  CHECK(wading["page"] == 1);
  auto human = e2e::run("psearch", {"heronries"}, dir.path());
  CHECK(human.out.rfind("docs/notes.pdf:page 2:", 0) == 0);
  auto vim = e2e::run("psearch", {"--vimgrep", "heronries"}, dir.path());
  CHECK(vim.out.rfind("docs/notes.pdf:2:", 0) == 0);  // the page, where an editor's line would be
}

TEST_CASE("documents: compressed text is read through, the hit naming the compressed file", "[documents]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "docs/changes", "Version 2.1\n\n* The bittern booms at dusk now.\n");
  e2e::write_file(dir / "docs/other", "The egret wades.\n");
  e2e::write_file(dir / "docs/third", "A curlew calls.\n");
  shell("cd '" + (dir / "docs").string() + "' && gzip changes && bzip2 other && xz third");
  REQUIRE(e2e::run("pindex", {"docs"}, dir.path()).exit_code == 0);
  auto bittern = only_hit(dir.path(), "bittern");
  CHECK(bittern["file"] == "docs/changes.gz");
  CHECK(bittern["line"] == 3);
  CHECK(bittern["text"] == "* The bittern booms at dusk now.");
  CHECK(only_hit(dir.path(), "egret")["file"] == "docs/other.bz2");
  CHECK(only_hit(dir.path(), "curlew")["file"] == "docs/third.xz");
}

TEST_CASE("documents: Latin-1 and UTF-16 text are printed as UTF-8", "[documents]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "docs/latin1.txt", "Notes\n\nCaf\xe9 cr\xe8me br\xfbl\xe9" "e at the na\xefve heron's pond.\n");
  std::string utf16 = "\xff\xfe";
  for (char c : std::string("Kingfisher sightings by the river\n")) utf16 += std::string{c, '\0'};
  e2e::write_file(dir / "docs/utf16.txt", utf16);
  REQUIRE(e2e::run("pindex", {"docs"}, dir.path()).exit_code == 0);
  auto cafe = only_hit(dir.path(), "crème");
  CHECK(cafe["line"] == 3);
  CHECK(cafe["text"] == "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e at the na\u00efve heron's pond.");
  auto king = only_hit(dir.path(), "kingfisher");
  CHECK(king["file"] == "docs/utf16.txt");
  CHECK(king["text"] == "Kingfisher sightings by the river");
}

TEST_CASE("documents: other files stay skipped, each kind counted, -v names them", "[documents]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "docs/note.txt", "A plover.\n");
  e2e::write_file(dir / "docs/photo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  e2e::write_file(dir / "docs/shot.jpg", std::string("\xff\xd8\xff\xe0\0\x10JFIF\0", 11));
  fs::copy_file("/bin/true", dir / "docs/tool");
  auto r = e2e::run("pindex", {"docs"}, dir.path());
  REQUIRE(r.exit_code == 0);
  auto s = e2e::parse_summary(r.err);
  REQUIRE(s);
  CHECK(s->added == 1);
  CHECK(s->skipped == 3);
  CHECK(s->skipped_kinds == "2 images, 1 executable");
  CHECK(e2e::pindex_warnings(r.err).empty());  // without -v, the count only

  e2e::write_file(dir / "docs/more.gif", "GIF89a\x01\x00\x01\x00");
  auto v = e2e::run("pindex", {"-v"}, dir.path());
  CHECK(contains(v.err, (dir / "docs/more.gif").string()));
  CHECK(contains(v.err, "image"));
}
