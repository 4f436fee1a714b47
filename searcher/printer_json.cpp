// JSON Lines output; nlohmann-json escapes control characters, and invalid UTF-8 in a document
// is replaced by U+FFFD so every line stays valid JSON.
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "searcher/printer.hpp"

namespace psearch {
namespace {

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    auto c1 = static_cast<unsigned char>(s[i + (n > 1 ? 1 : 0)]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
      return false;
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

// nlohmann escapes C0 controls; C1 controls (U+0080-U+009F, e.g. U+009B CSI) are valid UTF-8
// it leaves raw, and some terminals obey them.
std::string dump_line(const nlohmann::json& j) {
  std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
      static const char* hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[next >> 4];
      out += hex[next & 0xf];
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

void print_json(std::ostream& out, const std::vector<Hit>& hits) {
  for (const auto& hit : hits) {
    nlohmann::json j = {{"rank", hit.rank},           {"score", hit.score},       {"file", hit.display_path},
                        {"line", hit.first_line},     {"end_line", hit.last_line}, {"column", hit.column + 1},
                        {"heading", hit.heading},
                        {"text", hit.text},           {"match_lines", hit.match_lines},
                        {"stale", hit.stale},          {"shard", hit.shard},
                        {"also", nlohmann::json::array()}};
    if (!hit.explain.empty()) {
      j["explain"] = nlohmann::json::array();
      for (const auto& part : hit.explain)
        j["explain"].push_back({{"term", part.term}, {"kind", part.kind}, {"weight", part.weight}});
    }
    if (hit.page > 0) j["page"] = hit.page;
    if (hit.more_in_file > 0) j["more_in_file"] = hit.more_in_file;
    put_string(j, "file", hit.display_path);
    put_string(j, "text", hit.text);
    put_string(j, "shard", hit.shard);
    if (!hit.corrected_query.empty()) put_string(j, "corrected_query", hit.corrected_query);
    for (const auto& copy : hit.also) {
      j["also"].push_back({{"file", copy.display_path},
                           {"line", copy.first_line},
                           {"end_line", copy.last_line},
                           {"shard", copy.shard}});
      if (copy.page > 0) j["also"].back()["page"] = copy.page;
    }
    out << dump_line(j) << '\n';
  }
}

void print_files(std::ostream& out, const std::vector<Hit>& hits, bool json) {
  for (const auto& hit : hits) {
    if (json) {
      nlohmann::json j = {{"score", hit.score}, {"line", hit.first_line}, {"shard", hit.shard}};
      put_string(j, "file", hit.display_path);
      if (!hit.corrected_query.empty()) put_string(j, "corrected_query", hit.corrected_query);
      out << dump_line(j) << '\n';
    } else {
      out << escape_controls(hit.display_path) << '\n';
    }
  }
}

}  // namespace psearch
