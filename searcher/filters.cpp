#include "searcher/filters.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "format/filter_terms.hpp"

namespace psearch {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The value after "dir:" or "ext:" at text[i]: a "quoted string" or the run up to a space.
std::string value_at(std::string_view text, std::size_t& i) {
  std::string value;
  if (i < text.size() && text[i] == '"') {
    std::size_t close = text.find('"', i + 1);
    if (close == std::string_view::npos) close = text.size();
    value = std::string(text.substr(i + 1, close - i - 1));
    i = close == text.size() ? close : close + 1;
    return value;
  }
  while (i < text.size() && !is_space(text[i])) value += text[i++];
  return value;
}

// Whether a filter word starts at text[i]; sets its sign, kind and where its value starts.
bool filter_at(std::string_view text, std::size_t i, bool& excluded, bool& is_dir, std::size_t& value_start) {
  if (i > 0 && !is_space(text[i - 1]) && text[i - 1] != '(') return false;
  excluded = text[i] == '-';
  std::size_t k = text[i] == '-' || text[i] == '+' ? i + 1 : i;
  auto rest = text.substr(k);
  if (!rest.starts_with("dir:") && !rest.starts_with("ext:")) return false;
  is_dir = rest.starts_with("dir:");
  value_start = k + 4;
  return value_start < text.size() && !is_space(text[value_start]);
}

Xapian::Query any_of(const std::vector<std::string>& terms) {
  if (terms.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// Every folder's term starts with its parents' patterns: dir: is a wildcard over the dir terms.
Xapian::Query dirs_query(const std::vector<std::string>& dirs, const std::string& cwd) {
  std::vector<std::string> patterns;
  for (const auto& d : dirs) patterns.push_back(schema::dir_pattern(resolve_dir(d, cwd)));
  std::sort(patterns.begin(), patterns.end());
  patterns.erase(std::unique(patterns.begin(), patterns.end()), patterns.end());
  std::vector<Xapian::Query> parts;
  for (const auto& p : patterns)
    parts.emplace_back(Xapian::Query::OP_WILDCARD, p, 0, Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_OR);
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query exts_query(const std::vector<std::string>& exts) {
  std::vector<std::string> terms;
  for (const auto& e : exts)
    if (auto t = schema::ext_term(e); !t.empty()) terms.push_back(std::move(t));
  return any_of(terms);
}

}  // namespace

std::string take_filters(std::string_view query, QueryFilters& filters) {
  std::string rest;
  bool in_phrase = false;
  for (std::size_t i = 0; i < query.size();) {
    bool excluded = false, is_dir = false;
    std::size_t value_start = 0;
    if (!in_phrase && filter_at(query, i, excluded, is_dir, value_start)) {
      std::size_t end = value_start;
      std::string value = value_at(query, end);
      auto& list = is_dir ? (excluded ? filters.excluded_dirs : filters.dirs)
                          : (excluded ? filters.excluded_exts : filters.exts);
      list.push_back(std::move(value));
      i = end;
      continue;
    }
    if (query[i] == '"') in_phrase = !in_phrase;
    rest += query[i++];
  }
  return rest;
}

std::string resolve_dir(const std::string& typed, const std::string& cwd) {
  namespace fs = std::filesystem;
  fs::path p = typed;
  if (typed == "~" || typed.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    p = fs::path(home ? home : "/") / typed.substr(typed.size() > 1 ? 2 : 1);
  }
  if (p.is_relative()) p = fs::path(cwd) / p;
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

Xapian::Query filter_query(const QueryFilters& filters, const std::string& cwd) {
  std::vector<Xapian::Query> wanted;
  if (!filters.dirs.empty()) wanted.push_back(dirs_query(filters.dirs, cwd));
  if (!filters.exts.empty()) wanted.push_back(exts_query(filters.exts));
  Xapian::Query q = wanted.empty() ? Xapian::Query::MatchAll
                                   : Xapian::Query(Xapian::Query::OP_AND, wanted.begin(), wanted.end());
  if (!filters.excluded_dirs.empty())
    q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, dirs_query(filters.excluded_dirs, cwd));
  if (!filters.excluded_exts.empty())
    q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, exts_query(filters.excluded_exts));
  return q;
}

Xapian::Query apply_filters(const Xapian::Query& query, const QueryFilters& filters, const std::string& cwd) {
  if (filters.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_FILTER, query, filter_query(filters, cwd));
}

}  // namespace psearch
