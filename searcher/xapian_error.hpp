// Xapian's exceptions as the user's one-line messages: the one place that words them, so that
// every failure of an index or a shard names it and the cure the same way.
#pragma once
#include <string>
#include <utility>

#include <xapian.h>

#include "format/error.hpp"

namespace psearch {

/// What Xapian's exception means to psearch, which decides retrying and the message.
enum class XapianFailure {
  NotFound,    // no index at the path (or pindex --rebuild is swapping generations)
  CannotOpen,  // an index that cannot be opened: another format version, unreadable
  Modified,    // pindex committed while psearch read
  Damaged,     // any other database error: a damaged file, an I/O error
  Timeout,     // a remote shard did not answer within --timeout
  Network,     // a remote shard cannot be reached, or the connection was lost
  Wildcard,    // a wildcard matched too many words
  Unsupported, // a query Xapian cannot run (UnimplementedError)
  Other,
};

/// What psearch was doing when Xapian threw.
enum class XapianStep {
  Parse,    // parsing the query text
  Open,     // opening a local index
  Connect,  // connecting to a remote shard
  Probe,    // searching one remote shard alone, to find the one that failed
  Search,   // searching the open shards
  Any,      // anything else
};

struct XapianContext {
  XapianStep step = XapianStep::Any;
  std::string index{};         // the index's path or the shard's name
  double timeout_seconds = 0;  // --timeout, named by a Timeout's message
};

/// The kind of e (by its class, as get_type() names it).
XapianFailure failure_of(const Xapian::Error& e);

/// Whether another attempt may succeed: pindex may have swapped generations or committed.
bool worth_retrying(const Xapian::Error& e);

/// The one-line message for e, met while doing where.step on where.index.
Error xapian_error(const Xapian::Error& e, const XapianContext& where);

/// Runs f, its Xapian exceptions translated by xapian_error(where).
template <class F>
auto translating_xapian_errors(const XapianContext& where, F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const Xapian::Error& e) {
    throw xapian_error(e, where);
  }
}

}  // namespace psearch
