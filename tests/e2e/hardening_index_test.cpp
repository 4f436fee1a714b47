// Hardening, the index: missing, damaged (truncated or overwritten .glass files), of another schema
// version, read-only, or on a disk that fills up. psearch fails with one line that says what to
// do, pindex --rebuild recovers, and a failed pindex leaves the last committed index searchable.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "format/schema.hpp"
#include "tests/support/hardening_support.hpp"
#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;
using namespace hardening;

namespace {

constexpr std::uintmax_t kBlockSize = 8192;  // Xapian glass default

// The live generation the index's stub names ("auto gen-3" -> .psearch/gen-3).
fs::path live_generation(const fs::path& db) {
  std::ifstream in(db / "XAPIANDB");
  std::string kind, gen;
  in >> kind >> gen;
  REQUIRE(!gen.empty());
  return db / gen;
}

int generation_count(const fs::path& db) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(db)) n += e.path().filename().string().rfind("gen-", 0) == 0;
  return n;
}

// Overwrites `blocks` whole blocks three quarters into the file with `byte`: in postlist.glass,
// compacted in key order, the stems' posting lists, which the queries read (the first half holds
// the values, metadata and boolean terms).
void overwrite_postings(const fs::path& file, unsigned char byte, int blocks) {
  auto size = fs::file_size(file);
  auto start = (size * 3 / 4 / kBlockSize) * kBlockSize;
  if (start >= kBlockSize) start -= kBlockSize;
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(f);
  f.seekp(static_cast<std::streamoff>(start));
  std::string garbage(static_cast<std::size_t>(blocks) * kBlockSize, static_cast<char>(byte));
  f.write(garbage.data(), static_cast<std::streamsize>(std::min<std::uintmax_t>(garbage.size(), size - start)));
  REQUIRE(f);
}

// Runs the queries against a damaged index: never a crash, every failure one line naming
// `pindex --rebuild`, and at least one failure (the damage is noticed).
void check_damage_reported(const fs::path& dir, const std::vector<std::vector<std::string>>& queries) {
  int failures = 0;
  for (const auto& q : queries) {
    std::vector<std::string> args{"-n", "100", "--all"};
    args.insert(args.end(), q.begin(), q.end());
    CAPTURE(args);
    auto r = e2e::run("psearch", args, dir);
    INFO("exit " << r.exit_code << ", stderr: " << r.err);
    check_psearch_contract(r);
    if (r.exit_code == 2) {
      ++failures;
      CHECK(contains(r.err, "pindex --rebuild"));
    }
  }
  CHECK(failures > 0);
}

// The results of some queries, to compare an index before damage and after recovery.
std::vector<std::vector<std::string>> results(const fs::path& dir, const std::vector<std::vector<std::string>>& queries) {
  std::vector<std::vector<std::string>> all;
  for (const auto& q : queries) all.push_back(hit_keys(dir, q));
  return all;
}

const std::vector<std::vector<std::string>> kCorpusQueries{
    {"magnesium"}, {"Epsom", "salt"}, {"\"restless legs\""}, {"magnes*"}, {"--explain", "magnesium"},
    {"-l", "sleep"}, {"--json", "dopamine"}, {"iron", "NEAR", "deficiency"}};
const std::vector<std::vector<std::string>> kCorpusKeys{{"magnesium"}, {"Epsom salt"}, {"\"restless legs\""}, {"sleep"}};

// The bundled corpus, indexed; returns the results of kCorpusKeys.
std::vector<std::vector<std::string>> index_bundled_corpus(const fs::path& dir) {
  e2e::copy_corpus(dir);
  pindex_ok(dir, {"corpus"});
  auto before = results(dir, kCorpusKeys);
  for (const auto& r : before) REQUIRE(!r.empty());
  return before;
}

// After damage: pindex --rebuild succeeds and the index holds what it held before.
void check_rebuild_recovers(const fs::path& dir, const std::vector<std::vector<std::string>>& keys,
                            const std::vector<std::vector<std::string>>& before) {
  auto rebuild = e2e::run("pindex", {"--rebuild"}, dir);
  INFO("pindex --rebuild: exit " << rebuild.exit_code << ", stderr: " << rebuild.err);
  REQUIRE(rebuild.exit_code == 0);
  CHECK(pindex_warnings(rebuild.err).empty());
  CHECK(results(dir, keys) == before);
  CHECK(generation_count(dir / ".psearch") == 1);
}

// Every 50th word of the vocabulary: a query that reads a posting list in every block of the
// table, stems and exact words alike, wherever the damage is.
std::vector<std::string> every_50th_word() {
  std::vector<std::string> words;
  for (int w = 0; w < 2000; w += 50) {
    char word[16];
    std::snprintf(word, sizeof word, "v%04dword", w);
    words.push_back(word);
  }
  return words;
}

const std::vector<std::vector<std::string>> kGeneratedQueries{
    {"v0*"}, {"v1*"}, {"--explain", "v0*"}, {"-l", "v1*"}, {"--json", "v0500word"}, {"v1999word", "v0001word"},
    every_50th_word()};
const std::vector<std::vector<std::string>> kGeneratedKeys{{"v0001word"}, {"v0777word"}, {"v1500word", "v1999word"}};

// 100 files of 2,000 distinct words: a postlist table of about 60 blocks.
std::vector<std::vector<std::string>> index_generated_corpus(const fs::path& dir) {
  generate_corpus(dir / "corpus", 100, 6, 2000, "v");
  // One thread: the same layout every run (two threads share out the files as they finish
  // them), so the damaged middle blocks are always ones the queries read.
  pindex_ok(dir, {"--jobs", "1", "corpus"});
  auto before = results(dir, kGeneratedKeys);
  for (const auto& r : before) REQUIRE(!r.empty());
  return before;
}

}  // namespace

TEST_CASE("hardening: a missing index fails with one line naming the path and pindex", "[hardening][index]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "a.txt", "Some text mentions fox.\n");
  SECTION("--db") {
    auto r = e2e::run("psearch", {"--db", "missing.db", "fox"}, dir.path());
    check_one_error_line(r, "psearch");
    CHECK(contains(r.err, "missing.db"));
    CHECK(contains(r.err, "pindex"));
  }
  SECTION("$PSEARCH_DB") {
    auto r = e2e::run("psearch", {"fox"}, dir.path(), {{"PSEARCH_DB", (dir / "elsewhere").string()}});
    check_one_error_line(r, "psearch");
    CHECK(contains(r.err, (dir / "elsewhere").string()));
    CHECK(contains(r.err, "pindex"));
  }
  SECTION("the default .psearch, from a subdirectory") {
    for (fs::path p = dir.path(); !p.empty(); p = p.parent_path()) {
      if (fs::exists(p / ".psearch")) {
        WARN("skipped: " << p << " holds a .psearch, which psearch would find");
        return;
      }
      if (p == p.parent_path()) break;
    }
    fs::create_directories(dir / "corpus" / "sub");
    auto r = e2e::run("psearch", {"fox"}, dir / "corpus" / "sub");
    check_one_error_line(r, "psearch");
    CHECK(contains(r.err, (dir / "corpus" / "sub").string()));
    CHECK(contains(r.err, "pindex"));
  }
  SECTION("an empty directory as --db") {
    fs::create_directories(dir / "empty.db");
    auto r = e2e::run("psearch", {"--db", "empty.db", "fox"}, dir.path());
    check_one_error_line(r, "psearch");
    CHECK(contains(r.err, "empty.db"));
  }
  SECTION("pindex of a missing PATH fails and leaves no index behind") {
    auto r = e2e::run("pindex", {"no-such-dir"}, dir.path());
    check_one_error_line(r, "pindex");
    CHECK(contains(r.err, "no-such-dir"));
    CHECK(!fs::exists(dir / ".psearch"));
  }
}

TEST_CASE("hardening: a .glass file truncated to half: psearch says pindex --rebuild, which recovers",
          "[hardening][index]") {
  auto table = GENERATE(as<std::string>{}, "postlist", "termlist", "position");
  CAPTURE(table);
  e2e::TempDir dir;
  auto before = index_bundled_corpus(dir.path());
  auto file = live_generation(dir / ".psearch") / (table + ".glass");
  fs::resize_file(file, fs::file_size(file) / 2);
  check_damage_reported(dir.path(), kCorpusQueries);
  check_rebuild_recovers(dir.path(), kCorpusKeys, before);
}

TEST_CASE("hardening: a .glass file truncated to half: pindex notices, changes nothing, and --rebuild recovers",
          "[hardening][index]") {
  auto table = GENERATE(as<std::string>{}, "postlist", "termlist", "position");
  CAPTURE(table);
  e2e::TempDir dir;
  auto before = index_bundled_corpus(dir.path());
  auto file = live_generation(dir / ".psearch") / (table + ".glass");
  fs::resize_file(file, fs::file_size(file) / 2);
  const auto damaged_size = fs::file_size(file);
  auto unchanged = e2e::run("pindex", {}, dir.path());
  check_one_error_line(unchanged, "pindex");
  CHECK(contains(unchanged.err, "(run pindex --rebuild)"));
  e2e::write_file(dir / "corpus/new-note.txt", "A note about quokkas and zanzibar.\n");
  auto added = e2e::run("pindex", {}, dir.path());
  check_one_error_line(added, "pindex");
  CHECK(contains(added.err, "(run pindex --rebuild)"));
  CHECK(fs::file_size(file) == damaged_size);  // nothing written over the damage
  check_rebuild_recovers(dir.path(), kCorpusKeys, before);
  CHECK(e2e::run("psearch", {"quokkas zanzibar"}, dir.path()).exit_code == 0);  // the new file, once rebuilt
}

TEST_CASE("hardening: pindex --rebuild recovers an index whose live generation cannot be read",
          "[hardening][index]") {
  // psearch's message says to run pindex --rebuild; the rebuild must not need the damaged files.
  // No docdata.glass: the passage records are values (schema 9), in postlist.glass.
  auto damage = GENERATE(as<std::string>{}, "postlist.glass to 0", "termlist.glass to 0", "position.glass to 0",
                         "iamglass to 0", "postlist.glass removed", "termlist.glass removed");
  CAPTURE(damage);
  e2e::TempDir dir;
  auto before = index_bundled_corpus(dir.path());
  auto gen = live_generation(dir / ".psearch");
  auto name = damage.substr(0, damage.find(' '));
  if (contains(damage, "removed")) fs::remove(gen / name);
  else fs::resize_file(gen / name, contains(damage, "half") ? fs::file_size(gen / name) / 2 : 0);
  check_damage_reported(dir.path(), kCorpusQueries);
  check_rebuild_recovers(dir.path(), kCorpusKeys, before);
}

TEST_CASE("hardening: garbage over the posting lists in postlist.glass: psearch says pindex --rebuild, which recovers",
          "[hardening][index]") {
  e2e::TempDir dir;
  auto before = index_generated_corpus(dir.path());
  overwrite_postings(live_generation(dir / ".psearch") / "postlist.glass", 0xFF, 3);
  check_damage_reported(dir.path(), kGeneratedQueries);
  check_rebuild_recovers(dir.path(), kGeneratedKeys, before);
}

TEST_CASE("hardening: garbage that looks like a newer block revision is reported as damage, not as a busy index",
          "[hardening][index]") {
  // Bytes 0x01 give a block header with a plausible size and a revision above the live one;
  // Xapian reports that as "block overwritten" (DatabaseModifiedError), which psearch retries and
  // then reports as "keeps changing; try again" although no pindex is running.
  e2e::TempDir dir;
  auto before = index_generated_corpus(dir.path());
  overwrite_postings(live_generation(dir / ".psearch") / "postlist.glass", 0x01, 3);
  check_damage_reported(dir.path(), kGeneratedQueries);
  check_rebuild_recovers(dir.path(), kGeneratedKeys, before);
}

TEST_CASE("hardening: an index of another schema version: psearch says --rebuild, pindex rebuilds an older one",
          "[hardening][index]") {
  auto tool = find_tool("xapian-metadata");
  if (tool.empty()) {
    WARN("skipped: xapian-metadata (xapian-tools) is not installed, so the schema version cannot be changed");
    return;
  }
  // Older versions (the first, the one before this), a newer one, and no number at all.
  auto version = GENERATE(as<std::string>{}, "1", std::to_string(psearch::schema::kVersion - 1),
                          std::to_string(psearch::schema::kVersion + 1), "not-a-number");
  const bool older = version.find_first_not_of("0123456789") == std::string::npos &&
                     std::stoi(version) < psearch::schema::kVersion;
  CAPTURE(version);
  e2e::TempDir dir;
  auto before = index_bundled_corpus(dir.path());
  auto set = e2e::run(tool, {"set", live_generation(dir / ".psearch").string(), "psearch:schema", version}, dir.path());
  REQUIRE(set.exit_code == 0);

  auto search = e2e::run("psearch", {"magnesium"}, dir.path());
  check_one_error_line(search, "psearch");
  CHECK(contains(search.err, "pindex --rebuild"));
  CHECK(contains(search.err, version));

  e2e::write_file(dir / "corpus" / "new.txt", "A new file mentions zucchini.\n");
  auto update = e2e::run("pindex", {}, dir.path());
  if (older) {  // an index of an older pindex is rebuilt, with a warning that says so
    INFO(update.err);
    REQUIRE(update.exit_code == 0);
    CHECK(contains(update.err, "schema version " + version));
    CHECK(contains(update.err, "rebuilding"));
    CHECK(results(dir.path(), kCorpusKeys) == before);
    CHECK(e2e::run("psearch", {"zucchini"}, dir.path()).exit_code == 0);
    return;
  }
  check_one_error_line(update, "pindex");
  CHECK(contains(update.err, "--rebuild"));

  auto rebuild = e2e::run("pindex", {"--rebuild"}, dir.path());
  INFO(rebuild.err);
  REQUIRE(rebuild.exit_code == 0);
  CHECK(results(dir.path(), kCorpusKeys) == before);
  CHECK(e2e::run("psearch", {"zucchini"}, dir.path()).exit_code == 0);
}

TEST_CASE("hardening: a read-only index is still searched, and pindex fails with one line and changes nothing",
          "[hardening][index]") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus" / "a.txt", "Read only mentions apple.\n");
  e2e::write_file(dir / "corpus" / "b.txt", "Another mentions banana.\n");
  Unprivileged user(dir.path());
  if (!user.available()) {
    WARN("skipped: " << user.why_not() << ", so chmod a-w does not block writes");
    return;
  }
  auto first = user.run("pindex", {"corpus"}, dir.path());
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  auto before = user.run("psearch", {"--json", "apple", "banana"}, dir.path());
  REQUIRE(before.exit_code == 0);

  auto remove_write = [](const fs::path& p) {
    fs::permissions(p, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
  };
  for (const auto& e : fs::recursive_directory_iterator(dir / ".psearch")) remove_write(e.path());
  remove_write(dir / ".psearch");
  e2e::write_file(dir / "corpus" / "c.txt", "A later file mentions cherry.\n");
  user.own(dir / "corpus" / "c.txt");

  auto search = user.run("psearch", {"--json", "apple", "banana"}, dir.path());
  check_psearch_contract(search);
  CHECK(search.exit_code == 0);
  CHECK(search.out == before.out);
  for (const auto& args : {std::vector<std::string>{}, std::vector<std::string>{"--rebuild"},
                           std::vector<std::string>{"corpus"}}) {
    CAPTURE(args);
    auto r = user.run("pindex", args, dir.path());
    check_one_error_line(r, "pindex");
  }
  auto dry = user.run("pindex", {"--dry-run"}, dir.path());  // writes nothing, so it works
  INFO(dry.err);
  CHECK(dry.exit_code == 0);
  CHECK(contains(dry.out, "added\t"));
  CHECK(user.run("psearch", {"--json", "apple", "banana"}, dir.path()).out == before.out);
  CHECK(user.run("psearch", {"cherry"}, dir.path()).exit_code == 1);
  CHECK(generation_count(dir / ".psearch") == 1);
}

TEST_CASE("hardening: a write failure from a file size limit, like a full disk, leaves the last committed index",
          "[hardening][index]") {
  // A small filesystem needs root (mount); RLIMIT_FSIZE makes writes past a size fail the same
  // way (EFBIG instead of ENOSPC) for an ordinary user. SIGXFSZ is ignored, so the write fails
  // instead of killing pindex; the ignored disposition passes through prlimit's exec.
  auto prlimit = find_tool("prlimit");
  if (prlimit.empty()) {
    WARN("skipped: prlimit (util-linux) is not installed");
    return;
  }
  e2e::TempDir dir;
  auto before = index_generated_corpus(dir.path());
  generate_corpus(dir / "corpus" / "more", 60, 6, 3000, "m", 999);

  struct IgnoreXfsz {
    struct sigaction old {};
    IgnoreXfsz() {
      struct sigaction ignore {};
      ignore.sa_handler = SIG_IGN;
      sigaction(SIGXFSZ, &ignore, &old);
    }
    ~IgnoreXfsz() { sigaction(SIGXFSZ, &old, nullptr); }
  } ignore_xfsz;
  const std::string pindex = std::string(PSEARCH_BIN_DIR) + "/pindex";
  for (const auto& mode : {std::vector<std::string>{}, std::vector<std::string>{"--rebuild"}}) {
    CAPTURE(mode);
    std::vector<std::string> args{"--fsize=65536", pindex};  // each table holds more already
    args.insert(args.end(), mode.begin(), mode.end());
    auto r = e2e::run(prlimit, args, dir.path());
    INFO("stderr: " << r.err);
    CHECK(documented_exit(r));
    check_one_error_line(r, "pindex");
    CHECK(results(dir.path(), kGeneratedKeys) == before);  // the last committed index is live
    CHECK(e2e::run("psearch", {"m0001word"}, dir.path()).exit_code == 1);
  }
  // Room again: the next run finishes the work and removes the failed rebuild's leftovers.
  auto next = pindex_ok(dir.path());
  CHECK(next.summary.added == 60);
  CHECK(results(dir.path(), kGeneratedKeys) == before);
  CHECK(e2e::run("psearch", {"m0001word"}, dir.path()).exit_code == 0);
  CHECK(generation_count(dir / ".psearch") == 1);
}
