// gzip, bzip2 and xz data decompressed in memory with zlib, libbz2 and liblzma, up to a cap.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "extract/extract.hpp"

namespace psearch::extract {

/// Takes compressed bytes (concatenated streams too, as gzip -d reads them) and the most bytes
/// they may give; returns them decompressed, or Skipped: Unreadable when corrupt or truncated,
/// TooLarge past max_bytes (a decompression bomb stops there). Compression::None returns bytes.
std::variant<std::string, Skipped> decompress(Compression compression, std::string_view bytes, std::size_t max_bytes);

}  // namespace psearch::extract
