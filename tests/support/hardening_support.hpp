// Shared helpers of the end-to-end tests that stress the tools (hardening_*, shards, ranking): the
// exit-code and stderr contract, timing, terminal-safety checks, generated corpora, unprivileged runs.
#pragma once
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/e2e_support.hpp"

namespace hardening {

namespace fs = std::filesystem;

using e2e::lines_of;

inline bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
inline bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

/// A run that ended by itself with one of the documented codes: 0, 1 or 2 (never a signal, which
/// e2e::run reports as 128 + signal).
inline bool documented_exit(const e2e::RunResult& r) { return r.exit_code >= 0 && r.exit_code <= 2; }

/// The contract for a run that failed: exit 2 and exactly one stderr line "<program>: error: ...".
inline void check_one_error_line(const e2e::RunResult& r, const std::string& program) {
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(e2e::count_lines(r.err) == 1);
  CHECK(starts_with(r.err, program + ": error: "));
}

/// The contract for any psearch run: a documented code, and exit 2 only with one error line.
inline void check_psearch_contract(const e2e::RunResult& r) {
  INFO("exit " << r.exit_code << ", stderr: " << r.err);
  CHECK(documented_exit(r));
  if (r.exit_code == 2) check_one_error_line(r, "psearch");
}

using e2e::parse_summary;
using e2e::pindex_warnings;
using e2e::Summary;

struct Indexed {
  Summary summary;
  std::vector<std::string> warnings;
  std::string err;
};

/// Runs pindex and requires exit 0 with a summary line; every other stderr line must be a warning
/// (or, with -v, a skipped file named).
inline Indexed pindex_ok(const fs::path& cwd, const std::vector<std::string>& args = {},
                         const std::map<std::string, std::string>& env = {}) {
  auto r = e2e::run("pindex", args, cwd, env);
  INFO("pindex exit " << r.exit_code << ", stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  auto s = parse_summary(r.err);
  REQUIRE(s.has_value());
  auto warnings = pindex_warnings(r.err);
  for (const auto& w : warnings) CHECK((starts_with(w, "pindex: warning: ") || starts_with(w, "pindex: skipped '")));
  return {*s, warnings, r.err};
}

struct Timed {
  e2e::RunResult r;
  double seconds = 0;
};

inline Timed run_timed(const std::string& program, const std::vector<std::string>& args, const fs::path& cwd,
                       const std::map<std::string, std::string>& env = {}) {
  auto start = std::chrono::steady_clock::now();
  auto r = e2e::run(program, args, cwd, env);
  return {std::move(r), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

struct Deadline {
  e2e::RunResult r;  // exit code 128 + 9 when it was killed
  double seconds = 0;
  bool killed = false;
};

/// Runs program in the background and kills it once it has run for `kill_after` seconds, so a
/// test of a slow answer costs no more than that.
inline Deadline run_with_deadline(const std::string& program, const std::vector<std::string>& args,
                                  const fs::path& cwd, const fs::path& log_prefix, double kill_after) {
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  e2e::Background bg(program, args, cwd, log_prefix);
  while (bg.running() && elapsed() < kill_after) ::usleep(2000);
  Deadline d;
  d.seconds = elapsed();
  if (bg.running()) {
    bg.kill(9);
    d.killed = true;
  }
  d.r = bg.wait();
  return d;
}

/// The first byte that drives a terminal: a C0 control other than tab and newline, DEL, or a C1
/// control (U+0080..U+009F, encoded C2 80..C2 9F). npos when there is none.
inline std::size_t find_raw_control(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) return i;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F)
      return i;
  }
  return std::string_view::npos;
}

/// Output with psearch's own colours (SGR sequences ESC [ digits ; m) removed.
inline std::string without_sgr(const std::string& s) {
  static const std::regex sgr("\x1b\\[[0-9;]*m");
  return std::regex_replace(s, sgr, "");
}

/// Shows s[from, to), control and non-ASCII bytes as \xNN, for failure messages.
inline std::string visible(std::string_view s, std::size_t from = 0, std::size_t to = std::string_view::npos) {
  std::string out;
  for (std::size_t i = from; i < s.size() && i < to; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

/// The bytes around position pos, made visible.
inline std::string visible_around(std::string_view s, std::size_t pos) {
  return visible(s, pos > 40 ? pos - 40 : 0, pos + 40);
}

/// Checks that s holds no raw terminal control bytes.
inline void check_no_raw_controls(const std::string& s, const std::string& what) {
  auto pos = find_raw_control(s);
  INFO(what << ": raw control byte at " << pos << ": " << (pos == std::string::npos ? "" : visible_around(s, pos)));
  CHECK(pos == std::string::npos);
}

/// A corpus of `files` files, each of `paragraphs` paragraphs of 40 words drawn from `vocabulary`
/// words "<prefix>NNNNword"; deterministic.
inline void generate_corpus(const fs::path& dir, int files, int paragraphs, int vocabulary, const std::string& prefix,
                            unsigned seed = 12345) {
  for (int f = 0; f < files; ++f) {
    std::string text;
    for (int p = 0; p < paragraphs; ++p) {
      if (p) text += "\n";
      for (int w = 0; w < 40; ++w) {
        seed = seed * 1103515245u + 12345u;
        char word[32];
        std::snprintf(word, sizeof word, "%s%04uword", prefix.c_str(), (seed >> 8) % static_cast<unsigned>(vocabulary));
        text += word;
        text += w == 39 ? ".\n" : " ";
      }
    }
    char name[32];
    std::snprintf(name, sizeof name, "f%03d.txt", f);
    e2e::write_file(dir / name, text);
  }
}

/// The hits of a query as sorted "file:line-end:text" keys, to compare an index before and after.
inline std::vector<std::string> hit_keys(const fs::path& cwd, const std::vector<std::string>& query) {
  std::vector<std::string> args{"--json", "--all", "-n", "100"};
  args.insert(args.end(), query.begin(), query.end());
  auto r = e2e::run("psearch", args, cwd);
  INFO("psearch stderr: " << r.err);
  REQUIRE(r.exit_code <= 1);
  std::vector<std::string> keys;
  for (const auto& j : e2e::json_lines(r.out))
    keys.push_back(j["file"].get<std::string>() + ":" + std::to_string(j["line"].get<int>()) + "-" +
                   std::to_string(j["end_line"].get<int>()) + ":" + j["text"].get<std::string>());
  std::sort(keys.begin(), keys.end());
  return keys;
}

/// An executable found in $PATH (or the usual system directories), "" when missing.
inline std::string find_tool(const std::string& name) {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  path += ":/usr/bin:/bin:/usr/sbin:/sbin";
  std::istringstream in(path);
  std::string dir;
  while (std::getline(in, dir, ':')) {
    if (dir.empty()) continue;
    fs::path p = fs::path(dir) / name;
    if (::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return "";
}

inline bool running_as_root() { return ::geteuid() == 0; }

/// Runs the tools as an unprivileged user so that permission bits count. Not root: the tools run
/// as they are. Root: they run as nobody through setpriv, with the test directory handed to nobody;
/// when that is not possible, available() is false and the caller skips with WARN.
class Unprivileged {
public:
  explicit Unprivileged(const fs::path& dir) {
    if (!running_as_root()) {
      available_ = true;
      return;
    }
    setpriv_ = find_tool("setpriv");
    if (setpriv_.empty()) {
      why_ = "running as root and setpriv is not installed";
      return;
    }
    std::error_code ec;
    ::lchown(dir.c_str(), kNobody, kNobody);
    for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); it.increment(ec))
      ::lchown(it->path().c_str(), kNobody, kNobody);
    // nobody must reach the directory and the binaries.
    auto probe = e2e::run(setpriv_, wrap(find_tool("test"), {"-w", dir.string()}), dir);
    auto bin = e2e::run(setpriv_, wrap(std::string(PSEARCH_BIN_DIR) + "/psearch", {"--version"}), dir);
    if (probe.exit_code != 0 || bin.exit_code != 0) {
      why_ = "running as root and user nobody cannot write " + dir.string() + " or run the binaries";
      return;
    }
    available_ = true;
  }
  bool available() const { return available_; }
  const std::string& why_not() const { return why_; }
  /// Hands a path created after construction to nobody (when running as root).
  void own(const fs::path& p) const {
    if (running_as_root()) ::lchown(p.c_str(), kNobody, kNobody);
  }
  e2e::RunResult run(const std::string& program, const std::vector<std::string>& args, const fs::path& cwd) const {
    if (!running_as_root()) return e2e::run(program, args, cwd);
    return e2e::run(setpriv_, wrap(std::string(PSEARCH_BIN_DIR) + "/" + program, args), cwd);
  }

private:
  static constexpr uid_t kNobody = 65534;
  std::vector<std::string> wrap(const std::string& exe, const std::vector<std::string>& args) const {
    std::vector<std::string> all{"--reuid=65534", "--regid=65534", "--clear-groups", "--", exe};
    all.insert(all.end(), args.begin(), args.end());
    return all;
  }
  bool available_ = false;
  std::string setpriv_, why_;
};

}  // namespace hardening
