// inotify watches on every directory under the roots; signals arrive through a signalfd so that
// Ctrl-C is handled between runs, never inside one.
#include "indexer/watcher.hpp"

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "format/error.hpp"

namespace psearch {
namespace {

constexpr int kQuietMs = 300;  // a burst of changes ends after this much silence
constexpr std::uint32_t kEvents =
    IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF;

class Watches {
public:
  Watches(int fd, std::string db_path, const WarningSink& warn) : fd_(fd), db_path_(std::move(db_path)), warn_(warn) {}

  // Watches dir and every directory below it, as the scanner walks them.
  void add_tree(const std::string& dir) {
    int wd = inotify_add_watch(fd_, dir.c_str(), kEvents | IN_ONLYDIR);
    if (wd < 0) {
      if (errno != ENOTDIR && errno != ENOENT) warn_(fmt::format("cannot watch '{}': {}", dir, std::strerror(errno)));
      return;
    }
    dirs_[wd] = dir;
    DIR* d = opendir(dir.c_str());
    if (!d) return;
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] == '.') continue;
      std::string path = dir + "/" + e->d_name;
      struct stat st;
      if (lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && path != db_path_) add_tree(path);
    }
    closedir(d);
  }

  // Reads pending events; returns whether any concerns the corpus.
  bool drain() {
    alignas(inotify_event) char buf[64 * 1024];
    bool relevant = false;
    for (;;) {
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return relevant;
      for (char* p = buf; p < buf + n;) {
        auto* ev = reinterpret_cast<inotify_event*>(p);
        p += sizeof(inotify_event) + ev->len;
        auto dir = dirs_.find(ev->wd);
        if (ev->mask & IN_IGNORED) {
          if (dir != dirs_.end()) dirs_.erase(dir);
          continue;
        }
        if (ev->len && ev->name[0] == '.') continue;
        relevant = true;
        if (dir != dirs_.end() && ev->len && (ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)))
          add_tree(dir->second + "/" + ev->name);
      }
    }
  }

private:
  int fd_;
  std::string db_path_;
  const WarningSink& warn_;
  std::map<int, std::string> dirs_;
};

}  // namespace

void watch_and_index(IndexOptions options, const WarningSink& warn, const SummarySink& summary) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  int sig_fd = signalfd(-1, &signals, SFD_CLOEXEC);
  int in_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (sig_fd < 0 || in_fd < 0) throw Error(fmt::format("cannot watch for changes: {}", std::strerror(errno)));

  summary(run_index(options, warn));
  options.rebuild = false;
  options.paths.clear();  // from now on: the recorded roots, which include the ones given
  Watches watches(in_fd, options.db_path, warn);
  for (const auto& root : recorded_roots(options.db_path)) {
    struct stat st;
    bool is_file = stat(root.c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
    watches.add_tree(is_file ? root.substr(0, root.find_last_of('/')) : root);  // a file root: its directory
  }

  pollfd fds[2] = {{sig_fd, POLLIN, 0}, {in_fd, POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0 && errno != EINTR) break;
    if (fds[0].revents & POLLIN) break;
    if (!(fds[1].revents & POLLIN) || !watches.drain()) continue;
    // Debounce: wait until the burst is over, then index once.
    for (;;) {
      int ready = poll(fds, 2, kQuietMs);
      if (ready <= 0 || (fds[0].revents & POLLIN)) break;
      watches.drain();
    }
    if (fds[0].revents & POLLIN) break;
    summary(run_index(options, warn));
  }
  close(in_fd);
  close(sig_fd);
}

}  // namespace psearch
