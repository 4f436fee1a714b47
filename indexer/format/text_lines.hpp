// How a file's bytes become numbered lines: the one definition pindex and psearch share, so line
// numbers and passage text agree on both sides.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace psearch {

/// A file's bytes (nullopt when it cannot be opened or read; errno says why).
std::optional<std::string> read_file(const std::string& path);

/// Splits bytes into lines: a UTF-8 BOM is dropped, LF or CRLF ends a line, the last line may
/// lack a newline. Line N (1-based) is element N-1.
std::vector<std::string_view> split_lines(std::string_view content);

/// Where a passage's text is in a file's bytes: from byte column of its first line to the end of
/// its last (of its first: text_size bytes, for a passage of one line, which may be a fragment).
/// offset is from the start of content; nullopt when the lines are not there.
struct TextSpan {
  std::size_t offset = 0;
  std::size_t size = 0;
};
std::optional<TextSpan> text_span(std::string_view content, const std::vector<std::string_view>& lines,
                                  int first_line, int last_line, std::size_t column, std::size_t text_size);

/// A passage's text from the bytes text_span() found: its lines joined by '\n', at most
/// text_size bytes. nullopt when they hold fewer.
std::optional<std::string> span_text(std::string_view span, std::size_t text_size);

/// Text with terminal control characters made visible (ESC -> "\x1b", U+009B -> "\u009b"),
/// keeping tabs and valid text: what goes to a terminal from a document or a file name.
std::string escape_controls(std::string_view text);

}  // namespace psearch
