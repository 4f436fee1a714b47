// The printers: each writes hits to a stream in one format. The searcher finds hits; the
// printers only format them; main() only wires options.
#pragma once
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "format/text_lines.hpp"
#include "searcher/hit.hpp"

namespace psearch {

/// Human output: per hit "file:line: heading" ("file:page N: heading" for a PDF), then the
/// passage's lines numbered (unnumbered, indented as much, for a PDF and for a document's passage
/// whose lines are not the file's one for one), query words highlighted when color is on. Control characters from documents are shown escaped.
void print_human(std::ostream& out, const std::vector<Hit>& hits, bool color);

/// JSON Lines, one object per hit:
///   {"rank": 1, "score": 3.2, "file": "corpus/a.txt", "line": 58, "end_line": 58,
///    "heading": "...", "text": "...", "match_lines": [58], "stale": false,
///    "also": [{"file": "corpus/b.txt", "line": 59, "end_line": 66}]}
/// file is relative to the current directory (absolute when outside it); text is the file's
/// lines line..end_line joined by "\n"; match_lines are the lines holding query words; stale is
/// true when the file changed or vanished since it was indexed (text is "" when the passage is no
/// longer in the file); also lists near-duplicate passages folded into this hit (empty with --all);
/// "page": the PDF page (1-based; absent for other files, whose line and end_line are the file's
/// lines: for a PDF, lines of its extracted text; match_lines is [line] when the passage's lines
/// are not the file's one for one);
/// a file name or text that is not valid UTF-8 is printed with U+FFFD replacements, and its exact
/// bytes are added in base64 as "file_bytes" / "text_bytes";
/// with --explain, "explain": [{"term": "salt", "kind": "stem"|"exact"|"proximity"|"heading"|"opening",
/// "weight": 1.2}]; when the hits come from a spelling-corrected query, "corrected_query": the
/// query searched instead of the one typed (on every hit; absent otherwise).
void print_json(std::ostream& out, const std::vector<Hit>& hits);

/// --files: one matching file per line, best first (escaped like the human output); with json,
/// JSON Lines {"file", "score", "line"} where line is the file's best passage, and
/// "corrected_query" as print_json has it.
void print_files(std::ostream& out, const std::vector<Hit>& hits, bool json);

/// The first line of the human output when its hits come from a spelling-corrected query (the
/// corrected query in bold when color is on), then a blank line as between hits.
void print_correction_note(std::ostream& out, const std::string& corrected, const std::string& typed, bool color);

/// vimgrep: "file:line:col:text", one row per line that holds a query word (col is 1-based,
/// in bytes); a hit matched only through its heading gives its first line. A PDF hit is one row
/// "file:page:1:text" (the page where the line would be), a document's passage whose lines are
/// not the file's one row "file:line:1:text".
void print_vimgrep(std::ostream& out, const std::vector<Hit>& hits);

/// The note shown on a hit whose file changed since it was indexed.
inline constexpr const char* kStaleNote = "(changed since indexed: run pindex)";


}  // namespace psearch
