// The document builder: a passage's terms (text, heading, fields) and values (file, sort key,
// MinHash, record), as the format describes them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "format/schema.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/passage_terms.hpp"

using namespace psearch;

namespace {

const std::string kContent =
    "# Epsom salts\n\nEpsom salt baths ease sore muscles after a long run in the hills.\n\n"
    "They also help with cramps and restless legs at night, some people say.\n";

std::vector<Xapian::Document> build_all(const std::string& content, bool store_text = false) {
  auto tg = make_term_generator();
  DocumentBuilder builder(tg, content, "/r/notes/salts.md", "notes/salts.md",
                          file_filter_terms("/r/notes/salts.md"), nullptr, store_text);
  std::vector<Xapian::Document> docs;
  for (const auto& p : split_passages(content)) docs.push_back(builder.build(p));
  return docs;
}

bool has_term(const Xapian::Document& doc, const std::string& term) {
  auto it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

bool has_positions(const Xapian::Document& doc, const std::string& term) {
  auto it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term && it.positionlist_count() > 0;
}

}  // namespace

TEST_CASE("each passage's document holds its file's term and values", "[document_builder]") {
  auto docs = build_all(kContent);
  REQUIRE(docs.size() == 2);
  for (const auto& doc : docs) {
    CHECK(has_term(doc, schema::file_term(schema::file_id("/r/notes/salts.md"))));
    CHECK(doc.get_value(schema::kSlotFile) == schema::file_value("/r/notes/salts.md"));
    CHECK(doc.get_value(schema::kSlotMinHash).size() == 2 * schema::kMinHashes);
    CHECK(doc.get_data().empty());
  }
  CHECK(docs[0].get_value(schema::kSlotSortKey) == schema::sort_key("notes/salts.md", 3));
  auto record = schema::decode_passage(docs[1].get_value(schema::kSlotPassage));
  CHECK(record.first_line == 5);
  CHECK(record.heading == "Epsom salts");
  CHECK_FALSE(record.text_stored);  // the file gives the text back
  CHECK(kContent.substr(record.offset, record.span).starts_with("They also help"));
}

TEST_CASE("the heading's fields and phrases go on the passage it introduces only", "[document_builder]") {
  auto docs = build_all(kContent);
  REQUIRE(docs.size() == 2);
  CHECK(has_term(docs[0], "ZXHsalt"));
  CHECK(has_positions(docs[0], "Zepsom"));
  CHECK_FALSE(has_term(docs[1], "ZXHsalt"));
  CHECK(has_term(docs[1], "Zepsom"));  // the inherited heading's words, without positions
  CHECK_FALSE(has_positions(docs[1], "Zepsom"));
  CHECK_FALSE(has_term(docs[1], "epsom"));  // its own stem: Zepsom stands for it
  CHECK(has_term(docs[1], schema::kTermLength));
}

TEST_CASE("opening words become field terms, the text's words both forms", "[document_builder]") {
  auto docs = build_all(kContent);
  REQUIRE(docs.size() == 2);
  CHECK(has_term(docs[0], "ZXObath"));
  CHECK(has_term(docs[0], "ZXOepsom"));
  CHECK_FALSE(has_term(docs[0], "ZXOhill"));  // past the opening words
  CHECK(has_positions(docs[0], "Zhill"));
  CHECK(has_term(docs[0], "hills"));
  CHECK_FALSE(has_positions(docs[0], "hills"));
}

TEST_CASE("passage_record stores the text when asked or when the file cannot give it back", "[document_builder]") {
  auto docs = build_all(kContent, true);
  REQUIRE(docs.size() == 2);
  auto record = schema::decode_passage(docs[0].get_value(schema::kSlotPassage));
  CHECK(record.text_stored);
  CHECK(record.text == "Epsom salt baths ease sore muscles after a long run in the hills.");
  CHECK(record.text_hash == schema::fnv1a(record.text));
}

TEST_CASE("document builder: every passage has its folder's dir: term and the ext: term",
          "[document_builder]") {
  for (const auto& doc : build_all(kContent)) {
    CHECK(has_term(doc, "P/r/notes/"));  // the file's folder only: dir: of /r is a wildcard
    CHECK(!has_term(doc, "P/r/"));
    CHECK(has_term(doc, "Emd"));
  }
  CHECK(file_filter_terms("/a/b/c/x.TXT") == std::vector<std::string>{"P/a/b/c/", "Etxt"});
  CHECK(file_filter_terms("/a/Makefile") == std::vector<std::string>{"P/a/"});
}
