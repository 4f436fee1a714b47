// JSON Lines output; nlohmann-json escapes control characters, and invalid UTF-8 in a document
// is replaced by U+FFFD so every line stays valid JSON.
#include <nlohmann/json.hpp>

#include "searcher/printer.hpp"

namespace psearch {

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
    for (const auto& copy : hit.also)
      j["also"].push_back({{"file", copy.display_path}, {"line", copy.first_line}, {"end_line", copy.last_line}});
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
}

void print_files(std::ostream& out, const std::vector<Hit>& hits, bool json) {
  for (const auto& hit : hits) {
    if (json) {
      nlohmann::json j = {{"file", hit.display_path}, {"score", hit.score}, {"line", hit.first_line}};
      out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
      out << escape_controls(hit.display_path) << '\n';
    }
  }
}

}  // namespace psearch
