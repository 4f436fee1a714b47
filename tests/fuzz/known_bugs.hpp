// Known product bugs a fuzz run may be told to tolerate, so that it explores past them:
//   PSEARCH_FUZZ_KNOWN=empty-fragment,lax-utf8 build-fuzz/fuzz/fuzz_json_printer ...
// Names: empty-fragment (fuzz_splitter: a long line's fragment of only no-break spaces becomes an
// empty passage), lax-utf8 (fuzz_json_printer: overlong forms, surrogates and code points above
// U+10FFFF get U+FFFD without *_bytes). Each is reproduced in tests/fuzz/regressions/ and
// tests/unit/fuzz_regressions_test.cpp; remove it here once fixed.
#pragma once
#include <cstdlib>
#include <string>
#include <string_view>

namespace psearch_fuzz {

inline bool known_bug(std::string_view name) {
  static const std::string known = [] {
    const char* env = std::getenv("PSEARCH_FUZZ_KNOWN");
    return "," + std::string(env ? env : "") + ",";
  }();
  return known.find("," + std::string(name) + ",") != std::string::npos;
}

}  // namespace psearch_fuzz
