#include "indexer/table_sizes.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "format/error.hpp"

namespace psearch {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSizesFile = "psearch-sizes";

}  // namespace

void record_table_sizes(const std::string& gen_dir) {
  std::string text;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(gen_dir, ec)) {
    if (entry.path().extension() != ".glass") continue;
    auto size = entry.file_size(ec);
    if (ec) break;
    text += fmt::format("{} {}\n", entry.path().filename().string(), size);
  }
  if (ec) throw Error(fmt::format("cannot read '{}': {}", gen_dir, ec.message()));
  fs::path tmp = fs::path(gen_dir) / (std::string(kSizesFile) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    if (!out.flush()) throw Error(fmt::format("cannot write '{}'", tmp.string()));
  }
  fs::rename(tmp, fs::path(gen_dir) / kSizesFile, ec);
  if (ec) throw Error(fmt::format("cannot write '{}': {}", tmp.string(), ec.message()));
}

void check_table_sizes(const std::string& gen_dir, const std::string& db_path) {
  std::ifstream in(fs::path(gen_dir) / kSizesFile);
  std::string name;
  std::uintmax_t recorded = 0;
  while (in >> name >> recorded) {
    std::error_code ec;
    auto size = fs::file_size(fs::path(gen_dir) / name, ec);
    if (ec) throw index_error(db_path, fmt::format("damaged: {} is missing", name));
    if (size < recorded)
      throw index_error(db_path, fmt::format("damaged: {} is {} bytes, {} when last written", name, size, recorded));
  }
}

}  // namespace psearch
