// A passage as a Xapian document: its terms (text, heading, fields, synonyms), its values (file,
// sort key, MinHash, record) and its file's boolean term. No database: the writer adds it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "format/schema.hpp"
#include "indexer/passage_splitter.hpp"
#include "indexer/passage_terms.hpp"
#include "indexer/synonyms.hpp"

namespace psearch {

/// The passage as stored: where its text is in content (split into lines), and the text itself
/// when store_text or when the file's bytes there do not give it back.
schema::PassageRecord passage_record(const Passage& p, std::string_view content,
                                     const std::vector<std::string_view>& lines, bool store_text);
/// The passage of an extracted document as stored: its text in the record (the file's bytes are
/// not the text), its source lines, page and numbering.
schema::PassageRecord stored_passage_record(const Passage& p);

/// The boolean terms psearch's dir: and ext: filters match for the file at path (absolute): the
/// dir terms of its folders up to the outermost of roots holding it, and its extension's term.
std::vector<std::string> file_filter_terms(const std::string& path);

/// Replaces the dir: and ext: terms of doc (a passage of another path) with those given.
void replace_filter_terms(Xapian::Document& doc, const std::vector<std::string>& terms);

/// Builds the documents of one file's passages, handed to it in file order (a heading's first
/// passage is indexed differently from the later ones under it).
class DocumentBuilder {
public:
  /// content must outlive the builder; relative_path is the file's path in its root
  /// (schema::sort_key); filter_terms are its dir: and ext: terms (file_filter_terms());
  /// synonyms may be null. extracted: content is the text extracted from the file
  /// (extracted_passages.hpp), so every passage's text is stored.
  DocumentBuilder(PassageTermGenerator& tg, std::string_view content, const std::string& path,
                  const std::string& relative_path, std::vector<std::string> filter_terms,
                  const Synonyms* synonyms, bool store_text, bool extracted = false);

  /// The document of the next passage of the file.
  Xapian::Document build(const Passage& p);
  /// The boolean term of every passage of the file.
  const std::string& file_term() const { return id_term_; }

private:
  void index_terms(const Passage& p);
  void index_field(const std::string& text, const char* prefix);
  void add_values(Xapian::Document& doc, const Passage& p) const;

  PassageTermGenerator& tg_;
  std::string_view content_;
  std::vector<std::string_view> lines_;
  std::string id_term_, file_value_, relative_path_;
  std::vector<std::string> filter_terms_;
  std::optional<Synonyms> defined_;  // synonyms plus the abbreviations the file defines
  const Synonyms* synonyms_;
  bool store_text_;
  bool extracted_;
  std::string previous_heading_;
  bool first_ = true;
};

}  // namespace psearch
