// flock() on pindex.lock in the index directory.
#include "indexer/writer_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "format/error.hpp"
#include "indexer/index_writer.hpp"

namespace psearch {

WriterLock::WriterLock(const std::string& db_path, bool wait, const WarningSink& warn) {
  std::error_code ec;
  std::filesystem::create_directories(db_path, ec);
  if (ec) throw Error(fmt::format("cannot create index directory '{}': {}", db_path, ec.message()));
  std::string path = lock_path(db_path);
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(fmt::format("cannot open lock file '{}': {}", path, std::strerror(errno)));
  if (flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
  if (!wait) {
    ::close(fd_);
    throw Error(fmt::format("another pindex is updating '{}' (without --no-wait, pindex waits for it)", db_path));
  }
  warn(fmt::format("waiting for another pindex to finish updating '{}' ...", db_path));
  if (flock(fd_, LOCK_EX) != 0) throw Error(fmt::format("cannot lock '{}': {}", path, std::strerror(errno)));
}

WriterLock::~WriterLock() { ::close(fd_); }

}  // namespace psearch
