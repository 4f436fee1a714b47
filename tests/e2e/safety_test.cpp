// Safety of updates: SIGKILL at any moment leaves the last committed index; concurrent pindex
// runs queue up; psearch keeps answering while pindex writes.
#include <catch2/catch.hpp>

#include <csignal>
#include <thread>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

// A generated corpus large enough that indexing takes a while: files of paragraphs built from a
// fixed vocabulary, each file with one unique marker word.
void generate_corpus(const fs::path& dir, int files, int paragraphs, const std::string& marker_prefix) {
  static const char* vocab[] = {"alpha",  "bravo",  "charlie", "delta", "echo",    "foxtrot", "golf",  "hotel",
                                "india",  "juliet", "kilo",    "lima",  "mike",    "november", "oscar", "papa",
                                "quebec", "romeo",  "sierra",  "tango", "uniform", "victor",  "whiskey"};
  unsigned seed = 12345;
  for (int f = 0; f < files; ++f) {
    std::string text = "Heading Of File " + std::to_string(f) + "\n\n";
    for (int p = 0; p < paragraphs; ++p) {
      for (int w = 0; w < 40; ++w) {
        seed = seed * 1103515245 + 12345;
        text += vocab[(seed >> 16) % 23];
        text += w == 39 ? ".\n\n" : " ";
      }
    }
    text += marker_prefix + std::to_string(f) + " closes the file.\n";
    e2e::write_file(dir / ("file" + std::to_string(f) + ".txt"), text);
  }
}

// The hits of a query as (file, line, end_line, text) tuples, for comparing two indexes.
std::vector<std::string> hit_keys(const fs::path& cwd, const std::string& db, const std::string& query) {
  auto r = e2e::run("psearch", {"--db", db, "--json", "-n", "50", query}, cwd);
  REQUIRE(r.exit_code <= 1);
  std::vector<std::string> keys;
  for (const auto& j : e2e::json_lines(r.out))
    keys.push_back(j["file"].get<std::string>() + ":" + std::to_string(j["line"].get<int>()) + "-" +
                   std::to_string(j["end_line"].get<int>()) + ":" + j["text"].get<std::string>());
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::string passages_in_summary(const std::string& err) {
  auto semi = err.rfind("; ");
  auto passages = err.rfind(" passages");
  REQUIRE(semi != std::string::npos);
  auto before = err.rfind("; ", semi - 1);
  return err.substr(before + 2, passages - before - 2);
}

void wait_until_running_for(std::chrono::milliseconds ms) { std::this_thread::sleep_for(ms); }

}  // namespace

SCENARIO("pindex killed with SIGKILL mid-run leaves the last committed index", "[safety]") {
  e2e::TempDir dir;
  generate_corpus(dir / "corpus", 5, 3, "firstmarker");
  REQUIRE(e2e::run("pindex", {"corpus"}, dir.path()).exit_code == 0);
  auto before = hit_keys(dir.path(), ".psearch", "firstmarker3");
  REQUIRE(before.size() == 1);

  GIVEN("a large batch of new files") {
    generate_corpus(dir / "corpus" / "big", 600, 12, "bigmarker");
    auto mode = GENERATE(as<std::string>{}, "update", "rebuild");
    CAPTURE(mode);
    WHEN("pindex is killed while it indexes them") {
      std::vector<std::string> args;
      if (mode == "rebuild") args.push_back("--rebuild");
      e2e::Background pindex("pindex", args, dir.path(), dir / "pindex");
      wait_until_running_for(std::chrono::milliseconds(400));
      REQUIRE(pindex.running());  // still indexing: the kill lands mid-run
      pindex.kill(SIGKILL);
      REQUIRE(pindex.wait().exit_code == 128 + SIGKILL);

      THEN("psearch answers from the previous state") {
        CHECK(hit_keys(dir.path(), ".psearch", "firstmarker3") == before);
        auto none = e2e::run("psearch", {"bigmarker7"}, dir.path());
        CHECK(none.exit_code == 1);
      }
      AND_THEN("the next pindex ends equal to a clean build") {
        auto next = e2e::run("pindex", {}, dir.path());
        REQUIRE(next.exit_code == 0);
        auto clean = e2e::run("pindex", {"--db", "clean.db", "corpus"}, dir.path());
        REQUIRE(clean.exit_code == 0);
        CHECK(passages_in_summary(next.err) == passages_in_summary(clean.err));
        for (const auto& q : {"bigmarker7", "firstmarker3", "alpha bravo", "\"kilo lima\""}) {
          CAPTURE(q);
          CHECK(hit_keys(dir.path(), ".psearch", q) == hit_keys(dir.path(), "clean.db", q));
        }
        int generations = 0;  // an interrupted rebuild's leftovers are cleaned up
        for (const auto& e : fs::directory_iterator(dir / ".psearch"))
          generations += e.path().filename().string().rfind("gen-", 0) == 0;
        CHECK(generations == 1);
      }
    }
  }
}

TEST_CASE("a second pindex waits for the first, --no-wait fails with exit 2", "[safety]") {
  e2e::TempDir dir;
  generate_corpus(dir / "corpus", 2000, 10, "marker");  // long enough to be caught running
  e2e::Background first("pindex", {"corpus"}, dir.path(), dir / "first");
  wait_until_running_for(std::chrono::milliseconds(300));
  REQUIRE(first.running());

  auto no_wait = e2e::run("pindex", {"--no-wait"}, dir.path());
  CHECK(no_wait.exit_code == 2);
  CHECK(e2e::count_lines(no_wait.err) == 1);
  CHECK(no_wait.err.find("another pindex") != std::string::npos);

  e2e::write_file(dir / "corpus" / "late.txt", "A late arrival mentions zanzibar.\n");
  auto second = e2e::run("pindex", {}, dir.path());
  CHECK(second.exit_code == 0);
  CHECK(second.err.find("waiting for another pindex") != std::string::npos);
  auto r = first.wait();
  CHECK(r.exit_code == 0);
  CHECK(e2e::run("psearch", {"zanzibar"}, dir.path()).exit_code == 0);
  CHECK(e2e::run("psearch", {"marker1999"}, dir.path()).exit_code == 0);
}

TEST_CASE("psearch keeps answering while pindex rebuilds and updates", "[safety]") {
  e2e::TempDir dir;
  generate_corpus(dir / "corpus", 300, 8, "marker");
  REQUIRE(e2e::run("pindex", {"corpus"}, dir.path()).exit_code == 0);
  for (const auto& args : {std::vector<std::string>{"--rebuild"}, std::vector<std::string>{}}) {
    generate_corpus(dir / "corpus" / ("more" + std::to_string(args.size())), 200, 8, "moremarker");
    e2e::Background pindex("pindex", args, dir.path(), dir / "pindex");
    int searches = 0;
    while (pindex.running() || searches < 3) {
      auto r = e2e::run("psearch", {"--json", "-n", "5", "marker42 OR alpha"}, dir.path());
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      for (const auto& j : e2e::json_lines(r.out))
        CHECK(j["text"] == e2e::file_lines(dir / j["file"].get<std::string>(), j["line"], j["end_line"]));
      ++searches;
    }
    CHECK(pindex.wait().exit_code == 0);
  }
}
