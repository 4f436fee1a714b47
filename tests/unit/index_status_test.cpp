// pindex --status's text (indexer/index_status.hpp).
#include <catch2/catch.hpp>

#include "indexer/index_status.hpp"

using psearch::human_size;

TEST_CASE("status: sizes for people", "[status]") {
  CHECK(human_size(0) == "0 B");
  CHECK(human_size(1023) == "1023 B");
  CHECK(human_size(1536) == "1.5 KB");
  CHECK(human_size(5u * 1024 * 1024) == "5.0 MB");
  CHECK(human_size(3ull * 1024 * 1024 * 1024 + 1) == "3.0 GB");
}

TEST_CASE("status: one line per fact, one per root, singular and plural", "[status]") {
  psearch::IndexStatus s;
  s.db_path = "/home/u/.psearch";
  s.schema = 10;
  s.bytes_on_disk = 2048;
  s.roots = {{"/home/u/notes", 1, 1}, {"/home/u/docs", 12, 340}};
  auto text = psearch::format_status(s, "1 added, 0 changed, 0 removed, 13 unchanged");
  CHECK(text == "index: /home/u/.psearch\nschema: 10\nsize: 2.0 KB\nupdated: (before pindex recorded it)\n"
                "root: /home/u/notes: 1 file, 1 passage\nroot: /home/u/docs: 12 files, 340 passages\n"
                "since the last update: 1 added, 0 changed, 0 removed, 13 unchanged\n");
}
