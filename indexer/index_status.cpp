#include "indexer/index_status.hpp"

#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>
#include <xapian.h>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "indexer/corpus_scanner.hpp"

namespace psearch {
namespace {

namespace fs = std::filesystem;

std::uint64_t bytes_under(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) total += it->file_size(size_ec);
  }
  return total;
}

RootStatus* deepest_root(std::vector<RootStatus>& roots, const std::string& path) {
  RootStatus* best = nullptr;
  for (auto& r : roots)
    if (path_under(path, r.root) && (!best || r.root.size() > best->root.size())) best = &r;
  return best;
}

void count_files(const Xapian::Database& db, std::vector<RootStatus>& roots) {
  const std::string prefix = schema::kMetaFilePrefix;
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    auto record = schema::decode_file_record(db.get_metadata(*key));
    if (record.passages < 0) continue;  // skipped: nothing of it is in the index
    if (RootStatus* root = deepest_root(roots, record.path)) {
      ++root->files;
      root->passages += static_cast<unsigned>(record.passages);
    }
  }
}

std::string local_time(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z", &tm);
  return buf;
}

std::string plural(unsigned n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

IndexStatus read_index_status(const std::string& db_path) {
  if (!fs::is_directory(db_path)) throw Error(fmt::format("no index at '{}' (run pindex first)", db_path));
  IndexStatus status;
  status.db_path = db_path;
  try {
    Xapian::Database db(db_path);
    schema::check_version(db, db_path);
    status.schema = schema::kVersion;
    auto updated = db.get_metadata(schema::kMetaUpdated);
    status.updated = updated.empty() ? 0 : std::stoll(updated);
    for (const auto& root : schema::decode_strings(db.get_metadata(schema::kMetaRoots)))
      status.roots.push_back({root});
    count_files(db, status.roots);
  } catch (const Xapian::Error& e) {
    throw index_error(db_path, "cannot be read: " + e.get_msg());
  } catch (const std::invalid_argument&) {
    throw index_error(db_path, "its last-update time is not a number");
  } catch (const std::out_of_range&) {
    throw index_error(db_path, "its last-update time is not a number");
  }
  status.bytes_on_disk = bytes_under(db_path);
  return status;
}

std::string format_status(const IndexStatus& status, const std::string& since) {
  std::string out = fmt::format("index: {}\nschema: {}\nsize: {}\n", status.db_path, status.schema,
                                human_size(status.bytes_on_disk));
  out += fmt::format("updated: {}\n", status.updated ? local_time(status.updated) : "(before pindex recorded it)");
  for (const auto& r : status.roots)
    out += fmt::format("root: {}: {}, {}\n", r.root, plural(static_cast<unsigned>(r.files), "file"),
                       plural(r.passages, "passage"));
  out += fmt::format("since the last update: {}\n", since);
  return out;
}

std::string human_size(std::uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double size = static_cast<double>(bytes);
  int unit = 0;
  while (size >= 1024 && unit < 4) {
    size /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", size, units[unit]);
}

}  // namespace psearch
