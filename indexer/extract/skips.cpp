// Why files were skipped, counted and said in one line.
#include <numeric>

#include "extract/extract.hpp"

namespace psearch::extract {
namespace {

struct Wording {
  std::string_view name;      // one file, in a warning
  std::string_view singular;  // "1 image"
  std::string_view plural;    // "9 images"
};

// In SkipReason order.
constexpr std::array<Wording, kSkipReasons> kWordings{{
    {"binary", "binary file", "binary files"},
    {"image", "image", "images"},
    {"audio/video", "audio or video file", "audio or video files"},
    {"archive", "archive", "archives"},
    {"executable", "executable", "executables"},
    {"unsupported", "unsupported", "unsupported"},
    {"unreadable", "unreadable", "unreadable"},
    {"too large", "too large", "too large"},
}};

}  // namespace

std::size_t SkipCounts::total() const { return std::accumulate(counts.begin(), counts.end(), std::size_t{0}); }

std::string describe_skips(const SkipCounts& counts) {
  std::size_t total = counts.total();
  if (total == 0) return {};
  std::string out = std::to_string(total);
  out += " skipped";
  const char* separator = ": ";
  for (std::size_t r = 0; r < kSkipReasons; ++r) {
    std::size_t n = counts.counts[r];
    if (n == 0) continue;
    out += separator;
    out += std::to_string(n);
    out += ' ';
    out += n == 1 ? kWordings[r].singular : kWordings[r].plural;
    separator = ", ";
  }
  return out;
}

std::string_view reason_name(SkipReason reason) { return kWordings[static_cast<std::size_t>(reason)].name; }

}  // namespace psearch::extract
