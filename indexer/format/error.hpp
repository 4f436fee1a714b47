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

}  // namespace psearch
