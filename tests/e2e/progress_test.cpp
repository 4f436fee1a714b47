// pindex's progress line: drawn in place on a terminal, erased before the summary; never in a pipe.
#include <catch2/catch.hpp>

#include <string>

#include "tests/support/e2e_support.hpp"

namespace {

// Enough text that indexing takes well over the 300 ms before the line first appears.
void write_corpus(const e2e::TempDir& dir) {
  for (int f = 0; f < 2000; ++f) {
    const std::string number = std::to_string(f);
    std::string text;
    for (int p = 0; p < 12; ++p) {
      text += "Paragraph of file ";
      text += number;
      text += " talks about magnesium, sleep, iron and the legs at night, in many words.\n"
              "It goes on for a second line so that every passage has some length.\n\n";
    }
    std::string subdir = "d", name = "f";
    subdir += std::to_string(f % 20);
    name += number;
    name += ".txt";
    e2e::write_file(dir / "corpus" / subdir / name, text);
  }
}

}  // namespace

TEST_CASE("pindex draws a progress line on a terminal and erases it before the summary", "[progress]") {
  e2e::TempDir dir;
  write_corpus(dir);
  auto r = e2e::run_on_tty("pindex", {"corpus"}, dir.path());
  INFO(r.out.substr(0, 2000));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\r\x1b[Kpindex: ") != std::string::npos);
  CHECK(r.out.find("/2000 files, ") != std::string::npos);
  CHECK(r.out.find(" MB/s") != std::string::npos);
  CHECK(r.out.find(", ETA ") != std::string::npos);
  CHECK(r.out.find("2000/2000 files, writing the index ...") != std::string::npos);
  // What the terminal shows at the end: the line erased, then the summary alone.
  auto last_erase = r.out.rfind("\r\x1b[K");
  REQUIRE(last_erase != std::string::npos);
  CHECK(r.out.substr(last_erase + 4).starts_with("pindex: 2000 added, 0 changed"));

  // An update that reads nothing draws nothing.
  auto again = e2e::run_on_tty("pindex", {}, dir.path());
  CHECK(again.exit_code == 0);
  CHECK(again.out.find('\x1b') == std::string::npos);
}

TEST_CASE("pindex prints no progress when stderr is not a terminal", "[progress]") {
  e2e::TempDir dir;
  write_corpus(dir);
  auto r = e2e::run("pindex", {"corpus"}, dir.path());
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find('\r') == std::string::npos);
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK(r.err.find("files,") == std::string::npos);
  CHECK(e2e::lines_of(r.err).size() == 1);  // the summary only
}
