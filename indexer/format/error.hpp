// The one exception type: its message is written for the user, printed once by main().
#pragma once
#include <stdexcept>
#include <string>

namespace psearch {

/// A failure the user can act on; what() is one line without the program prefix.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// The cure both tools name for an index they cannot read, worded once.
inline const std::string kRebuildHint = "run pindex --rebuild";

/// A damaged, foreign or unreadable index: "index 'DB': WHAT (run pindex --rebuild)".
inline Error index_error(const std::string& db_path, const std::string& what) {
  return Error("index '" + db_path + "': " + what + " (" + kRebuildHint + ")");
}

}  // namespace psearch
