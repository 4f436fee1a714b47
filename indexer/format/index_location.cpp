#include "format/index_location.hpp"

#include <system_error>

#include "format/schema.hpp"

namespace psearch::schema {

std::string nearest_index(const std::filesystem::path& dir) {
  std::error_code ec;
  for (std::filesystem::path d = dir; !d.empty(); d = d.parent_path()) {
    if (std::filesystem::exists(d / kDefaultDbName, ec)) return (d / kDefaultDbName).string();
    if (d == d.parent_path()) break;
  }
  return "";
}

}  // namespace psearch::schema
