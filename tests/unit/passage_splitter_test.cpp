// PassageSplitter: boundaries pinned on the four bundled articles, and the structural rules on
// small synthetic texts (wrapping, lists, headings, limits, line endings).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <tuple>

#include "indexer/passage_splitter.hpp"

using psearch::Passage;
using psearch::split_passages;

namespace {

std::string read_corpus(const std::string& name) {
  std::ifstream in(std::string(PSEARCH_CORPUS_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Boundary {
  int first;
  int last;
  std::string heading;
};

// Every passage's text must be exactly the file's lines first..last.
void check_text_is_lines(const std::string& content, const std::vector<Passage>& passages) {
  auto lines = psearch::split_lines(content);
  for (const auto& p : passages) {
    std::string expected;
    for (int i = p.first_line; i <= p.last_line; ++i) {
      if (i > p.first_line) expected += '\n';
      expected += std::string(lines.at(static_cast<std::size_t>(i - 1)));
    }
    CAPTURE(p.first_line, p.last_line);
    CHECK(p.text == expected);
  }
}

void check_article(const std::string& name, const std::vector<Boundary>& expected) {
  CAPTURE(name);
  auto content = read_corpus(name);
  auto passages = split_passages(content);
  REQUIRE(passages.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i, passages[i].first_line, passages[i].last_line, passages[i].heading);
    CHECK(passages[i].first_line == expected[i].first);
    CHECK(passages[i].last_line == expected[i].last);
    CHECK(passages[i].heading == expected[i].heading);
  }
  check_text_is_lines(content, passages);
}

int words(const std::string& s) {
  std::istringstream in(s);
  return static_cast<int>(std::distance(std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()));
}

}  // namespace

TEST_CASE("passage boundaries of 000_26e1a961aff6a05a.txt", "[splitter][corpus]") {
  check_article("000_26e1a961aff6a05a.txt", {
      {3, 3, "Does Magnesium oil help Restless legs syndrome?"},
      {7, 7, "What is Restless leg syndrome?"},
      {9, 9, "What is Restless leg syndrome?"},
      {11, 11, "What is Restless leg syndrome?"},
      {13, 13, "What is Restless leg syndrome?"},
      {15, 15, "What is Restless leg syndrome?"},
      {17, 17, "What is Restless leg syndrome?"},
      {21, 21, "What are the causes of RLS?"},
      {23, 23, "What are the causes of RLS?"},
      {25, 25, "What are the causes of RLS?"},
      {27, 27, "What are the causes of RLS?"},
      {29, 29, "What are the causes of RLS?"},
      {31, 31, "What are the causes of RLS?"},
      {33, 33, "What are the causes of RLS?"},
      {35, 42, "What are the causes of RLS?"},
      {44, 44, "What are the causes of RLS?"},
  });
}

TEST_CASE("passage boundaries of 001_4f2d55db69d1969f.txt", "[splitter][corpus]") {
  check_article("001_4f2d55db69d1969f.txt", {
      {3, 4, "Is Magnesium Good For Restless Legs?"},
      {8, 8, "What is restless legs syndrome?"},
      {12, 17, "What causes restless legs?"},
      {21, 21, "Can magnesium help treat restless leg syndrome?"},
      {25, 29, "What are things I can do on my own to relieve restless legs?"},
      {33, 33, "Will a new mattress help with restless legs?"},
      {37, 37, "When can I expect my restless legs syndrome to end?"},
  });
}

TEST_CASE("passage boundaries of 002_1b584d0e5cf49e70.txt", "[splitter][corpus]") {
  check_article("002_1b584d0e5cf49e70.txt", {
      {1, 1, ""},
      {3, 3, "Restless Leg Syndrome (RLS) and the Role of Magnesium in Treatment"},
      {4, 4, "Restless Leg Syndrome (RLS) and the Role of Magnesium in Treatment"},
      {5, 5, "Restless Leg Syndrome (RLS) and the Role of Magnesium in Treatment"},
      {7, 7, "Understanding Restless Leg Syndrome"},
      {9, 13, "Symptoms of RLS"},
      {14, 14, "Symptoms of RLS"},
      {16, 20, "Causes of RLS"},
      {22, 26, "The Role of Magnesium in the Body"},
      {27, 27, "The Role of Magnesium in the Body"},
      {29, 29, "Magnesium Deficiency and RLS"},
      {30, 34, "Magnesium Deficiency and RLS"},
      {35, 35, "Magnesium Deficiency and RLS"},
      {37, 37, "How Magnesium May Help Relieve RLS Symptoms"},
      {39, 39, "How Magnesium May Help Relieve RLS Symptoms › 1. Relaxation of Muscles"},
      {41, 41, "How Magnesium May Help Relieve RLS Symptoms › 2. Calming the Nervous System"},
      {43, 43, "How Magnesium May Help Relieve RLS Symptoms › 3. Improving Sleep"},
      {45, 45, "How Magnesium May Help Relieve RLS Symptoms › 4. Reducing Dopamine Imbalance"},
      {47, 47, "How to Use Magnesium for RLS"},
      {49, 54, "How to Use Magnesium for RLS › 1. Magnesium-rich foods"},
      {56, 56, "How to Use Magnesium for RLS › 2. Magnesium supplements"},
      {57, 57, "How to Use Magnesium for RLS › 2. Magnesium supplements"},
      {58, 58, "How to Use Magnesium for RLS › 2. Magnesium supplements"},
      {60, 60, "Safety and Side Effects"},
      {61, 61, "Safety and Side Effects"},
      {63, 63, "Conclusion"},
      {64, 64, "Conclusion"},
      {65, 65, "Conclusion"},
      {66, 66, "Conclusion"},
  });
}

TEST_CASE("passage boundaries of 003_fe4224afaf5b4845.txt", "[splitter][corpus]") {
  check_article("003_fe4224afaf5b4845.txt", {
      {3, 3, "The Link Between Restless Legs Syndrome and Magnesium"},
      {5, 5, "The Link Between Restless Legs Syndrome and Magnesium"},
      {9, 9, "Taking Magnesium for Restless Legs Syndrome"},
      {11, 11, "Taking Magnesium for Restless Legs Syndrome"},
      {13, 13, "Taking Magnesium for Restless Legs Syndrome"},
      {17, 22, "Magnesium Side Effects"},
      {24, 24, "Magnesium Side Effects"},
      {26, 31, "Magnesium Side Effects"},
      {35, 43, "Foods with Magnesium"},
      {47, 47, "Potential Risks"},
      {49, 55, "Potential Risks"},
      {59, 66, "Alternative Remedies for Restless Legs Syndrome"},
      {68, 68, "Alternative Remedies for Restless Legs Syndrome"},
      {70, 70, "Alternative Remedies for Restless Legs Syndrome"},
  });
}

TEST_CASE("CRLF, a BOM and a missing final newline give the same passages", "[splitter]") {
  for (const auto& name : {"000_26e1a961aff6a05a.txt", "002_1b584d0e5cf49e70.txt", "003_fe4224afaf5b4845.txt"}) {
    CAPTURE(name);
    auto lf = read_corpus(name);
    std::string crlf;
    for (char c : lf) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    std::string no_final_newline = lf;
    while (!no_final_newline.empty() && no_final_newline.back() == '\n') no_final_newline.pop_back();
    auto expected = split_passages(lf);
    CHECK(split_passages(crlf) == expected);
    CHECK(split_passages("\xEF\xBB\xBF" + lf) == expected);
    CHECK(split_passages("\xEF\xBB\xBF" + crlf) == expected);
    CHECK(split_passages(no_final_newline) == expected);
  }
}

TEST_CASE("hard-wrapped paragraphs are one passage each", "[splitter]") {
  std::string text =
      "Title of the notes\n"
      "\n"
      "This paragraph is wrapped at a narrow width so that it spans\n"
      "several lines of the file, as plain-text notes usually are.\n"
      "\n"
      "A second paragraph, also wrapped, follows the first one and\n"
      "ends here.\n";
  auto p = split_passages(text);
  REQUIRE(p.size() == 2);
  CHECK(std::tie(p[0].first_line, p[0].last_line, p[0].heading) == std::make_tuple(3, 4, std::string("Title of the notes")));
  CHECK(std::tie(p[1].first_line, p[1].last_line) == std::make_tuple(6, 7));
  check_text_is_lines(text, p);
}

TEST_CASE("a list joins its introduction, bullets of every kind", "[splitter]") {
  auto marker = GENERATE(as<std::string>{}, "- ", "* ", "\xE2\x80\xA2 ", "  \xE2\x80\xA2 ", "1. ");
  CAPTURE(marker);
  std::string text = "Things to buy today, in order:\n" + marker + "bread\n" + marker + "milk\n" + marker +
                     "eggs\n\nAn unrelated closing paragraph.\n";
  auto p = split_passages(text);
  REQUIRE(p.size() == 2);
  CHECK(std::tie(p[0].first_line, p[0].last_line) == std::make_tuple(1, 4));
  CHECK(std::tie(p[1].first_line, p[1].last_line) == std::make_tuple(6, 6));
}

TEST_CASE("wrapped list items keep their continuation lines", "[splitter]") {
  std::string text =
      "Steps:\n"
      "- open the box carefully and take\n"
      "  out the device\n"
      "- plug it in\n";
  auto p = split_passages(text);
  REQUIRE(p.size() == 1);
  CHECK(std::tie(p[0].first_line, p[0].last_line) == std::make_tuple(1, 4));
}

TEST_CASE("headings: a short line without final punctuation, Markdown and RST titles", "[splitter]") {
  std::string text =
      "# Install guide\n"
      "\n"
      "Run the installer first.\n"
      "\n"
      "Configuration\n"
      "=============\n"
      "\n"
      "Edit the file and restart.\n"
      "\n"
      "Troubleshooting\n"
      "\n"
      "Read the log.\n";
  auto p = split_passages(text);
  REQUIRE(p.size() == 3);
  CHECK(p[0].heading == "Install guide");
  CHECK(p[1].heading == "Configuration");
  CHECK(p[1].first_line == 8);
  CHECK(p[2].heading == "Troubleshooting");
  CHECK(p[2].first_line == 12);
}

TEST_CASE("a numbered line followed by prose is a sub-heading under the section", "[splitter]") {
  std::string text =
      "How to Use It\n"
      "Some words that introduce the section, in a file that puts each paragraph on one line of its own.\n"
      "1. First Way\n"
      "The first way is explained in this line, which is long enough to be a one-line paragraph of this file.\n"
      "2. Second Way\n"
      "The second way is explained in this line, which is long enough to be a one-line paragraph of this file.\n";
  auto p = split_passages(text);
  REQUIRE(p.size() == 3);
  CHECK(p[1].heading == "How to Use It \xE2\x80\xBA 1. First Way");
  CHECK(p[2].heading == "How to Use It \xE2\x80\xBA 2. Second Way");
  CHECK(p[2].first_line == 6);
}

TEST_CASE("a numbered list stays a list", "[splitter]") {
  std::string text = "Do this:\n1. Open it\n2. Close it\n\nThen rest.\n";
  auto p = split_passages(text);
  REQUIRE(p.size() == 2);
  CHECK(std::tie(p[0].first_line, p[0].last_line) == std::make_tuple(1, 3));
  CHECK(p[1].heading.empty());
}

TEST_CASE("a heading with nothing under it is a passage of its own", "[splitter]") {
  auto p = split_passages("Some paragraph text that ends properly.\n\nLeave a Reply\n");
  REQUIRE(p.size() == 2);
  CHECK(p[1].text == "Leave a Reply");
}

TEST_CASE("no passage exceeds 12 lines or 200 words, cuts fall at sentence ends", "[splitter]") {
  std::string text;
  for (int i = 1; i <= 30; ++i) text += "Sentence number " + std::to_string(i) + " is short.\n";
  auto p = split_passages(text);
  REQUIRE(p.size() == 3);
  for (const auto& x : p) CHECK(x.last_line - x.first_line + 1 <= psearch::kMaxLines);
  CHECK(p[0].first_line == 1);
  CHECK(p[1].first_line == 13);
  CHECK(p[2].last_line == 30);
  check_text_is_lines(text, p);

  std::string wordy;  // a wrapped paragraph of 11 lines of 20 words: the word limit cuts first
  for (int i = 0; i < 11; ++i) {
    for (int w = 0; w < 19; ++w) wordy += "w ";
    wordy += "end.\n";
  }
  auto q = split_passages(wordy);
  REQUIRE(q.size() == 2);
  CHECK(words(q[0].text) == 200);
  CHECK(q[1].first_line == 11);
}

TEST_CASE("a long list is cut between items", "[splitter]") {
  std::string text = "The list:\n";
  for (int i = 1; i <= 20; ++i) text += "- item " + std::to_string(i) + "\n";
  auto p = split_passages(text);
  REQUIRE(p.size() == 2);
  CHECK(std::tie(p[0].first_line, p[0].last_line) == std::make_tuple(1, 12));
  CHECK(std::tie(p[1].first_line, p[1].last_line) == std::make_tuple(13, 21));
}

TEST_CASE("one line over 200 words becomes fragments of that line", "[splitter]") {
  std::string line;
  for (int s = 0; s < 50; ++s) line += "This is sentence with seven words. ";
  auto p = split_passages("Intro line that is a paragraph.\n" + line + "\n");
  REQUIRE(p.size() >= 3);
  std::string joined;
  for (std::size_t i = 1; i < p.size(); ++i) {
    CHECK(p[i].first_line == 2);
    CHECK(p[i].last_line == 2);
    CHECK(words(p[i].text) <= psearch::kMaxWords);
    CHECK(p[i].text.ends_with("words."));
    CHECK(line.compare(p[i].column, p[i].text.size(), p[i].text) == 0);  // where vimgrep's column counts from
    joined += p[i].text + " ";
  }
  CHECK(joined == line);
}

TEST_CASE("degenerate inputs give no passages and never throw", "[splitter]") {
  auto input = GENERATE(as<std::string>{}, "", "\n\n\n", "\r\n", "\xEF\xBB\xBF", "   \n\t\n", "\xC2\xA0\n");
  CHECK(split_passages(input).empty());
  CHECK_NOTHROW(split_passages("\xff\xfe\x80 invalid utf-8 \xc3\n"));
}

// Real text that is not an article (tests/fixtures/splitter/README.md says where each file is
// from): its headings are only the ones it has, each within a screen above its passage.
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(PSEARCH_SPLITTER_FIXTURES) + "/" + name, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string trimmed_title(std::string_view line) {
  auto b = line.find_first_not_of(" \t#");
  auto e = line.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(line.substr(b, e - b + 1));
}

// Each level of every passage's heading is a line of the file at most 50 lines above the passage.
void check_headings_are_lines_near(const std::string& content, const std::vector<Passage>& passages) {
  auto lines = psearch::split_lines(content);
  for (const auto& p : passages) {
    std::string_view rest = p.heading;
    while (!rest.empty()) {
      auto sep = rest.find(psearch::kHeadingSeparator);
      std::string level(rest.substr(0, sep));
      rest = sep == std::string_view::npos ? "" : rest.substr(sep + std::string_view(psearch::kHeadingSeparator).size());
      bool found = false;
      for (int i = p.first_line - 1; i >= std::max(1, p.first_line - 50) && !found; --i)
        found = trimmed_title(lines.at(static_cast<std::size_t>(i - 1))) == level;
      CAPTURE(p.first_line, p.heading, level);
      CHECK(found);
    }
  }
}

// The passages that start at the pinned lines have these last lines and headings; no passage's
// heading contains any of the bad strings; text and heading distances hold for all.
void check_fixture(const std::string& name, const std::vector<Boundary>& pinned,
                   const std::vector<std::string>& bad_headings) {
  CAPTURE(name);
  auto content = read_fixture(name);
  auto passages = split_passages(content);
  for (const auto& b : pinned) {
    auto it = std::find_if(passages.begin(), passages.end(), [&](const Passage& p) { return p.first_line == b.first; });
    CAPTURE(b.first);
    REQUIRE(it != passages.end());
    CHECK(it->last_line == b.last);
    CHECK(it->heading == b.heading);
  }
  for (const auto& p : passages)
    for (const auto& bad : bad_headings) {
      CAPTURE(p.first_line, p.heading, bad);
      CHECK(p.heading.find(bad) == std::string::npos);
    }
  auto lines = psearch::split_lines(content);
  for (const auto& p : passages) {  // a one-line passage may be a fragment of a line over 200 words
    CAPTURE(p.first_line, p.last_line);
    if (p.first_line == p.last_line)
      CHECK(lines.at(static_cast<std::size_t>(p.first_line - 1)).substr(p.column, p.text.size()) == p.text);
    else
      check_text_is_lines(content, {p});
  }
  check_headings_are_lines_near(content, passages);
}

}  // namespace

TEST_CASE("a Debian changelog: item continuation lines join their item, no heading anywhere", "[splitter][real]") {
  check_fixture("linux-changelog.Debian-excerpt",
                {{1, 4, ""}, {56, 67, ""}, {68, 79, ""}, {295, 300, ""}},
                {"11ax", "CVE-", "vCPUs", " -- ", "linux ("});
  for (const auto& p : split_passages(read_fixture("linux-changelog.Debian-excerpt"))) CHECK(p.heading.empty());
}

TEST_CASE("systemd NEWS: a release's sign-off line and an example command are not headings", "[splitter][real]") {
  check_fixture("systemd-NEWS-250-excerpt", {{36, 36, ""}, {38, 38, ""}, {40, 50, ""}, {122, 131, ""}},
                {"Edinburgh", "2022-05-21"});
  check_fixture("systemd-NEWS-252-excerpt",
                {{84, 94, "Changes in systemd itself, i.e. the manager and units"},
                 {122, 122, "Changes in systemd itself, i.e. the manager and units"},
                 {124, 130, "Changes in systemd itself, i.e. the manager and units"}},
                {"ConditionFirmware"});
}

TEST_CASE("apt's history.log: log records are neither headings nor a › chain of them", "[splitter][real]") {
  check_fixture("apt-history.log", {{2, 2, ""}, {3, 3, ""}, {4, 4, ""}, {22, 25, ""}, {70, 70, ""}},
                {"Start-Date", "End-Date", "Commandline", "\xE2\x80\xBA"});
}

TEST_CASE("the GPL: numbered sentences are not headings, Preamble and NO WARRANTY are", "[splitter][real]") {
  check_fixture("GPL-2",
                {{11, 19, "Preamble"},
                 {56, 57, "Preamble"},
                 {59, 70, "Preamble"},  // 50 lines below it: the farthest a heading reaches
                 {72, 77, ""},
                 {79, 85, ""},
                 {260, 268, "NO WARRANTY"},
                 {284, 286, "END OF TERMS AND CONDITIONS \xE2\x80\xBA How to Apply These Terms to Your New Programs"}},
                {"0. This License", "1. You may copy", "2. You may modify", "7. If, as a consequence"});
}

TEST_CASE("kernel docs: a numbered sentence, a wrapped line and a URL line are not headings", "[splitter][real]") {
  check_fixture("kernel-tlan.rst",
                {{7, 7, "TLAN driver for Linux"},
                 {15, 15, "TLAN driver for Linux"},
                 {24, 24, "I. Supported Devices"},
                 {63, 65, "II. Driver Options"},
                 {74, 82, "II. Driver Options"},
                 {130, 133, "III. Things to try if you have problems"}},
                {"1. You can append", "For driver information"});
  check_fixture("kernel-coding-style-excerpt.rst",
                {{47, 49, "6.1) Function prototypes"},
                 {54, 56, "6.1) Function prototypes"},
                 {58, 59, "6.1) Function prototypes"},
                 {61, 72, "6.1) Function prototypes"}},
                {"When writing function prototypes"});
}

TEST_CASE("a man page: its running header is not a heading", "[splitter][real]") {
  check_fixture("man-ls-excerpt.txt", {{1, 1, ""}, {3, 4, ""}, {17, 21, ""}, {117, 120, ""}},
                {"LS(1)", "User Commands"});
}

TEST_CASE("Markdown: no heading from front matter, a shell prompt or a comment in a fence", "[splitter][real]") {
  check_fixture("systemd-HACKING-excerpt.md",
                {{2, 5, ""}, {10, 12, "Hacking on systemd"}, {56, 62, "Hacking on systemd"}, {117, 118, "Templating engines in .in files"}},
                {"SPDX", "Fedora", "Debian/Ubuntu", "Arch", "Install build dependencies"});
}

TEST_CASE("a heading more than 50 lines above a passage is not its heading, nearer levels stay", "[splitter]") {
  std::string text = "# Guide\n\n## Setup\n\n";
  for (int i = 0; i < 30; ++i) text += "Paragraph " + std::to_string(i) + " of the setup.\n\n";
  text += "## Usage\n\n";
  for (int i = 0; i < 30; ++i) text += "Paragraph " + std::to_string(i) + " of the usage.\n\n";
  auto p = split_passages(text);
  REQUIRE(p.size() == 60);
  CHECK(p[0].heading == "Guide \xE2\x80\xBA Setup");
  CHECK(p[23].first_line == 51);
  CHECK(p[23].heading == "Guide \xE2\x80\xBA Setup");  // 50 lines below "# Guide": still shown
  CHECK(p[24].heading == "Setup");                      // 51 below it: only the nearer level
  CHECK(p[30].heading == "Usage");
  CHECK(p[59].first_line == 125);
  CHECK(p[59].heading.empty());  // 60 lines below "## Usage"
}
