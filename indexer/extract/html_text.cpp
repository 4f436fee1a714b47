// A walk of gumbo's tree: block elements break paragraphs, a few become Markdown, text nodes are
// collapsed as a browser shows them and placed at the source line of their first word.
#include "extract/html_text.hpp"

#include <gumbo.h>

#include <algorithm>
#include <memory>

#include "extract/line_writer.hpp"

namespace psearch::extract {
namespace {

// Deeper elements are not walked: the walk recurses, and no real page nests this deep.
constexpr int kMaxDepth = 400;

bool is_dropped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_HEAD: return true;
    default: return false;
  }
}

// Elements that end a paragraph before and after them.
bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_TABLE: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_HR: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: return true;
    default: return false;
  }
}

int heading_level(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    case GUMBO_TAG_H6: return 6;
    default: return 0;
  }
}

// The line of a text node's first non-space character: gumbo gives where the node starts.
std::uint32_t first_word_line(const GumboText& t) {
  std::string_view original(t.original_text.data, t.original_text.length);
  auto first = original.find_first_not_of(" \t\r\n\f");
  auto before = original.substr(0, first == std::string_view::npos ? original.size() : first);
  return t.start_pos.line + static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n'));
}

// An element's text on one line (a heading, a table cell, the title): its words, where they start.
struct InlineText {
  std::string text;
  std::uint32_t line = 0;
  bool space = false;
  void add(const GumboNode* node, int depth);
};

void InlineText::add(const GumboNode* node, int depth) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
    auto c = collapse_spaces(node->v.text.text);
    if (c.words.empty()) {
      space = space || c.space_before;
      return;
    }
    if (text.empty()) line = first_word_line(node->v.text);
    else if (space || c.space_before) text += ' ';
    text += c.words;
    space = c.space_after;
  } else if (node->type == GUMBO_NODE_ELEMENT && depth < kMaxDepth && !is_dropped(node->v.element.tag)) {
    if (node->v.element.tag == GUMBO_TAG_BR) space = true;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) add(static_cast<const GumboNode*>(children.data[i]), depth + 1);
  }
}

// The lines of a <pre>, as they are in the source, each with its source line.
class PreText {
 public:
  void add(const GumboNode* node, int depth);
  std::vector<TextLine> finish();

 private:
  void append(std::string_view text);
  std::vector<TextLine> lines_;
  std::string current_;
  std::uint32_t current_line_ = 0;
  std::uint32_t source_line_ = 0;
  bool started_ = false;
};

void PreText::add(const GumboNode* node, int depth) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
    const GumboText& t = node->v.text;
    source_line_ = t.start_pos.line;
    // The newline right after <pre> is not content (HTML drops it), but it is a source line.
    if (t.original_text.length > 0 && t.original_text.data[0] == '\n' && t.text[0] != '\n') ++source_line_;
    append(t.text);
  } else if (node->type == GUMBO_NODE_ELEMENT && depth < kMaxDepth && !is_dropped(node->v.element.tag)) {
    if (node->v.element.tag == GUMBO_TAG_BR) {
      if (node->v.element.start_pos.line > 0) source_line_ = node->v.element.start_pos.line;
      append("\n");
    }
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) add(static_cast<const GumboNode*>(children.data[i]), depth + 1);
  }
}

void PreText::append(std::string_view text) {
  for (char c : text) {
    if (!started_) {
      current_line_ = source_line_;
      started_ = true;
    }
    if (c == '\n') {
      lines_.push_back({std::move(current_), current_line_, 0});
      current_.clear();
      started_ = false;
      ++source_line_;
    } else if (c != '\r') {
      current_ += c;
    }
  }
}

std::vector<TextLine> PreText::finish() {
  if (started_) lines_.push_back({std::move(current_), current_line_, 0});
  return std::move(lines_);
}

class HtmlWalker {
 public:
  void walk(const GumboNode* node, int depth);
  void title(const GumboNode* document);
  std::vector<TextLine> finish() { return out_.finish(); }

 private:
  void element(const GumboElement& e, int depth);
  void children(const GumboElement& e, int depth);
  void heading(const GumboElement& e, int level, int depth);
  void row(const GumboElement& e, int depth);
  void pre(const GumboElement& e, int depth);

  LineWriter out_;
  int list_depth_ = 0;
};

void HtmlWalker::walk(const GumboNode* node, int depth) {
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE: {
      auto c = collapse_spaces(node->v.text.text);
      out_.add_text(c.words, c.space_before, c.space_after, c.words.empty() ? 0 : first_word_line(node->v.text));
      break;
    }
    case GUMBO_NODE_ELEMENT:
      if (depth < kMaxDepth) element(node->v.element, depth);
      break;
    case GUMBO_NODE_DOCUMENT:
      for (unsigned i = 0; i < node->v.document.children.length; ++i)
        walk(static_cast<const GumboNode*>(node->v.document.children.data[i]), depth + 1);
      break;
    default:  // comments, and templates (GUMBO_NODE_TEMPLATE): not shown
      break;
  }
}

void HtmlWalker::children(const GumboElement& e, int depth) {
  for (unsigned i = 0; i < e.children.length; ++i) walk(static_cast<const GumboNode*>(e.children.data[i]), depth + 1);
}

void HtmlWalker::element(const GumboElement& e, int depth) {
  if (is_dropped(e.tag)) return;
  if (int level = heading_level(e.tag)) return heading(e, level, depth);
  switch (e.tag) {
    case GUMBO_TAG_BR: return out_.line_break();
    case GUMBO_TAG_TR: return row(e, depth);
    case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING: case GUMBO_TAG_XMP: case GUMBO_TAG_PLAINTEXT: return pre(e, depth);
    case GUMBO_TAG_LI:
      out_.line_break();
      out_.set_prefix(std::string(2 * static_cast<std::size_t>(std::max(list_depth_ - 1, 0)), ' ') + "- ");
      children(e, depth);
      out_.set_prefix({});
      return out_.line_break();
    default: break;
  }
  bool block = is_block(e.tag);
  bool list = e.tag == GUMBO_TAG_UL || e.tag == GUMBO_TAG_OL;
  if (block) out_.paragraph_break();
  list_depth_ += list;
  children(e, depth);
  list_depth_ -= list;
  if (block) out_.paragraph_break();
}

void HtmlWalker::heading(const GumboElement& e, int level, int depth) {
  InlineText t;
  for (unsigned i = 0; i < e.children.length; ++i) t.add(static_cast<const GumboNode*>(e.children.data[i]), depth + 1);
  out_.paragraph_break();
  if (!t.text.empty()) out_.whole_line(std::string(static_cast<std::size_t>(level), '#') + " " + t.text, t.line);
  out_.paragraph_break();
}

void HtmlWalker::row(const GumboElement& e, int depth) {
  std::string line = "|";
  std::uint32_t source_line = 0;
  bool any = false;
  for (unsigned i = 0; i < e.children.length; ++i) {
    auto* cell = static_cast<const GumboNode*>(e.children.data[i]);
    if (cell->type != GUMBO_NODE_ELEMENT || (cell->v.element.tag != GUMBO_TAG_TD && cell->v.element.tag != GUMBO_TAG_TH))
      continue;
    InlineText t;
    t.add(cell, depth + 1);
    if (!t.text.empty() && !any) source_line = t.line;
    any = any || !t.text.empty();
    line += ' ';
    line += t.text;
    line += " |";
  }
  if (any) out_.whole_line(std::move(line), source_line);
}

void HtmlWalker::pre(const GumboElement& e, int depth) {
  PreText text;
  for (unsigned i = 0; i < e.children.length; ++i) text.add(static_cast<const GumboNode*>(e.children.data[i]), depth + 1);
  auto lines = text.finish();
  if (lines.empty()) return;
  out_.paragraph_break();
  out_.whole_line("```", e.start_pos.line);
  std::uint32_t last = e.start_pos.line;
  for (auto& l : lines) {
    last = l.source_line;
    out_.whole_line(std::move(l.text), l.source_line);
  }
  out_.whole_line("```", e.end_pos.line > last ? e.end_pos.line : last);
  out_.paragraph_break();
}

// The document's <title> (in <head>, which the walk drops), as its first heading.
void HtmlWalker::title(const GumboNode* document) {
  const GumboNode* html = nullptr;
  const GumboVector& top = document->v.document.children;
  for (unsigned i = 0; i < top.length && !html; ++i) {
    auto* n = static_cast<const GumboNode*>(top.data[i]);
    if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_HTML) html = n;
  }
  if (!html) return;
  for (unsigned i = 0; i < html->v.element.children.length; ++i) {
    auto* head = static_cast<const GumboNode*>(html->v.element.children.data[i]);
    if (head->type != GUMBO_NODE_ELEMENT || head->v.element.tag != GUMBO_TAG_HEAD) continue;
    for (unsigned j = 0; j < head->v.element.children.length; ++j) {
      auto* t = static_cast<const GumboNode*>(head->v.element.children.data[j]);
      if (t->type != GUMBO_NODE_ELEMENT || t->v.element.tag != GUMBO_TAG_TITLE) continue;
      InlineText text;
      text.add(t, 0);
      if (!text.text.empty()) out_.whole_line("# " + text.text, text.line);
      out_.paragraph_break();
      return;
    }
  }
}

// gumbo places the elements it makes up while repairing broken markup at line 0: a line placed by
// one takes the line of the one before it.
std::vector<TextLine> placed_lines(std::vector<TextLine> lines) {
  std::uint32_t last = 1;
  for (auto& l : lines) {
    if (l.source_line == 0) l.source_line = last;
    last = l.source_line;
  }
  return lines;
}

struct OutputDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

}  // namespace

std::vector<TextLine> html_lines(std::string_view html) {
  std::unique_ptr<GumboOutput, OutputDeleter> output(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  if (!output) return {};
  HtmlWalker walker;
  walker.title(output->document);
  walker.walk(output->document, 0);
  return placed_lines(walker.finish());
}

}  // namespace psearch::extract
