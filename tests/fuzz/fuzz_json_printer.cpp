// Fuzzes the printers with hits made from arbitrary bytes. Input layout (all parts optional):
//   line 1: the file path; line 2: query words (a trailing '*' makes a wildcard prefix);
//   the rest: file content, split into passages that become the hits.
// Checks: every JSON line parses and matches its hit; "file" and "text" hold the exact string when
// it is valid UTF-8, and otherwise "file_bytes" / "text_bytes" hold its exact bytes in base64
// (printer.hpp); the heading round-trips when valid UTF-8; JSON lines hold no raw C0 or C1
// control. Human (with and without colour), vimgrep and --files output hold no ESC byte (beyond
// the printer's own colour codes), no C0 control but '\n' and '\t', no DEL and no UTF-8 C1 control.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/passage_splitter.hpp"
#include "searcher/hit.hpp"
#include "searcher/match_finder.hpp"
#include "searcher/printer.hpp"
#include "searcher/query_builder.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::string_view output) {
  std::fprintf(stderr, "fuzz_json_printer: %s\n--- output (%zu bytes) ---\n%.*s\n---\n", what, output.size(),
               static_cast<int>(output.size() < 2000 ? output.size() : 2000), output.data());
  std::abort();
}

std::string_view take_line(std::string_view& rest) {
  auto nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return line;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < n; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    static const std::uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

std::string base64_decode(std::string_view s) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  };
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : s) {
    int v = value(c);
    if (v < 0) continue;  // '=' padding
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    if ((count += 6) >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

// A string member the printer must carry exactly: as itself when valid UTF-8, else in key_bytes.
void check_exact(const nlohmann::json& j, const std::string& key, const std::string& value, std::string_view line) {
  if (!j.contains(key) || !j.at(key).is_string()) fail("JSON member missing", line);
  if (valid_utf8(value)) {
    if (j.at(key) != value) fail("JSON string differs from the hit's", line);
    if (j.contains(key + "_bytes")) fail("JSON has _bytes for a valid UTF-8 string", line);
  } else {
    auto bytes = j.find(key + "_bytes");
    if (bytes == j.end()) fail("JSON lacks _bytes for a string that is not valid UTF-8", line);
    if (!bytes->is_string() || base64_decode(bytes->get<std::string>()) != value)
      fail("JSON _bytes do not decode to the hit's bytes", line);
  }
}

// The printer's own SGR sequences are the only escapes allowed in coloured output.
std::string strip_colours(std::string_view s) {
  static const std::string_view codes[] = {"\x1b[35m", "\x1b[32m", "\x1b[1m", "\x1b[1;31m", "\x1b[0m"};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool matched = false;
    for (auto code : codes)
      if (s.substr(i).starts_with(code)) {
        i += code.size();
        matched = true;
        break;
      }
    if (!matched) out += s[i++];
  }
  return out;
}

void check_terminal_safe(std::string_view output, const char* format, bool json = false) {
  for (std::size_t i = 0; i < output.size(); ++i) {
    auto c = static_cast<unsigned char>(output[i]);
    bool bad = (c < 0x20 && c != '\n' && (c != '\t' || json)) || (c == 0x7f && !json) ||
               (c == 0xC2 && i + 1 < output.size() && static_cast<unsigned char>(output[i + 1]) >= 0x80 &&
                static_cast<unsigned char>(output[i + 1]) <= 0x9F);
    if (bad) {
      char what[96];
      std::snprintf(what, sizeof what, "%s output holds control byte 0x%02x at offset %zu", format, c, i);
      fail(what, output);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string path(take_line(rest));
  std::string query_line(take_line(rest));

  // Query terms as build_query would give them: lower-cased words and "Z" stems are looked up;
  // plain lower-casing is enough to exercise the highlighting.
  psearch::BuiltQuery query;
  {
    std::istringstream words(query_line);
    std::string w;
    while (words >> w) {
      for (auto& c : w)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (w.size() > 1 && w.back() == '*') query.wildcard_prefixes.push_back(w.substr(0, w.size() - 1));
      else query.terms.insert(w);
    }
  }

  std::vector<psearch::Passage> passages = psearch::split_passages(rest);
  if (passages.empty()) passages.push_back({1, 1, std::string(query_line), std::string(rest)});
  std::vector<psearch::Hit> hits;
  int rank = 0;
  for (const auto& p : passages) {
    if (hits.size() >= 50) break;
    psearch::Hit hit;
    hit.rank = ++rank;
    hit.score = 10.0 / rank + static_cast<double>(p.text.size() % 97) / 7.0;
    hit.path = "/" + path;
    hit.display_path = path;
    hit.first_line = p.first_line;
    hit.last_line = p.last_line;
    hit.heading = p.heading;
    hit.text = p.text;
    hit.shard = query_line;  // a shard name is a path or address the user typed
    hit.text_matches = psearch::find_matches(hit.text, query);
    hit.heading_matches = psearch::find_matches(hit.heading, query);
    hit.match_lines = psearch::lines_of(hit.text, hit.first_line, hit.text_matches);
    hit.stale = rank % 5 == 0;
    if (hit.stale && rank % 10 == 0) hit.text.clear(), hit.text_matches.clear(), hit.match_lines.clear();
    if (rank % 3 == 0) hit.also.push_back({hit.path, query_line, p.first_line, p.last_line, query_line, rank % 2 == 0});
    if (rank % 4 == 0)
      for (const auto& t : query.terms) hit.explain.push_back({t, "stem", 0.25 * static_cast<double>(t.size())});
    hits.push_back(std::move(hit));
  }

  // JSON Lines: one parseable object per hit, holding what was printed.
  std::ostringstream json;
  psearch::print_json(json, hits);
  std::string json_out = json.str();
  check_terminal_safe(json_out, "JSON", true);
  {
    std::string_view lines = json_out;
    std::size_t count = 0;
    while (!lines.empty()) {
      auto nl = lines.find('\n');
      if (nl == std::string_view::npos) fail("JSON output does not end with a newline", json_out);
      std::string_view line = lines.substr(0, nl);
      lines.remove_prefix(nl + 1);
      if (count >= hits.size()) fail("more JSON lines than hits", json_out);
      nlohmann::json j;
      try {
        j = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {
        fail(e.what(), line);
      }
      const auto& hit = hits[count++];
      if (!j.is_object() || j.at("rank") != hit.rank || j.at("line") != hit.first_line ||
          j.at("end_line") != hit.last_line)
        fail("JSON object does not match the hit", line);
      check_exact(j, "file", hit.display_path, line);
      check_exact(j, "text", hit.text, line);
      if (valid_utf8(hit.heading) && j.at("heading") != hit.heading) fail("JSON heading differs", line);
      if (j.at("match_lines") != hit.match_lines) fail("JSON match_lines differ", line);
    }
    if (count != hits.size()) fail("fewer JSON lines than hits", json_out);
  }

  std::ostringstream files_json;
  psearch::print_files(files_json, hits, true);
  check_terminal_safe(files_json.str(), "--files JSON", true);
  {
    std::istringstream in(files_json.str());
    std::string line;
    std::size_t count = 0;
    while (std::getline(in, line)) {
      nlohmann::json j;
      try {
        j = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {
        fail(e.what(), line);
      }
      if (count >= hits.size()) fail("more --files JSON lines than hits", files_json.str());
      check_exact(j, "file", hits[count++].display_path, line);
    }
    if (count != hits.size()) fail("fewer --files JSON lines than hits", files_json.str());
  }

  std::ostringstream human, coloured, vimgrep, files;
  psearch::print_human(human, hits, false);
  psearch::print_human(coloured, hits, true);
  psearch::print_vimgrep(vimgrep, hits);
  psearch::print_files(files, hits, false);
  if (human.str().find('\x1b') != std::string::npos) fail("human output without colour holds ESC", human.str());
  check_terminal_safe(human.str(), "human");
  check_terminal_safe(strip_colours(coloured.str()), "coloured human");
  check_terminal_safe(vimgrep.str(), "vimgrep");
  check_terminal_safe(files.str(), "files");
  return 0;
}
