// Text bytes in whatever encoding as UTF-8: a BOM says UTF-8, UTF-16 or UTF-32; valid UTF-8 is
// taken as it is; anything else is guessed by uchardet and converted by iconv.
#pragma once
#include <string>
#include <string_view>
#include <variant>

#include "extract/extract.hpp"

namespace psearch::extract {

struct Decoded {
  std::string text;      // valid UTF-8, without a BOM
  std::string encoding;  // of the source, lower case: "utf-8", "utf-16le", "windows-1252", ...
};

/// Takes a file's bytes; returns them as UTF-8, bytes that no encoding maps replaced by U+FFFD,
/// or Skipped{Binary} when they hold NULs (without a UTF-16 or UTF-32 BOM) or are mostly control
/// characters. Without a BOM or a detection, Windows-1252: every byte of it is a character.
std::variant<Decoded, Skipped> decode_text(std::string_view bytes);

/// Whether the bytes are well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

/// The bytes with each ill-formed UTF-8 sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view bytes);

}  // namespace psearch::extract
