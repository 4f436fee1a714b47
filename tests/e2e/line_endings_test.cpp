// CRLF line ends, a UTF-8 byte order mark and a missing final newline must not change passages,
// line numbers or text.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kBom = "\xEF\xBB\xBF";

// The file as LF-only text without BOM, ending in exactly one newline.
std::string normalized(std::string s) {
  if (s.starts_with(kBom)) s.erase(0, kBom.size());
  std::string out;
  for (char c : s)
    if (c != '\r') out += c;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out + "\n";
}

std::string to_crlf(const std::string& lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string without_final_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

using Variant = std::string (*)(const std::string&);

const std::vector<std::pair<std::string, Variant>>& variants() {
  static const std::vector<std::pair<std::string, Variant>> v{
      {"lf", [](const std::string& lf) { return lf; }},
      {"crlf", [](const std::string& lf) { return to_crlf(lf); }},
      {"bom", [](const std::string& lf) { return kBom + lf; }},
      {"no-final-newline", [](const std::string& lf) { return without_final_newline(lf); }},
      {"crlf-no-final-newline", [](const std::string& lf) { return without_final_newline(to_crlf(lf)); }},
      {"bom-crlf-no-final-newline", [](const std::string& lf) { return kBom + without_final_newline(to_crlf(lf)); }},
  };
  return v;
}

// What must be equal across variants: per hit, in rank order.
using HitKey = std::tuple<std::string, int, int, std::string, std::string, std::vector<int>>;

std::vector<HitKey> search(const fs::path& root, const std::string& query) {
  auto r = e2e::run("psearch", {"--json", "-n", "1000", query}, root);
  INFO(root << ": psearch " << query << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<HitKey> keys;
  for (const auto& h : e2e::json_lines(r.out)) {
    const std::string file = h["file"];
    const int line = h["line"], end_line = h["end_line"];
    const std::string text = h["text"];
    INFO(root << " " << h.dump());
    CHECK(text == e2e::file_lines(root / file, line, end_line));
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find(kBom) == std::string::npos);
    CHECK(h["heading"].get<std::string>().find(kBom) == std::string::npos);
    keys.emplace_back(file, line, end_line, h["heading"], text, h["match_lines"].get<std::vector<int>>());
  }
  return keys;
}

}  // namespace

TEST_CASE("CRLF, BOM and no final newline give the same passages and line numbers as LF") {
  e2e::TempDir dir;
  std::vector<std::pair<std::string, std::string>> originals;  // name, LF text
  for (const auto& e : fs::directory_iterator(PSEARCH_CORPUS_DIR))
    originals.emplace_back(e.path().filename().string(), normalized(e2e::read_file(e.path())));
  REQUIRE(originals.size() >= 4);

  for (const auto& [variant, make] : variants()) {
    for (const auto& [name, lf] : originals) e2e::write_file(dir / variant / "corpus" / name, make(lf));
    auto r = e2e::run("pindex", {}, dir / variant);
    INFO(variant << ": " << r.err);
    REQUIRE(r.exit_code == 0);
  }

  for (const auto& query : {"magnesium", "restless legs", "\"Epsom salt\"", "sleep", "side effects", "the"}) {
    auto expected = search(dir / "lf", query);
    REQUIRE(!expected.empty());
    for (const auto& [variant, make] : variants()) {
      INFO("variant " << variant << ", query " << query);
      CHECK(search(dir / variant, query) == expected);
    }
  }
}

TEST_CASE("the first and last lines of a file are found whatever its line ends") {
  e2e::TempDir dir;
  const std::string lf = "quokka opens the file\n\nmiddle paragraph here\n\nwombat closes the file\n";
  for (const auto& [variant, make] : variants()) {
    e2e::write_file(dir / variant / "corpus/f.txt", make(lf));
    REQUIRE(e2e::run("pindex", {}, dir / variant).exit_code == 0);
  }
  for (const auto& [variant, make] : variants()) {
    INFO("the file is " << variant);
    auto first = e2e::run("psearch", {"--vimgrep", "quokka"}, dir / variant);
    auto last = e2e::run("psearch", {"--vimgrep", "wombat"}, dir / variant);
    auto last_json = e2e::json_lines(e2e::run("psearch", {"--json", "wombat"}, dir / variant).out);
    // Line 1 at column 1 (the BOM is not a column), line 5, and text without CR.
    CHECK(first.out == "corpus/f.txt:1:1:quokka opens the file\n");
    CHECK(last.out == "corpus/f.txt:5:1:wombat closes the file\n");
    REQUIRE(last_json.size() == 1);
    CHECK(last_json[0]["line"] == 5);
    CHECK(last_json[0]["end_line"] == 5);
    CHECK(last_json[0]["text"] == "wombat closes the file");
  }
}
