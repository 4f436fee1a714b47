"""scripts/eval --collections: psearch's ranking of files on the public test collections
(tests/relevance/collections), against SQLite FTS5 over the same passages and over whole
documents; MAP@100, nDCG@10 and P@10, and the committed level it writes or checks."""
import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import eval_collections
from eval_common import TOLERANCE, EvalError, floor3, mean, rel_to_corpus, run, table

COLL_DEPTH = 100        # files ranked per query (MAP@100)
COLL_PASSAGE_HITS = 1000  # psearch passages fetched per query, reduced to files
COLL_FTS_ROWS = 2000    # FTS5 passage rows fetched per query, reduced to files
COLL_WORKERS = 2        # psearch queries run at once
RANKINGS = [("ps", "psearch"), ("ps_l", "psearch -l"), ("fts_p", "FTS5 passages"),
            ("fts_d", "FTS5 documents")]
COLL_METRICS = [("map@100", "MAP@100"), ("ndcg@10", "nDCG@10"), ("p@10", "P@10")]
BASELINE_KEYS = [("ps", "psearch"), ("ps_l", "psearch -l")]  # MAP@100, per collection


def psearch_has_per_file(binary):
    p = run([binary, "--help"])
    return "--per-file" in p.stdout


def psearch_files(binary, db, query, corpus, extra):
    """(files in rank order, error or None) from psearch's JSON: each file at its first hit."""
    p = run([binary, "--db", db, "--json"] + extra + ["--", query], cwd=corpus)
    if p.returncode == 1:
        return [], None
    if p.returncode != 0:
        return [], (p.stderr.strip() or f"exit {p.returncode}")
    files = []
    seen = set()
    for line in p.stdout.splitlines():
        if line.strip():
            f = rel_to_corpus(json.loads(line)["file"], corpus, corpus)
            if f not in seen:
                seen.add(f)
                files.append(f)
    return files[:COLL_DEPTH], None


def bag_of_words(query):
    """FTS5 MATCH for a collection query: each distinct word (letters and digits, lower-cased)
    as a quoted string, OR-ed; '' when there is none."""
    words = list(dict.fromkeys(w.lower() for w in re.findall(r"[^\W_]+", query)))
    return " OR ".join(f'"{w}"' for w in words)


def fts_files(db, table, expr, limit):
    if not expr:
        return []
    rows = db.execute(f"SELECT file FROM {table} WHERE {table} MATCH ? ORDER BY bm25({table}) "
                      f"LIMIT ?", (expr, limit)).fetchall()
    return list(dict.fromkeys(r[0] for r in rows))[:COLL_DEPTH]


def ranking_metrics(ranking, rel):
    """AP@100, nDCG@10 and P@10 of a ranked list of document ids against {doc id: grade}."""
    n_rel = sum(1 for g in rel.values() if g > 0)
    hits, ap = 0, 0.0
    for k, d in enumerate(ranking[:COLL_DEPTH], 1):
        if rel.get(d, 0) > 0:
            hits += 1
            ap += hits / k
    dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranking[:10]))
    idcg = sum(g / math.log2(i + 2)
               for i, g in enumerate(sorted(rel.values(), reverse=True)[:10]))
    return {"map@100": ap / n_rel if n_rel else 0.0, "ndcg@10": dcg / idcg if idcg else 0.0,
            "p@10": sum(1 for d in ranking[:10] if rel.get(d, 0) > 0) / 10}



def _index_and_dump(coll, tools, tmp):
    """Writes the collection's corpus into tmp, indexes it; returns (corpus, {file name: doc id},
    db, passages, seconds to index)."""
    started = time.monotonic()
    corpus = os.path.join(tmp, "corpus")
    names = eval_collections.write_corpus(coll, corpus)  # file name -> doc id
    db = os.path.join(tmp, "db")
    p = run([tools["pindex"], "--db", db, corpus], cwd=tmp)
    if p.returncode != 0:
        raise EvalError(f"{coll['name']}: pindex failed (exit {p.returncode}): "
                        f"{p.stderr.strip()}")
    indexed = time.monotonic() - started
    try:
        p = subprocess.run([tools["dump_passages"]], cwd=corpus, capture_output=True,
                           text=True, input="\n".join(sorted(names)) + "\n")
    except OSError as e:
        raise EvalError(f"cannot run dump_passages: {e}")
    if p.returncode != 0:
        raise EvalError(f"dump_passages failed (exit {p.returncode}): {p.stderr.strip()}")
    passages = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    return corpus, names, db, passages, indexed


def _fts_rankings(coll, qids, corpus, files, passages):
    """{query id: {"fts_p": files, "fts_d": files}}: FTS5 over the passages and the documents."""
    fts = sqlite3.connect(":memory:")
    fts.execute("CREATE VIRTUAL TABLE passages USING fts5(heading, text, file UNINDEXED, "
                "tokenize='porter unicode61')")
    fts.executemany("INSERT INTO passages(heading, text, file) VALUES (?, ?, ?)",
                    [(d["heading"], d["text"], d["file"]) for d in passages])
    fts.execute("CREATE VIRTUAL TABLE documents USING fts5(text, file UNINDEXED, "
                "tokenize='porter unicode61')")
    rows = []
    for name in files:
        with open(os.path.join(corpus, name), encoding="utf-8") as fh:
            rows.append((fh.read(), name))
    fts.executemany("INSERT INTO documents(text, file) VALUES (?, ?)", rows)
    rankings = {}
    for q in qids:
        expr = bag_of_words(coll["queries"][q])
        rankings[q] = {"fts_p": fts_files(fts, "passages", expr, COLL_FTS_ROWS),
                       "fts_d": fts_files(fts, "documents", expr, COLL_DEPTH)}
    fts.close()
    return rankings


def _rank_all(coll, tools, per_file, corpus, db, names, passages):
    """(rankings {query id: {ranking: files}}, psearch's errors): psearch two queries at a time
    (threads), FTS5 in this thread meanwhile."""
    qids = sorted(coll["queries"], key=int)
    extra_p = ["-n", str(COLL_PASSAGE_HITS)] + (["--per-file", "0"] if per_file else [])
    extra_l = ["-l", "-n", str(COLL_DEPTH)]
    with ThreadPoolExecutor(max_workers=COLL_WORKERS) as pool:
        futures = {q: (pool.submit(psearch_files, tools["psearch"], db,
                                   coll["queries"][q], corpus, extra_p),
                       pool.submit(psearch_files, tools["psearch"], db,
                                   coll["queries"][q], corpus, extra_l)) for q in qids}
        rankings = _fts_rankings(coll, qids, corpus, sorted(names), passages)
        errors = []
        for q in qids:
            for key, fut in zip(("ps", "ps_l"), futures[q]):
                ranked, err = fut.result()
                if err:
                    errors.append(f"{coll['name']} query {q} ({key}): {err}")
                rankings[q][key] = ranked
    return rankings, errors


def run_collection(coll, tools, per_file):
    """Index the collection's corpus, run every query through the four rankings; returns
    {"metrics": {ranking: {metric: mean}}, "per_query": ..., "errors": [...], ...}."""
    started = time.monotonic()
    tmp = tempfile.mkdtemp(prefix=f"psearch-eval-{coll['name']}.")
    try:
        corpus, names, db, passages, indexed = _index_and_dump(coll, tools, tmp)
        rankings, errors = _rank_all(coll, tools, per_file, corpus, db, names, passages)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    qids = sorted(coll["queries"], key=int)
    per_query = {q: {key: ranking_metrics([names.get(f, f) for f in rankings[q][key]],
                                          coll["qrels"][q]) for key, _ in RANKINGS}
                 for q in qids}
    returned = {key: mean(len(rankings[q][key]) for q in qids) for key, _ in RANKINGS}
    metrics = {key: {m: mean(per_query[q][key][m] for q in qids) for m, _ in COLL_METRICS}
               for key, _ in RANKINGS}
    done = time.monotonic()
    return {"name": coll["name"], "metrics": metrics, "per_query": per_query, "errors": errors,
            "returned": returned,
            "passages": len(passages), "index_seconds": indexed,
            "seconds": done - started, **eval_collections.counts(coll)}


def _load_baseline(path):
    """{collection: {ranking: MAP@100}} of the committed level, or None without --check-collections."""
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            base = json.load(f)
        return {c: {k: float(v[label]) for k, label in BASELINE_KEYS}
                for c, v in base.items() if not c.startswith("_")}
    except OSError as e:
        raise EvalError(f"cannot read the baseline {path}: {e.strerror}")
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise EvalError(f"{path}: expected {{\"collection\": "
                        f"{{\"psearch\": x, \"psearch -l\": y}}, ...}}: {e!r}")


def _names(args, base):
    """The collections to run: those named, else the baseline's, else all."""
    names = args.collections or []
    if base is not None and not names:
        names = sorted(base)
    names = names or eval_collections.NAMES
    for n in names:
        if n not in eval_collections.LOADERS:
            raise EvalError(f"unknown collection {n!r} (known: "
                            f"{', '.join(eval_collections.NAMES)})")
    return names


def _run_all(names, args, tools, per_file):
    results = []
    for n in names:
        try:
            coll = eval_collections.load(n, args.collections_dir or eval_collections.DATA)
        except eval_collections.CollectionError as e:
            raise EvalError(str(e))
        results.append(run_collection(coll, tools, per_file))
        r = results[-1]
        print(f"collections: {n}: {r['docs']} documents, {r['passages']} passages, "
              f"{r['queries']} queries, {r['judged']} judged pairs: {r['seconds']:.1f} s "
              f"(index {r['index_seconds']:.1f} s)", file=sys.stderr, flush=True)
    return results


def _print_tables(results, errors):
    """One table per metric, the files ranked, and the collections' sizes and times."""
    for m, label in COLL_METRICS:
        print()
        rows = [[r["name"], str(r["queries"])] + [f"{r['metrics'][k][m]:.3f}" for k, _ in RANKINGS]
                for r in results]
        rows.append(["mean", str(sum(r["queries"] for r in results))] +
                    [f"{mean(r['metrics'][k][m] for r in results):.3f}" for k, _ in RANKINGS])
        print(table(rows, [label, "queries"] + [name for _, name in RANKINGS]))
    print()
    rows = [[r["name"]] + [f"{r['returned'][k]:.1f}" for k, _ in RANKINGS] for r in results]
    print(table(rows, ["files ranked (mean)"] + [name for _, name in RANKINGS]))
    print()
    rows = [[r["name"], str(r["docs"]), str(r["passages"]), str(r["queries"]), str(r["judged"]),
             f"{r['index_seconds']:.1f}", f"{r['seconds']:.1f}"] for r in results]
    print(table(rows, ["collection", "documents", "passages", "queries", "judged pairs",
                       "index s", "wall s"]))
    if errors:
        print()
        print(f"psearch failed on {len(errors)} runs (exit 2; see stderr): counted as no hits")


def _print_per_query(results):
    for r in results:
        print()
        rows = [[q] + [f"{r['per_query'][q][k]['map@100']:.3f}" for k, _ in RANKINGS]
                for q in sorted(r["per_query"], key=int)]
        print(table(rows, [f"{r['name']} query (AP@100)"] + [n for _, n in RANKINGS]))


def _write_baseline(path, results):
    data = {"_what": "MAP@100 per collection of psearch (files from passages) and psearch "
                     "-l, rounded down to 3 decimals: scripts/eval "
                     "--write-collections-baseline"}
    for r in results:
        data[r["name"]] = {label: floor3(r["metrics"][k]["map@100"])
                           for k, label in BASELINE_KEYS}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    print()
    print(f"collections: wrote {path}")


def _check(path, base, results, errors):
    """0 if no MAP@100 dropped below the committed level by more than TOLERANCE, else 1."""
    drops, figures = [], []
    for r in results:
        if r["name"] not in base:
            print(f"eval: warning: {r['name']} is not in {path}", file=sys.stderr)
            continue
        for k, label in BASELINE_KEYS:
            now, then = r["metrics"][k]["map@100"], base[r["name"]][k]
            figures.append(f"{r['name']} {label} {now:.3f} (baseline {then:.3f})")
            if now < then - TOLERANCE:
                drops.append(f"{r['name']} {label} MAP@100 {now:.3f} is {then - now:.3f} "
                             f"below the baseline {then:.3f}")
    if errors:
        drops.append(f"psearch failed on {len(errors)} runs")
    print()
    if drops:
        print(f"collections: FAILED: {'; '.join(drops)} (tolerance {TOLERANCE})", file=sys.stderr)
        return 1
    print(f"collections: ok {', '.join(figures)}")
    return 0


def collections_main(args, tools):
    base = _load_baseline(args.check_collections)
    names = _names(args, base)
    per_file = psearch_has_per_file(tools["psearch"])
    started = time.monotonic()
    results = _run_all(names, args, tools, per_file)
    total = time.monotonic() - started
    errors = [e for r in results for e in r["errors"]]
    for e in errors:
        print(f"eval: psearch failed: {e}", file=sys.stderr)
    print(f"collections: {len(results)} ({', '.join(names)}), psearch "
          f"{'with --per-file 0' if per_file else '(no --per-file option)'}, "
          f"{total:.1f} s in all")
    _print_tables(results, errors)
    if args.per_query:
        _print_per_query(results)
    if args.write_collections_baseline:
        _write_baseline(args.write_collections_baseline, results)
    return _check(args.check_collections, base, results, errors) if base is not None else 0
