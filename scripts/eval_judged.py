"""scripts/eval on the judged query set: the queries, the two engines (psearch and SQLite FTS5 over
the same passages), the metrics, and the run that puts them together."""
import json
import math
import os
import re
import shutil
import sqlite3
import sys
import tempfile

from eval_common import EvalError, rel_to_corpus, run

KINDS = ["keyword", "phrase", "question", "abbreviation", "variant", "misspelling", "boolean",
         "list", "unanswerable"]
TOP = 10        # hits fetched per query
NDCG_K = 5
METRICS = [("ndcg@5", "nDCG@5"), ("mrr", "MRR"), ("recall@10", "recall@10")]
# Reported beside the metrics, not checked: nDCG@5 with every copy of a passage a unit of its own.
EXTRA = [("ndcg@5-per-copy", "nDCG@5, each copy a unit")]
COPY_JACCARD = 0.6  # passages whose word sets overlap this much are copies of one another
COPY_MIN_WORDS = 5


# --- inputs ------------------------------------------------------------------------------------

def corpus_files(corpus):
    """The files pindex would read: recursive, no dot-files or dot-directories, sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                path = os.path.join(dirpath, name)
                if os.path.isfile(path) and not os.path.islink(path):
                    out.append(path)
    return out


def rel_to_corpus(path, corpus, cwd):
    """A hit's or passage's file as a path relative to the corpus directory (judgments use it)."""
    full = os.path.realpath(os.path.join(cwd, path))
    rel = os.path.relpath(full, os.path.realpath(corpus))
    return rel.replace(os.sep, "/")


def load_queries(path, corpus):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise EvalError(f"cannot read {path}: {e}")
    if not isinstance(data, list) or not data:
        raise EvalError(f"{path}: expected a non-empty JSON array of queries")
    line_counts = {}
    queries = []
    for i, q in enumerate(data):
        where = f"{path}: query #{i + 1}"
        if not isinstance(q, dict) or not isinstance(q.get("query"), str) or not q["query"].strip():
            raise EvalError(f"{where}: needs a non-empty \"query\" string")
        where += f" ({q['query']!r})"
        kind = q.get("kind")
        if kind not in KINDS:
            raise EvalError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        judged = {}  # (file, line) -> grade
        for r in q.get("relevant", []):
            f, lines, grade = r.get("file"), r.get("lines"), r.get("grade")
            if not isinstance(f, str) or not isinstance(lines, list) or grade not in (1, 2):
                raise EvalError(f"{where}: each relevant entry needs file, lines and grade 1 or 2")
            if f not in line_counts:
                fp = os.path.join(corpus, f)
                try:
                    with open(fp, encoding="utf-8", errors="replace") as fh:
                        line_counts[f] = len(fh.read().splitlines())
                except OSError:
                    raise EvalError(f"{where}: judged file {f} is not in {corpus}")
            for ln in lines:
                if not isinstance(ln, int) or not 1 <= ln <= line_counts[f]:
                    raise EvalError(f"{where}: {f} has no line {ln!r}")
                if (f, ln) in judged and judged[(f, ln)] != grade:
                    raise EvalError(f"{where}: {f}:{ln} is judged twice with different grades")
                judged[(f, ln)] = grade
        if kind == "unanswerable" and judged:
            raise EvalError(f"{where}: an unanswerable query must have no judged lines")
        if kind != "unanswerable" and not judged:
            raise EvalError(f"{where}: no judged lines (use kind \"unanswerable\")")
        queries.append({"query": q["query"], "kind": kind, "judged": judged})
    return queries



# --- the two engines ---------------------------------------------------------------------------

def psearch_hits(binary, db, query, corpus, cwd):
    p = run([binary, "--db", db, "--json", "-n", str(TOP), "--", query], cwd=cwd)
    if p.returncode == 1:
        return [], None
    if p.returncode != 0:
        return [], (p.stderr.strip() or f"exit {p.returncode}")
    hits = []
    for line in p.stdout.splitlines():
        if line.strip():
            h = json.loads(line)
            also = [(rel_to_corpus(c["file"], corpus, cwd), c["line"], c["end_line"])
                    for c in h.get("also", [])]
            hits.append({"file": rel_to_corpus(h["file"], corpus, cwd), "line": h["line"],
                         "end_line": h["end_line"], "heading": h.get("heading", ""),
                         "text": h.get("text", ""), "also": also})
    return hits, None



OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "XOR": "OR", "NEAR": "AND", "ADJ": "AND"}
WORD = re.compile(r"\w+\*?")


def _fts5_items(query):
    """The query's tokens as ("term", expr) | ("op", OP) | ("(", ) | (")", )."""
    raw = re.findall(r'"[^"]*"?|[()]|[^\s()"]+', query)
    items = []
    for tok in raw:
        if tok in "()":
            items.append((tok,))
            continue
        if tok in OPERATORS and any(c.islower() for c in query):
            items.append(("op", OPERATORS[tok.upper()]))
            continue
        negate = tok.startswith("-") and len(tok) > 1 and not tok.startswith('"')
        words = WORD.findall(tok)
        if not words:
            continue
        terms = []
        for w in words:
            stem, star = (w[:-1], "*") if w.endswith("*") else (w, "")
            if stem:
                terms.append('"%s"%s' % (stem, star))
        if not terms:
            continue
        expr = terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"
        if negate:
            items.append(("op", "NOT"))
        items.append(("term", expr))
    return items


def _balanced(items):
    depth, ok = 0, True
    for it in items:
        depth += {"(": 1, ")": -1}.get(it[0], 0)
        ok = ok and depth >= 0
    return ok and depth == 0


def _well_formed(items):
    """A well-formed sequence: operand (op operand)*."""
    out = []
    def last():
        return out[-1][0] if out else None
    for it in items:
        kind = it[0]
        if kind == "op":
            if last() in ("term", ")"):
                out.append(it)
            continue                      # an operator with no left operand is dropped
        if kind == ")":
            while last() == "op":
                out.pop()
            if last() == "(":
                out.pop()                 # empty group
                continue
            out.append(it)
            continue
        if last() in ("term", ")"):
            out.append(("op", "OR"))      # two operands side by side
        out.append(it)
    while last() in ("op", "("):
        out.pop()
    return out


def fts5_query(query):
    """Translate a psearch query to an FTS5 MATCH expression ('' when nothing is left)."""
    items = _fts5_items(query)
    # parentheses: keep only when balanced
    if not _balanced(items):
        items = [it for it in items if it[0] not in "()"]
    out = _well_formed(items)
    # a ')' left unmatched by the pops above makes the expression unbalanced: drop all groups
    if not _balanced(out):
        return fts5_query(re.sub(r"[()]", " ", query))
    return " ".join(it[1] if it[0] in ("term", "op") else it[0] for it in out)


def fts5_hits(db, query):
    expr = fts5_query(query)
    if not expr:
        return [], None, expr
    try:
        rows = db.execute(
            "SELECT file, line, end_line, heading, text FROM passages WHERE passages MATCH ? "
            "ORDER BY bm25(passages) LIMIT ?", (expr, TOP)).fetchall()
    except sqlite3.Error as e:
        return [], f"FTS5: {e} (query {expr})", expr
    return [{"file": f, "line": a, "end_line": b, "heading": h, "text": t}
            for f, a, b, h, t in rows], None, expr


# --- metrics -----------------------------------------------------------------------------------

def copy_groups(passages):
    """{(file, line, end_line): group}: passages that are near-copies of one another (the same
    list in two articles) share a group. Word-set Jaccard >= COPY_JACCARD, as psearch's folding
    estimates with MinHash; decided here from the text alone, the same for both engines."""
    keys = [(p["file"], p["line"], p["end_line"]) for p in passages]
    words = [set(re.findall(r"\w+", (p["heading"] + " " + p["text"]).lower())) for p in passages]
    parent = list(range(len(keys)))
    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            a, b = words[i], words[j]
            if len(a) >= COPY_MIN_WORDS and len(b) >= COPY_MIN_WORDS and \
                    len(a & b) >= COPY_JACCARD * len(a | b):
                parent[find(i)] = find(j)
    return {k: find(i) for i, k in enumerate(keys)}


def gain(judged, file, line, end_line):
    return max((judged.get((file, ln), 0) for ln in range(line, end_line + 1)), default=0)


def ranges(hit):
    """The places a hit names: its passage, then the near-duplicate copies folded into it."""
    return [(hit["file"], hit["line"], hit["end_line"])] + list(hit.get("also", []))


def hit_gain(judged, hit):
    return max(gain(judged, *r) for r in ranges(hit))


def dcg(gains):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:NDCG_K]))


def score(q, hits, passages, groups):
    judged = q["judged"]
    gains = [hit_gain(judged, h) for h in hits[:TOP]]
    ideal = sorted((gain(judged, p["file"], p["line"], p["end_line"]) for p in passages),
                   reverse=True)
    idcg = dcg(ideal)
    # Copies as one unit: a hit that is a copy of one shown above it tells the reader nothing new
    # and is passed over (psearch folds it into the first; FTS5 lists it again), and the ideal
    # ranking has each group of copies once, with the best gain among them.
    shown, unique_gains = set(), []
    for h, g in zip(hits[:TOP], gains):
        hs = {groups.get(r, ("ungrouped",) + tuple(r)) for r in ranges(h)}
        if hs & shown:
            continue
        shown |= hs
        unique_gains.append(g)
    best = {}
    for p in passages:
        k = groups[(p["file"], p["line"], p["end_line"])]
        best[k] = max(best.get(k, 0), gain(judged, p["file"], p["line"], p["end_line"]))
    unique_idcg = dcg(sorted(best.values(), reverse=True))
    target = 2 if 2 in judged.values() else 1
    rr = next((1 / (i + 1) for i, g in enumerate(gains) if g >= target), 0.0)
    covered = set()
    for h in hits[:TOP]:
        for f, a, b in ranges(h):
            covered.update((f, ln) for ln in range(a, b + 1))
    recall = len(covered & set(judged)) / len(judged)
    return {"ndcg@5": dcg(unique_gains) / unique_idcg if unique_idcg else 0.0, "mrr": rr,
            "recall@10": recall, "ndcg@5-per-copy": dcg(gains) / idcg if idcg else 0.0,
            "gains": gains}


# --- the run -----------------------------------------------------------------------------------

def dump_passages(tools, corpus, files, tmp):
    """The index's passages (dump_passages), their files relative to the corpus."""
    p = run([tools["dump_passages"]] + files, cwd=tmp)
    if p.returncode != 0:
        raise EvalError(f"dump_passages failed (exit {p.returncode}): {p.stderr.strip()}")
    passages = []
    for line in p.stdout.splitlines():
        if line.strip():
            d = json.loads(line)
            d["file"] = rel_to_corpus(d["file"], corpus, tmp)
            passages.append(d)
    return passages


def warn_uncovered(queries, passages):
    covered = {(d["file"], ln) for d in passages for ln in range(d["line"], d["end_line"] + 1)}
    for q in queries:
        for (f, ln) in sorted(set(q["judged"]) - covered):
            print(f"eval: warning: {q['query']!r}: judged line {f}:{ln} is in no passage "
                  "(a heading?); no engine can return it", file=sys.stderr)


def fts5_table(passages):
    fts = sqlite3.connect(":memory:")
    fts.execute("CREATE VIRTUAL TABLE passages USING fts5(heading, text, file UNINDEXED, "
                "line UNINDEXED, end_line UNINDEXED, tokenize='porter unicode61')")
    fts.executemany("INSERT INTO passages(heading, text, file, line, end_line) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(d["heading"], d["text"], d["file"], d["line"], d["end_line"])
                     for d in passages])
    return fts


def run_queries(queries, tools, db, fts, corpus, tmp, passages):
    """Each query through both engines; its hits and scores go into the query's dict."""
    groups = copy_groups(passages)
    for q in queries:
        q["ps_hits"], err = psearch_hits(tools["psearch"], db, q["query"], corpus, tmp)
        if err:
            print(f"eval: warning: psearch {q['query']!r}: {err}", file=sys.stderr)
        q["fts_hits"], err, q["fts_expr"] = fts5_hits(fts, q["query"])
        if err:
            print(f"eval: warning: {q['query']!r}: {err}", file=sys.stderr)
        if q["judged"]:
            q["ps"] = score(q, q["ps_hits"], passages, groups)
            q["fts"] = score(q, q["fts_hits"], passages, groups)


def evaluate(tools, corpus, queries, files):
    """Indexes the corpus, runs every query through both engines; returns the passages."""
    tmp = tempfile.mkdtemp(prefix="psearch-eval.")
    try:
        db = os.path.join(tmp, "db")
        p = run([tools["pindex"], "--db", db, corpus], cwd=tmp)
        if p.returncode != 0:
            raise EvalError(f"pindex failed (exit {p.returncode}): {p.stderr.strip()}")
        passages = dump_passages(tools, corpus, files, tmp)
        warn_uncovered(queries, passages)
        fts = fts5_table(passages)
        run_queries(queries, tools, db, fts, corpus, tmp, passages)
        fts.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return passages
