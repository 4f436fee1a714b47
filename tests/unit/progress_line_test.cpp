// The progress line's text: files, rate and time left, or the phase once the files are read.
#include <catch2/catch.hpp>

#include "indexer/progress_line.hpp"

using psearch::Progress;
using psearch::progress_text;

TEST_CASE("progress text: files done of total, MB/s and ETA from the bytes read so far", "[progress]") {
  Progress p;
  p.files_done = 30;
  p.files_total = 120;
  p.bytes_done = 4'000'000;
  p.bytes_total = 16'000'000;
  CHECK(progress_text(p, 2.0) == "pindex: 30/120 files, 2.0 MB/s, ETA 6 s");
  p.bytes_total = 400'000'000;
  CHECK(progress_text(p, 2.0) == "pindex: 30/120 files, 2.0 MB/s, ETA 3:18");
  p.bytes_done = p.bytes_total;
  CHECK(progress_text(p, 200.0) == "pindex: 30/120 files, 2.0 MB/s");
}

TEST_CASE("progress text: nothing read yet, or the final phase", "[progress]") {
  Progress p;
  p.files_total = 5;
  CHECK(progress_text(p, 0.5) == "pindex: 0/5 files");
  p.files_done = 5;
  p.bytes_done = 100;
  p.phase = "writing the index";
  CHECK(progress_text(p, 1.0) == "pindex: 5/5 files, writing the index ...");
}
