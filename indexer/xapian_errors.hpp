// The one place pindex turns a Xapian exception into the user's one-line message.
#pragma once
#include <string>

#include <xapian.h>

#include "format/error.hpp"

namespace psearch {

/// The message for a Xapian failure on the index at db_path: a lock names the other writer;
/// anything else is index_error() with Xapian's type and message, and the rebuild hint.
Error xapian_error(const std::string& db_path, const Xapian::Error& e);

/// Runs body and returns what it returns; a Xapian::Error it throws becomes xapian_error().
template <class Body>
auto with_xapian_errors(const std::string& db_path, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Xapian::Error& e) {
    throw xapian_error(db_path, e);
  }
}

}  // namespace psearch
