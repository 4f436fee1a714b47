// gitignore(5) semantics with fnmatch(3) for each path segment; "**" segments are the one part
// fnmatch has no notion of.
#include "indexer/ignore_rules.hpp"

#include <fnmatch.h>
#include <sys/stat.h>

#include <filesystem>

#include "format/text_lines.hpp"

namespace psearch {
namespace {

std::string_view trim_trailing_spaces(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
    std::size_t before = line.size() - 1;
    if (before > 0 && line[before - 1] == '\\') break;  // "\ " keeps the space
    line.remove_suffix(1);
  }
  return line;
}

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool glob_matches(std::string_view glob, std::string_view name) {
  return fnmatch(std::string(glob).c_str(), std::string(name).c_str(), 0) == 0;
}

// "**" matches any number of whole segments; a trailing "**" at least one ("dir/**" is what is
// inside dir, not dir).
bool segments_match(const std::vector<std::string_view>& pat, std::size_t i,
                    const std::vector<std::string_view>& path, std::size_t j) {
  if (i == pat.size()) return j == path.size();
  if (pat[i] == "**") {
    if (i + 1 == pat.size()) return j < path.size();
    for (std::size_t k = j; k <= path.size(); ++k)
      if (segments_match(pat, i + 1, path, k)) return true;
    return false;
  }
  return j < path.size() && glob_matches(pat[i], path[j]) && segments_match(pat, i + 1, path, j + 1);
}

bool exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

std::vector<IgnorePattern> read_rules(const std::string& path) {
  auto text = read_file(path);
  return text ? parse_ignore_file(*text) : std::vector<IgnorePattern>{};
}

std::string child(const std::string& dir, const char* name) {
  std::string path = dir;
  if (path != "/") path += '/';
  return path += name;
}

}  // namespace

std::vector<IgnorePattern> parse_ignore_file(std::string_view text) {
  std::vector<IgnorePattern> rules;
  for (std::string_view line : split_lines(text)) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = trim_trailing_spaces(line);
    if (line.empty() || line.front() == '#') continue;
    IgnorePattern p;
    if (line.front() == '!') {
      p.negated = true;
      line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
      p.dir_only = true;
      line.remove_suffix(1);
    }
    p.anchored = line.find('/') != std::string_view::npos;
    if (!line.empty() && line.front() == '/') line.remove_prefix(1);
    if (line.empty()) continue;
    p.glob = std::string(line);
    rules.push_back(std::move(p));
  }
  return rules;
}

bool pattern_matches(const IgnorePattern& pattern, std::string_view relative_path, bool is_dir) {
  if (pattern.dir_only && !is_dir) return false;
  if (!pattern.anchored) {
    std::size_t slash = relative_path.rfind('/');
    return glob_matches(pattern.glob, slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1));
  }
  return segments_match(split_segments(pattern.glob), 0, split_segments(relative_path), 0);
}

IgnoreStack::IgnoreStack(const std::string& root) {
  std::vector<std::string> above;
  for (auto p = std::filesystem::path(root).parent_path(); ; p = p.parent_path()) {
    above.push_back(p.string());
    if (p == p.parent_path()) break;
  }
  // Only the folders from the work tree's top down obey its .gitignore files.
  std::size_t git_top = above.size();
  for (std::size_t i = 0; i < above.size() && git_top == above.size(); ++i)
    if (exists(child(above[i], ".git"))) git_top = i;
  for (std::size_t i = above.size(); i-- > 0;) push(above[i], i <= git_top && git_top < above.size());
}

void IgnoreStack::push(const std::string& dir, bool in_git) {
  Frame f;
  f.dir = dir;
  f.in_git = in_git || exists(child(dir, ".git"));
  if (f.in_git) {
    f.rules[kGit] = read_rules(child(dir, ".git") + "/info/exclude");  // before .gitignore: it loses
    auto own = read_rules(child(dir, ".gitignore"));
    f.rules[kGit].insert(f.rules[kGit].end(), own.begin(), own.end());
  }
  f.rules[kIgnore] = read_rules(child(dir, ".ignore"));
  f.rules[kPsearch] = read_rules(child(dir, ".psearchignore"));
  frames_.push_back(std::move(f));
}

void IgnoreStack::enter(const std::string& dir) { push(dir, !frames_.empty() && frames_.back().in_git); }

void IgnoreStack::leave() { frames_.pop_back(); }

bool IgnoreStack::ignored(const std::string& path, bool is_dir) const {
  for (int tier = kTiers - 1; tier >= 0; --tier) {
    for (auto f = frames_.rbegin(); f != frames_.rend(); ++f) {
      const auto& rules = f->rules[tier];
      if (rules.empty()) continue;
      std::size_t skip = f->dir == "/" ? 1 : f->dir.size() + 1;
      if (path.size() <= skip || path.compare(0, f->dir.size(), f->dir) != 0) continue;
      std::string_view relative = std::string_view(path).substr(skip);
      for (auto r = rules.rbegin(); r != rules.rend(); ++r)
        if (pattern_matches(*r, relative, is_dir)) return !r->negated;
    }
  }
  return false;
}

}  // namespace psearch
