// One pindex at a time per index: an advisory lock beside the databases, released by the kernel
// when the process dies.
#pragma once
#include <string>

#include "indexer/corpus_scanner.hpp"

namespace psearch {

class WriterLock {
public:
  /// Takes the lock of the index at db_path (creating its directory), waiting for another pindex
  /// (saying so through warn) unless !wait. Throws psearch::Error.
  WriterLock(const std::string& db_path, bool wait, const WarningSink& warn);
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

private:
  int fd_ = -1;
};

}  // namespace psearch
