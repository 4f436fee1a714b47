"""Public test collections with judged queries, read from tests/relevance/collections/.

Each collection is read from its original files (xz-compressed ones through lzma) into
  docs     [(doc_id, title, body)] in the source's order; title '' when the source has none
  queries  {query_id: text}, whitespace collapsed to single spaces
  qrels    {query_id: {doc_id: grade}}, grade 1 (none of these collections grades)
Queries without a judged relevant document are dropped (from queries and qrels). Ids are strings
of the numbers in the source, without leading zeros.

write_corpus() lays the documents out as one file per document, named by its id zero-padded to
the widest id (at least 4 digits: 0042.txt), holding the title on the first line, a blank line,
then the body with the source's line breaks (trailing blanks and blank lines at either end
trimmed). A document with no title holds the body alone, one with no body the title alone.

Standard library only; imported by scripts/eval (--collections). Run it as a script to print
each collection's counts: python3 scripts/eval_collections.py [NAME ...]
"""
import lzma
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "relevance", "collections")


class CollectionError(Exception):
    pass


def read_text(directory, name):
    """The text of name in directory, or of name.xz; latin-1 so that no byte is refused."""
    path = os.path.join(directory, name)
    try:
        if os.path.exists(path):
            with open(path, "rb") as f:
                data = f.read()
        else:
            with lzma.open(path + ".xz", "rb") as f:
                data = f.read()
    except (OSError, lzma.LZMAError) as e:
        raise CollectionError(f"cannot read {path}[.xz]: {e}")
    return data.decode("latin-1").replace("\r\n", "\n")


def collapse(text):
    return " ".join(text.split())


def trim_lines(lines):
    """Trailing blanks off each line, blank lines off both ends."""
    lines = [ln.rstrip() for ln in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def norm_id(s):
    return str(int(s))


# --- SMART format (.I n, then fields .T .W .A ...): ADI and CACM ------------------------------

def smart_records(text):
    """[(id, {field: [lines]})] from '.I n' records; a '.I' with no number (CACM's last line)
    starts no record."""
    records, fields, field = [], None, None
    for line in text.split("\n"):
        m = re.match(r"^\.([A-Z])(?:\s+(.*))?$", line)
        if m:
            tag, rest = m.group(1), (m.group(2) or "").strip()
            if tag == "I":
                if rest:
                    fields = {}
                    records.append((norm_id(rest), fields))
                else:
                    fields = None
                field = None
            elif fields is not None:
                field = fields.setdefault(tag, [])
            continue
        if field is not None:
            field.append(line)
    return records


def smart_docs(text):
    docs = []
    for doc_id, f in smart_records(text):
        title = collapse(" ".join(f.get("T", [])))
        docs.append((doc_id, title, "\n".join(trim_lines(f.get("W", [])))))
    return docs


def smart_queries(text):
    return {qid: collapse(" ".join(f.get("W", []))) for qid, f in smart_records(text)}


def pairs_qrels(text):
    """Lines 'query doc ...' (ADI.REL, CACM qrels.text): binary judgments."""
    qrels = {}
    for line in text.split("\n"):
        parts = line.split()
        if len(parts) >= 2:
            qrels.setdefault(norm_id(parts[0]), {})[norm_id(parts[1])] = 1
    return qrels


def load_adi(d):
    return (smart_docs(read_text(d, "ADI.ALL")), smart_queries(read_text(d, "ADI.QRY")),
            pairs_qrels(read_text(d, "ADI.REL")))


def load_cacm(d):
    return (smart_docs(read_text(d, "cacm.all")), smart_queries(read_text(d, "query.text")),
            pairs_qrels(read_text(d, "qrels.text")))


# --- LISA: "Document n", title lines, a blank line, abstract, a line of '*' -------------------

LISA_FILES = ["LISA0.001", "LISA0.501", "LISA1.001", "LISA1.501", "LISA2.001", "LISA2.501",
              "LISA3.001", "LISA3.501", "LISA4.001", "LISA4.501", "LISA5.001", "LISA5.501",
              "LISA5.627", "LISA5.850"]


def load_lisa(d):
    text = "\n".join(read_text(d, name) for name in LISA_FILES)
    docs, seen, dropped_fragments = [], set(), []
    for block in re.split(r"^\*{10,}[ \t]*$", text, flags=re.M):
        lines = block.split("\n")
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            continue
        m = re.match(r"^Document\s+(\d+)\s*$", lines[0])
        if not m:
            # LISA1.501 holds one such block, a second copy of the end of document 1992's text
            # between documents 2001 and 1998: no document of its own, dropped.
            dropped_fragments.append(lines[0])
            continue
        doc_id = norm_id(m.group(1))
        rest = lines[1:]
        blank = next((i for i, ln in enumerate(rest) if not ln.strip()), len(rest))
        title = collapse(" ".join(rest[:blank]))
        body = "\n".join(trim_lines(rest[blank:]))
        # LISA1.501 repeats documents 1998-2000 (and 2001, again the first of LISA2.001): the
        # first copy of an id is kept.
        if doc_id not in seen:
            seen.add(doc_id)
            docs.append((doc_id, title, body))
    if len(dropped_fragments) > 1:
        raise CollectionError(f"LISA: {len(dropped_fragments)} blocks with no 'Document n' line")
    queries = {}
    for m in re.finditer(r"^\s*(\d+)\s*\n(.*?)#", read_text(d, "LISA.QUE"), flags=re.M | re.S):
        queries[norm_id(m.group(1))] = collapse(m.group(2))
    return docs, queries, _lisa_qrels(d)


def _lisa_qrels(d):
    """{query id: {doc id: 1}} of LISA.REL."""
    # LISA.REL: "Query n", "k Relevant Refs:", the document numbers, "-1". The file is damaged
    # like LISA1.501: query 21's list stops after 15 of its 21 numbers and runs into a second
    # copy of the end of the file (query 34's last line, all of query 35), and queries 22 and 23
    # are gone. So a list ends at "-1" or at the next "Relevant Refs" line, a query that appears
    # twice must have the same list both times, and 22 and 23 have no judgments.
    qrels = {}
    parts = re.split(r"^Query\s+(\d+)[ \t]*$", read_text(d, "LISA.REL"), flags=re.M)
    for qid, part in zip(parts[1::2], parts[2::2]):
        lines = part.strip().split("\n")
        if not lines or not re.match(r"^\d+\s+Relevant Refs:", lines[0]):
            raise CollectionError(f"LISA.REL: query {qid} has no 'Relevant Refs' line")
        refs = []
        for ln in lines[1:]:
            if "Relevant Refs" in ln:
                break
            words = ln.split()
            if "-1" in words:
                refs += words[:words.index("-1")]
                break
            refs += words
        rel = {norm_id(x): 1 for x in refs}
        qid = norm_id(qid)
        if qid in qrels and qrels[qid] != rel:
            raise CollectionError(f"LISA.REL: query {qid} has two different lists")
        qrels[qid] = rel
    return qrels


# --- NPL (Vaswani): records "id" then text, ended by a line "/" --------------------------------

def npl_records(text):
    out = []
    for block in re.split(r"^\s*/\s*$", text, flags=re.M):
        lines = trim_lines(block.split("\n"))
        if lines:
            out.append((norm_id(lines[0].strip()), lines[1:]))
    return out


def load_npl(d):
    docs = [(i, "", "\n".join(trim_lines(lines)))
            for i, lines in npl_records(read_text(d, "doc-text"))]
    queries = {i: collapse(" ".join(lines)) for i, lines in npl_records(read_text(d, "query-text"))}
    qrels = {i: {norm_id(x): 1 for x in " ".join(lines).split()}
             for i, lines in npl_records(read_text(d, "rlv-ass"))}
    return docs, queries, qrels


# --- TIME: "*TEXT nnn date PAGE nnn", the text double-spaced; "*FIND n" queries -----------------

def load_time(d):
    docs = []
    for m in re.finditer(r"^\*TEXT\s+(\d+)[^\n]*\n(.*?)(?=^\*TEXT|^\*STOP|\Z)",
                         read_text(d, "TIME.ALL"), flags=re.M | re.S):
        # Every line of the source is followed by an empty one (double spacing): dropped, the
        # other line breaks kept. No title: the header line holds only number, date and page.
        lines = [ln for ln in m.group(2).split("\n") if ln.strip()]
        docs.append((norm_id(m.group(1)), "", "\n".join(trim_lines(lines))))
    queries = {}
    for m in re.finditer(r"^\*FIND\s+(\d+)[^\n]*\n(.*?)(?=^\*FIND|^\*STOP|\Z)",
                         read_text(d, "TIME.QUE"), flags=re.M | re.S):
        queries[norm_id(m.group(1))] = collapse(m.group(2))
    # TIME.REL: "query doc doc ...", the documents numbered by their position in the collection
    # (1-425), not by their *TEXT number. This TIME.ALL has 423 of the 425: the two after
    # position 370 (*TEXT 498) are missing, as the numbering gap to *TEXT 501 and the judgments
    # show (the judged documents share the query's words at positions up to 370 as they stand,
    # from 380 on two places earlier; no judgment names 371-379). So position n is the n-th
    # document up to 370 and the (n-2)-th from 373 on; 371 and 372 would be the lost ones.
    order = [doc_id for doc_id, _, _ in docs]

    def by_position(n):
        n = int(n)
        if 1 <= n <= 370:
            return order[n - 1]
        if 373 <= n <= len(order) + 2:
            return order[n - 3]
        raise CollectionError(f"TIME.REL: document {n} is one of the two missing from TIME.ALL "
                              "or out of range")
    if len(order) != 423:
        raise CollectionError(f"TIME.ALL: {len(order)} documents, expected 423")
    qrels = {}
    for line in read_text(d, "TIME.REL").split("\n"):
        parts = line.split()
        if parts:
            qrels[norm_id(parts[0])] = {by_position(x): 1 for x in parts[1:]}
    return docs, queries, qrels


LOADERS = {"adi": load_adi, "cacm": load_cacm, "lisa": load_lisa, "npl": load_npl,
           "time": load_time}
NAMES = sorted(LOADERS)


def load(name, data_dir=DATA):
    """The collection name as {"name", "docs", "queries", "qrels", "dropped"}: dropped counts the
    queries that had no judged relevant document."""
    if name not in LOADERS:
        raise CollectionError(f"unknown collection {name!r} (known: {', '.join(NAMES)})")
    docs, queries, qrels = LOADERS[name](os.path.join(data_dir, name))
    ids = [d[0] for d in docs]
    if len(set(ids)) != len(ids):
        raise CollectionError(f"{name}: a document id appears twice")
    known = set(ids)
    qrels = {q: {d: g for d, g in rel.items() if g > 0} for q, rel in qrels.items()}
    unknown = sorted({d for rel in qrels.values() for d in rel} - known, key=int)
    if unknown:
        raise CollectionError(f"{name}: judgments name documents that do not exist: "
                              f"{', '.join(unknown[:10])}")
    kept = {q: t for q, t in queries.items() if qrels.get(q) and t}
    missing = sorted(set(qrels) - set(queries), key=int)
    if missing:
        raise CollectionError(f"{name}: judgments for queries that do not exist: "
                              f"{', '.join(missing[:10])}")
    return {"name": name, "docs": docs, "queries": kept,
            "qrels": {q: qrels[q] for q in kept}, "dropped": len(queries) - len(kept)}


def file_name(doc_id, width):
    return f"{int(doc_id):0{width}d}.txt"


def write_corpus(coll, directory):
    """One file per document in directory (created); returns {file name: doc id}."""
    os.makedirs(directory, exist_ok=True)
    width = max(4, max(len(d[0]) for d in coll["docs"]))
    names = {}
    for doc_id, title, body in coll["docs"]:
        name = file_name(doc_id, width)
        text = "\n\n".join(x for x in (title, body) if x) + "\n"
        with open(os.path.join(directory, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        names[name] = doc_id
    return names


def counts(coll):
    return {"docs": len(coll["docs"]), "queries": len(coll["queries"]),
            "judged": sum(len(r) for r in coll["qrels"].values())}


if __name__ == "__main__":
    try:
        for n in sys.argv[1:] or NAMES:
            c = load(n)
            k = counts(c)
            print(f"{n}: {k['docs']} documents, {k['queries']} queries with judgments "
                  f"({c['dropped']} without dropped), {k['judged']} judged relevant pairs")
    except CollectionError as e:
        print(f"eval_collections: error: {e}", file=sys.stderr)
        sys.exit(2)
