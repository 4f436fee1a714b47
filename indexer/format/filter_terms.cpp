#include "format/filter_terms.hpp"

#include <fmt/format.h>

#include "format/schema.hpp"

namespace psearch::schema {
namespace {

// Xapian refuses terms over 245 bytes.
constexpr std::size_t kMaxTerm = 240;

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string parent_of(std::string_view path) {
  auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return "";
  return std::string(path.substr(0, slash == 0 ? 1 : slash));
}

}  // namespace

std::string dir_term(std::string_view absolute_dir) {
  std::string term = kPrefixDir;
  term += absolute_dir;
  if (term.back() != '/') term += '/';
  if (term.size() <= kMaxTerm) return term;
  std::string shortened = term.substr(0, kKeptPrefix);
  shortened += fmt::format("#{:016x}", fnv1a(absolute_dir));
  return shortened;
}

std::string file_dir_term(std::string_view absolute_file) {
  std::string dir = parent_of(absolute_file);
  return dir_term(dir.empty() ? "/" : dir);
}

std::string dir_pattern(std::string_view absolute_dir) {
  std::string pattern = kPrefixDir;
  pattern += absolute_dir;
  if (pattern.back() != '/') pattern += '/';
  if (pattern.size() > kKeptPrefix) pattern.resize(kKeptPrefix);  // what a shortened term keeps
  return pattern;
}

std::string file_extension(std::string_view path) {
  auto name = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return "";
  return ascii_lower(name.substr(dot + 1));
}

std::string ext_term(std::string_view extension) {
  while (!extension.empty() && extension.front() == '.') extension.remove_prefix(1);
  if (extension.empty() || extension.size() + 1 > kMaxTerm) return "";
  std::string term = kPrefixExt;
  term += ascii_lower(extension);
  return term;
}

}  // namespace psearch::schema
