// Encodings: the BOM first, then UTF-8 validity, then uchardet's guess; iconv converts.
#include "extract/encoding.hpp"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>
#include <optional>

namespace psearch::extract {
namespace {

using namespace std::string_view_literals;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t kSample = 64 * 1024;                 // bytes looked at to call a file binary

struct Bom {
  std::string_view bytes;
  const char* iconv_name;
  std::string_view encoding;
  std::size_t unit;  // bytes skipped past an invalid sequence
};

// UTF-32 LE before UTF-16 LE: FF FE 00 00 starts with FF FE.
constexpr std::array kBoms{
    Bom{"\xEF\xBB\xBF"sv, "UTF-8", "utf-8"sv, 1},
    Bom{"\xFF\xFE\0\0"sv, "UTF-32LE", "utf-32le"sv, 4},
    Bom{"\0\0\xFE\xFF"sv, "UTF-32BE", "utf-32be"sv, 4},
    Bom{"\xFF\xFE"sv, "UTF-16LE", "utf-16le"sv, 2},
    Bom{"\xFE\xFF"sv, "UTF-16BE", "utf-16be"sv, 2},
};

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

// bytes from one encoding to UTF-8; a sequence it cannot map becomes U+FFFD and the conversion
// goes on one unit further. nullopt when iconv does not know the encoding.
std::optional<std::string> convert(std::string_view bytes, const char* from, std::size_t unit) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::unique_ptr<void, IconvCloser> owner(cd);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char buffer[16 * 1024];
  while (in_left > 0) {
    char* dest = buffer;
    std::size_t dest_left = sizeof buffer;
    std::size_t rc = iconv(cd, &in, &in_left, &dest, &dest_left);
    out.append(buffer, static_cast<std::size_t>(dest - buffer));
    if (rc != static_cast<std::size_t>(-1) || errno == E2BIG) continue;
    out += kReplacement;  // EILSEQ, or EINVAL: a sequence cut short at the end
    std::size_t skip = std::min(unit, in_left);
    in += skip;
    in_left -= skip;
  }
  if (!is_valid_utf8(out)) out = repair_utf8(out);  // iconv's decoders may let ill-formed bytes through
  return out;
}

// Control characters that are not layout: a binary file without NULs is full of them. Backspace
// and escape are text's (a formatted man page's overstrikes, a log's colours).
bool is_stray_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != '\b' && c != 0x1B) ||
         c == 0x7F;
}

bool looks_binary(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) return true;
  auto sample = bytes.substr(0, kSample);
  auto stray = std::count_if(sample.begin(), sample.end(), [](char c) { return is_stray_control(static_cast<unsigned char>(c)); });
  return static_cast<std::size_t>(stray) * 10 > sample.size();
}

// uchardet's name for the encoding, "" when it has none. ISO-8859-1 is read as Windows-1252, which
// has the same letters and puts quotes and dashes where Latin-1 has unused controls.
std::string detect(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> ud(uchardet_new(), uchardet_delete);
  if (!ud || uchardet_handle_data(ud.get(), bytes.data(), bytes.size()) != 0) return {};
  uchardet_data_end(ud.get());
  std::string name = uchardet_get_charset(ud.get());
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name == "ascii" || name == "utf-8" || name == "iso-8859-1") return {};
  return name;
}

Decoded decode_legacy(std::string_view bytes) {
  std::string name = detect(bytes.substr(0, 4 * kSample));
  if (!name.empty())
    if (auto text = convert(bytes, name.c_str(), 1)) return {std::move(*text), name};
  return {convert(bytes, "WINDOWS-1252", 1).value_or(std::string()), "windows-1252"};
}

// The length of the well-formed UTF-8 sequence at bytes[i], 0 when it is not one (a stray
// continuation byte, a cut sequence, an overlong form, a surrogate, past U+10FFFF).
std::size_t sequence_length(std::string_view bytes, std::size_t i) {
  const std::size_t n = bytes.size();
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  unsigned char c = at(i);
  if (c < 0x80) return 1;
  std::size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (len == 0) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if (i + k >= n || (at(i + k) & 0xC0) != 0x80) return 0;
  unsigned char d = at(i + 1);
  if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d > 0x8F))
    return 0;
  return len;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t len = sequence_length(bytes, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

// Not iconv's UTF-8 decoder: glibc's passes F4 90 80 80 (past U+10FFFF) through unchanged.
std::string repair_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + 8);
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t len = sequence_length(bytes, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::variant<Decoded, Skipped> decode_text(std::string_view bytes) {
  for (const auto& bom : kBoms) {
    if (!bytes.starts_with(bom.bytes)) continue;
    auto body = bytes.substr(bom.bytes.size());
    if (bom.unit == 1) {
      if (looks_binary(body)) return Skipped{SkipReason::Binary, "binary data"};
      return Decoded{repair_utf8(body), std::string(bom.encoding)};
    }
    auto text = convert(body, bom.iconv_name, bom.unit);
    if (text) return Decoded{std::move(*text), std::string(bom.encoding)};
  }
  if (looks_binary(bytes)) return Skipped{SkipReason::Binary, "binary data"};
  if (is_valid_utf8(bytes)) return Decoded{std::string(bytes), "utf-8"};
  return decode_legacy(bytes);
}

}  // namespace psearch::extract
