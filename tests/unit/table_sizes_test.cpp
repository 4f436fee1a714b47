// The table-size check that lets pindex notice a truncated index before it updates it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "format/error.hpp"
#include "indexer/table_sizes.hpp"

namespace fs = std::filesystem;

namespace {

struct GenDir {
  fs::path path = fs::temp_directory_path() / ("psearch-sizes-" + std::to_string(::getpid()));
  GenDir() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~GenDir() { fs::remove_all(path); }
  void write(const std::string& name, std::size_t bytes) const {
    std::ofstream(path / name, std::ios::binary | std::ios::trunc) << std::string(bytes, 'x');
  }
};

std::string failure(const GenDir& gen) {
  try {
    psearch::check_table_sizes(gen.path.string(), "db");
  } catch (const psearch::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("table sizes: grown tables pass, a shrunk or missing one is damage", "[table_sizes]") {
  GenDir gen;
  gen.write("postlist.glass", 16384);
  gen.write("termlist.glass", 8192);
  gen.write("iamglass", 100);  // not a table: not recorded
  CHECK(failure(gen).empty());  // nothing recorded yet: an older index passes
  psearch::record_table_sizes(gen.path.string());
  CHECK(failure(gen).empty());
  gen.write("postlist.glass", 24576);  // an update that was not committed leaves tables longer
  CHECK(failure(gen).empty());
  gen.write("termlist.glass", 4096);
  CHECK(failure(gen) == "index 'db': damaged: termlist.glass is 4096 bytes, 8192 when last written (run pindex --rebuild)");
  fs::remove(gen.path / "termlist.glass");
  CHECK(failure(gen) == "index 'db': damaged: termlist.glass is missing (run pindex --rebuild)");
  gen.write("iamglass", 1);
  gen.write("termlist.glass", 8192);
  CHECK(failure(gen).empty());
}
