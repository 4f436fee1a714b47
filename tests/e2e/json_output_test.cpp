// --json output on the bundled corpus: every field of every hit, checked against the files on disk.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using e2e::IndexedCorpus;

using e2e::lower;

std::vector<json> search_json(const fs::path& cwd, const std::vector<std::string>& query_args) {
  std::vector<std::string> args{"--json", "-n", "1000"};
  args.insert(args.end(), query_args.begin(), query_args.end());
  auto r = e2e::run("psearch", args, cwd);
  INFO("psearch --json -n 1000 " << query_args.front() << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  auto hits = e2e::json_lines(r.out);
  REQUIRE(!hits.empty());
  return hits;
}

// The checks every hit of every query must pass.
void check_hit_against_disk(const json& hit, const fs::path& cwd) {
  INFO(hit.dump());
  REQUIRE(hit.is_object());
  for (const char* key : {"rank", "score", "file", "line", "end_line", "heading", "text", "match_lines"})
    REQUIRE(hit.contains(key));
  CHECK(hit["rank"].is_number_integer());
  CHECK(hit["score"].is_number());
  CHECK(hit["file"].is_string());
  CHECK(hit["line"].is_number_integer());
  CHECK(hit["end_line"].is_number_integer());
  CHECK(hit["heading"].is_string());
  CHECK(hit["text"].is_string());
  REQUIRE(hit["match_lines"].is_array());

  const std::string file = hit["file"];
  const int line = hit["line"], end_line = hit["end_line"];
  CHECK(fs::path(file).is_relative());  // the corpus is inside cwd
  CHECK(file.starts_with("corpus/"));
  REQUIRE(fs::is_regular_file(cwd / file));
  CHECK(line >= 1);
  CHECK(end_line >= line);
  const std::string text = hit["text"];
  CHECK(text == e2e::file_lines(cwd / file, line, end_line));
  CHECK(text.find('\r') == std::string::npos);

  int previous = line - 1;
  for (const auto& m : hit["match_lines"]) {
    REQUIRE(m.is_number_integer());
    int n = m;
    CHECK(n >= line);
    CHECK(n <= end_line);
    CHECK(n > previous);  // ascending, no repeats
    previous = n;
  }
}

void check_query(const fs::path& cwd, const std::vector<std::string>& query_args) {
  auto hits = search_json(cwd, query_args);
  double previous_score = hits.front()["score"].get<double>();
  for (std::size_t i = 0; i < hits.size(); ++i) {
    INFO("query: " << query_args.front() << ", hit " << i + 1);
    check_hit_against_disk(hits[i], cwd);
    CHECK(hits[i]["rank"] == static_cast<int>(i + 1));
    double score = hits[i]["score"];
    CHECK(score <= previous_score);
    previous_score = score;
  }
  // No passage is reported twice.
  std::set<std::pair<std::string, int>> seen;
  for (const auto& h : hits) CHECK(seen.emplace(h["file"], h["line"]).second);
}

}  // namespace

TEST_CASE("every JSON hit has all fields, text equal to the file's lines and match_lines inside the passage") {
  IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  for (const std::vector<std::string>& q :
       std::vector<std::vector<std::string>>{{"magnesium"},
                                             {"restless", "legs"},
                                             {"\"Epsom salt\""},
                                             {"magnes*"},
                                             {"sleep OR bath"},
                                             {"side effects"},
                                             {"muscles AND NOT cramps"},
                                             {"the"},
                                             {"RLS"}}) {
    check_query(cwd, q);
  }
}

TEST_CASE("match_lines are exactly the passage lines where the query word occurs") {
  IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  auto hits = search_json(cwd, {"magnesium"});
  CHECK(hits.size() > 10);
  for (const auto& hit : hits) {
    INFO(hit.dump());
    const std::string file = hit["file"];
    const int line = hit["line"], end_line = hit["end_line"];
    std::vector<int> expected;
    for (int n = line; n <= end_line; ++n)
      if (lower(e2e::file_lines(cwd / file, n, n)).find("magnesium") != std::string::npos) expected.push_back(n);
    CHECK(hit["match_lines"].get<std::vector<int>>() == expected);
  }
}

TEST_CASE("match_lines include lines holding stemmed forms of the query words") {
  IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  SECTION("salt matches 'Epsom salts' on line 58") {
    auto hits = search_json(cwd, {"salt"});
    CHECK(hits[0]["file"] == "corpus/002_1b584d0e5cf49e70.txt");
    CHECK(hits[0]["line"] == 58);
    CHECK(hits[0]["match_lines"] == json::array({58}));
  }
  SECTION("effect matches 'side effects'") {
    auto hits = search_json(cwd, {"effect"});
    bool found = false;
    for (const auto& h : hits) {
      if (h["file"] != "corpus/003_fe4224afaf5b4845.txt" || h["line"] != 17) continue;
      found = true;
      CHECK(h["match_lines"] == json::array({17}));
    }
    CHECK(found);
  }
}

SCENARIO("-n limits the number of hits") {
  IndexedCorpus corpus;
  const auto& cwd = corpus.dir.path();
  auto all = search_json(cwd, {"magnesium"});
  REQUIRE(all.size() > 3);

  for (int n : {1, 3}) {
    WHEN("psearch --json -n " + std::to_string(n) + " magnesium") {
      auto r = e2e::run("psearch", {"--json", "-n", std::to_string(n), "magnesium"}, cwd);
      REQUIRE(r.exit_code == 0);
      auto hits = e2e::json_lines(r.out);
      THEN("it prints exactly the first n hits of the full list") {
        REQUIRE(hits.size() == static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
          CHECK(hits[i]["rank"] == i + 1);
          CHECK(hits[i]["file"] == all[i]["file"]);
          CHECK(hits[i]["line"] == all[i]["line"]);
        }
      }
    }
  }
  WHEN("the human format is limited with --max-count 2") {
    auto r = e2e::run("psearch", {"--max-count", "2", "magnesium"}, cwd);
    REQUIRE(r.exit_code == 0);
    THEN("two hit headers are printed") {
      int headers = 0;
      for (const auto& h : all)
        if (r.out.find(h["file"].get<std::string>() + ":" + std::to_string(h["line"].get<int>()) + ":") !=
            std::string::npos)
          ++headers;
      CHECK(headers == 2);
    }
  }
  WHEN("-n is larger than the number of hits") {
    auto r = e2e::run("psearch", {"--json", "-n", "100000", "magnesium"}, cwd);
    THEN("all hits are printed") {
      CHECK(r.exit_code == 0);
      CHECK(e2e::json_lines(r.out).size() == all.size());
    }
  }
  WHEN("no -n is given") {
    auto r = e2e::run("psearch", {"--json", "magnesium"}, cwd);
    THEN("at most 10 hits are printed") {
      CHECK(r.exit_code == 0);
      CHECK(e2e::json_lines(r.out).size() == std::min<std::size_t>(10, all.size()));
    }
  }
}
