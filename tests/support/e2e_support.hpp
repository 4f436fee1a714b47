// Helpers for end-to-end tests: run the built binaries in a temporary directory and capture
// exit code, stdout and stderr.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace e2e {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }

private:
  std::filesystem::path path_;
};

/// Runs program (a name in the build's bin/ directory, or a path) with args in cwd; env entries are
/// set (an empty value unsets the variable). PSEARCH_DB and NO_COLOR are unset unless given.
RunResult run(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
              const std::map<std::string, std::string>& env = {});

/// Runs program with stdout and stderr on a pseudo-terminal (TERM=xterm); out is what the
/// terminal shows, err stays empty. Gives up after 10 s without output.
RunResult run_on_tty(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::map<std::string, std::string>& env = {});

/// A program started in the background with its output going to files; wait() reaps it.
class Background {
public:
  Background(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
             const std::filesystem::path& log_prefix);
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  int pid() const { return pid_; }
  /// Whether it is still running (reaps it when it has ended).
  bool running();
  /// Waits for the end; returns the exit code (128 + signal when killed), stdout and stderr.
  RunResult wait();
  void kill(int signal);

private:
  int pid_ = -1;
  int status_ = -1;
  std::filesystem::path out_, err_;
};

/// The bundled corpus copied into a fresh directory and indexed there with pindex (throws when
/// pindex fails, which the test reports).
struct IndexedCorpus {
  TempDir dir;
  IndexedCorpus();
};

/// ASCII lower case.
std::string lower(std::string s);

/// The non-empty lines of text.
std::vector<std::string> lines_of(const std::string& text);

/// pindex's summary line, the last line of its stderr (-1 where absent).
struct Summary {
  int added = -1, changed = -1, removed = -1, unchanged = -1, skipped = 0, passages = -1;
  std::string skipped_kinds;  // "9 images, 3 unsupported", empty when none were skipped
  std::string index;          // the index written, as the summary names it
};
/// Parses the summary from pindex's stderr; nullopt when the last line is not one.
std::optional<Summary> parse_summary(const std::string& err);
/// pindex's stderr lines before the summary: its warnings.
std::vector<std::string> pindex_warnings(const std::string& err);

/// Writes bytes to path, creating parent directories.
void write_file(const std::filesystem::path& path, const std::string& bytes);
std::string read_file(const std::filesystem::path& path);
/// The file's lines first..last (1-based) joined by '\n', CR and BOM removed as pindex does.
std::string file_lines(const std::filesystem::path& path, int first, int last);
/// Copies the bundled corpus into dir/corpus.
void copy_corpus(const std::filesystem::path& dir);
/// Parses JSON Lines output.
std::vector<nlohmann::json> json_lines(const std::string& out);
/// Lines of stderr that are not empty.
int count_lines(const std::string& text);

}  // namespace e2e
