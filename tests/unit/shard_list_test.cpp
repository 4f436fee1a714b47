// Shard lists: $PSEARCH_DB splitting, tcp:// entries, stub files; pindex's K/N shards.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include "format/error.hpp"
#include "format/schema.hpp"
#include "indexer/shard_of.hpp"
#include "searcher/shard_list.hpp"

namespace fs = std::filesystem;
using psearch::ShardSpec;

namespace {

struct StubDir {
  fs::path path;
  StubDir() {
    path = fs::temp_directory_path() / ("psearch-shard-list-" + std::to_string(::getpid()));
    fs::create_directories(path / "sub" / "idx");
    fs::create_directories(path / "idx2");
  }
  ~StubDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

}  // namespace

TEST_CASE("$PSEARCH_DB splits at colons and keeps tcp://HOST:PORT whole", "[shards]") {
  using V = std::vector<std::string>;
  auto [list, expected] = GENERATE(table<std::string, V>({
      {"a/.psearch", {"a/.psearch"}},
      {"a:b", {"a", "b"}},
      {"a::b:", {"a", "b"}},
      {"tcp://10.0.0.2:33333", {"tcp://10.0.0.2:33333"}},
      {"a:tcp://h:1:b", {"a", "tcp://h:1", "b"}},
      {"tcp://h:1:tcp://g:2", {"tcp://h:1", "tcp://g:2"}},
      {"tcp://[::1]:4000:x", {"tcp://[::1]:4000", "x"}},
      {"", {}},
  }));
  CAPTURE(list);
  CHECK(psearch::split_db_list(list) == expected);
}

TEST_CASE("tcp:// entries are HOST:PORT with a port in 1..65535", "[shards]") {
  ShardSpec spec;
  REQUIRE(psearch::parse_tcp_entry("tcp://127.0.0.1:33333", spec));
  CHECK(spec.kind == ShardSpec::Kind::Remote);
  CHECK(spec.host == "127.0.0.1");
  CHECK(spec.port == 33333);
  CHECK(spec.name == "tcp://127.0.0.1:33333");
  REQUIRE(psearch::parse_tcp_entry("tcp://[::1]:80", spec));
  CHECK(spec.host == "::1");
  CHECK_FALSE(psearch::parse_tcp_entry("/srv/index", spec));
  for (const char* bad : {"tcp://host", "tcp://host:", "tcp://:80", "tcp://h:0", "tcp://h:65536", "tcp://h:8x", "tcp://[::1]80"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(psearch::parse_tcp_entry(bad, spec), psearch::Error);
  }
}

TEST_CASE("stub files: one shard a line, relative to the stub, nested stubs expanded", "[shards]") {
  StubDir dir;
  dir.write("inner.stub", "auto idx2\n");
  dir.write("all.stub",
            "# shards of the corpus\n"
            "auto sub/idx   # the first\n"
            "\n"
            "glass " + (dir.path / "idx2").string() + "\n"
            "remote 10.0.0.3:4000\n"
            "remote :ssh host xapian-progsrv /srv/db\n"
            "auto inner.stub\n");
  auto shards = psearch::expand_shards({(dir.path / "all.stub").string(), "tcp://h:9"});
  REQUIRE(shards.size() == 6);
  CHECK(shards[0].kind == ShardSpec::Kind::Local);
  CHECK(shards[0].path == (dir.path / "sub" / "idx").string());
  CHECK(shards[1].path == (dir.path / "idx2").string());
  CHECK(shards[2].kind == ShardSpec::Kind::Remote);
  CHECK(shards[2].name == "tcp://10.0.0.3:4000");
  CHECK(shards[3].kind == ShardSpec::Kind::Program);
  CHECK(shards[3].program == "ssh");
  CHECK(shards[3].args == "host xapian-progsrv /srv/db");
  CHECK(shards[4].path == (dir.path / "idx2").string());  // through inner.stub
  CHECK(shards[5].name == "tcp://h:9");
}

TEST_CASE("bad stub lines and stub loops are errors naming the line", "[shards]") {
  StubDir dir;
  dir.write("bad.stub", "auto sub/idx\ninmemory\n");
  CHECK_THROWS_WITH(psearch::expand_shards({(dir.path / "bad.stub").string()}),
                    Catch::Contains("line 2: unknown shard type 'inmemory'"));
  dir.write("port.stub", "remote host\n");
  CHECK_THROWS_WITH(psearch::expand_shards({(dir.path / "port.stub").string()}), Catch::Contains("line 1:"));
  dir.write("loop.stub", "auto loop.stub\n");
  CHECK_THROWS_WITH(psearch::expand_shards({(dir.path / "loop.stub").string()}), Catch::Contains("nest too deep"));
  dir.write("empty.stub", "auto\n");
  CHECK_THROWS_WITH(psearch::expand_shards({(dir.path / "empty.stub").string()}), Catch::Contains("needs a path"));
}

TEST_CASE("a directory or a missing path is one local shard", "[shards]") {
  StubDir dir;
  auto shards = psearch::expand_shards({(dir.path / "sub" / "idx").string() + "/", (dir.path / "nothing").string()});
  REQUIRE(shards.size() == 2);
  CHECK(shards[0].kind == ShardSpec::Kind::Local);
  CHECK(shards[0].path == (dir.path / "sub" / "idx").string());
  CHECK(shards[1].path == (dir.path / "nothing").string());  // opening it says there is no index
}

TEST_CASE("K/N shards: parsed strictly, every path in exactly one, spread evenly", "[shards][schema]") {
  using psearch::parse_shard;
  CHECK(parse_shard("") == psearch::ShardOf{1, 1});
  CHECK(parse_shard("2/4") == psearch::ShardOf{2, 4});
  CHECK(parse_shard("2/4").text() == "2/4");
  for (const char* bad : {"0/4", "5/4", "4", "a/b", "1/0", "-1/4", "1/4/2", " 1/4", "1/1000000"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_shard(bad), psearch::Error);
  }
  std::map<int, int> count;
  for (int i = 0; i < 4000; ++i) {
    std::string path = "dir" + std::to_string(i % 37) + "/file" + std::to_string(i) + ".txt";
    int owners = 0;
    for (int k = 1; k <= 4; ++k)
      if (psearch::ShardOf{k, 4}.holds(path)) {
        ++owners;
        ++count[k];
      }
    CHECK(owners == 1);
    CHECK(psearch::ShardOf{}.holds(path));
  }
  for (int k = 1; k <= 4; ++k) CHECK(count[k] > 800);  // 1000 expected each
}
