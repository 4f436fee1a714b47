// dir:PATH and ext:EXT: the parts of a query that limit where and in which file types it looks.
// They are taken out of the query text before it is parsed and applied as a filter around the
// ranked query, so they never change a score.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace psearch {

struct QueryFilters {
  std::vector<std::string> dirs, excluded_dirs;  // as typed: relative to the current directory or absolute
  std::vector<std::string> exts, excluded_exts;  // as typed: "md", ".md", "MD"
  bool empty() const { return dirs.empty() && excluded_dirs.empty() && exts.empty() && excluded_exts.empty(); }
};

/// Takes the dir: and ext: words (a leading '-' excludes; the value may be "quoted") out of a
/// query's text, outside quoted phrases, into filters; returns the rest of the text.
std::string take_filters(std::string_view query, QueryFilters& filters);

/// The folder dir: names: absolute, lexically normal, without a trailing '/' ("~/" is $HOME).
std::string resolve_dir(const std::string& typed, const std::string& cwd);

/// The passages the filters let through: under any of the dirs (when given) and of any of the
/// exts (when given), and under none of the excluded dirs and of none of the excluded exts. A
/// folder above the indexed roots stands for the roots below it; one that holds no root matches
/// nothing.
Xapian::Query filter_query(const QueryFilters& filters, const std::string& cwd);

/// query limited by the filters (query itself when there are none); Query::MatchAll as query
/// gives every passage the filters let through.
Xapian::Query apply_filters(const Xapian::Query& query, const QueryFilters& filters, const std::string& cwd);

}  // namespace psearch
