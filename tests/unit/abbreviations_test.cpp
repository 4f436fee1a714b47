// Abbreviation definitions: both orders, the fewest words that spell the short form, and what is
// not a definition (a remark, a plain word, code).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "format/text_lines.hpp"
#include "indexer/abbreviations.hpp"
#include "tests/support/timing.hpp"

using psearch::Abbreviation;
using psearch::find_abbreviations;

TEST_CASE("the bundled articles define RLS and GABA", "[abbreviations]") {
  auto content = psearch::read_file(std::string(PSEARCH_CORPUS_DIR) + "/002_1b584d0e5cf49e70.txt");
  REQUIRE(content);
  CHECK(find_abbreviations(*content) == std::vector<Abbreviation>{{"RLS", "Restless Leg Syndrome"},
                                                                    {"GABA", "gamma-aminobutyric acid"}});
  // The other three articles define none: "RLS (UK)" is a name, not a definition.
  for (const char* name : {"000_26e1a961aff6a05a.txt", "001_4f2d55db69d1969f.txt", "003_fe4224afaf5b4845.txt"}) {
    auto other = psearch::read_file(std::string(PSEARCH_CORPUS_DIR) + "/" + name);
    REQUIRE(other);
    CHECK(find_abbreviations(*other).empty());
  }
}

TEST_CASE("long form (SF) and SF (long form): the fewest words that spell it", "[abbreviations]") {
  CHECK(find_abbreviations("It is tuned by the Maximum Transmission Unit (MTU) of the link.") ==
        std::vector<Abbreviation>{{"MTU", "Maximum Transmission Unit"}});
  CHECK(find_abbreviations("Each VF (virtual function) has a queue.") ==
        std::vector<Abbreviation>{{"VF", "virtual function"}});
  // Words that spell nothing of it are left out; a plural short form; a wrapped line.
  CHECK(find_abbreviations("We measured the periodic limb movements in sleep (PLMS) at night.") ==
        std::vector<Abbreviation>{{"PLMS", "periodic limb movements in sleep"}});
  CHECK(find_abbreviations("so that virtual\nmachines (VMs) start") == std::vector<Abbreviation>{{"VMs", "virtual\nmachines"}});
  // Each pair once, in order of appearance.
  CHECK(find_abbreviations("Heart Rate Variability (HRV) ... the Heart Rate Variability (HRV) again; Wake on LAN (WoL)") ==
        std::vector<Abbreviation>{{"HRV", "Heart Rate Variability"}, {"WoL", "Wake on LAN"}});
}

TEST_CASE("what is not a definition", "[abbreviations]") {
  CHECK(find_abbreviations("A study (see below) found it.").empty());            // not a short form
  CHECK(find_abbreviations("The Charity RLS (UK) says so.").empty());          // UK spelled by nothing before it
  CHECK(find_abbreviations("call FOO(BAR) and if (DEBUG) print").empty());      // code: no space, or no long form
  CHECK(find_abbreviations("the value (X) is one letter").empty());             // one capital
  CHECK(find_abbreviations("Magnesium (Mg) helps").empty());                    // one capital: a symbol, not an abbreviation
  CHECK(find_abbreviations("alpha beta. (AB)").empty());                        // not in the same sentence
  CHECK(find_abbreviations("GABA (a neurotransmitter)").empty());               // does not spell GABA
  CHECK(find_abbreviations("x = f(a, b) + (TOTAL_COUNT) * (y)").empty());       // a formula
  CHECK(find_abbreviations("").empty());
  CHECK(find_abbreviations("((((").empty());
  CHECK(find_abbreviations(" (AB").empty());                                    // never closed
  std::string hostile(5000, '(');
  hostile += std::string(5000, ')') + "\xff\xfe (\xc3) \x80 (AB)";
  CHECK_NOTHROW(find_abbreviations(hostile));
}

// Each '(' looked for its ')' to the end of the text: a file of unclosed parentheses took
// quadratic time (40,000 of them: 82 ms, 160,000 would take 1.3 s, a 24 MB file hours). In linear
// time 16x the parentheses take about 16x as long; the bound allows 64x. Best of 5 runs.
TEST_CASE("unclosed parentheses take linear time", "[abbreviations][timing]") {
  auto seconds = [](int n) {
    std::string text;
    for (int i = 0; i < n; ++i) text += "word (";
    return test_support::best_of_5_seconds([&] { CHECK(find_abbreviations(text).empty()); });
  };
  double small = seconds(4000), large = seconds(64000);
  INFO("4,000: " << small << " s; 64,000: " << large << " s");
  CHECK(large < 64 * std::max(small, 1e-4));
}
