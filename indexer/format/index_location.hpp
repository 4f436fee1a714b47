// Where the index is when no --db names it: both tools look for .psearch in the current
// directory and its parents, so one index serves a whole tree from anywhere in it.
#pragma once
#include <filesystem>
#include <string>

namespace psearch::schema {

/// The nearest kDefaultDbName in dir or a parent of it (dir absolute), as dir / ".psearch";
/// "" when there is none.
std::string nearest_index(const std::filesystem::path& dir);

}  // namespace psearch::schema
