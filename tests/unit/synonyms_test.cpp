// Synonyms: which other terms of a group a passage is indexed with.
#include <catch2/catch.hpp>

#include "indexer/synonyms.hpp"

using psearch::Synonyms;

TEST_CASE("built-in abbreviations expand both ways, in any inflection", "[synonyms]") {
  auto s = Synonyms::builtin();
  CHECK(s.expansions("RLS is common.") == std::vector<std::string>{"restless legs syndrome"});
  CHECK(s.expansions("Restless Leg Syndrome is common.") == std::vector<std::string>{"RLS"});
  CHECK(s.expansions("jerking of the legs, known as PLM") == std::vector<std::string>{"PLMD", "periodic limb movements"});
  CHECK(s.expansions("Magnesium helps.") == std::vector<std::string>{"Mg"});
  CHECK(s.expansions("Mg helps.") == std::vector<std::string>{"magnesium"});
  CHECK(s.expansions("take 400 mg daily").empty());  // milligrams are not magnesium
  CHECK(s.expansions("RLS and magnesium") == std::vector<std::string>{"restless legs syndrome", "Mg"});
  CHECK(s.expansions("nothing here").empty());
  // An abbreviation's plural is the abbreviation: "RLS-or PLMS-related insomnia".
  CHECK(s.expansions("PLMs and PLMS") == std::vector<std::string>{"PLMD", "periodic limb movements"});
  CHECK(s.expansions("PLMX").empty());
}

TEST_CASE("a file's own abbreviations are synonyms in its passages", "[synonyms]") {
  auto s = Synonyms::builtin();
  CHECK_FALSE(s.with_definitions("No definitions here (none at all)."));
  auto file = s.with_definitions("Sleep needs GABA (gamma-aminobutyric acid).\n\nIt promotes GABA.\n");
  REQUIRE(file);
  CHECK(file->expansions("It promotes GABA.") == std::vector<std::string>{"gamma-aminobutyric acid"});
  CHECK(file->expansions("levels of gamma aminobutyric acids") == std::vector<std::string>{"GABA"});
  CHECK(file->expansions("RLS") == std::vector<std::string>{"restless legs syndrome"});  // the groups stay
  CHECK(s.expansions("It promotes GABA.").empty());  // only that file's
  // A definition a group already holds is not indexed twice.
  auto known = s.with_definitions("Restless Leg Syndrome (RLS) is common.");
  REQUIRE(known);
  CHECK(known->expansions("RLS") == std::vector<std::string>{"restless legs syndrome"});
}

TEST_CASE("a synonyms file adds groups, bad lines become warnings", "[synonyms]") {
  auto s = Synonyms::builtin();
  auto before = s.fingerprint();
  std::vector<std::string> warnings;
  s.add_text("# comment\nWED, Willis-Ekbom disease  # trailing comment\n\nlonely\ncramp, spasm\n", "syn.txt",
             [&](const std::string& w) { warnings.push_back(w); });
  CHECK(warnings == std::vector<std::string>{"syn.txt:4: a synonym group needs two or more terms separated by commas"});
  CHECK(s.fingerprint() != before);
  CHECK(s.expansions("Willis-Ekbom disease") == std::vector<std::string>{"WED"});
  CHECK(s.expansions("Muscle cramps at night") == std::vector<std::string>{"spasm"});
}

TEST_CASE("expansions of a heading and a text say which the text itself calls for", "[synonyms]") {
  auto s = Synonyms::builtin();
  auto of = [&](std::string_view heading, std::string_view text) {
    std::vector<std::string> out;
    for (const auto& e : s.expansions(heading, text)) out.push_back(e.text + (e.in_text ? " (text)" : " (heading)"));
    return out;
  };
  CHECK(of("Treating RLS", "Iron tablets helped.") == std::vector<std::string>{"restless legs syndrome (heading)"});
  CHECK(of("Treating RLS", "RLS came back.") == std::vector<std::string>{"restless legs syndrome (text)"});
  CHECK(of("Magnesium and RLS", "Mg oil helped.") ==
        std::vector<std::string>{"restless legs syndrome (heading)"});  // Mg and magnesium both said: nothing to add
  CHECK(of("", "PLM at night") == std::vector<std::string>{"PLMD (text)", "periodic limb movements (text)"});
  CHECK(of("Restless", "legs syndrome") == std::vector<std::string>{"RLS (heading)"});  // as heading + "\n" + text
  for (const char* text : {"RLS is common.", "jerking of the legs, known as PLM", "Mg and RLS"}) {
    std::vector<std::string> flat;
    for (const auto& e : s.expansions("", text)) flat.push_back(e.text);
    CHECK(flat == s.expansions(text));
  }
}

TEST_CASE("a passage's words are split as Xapian splits them, whatever was matched before", "[synonyms]") {
  Synonyms s;
  s.add_text("écrire, write out\nnoyau, 内核\nTCP, transmission control protocol\n", "syn.txt", [](const std::string&) {});
  // Non-ASCII word characters, a CJK word, invalid bytes: each one character, read as Latin-1 (as
  // Utf8Iterator reads it: 0x80 is a control character, 0xFE the letter þ).
  CHECK(s.expansions("Il faut écrire.") == std::vector<std::string>{"write out"});
  CHECK(s.expansions("Le 内核 dort") == std::vector<std::string>{"noyau"});
  CHECK(s.expansions("\x80" "TCP\x80" "s") == std::vector<std::string>{"transmission control protocol"});
  CHECK(s.expansions("TCP\xfe").empty());
  CHECK(s.expansions("TCP_x tcp").empty());  // '_' joins words; an exact term keeps its case
  CHECK(s.expansions("TCPs") == std::vector<std::string>{"transmission control protocol"});
  CHECK(s.expansions("TCPS, TCPx").size() == 1);
  // The passages of a section share a heading, and a field's words come between them.
  auto of = [&](std::string_view heading, std::string_view text) {
    std::vector<std::string> out;
    for (const auto& e : s.expansions(heading, text)) out.push_back(e.text + (e.in_text ? " (text)" : " (heading)"));
    return out;
  };
  const std::vector<std::string> heading_only{"transmission control protocol (heading)"};
  CHECK(of("TCP tuning", "Buffers.") == heading_only);
  CHECK(s.expansions("Buffers") == std::vector<std::string>{});
  CHECK(of("TCP tuning", "More buffers.") == heading_only);
  CHECK(of("TCP tuning", "Write out the TCP state.") == std::vector<std::string>{"écrire (text)", "transmission control protocol (text)"});
  CHECK(of("Other", "Buffers.").empty());
  CHECK(of("", "transmission control") .empty());
  CHECK(of("transmission control", "protocol") == std::vector<std::string>{"TCP (heading)"});  // heading + "\n" + text
  CHECK(of("TCP tuning", "Buffers.") == heading_only);
}

TEST_CASE("a term is found whatever its inflection rewrites, also where the words are not split", "[synonyms]") {
  // Each passage is looked at whole before it is split into words again (Synonyms::may_start_a_term):
  // the words whose stems rewrite their ends must still be found.
  Synonyms s;
  s.add_text("happy hour, cheap drinks\nability test, skill check\ndying star, red giant\nlying witness, false testimony\n"
             "DMA, direct memory access\n",
             "test", [](const std::string&) {});
  CHECK(s.expansions("Happiness hours ahead") == std::vector<std::string>{"cheap drinks"});
  CHECK(s.expansions("their abilities tested") == std::vector<std::string>{"skill check"});
  CHECK(s.expansions("A dying star.") == std::vector<std::string>{"red giant"});
  CHECK(s.expansions("dies star") == std::vector<std::string>{"red giant"});  // "dies" stems to "die" too
  CHECK(s.expansions("the lying witnesses") == std::vector<std::string>{"false testimony"});
  CHECK(s.expansions("Direct memory accesses") == std::vector<std::string>{"DMA"});
  CHECK(s.expansions("DMAs") == std::vector<std::string>{"direct memory access"});
  CHECK(s.expansions("a non-DMA path") == std::vector<std::string>{"direct memory access"});
  CHECK(s.expansions("noDMA or dma").empty());  // exact: as written, a word of its own
  CHECK(s.expansions("an unhappy hour").empty());
  CHECK(s.expansions("Ünïcode: happy hour") == std::vector<std::string>{"cheap drinks"});
  auto both = s.expansions("Skill check", "a dying star");
  REQUIRE(both.size() == 2);
  CHECK(both[0].text == "ability test");
  CHECK_FALSE(both[0].in_text);
  CHECK(both[1].text == "red giant");
  CHECK(both[1].in_text);
}
