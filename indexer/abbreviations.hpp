// Abbreviations a text defines for itself: "gamma-aminobutyric acid (GABA)" or "GABA
// (gamma-aminobutyric acid)". Schwartz and Hearst's algorithm ("A simple algorithm for identifying
// abbreviation definitions in biomedical text", PSB 2003): the short form in parentheses, or just
// before them, and the fewest words next to it whose letters spell it, each word-initial letter
// first. Pure: no Xapian, no I/O.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace psearch {

struct Abbreviation {
  std::string short_form;  // as written: "GABA"
  std::string long_form;   // as written: "gamma-aminobutyric acid"
  bool operator==(const Abbreviation&) const = default;
};

/// The definitions in text, each pair once, in the order they first appear.
std::vector<Abbreviation> find_abbreviations(std::string_view text);

}  // namespace psearch
