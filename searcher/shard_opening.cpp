// Opening shards; their Xapian errors are worded by xapian_error.hpp.
#include "searcher/shard_opening.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "searcher/xapian_error.hpp"

namespace fs = std::filesystem;

namespace psearch {
namespace {

constexpr int kOpenAttempts = 5;

Xapian::Database open_database_once(const std::string& db_path) {
  Xapian::Database db(db_path);
  if (db.size() == 0) throw Error(fmt::format("'{}' is not a psearch index ({})", db_path, kRebuildHint));
  schema::check_version(db, db_path);
  return db;
}

// pindex --rebuild swaps generations and removes the old one: an open that lands in between
// finds files gone, and simply tries again on the new generation.
Xapian::Database open_local(const std::string& db_path) {
  for (int attempt = 1;; ++attempt) {
    try {
      return open_database_once(db_path);
    } catch (const Xapian::Error& e) {
      bool absent = failure_of(e) == XapianFailure::NotFound && !fs::exists(db_path);
      if (absent || !worth_retrying(e) || attempt == kOpenAttempts)
        throw xapian_error(e, {XapianStep::Open, db_path});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
  }
}

// A remote shard: xapian-tcpsrv (or a program such as ssh ... xapian-progsrv) answers within
// timeout for the connection and for every reply, so a shard that hangs never hangs psearch.
Xapian::Database open_remote(const ShardSpec& spec, double timeout_seconds) {
  auto ms = static_cast<unsigned>(std::max(1.0, timeout_seconds * 1000));
  return translating_xapian_errors({XapianStep::Connect, spec.name, timeout_seconds}, [&] {
    Xapian::Database db = spec.kind == ShardSpec::Kind::Remote ? Xapian::Remote::open(spec.host, spec.port, ms, ms)
                                                               : Xapian::Remote::open(spec.program, spec.args, ms);
    schema::check_version(db, spec.name);
    return db;
  });
}

}  // namespace

Xapian::Database open_shard(const ShardSpec& spec, double timeout_seconds) {
  return spec.kind == ShardSpec::Kind::Local ? open_local(spec.path) : open_remote(spec, timeout_seconds);
}

}  // namespace psearch
