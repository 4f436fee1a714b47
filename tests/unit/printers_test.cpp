// Printers: exact output of each format for fixed hits.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "searcher/printer.hpp"
#include "searcher/search.hpp"

using psearch::Hit;

namespace {

std::vector<Hit> sample_hits() {
  Hit a;
  a.rank = 1;
  a.score = 2.5;
  a.path = "/c/notes/a.txt";
  a.display_path = "notes/a.txt";
  a.first_line = 9;
  a.last_line = 11;
  a.heading = "Side Effects";
  a.text = "Other effects:\n- salt\n- pepper";
  a.text_matches = {{17, 21}};
  a.heading_matches = {{0, 4}};
  a.match_lines = {10};
  Hit b;
  b.rank = 2;
  b.score = 1;
  b.path = b.display_path = "/elsewhere/b.txt";
  b.first_line = b.last_line = 3;
  b.text = "only the heading matched";
  return {a, b};
}

}  // namespace

TEST_CASE("human output without colour", "[printer]") {
  std::ostringstream out;
  psearch::print_human(out, sample_hits(), false);
  CHECK(out.str() ==
        "notes/a.txt:9: Side Effects\n"
        "   9  Other effects:\n"
        "  10  - salt\n"
        "  11  - pepper\n"
        "\n"
        "/elsewhere/b.txt:3:\n"
        "  3  only the heading matched\n");
}

TEST_CASE("human output with colour marks path, line numbers and matches", "[printer]") {
  std::ostringstream out;
  psearch::print_human(out, {sample_hits()[0]}, true);
  auto s = out.str();
  CHECK(s.find("\x1b[35mnotes/a.txt\x1b[0m:\x1b[32m9\x1b[0m:") == 0);
  CHECK(s.find("- \x1b[1;31msalt\x1b[0m\n") != std::string::npos);
  CHECK(s.find("\x1b[1;31mSide\x1b[0m") != std::string::npos);
}

TEST_CASE("terminal control characters from documents are shown escaped", "[printer]") {
  CHECK(psearch::escape_controls("a\x1b]52;c;ZXZpbA==\x07z") == "a\\x1b]52;c;ZXZpbA==\\x07z");
  CHECK(psearch::escape_controls("tab\tkept, \xC2\x9B csi") == "tab\tkept, \\u009b csi");
  CHECK(psearch::escape_controls("caf\xC3\xA9 \xE2\x80\xBA") == "caf\xC3\xA9 \xE2\x80\xBA");
  auto hits = sample_hits();
  hits[0].text = "clear\x1b[2J";
  hits[0].text_matches.clear();
  std::ostringstream out;
  psearch::print_human(out, {hits[0]}, false);
  CHECK(out.str().find('\x1b') == std::string::npos);
}

TEST_CASE("JSON Lines: one object per hit with every field", "[printer]") {
  std::ostringstream out;
  auto hits = sample_hits();
  hits[1].text = "bad \xff utf-8 and \x1b escape";
  hits[0].shard = "tcp://10.0.0.2:33333";
  hits[1].shard = "/srv/\xff/.psearch";  // a directory name that is not UTF-8
  psearch::print_json(out, hits);
  std::istringstream in(out.str());
  std::string line;
  std::vector<nlohmann::json> objects;
  while (std::getline(in, line)) objects.push_back(nlohmann::json::parse(line));
  REQUIRE(objects.size() == 2);
  CHECK(objects[0] == nlohmann::json{{"rank", 1},       {"score", 2.5},       {"file", "notes/a.txt"},
                                     {"line", 9},       {"end_line", 11},     {"column", 1}, {"heading", "Side Effects"},
                                     {"text", "Other effects:\n- salt\n- pepper"}, {"match_lines", {10}}, {"stale", false},
                                     {"shard", "tcp://10.0.0.2:33333"}, {"also", nlohmann::json::array()}});
  CHECK(objects[1]["match_lines"] == nlohmann::json::array());
  CHECK(objects[1]["text"] == "bad \xEF\xBF\xBD utf-8 and \x1b escape");
  CHECK(objects[1]["shard_bytes"] == "L3Nydi//Ly5wc2VhcmNo");  // base64 of the exact name
  CHECK_FALSE(objects[0].contains("shard_bytes"));
  CHECK(out.str().find("\\u001b") != std::string::npos);
}

TEST_CASE("vimgrep: one row per matching line, 1-based byte column", "[printer]") {
  std::ostringstream out;
  psearch::print_vimgrep(out, sample_hits());
  CHECK(out.str() ==
        "notes/a.txt:10:3:- salt\n"
        "/elsewhere/b.txt:3:1:only the heading matched\n");
}

TEST_CASE("vimgrep: a fragment of a long line counts columns from the start of the file's line", "[printer]") {
  auto hits = sample_hits();
  hits[0].column = 100;  // the hit's text starts at byte 100 of line 9; the match is on line 10
  hits[1].column = 40;   // heading-only match: the fragment's own start
  std::ostringstream out;
  psearch::print_vimgrep(out, hits);
  CHECK(out.str() ==
        "notes/a.txt:10:3:- salt\n"
        "/elsewhere/b.txt:3:41:only the heading matched\n");
}

TEST_CASE("display paths are relative inside the current directory only", "[printer]") {
  CHECK(psearch::display_path("/home/u/notes/a.txt", "/home/u") == "notes/a.txt");
  CHECK(psearch::display_path("/home/u2/a.txt", "/home/u") == "/home/u2/a.txt");
  CHECK(psearch::display_path("/home/u", "/home/u") == "/home/u");
  CHECK(psearch::display_path("/a.txt", "/") == "/a.txt");
}

TEST_CASE("stale hits carry the note and no vanished text", "[printer]") {
  auto hits = sample_hits();
  hits[0].stale = true;
  hits[0].text.clear();
  hits[0].text_matches.clear();
  std::ostringstream human, vimgrep, json;
  psearch::print_human(human, {hits[0]}, false);
  CHECK(human.str() == "notes/a.txt:9: Side Effects (changed since indexed: run pindex)\n");
  psearch::print_vimgrep(vimgrep, {hits[0]});
  CHECK(vimgrep.str() == "notes/a.txt:9:1:(changed since indexed: run pindex)\n");
  psearch::print_json(json, {hits[0]});
  auto j = nlohmann::json::parse(json.str());
  CHECK(j["stale"] == true);
  CHECK(j["text"] == "");
}

TEST_CASE("JSON carries names and text that are not UTF-8 exactly, in base64 beside", "[printer]") {
  auto hits = sample_hits();
  hits[0].display_path = "dir/na\xffme.txt";
  std::ostringstream out;
  psearch::print_json(out, {hits[0]});
  auto j = nlohmann::json::parse(out.str());
  CHECK(j["file"] == "dir/na\xEF\xBF\xBDme.txt");
  CHECK(j["file_bytes"] == "ZGlyL25h/21lLnR4dA==");  // base64 of the raw bytes
  CHECK(!j.contains("text_bytes"));
}

namespace {

// A PDF hit on page 2 (lines 12-13 of the extracted text), and an HTML one whose lines are not
// the source's one for one.
std::vector<Hit> document_hits() {
  Hit pdf;
  pdf.rank = 1;
  pdf.path = pdf.display_path = "docs/notes.pdf";
  pdf.first_line = 12;
  pdf.last_line = 13;
  pdf.page = 2;
  pdf.heading = "Nesting";
  pdf.text = "Herons nest\nin heronries.";
  pdf.text_matches = {{15, 24}};
  pdf.match_lines = {13};
  pdf.also = {{"docs/copy.pdf", "docs/copy.pdf", 40, 41, "", false, 5}};
  Hit html;
  html.rank = 2;
  html.path = html.display_path = "docs/guide.html";
  html.first_line = 10;
  html.last_line = 14;
  html.numbered = false;
  html.text = "Herons wade here.\n- voles";
  html.text_matches = {{20, 25}};
  html.match_lines = {10};
  return {pdf, html};
}

}  // namespace

TEST_CASE("documents: a PDF hit names its page, lines unnumbered where they are not the file's", "[printer]") {
  std::ostringstream human, json, vim;
  psearch::print_human(human, document_hits(), false);
  CHECK(human.str() ==
        "docs/notes.pdf:page 2: Nesting\n"
        "      Herons nest\n"
        "      in heronries.\n"
        "      also in docs/copy.pdf:page 5\n"
        "\n"
        "docs/guide.html:10:\n"
        "      Herons wade here.\n"
        "      - voles\n");
  psearch::print_json(json, document_hits());
  std::istringstream lines(json.str());
  std::string line;
  std::getline(lines, line);
  auto pdf = nlohmann::json::parse(line);
  CHECK(pdf["page"] == 2);
  CHECK(pdf["line"] == 12);
  CHECK(pdf["also"][0]["page"] == 5);
  std::getline(lines, line);
  CHECK_FALSE(nlohmann::json::parse(line).contains("page"));
  psearch::print_vimgrep(vim, document_hits());
  CHECK(vim.str() == "docs/notes.pdf:2:1:in heronries.\ndocs/guide.html:10:1:- voles\n");
}
