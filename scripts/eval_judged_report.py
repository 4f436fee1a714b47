"""scripts/eval on the judged query set: what it prints (the means, per kind, per query, the
worst queries, the unjudged hits) and the committed level it writes or checks."""
import json
import os
import sys

from eval_common import TOLERANCE, EvalError, floor3, mean, snippet, table
from eval_judged import EXTRA, KINDS, METRICS, NDCG_K, hit_gain


def summary(queries, passages, files):
    """The means of both engines and the nDCG@5 of each kind; returns psearch's means."""
    answerable = [q for q in queries if q["judged"]]
    unanswerable = [q for q in queries if not q["judged"]]
    ps = {k: mean(q["ps"][k] for q in answerable) for k, _ in METRICS + EXTRA}
    fs = {k: mean(q["fts"][k] for q in answerable) for k, _ in METRICS + EXTRA}

    print(f"relevance: {len(queries)} queries ({len(answerable)} answerable, "
          f"{len(unanswerable)} unanswerable), {len(passages)} passages in {len(files)} files")
    print()
    rows = [[name, f"{ps[k]:.3f}", f"{fs[k]:.3f}", f"{ps[k] - fs[k]:+.3f}"]
            for k, name in METRICS + EXTRA]
    if unanswerable:
        a = mean(1.0 if not q["ps_hits"] else 0.0 for q in unanswerable)
        b = mean(1.0 if not q["fts_hits"] else 0.0 for q in unanswerable)
        rows.append([f"unanswerable: no hits ({len(unanswerable)} queries)", f"{a:.3f}",
                     f"{b:.3f}", f"{a - b:+.3f}"])
    print(table(rows, ["metric", "psearch", "FTS5", "difference"]))
    print()
    rows = []
    for kind in KINDS:
        qs = [q for q in answerable if q["kind"] == kind]
        if qs:
            a, b = mean(q["ps"]["ndcg@5"] for q in qs), mean(q["fts"]["ndcg@5"] for q in qs)
            rows.append([kind, str(len(qs)), f"{a:.3f}", f"{b:.3f}", f"{a - b:+.3f}"])
    print(table(rows, ["kind (nDCG@5)", "queries", "psearch", "FTS5", "difference"]))
    return ps


def per_query(queries):
    """One row per query: both engines' figures and hit counts."""
    print()
    rows = []
    for q in queries:
        if q["judged"]:
            a, b = q["ps"], q["fts"]
            rows.append([q["query"], q["kind"], f"{a['ndcg@5']:.3f}", f"{b['ndcg@5']:.3f}",
                         f"{a['mrr']:.3f}", f"{b['mrr']:.3f}", f"{a['recall@10']:.3f}",
                         f"{b['recall@10']:.3f}", str(len(q["ps_hits"])),
                         str(len(q["fts_hits"]))])
        else:
            rows.append([q["query"], q["kind"], "-", "-", "-", "-", "-", "-",
                         str(len(q["ps_hits"])), str(len(q["fts_hits"]))])
    print(table(rows, ["query", "kind", "nDCG@5 ps", "nDCG@5 fts", "MRR ps", "MRR fts",
                       "R@10 ps", "R@10 fts", "hits ps", "hits fts"]))


def _worst_query(q, corpus, texts):
    """psearch's first hits for q against the lines judged best (texts caches the files' lines)."""
    a = q["ps"]
    print()
    print(f"* {q['query']!r} [{q['kind']}]  nDCG@5 {a['ndcg@5']:.3f} "
          f"(FTS5 {q['fts']['ndcg@5']:.3f})  MRR {a['mrr']:.3f}  "
          f"recall@10 {a['recall@10']:.3f}")
    if not q["ps_hits"]:
        print("    psearch: no hits")
    for i, h in enumerate(q["ps_hits"][:3]):
        print(f"    psearch #{i + 1} (gain {a['gains'][i]}) {h['file']}:{h['line']}"
              f"-{h['end_line']}: {snippet(h['text'])}")
        for f, first, last in h.get("also", []):
            print(f"        (also {f}:{first}-{last})")
    best = max(q["judged"].values())
    lines = sorted(k for k, g in q["judged"].items() if g == best)
    for f, ln in lines[:4]:
        if f not in texts:
            with open(os.path.join(corpus, f), encoding="utf-8", errors="replace") as fh:
                texts[f] = fh.read().splitlines()
        print(f"    judged {best}  {f}:{ln}: {snippet(texts[f][ln - 1])}")
    if len(lines) > 4:
        print(f"    judged {best}  ... and {len(lines) - 4} more lines")


def worst(answerable, n, corpus):
    print()
    print(f"the {n} queries psearch does worst on (nDCG@5, then MRR, then recall@10):")
    texts = {}
    for q in sorted(answerable, key=lambda q: (q["ps"]["ndcg@5"], q["ps"]["mrr"], q["ps"]["recall@10"]))[:n]:
        _worst_query(q, corpus, texts)


def unjudged(answerable):
    """Per query, the hits in either engine's top NDCG_K that hold no judged line."""
    print()
    print(f"hits in either engine's top {NDCG_K} that hold no judged line (the pool to judge):")
    for q in answerable:
        seen = {}
        for engine, hits in (("psearch", q["ps_hits"]), ("FTS5", q["fts_hits"])):
            for h in hits[:NDCG_K]:
                if hit_gain(q["judged"], h) == 0:
                    key = (h["file"], h["line"], h["end_line"])
                    seen.setdefault(key, [h, []])[1].append(engine)
        if seen:
            print()
            print(f"* {q['query']!r} [{q['kind']}]")
        for (f, first, last), (h, engines) in sorted(seen.items()):
            print(f"    {'+'.join(engines):12} {f}:{first}-{last}: {snippet(h['text'], 160)}")


def write_baseline(path, ps):
    data = {k: floor3(ps[k]) for k, _ in METRICS}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
    print()
    print(f"relevance: wrote {path}: {json.dumps(data)}")


def check_baseline(path, ps):
    """0 if no psearch figure dropped below the committed level by more than TOLERANCE, else 1."""
    try:
        with open(path, encoding="utf-8") as f:
            base = json.load(f)
        base = {k: float(base[k]) for k, _ in METRICS}
    except OSError as e:
        raise EvalError(f"cannot read the baseline {path}: {e.strerror}")
    except (ValueError, KeyError, TypeError) as e:
        raise EvalError(f"{path}: expected {{\"ndcg@5\": x, \"mrr\": y, "
                        f"\"recall@10\": z}}: {e!r}")
    print()
    drops = [f"{name} {ps[k]:.3f} is {base[k] - ps[k]:.3f} below the baseline {base[k]:.3f}"
             for k, name in METRICS if ps[k] < base[k] - TOLERANCE]
    figures = ", ".join(f"{name} {ps[k]:.3f} (baseline {base[k]:.3f})" for k, name in METRICS)
    if drops:
        print(f"relevance: FAILED: {'; '.join(drops)} (tolerance {TOLERANCE}); "
              f"run scripts/eval --per-query to see which queries got worse",
              file=sys.stderr)
        return 1
    print(f"relevance: ok {figures}")
    return 0
