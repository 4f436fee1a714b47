// The index directory's stub, generations and lock file.
#include "indexer/index_dir.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "format/error.hpp"

namespace fs = std::filesystem;

namespace psearch {
namespace {

constexpr const char* kStubName = "XAPIANDB";
constexpr const char* kLockName = "pindex.lock";

}  // namespace

std::string stub_path(const std::string& db_path) { return (fs::path(db_path) / kStubName).string(); }

std::string lock_path(const std::string& db_path) { return (fs::path(db_path) / kLockName).string(); }

void check_index_dir(const std::string& db_path) {
  std::error_code ec;
  if (!fs::exists(db_path, ec) || !live_generation(db_path).empty()) return;
  bool ours = fs::is_directory(db_path, ec);
  for (const auto& e : fs::directory_iterator(db_path, ec)) {
    auto name = e.path().filename().string();
    ours = ours && (name == kLockName || name.starts_with("gen-") || name.starts_with(kStubName));
  }
  if (!ours) throw Error(fmt::format("'{}' exists and is not a psearch index; choose another --db", db_path));
}

std::string live_generation(const std::string& db_path) {
  std::ifstream in(stub_path(db_path));
  std::string kind, gen;
  if (!(in >> kind >> gen)) return "";
  return gen;
}

std::string next_generation(const std::string& db_path, const std::string& live) {
  int n = live.starts_with("gen-") ? std::atoi(live.c_str() + 4) : 0;
  std::string gen;
  do gen = fmt::format("gen-{}", ++n);
  while (fs::exists(fs::path(db_path) / gen));
  return gen;
}

void write_stub(const std::string& db_path, const std::string& gen) {
  std::string tmp = stub_path(db_path) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "auto " << gen << "\n";
    out.flush();
    if (!out) throw Error(fmt::format("cannot write '{}'", tmp));
  }
  if (std::rename(tmp.c_str(), stub_path(db_path).c_str()) != 0)
    throw Error(fmt::format("cannot replace '{}'", stub_path(db_path)));
}

void remove_stale_generations(const std::string& db_path, const std::string& keep) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(db_path, ec)) {
    auto name = e.path().filename().string();
    if (name.starts_with("gen-") && name != keep) fs::remove_all(e.path(), ec);
  }
}

}  // namespace psearch
