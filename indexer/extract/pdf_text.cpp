// poppler-cpp gives each page's text and the outline's titles (without their pages): the titles
// are found in the text in order, and running page furniture is dropped by its repetition.
#include "extract/pdf_text.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <poppler/cpp/poppler-toc.h>

#include <algorithm>
#include <climits>
#include <map>
#include <memory>
#include <regex>

#include "extract/encoding.hpp"

namespace psearch::extract {
namespace {

constexpr int kMaxOutlineDepth = 32;  // deeper outline items are not looked for
constexpr std::size_t kMinRunningPages = 3;  // fewer pages do not tell a running header from text

using PageLines = std::vector<std::string>;

void ignore_poppler_message(const std::string&, void*) {}

std::string trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

std::string to_utf8(const poppler::ustring& text) {
  auto bytes = text.to_utf8();
  return repair_utf8(std::string_view(bytes.data(), bytes.size()));
}

// A page's lines, trimmed, controls (the form feed at its end) as spaces, without blank lines at
// either end.
PageLines page_lines(const poppler::page& page) {
  std::string text = to_utf8(page.text(poppler::rectf(), poppler::page::non_raw_non_physical_layout));
  PageLines lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = std::min(text.find('\n', pos), text.size());
    std::string line(text, pos, nl - pos);
    std::replace_if(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }, ' ');
    lines.push_back(trim(line));
    pos = nl + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  auto first = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return !l.empty(); });
  lines.erase(lines.begin(), first);
  return lines;
}

bool is_page_number(const std::string& line) {
  static const std::regex number(R"(^[-\s\[(]*(page\s*)?[0-9]+(\s*(of|/)\s*[0-9]+)?[-\s\])]*$)", std::regex::icase);
  return line.size() <= 40 && std::regex_match(line, number);
}

std::string digits_as_hash(std::string line) {
  std::replace_if(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; }, '#');
  return line;
}

// Removes the page's top (or bottom) line when it is a page number or, counted in `running`, the
// same (but for its digits) on most pages.
void drop_running_line(std::vector<PageLines>& pages, bool top) {
  std::map<std::string, std::size_t> running;
  for (auto& p : pages)
    if (!p.empty()) ++running[digits_as_hash(top ? p.front() : p.back())];
  for (auto& p : pages) {
    if (p.empty()) continue;
    const std::string& line = top ? p.front() : p.back();
    std::size_t seen = running[digits_as_hash(line)];
    bool repeated = pages.size() >= kMinRunningPages && seen >= kMinRunningPages && seen * 2 >= pages.size();
    if (!is_page_number(line) && !repeated) continue;
    if (top) p.erase(p.begin());
    else p.pop_back();
    while (!p.empty() && (top ? p.front() : p.back()).empty()) top ? (void)p.erase(p.begin()) : p.pop_back();
  }
}

std::vector<TextLine> join_pages(const std::vector<PageLines>& pages) {
  std::vector<TextLine> lines;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    auto page = static_cast<std::uint32_t>(i + 1);
    if (!pages[i].empty() && !lines.empty())
      lines.push_back({std::string(), static_cast<std::uint32_t>(lines.size() + 1), lines.back().page});
    for (const auto& text : pages[i]) lines.push_back({text, static_cast<std::uint32_t>(lines.size() + 1), page});
  }
  return lines;
}

// A title or a line compared as words, without a leading section number ("2.1 Results").
std::string heading_key(std::string_view text) {
  std::string words;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t') {
      space = !words.empty();
      continue;
    }
    if (space) words += ' ';
    space = false;
    words += c;
  }
  auto start = words.find_first_not_of("0123456789.");
  if (start != 0 && start != std::string::npos && words[start] == ' ') words.erase(0, start + 1);
  return words;
}

// Marks the lines the outline names as headings, in outline order: each title is looked for after
// the line of the one before it.
void mark_outline(const poppler::toc_item& item, int depth, std::vector<TextLine>& lines, std::size_t& cursor) {
  for (const poppler::toc_item* child : item.children()) {
    std::string key = heading_key(to_utf8(child->title()));
    auto found = key.empty() ? lines.end()
                             : std::find_if(lines.begin() + static_cast<std::ptrdiff_t>(cursor), lines.end(),
                                            [&](const TextLine& l) { return heading_key(l.text) == key; });
    if (found != lines.end()) {
      found->text = std::string(static_cast<std::size_t>(std::min(depth, 6)), '#') + " " + found->text;
      cursor = static_cast<std::size_t>(found - lines.begin()) + 1;
    }
    if (depth < kMaxOutlineDepth) mark_outline(*child, depth + 1, lines, cursor);
  }
}

}  // namespace

std::variant<std::vector<TextLine>, Skipped> pdf_lines(std::string_view bytes) {
  static const bool quiet = (poppler::set_debug_error_function(ignore_poppler_message, nullptr), true);
  (void)quiet;
  if (bytes.size() > INT_MAX) return Skipped{SkipReason::TooLarge, "PDF over 2 GB"};
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return Skipped{SkipReason::Unreadable, "broken PDF"};
  if (doc->is_locked()) return Skipped{SkipReason::Unreadable, "encrypted PDF (needs a password)"};
  std::vector<PageLines> pages;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    pages.push_back(page ? page_lines(*page) : PageLines{});
  }
  if (pages.empty()) return Skipped{SkipReason::Unreadable, "PDF without pages"};
  drop_running_line(pages, true);
  drop_running_line(pages, false);
  auto lines = join_pages(pages);
  if (lines.empty()) return Skipped{SkipReason::Unsupported, "PDF without text (scanned pages?)"};
  std::unique_ptr<poppler::toc> toc(doc->create_toc());
  std::size_t cursor = 0;
  if (toc && toc->root()) mark_outline(*toc->root(), 1, lines, cursor);
  return lines;
}

}  // namespace psearch::extract
