// Passage text served by the file (schema 6): psearch reads each printed hit's text where pindex
// found it, checks it is still the text indexed, and pindex --store-text keeps it in the index.
#include <catch2/catch.hpp>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

// The size of the index's postlist table, whose value streams hold the passage records (schema 9).
std::uintmax_t postlist_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename() == "postlist.glass") total += e.file_size();
  return total;
}

// Rewrites the file's bytes in place, keeping its size and modification time: only its
// content says it changed.
void rewrite_keeping_stat(const fs::path& path, const std::string& bytes) {
  auto mtime = fs::last_write_time(path);
  REQUIRE(bytes.size() == fs::file_size(path));
  e2e::write_file(path, bytes);
  fs::last_write_time(path, mtime);
}

nlohmann::json first_hit(const fs::path& cwd, const std::string& query) {
  auto r = e2e::run("psearch", {"--json", "-n", "1", query}, cwd);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto hits = e2e::json_lines(r.out);
  REQUIRE(hits.size() == 1);
  return hits[0];
}

}  // namespace

TEST_CASE("hit text comes from the file, and never when the file no longer holds it", "[text]") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {}, dir.path()).exit_code == 0);
  auto hit = first_hit(dir.path(), "\"Epsom salt\"");
  const fs::path file = dir / hit["file"].get<std::string>();
  const int line = hit["line"], end_line = hit["end_line"];
  const std::string text = hit["text"];
  CHECK(text == e2e::file_lines(file, line, end_line));
  CHECK_FALSE(hit["stale"].get<bool>());
  const std::string original = e2e::read_file(file);
  const auto at = original.find(text);
  REQUIRE(at != std::string::npos);

  SECTION("another part changed behind the same size and time: the passage's own bytes are still its text") {
    std::string bytes = original;
    auto other = at > 20 ? std::size_t{0} : at + text.size() + 1;
    bytes[other] = bytes[other] == 'x' ? 'y' : 'x';
    rewrite_keeping_stat(file, bytes);
    auto again = first_hit(dir.path(), "\"Epsom salt\"");
    CHECK(again["text"] == text);  // a same size and time is trusted, like make does; the text is checked
  }
  SECTION("another part changed: stale, the text still printed") {
    std::string bytes = original;
    auto other = at > 20 ? std::size_t{0} : at + text.size() + 1;
    bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(other), 'x');
    e2e::write_file(file, bytes);
    fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(5));
    auto again = first_hit(dir.path(), "\"Epsom salt\"");
    CHECK(again["stale"].get<bool>());
    CHECK(again["text"] == text);
  }
  SECTION("the passage itself changed behind the same size and time: stale, no text") {
    std::string bytes = original;
    for (std::size_t i = at; i < at + text.size(); ++i)
      if (std::isalpha(static_cast<unsigned char>(bytes[i]))) bytes[i] = 'q';
    rewrite_keeping_stat(file, bytes);
    auto again = first_hit(dir.path(), "\"Epsom salt\"");
    CHECK(again["stale"].get<bool>());
    CHECK(again["text"] == "");
    auto human = e2e::run("psearch", {"-n", "1", "\"Epsom salt\""}, dir.path());
    CHECK(human.out.find("qqqq") == std::string::npos);  // never text that was not indexed
  }
  SECTION("the file was truncated behind the same time: stale, no text") {
    auto mtime = fs::last_write_time(file);
    e2e::write_file(file, original.substr(0, at / 2));
    fs::last_write_time(file, mtime);
    auto again = first_hit(dir.path(), "\"Epsom salt\"");
    CHECK(again["stale"].get<bool>());
    CHECK(again["text"] == "");
  }
}

TEST_CASE("pindex --store-text keeps the text in the index, is recorded, and switching re-indexes every file",
          "[text]") {
  e2e::TempDir dir;
  e2e::copy_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {"--db", "served"}, dir.path()).exit_code == 0);
  auto stored = e2e::run("pindex", {"--db", "stored", "--store-text"}, dir.path());
  REQUIRE(stored.exit_code == 0);
  // The four articles' text (20 KB) is in the one index and not in the other.
  INFO("postlist tables: " << postlist_bytes(dir / "stored") << " and " << postlist_bytes(dir / "served") << " bytes");
  CHECK(postlist_bytes(dir / "stored") >= postlist_bytes(dir / "served") + 16 * 1024);
  // Records are values, not document data: glass never makes its docdata table.
  for (const auto& e : fs::recursive_directory_iterator(dir.path())) CHECK(e.path().filename() != "docdata.glass");
  auto kept = e2e::parse_summary(e2e::run("pindex", {"--db", "stored"}, dir.path()).err);
  REQUIRE(kept);
  CHECK(kept->unchanged == 4);
  CHECK(kept->changed == 0);
  auto off = e2e::parse_summary(e2e::run("pindex", {"--db", "stored", "--no-store-text"}, dir.path()).err);
  REQUIRE(off);
  CHECK(off->changed == 4);
  CHECK(e2e::parse_summary(e2e::run("pindex", {"--db", "served", "--store-text"}, dir.path()).err)->changed == 4);
  auto both = e2e::run("pindex", {"--store-text", "--no-store-text"}, dir.path());
  CHECK(both.exit_code == 2);
  // Either way the hits are the same, with the file's text.
  for (const auto& db : {"served", "stored"}) {
    auto r = e2e::run("psearch", {"--db", db, "--json", "magnesium"}, dir.path());
    REQUIRE(r.exit_code == 0);
    for (const auto& h : e2e::json_lines(r.out))
      CHECK(h["text"] == e2e::file_lines(dir / h["file"].get<std::string>(), h["line"], h["end_line"]));
  }
}
