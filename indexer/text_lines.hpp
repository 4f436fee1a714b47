// How a file's bytes become numbered lines: the one definition pindex and psearch share, so line
// numbers and passage text agree on both sides.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace psearch {

/// Splits bytes into lines: a UTF-8 BOM is dropped, LF or CRLF ends a line, the last line may
/// lack a newline. Line N (1-based) is element N-1.
std::vector<std::string_view> split_lines(std::string_view content);

/// Text with terminal control characters made visible (ESC -> "\x1b", U+009B -> "\u009b"),
/// keeping tabs and valid text: what goes to a terminal from a document or a file name.
std::string escape_controls(std::string_view text);

}  // namespace psearch
