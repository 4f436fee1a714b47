// Passage splitting in three steps: classify each line (blank, heading, list item, prose) and
// gather lines into units (a heading, a paragraph, a list item), both in line_roles.cpp; then,
// here, group units into passages (a list joins the paragraph that introduces it) under their
// heading path, and cut groups that exceed the size limits.
#include "indexer/passage_splitter.hpp"

#include <algorithm>
#include <cstdint>

#include "indexer/line_roles.hpp"

namespace psearch {
namespace {

using lines::LineInfo;
using lines::Role;
using lines::Unit;

constexpr std::size_t kMaxHeadingDepth = 3;
// About a screen: a heading further above a passage than this is not shown as its heading.
constexpr int kMaxHeadingDistance = 50;

struct HeadingLevel {
  std::string text;
  int line;  // 0-based
};

struct Chunk {
  int first;
  int last;
  int words;
};

class PassageBuilder {
public:
  PassageBuilder(const std::vector<LineInfo>& info, const PassageSink& emit) : info_(info), emit_(emit) {}

  void set_heading(std::vector<HeadingLevel> path) { path_ = std::move(path); }

  // Emits the line range [first, last] as passages within the size limits.
  void emit_group(const std::vector<Unit>& group) {
    std::vector<Chunk> chunks;
    for (const auto& u : group) add_chunks(u, chunks);
    Chunk cur{-1, -1, 0};
    for (const auto& c : chunks) {
      if (c.words > kMaxWords) {  // a single line too long to keep whole
        flush(cur);
        emit_long_line(c.first);
        continue;
      }
      if (cur.first >= 0 && (c.last - cur.first + 1 > kMaxLines || cur.words + c.words > kMaxWords)) flush(cur);
      if (cur.first < 0) cur = c;
      else cur = {cur.first, c.last, cur.words + c.words};
    }
    flush(cur);
  }

private:
  int words(int first, int last) const {
    int w = 0;
    for (int i = first; i <= last; ++i) w += info_[i].words;
    return w;
  }

  // List items stay whole when they fit; prose may be cut where a line ends a sentence.
  void add_chunks(const Unit& u, std::vector<Chunk>& chunks) const {
    int w = words(u.first, u.last);
    if (u.role == Role::Item && u.last - u.first + 1 <= kMaxLines && w <= kMaxWords) {
      chunks.push_back({u.first, u.last, w});
      return;
    }
    std::vector<Chunk> sentences;
    int start = u.first;
    for (int i = u.first; i <= u.last; ++i)
      if (i == u.last || lines::ends_sentence(info_[i].text)) {
        sentences.push_back({start, i, words(start, i)});
        start = i + 1;
      }
    for (const auto& s : sentences) {
      if (s.last - s.first + 1 <= kMaxLines && s.words <= kMaxWords) chunks.push_back(s);
      else
        for (int i = s.first; i <= s.last; ++i) chunks.push_back({i, i, info_[i].words});
    }
  }

  void flush(Chunk& c) {
    if (c.first < 0) return;
    std::string text;
    for (int i = c.first; i <= c.last; ++i) {
      if (i > c.first) text.push_back('\n');
      text.append(info_[i].text);
    }
    emit_({c.first + 1, c.last + 1, heading_for(c.first), std::move(text)});
    c = {-1, -1, 0};
  }

  // One line over kMaxWords: fragments of whole sentences (of words, when a sentence is too long).
  void emit_long_line(int line) {
    std::string_view s = info_[line].text;
    std::size_t pos = 0;
    while (pos < s.size()) {
      while (pos < s.size() && lines::is_space(static_cast<unsigned char>(s[pos]))) ++pos;
      if (pos >= s.size()) break;
      std::size_t end = pos, last_sentence_end = 0;
      int w = 0;
      bool in_word = false;
      for (; end < s.size(); ++end) {
        bool space = lines::is_space(static_cast<unsigned char>(s[end]));
        if (!space && !in_word && ++w > kMaxWords) break;
        in_word = !space;
        if (space && end > pos && std::string_view(".!?").find(s[end - 1]) != std::string_view::npos)
          last_sentence_end = end;
      }
      if (end < s.size() && last_sentence_end > pos) end = last_sentence_end;
      if (auto fragment = lines::trim(s.substr(pos, end - pos)); lines::count_words(fragment) > 0)
        emit_({line + 1, line + 1, heading_for(line), std::string(fragment),
               static_cast<std::size_t>(fragment.data() - info_[line].text.data())});
      pos = end;
    }
  }

  // The path's levels near enough above the passage's first line: a reader a screen below a
  // heading no longer sees it, so neither does the passage.
  std::string heading_for(int first) const {
    std::string s;
    for (const auto& level : path_) {
      if (first - level.line > kMaxHeadingDistance) continue;
      if (!s.empty()) s += kHeadingSeparator;
      s += level.text;
    }
    return s;
  }

  const std::vector<LineInfo>& info_;
  const PassageSink& emit_;
  std::vector<HeadingLevel> path_;
};


}  // namespace

std::vector<Passage> split_passages(std::string_view content) {
  std::vector<Passage> out;
  split_passages(content, [&out](Passage&& p) { out.push_back(std::move(p)); });
  return out;
}

void split_passages(std::string_view content, const PassageSink& emit) {
  auto info = lines::classify_lines(split_lines(content));  // the line views live on in info
  auto units = lines::gather_units(info);

  PassageBuilder builder(info, emit);
  std::vector<HeadingLevel> path, top_path;
  bool after_heading = false;
  // Index of the last unit that is not a heading: headings after it have nothing under them.
  std::size_t last_content = 0;
  for (std::size_t u = 0; u < units.size(); ++u)
    if (units[u].role != Role::Heading) last_content = u;
  for (std::size_t u = 0; u < units.size();) {
    const auto& unit = units[u];
    if (unit.role == Role::Heading) {
      bool content_follows = u < last_content;
      if (!content_follows) {  // nothing under it: the heading is searchable text of its own
        builder.emit_group({unit});
      } else if (info[unit.first].numbered) {
        path = top_path;
        path.push_back({lines::heading_text(info[unit.first].text), unit.first});
      } else {
        if (!after_heading || path.size() >= kMaxHeadingDepth) path.clear();
        path.push_back({lines::heading_text(info[unit.first].text), unit.first});
        top_path = path;
      }
      builder.set_heading(path);
      after_heading = content_follows;
      ++u;
      continue;
    }
    after_heading = false;
    // A list takes the paragraph just before it: the sentence that introduces it.
    std::vector<Unit> group{unit};
    std::size_t next = u + 1;
    while (next < units.size() && units[next].role == Role::Item) group.push_back(units[next++]);
    builder.emit_group(group);
    u = next;
  }
}

}  // namespace psearch
