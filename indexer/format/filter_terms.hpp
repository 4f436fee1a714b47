// The boolean terms that let a search be limited to a folder (dir:) or a file type (ext:). pindex
// adds them to every passage; psearch's query parser turns dir: and ext: into them.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace psearch::schema {

inline constexpr const char* kPrefixDir = "P";  // as Omega's path prefix
inline constexpr const char* kPrefixExt = "E";  // as Omega's extension prefix
inline constexpr std::size_t kKeptPrefix = 200;  // of a dir term too long for Xapian

/// The term of the folder at absolute_dir ("/home/u/notes" -> "P/home/u/notes/"); a path too
/// long for a Xapian term keeps its first kKeptPrefix bytes and gains a hash of the whole, so it
/// still names one folder.
std::string dir_term(std::string_view absolute_dir);

/// The one dir term of a file: its folder's. Every folder above it is a prefix of that term, so
/// dir: is a wildcard (dir_pattern()) and a new root above the old ones changes no term.
std::string file_dir_term(std::string_view absolute_file);

/// The start shared by the terms of absolute_dir and every folder below it ("P/home/u/"); cut
/// to what a shortened term keeps, so a folder deeper than about 200 bytes may also match a
/// folder beside it with the same first 200 bytes.
std::string dir_pattern(std::string_view absolute_dir);

/// The extension of a file name in lower case, without the dot ("Notes.MD" -> "md"); "" for
/// none (a dot-file's leading dot does not start an extension).
std::string file_extension(std::string_view path);

/// The term of an extension as typed in ext: ("MD", ".md" and "md" give the same); "" for none.
std::string ext_term(std::string_view extension);

}  // namespace psearch::schema
