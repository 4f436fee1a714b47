#include "indexer/progress_line.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace psearch {

ProgressLine::ProgressLine(std::FILE* out) : out_(out) {
  const char* term = std::getenv("TERM");
  enabled_ = isatty(fileno(out)) && !(term && std::strcmp(term, "dumb") == 0);
}

std::string progress_text(const Progress& p, double elapsed) {
  std::string text = fmt::format("pindex: {}/{} files", p.files_done, p.files_total);
  if (p.phase) return text + ", " + p.phase + " ...";
  if (elapsed > 0 && p.bytes_done > 0) {
    double rate = static_cast<double>(p.bytes_done) / elapsed;  // bytes per second
    text += fmt::format(", {:.1f} MB/s", rate / 1e6);
    if (p.bytes_total > p.bytes_done) {
      auto eta = static_cast<long>(static_cast<double>(p.bytes_total - p.bytes_done) / rate + 0.5);
      text += eta >= 60 ? fmt::format(", ETA {}:{:02d}", eta / 60, eta % 60) : fmt::format(", ETA {} s", eta);
    }
  }
  return text;
}

void ProgressLine::update(const Progress& p) {
  if (!enabled_) return;
  auto now = Clock::now();
  if (now - start_ < std::chrono::milliseconds(300)) return;
  if (!p.phase && shown_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  fmt::print(out_, "\r\x1b[K{}", progress_text(p, std::chrono::duration<double>(now - start_).count()));
  std::fflush(out_);
  shown_ = true;
}

void ProgressLine::clear() {
  if (!shown_) return;
  fmt::print(out_, "\r\x1b[K");
  std::fflush(out_);
  shown_ = false;
}

}  // namespace psearch
