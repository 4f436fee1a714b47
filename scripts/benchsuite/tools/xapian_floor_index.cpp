// Reference indexer for bench.py scale: what Xapian alone costs to index what the SQLite FTS5
// reference indexes. Reads dump_passages' JSON Lines (the passages pindex makes) and writes one
// Xapian document per passage holding the stems of its heading and text with positions (FTS5's
// porter tokenizer keeps stems and positions too), and nothing else: no term lists
// (DB_NO_TERMLIST), no unstemmed words, no heading or opening fields, no values, no data, no
// synonyms; one thread, Xapian's own flush, one commit, then compaction into OUT_DB (as pindex
// compacts a fresh build). pindex needs everything this leaves out (updates delete by term list;
// wildcards, spelling and the exact-form boost read the unstemmed words; the ranking reads the
// fields; hits read the values), so its cost is a floor under pindex's on Xapian 1.4, not a
// competitor.
//
// With --term-lists it keeps the term lists too: the floor of an index that can be updated (a
// changed file's passages are deleted by their term lists).
//
// Usage: xapian_floor_index [--term-lists] PASSAGES.jsonl OUT_DB   (OUT_DB and OUT_DB.build are overwritten)
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>
#include <xapian.h>

int main(int argc, char** argv) {
  const bool term_lists = argc == 4 && std::string(argv[1]) == "--term-lists";
  if (argc != 3 && !term_lists) {
    std::cerr << "usage: xapian_floor_index [--term-lists] PASSAGES.jsonl OUT_DB\n";
    return 2;
  }
  argv += term_lists ? 1 : 0;
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "xapian_floor_index: cannot read " << argv[1] << '\n';
    return 2;
  }
  try {
    const std::string out = argv[2], build = out + ".build";
    std::filesystem::remove_all(out);
    Xapian::WritableDatabase db(build, Xapian::DB_CREATE_OR_OVERWRITE | (term_lists ? 0 : Xapian::DB_NO_TERMLIST));
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    Xapian::doccount passages = 0;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      auto p = nlohmann::json::parse(line);
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text(p.at("heading").get<std::string>());
      tg.increase_termpos();
      tg.index_text(p.at("text").get<std::string>());
      db.add_document(doc);
      ++passages;
    }
    db.commit();
    db.compact(out);
    db.close();
    std::filesystem::remove_all(build);
    if (passages == 0) {
      std::cerr << "xapian_floor_index: no passages in " << argv[1] << '\n';
      return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "xapian_floor_index: " << e.what() << '\n';
    return 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian_floor_index: " << e.get_description() << '\n';
    return 2;
  }
  return 0;
}
