// What a file is, by its first bytes (magic numbers) and, for HTML, its extension: the formats
// extract_text reads, and those it skips with a reason.
#pragma once
#include <filesystem>
#include <optional>
#include <string_view>

#include "extract/extract.hpp"

namespace psearch::extract {

/// The compression the bytes start with (gzip, bzip2, xz), or None.
Compression compression_of(std::string_view bytes);

/// Whether the bytes are a PDF: they start with "%PDF-" (readers accept junk before it, but then a
/// text that quotes it early would be taken for a broken PDF).
bool is_pdf(std::string_view bytes);

/// A skip for bytes whose magic number names an image, audio or video, an archive, an executable
/// or a document format read by no library here; nullopt for what may be text.
std::optional<Skipped> skip_by_magic(const std::filesystem::path& path, std::string_view bytes);

/// Whether text (UTF-8) is HTML: an .html, .htm or .xhtml file, or one that starts (after white
/// space and comments) with <!doctype html or <html.
bool is_html(const std::filesystem::path& path, std::string_view text);

/// The path without its compression extension (notes.html.gz -> notes.html), for the inner kind.
std::filesystem::path without_compression_extension(const std::filesystem::path& path);

}  // namespace psearch::extract
