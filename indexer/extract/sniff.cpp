// Magic numbers of the common binary formats, so that a photo or a program is skipped by name
// ("PNG image") instead of read as text.
#include "extract/sniff.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace psearch::extract {
namespace {

struct Magic {
  std::size_t offset;
  std::string_view bytes;
  SkipReason reason;
  std::string_view detail;
};

using namespace std::string_view_literals;

// Formats told by a fixed signature at a fixed offset (after "RIFF" for offset 8, the RIFF
// containers). ZIP is left to zip_skip (its documents).
constexpr std::array kMagics{
    Magic{0, "\x89PNG\r\n\x1a\n"sv, SkipReason::Image, "PNG image"sv},
    Magic{0, "\xFF\xD8\xFF"sv, SkipReason::Image, "JPEG image"sv},
    Magic{0, "GIF87a"sv, SkipReason::Image, "GIF image"sv},
    Magic{0, "GIF89a"sv, SkipReason::Image, "GIF image"sv},
    Magic{8, "WEBP"sv, SkipReason::Image, "WebP image"sv},
    Magic{0, "II*\0"sv, SkipReason::Image, "TIFF image"sv},
    Magic{0, "MM\0*"sv, SkipReason::Image, "TIFF image"sv},
    Magic{4, "ftypheic"sv, SkipReason::Image, "HEIC image"sv},
    Magic{4, "ftypavif"sv, SkipReason::Image, "AVIF image"sv},
    Magic{0, "\0\0\1\0"sv, SkipReason::Image, "icon"sv},
    Magic{0, "8BPS\0\x01"sv, SkipReason::Image, "Photoshop image"sv},
    Magic{8, "WAVE"sv, SkipReason::Media, "WAV audio"sv},
    Magic{8, "AVI "sv, SkipReason::Media, "AVI video"sv},
    Magic{0, "ID3\x02"sv, SkipReason::Media, "MP3 audio"sv},
    Magic{0, "ID3\x03"sv, SkipReason::Media, "MP3 audio"sv},
    Magic{0, "ID3\x04"sv, SkipReason::Media, "MP3 audio"sv},
    Magic{0, "OggS\0"sv, SkipReason::Media, "Ogg audio or video"sv},
    Magic{0, "fLaC"sv, SkipReason::Media, "FLAC audio"sv},
    Magic{0, "MThd\0\0\0\x06"sv, SkipReason::Media, "MIDI"sv},
    Magic{0, "\x1A\x45\xDF\xA3"sv, SkipReason::Media, "Matroska or WebM video"sv},
    Magic{4, "ftyp"sv, SkipReason::Media, "MP4 or QuickTime media"sv},
    Magic{0, "7z\xBC\xAF\x27\x1C"sv, SkipReason::Archive, "7-Zip archive"sv},
    Magic{0, "Rar!\x1A\x07"sv, SkipReason::Archive, "RAR archive"sv},
    Magic{0, "!<arch>\n"sv, SkipReason::Archive, "ar archive"sv},
    Magic{257, "ustar"sv, SkipReason::Archive, "tar archive"sv},
    Magic{0, "\x28\xB5\x2F\xFD"sv, SkipReason::Unsupported, "zstd-compressed"sv},
    Magic{0, "\x7F" "ELF"sv, SkipReason::Executable, "ELF executable or library"sv},
    Magic{0, "\xCF\xFA\xED\xFE"sv, SkipReason::Executable, "Mach-O executable"sv},
    Magic{0, "\xCE\xFA\xED\xFE"sv, SkipReason::Executable, "Mach-O executable"sv},
    Magic{0, "\xCA\xFE\xBA\xBE"sv, SkipReason::Executable, "Java class or Mach-O executable"sv},
    Magic{0, "\0asm"sv, SkipReason::Executable, "WebAssembly module"sv},
    Magic{0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv, SkipReason::Unsupported, "Microsoft Office document"sv},
    Magic{0, "%!PS"sv, SkipReason::Unsupported, "PostScript document"sv},
    Magic{0, "SQLite format 3\0"sv, SkipReason::Binary, "SQLite database"sv},
};

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// A ZIP is an archive, unless its extension names an office document or a book built on one.
std::optional<Skipped> zip_skip(const std::filesystem::path& path, std::string_view bytes) {
  if (!bytes.starts_with("PK\x03\x04"sv) && !bytes.starts_with("PK\x05\x06"sv)) return std::nullopt;
  std::string ext = lower_extension(path);
  for (std::string_view office : {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub"})
    if (ext == office) return Skipped{SkipReason::Unsupported, std::string(office.substr(1)) + " document"};
  return Skipped{SkipReason::Archive, "ZIP archive"};
}

// "MZ" starts a Windows program, and two letters start many texts: a program also has NULs soon.
bool is_windows_executable(std::string_view bytes) {
  return bytes.starts_with("MZ") && bytes.size() >= 64 && bytes.substr(0, 64).find('\0') != std::string_view::npos;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

// Past white space, a UTF-8 BOM and comments (<!-- ... -->), where the markup starts.
std::string_view skip_preamble(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  for (;;) {
    auto first = text.find_first_not_of(" \t\r\n\f");
    if (first == std::string_view::npos) return {};
    text.remove_prefix(first);
    if (!text.starts_with("<!--")) return text;
    auto end = text.find("-->");
    if (end == std::string_view::npos) return {};
    text.remove_prefix(end + 3);
  }
}

}  // namespace

Compression compression_of(std::string_view bytes) {
  if (bytes.starts_with("\x1F\x8B"sv)) return Compression::Gzip;
  if (bytes.starts_with("BZh"sv) && bytes.size() > 3 && bytes[3] >= '1' && bytes[3] <= '9') return Compression::Bzip2;
  if (bytes.starts_with("\xFD" "7zXZ\0"sv)) return Compression::Xz;
  return Compression::None;
}

bool is_pdf(std::string_view bytes) { return bytes.starts_with("%PDF-"); }

std::optional<Skipped> skip_by_magic(const std::filesystem::path& path, std::string_view bytes) {
  for (const auto& m : kMagics)
    if (bytes.size() >= m.offset && bytes.substr(m.offset).starts_with(m.bytes) &&
        (m.offset != 8 || bytes.starts_with("RIFF")))
      return Skipped{m.reason, std::string(m.detail)};
  if (auto zip = zip_skip(path, bytes)) return zip;
  if (is_windows_executable(bytes)) return Skipped{SkipReason::Executable, "Windows executable"};
  return std::nullopt;
}

bool is_html(const std::filesystem::path& path, std::string_view text) {
  std::string ext = lower_extension(path);
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return true;
  auto start = skip_preamble(text);
  if (starts_with_ignoring_case(start, "<?xml")) {  // XHTML: the declaration, then the doctype
    auto end = start.find("?>");
    start = end == std::string_view::npos ? std::string_view{} : skip_preamble(start.substr(end + 2));
  }
  return starts_with_ignoring_case(start, "<!doctype html") || starts_with_ignoring_case(start, "<html");
}

std::filesystem::path without_compression_extension(const std::filesystem::path& path) {
  std::string ext = lower_extension(path);
  for (std::string_view c : {".gz", ".tgz", ".bz2", ".tbz2", ".xz", ".txz", ".z"}) {
    if (ext != c) continue;
    auto inner = path;
    inner.replace_extension(ext.starts_with(".t") ? ".tar" : "");
    return inner;
  }
  return path;
}

}  // namespace psearch::extract
