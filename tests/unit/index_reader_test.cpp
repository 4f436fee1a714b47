// IndexReader on a small index built by the indexer library: the hits (file, lines, text,
// order), near-duplicate folding, -l's files, and the messages for an absent or damaged index.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include "format/error.hpp"
#include "indexer/indexer.hpp"
#include "searcher/hit_text.hpp"
#include "searcher/index_reader.hpp"

namespace fs = std::filesystem;
using psearch::Hit;
using psearch::IndexReader;
using psearch::SearchRequest;
using psearch::ShardSpec;

namespace {

const char* const kMagnesiumA =
    "Magnesium helps the muscles relax at night, and many people take it before sleep.\n"
    "It is found in nuts, seeds and leafy greens.\n";
const char* const kIron = "Iron is found in spinach and lentils, and the body absorbs it better with vitamin C.\n";
const char* const kCoffee = "Coffee keeps people awake; caffeine blocks adenosine for hours after the last cup.\n";
const char* const kMagnesiumB =
    "A magnesium supplement at night may help sleep, though the evidence is mixed.\n"
    "Magnesium glycinate is the form most often taken for sleep.\n";

// A fresh folder holding a.txt, b.txt and c.txt (c.txt repeats a.txt's iron paragraph), indexed
// into .psearch; removed at the end.
class IndexedDir {
public:
  IndexedDir() {
    std::string pattern = (fs::temp_directory_path() / "psearch-reader-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) ? pattern : throw std::runtime_error("mkdtemp failed");
    write("a.txt", std::string(kMagnesiumA) + "\n" + kIron + "\n" + kCoffee);
    write("b.txt", std::string("Zinc supports the immune system.\n\n") + kMagnesiumB);
    write("c.txt", std::string("Lentils are cheap.\n\n") + kIron);
    psearch::IndexOptions options;
    options.db_path = db();
    options.paths = {path_.string()};
    psearch::run_index(options, [](const std::string& warning) { FAIL("pindex warned: " << warning); });
  }
  ~IndexedDir() { fs::remove_all(path_); }
  std::string file(const char* name) const { return (path_ / name).string(); }
  std::string db() const { return (path_ / ".psearch").string(); }
  std::vector<ShardSpec> shards() const { return {{ShardSpec::Kind::Local, db(), db(), "", 0, "", ""}}; }
  void write(const char* name, const std::string& text) const { std::ofstream(path_ / name) << text; }

private:
  fs::path path_;
};

std::vector<Hit> search(const IndexedDir& dir, SearchRequest request) {
  IndexReader reader(dir.shards(), 5);
  psearch::BuiltQuery built;
  auto hits = reader.search(request, built);
  for (auto& hit : hits) psearch::load_text(hit);
  return hits;
}

std::string error_opening(const std::string& db) {
  try {
    IndexReader reader({{ShardSpec::Kind::Local, db, db, "", 0, "", ""}}, 5);
  } catch (const psearch::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("IndexReader returns the matching passages best first, with their file, lines and text", "[reader]") {
  IndexedDir dir;
  auto hits = search(dir, {.text = "magnesium sleep"});
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].path == dir.file("b.txt"));
  CHECK(hits[0].first_line == 3);
  CHECK(hits[0].last_line == 4);
  CHECK(hits[0].text + "\n" == kMagnesiumB);
  CHECK(hits[1].path == dir.file("a.txt"));
  CHECK(hits[1].first_line == 1);
  CHECK(hits[1].last_line == 2);
  CHECK(hits[1].text + "\n" == kMagnesiumA);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    CAPTURE(i);
    CHECK(hits[i].rank == static_cast<int>(i) + 1);
    CHECK(hits[i].shard == dir.db());
    CHECK_FALSE(hits[i].remote);
    CHECK_FALSE(hits[i].stale);
    CHECK(hits[i].score > 0);
  }
  CHECK(hits[0].score > hits[1].score);
}

TEST_CASE("IndexReader folds a copied passage into the also of its best copy, unless all copies are asked", "[reader]") {
  IndexedDir dir;
  auto folded = search(dir, {.text = "spinach vitamin"});
  REQUIRE(folded.size() == 1);
  CHECK(folded[0].text + "\n" == kIron);
  REQUIRE(folded[0].also.size() == 1);
  auto paths = std::set<std::string>{folded[0].path, folded[0].also[0].path};
  CHECK(paths == std::set<std::string>{dir.file("a.txt"), dir.file("c.txt")});
  CHECK(folded[0].also[0].first_line == 3);

  auto all = search(dir, {.text = "spinach vitamin", .all_copies = true, .per_file = 0});
  REQUIRE(all.size() == 2);
  CHECK(all[0].also.empty());
  CHECK(all[1].also.empty());
}

TEST_CASE("IndexReader with one_per_file returns files ranked as documents, each by its best passage", "[reader]") {
  IndexedDir dir;
  auto files = search(dir, {.text = "magnesium", .one_per_file = true});
  REQUIRE(files.size() == 2);
  CHECK(files[0].path == dir.file("b.txt"));
  CHECK(files[0].first_line == 3);
  CHECK(files[1].path == dir.file("a.txt"));
  CHECK(files[1].first_line == 1);
  CHECK(files[0].rank == 1);
  CHECK(files[1].rank == 2);
  CHECK(files[0].score > files[1].score);
}

TEST_CASE("IndexReader explains a hit's score by the terms that matched", "[reader]") {
  IndexedDir dir;
  auto hits = search(dir, {.text = "coffee", .explain = true});
  REQUIRE(hits.size() == 1);
  auto has = [&](const char* term, const char* kind) {
    return std::any_of(hits[0].explain.begin(), hits[0].explain.end(),
                       [&](const psearch::ScorePart& part) { return part.term == term && part.kind == kind && part.weight > 0; });
  };
  CHECK(has("coffe", "stem"));
  CHECK(has("coffee", "exact"));
}

TEST_CASE("IndexReader says there is no index, or that a damaged one needs pindex --rebuild", "[reader]") {
  IndexedDir dir;
  auto absent = dir.file("nothing-here");
  CHECK(error_opening(absent) == "no index at '" + absent + "' (run pindex first)");

  int damaged_files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.db()))
    if (entry.path().filename() == "iamglass") {
      std::ofstream(entry.path(), std::ios::trunc) << "not a glass database";
      ++damaged_files;
    }
  REQUIRE(damaged_files == 1);
  auto damaged = error_opening(dir.db());
  CAPTURE(damaged);
  CHECK_THAT(damaged, Catch::Contains(dir.db()));
  CHECK_THAT(damaged, Catch::EndsWith("(" + psearch::kRebuildHint + ")"));
  CHECK(damaged.find('\n') == std::string::npos);
}
