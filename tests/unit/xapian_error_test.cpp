// Xapian's exceptions → the user's one-line message, for each kind and each step of a search.
#include <catch2/catch.hpp>

#include <string>

#include "format/error.hpp"
#include "searcher/xapian_error.hpp"

using psearch::XapianFailure;
using psearch::XapianStep;

namespace {

// One exception of each kind psearch tells apart, by name, so that a table can hold them.
std::string message(const std::string& kind, XapianStep step) {
  psearch::XapianContext where{step, "/n/.psearch", 1.5};
  if (kind == "not found") return psearch::xapian_error(Xapian::DatabaseNotFoundError("gone"), where).what();
  if (kind == "opening") return psearch::xapian_error(Xapian::DatabaseOpeningError("bad"), where).what();
  if (kind == "version") return psearch::xapian_error(Xapian::DatabaseVersionError("v9"), where).what();
  if (kind == "modified") return psearch::xapian_error(Xapian::DatabaseModifiedError("moved"), where).what();
  if (kind == "corrupt") return psearch::xapian_error(Xapian::DatabaseCorruptError("bad block"), where).what();
  if (kind == "timeout") return psearch::xapian_error(Xapian::NetworkTimeoutError("slow"), where).what();
  if (kind == "network") return psearch::xapian_error(Xapian::NetworkError("reset"), where).what();
  if (kind == "unimplemented") return psearch::xapian_error(Xapian::UnimplementedError("near"), where).what();
  if (kind == "wildcard") return psearch::xapian_error(Xapian::WildcardError("too many"), where).what();
  return psearch::xapian_error(Xapian::InvalidArgumentError("odd"), where).what();
}

}  // namespace

TEST_CASE("Xapian exceptions are classified by their class", "[xapian_error]") {
  CHECK(psearch::failure_of(Xapian::DatabaseNotFoundError("")) == XapianFailure::NotFound);
  CHECK(psearch::failure_of(Xapian::DatabaseOpeningError("")) == XapianFailure::CannotOpen);
  CHECK(psearch::failure_of(Xapian::DatabaseVersionError("")) == XapianFailure::CannotOpen);
  CHECK(psearch::failure_of(Xapian::DatabaseModifiedError("")) == XapianFailure::Modified);
  CHECK(psearch::failure_of(Xapian::DatabaseCorruptError("")) == XapianFailure::Damaged);
  CHECK(psearch::failure_of(Xapian::DatabaseLockError("")) == XapianFailure::Damaged);
  CHECK(psearch::failure_of(Xapian::DatabaseError("")) == XapianFailure::Damaged);
  CHECK(psearch::failure_of(Xapian::NetworkTimeoutError("")) == XapianFailure::Timeout);
  CHECK(psearch::failure_of(Xapian::NetworkError("")) == XapianFailure::Network);
  CHECK(psearch::failure_of(Xapian::WildcardError("")) == XapianFailure::Wildcard);
  CHECK(psearch::failure_of(Xapian::UnimplementedError("")) == XapianFailure::Unsupported);
  CHECK(psearch::failure_of(Xapian::InvalidArgumentError("")) == XapianFailure::Other);
  CHECK(psearch::failure_of(Xapian::DocNotFoundError("")) == XapianFailure::Other);
}

TEST_CASE("only database errors are worth another attempt", "[xapian_error]") {
  CHECK(psearch::worth_retrying(Xapian::DatabaseNotFoundError("")));
  CHECK(psearch::worth_retrying(Xapian::DatabaseModifiedError("")));
  CHECK(psearch::worth_retrying(Xapian::DatabaseCorruptError("")));
  CHECK_FALSE(psearch::worth_retrying(Xapian::NetworkError("")));
  CHECK_FALSE(psearch::worth_retrying(Xapian::WildcardError("")));
  CHECK_FALSE(psearch::worth_retrying(Xapian::InvalidArgumentError("")));
}

TEST_CASE("each Xapian exception becomes one line naming the index and the cure", "[xapian_error]") {
  const std::string hint = psearch::kRebuildHint;
  auto [kind, step, expected] = GENERATE_COPY(table<std::string, XapianStep, std::string>({
      {"unimplemented", XapianStep::Parse, "a wildcard (word*) cannot be used with NEAR or ADJ: write the words out"},
      {"other", XapianStep::Parse, "index: InvalidArgumentError: odd (" + hint + " if it persists)"},
      {"not found", XapianStep::Open, "no index at '/n/.psearch' (run pindex first)"},
      {"opening", XapianStep::Open, "cannot open index '/n/.psearch': bad (" + hint + ")"},
      {"version", XapianStep::Open, "cannot open index '/n/.psearch': v9 (" + hint + ")"},
      {"corrupt", XapianStep::Open, "index '/n/.psearch' is damaged: bad block (" + hint + ")"},
      {"other", XapianStep::Open, "index: InvalidArgumentError: odd (" + hint + " if it persists)"},
      {"timeout", XapianStep::Connect, "shard '/n/.psearch' did not answer within 1.5 s (--timeout)"},
      {"network", XapianStep::Connect, "cannot reach shard '/n/.psearch': reset"},
      {"other", XapianStep::Connect, "shard '/n/.psearch': InvalidArgumentError: odd"},
      {"timeout", XapianStep::Probe, "shard '/n/.psearch' did not answer within 1.5 s (--timeout)"},
      {"network", XapianStep::Probe, "lost shard '/n/.psearch': reset"},
      {"network", XapianStep::Search, "remote shard: reset"},
      {"modified", XapianStep::Search,
       "index '/n/.psearch' keeps changing; try again (if no pindex is running, it is damaged: " + hint + ")"},
      {"corrupt", XapianStep::Search, "index '/n/.psearch': bad block (" + hint + ")"},
      {"wildcard", XapianStep::Search, "query: too many"},
      {"other", XapianStep::Search, "index: InvalidArgumentError: odd (" + hint + " if it persists)"},
      {"corrupt", XapianStep::Any, "index: DatabaseCorruptError: bad block (" + hint + " if it persists)"},
  }));
  CAPTURE(kind, static_cast<int>(step));
  auto text = message(kind, step);
  CHECK(text == expected);
  CHECK(text.find('\n') == std::string::npos);
}

TEST_CASE("translating_xapian_errors passes results through and translates what Xapian throws", "[xapian_error]") {
  psearch::XapianContext where{XapianStep::Search, "/n/.psearch"};
  CHECK(psearch::translating_xapian_errors(where, [] { return 42; }) == 42);
  CHECK_THROWS_WITH(psearch::translating_xapian_errors(where, []() -> int { throw Xapian::WildcardError("too many"); }),
                    "query: too many");
  CHECK_THROWS_AS(psearch::translating_xapian_errors(where, []() -> int { throw Xapian::NetworkError("x"); }),
                  psearch::Error);
}
