// One-pass passage terms: a cached stemmer that also hands back the words it is given.
#include "indexer/passage_terms.hpp"

#include <cctype>
#include <unordered_map>

#include "format/schema.hpp"

namespace psearch {

using schema::kStemLanguage;
using schema::stem_word;

// Snowball's English stemmer behind a cache; optionally lists the words it is given, as pointers
// to their cache entries (word, stem), which stay valid until trim().
class CachingStem : public Xapian::StemImplementation {
public:
  using Entry = std::pair<const std::string, std::string>;
  explicit CachingStem(bool record_words) : record_words_(record_words) {}
  std::string operator()(const std::string& word) override {
    auto it = cache_.find(word);
    if (it == cache_.end()) {
      if (!record_words_) trim();
      it = cache_.emplace(word, stem_word(stem_, word)).first;
    }
    if (record_words_) words.push_back(&*it);
    return it->second;
  }
  std::string get_description() const override { return "psearch cached " + stem_.get_description(); }
  void trim() {
    if (cache_.size() >= kMaxCached) cache_.clear();  // a source tree's identifiers are endless
  }

  std::vector<const Entry*> words;

private:
  static constexpr std::size_t kMaxCached = 30'000;
  bool record_words_;
  Xapian::Stem stem_{kStemLanguage};
  std::unordered_map<std::string, std::string> cache_;
};

const Xapian::Stem& cached_stemmer() {
  thread_local const Xapian::Stem stem(new CachingStem(false));  // owned by the Stem
  return stem;
}

PassageTermGenerator::PassageTermGenerator() {
  auto* impl = new CachingStem(true);  // owned by the Stem
  stemmer_ = impl;
  stems_.set_stemmer(Xapian::Stem(impl));
  // Positions for the stems, so quoted phrases match stemmed forms ("epsom SALTS") and proximity
  // counts every form. STEM_ALL_Z stems every word TermGenerator keeps, so the stemmer sees them all.
  stems_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
}

PassageTermGenerator make_term_generator() { return PassageTermGenerator(); }

void PassageTermGenerator::set_document(const Xapian::Document& doc) {
  doc_ = doc;
  forms_.clear();
  stemmer_->trim();  // between documents: forms_ and the words point into the cache
  omitted_wdf_ = 0;
  stems_.set_document(doc);
}

void PassageTermGenerator::index_text(const std::string& text, Xapian::termcount wdf) { index_words(text, wdf, true); }

void PassageTermGenerator::index_text_without_positions(const std::string& text, Xapian::termcount wdf) {
  index_words(text, wdf, false);
}

void PassageTermGenerator::index_words(const std::string& text, Xapian::termcount wdf, bool positions) {
  auto& words = stemmer_->words;
  words.clear();
  if (positions) stems_.index_text(text, wdf);
  else stems_.index_text_without_positions(text, wdf);
  for (const auto* entry : words) add_word(entry->first, entry->second, wdf);
  words.clear();
}

// A word that is its own stem is left to its Z term unless another form of that stem is in the
// passage too: the searcher finds the passages holding the exact form as those with the word, or
// with the stem and no other form (format/README.md). Most words are their own stem.
void PassageTermGenerator::add_word(const std::string& word, const std::string& stem, Xapian::termcount wdf) {
  auto& forms = forms_[stem];
  if (word != stem) {
    doc_.add_term(word, wdf);
    if (!forms.other_form && forms.stem_form_wdf > 0) {
      doc_.add_term(stem, forms.stem_form_wdf);
      omitted_wdf_ -= forms.stem_form_wdf;
    }
    forms.other_form = true;
  } else if (forms.other_form) {
    doc_.add_term(word, wdf);
  } else {
    forms.stem_form_wdf += wdf;
    omitted_wdf_ += wdf;
  }
}

// The words left out still count in the passage's length, which BM25 normalizes by: the length
// is what it would be with every word, so ranking does not depend on which words are left out.
void PassageTermGenerator::finish_document() {
  if (omitted_wdf_ > 0) doc_.add_term(schema::kTermLength, omitted_wdf_);
  omitted_wdf_ = 0;
}

void PassageTermGenerator::index_field(const std::string& text, const char* prefix) {
  stems_.index_text_without_positions(text, 1, prefix);
  stemmer_->words.clear();
}

std::string opening_words(std::string_view text) {
  std::string out;
  std::size_t words = 0, i = 0;
  auto space = [&](std::size_t k) { return std::isspace(static_cast<unsigned char>(text[k])) != 0; };
  while (words < kOpeningWords) {
    while (i < text.size() && space(i)) ++i;
    std::size_t end = i;
    while (end < text.size() && !space(end)) ++end;
    if (end == i) break;
    if (!out.empty()) out += ' ';
    out.append(text.substr(i, end - i));
    ++words;
    char last = text[end - 1];
    if (last == '.' || last == '?' || last == '!') break;
    i = end;
  }
  return out;
}

}  // namespace psearch
