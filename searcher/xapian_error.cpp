// Xapian's exceptions become psearch::Error here and nowhere else; the rebuild hint is
// format/error.hpp's, the one wording pindex uses too.
#include "searcher/xapian_error.hpp"

#include <string_view>

#include <fmt/format.h>

namespace psearch {
namespace {

// Xapian::Error has no virtual functions (no dynamic_cast): its class is known by get_type(),
// and each family's classes share the family's name as a prefix.
bool is_a(const Xapian::Error& e, std::string_view family) {
  return std::string_view(e.get_type()).starts_with(family);
}

// What no step expects: one line, never an abort.
Error unexpected(const Xapian::Error& e) {
  return Error(fmt::format("index: {}: {} ({} if it persists)", e.get_type(), e.get_msg(), kRebuildHint));
}

// Xapian's NEAR and ADJ take single words only ("OP_NEAR and OP_PHRASE only currently support
// leaf subqueries"), and a wildcard is several (found by fuzz_query).
Error parse_error(const Xapian::Error& e) {
  if (failure_of(e) == XapianFailure::Unsupported)
    return Error("a wildcard (word*) cannot be used with NEAR or ADJ: write the words out");
  return unexpected(e);
}

Error open_error(const Xapian::Error& e, const std::string& index) {
  switch (failure_of(e)) {
    case XapianFailure::NotFound: return Error(fmt::format("no index at '{}' (run pindex first)", index));
    case XapianFailure::CannotOpen:
      return Error(fmt::format("cannot open index '{}': {} ({})", index, e.get_msg(), kRebuildHint));
    case XapianFailure::Modified:
    case XapianFailure::Damaged:
      return Error(fmt::format("index '{}' is damaged: {} ({})", index, e.get_msg(), kRebuildHint));
    default: return unexpected(e);
  }
}

Error shard_error(const Xapian::Error& e, const XapianContext& where) {
  switch (failure_of(e)) {
    case XapianFailure::Timeout:
      return Error(fmt::format("shard '{}' did not answer within {:g} s (--timeout)", where.index,
                               where.timeout_seconds));
    case XapianFailure::Network:
      return Error(fmt::format("{} shard '{}': {}", where.step == XapianStep::Connect ? "cannot reach" : "lost",
                               where.index, e.get_msg()));
    default: return Error(fmt::format("shard '{}': {}: {}", where.index, e.get_type(), e.get_msg()));
  }
}

Error search_error(const Xapian::Error& e, const std::string& index) {
  switch (failure_of(e)) {
    case XapianFailure::Timeout:
    case XapianFailure::Network: return Error(fmt::format("remote shard: {}", e.get_msg()));
    case XapianFailure::Modified:
      return Error(fmt::format("index '{}' keeps changing; try again (if no pindex is running, it is damaged: {})",
                               index, kRebuildHint));
    case XapianFailure::NotFound:
    case XapianFailure::CannotOpen:
    case XapianFailure::Damaged: return index_error(index, e.get_msg());
    case XapianFailure::Wildcard: return Error(fmt::format("query: {}", e.get_msg()));
    default: return unexpected(e);
  }
}

}  // namespace

XapianFailure failure_of(const Xapian::Error& e) {
  if (is_a(e, "DatabaseNotFoundError")) return XapianFailure::NotFound;
  if (is_a(e, "DatabaseOpeningError") || is_a(e, "DatabaseVersionError")) return XapianFailure::CannotOpen;
  if (is_a(e, "DatabaseModifiedError")) return XapianFailure::Modified;
  if (is_a(e, "Database")) return XapianFailure::Damaged;
  if (is_a(e, "NetworkTimeoutError")) return XapianFailure::Timeout;
  if (is_a(e, "Network")) return XapianFailure::Network;
  if (is_a(e, "WildcardError")) return XapianFailure::Wildcard;
  if (is_a(e, "UnimplementedError")) return XapianFailure::Unsupported;
  return XapianFailure::Other;
}

bool worth_retrying(const Xapian::Error& e) { return is_a(e, "Database"); }

Error xapian_error(const Xapian::Error& e, const XapianContext& where) {
  switch (where.step) {
    case XapianStep::Parse: return parse_error(e);
    case XapianStep::Open: return open_error(e, where.index);
    case XapianStep::Connect:
    case XapianStep::Probe: return shard_error(e, where);
    case XapianStep::Search: return search_error(e, where.index);
    case XapianStep::Any: break;
  }
  return unexpected(e);
}

}  // namespace psearch
