// The databases one psearch run searches as one: each --db entry (or each entry of $PSEARCH_DB's
// colon-separated list) is a psearch index, a Xapian stub file listing shards, or a remote shard
// tcp://HOST:PORT served by xapian-tcpsrv.
#pragma once
#include <string>
#include <vector>

namespace psearch {

/// The indexes to search: the --db entries, else $PSEARCH_DB's colon-separated list, else
/// .psearch here or in the nearest parent. Throws psearch::Error naming the path when there is none.
std::vector<std::string> find_indexes(const std::vector<std::string>& options);

struct ShardSpec {
  enum class Kind { Local, Remote, Program };
  Kind kind = Kind::Local;
  std::string name;     // as reported: the local path (absolute), tcp://HOST:PORT, or prog:COMMAND ARGS
  std::string path;     // Local: a psearch index directory or any Xapian database
  std::string host;     // Remote
  unsigned port = 0;    // Remote
  std::string program;  // Program: run it and talk over its stdin/stdout (e.g. ssh HOST xapian-progsrv DB)
  std::string args;     // Program
  bool operator==(const ShardSpec&) const = default;
};

/// Splits a $PSEARCH_DB value at ':' (empty entries dropped), keeping tcp://HOST:PORT and
/// tcp://[IPv6]:PORT whole.
std::vector<std::string> split_db_list(const std::string& list);

/// Parses "tcp://HOST:PORT" (or tcp://[ADDR]:PORT); false when entry is not of that form.
/// Throws psearch::Error for a tcp:// entry without a valid port.
bool parse_tcp_entry(const std::string& entry, ShardSpec& spec);

/// Expands entries into shards. A directory is one local shard; a regular file is a Xapian stub
/// file whose lines (auto/glass/chert PATH, remote HOST:PORT, remote :PROGRAM ARGS; '#' comments)
/// are shards of their own, relative paths taken from the stub's directory, a path to another
/// stub expanded in turn. Throws psearch::Error naming the entry (missing, bad stub line).
std::vector<ShardSpec> expand_shards(const std::vector<std::string>& entries);

}  // namespace psearch
