// Spelling correction that never misleads: a correction is searched only when it is confident and
// the query as typed finds (almost) nothing, and the output then says so where it is read.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace {

// "restless" and "sleeper" in four passages each; "password" in three, "denis" in one.
struct Notes {
  e2e::TempDir dir;
  Notes() {
    e2e::write_file(dir / "notes/sleep/sleep.txt",
                    "The restless sleeper woke at dawn.\n\nA restless sleeper turns all night.\n\n"
                    "Every restless sleeper needs a quiet room.\n\nThe sleeper was never restless after tea.\n");
    e2e::write_file(dir / "notes/accounts/accounts.txt",
                    "Change your password every month.\n\nA password manager keeps each password.\n\n"
                    "The password for the wiki is in the safe.\n\nDenis wrote the wiki page.\n");
    REQUIRE(e2e::run("pindex", {"notes"}, dir.path()).exit_code == 0);
  }
  e2e::RunResult psearch(const std::vector<std::string>& args) const { return e2e::run("psearch", args, dir.path()); }
};

const std::string kNote =
    "Showing results for \"restless sleeper\" (searched instead of \"resless sleper\"; --exact searches as typed)";

}  // namespace

TEST_CASE("a misspelt query that finds nothing as typed is corrected, and the output says so first", "[spelling]") {
  Notes notes;
  auto human = notes.psearch({"resless", "sleper"});
  CHECK(human.exit_code == 0);
  CHECK(human.err.empty());
  REQUIRE(!human.out.empty());
  CHECK(human.out.substr(0, human.out.find('\n')) == kNote);
  CHECK(human.out.find("notes/sleep/sleep.txt:1:") != std::string::npos);

  auto json = notes.psearch({"--json", "--per-file", "0", "resless", "sleper"});
  CHECK(json.exit_code == 0);
  auto hits = e2e::json_lines(json.out);
  REQUIRE(hits.size() == 4);
  for (const auto& hit : hits) CHECK(hit.value("corrected_query", "") == "restless sleeper");

  // vimgrep and --files stay hits only: the note goes to stderr.
  auto vimgrep = notes.psearch({"--vimgrep", "resless", "sleper"});
  CHECK(vimgrep.exit_code == 0);
  for (const auto& line : e2e::lines_of(vimgrep.out)) CHECK(std::regex_match(line, std::regex("notes/sleep/sleep.txt:\\d+:\\d+:.*")));
  CHECK(vimgrep.err.find("psearch: showing results for \"restless sleeper\"") == 0);
  auto files = notes.psearch({"-l", "resless", "sleper"});
  CHECK(files.exit_code == 0);
  CHECK(files.out == "notes/sleep/sleep.txt\n");
  CHECK(files.err == vimgrep.err);
  auto files_json = e2e::json_lines(notes.psearch({"-l", "--json", "resless", "sleper"}).out);
  REQUIRE(files_json.size() == 1);
  CHECK(files_json[0].value("corrected_query", "") == "restless sleeper");
}

TEST_CASE("words the index lacks with no confident correction find nothing: exit 1, no guessed hits", "[spelling]") {
  Notes notes;
  // "password" and "denis" are two edits away: once "password denis", with their hits and exit 0.
  for (const auto& format : {"--json", "--vimgrep", "-l"}) {
    auto r = notes.psearch({format, "passport", "dentist"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.empty());
  }
  auto human = notes.psearch({"passport", "dentist"});
  CHECK(human.exit_code == 1);
  CHECK(human.out.empty());
}

TEST_CASE("a query that finds hits as typed is searched as typed, the correction only suggested", "[spelling]") {
  Notes notes;
  auto r = notes.psearch({"--json", "--per-file", "0", "resless", "sleeper"});  // "sleeper" alone: four passages
  CHECK(r.exit_code == 0);
  CHECK(r.err == "psearch: did you mean: restless sleeper\n");
  auto hits = e2e::json_lines(r.out);
  REQUIRE(hits.size() == 4);
  for (const auto& hit : hits) CHECK_FALSE(hit.contains("corrected_query"));
  auto human = notes.psearch({"resless", "sleeper"});
  CHECK(human.out.rfind("notes/sleep/sleep.txt:", 0) == 0);  // the hits come first
}

TEST_CASE("with --exact the query is searched as typed: no correction, no suggestion", "[spelling]") {
  Notes notes;
  auto none = notes.psearch({"--exact", "resless", "sleper"});
  CHECK(none.exit_code == 1);
  CHECK(none.out.empty());
  CHECK(none.err.empty());
  auto typed = notes.psearch({"--exact", "resless", "sleeper"});
  CHECK(typed.exit_code == 0);
  CHECK(typed.err.empty());
  // What --exact turns off: the correction and the suggestion.
  CHECK(notes.psearch({"resless", "sleper"}).exit_code == 0);
  CHECK(notes.psearch({"resless", "sleeper"}).err == "psearch: did you mean: restless sleeper\n");
}

TEST_CASE("shards decide on spelling as one index does", "[spelling][shards]") {
  Notes notes;
  REQUIRE(e2e::run("pindex", {"--db", "s1", "notes/sleep"}, notes.dir.path()).exit_code == 0);
  REQUIRE(e2e::run("pindex", {"--db", "s2", "notes/accounts"}, notes.dir.path()).exit_code == 0);
  for (const std::vector<std::string>& query : {std::vector<std::string>{"resless", "sleper"},
                                                std::vector<std::string>{"resless", "sleeper"},
                                                std::vector<std::string>{"passport", "dentist"}}) {
    std::vector<std::string> sharded{"--db", "s1", "--db", "s2"};
    sharded.insert(sharded.end(), query.begin(), query.end());
    auto one = notes.psearch(query);
    auto two = notes.psearch(sharded);
    CHECK(two.exit_code == one.exit_code);
    CHECK(two.err == one.err);
    CHECK(e2e::lines_of(two.out).size() == e2e::lines_of(one.out).size());
    CHECK(two.out.substr(0, two.out.find('\n')) == one.out.substr(0, one.out.find('\n')));
  }
  CHECK(notes.psearch({"--db", "s1", "--db", "s2", "passport", "dentist"}).exit_code == 1);
  auto corrected = notes.psearch({"--db", "s1", "--db", "s2", "resless", "sleper"}).out;
  CHECK(corrected.substr(0, corrected.find('\n')) == kNote);
}
