// Sharded and remote search: pindex --shard K/N and --merge, psearch over several local shards,
// over the same shards served by xapian-tcpsrv (started here on 127.0.0.1), over a stub file and
// over one index of the whole corpus: the same files, lines and order; shards that are down.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "tests/support/hardening_support.hpp"

namespace {

using namespace hardening;

std::string find_program(const std::string& name) {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  for (std::size_t i = 0; i <= path.size();) {
    std::size_t end = path.find(':', i);
    if (end == std::string::npos) end = path.size();
    fs::path candidate = fs::path(path.substr(i, end - i)) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    i = end + 1;
  }
  return "";
}

// A port nobody listens on now (the kernel's choice for port 0).
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// xapian-tcpsrv serving one index on 127.0.0.1, stopped (SIGKILL) when it goes out of scope.
class TcpServer {
public:
  TcpServer(const fs::path& db, const fs::path& logs) {
    static const std::string server = find_program("xapian-tcpsrv");
    REQUIRE_FALSE(server.empty());  // scripts/install-deps installs xapian-tools
    for (int attempt = 0; attempt < 5; ++attempt) {
      port_ = free_port();
      process_ = std::make_unique<e2e::Background>(
          server, std::vector<std::string>{"--interface", "127.0.0.1", "--port", std::to_string(port_), db.string()},
          logs.parent_path(), logs.string() + std::to_string(attempt));
      for (int i = 0; i < 250 && process_->running(); ++i) {
        if (accepts(port_)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      process_.reset();  // the port was taken meanwhile, or it did not start: another port
    }
    FAIL("xapian-tcpsrv did not start");
  }
  std::string address() const { return fmt::format("tcp://127.0.0.1:{}", port_); }
  int port() const { return port_; }
  void signal(int sig) { process_->kill(sig); }

private:
  int port_ = 0;
  std::unique_ptr<e2e::Background> process_;
};

struct Ranked {
  std::vector<std::string> places;  // file:line-end_line, in rank order
  std::vector<double> scores;
  std::set<std::string> shards;
};

Ranked search(const fs::path& cwd, const std::vector<std::string>& dbs, const std::vector<std::string>& query,
              int expect_exit = 0) {
  std::vector<std::string> args;
  for (const auto& db : dbs) {
    args.push_back("--db");
    args.push_back(db);
  }
  for (const char* a : {"--json", "--absolute", "-n", "20"}) args.push_back(a);
  args.insert(args.end(), query.begin(), query.end());
  auto r = e2e::run("psearch", args, cwd);
  CAPTURE(dbs, query, r.err);
  REQUIRE(r.exit_code == expect_exit);
  Ranked ranked;
  for (const auto& hit : e2e::json_lines(r.out)) {
    int end_line = hit.contains("end_line") ? int(hit["end_line"]) : 0;  // -l: files
    ranked.places.push_back(fmt::format("{}:{}-{}", std::string(hit["file"]), int(hit["line"]), end_line));
    ranked.scores.push_back(hit["score"]);
    ranked.shards.insert(std::string(hit["shard"]));
  }
  return ranked;
}

void check_same_ranking(const Ranked& a, const Ranked& b) {
  CHECK(a.places == b.places);
  REQUIRE(a.scores.size() == b.scores.size());
  for (std::size_t i = 0; i < a.scores.size(); ++i) CHECK(std::abs(a.scores[i] - b.scores[i]) <= 1e-9 * a.scores[i]);
}

// The bundled articles and 40 generated files: enough files for every shard to hold several.
void make_corpus(const fs::path& dir) {
  e2e::copy_corpus(dir);
  generate_corpus(dir / "corpus" / "generated", 40, 4, 300, "g");
}

const std::vector<std::vector<std::string>> kQueries{
    {"magnesium"},     {"epsom", "salt"},         {"\"restless legs\""},       {"magnes*", "AND", "sleep"},
    {"g0042word"},     {"g0007word", "g0100word"}, {"dopamine", "NOT", "iron"}, {"magnesum", "deficency"},
    {"magnesium", "deficiency"},
    {"-l", "g0013word"}};

}  // namespace

TEST_CASE("pindex --shard K/N puts every file in exactly one shard, whatever the corpus's place", "[shards]") {
  e2e::TempDir dir;
  make_corpus(dir.path());
  auto whole = e2e::run("pindex", {"--db", "whole", "corpus"}, dir.path());
  REQUIRE(whole.exit_code == 0);
  auto total = e2e::parse_summary(whole.err);
  REQUIRE(total);
  int added = 0, passages = 0;
  std::vector<std::set<std::string>> files(3);
  for (int k = 1; k <= 3; ++k) {
    auto r = e2e::run("pindex", {"--db", fmt::format("s{}", k), "--shard", fmt::format("{}/3", k), "corpus"}, dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto s = e2e::parse_summary(r.err);
    REQUIRE(s);
    CHECK(s->added > 0);  // 44 files over 3 shards: none is empty
    added += s->added;
    passages += s->passages;
    auto listed = e2e::run(
        "pindex", {"--db", fmt::format("fresh{}", k), "--shard", fmt::format("{}/3", k), "--dry-run", "corpus"}, dir.path());
    for (const auto& line : e2e::lines_of(listed.out)) files[static_cast<std::size_t>(k - 1)].insert(line);
    CHECK(files[static_cast<std::size_t>(k - 1)].size() == static_cast<std::size_t>(s->added));
  }
  CHECK(added == total->added);
  CHECK(passages == total->passages);
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b)
      for (const auto& f : files[static_cast<std::size_t>(a)]) CHECK(files[static_cast<std::size_t>(b)].count(f) == 0);

  SECTION("the same files go to the same shard on another machine's mount point") {
    fs::create_directories(dir / "elsewhere" / "deeper");
    fs::copy(dir / "corpus", dir / "elsewhere" / "deeper" / "corpus", fs::copy_options::recursive);
    auto r = e2e::run("pindex", {"--db", "other", "--shard", "2/3", "--dry-run", "elsewhere/deeper/corpus"}, dir.path());
    REQUIRE(r.exit_code == 0);
    std::set<std::string> moved;
    for (auto line : e2e::lines_of(r.out)) {
      auto at = line.find("/elsewhere/deeper");
      REQUIRE(at != std::string::npos);
      moved.insert(line.erase(at, std::string("/elsewhere/deeper").size()));
    }
    CHECK(moved == files[1]);
  }
  SECTION("the shard is recorded: later runs keep it, another K/N moves the index to that shard") {
    e2e::write_file(dir / "corpus" / "generated" / "new1.txt", "A new article about zinc.\n");
    e2e::write_file(dir / "corpus" / "generated" / "new2.txt", "Another new article about copper.\n");
    int new_added = 0;
    for (int k = 1; k <= 3; ++k) {
      auto r = e2e::run("pindex", {"--db", fmt::format("s{}", k)}, dir.path());
      REQUIRE(r.exit_code == 0);
      auto s = e2e::parse_summary(r.err);
      REQUIRE(s);
      CHECK(s->removed == 0);
      new_added += s->added;
    }
    CHECK(new_added == 2);
    auto moved = e2e::run("pindex", {"--db", "s1", "--shard", "2/3"}, dir.path());
    REQUIRE(moved.exit_code == 0);
    CHECK(contains(moved.err, "held shard 1/3; it now holds shard 2/3"));
    auto a = search(dir.path(), {"s1"}, {"-l", "--all", "article", "OR", "magnesium", "OR", "g*"});
    auto b = search(dir.path(), {"s2"}, {"-l", "--all", "article", "OR", "magnesium", "OR", "g*"});
    CHECK(a.places == b.places);
  }
}

TEST_CASE("local shards, remote shards, a stub file, a merged index and one whole index rank alike", "[shards][remote]") {
  e2e::TempDir dir;
  make_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {"--db", "whole", "corpus"}, dir.path()).exit_code == 0);
  std::vector<std::string> locals;
  for (int k = 1; k <= 3; ++k) {
    locals.push_back((dir / fmt::format("s{}", k)).string());
    // --store-text: served by xapian-tcpsrv, the shards hold the text their files are not here to give.
    REQUIRE(e2e::run("pindex", {"--db", locals.back(), "--shard", fmt::format("{}/3", k), "--store-text", "corpus"},
                     dir.path())
                .exit_code == 0);
  }
  auto merged = e2e::run("pindex", {"--merge", "merged", locals[0], locals[1], locals[2]}, dir.path());
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  CHECK(contains(merged.err, "merged 3 shards into"));
  std::vector<std::unique_ptr<TcpServer>> servers;
  std::vector<std::string> remotes;
  for (int k = 0; k < 3; ++k) {
    servers.push_back(std::make_unique<TcpServer>(locals[static_cast<std::size_t>(k)], dir / fmt::format("tcpsrv{}", k)));
    remotes.push_back(servers.back()->address());
  }
  e2e::write_file(dir / "stubs" / "all.stub",
                  fmt::format("# the three shards\nremote 127.0.0.1:{}\nauto ../s2\n\nremote 127.0.0.1:{}  # third\n",
                              servers[0]->port(), servers[2]->port()));
  SECTION("the same queries give the same files, lines, order and scores everywhere") {
    std::set<std::string> hit_shards;
    for (const auto& q : kQueries) {
      CAPTURE(q);
      auto one = search(dir.path(), {"whole"}, q);
      REQUIRE_FALSE(one.places.empty());
      auto local = search(dir.path(), locals, q);
      check_same_ranking(one, local);
      hit_shards.insert(local.shards.begin(), local.shards.end());
      for (const auto& dbs : std::vector<std::vector<std::string>>{remotes, {"stubs/all.stub"}, {"merged"}}) {
        CAPTURE(dbs);
        check_same_ranking(one, search(dir.path(), dbs, q));
      }
    }
    CHECK(hit_shards == std::set<std::string>(locals.begin(), locals.end()));  // every shard answered some
  }
  SECTION("each hit names its shard; remote files as the shard recorded them") {
    auto r = e2e::run("psearch", {"--db", remotes[0], "--db", locals[1], "--db", remotes[2], "--json", "--all", "-n", "100",
                                  "magnesium", "OR", "g*"},
                      dir.path());
    REQUIRE(r.exit_code == 0);
    std::set<std::string> shards;
    for (const auto& hit : e2e::json_lines(r.out)) {
      std::string shard = hit["shard"], file = hit["file"];
      shards.insert(shard);
      if (shard.starts_with("tcp://")) CHECK(file.starts_with("/"));  // absolute, as recorded there
      else CHECK(file.starts_with("corpus/"));                        // local: relative to here
      CHECK(hit["text"] == e2e::file_lines(file.starts_with("/") ? fs::path(file) : dir / file, hit["line"], hit["end_line"]));
    }
    CHECK(shards == std::set<std::string>{remotes[0], locals[1], remotes[2]});
  }
  SECTION("$PSEARCH_DB holds several, colon-separated, tcp://HOST:PORT included") {
    auto r = e2e::run("psearch", {"--json", "--absolute", "-n", "20", "epsom", "salt"}, dir.path(),
                      {{"PSEARCH_DB", remotes[0] + ":" + locals[1] + ":" + remotes[2]}});
    REQUIRE(r.exit_code == 0);
    auto via_option = search(dir.path(), {remotes[0], locals[1], remotes[2]}, {"epsom", "salt"});
    CHECK(e2e::json_lines(r.out).size() == via_option.places.size());
  }
  SECTION("--explain works on remote shards and sums to the score") {
    auto r = e2e::run("psearch", {"--db", remotes[0], "--db", remotes[1], "--db", remotes[2], "--json", "--explain",
                                  "-n", "3", "epsom", "salt"},
                      dir.path());
    REQUIRE(r.exit_code == 0);
    for (const auto& hit : e2e::json_lines(r.out)) {
      double sum = 0;
      for (const auto& part : hit["explain"]) sum += double(part["weight"]);
      CHECK(sum == Approx(double(hit["score"])).epsilon(1e-6));
    }
  }
  SECTION("a served shard's updates, and its rebuilds, are seen by the next search") {
    e2e::write_file(dir / "corpus" / "generated" / "zz-update.txt", "Zinc and copper: zzupdateword.\n");
    for (const auto& db : locals) REQUIRE(e2e::run("pindex", {"--db", db}, dir.path()).exit_code == 0);
    CHECK(search(dir.path(), remotes, {"zzupdateword"}).places.size() == 1);
    for (const auto& db : locals) REQUIRE(e2e::run("pindex", {"--db", db, "--rebuild"}, dir.path()).exit_code == 0);
    CHECK(search(dir.path(), remotes, {"zzupdateword"}).places.size() == 1);
    fs::remove(dir / "corpus" / "generated" / "zz-update.txt");
    for (const auto& db : locals) REQUIRE(e2e::run("pindex", {"--db", db}, dir.path()).exit_code == 0);
    search(dir.path(), remotes, {"zzupdateword"}, 1);
  }
  SECTION("a merged index holds every file and is updated like any index") {
    e2e::write_file(dir / "corpus" / "generated" / "zz-new.txt", "A fresh article about zinc and copper.\n");
    auto r = e2e::run("pindex", {"--db", "merged"}, dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto s = e2e::parse_summary(r.err);
    REQUIRE(s);
    CHECK(s->added == 1);  // whatever shard it would hash to
    CHECK(s->removed == 0);
    CHECK(s->unchanged == 44);
  }
}

TEST_CASE("a shard that is down is named, the others answer, and the exit is 2 unless --partial-ok", "[shards][remote]") {
  e2e::TempDir dir;
  make_corpus(dir.path());
  std::vector<std::string> locals;
  for (int k = 1; k <= 2; ++k) {
    locals.push_back((dir / fmt::format("s{}", k)).string());
    REQUIRE(e2e::run("pindex", {"--db", locals.back(), "--shard", fmt::format("{}/2", k), "--store-text", "corpus"},
                     dir.path())
                .exit_code == 0);
  }
  TcpServer up(locals[0], dir / "up");
  const std::string nobody = fmt::format("tcp://127.0.0.1:{}", free_port());
  auto only_up = search(dir.path(), {up.address()}, {"magnesium", "OR", "g*"});

  SECTION("nothing listens on its port") {
    auto r = e2e::run("psearch", {"--db", up.address(), "--db", nobody, "--json", "--absolute", "-n", "20", "magnesium",
                                  "OR", "g*"},
                      dir.path());
    CHECK(r.exit_code == 2);
    CHECK(e2e::count_lines(r.err) == 1);
    CHECK(contains(r.err, "psearch: warning: cannot reach shard '" + nobody + "'"));
    CHECK(e2e::json_lines(r.out).size() == only_up.places.size());
    auto ok = search(dir.path(), {up.address(), nobody}, {"--partial-ok", "magnesium", "OR", "g*"});
    CHECK(ok.places == only_up.places);
  }
  SECTION("it hangs: --timeout bounds the wait") {
    TcpServer stuck(locals[1], dir / "stuck");
    stuck.signal(SIGSTOP);
    auto start = std::chrono::steady_clock::now();
    auto r = e2e::run("psearch", {"--timeout", "1", "--db", up.address(), "--db", stuck.address(), "--partial-ok", "-l",
                                  "magnesium", "OR", "g*"},
                      dir.path());
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    stuck.signal(SIGCONT);
    CHECK(r.exit_code == 0);
    CHECK(seconds < 4);
    CHECK(contains(r.err, "shard '" + stuck.address() + "' did not answer within 1 s"));
    CHECK(e2e::lines_of(r.out).size() > 0);
  }
  SECTION("it hangs in the middle of the search: left out after --timeout, the search runs again") {
    TcpServer second(locals[1], dir / "second");
    // A proxy in front of the second shard that passes the connection and the index checks, then
    // swallows everything from the first message holding the query word on.
    int port = free_port();
    e2e::Background proxy(find_program("python3"),
                          {std::string(PSEARCH_SOURCE_DIR) + "/tests/support/hang_proxy.py", std::to_string(port),
                           std::to_string(second.port()), "g0042word"},
                          dir.path(), dir / "proxy");
    for (int i = 0; i < 250 && !accepts(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const std::string hanging = fmt::format("tcp://127.0.0.1:{}", port);
    auto both = search(dir.path(), {locals[0], locals[1]}, {"g0043word"});
    CHECK(search(dir.path(), {up.address(), hanging}, {"g0043word"}).places == both.places);  // fine until then
    auto start = std::chrono::steady_clock::now();
    auto r = e2e::run("psearch", {"--timeout", "1", "--db", up.address(), "--db", hanging, "--json", "--absolute", "-n",
                                  "20", "g0042word"},
                      dir.path());
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(r.exit_code == 2);
    CHECK(seconds < 5);
    CHECK(e2e::count_lines(r.err) == 1);
    CHECK(contains(r.err, "shard '" + hanging + "' did not answer within 1 s"));
    CHECK(e2e::json_lines(r.out).size() == search(dir.path(), {up.address()}, {"g0042word"}).places.size());
  }
  SECTION("every shard down: an error") {
    auto r = e2e::run("psearch", {"--db", nobody, "--db", (dir / "missing").string(), "magnesium"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "psearch: error: none of the 2 shards could be searched"));
    CHECK(e2e::count_lines(r.err) == 3);  // a warning for each, then the error
  }
  SECTION("one remote shard alone that is down: one error line") {
    auto r = e2e::run("psearch", {"--db", nobody, "magnesium"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(e2e::count_lines(r.err) == 1);
    CHECK(contains(r.err, "psearch: error: cannot reach shard '" + nobody + "'"));
  }
}

TEST_CASE("bad shard lists and merges are one-line errors", "[shards]") {
  e2e::TempDir dir;
  make_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {"--db", "s1", "--shard", "1/2", "corpus"}, dir.path()).exit_code == 0);
  REQUIRE(e2e::run("pindex", {"--db", "whole", "corpus"}, dir.path()).exit_code == 0);
  e2e::write_file(dir / "bad.stub", "auto s1\nbogus thing\n");
  struct Case {
    std::string tool;
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {"psearch", {"--db", "tcp://127.0.0.1", "x"}, "is not tcp://HOST:PORT"},
           {"psearch", {"--db", "tcp://127.0.0.1:99999", "x"}, "is not tcp://HOST:PORT"},
           {"psearch", {"--db", "bad.stub", "x"}, "line 2: unknown shard type 'bogus'"},
           {"psearch", {"--timeout", "0", "--db", "s1", "x"}, "--timeout"},
           {"pindex", {"--shard", "3/2", "corpus"}, "is not K/N"},
           {"pindex", {"--shard", "1-2", "corpus"}, "is not K/N"},
           {"pindex", {"--merge", "out", "s1", "s1"}, "is in both"},
           {"pindex", {"--merge", "out", "s1", "whole"}, "is in both"},
           {"pindex", {"--merge", "out", "s1", "nothing-here"}, "no index at"},
           {"pindex", {"--merge", "s1", "s1", "whole"}, "output of the merge"},
           {"pindex", {"--merge", "out"}, "--merge"},
           {"pindex", {"--merge", "out", "s1", "--shard", "1/2"}, "excludes"},
       }) {
    auto r = e2e::run(c.tool, c.args, dir.path());
    CAPTURE(c.tool, c.args, r.err);
    CHECK(r.exit_code == 2);
    CHECK(e2e::count_lines(r.err) == 1);
    CHECK(contains(r.err, c.message));
  }
  CHECK_FALSE(fs::exists(dir / "out"));  // a failed first merge leaves nothing behind
  CHECK(search(dir.path(), {"s1"}, {"magnesium", "OR", "g*"}).places.size() > 0);  // and the shards are intact
}

TEST_CASE("a remote shard indexed without --store-text gives its hits without text, and says why once",
          "[shards][remote]") {
  e2e::TempDir dir;
  make_corpus(dir.path());
  REQUIRE(e2e::run("pindex", {"--db", "s1", "corpus"}, dir.path()).exit_code == 0);
  TcpServer server(dir / "s1", dir / "tcpsrv");
  auto r = e2e::run("psearch", {"--db", server.address(), "--json", "-n", "5", "magnesium"}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(e2e::count_lines(r.err) == 1);
  CHECK(contains(r.err, "psearch: warning: " + server.address() + " does not store passage text"));
  CHECK(contains(r.err, "pindex --store-text"));
  auto hits = e2e::json_lines(r.out);
  REQUIRE(hits.size() == 5);
  for (const auto& h : hits) CHECK(h["text"] == "");
}
