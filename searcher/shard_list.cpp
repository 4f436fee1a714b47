// Shard lists. Xapian opens a stub file itself, but as one database: psearch reads the stub's
// lines so that it can name a shard that is down, answer from the others, and give remote shards
// the --timeout (a remote opened through a stub gets Xapian's fixed default).
#include "searcher/shard_list.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "format/error.hpp"
#include "format/index_location.hpp"
#include "format/schema.hpp"

namespace fs = std::filesystem;

namespace psearch {
namespace {

constexpr int kMaxStubDepth = 8;  // a stub naming stubs: deeper is a loop

bool parse_port(const std::string& text, unsigned& port) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  port = static_cast<unsigned>(std::stoul(text));
  return port >= 1 && port <= 65535;
}

// "HOST:PORT" or "[ADDR]:PORT", as Xapian's stub files and tcp:// entries write it.
bool parse_host_port(const std::string& text, ShardSpec& spec) {
  std::string host, port;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return false;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) return false;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.empty() || !parse_port(port, spec.port)) return false;
  spec.kind = ShardSpec::Kind::Remote;
  spec.host = host;
  spec.name = fmt::format("tcp://{}", text);
  return true;
}

void expand_entry(const std::string& entry, int depth, std::vector<ShardSpec>& out);

void expand_stub(const fs::path& stub, int depth, std::vector<ShardSpec>& out) {
  if (depth > kMaxStubDepth) throw Error(fmt::format("stub file '{}': stub files nest too deep (a loop?)", stub.string()));
  std::ifstream in(stub);
  if (!in) throw Error(fmt::format("cannot read stub file '{}'", stub.string()));
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::string kind, rest;
    if (!(words >> kind)) continue;
    std::getline(words >> std::ws, rest);
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) rest.pop_back();
    auto bad = [&](const std::string& why) {
      return Error(fmt::format("stub file '{}' line {}: {}", stub.string(), number, why));
    };
    if (kind == "auto" || kind == "glass" || kind == "chert" || kind == "honey") {
      if (rest.empty()) throw bad(fmt::format("'{}' needs a path", kind));
      fs::path p = rest;
      if (p.is_relative()) p = stub.parent_path() / p;
      expand_entry(p.lexically_normal().string(), depth + 1, out);
    } else if (kind == "remote") {
      ShardSpec spec;
      if (rest.starts_with(':')) {
        std::istringstream command(rest.substr(1));
        command >> spec.program;
        std::getline(command >> std::ws, spec.args);
        if (spec.program.empty()) throw bad("'remote :' needs a program");
        spec.kind = ShardSpec::Kind::Program;
        spec.name = "prog:" + rest.substr(1);
      } else if (!parse_host_port(rest, spec)) {
        throw bad(fmt::format("'remote {}' is not HOST:PORT or :PROGRAM", rest));
      }
      out.push_back(spec);
    } else {
      throw bad(fmt::format("unknown shard type '{}' (psearch reads auto, glass, chert and remote lines)", kind));
    }
  }
}

void expand_entry(const std::string& entry, int depth, std::vector<ShardSpec>& out) {
  ShardSpec spec;
  if (parse_tcp_entry(entry, spec)) {
    out.push_back(spec);
    return;
  }
  std::error_code ec;
  fs::path path = fs::absolute(entry, ec).lexically_normal();
  if (fs::is_regular_file(path, ec)) {
    expand_stub(path, depth, out);
    return;
  }
  // A directory (or a path that does not exist: opening it says there is no index there).
  std::string s = path.string();
  if (s.size() > 1 && s.back() == '/') s.pop_back();
  out.push_back({ShardSpec::Kind::Local, s, s, "", 0, "", ""});
}

}  // namespace

std::vector<std::string> find_indexes(const std::vector<std::string>& options) {
  if (!options.empty()) return options;
  if (const char* env = std::getenv("PSEARCH_DB"); env && *env) {
    auto entries = split_db_list(env);
    if (!entries.empty()) return entries;
  }
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (auto nearest = schema::nearest_index(cwd); !nearest.empty()) return {nearest};
  throw Error(fmt::format("no index '{}' in {} or any parent directory (run pindex first)", schema::kDefaultDbName,
                          cwd.string()));
}

bool parse_tcp_entry(const std::string& entry, ShardSpec& spec) {
  constexpr std::string_view scheme = "tcp://";
  if (!entry.starts_with(scheme)) return false;
  if (!parse_host_port(entry.substr(scheme.size()), spec))
    throw Error(fmt::format("'{}' is not tcp://HOST:PORT (PORT 1-65535)", entry));
  return true;
}

std::vector<std::string> split_db_list(const std::string& list) {
  std::vector<std::string> entries;
  std::size_t i = 0;
  while (i <= list.size()) {
    std::size_t end;
    if (list.compare(i, 6, "tcp://") == 0) {
      // HOST:PORT has a colon of its own: the entry ends at the first colon after the port.
      std::size_t host_end = list[i + 6] == '[' ? list.find(']', i + 6) : list.find(':', i + 6);
      std::size_t port_colon = host_end == std::string::npos ? std::string::npos
                               : list[i + 6] == '[' ? list.find(':', host_end) : host_end;
      end = port_colon == std::string::npos ? std::string::npos : list.find(':', port_colon + 1);
    } else {
      end = list.find(':', i);
    }
    if (end == std::string::npos) end = list.size();
    if (end > i) entries.push_back(list.substr(i, end - i));
    i = end + 1;
  }
  return entries;
}

std::vector<ShardSpec> expand_shards(const std::vector<std::string>& entries) {
  std::vector<ShardSpec> shards;
  for (const auto& entry : entries) expand_entry(entry, 0, shards);
  return shards;
}

}  // namespace psearch
