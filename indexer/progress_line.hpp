// The progress line pindex shows on a terminal while it indexes: files done of total, MB/s, ETA.
// Redrawn in place (carriage return, erase line) a few times a second, erased before any other
// output and at the end; nothing at all when stderr is not a terminal.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "indexer/indexer.hpp"

namespace psearch {

class ProgressLine {
public:
  /// Draws on out only when it is a terminal (and TERM is not "dumb").
  explicit ProgressLine(std::FILE* out);
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool enabled() const { return enabled_; }
  /// Redraws the line, at most every 100 ms and only once the run has taken 300 ms (a quick
  /// update never flashes a line).
  void update(const Progress& p);
  /// Erases the line, if one is shown (call before printing anything else to out).
  void clear();

private:
  using Clock = std::chrono::steady_clock;
  std::FILE* out_;
  bool enabled_ = false;
  bool shown_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_{};
};

/// The text of the line (no control characters), for a run that has taken elapsed seconds.
std::string progress_text(const Progress& p, double elapsed);

}  // namespace psearch
