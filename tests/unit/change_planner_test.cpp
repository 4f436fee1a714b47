// The change planner: which scanned files are read, which records have vanished, and what a
// read file is (new, changed, touched, renamed, binary).
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "indexer/change_planner.hpp"

using namespace psearch;

namespace {

schema::FileRecord record(const std::string& path, std::int64_t mtime, std::int64_t size, std::uint64_t hash,
                          int passages = 3) {
  return {path, mtime, size, hash, passages};
}

std::map<std::string, schema::FileRecord> by_path(const std::vector<schema::FileRecord>& records) {
  std::map<std::string, schema::FileRecord> out;
  for (const auto& r : records) out.emplace(r.path, r);
  return out;
}

std::vector<std::string> paths_to_read(const ChangePlan& plan) {
  std::vector<std::string> out;
  for (const auto& item : plan.to_read) out.push_back(item.file->path);
  return out;
}

}  // namespace

TEST_CASE("plan_changes: a file with its recorded stat is not read, a new or restatted one is", "[change_planner]") {
  const std::vector<ScannedFile> files{{"/r/a.txt", 10, 100}, {"/r/b.txt", 20, 200}, {"/r/c.txt", 30, 300}};
  const auto records = by_path({record("/r/a.txt", 10, 100, 1), record("/r/b.txt", 21, 200, 2)});
  auto plan = plan_changes(files, records, {"/r"}, {}, false);
  CHECK(plan.unchanged == 1);
  CHECK(paths_to_read(plan) == std::vector<std::string>{"/r/b.txt", "/r/c.txt"});
  REQUIRE(plan.to_read.size() == 2);
  CHECK(plan.to_read[0].old == &records.at("/r/b.txt"));
  CHECK(plan.to_read[1].old == nullptr);
  CHECK(plan.vanished.empty());
  CHECK(plan.vanished_binaries.empty());
}

TEST_CASE("plan_changes: reindex_all reads every file", "[change_planner]") {
  const std::vector<ScannedFile> files{{"/r/a.txt", 10, 100}};
  const auto records = by_path({record("/r/a.txt", 10, 100, 1)});
  auto plan = plan_changes(files, records, {"/r"}, {}, true);
  CHECK(plan.unchanged == 0);
  CHECK(paths_to_read(plan) == std::vector<std::string>{"/r/a.txt"});
}

TEST_CASE("plan_changes: records with no file vanish, unless outside the roots or out of reach", "[change_planner]") {
  const std::vector<ScannedFile> files{{"/r/b.txt", 20, 200}};
  const auto records = by_path({record("/r/a.txt", 1, 1, 11), record("/r/bin.dat", 1, 1, 12, schema::kBinaryFile),
                                record("/r/locked/x.txt", 1, 1, 13), record("/other/y.txt", 1, 1, 14),
                                record("/r/z.txt", 1, 1, 15)});
  auto plan = plan_changes(files, records, {"/r"}, {"/r/locked"}, false);
  CHECK(plan.vanished_binaries == std::vector<std::string>{"/r/bin.dat"});
  std::vector<std::string> vanished;
  for (const auto& [hash, r] : plan.vanished) vanished.push_back(r->path);
  CHECK(vanished == std::vector<std::string>{"/r/a.txt", "/r/z.txt"});
  CHECK(plan.vanished.count(11) == 1);
}

TEST_CASE("classify_content: new, changed, touched and renamed files", "[change_planner]") {
  const auto old = record("/r/a.txt", 10, 100, 7);
  const auto gone = record("/r/gone.txt", 1, 50, 9, 4);
  std::multimap<std::uint64_t, const schema::FileRecord*> vanished{{9, &gone}};
  const schema::FileRecord* from = nullptr;
  auto now = [](std::uint64_t hash) { return record("/r/a.txt", 11, 100, hash, 0); };
  CHECK(classify_content(now(7), &old, false, &vanished, &from) == ContentChange::Touched);
  CHECK(classify_content(now(7), &old, true, &vanished, &from) == ContentChange::Changed);
  CHECK(classify_content(now(8), &old, false, &vanished, &from) == ContentChange::Changed);
  CHECK(classify_content(now(8), nullptr, false, &vanished, &from) == ContentChange::New);
  CHECK(from == nullptr);
  CHECK(classify_content(now(9), nullptr, false, &vanished, &from) == ContentChange::Renamed);
  CHECK(from == &gone);
  CHECK(vanished.size() == 1);  // taken out by the caller once the move is made
  from = nullptr;
  CHECK(classify_content(now(9), nullptr, false, nullptr, &from) == ContentChange::New);
  CHECK(from == nullptr);
  // A known file with a vanished twin's content has changed; it is not a rename.
  CHECK(classify_content(now(9), &old, false, &vanished, &from) == ContentChange::Changed);
}
