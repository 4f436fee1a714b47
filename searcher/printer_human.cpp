// Human output, ripgrep's colours: path magenta, line numbers green, matches bold red.
#include <fmt/format.h>

#include "searcher/printer.hpp"

namespace psearch {
namespace {

constexpr const char* kPathColor = "\x1b[35m";
constexpr const char* kLineColor = "\x1b[32m";
constexpr const char* kHeadingColor = "\x1b[1m";
constexpr const char* kMatchColor = "\x1b[1;31m";
constexpr const char* kReset = "\x1b[0m";

// Writes text[begin, end) with the spans inside it highlighted.
void write_marked(std::ostream& out, std::string_view text, std::size_t begin, std::size_t end,
                  const std::vector<Span>& spans, bool color) {
  std::size_t pos = begin;
  for (const auto& s : spans) {
    if (!color || s.end <= begin || s.begin >= end) continue;
    out << escape_controls(text.substr(pos, s.begin - pos)) << kMatchColor
        << escape_controls(text.substr(s.begin, s.end - s.begin)) << kReset;
    pos = s.end;
  }
  out << escape_controls(text.substr(pos, end - pos));
}

}  // namespace

// On stdout, not stderr: a reader of these hits must not take them for hits of the words typed.
void print_correction_note(std::ostream& out, const std::string& corrected, const std::string& typed, bool color) {
  out << "Showing results for " << (color ? kHeadingColor : "") << '"' << escape_controls(corrected) << '"'
      << (color ? kReset : "") << " (searched instead of \"" << escape_controls(typed)
      << "\"; --exact searches as typed)\n\n";
}

namespace {

// "file:line: heading", or "file:page N: heading" for a PDF, whose lines an editor cannot open.
void print_title(std::ostream& out, const Hit& hit, bool color) {
  const char* reset = color ? kReset : "";
  out << (color ? kPathColor : "") << escape_controls(hit.display_path) << reset << ':' << (color ? kLineColor : "");
  if (hit.page > 0) out << "page " << hit.page;
  else out << hit.first_line;
  out << reset << ':';
  if (!hit.heading.empty()) {
    out << ' ' << (color ? kHeadingColor : "");
    write_marked(out, hit.heading, 0, hit.heading.size(), hit.heading_matches, color);
    out << reset;
  }
  if (hit.stale) out << ' ' << kStaleNote;
  out << '\n';
}

// The text's lines, numbered when they are the file's lines one for one (never a PDF's); width
// is the numbers' (the unnumbered lines are indented as much).
void print_lines(std::ostream& out, const Hit& hit, int width, bool color) {
  const bool numbered = hit.numbered && hit.page == 0;
  std::string_view text = hit.text;
  std::size_t pos = 0;
  for (int line = hit.first_line; pos <= text.size(); ++line) {
    auto nl = text.find('\n', pos);
    auto end = nl == std::string_view::npos ? text.size() : nl;
    if (numbered) out << (color ? kLineColor : "") << fmt::format("{:>{}}", line, width + 2) << (color ? kReset : "");
    else out << std::string(static_cast<std::size_t>(width) + 2, ' ');
    out << "  ";
    write_marked(out, text, pos, end, hit.text_matches, color);
    out << '\n';
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

// --explain's terms, the near-duplicates folded in, the passages the per-file cap left out.
void print_notes(std::ostream& out, const Hit& hit, int width, bool color) {
  const char* reset = color ? kReset : "";
  const std::string indent(static_cast<std::size_t>(width) + 4, ' ');
  if (!hit.explain.empty()) {
    out << indent << "score " << fmt::format("{:.3f}", hit.score) << " =";
    const char* sep = " ";
    for (const auto& part : hit.explain) {
      out << sep << escape_controls(part.term) << " (" << part.kind << ") " << fmt::format("{:.3f}", part.weight);
      sep = " + ";
    }
    out << '\n';
  }
  for (const auto& copy : hit.also)
    out << indent << "also in " << (color ? kPathColor : "") << escape_controls(copy.display_path) << reset << ':'
        << (color ? kLineColor : "") << (copy.page > 0 ? fmt::format("page {}", copy.page) : std::to_string(copy.first_line))
        << reset << '\n';
  if (hit.more_in_file > 0)
    out << indent << hit.more_in_file << " more in " << (color ? kPathColor : "") << escape_controls(hit.display_path)
        << reset << '\n';
}

}  // namespace

void print_human(std::ostream& out, const std::vector<Hit>& hits, bool color) {
  bool first = true;
  for (const auto& hit : hits) {
    if (!first) out << '\n';
    first = false;
    print_title(out, hit, color);
    if (hit.stale && hit.text.empty()) continue;
    int width = static_cast<int>(std::to_string(hit.last_line).size());
    print_lines(out, hit, width, color);
    print_notes(out, hit, width, color);
  }
}

}  // namespace psearch
