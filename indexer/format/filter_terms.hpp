// The boolean terms that let a search be limited to a folder (dir:) or a file type (ext:). pindex
// adds them to every passage; psearch's query parser turns dir: and ext: into them.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace psearch::schema {

inline constexpr const char* kPrefixDir = "P";  // as Omega's path prefix
inline constexpr const char* kPrefixExt = "E";  // as Omega's extension prefix

/// The term of the folder at absolute_dir ("/home/u/notes"); a path too long for a Xapian term
/// keeps its start and gains a hash of the whole, so it still names one folder.
std::string dir_term(std::string_view absolute_dir);

/// The dir terms of a file: its folder and every folder above it down to root, the outermost
/// root holding it (the root included; a file that is itself a root gets its folder's term
/// only). Folders above the root get none: psearch turns dir: of such a folder into the terms
/// of the roots below it.
std::vector<std::string> dir_terms(std::string_view absolute_file, std::string_view root);

/// The extension of a file name in lower case, without the dot ("Notes.MD" -> "md"); "" for
/// none (a dot-file's leading dot does not start an extension).
std::string file_extension(std::string_view path);

/// The term of an extension as typed in ext: ("MD", ".md" and "md" give the same); "" for none.
std::string ext_term(std::string_view extension);

}  // namespace psearch::schema
