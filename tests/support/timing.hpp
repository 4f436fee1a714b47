// The best of five runs of a piece of work, in seconds: for the tests that check that work grows
// linearly with its input (a ratio of two sizes, not a speed).
#pragma once
#include <algorithm>
#include <chrono>

namespace test_support {

template <typename Work>
double best_of_5_seconds(Work&& work) {
  double best = 1e9;
  for (int run = 0; run < 5; ++run) {
    auto start = std::chrono::steady_clock::now();
    work();
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

}  // namespace test_support
