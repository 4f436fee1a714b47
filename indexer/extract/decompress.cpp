// One loop per library: feed all the input, take output a chunk at a time, stop at the cap.
#include "extract/decompress.hpp"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include <climits>

namespace psearch::extract {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

Skipped too_large(std::size_t max_bytes) {
  return {SkipReason::TooLarge, "decompresses to more than " + std::to_string(max_bytes >> 20) + " MB"};
}

Skipped corrupt(const char* format, bool truncated) {
  std::string detail = truncated ? "truncated " : "corrupt ";
  detail += format;
  detail += " data";
  return {SkipReason::Unreadable, detail};
}

// Each library counts its input in 32 bits: larger input is refused before it is cut short.
bool fits_uint(std::string_view bytes) { return bytes.size() <= UINT_MAX; }

std::variant<std::string, Skipped> gunzip(std::string_view bytes, std::size_t max_bytes) {
  z_stream z{};
  if (!fits_uint(bytes)) return too_large(max_bytes);
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return corrupt("gzip", false);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  int rc = Z_OK;
  while (true) {
    if (out.size() > max_bytes) rc = Z_MEM_ERROR;
    if (rc != Z_OK) break;
    std::size_t old = out.size();
    out.resize(old + kChunk);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    z.avail_out = kChunk;
    rc = inflate(&z, Z_NO_FLUSH);
    out.resize(old + kChunk - z.avail_out);
    // Another member follows (gzip -c a b > ab.gz): go on with it; trailing zeros end the file.
    if (rc == Z_STREAM_END && z.avail_in >= 2 && z.next_in[0] == 0x1F && z.next_in[1] == 0x8B) rc = inflateReset(&z);
  }
  inflateEnd(&z);
  if (rc == Z_STREAM_END) return out;
  if (rc == Z_MEM_ERROR) return too_large(max_bytes);
  return corrupt("gzip", rc == Z_BUF_ERROR);
}

std::variant<std::string, Skipped> bunzip2(std::string_view bytes, std::size_t max_bytes) {
  bz_stream b{};
  if (!fits_uint(bytes)) return too_large(max_bytes);
  if (BZ2_bzDecompressInit(&b, 0, 0) != BZ_OK) return corrupt("bzip2", false);
  b.next_in = const_cast<char*>(bytes.data());
  b.avail_in = static_cast<unsigned>(bytes.size());
  std::string out;
  int rc = BZ_OK;
  bool stalled = false;  // no input left and no output made: the stream was cut short
  while (rc == BZ_OK && !stalled) {
    if (out.size() > max_bytes) rc = BZ_MEM_ERROR;
    if (rc != BZ_OK) break;
    std::size_t old = out.size();
    out.resize(old + kChunk);
    b.next_out = out.data() + old;
    b.avail_out = kChunk;
    rc = BZ2_bzDecompress(&b);
    out.resize(old + kChunk - b.avail_out);
    stalled = rc == BZ_OK && b.avail_in == 0 && b.avail_out == kChunk;
    if (rc == BZ_STREAM_END && b.avail_in >= 4 && std::string_view(b.next_in, 3) == "BZh") {
      BZ2_bzDecompressEnd(&b);  // the next stream of a concatenation, as bzip2 -d reads it
      const char* next = b.next_in;
      unsigned left = b.avail_in;
      b = bz_stream{};
      rc = BZ2_bzDecompressInit(&b, 0, 0);
      b.next_in = const_cast<char*>(next);
      b.avail_in = left;
    }
  }
  BZ2_bzDecompressEnd(&b);
  if (rc == BZ_STREAM_END) return out;
  if (rc == BZ_MEM_ERROR) return too_large(max_bytes);
  return corrupt("bzip2", stalled);
}

std::variant<std::string, Skipped> unxz(std::string_view bytes, std::size_t max_bytes) {
  lzma_stream x = LZMA_STREAM_INIT;
  if (lzma_stream_decoder(&x, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) return corrupt("xz", false);
  x.next_in = reinterpret_cast<const std::uint8_t*>(bytes.data());
  x.avail_in = bytes.size();
  std::string out;
  lzma_ret rc = LZMA_OK;
  while (rc == LZMA_OK) {
    if (out.size() > max_bytes) {
      rc = LZMA_MEMLIMIT_ERROR;
      break;
    }
    std::size_t old = out.size();
    out.resize(old + kChunk);
    x.next_out = reinterpret_cast<std::uint8_t*>(out.data() + old);
    x.avail_out = kChunk;
    rc = lzma_code(&x, LZMA_FINISH);  // all input is there: FINISH lets a cut stream say so
    out.resize(old + kChunk - x.avail_out);
  }
  lzma_end(&x);
  if (rc == LZMA_STREAM_END) return out;
  if (rc == LZMA_MEMLIMIT_ERROR || rc == LZMA_MEM_ERROR) return too_large(max_bytes);
  return corrupt("xz", rc == LZMA_BUF_ERROR);
}

}  // namespace

std::variant<std::string, Skipped> decompress(Compression compression, std::string_view bytes, std::size_t max_bytes) {
  switch (compression) {
    case Compression::Gzip: return gunzip(bytes, max_bytes);
    case Compression::Bzip2: return bunzip2(bytes, max_bytes);
    case Compression::Xz: return unxz(bytes, max_bytes);
    case Compression::None: break;
  }
  return std::string(bytes);
}

}  // namespace psearch::extract
