// extract_text: the pipeline, top-down. Binary signatures first (compression, PDF, what is skipped),
// then the encoding, then HTML or plain text; a compressed file goes round again with its content.
#include "extract/extract.hpp"

#include <new>

#include "extract/decompress.hpp"
#include "extract/encoding.hpp"
#include "extract/html_text.hpp"
#include "extract/pdf_text.hpp"
#include "extract/sniff.hpp"
#include "format/text_lines.hpp"

namespace psearch::extract {
namespace {

std::string_view compression_name(Compression c) {
  switch (c) {
    case Compression::Gzip: return "gzip";
    case Compression::Bzip2: return "bzip2";
    case Compression::Xz: return "xz";
    case Compression::None: break;
  }
  return "uncompressed";
}

std::vector<TextLine> plain_lines(std::string_view text) {
  // decode_text took the BOM off: a U+FEFF still at the start is the text's, which split_lines
  // would drop as a BOM.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  std::string kept;
  if (text.starts_with(kBom)) text = kept = std::string(kBom) + std::string(text);
  std::vector<TextLine> lines;
  auto views = split_lines(text);
  lines.reserve(views.size());
  for (std::size_t i = 0; i < views.size(); ++i) lines.push_back({std::string(views[i]), static_cast<std::uint32_t>(i + 1), 0});
  return lines;
}

// gumbo writes an out-of-range character reference (&#8999999999;) as bytes that are not UTF-8:
// every line is checked once here, so that no library's slip breaks the promise.
std::vector<TextLine> valid_lines(std::vector<TextLine> lines) {
  for (auto& l : lines)
    if (!is_valid_utf8(l.text)) l.text = repair_utf8(l.text);
  return lines;
}

Result extract(const std::filesystem::path& path, std::string_view bytes, const Limits& limits, int nesting);

// The content of a compressed file, read as a file of its own name without the extension.
Result extract_compressed(const std::filesystem::path& path, std::string_view bytes, Compression compression,
                          const Limits& limits, int nesting) {
  if (nesting >= limits.max_nested_compression)
    return Skipped{SkipReason::Unsupported, "compressed more than " + std::to_string(nesting) + " times"};
  auto inner = decompress(compression, bytes, limits.max_decompressed_bytes);
  if (auto* skipped = std::get_if<Skipped>(&inner)) return std::move(*skipped);
  Result result = extract(without_compression_extension(path), std::get<std::string>(inner), limits, nesting + 1);
  if (auto* extracted = std::get_if<Extracted>(&result)) {
    extracted->compression = compression;
  } else {
    auto& skipped = std::get<Skipped>(result);
    skipped.detail += ", ";
    skipped.detail += compression_name(compression);
    skipped.detail += "-compressed";
  }
  return result;
}

Result extract(const std::filesystem::path& path, std::string_view bytes, const Limits& limits, int nesting) {
  if (bytes.size() > limits.max_input_bytes)
    return Skipped{SkipReason::TooLarge, "over " + std::to_string(limits.max_input_bytes >> 20) + " MB"};
  if (Compression c = compression_of(bytes); c != Compression::None)
    return extract_compressed(path, bytes, c, limits, nesting);
  if (is_pdf(bytes)) {
    auto pdf = pdf_lines(bytes);
    if (auto* skipped = std::get_if<Skipped>(&pdf)) return std::move(*skipped);
    return Extracted{Kind::Pdf, Compression::None, "", std::get<std::vector<TextLine>>(std::move(pdf))};
  }
  if (auto skipped = skip_by_magic(path, bytes)) return std::move(*skipped);
  auto decoded = decode_text(bytes);
  if (auto* skipped = std::get_if<Skipped>(&decoded)) return std::move(*skipped);
  auto& text = std::get<Decoded>(decoded);
  if (is_html(path, text.text))
    return Extracted{Kind::Html, Compression::None, std::move(text.encoding), valid_lines(html_lines(text.text))};
  return Extracted{Kind::Text, Compression::None, std::move(text.encoding), plain_lines(text.text)};
}

}  // namespace

Result extract_text(const std::filesystem::path& path, std::string_view bytes, const Limits& limits) noexcept {
  try {
    return extract(path, bytes, limits, 0);
  } catch (const std::bad_alloc&) {
    return Skipped{SkipReason::TooLarge, "out of memory"};
  } catch (const std::exception& e) {
    return Skipped{SkipReason::Unreadable, e.what()};
  } catch (...) {
    return Skipped{SkipReason::Unreadable, "unknown error"};
  }
}

}  // namespace psearch::extract
