// Xapian's exceptions, worded for the user.
#include "indexer/xapian_errors.hpp"

#include <string_view>

#include <fmt/format.h>

namespace psearch {

Error xapian_error(const std::string& db_path, const Xapian::Error& e) {
  // Xapian::Error has no virtual functions to dynamic_cast on; its type name says the subclass.
  if (std::string_view(e.get_type()) == "DatabaseLockError")
    return Error(fmt::format("index '{}' is locked by another writer", db_path));
  return index_error(db_path, fmt::format("{}: {}", e.get_type(), e.get_msg()));
}

}  // namespace psearch
