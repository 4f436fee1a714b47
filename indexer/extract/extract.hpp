// A file's bytes as numbered lines of UTF-8 text, whatever the document: plain text in any common
// encoding, HTML, PDF, or any of these compressed with gzip, bzip2 or xz. Each format is read by the
// Debian library made for it (README.md); what is not text is skipped with a reason.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace psearch::extract {

/// One line of extracted text. source_line is where it is in the file (1-based): the line of the
/// text or HTML source (of the decompressed bytes for a compressed file), and for a PDF the line of
/// the extracted text; page is the PDF page (1-based), 0 for what has no pages.
struct TextLine {
  std::string text;
  std::uint32_t source_line = 0;
  std::uint32_t page = 0;
  bool operator==(const TextLine&) const = default;
};

/// What the content is; a compressed file has the kind of what it holds.
enum class Kind { Text, Html, Pdf };
enum class Compression { None, Gzip, Bzip2, Xz };

enum class SkipReason { Binary, Image, Media, Archive, Executable, Unsupported, Unreadable, TooLarge };
inline constexpr std::size_t kSkipReasons = 8;

struct Limits {
  std::size_t max_input_bytes = std::size_t{512} << 20;     // a file larger is TooLarge
  std::size_t max_decompressed_bytes = std::size_t{256} << 20;  // stops decompression bombs
  int max_nested_compression = 2;  // a .gz inside a .xz is unpacked; one level more is Unsupported
};

/// Text lines in file order. The HTML and PDF lines carry Markdown headings, lists and fences
/// (README.md), which the passage splitter understands. encoding is the source's, lower case
/// ("utf-8", "utf-16le", "windows-1252", ...); every line is valid UTF-8.
struct Extracted {
  Kind kind = Kind::Text;
  Compression compression = Compression::None;
  std::string encoding;
  std::vector<TextLine> lines;
};

struct Skipped {
  SkipReason reason = SkipReason::Unsupported;
  std::string detail;  // for the user: "PNG image", "encrypted PDF", "truncated gzip data"
};

using Result = std::variant<Extracted, Skipped>;

/// Takes a file's path (its extension is a hint, never opened) and its bytes; returns its text
/// lines, or why it has none. Never throws: a library's failure is Skipped{Unreadable}.
Result extract_text(const std::filesystem::path& path, std::string_view bytes, const Limits& limits = {}) noexcept;

/// How many files were skipped for each reason, for one summary line.
struct SkipCounts {
  std::array<std::size_t, kSkipReasons> counts{};
  void add(SkipReason reason) { ++counts[static_cast<std::size_t>(reason)]; }
  std::size_t total() const;
};

/// "12 skipped: 9 images, 3 unsupported": the reasons in SkipReason order, those with none left
/// out; "" when nothing was skipped.
std::string describe_skips(const SkipCounts& counts);

/// The reason in a word or two ("image", "binary", "too large"), for warnings.
std::string_view reason_name(SkipReason reason);

}  // namespace psearch::extract
