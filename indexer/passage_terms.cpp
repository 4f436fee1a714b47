// One-pass passage terms: a cached stemmer that also hands back the words it is given.
#include "indexer/passage_terms.hpp"

#include <cctype>
#include <unordered_map>

#include "format/schema.hpp"

namespace psearch {

using schema::kStemLanguage;
using schema::stem_word;

namespace {

// Snowball's English stemmer behind a cache; optionally lists the words it is given.
class CachingStem : public Xapian::StemImplementation {
public:
  explicit CachingStem(bool record_words) : record_words_(record_words) {}
  std::string operator()(const std::string& word) override {
    if (record_words_) words.push_back(word);
    if (auto it = cache_.find(word); it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCached) cache_.clear();  // a source tree's identifiers are endless
    return cache_.emplace(word, stem_word(stem_, word)).first->second;
  }
  std::string get_description() const override { return "psearch cached " + stem_.get_description(); }

  std::vector<std::string> words;

private:
  static constexpr std::size_t kMaxCached = 30'000;
  bool record_words_;
  Xapian::Stem stem_{kStemLanguage};
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace

const Xapian::Stem& cached_stemmer() {
  thread_local const Xapian::Stem stem(new CachingStem(false));  // owned by the Stem
  return stem;
}

PassageTermGenerator::PassageTermGenerator() {
  auto* impl = new CachingStem(true);  // owned by the Stem
  words_ = &impl->words;
  stems_.set_stemmer(Xapian::Stem(impl));
  // Positions for the stems, so quoted phrases match stemmed forms ("epsom SALTS") and proximity
  // counts every form. STEM_ALL_Z stems every word TermGenerator keeps, so the stemmer sees them all.
  stems_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
}

PassageTermGenerator make_term_generator() { return PassageTermGenerator(); }

void PassageTermGenerator::set_document(const Xapian::Document& doc) {
  doc_ = doc;
  stems_.set_document(doc);
}

void PassageTermGenerator::index_text(const std::string& text, Xapian::termcount wdf) { index_words(text, wdf, true); }

void PassageTermGenerator::index_text_without_positions(const std::string& text, Xapian::termcount wdf) {
  index_words(text, wdf, false);
}

void PassageTermGenerator::index_words(const std::string& text, Xapian::termcount wdf, bool positions) {
  words_->clear();
  if (positions) stems_.index_text(text, wdf);
  else stems_.index_text_without_positions(text, wdf);
  for (const auto& word : *words_) doc_.add_term(word, wdf);
  words_->clear();
}

void PassageTermGenerator::index_field(const std::string& text, const char* prefix) {
  stems_.index_text_without_positions(text, 1, prefix);
  words_->clear();
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
