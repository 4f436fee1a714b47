// fork/exec with pipes, so tests see exactly what a user's shell would.
#include "tests/support/e2e_support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace e2e {

namespace {

std::string binary_path(const std::string& program) {
  return program.find('/') == std::string::npos ? std::string(PSEARCH_BIN_DIR) + "/" + program : program;
}

// In a forked child: the directory and environment every run gets, then the program (exit 127
// when it cannot start).
[[noreturn]] void exec_child(const std::string& exe, const std::vector<std::string>& args, const fs::path& cwd,
                             const std::map<std::string, std::string>& env) {
  if (chdir(cwd.c_str()) != 0) _exit(127);
  unsetenv("PSEARCH_DB");
  unsetenv("NO_COLOR");
  for (const auto& [k, v] : env) {
    if (v.empty()) unsetenv(k.c_str());
    else setenv(k.c_str(), v.c_str(), 1);
  }
  std::vector<char*> argv{const_cast<char*>(exe.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(exe.c_str(), argv.data());
  _exit(127);
}

}  // namespace

TempDir::TempDir() {
  std::random_device rd;
  const char* tmp = std::getenv("TMPDIR");
  fs::path base = tmp && *tmp ? tmp : "/tmp";
  for (;;) {
    path_ = base / ("psearch-e2e-" + std::to_string(rd()));
    if (fs::create_directory(path_)) break;
  }
  path_ = fs::canonical(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  // Make unreadable test directories removable again.
  for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec))
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

RunResult run(const std::string& program, const std::vector<std::string>& args, const fs::path& cwd,
              const std::map<std::string, std::string>& env) {
  std::string exe = binary_path(program);
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    close(out_pipe[0]);
    close(err_pipe[0]);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    exec_child(exe, args, cwd, env);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  RunResult r;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

Background::Background(const std::string& program, const std::vector<std::string>& args, const fs::path& cwd,
                       const fs::path& log_prefix)
    : out_(log_prefix.string() + ".out"), err_(log_prefix.string() + ".err") {
  std::string exe = binary_path(program);
  pid_ = fork();
  if (pid_ == 0) {
    int out = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    unsetenv("PSEARCH_DB");
    std::vector<char*> argv{const_cast<char*>(exe.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
}

Background::~Background() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    wait();
  }
}

bool Background::running() {
  if (status_ >= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

RunResult Background::wait() {
  if (status_ < 0) {
    int status = 0;
    waitpid(pid_, &status, 0);
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  return {status_, read_file(out_), read_file(err_)};
}

void Background::kill(int signal) {
  if (status_ < 0) ::kill(pid_, signal);
}

IndexedCorpus::IndexedCorpus() {
  copy_corpus(dir.path());
  auto r = run("pindex", {}, dir.path());
  if (r.exit_code != 0) throw std::runtime_error("pindex failed: " + r.err);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(line);
  return lines;
}

std::optional<Summary> parse_summary(const std::string& err) {
  static const std::regex re(
      R"(^pindex: (\d+) added, (\d+) changed, (\d+) removed, (\d+) unchanged(?:, (\d+) skipped(?: \((.+)\))?)?; (\d+) passages? in (.+); \d+\.\d+ s$)");
  auto lines = lines_of(err);
  if (lines.empty()) return std::nullopt;
  std::smatch m;
  if (!std::regex_match(lines.back(), m, re)) return std::nullopt;
  Summary s;
  s.added = std::stoi(m[1]);
  s.changed = std::stoi(m[2]);
  s.removed = std::stoi(m[3]);
  s.unchanged = std::stoi(m[4]);
  s.skipped = m[5].matched ? std::stoi(m[5]) : 0;
  s.skipped_kinds = m[6];
  s.passages = std::stoi(m[7]);
  s.index = m[8];
  return s;
}

std::vector<std::string> pindex_warnings(const std::string& err) {
  auto lines = lines_of(err);
  if (!lines.empty()) lines.pop_back();
  return lines;
}

void write_file(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string file_lines(const fs::path& path, int first, int last) {
  std::string content = read_file(path);
  if (content.rfind("\xEF\xBB\xBF", 0) == 0) content.erase(0, 3);
  std::istringstream in(content);
  std::string line, text;
  for (int n = 1; std::getline(in, line) && n <= last; ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (n < first) continue;
    if (n > first) text += '\n';
    text += line;
  }
  return text;
}

void copy_corpus(const fs::path& dir) {
  fs::create_directories(dir / "corpus");
  for (const auto& e : fs::directory_iterator(PSEARCH_CORPUS_DIR))
    fs::copy_file(e.path(), dir / "corpus" / e.path().filename());
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> items;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) items.push_back(nlohmann::json::parse(line));
  return items;
}

int count_lines(const std::string& text) {
  int n = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) ++n;
  return n;
}

RunResult run_on_tty(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::map<std::string, std::string>& env) {
  std::string exe = binary_path(program);
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    auto with_term = env;
    with_term.emplace("TERM", "xterm");  // unless the test sets its own
    exec_child(exe, args, cwd, with_term);
  }
  RunResult r;
  char buf[65536];
  for (;;) {
    pollfd pfd{master, POLLIN, 0};
    if (poll(&pfd, 1, 10000) <= 0) break;  // 10 s without output: give up
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has exited and the slave side is closed
    r.out.append(buf, static_cast<std::size_t>(n));
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}


}  // namespace e2e
