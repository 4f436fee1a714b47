// Words as typed. pindex indexes a word that is its own stem ("barrier") only where another form
// of that stem ("barriers") is in the passage too (format/README.md): elsewhere its stem's term
// stands for it. These are the searcher's ways to the words all the same.
#pragma once
#include <functional>
#include <string>

#include <xapian.h>

namespace psearch {

/// The query of the passages holding word (lower case) in the form typed: its own term, or its
/// stem's without any other form of the stem.
Xapian::Query exact_form_query(const Xapian::Database& db, const std::string& word);

/// Calls visit(word, term, passages) for each word of db starting with prefix (lower case): the
/// unstemmed terms, and the stems that are their own word ("Zbarrier" as "barrier"), in that
/// order; a word may come twice, once from each. wanted(word) is asked first, so that a caller
/// can skip a word before it is stemmed.
using WordVisitor = std::function<void(const std::string& word, const std::string& term, Xapian::doccount passages)>;
void for_each_indexed_word(const Xapian::Database& db, const std::string& prefix,
                           const std::function<bool(const std::string&)>& wanted, const WordVisitor& visit);

}  // namespace psearch
