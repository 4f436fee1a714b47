// JSON Lines output; nlohmann-json escapes control characters, and invalid UTF-8 in a document
// is replaced by U+FFFD so every line stays valid JSON.
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "searcher/printer.hpp"

namespace psearch {
namespace {

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::string base64(std::string_view s) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 3) {
    std::uint32_t v = static_cast<unsigned char>(s[i]) << 16;
    if (i + 1 < s.size()) v |= static_cast<unsigned char>(s[i + 1]) << 8;
    if (i + 2 < s.size()) v |= static_cast<unsigned char>(s[i + 2]);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += i + 1 < s.size() ? table[(v >> 6) & 63] : '=';
    out += i + 2 < s.size() ? table[v & 63] : '=';
  }
  return out;
}

// A string JSON cannot hold exactly (invalid UTF-8) goes as U+FFFD-replaced text, and its exact
// bytes beside it in base64 under key + "_bytes".
void put_string(nlohmann::json& j, const std::string& key, const std::string& value) {
  j[key] = value;
  if (!valid_utf8(value)) j[key + "_bytes"] = base64(value);
}

}  // namespace

void print_json(std::ostream& out, const std::vector<Hit>& hits) {
  for (const auto& hit : hits) {
    nlohmann::json j = {{"rank", hit.rank},           {"score", hit.score},       {"file", hit.display_path},
                        {"line", hit.first_line},     {"end_line", hit.last_line}, {"heading", hit.heading},
                        {"text", hit.text},           {"match_lines", hit.match_lines},
                        {"stale", hit.stale},          {"also", nlohmann::json::array()}};
    if (!hit.explain.empty()) {
      j["explain"] = nlohmann::json::array();
      for (const auto& part : hit.explain)
        j["explain"].push_back({{"term", part.term}, {"kind", part.kind}, {"weight", part.weight}});
    }
    put_string(j, "file", hit.display_path);
    put_string(j, "text", hit.text);
    for (const auto& copy : hit.also)
      j["also"].push_back({{"file", copy.display_path}, {"line", copy.first_line}, {"end_line", copy.last_line}});
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
}

void print_files(std::ostream& out, const std::vector<Hit>& hits, bool json) {
  for (const auto& hit : hits) {
    if (json) {
      nlohmann::json j = {{"score", hit.score}, {"line", hit.first_line}};
      put_string(j, "file", hit.display_path);
      out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
      out << escape_controls(hit.display_path) << '\n';
    }
  }
}

}  // namespace psearch
