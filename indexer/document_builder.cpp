// Building a passage's document: the terms psearch matches and boosts, and the values it reads.
#include "indexer/document_builder.hpp"

#include "format/filter_terms.hpp"
#include "format/text_lines.hpp"
#include "indexer/corpus_scanner.hpp"
#include "indexer/minhash.hpp"

namespace psearch {
namespace {

// The passage's own words weigh more than the heading it inherits, so that a passage which only
// sits under a matching heading ranks below one that says the words (tuned with scripts/eval).
constexpr Xapian::termcount kTextWdf = 2;

bool is_filter_term(const std::string& term) {
  return term.starts_with(schema::kPrefixDir) || term.starts_with(schema::kPrefixExt);
}

}  // namespace

std::vector<std::string> file_filter_terms(const std::string& path) {
  std::vector<std::string> terms{schema::file_dir_term(path)};
  if (auto ext = schema::ext_term(schema::file_extension(path)); !ext.empty()) terms.push_back(std::move(ext));
  return terms;
}

void replace_filter_terms(Xapian::Document& doc, const std::vector<std::string>& terms) {
  std::vector<std::string> old;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    if (is_filter_term(*t)) old.push_back(*t);
  for (const auto& t : old) doc.remove_term(t);
  for (const auto& t : terms) doc.add_boolean_term(t);
}

schema::PassageRecord passage_record(const Passage& p, std::string_view content,
                                     const std::vector<std::string_view>& lines, bool store_text) {
  schema::PassageRecord r{p.first_line, p.last_line, p.heading, {}, p.column};
  r.text_size = p.text.size();
  r.text_hash = schema::fnv1a(p.text);
  auto span = text_span(content, lines, p.first_line, p.last_line, p.column, p.text.size());
  if (span) {
    r.offset = span->offset;
    r.span = span->size;
  }
  // Stored too when the file's bytes do not give the text back (a byte-order mark mid-file).
  r.text_stored = store_text || !span || span_text(content.substr(span->offset, span->size), p.text.size()) != p.text;
  if (r.text_stored) r.text = p.text;
  return r;
}

schema::PassageRecord stored_passage_record(const Passage& p) {
  schema::PassageRecord r{p.first_line, p.last_line, p.heading, p.text, p.column};
  r.text_size = p.text.size();
  r.text_hash = schema::fnv1a(p.text);
  r.text_stored = true;
  r.page = p.page;
  r.numbered = p.numbered;
  return r;
}

DocumentBuilder::DocumentBuilder(PassageTermGenerator& tg, std::string_view content, const std::string& path,
                                 const std::string& relative_path, std::vector<std::string> filter_terms,
                                 const Synonyms* synonyms, bool store_text, bool extracted)
    : tg_(tg),
      content_(content),
      lines_(extracted ? std::vector<std::string_view>() : split_lines(content)),
      id_term_(schema::file_term(schema::file_id(path))),
      file_value_(schema::file_value(path)),
      relative_path_(relative_path),
      filter_terms_(std::move(filter_terms)),
      // An abbreviation the file defines ("gamma-aminobutyric acid (GABA)") is a synonym in all of it.
      defined_(synonyms ? synonyms->with_definitions(content) : Synonyms().with_definitions(content)),
      synonyms_(defined_ ? &*defined_ : synonyms),
      store_text_(store_text),
      extracted_(extracted) {}

Xapian::Document DocumentBuilder::build(const Passage& p) {
  Xapian::Document doc;
  tg_.set_document(doc);
  index_terms(p);
  tg_.finish_document();
  add_values(doc, p);
  return doc;
}

void DocumentBuilder::index_terms(const Passage& p) {
  // The passage a heading introduces (the first under it) holds its words and its phrases; the
  // later ones hold its words only, so that a phrase of the heading (the proximity boost, a
  // quoted query) ranks the section once, not each short passage of it above the one that says it.
  const bool introduces = !p.heading.empty() && (first_ || previous_heading_ != p.heading);
  const bool inherits = !p.heading.empty() && !introduces;
  first_ = false;
  if (introduces) {
    tg_.index_text(p.heading);
    tg_.increase_termpos();  // no phrase across heading and text
  } else if (inherits) {
    tg_.index_text_without_positions(p.heading);
  }
  tg_.index_text(p.text, kTextWdf);
  // The fields psearch boosts (schema.hpp): the heading on the passage it introduces, and every
  // passage's opening words, which name what it is about.
  if (introduces) index_field(p.heading, schema::kPrefixHeading);
  previous_heading_ = p.heading;
  index_field(opening_words(p.text), schema::kPrefixOpening);
  if (!synonyms_) return;
  // The other forms of the synonym groups the passage mentions; like the heading's own words, a
  // form only an inherited heading calls for comes without positions (no phrase).
  for (const auto& extra : synonyms_->expansions(p.heading, p.text)) {
    if (inherits && !extra.in_text) {
      tg_.index_text_without_positions(extra.text);
    } else {
      tg_.increase_termpos();
      tg_.index_text(extra.text);
    }
  }
}

void DocumentBuilder::index_field(const std::string& text, const char* prefix) {
  tg_.index_field(text, prefix);
  if (synonyms_)
    for (const auto& extra : synonyms_->expansions(text)) tg_.index_field(extra, prefix);
}

void DocumentBuilder::add_values(Xapian::Document& doc, const Passage& p) const {
  std::vector<std::string> stems;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    if ((*t).starts_with('Z') && !schema::is_field_term(*t)) stems.push_back(*t);
  doc.add_value(schema::kSlotMinHash, minhash_signature(stems));
  doc.add_boolean_term(id_term_);
  for (const auto& t : filter_terms_) doc.add_boolean_term(t);
  doc.add_value(schema::kSlotFile, file_value_);
  doc.add_value(schema::kSlotSortKey, schema::sort_key(relative_path_, p.first_line));
  doc.add_value(schema::kSlotPassage, schema::encode_passage(extracted_ ? stored_passage_record(p)
                                                                         : passage_record(p, content_, lines_, store_text_)));
}

}  // namespace psearch
