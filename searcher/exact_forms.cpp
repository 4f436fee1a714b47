// Words as typed, over an index that keeps a word that is its own stem only beside another form.
#include "searcher/exact_forms.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "format/schema.hpp"

namespace psearch {
namespace {

// Porter's longest suffixes are shorter: a longer word starting with the stem is another word.
constexpr std::size_t kMaxSuffix = 6;

const Xapian::Stem& stemmer() {
  thread_local const Xapian::Stem stem = schema::make_stemmer();  // a Stem is not thread-safe
  return stem;
}

bool own_stem(const std::string& word) { return stemmer()(word) == word; }

// A byte an English suffix may hold: a letter, an apostrophe ("salt's"), any byte of UTF-8.
bool suffix_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || c == '\'' || c >= 0x80; }

struct Forms {
  std::vector<std::string> terms;   // the other forms of the stem that the index holds
  Xapian::doccount passages = 0;    // their passage counts summed
};

// The other forms of the stem word: the words that stem to it, which start with it or, for a word
// ending in e, with the rest ("take": "takes", "taking").
Forms other_forms(const Xapian::Database& db, const std::string& word) {
  Forms forms;
  const std::string start = word.size() > 2 && word.back() == 'e' ? word.substr(0, word.size() - 1) : word;
  auto it = db.allterms_begin(start);
  const auto end = db.allterms_end(start);
  while (it != end) {
    const std::string form = *it;
    if (!form.starts_with(start)) break;
    const unsigned char next = form.size() > start.size() ? static_cast<unsigned char>(form[start.size()]) : static_cast<unsigned char>('a');
    if (!suffix_byte(next)) {
      // An identifier ("memory_barrier", "tree2"): past every term going on with that byte.
      if (next == 0xff) break;
      it.skip_to(start + static_cast<char>(next + 1));
      continue;
    }
    if (form != word && form.size() <= start.size() + kMaxSuffix && stemmer()(form) == word) {
      forms.terms.push_back(form);
      forms.passages += it.get_termfreq();
    }
    ++it;
  }
  return forms;
}

// BM25's idf as Xapian 1.4's BM25Weight computes it from a passage count.
double bm25_idf(double passages, double total) {
  double tw = (total - passages + 0.5) / (passages + 0.5);
  if (tw < 2) tw = std::max(tw, 1e-6) / 2 + 1;
  return std::log(tw);
}

// part weighed as if it were a term of the given passage count, not of its own.
Xapian::Query weighed_as(Xapian::Query part, double own_passages, double passages, double total) {
  double own = bm25_idf(own_passages, total);
  if (own < 1e-9 || own_passages == passages) return part;
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, part, bm25_idf(passages, total) / own);
}

}  // namespace

// The form's passages are those with its own term (beside another form) and those with the stem
// and no other form. Each part is weighed as the form's own term would be, with its passage
// count: exact when the stem has one other form, a little low with more (a passage holding two).
Xapian::Query exact_form_query(const Xapian::Database& db, const std::string& word) {
  if (!own_stem(word)) return Xapian::Query(word);
  const double total = db.get_doccount();
  const double with_word = db.get_termfreq(word), with_stem = db.get_termfreq("Z" + word);
  auto others = other_forms(db, word);
  const double passages = std::max(with_word + std::max(0.0, with_stem - others.passages), 1.0);
  Xapian::Query stem("Z" + word);
  if (!others.terms.empty())
    stem = Xapian::Query(Xapian::Query::OP_AND_NOT, stem,
                         Xapian::Query(Xapian::Query::OP_OR, others.terms.begin(), others.terms.end()));
  stem = weighed_as(stem, with_stem, passages, total);
  if (with_word == 0) return stem;
  return Xapian::Query(Xapian::Query::OP_OR, weighed_as(Xapian::Query(word), with_word, passages, total), stem);
}

void for_each_indexed_word(const Xapian::Database& db, const std::string& prefix,
                           const std::function<bool(const std::string&)>& wanted, const WordVisitor& visit) {
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it)
    if (wanted(*it)) visit(*it, *it, it.get_termfreq());
  const std::string stems = "Z" + prefix;
  for (auto it = db.allterms_begin(stems); it != db.allterms_end(stems); ++it) {
    const std::string& term = *it;
    if (schema::is_field_term(term)) continue;
    std::string word = term.substr(1);
    if (wanted(word) && own_stem(word)) visit(word, term, it.get_termfreq());
  }
}

}  // namespace psearch
