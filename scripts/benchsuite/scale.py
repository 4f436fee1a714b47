"""bench.py scale (issue 6): indexing and searching the Linux kernel's Documentation/ tree (docs)
and its whole source tree (full), psearch side by side with reference tools.

Per tree, in one run:
  indexing, each into a fresh index (GNU time: wall seconds, peak RSS); pindex, the floor and
  omindex --rounds N times in turn (default once), the goals' ratios then the rounds' median:
    pindex ROOT (a fresh build: threads, then compaction)
    omindex --db DB ROOT, every file read as text/plain as pindex does (images skipped)
    FTS5: dump_passages (pindex's own splitter, so the same passages) | fts5_index.py (SQLite FTS5,
          porter, heading and text indexed, file/line stored): the table alone and both together
    Xapian floor: xapian_floor_index on the same passages: stems with positions only, no term
          lists, one thread, compacted: what Xapian 1.4 itself costs for these passages
  searching, hyperfine -N per query (medians; psearch and quest on the floor's index --rounds N
  times in turn, their ratio then the rounds' median):
    psearch -n 10 Q  |  open_index_only  |  rg -i --no-ignore Q ROOT  |  quest -m 10 Q (omindex's
    index)  |  sqlite3 FTS5 MATCH of Q's words OR-ed, bm25, LIMIT 10  |  quest on the floor's index
  one file added (with omindex), hyperfine --prepare as bench.py kernel-docs c. does it: the
    update of pindex's and omindex's index that adds a new article to the tree (medians)"""
import json
import os
import shutil
import re
import subprocess
import tempfile

import common
import kernel_docs
import kernel_source
from common import BenchError, mb, note, table

QUERIES = ["memory barrier", "page cache writeback", "interrupt handler", "spinlock", "device tree binding"]


def secs(s):
    return common.secs(s, 2)


def _fts5_match(query):
    return " OR ".join('"%s"' % w for w in re.findall(r"\w+", query))


def _hyperfine(commands, runs, json_path):
    """{name: median seconds}; one hyperfine call per command, so each has its own number of runs
    (-i: rg and quest exit 1 when nothing matches)."""
    results = {}
    for name, (argv, n) in commands.items():
        path = f"{json_path}.{name}.json"
        p = subprocess.run(["hyperfine", "-N", "--style", "none", "--warmup", "1", "--runs", str(n or runs),
                            "-i", "--export-json", path, "-n", name, common.qjoin(argv)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise BenchError(f"hyperfine {name}: {p.stderr.strip()[-300:]}")
        with open(path) as f:
            results[name] = json.load(f)["results"][0]["median"]
    return results


def _one_round(name, src, args, work, listing):
    """pindex, the floor (dump_passages + xapian_floor_index) and omindex, once each, each into a
    fresh index: {indexer: (seconds, peak RSS, index bytes)}; the passages are left in
    passages.jsonl for FTS5."""
    bindir, t = common.bin_dir(), {}
    pdb, odb, xdb = (os.path.join(work, x) for x in ("pindex.db", "omindex.db", "floor.db"))
    for db in (pdb, odb, xdb):
        shutil.rmtree(db, ignore_errors=True)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    note(f"{name}: pindex full build")
    # --no-ignore: the tree sits in build/, inside this project's git work tree, where the
    # kernel's own .gitignore (Debian's "/*") ignores its whole top level
    t["pindex"] = common.gnu_time([os.path.join(bindir, "pindex"), "--db", pdb, "--no-ignore"] + jobs + [src],
                                  os.path.join(work, "pindex.log")) + (common.du(pdb),)
    with open(os.path.join(work, "pindex.log")) as f:
        summary = f.read().strip().splitlines()[-1]
    note(f"{name}: pindex {secs(t['pindex'][0])}, {mb(t['pindex'][1])} peak; {summary}")
    note(f"{name}: Xapian floor (dump_passages, xapian_floor_index)")
    with open(listing) as stdin, open(os.path.join(work, "passages.jsonl"), "w") as stdout:
        t["dump"] = common.gnu_time([os.path.join(bindir, "dump_passages")], os.path.join(work, "dump.log"),
                                    stdin, stdout) + (0,)
    t["floor"] = common.gnu_time([os.path.join(bindir, "xapian_floor_index"), os.path.join(work, "passages.jsonl"),
                                  xdb], os.path.join(work, "floor.log")) + (common.du(xdb),)
    if not args.no_omindex:
        note(f"{name}: omindex full build")
        t["omindex"] = common.gnu_time(["omindex", "--db", odb] + kernel_docs.OMINDEX_OPTS + [src],
                                       os.path.join(work, "omindex.log")) + (common.du(odb),)
    return t


def _build_indexes(name, src, files, args, work):
    """The timed builds args.rounds times in turn, FTS5 and the floor with term lists once:
    {indexer: [(seconds, peak RSS, index bytes) of each round]}."""
    listing, passages = os.path.join(work, "files.txt"), os.path.join(work, "passages.jsonl")
    with open(listing, "w") as f:
        f.write("\n".join(files) + "\n")
    t = {}
    for k in range(args.rounds):
        if args.rounds > 1:
            note(f"{name}: builds, round {k + 1} of {args.rounds}")
        for indexer, measured in _one_round(name, src, args, work, listing).items():
            t.setdefault(indexer, []).append(measured)
    note(f"{name}: FTS5 (fts5_index.py)")
    fdb = os.path.join(work, "fts5.db")
    t["fts5"] = [common.gnu_time([common.python(), common.FTS5_INDEX, passages, fdb],
                                 os.path.join(work, "fts5.log")) + (os.path.getsize(fdb),)]
    if name == "docs":  # a second floor run: minutes more on the whole tree
        note(f"{name}: Xapian floor with term lists (xapian_floor_index --term-lists)")
        tdb = os.path.join(work, "floor-tl.db")
        t["floor-tl"] = [common.gnu_time([os.path.join(common.bin_dir(), "xapian_floor_index"), "--term-lists",
                                          passages, tdb], os.path.join(work, "floor-tl.log")) + (common.du(tdb),)]
        shutil.rmtree(tdb)
    os.remove(passages)
    return t


def _median(values):
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def _ratio(ratios):
    """A ratio of one round, or the median of the rounds' with their range."""
    text = f"{_median(ratios):.2f}x"
    return text if len(ratios) == 1 else f"{text} (median of {len(ratios)} rounds; {min(ratios):.2f}-{max(ratios):.2f}x)"


def _goal(ratios, text, met):
    """A goal's line: the rounds' ratio (_ratio) and whether met(their median) holds."""
    return f"- {text}: {_ratio(ratios)} (goal {'met' if met(_median(ratios)) else 'NOT met'})"


def _indexing(name, in_bytes, t):
    """The indexing table (each indexer's median time) and issue 23's goals (the median of the
    rounds' ratios: each round's builds ran one after the other, so a drift of the machine's speed
    moves both sides of a ratio)."""
    med = {k: tuple(_median([r[i] for r in v]) for i in range(3)) for k, v in t.items()}
    floor_rounds = [d[0] + x[0] for d, x in zip(t["dump"], t["floor"])]
    (p_secs, p_rss, p_size), (d_secs, d_rss, _), (f_secs, f_rss, f_size), (x_secs, x_rss, x_size) = (
        med["pindex"], med["dump"], med["fts5"], med["floor"])
    rate = lambda s: f"{in_bytes / s / 1e6:.2f} MB/s"
    row = lambda label, s, rss, size: [label, secs(s), rate(s), mb(rss), mb(size), f"{size / in_bytes:.1f}x"]
    floor_secs = _median(floor_rounds)
    rows = [row("pindex (fresh build)", p_secs, p_rss, p_size),
            row("FTS5 table (fts5_index.py)", f_secs, f_rss, f_size),
            row("FTS5 script (dump_passages + fts5_index.py)", d_secs + f_secs, max(d_rss, f_rss), f_size),
            row("Xapian floor (dump_passages + xapian_floor_index)", floor_secs, max(d_rss, x_rss), x_size)]
    if "floor-tl" in med:
        rows.append(row("Xapian floor with term lists (--term-lists)", d_secs + med["floor-tl"][0],
                        max(d_rss, med["floor-tl"][1]), med["floor-tl"][2]))
    if "omindex" in med:
        rows.append(row("omindex", *med["omindex"]))
    rounds = len(t["pindex"])
    floor_goal = 0.8 if name == "docs" else 1.0
    to_floor = [p[0] / f for p, f in zip(t["pindex"], floor_rounds)]
    out = ["### Indexing", "", (f"Each build {rounds} times, in turn; medians." if rounds > 1 else "Each build once."),
           "", table(["indexer", "wall", "throughput", "peak RSS", "index", "index / input"], rows), "",
           _goal(to_floor, f"pindex's time / the floor's (goal <= {floor_goal})", lambda r: r <= floor_goal),
           _goal([p_size / f_size], "index size / the FTS5 table's (goal <= 1.3)", lambda r: r <= 1.3)]
    if "omindex" in t:
        to_omindex = [o[0] / p[0] for o, p in zip(t["omindex"], t["pindex"])]
        out.append(_goal(to_omindex, "throughput / omindex's (goal >= 1.5)", lambda r: r >= 1.5))
    out.append(f"- pindex against the FTS5 script: {p_secs / (d_secs + f_secs):.2f}x its time; the floor against "
               f"it: {floor_secs / (d_secs + f_secs):.2f}x its time, {x_size / f_size:.2f}x its size; pindex "
               f"against the floor: {p_size / x_size:.2f}x its size")
    if "floor-tl" in med:
        tl_secs, tl_size = d_secs + med["floor-tl"][0], med["floor-tl"][2]
        out.append(f"- the floor with term lists: {tl_secs / floor_secs:.2f}x the floor's time, "
                   f"{tl_size / f_size:.2f}x the FTS5 table's size; pindex against it: {p_secs / tl_secs:.2f}x its "
                   f"time, {p_size / tl_size:.2f}x its size")
    if name == "full":
        out.append(f"- peak memory {mb(p_rss)} (goal < 150 MB: {'met' if p_rss < 150e6 else 'NOT met'})")
    return out + [""]


def _query_commands(name, src, q, work, with_omindex):
    bindir, pdb = common.bin_dir(), os.path.join(work, "pindex.db")
    match = _fts5_match(q).replace("'", "''")
    cmds = {"psearch": ([os.path.join(bindir, "psearch"), "--db", pdb, "-n", "10", "--", q], None),
            "open-only": ([os.path.join(bindir, "open_index_only"), pdb], None),
            # --no-ignore: the tree sits in build/, which .gitignore names
            "rg": (["rg", "-i", "--no-ignore", "--", q, src], 3 if name == "full" else None),
            "sqlite3": (["sqlite3", os.path.join(work, "fts5.db"), "SELECT file, line FROM passages WHERE passages "
                         f"MATCH '{match}' ORDER BY bm25(passages) LIMIT 10"], None)}
    if with_omindex:
        cmds["quest"] = (["quest", "-d", os.path.join(work, "omindex.db"), "-m", "10", "--", q], None)
    cmds["quest-floor"] = (["quest", "-d", os.path.join(work, "floor.db"), "-m", "10", "--", q], None)
    return cmds


def _to_quest(name, src, q, work, with_omindex, m, args):
    """psearch / quest on the floor's index for q: from m, and with --rounds N from N - 1 more
    timings of the two in turn, the median of the rounds' ratios."""
    ratios = [m["psearch"] / m["quest-floor"]]
    pair = {k: v for k, v in _query_commands(name, src, q, work, with_omindex).items() if k in ("psearch", "quest-floor")}
    for _ in range(args.rounds - 1):
        again = _hyperfine(pair, args.runs, os.path.join(work, "q"))
        ratios.append(again["psearch"] / again["quest-floor"])
    return ratios


def _searching(name, src, args, work, with_omindex):
    """The searching table (each query timed against each reference) and its goals."""
    rows, worst_open, worst_sqlite, worst_rg, worst_quest, paired = [], 0.0, 0.0, None, 0.0, []
    cell = lambda m, k, ps, d=2: f"{secs(m[k])} ({ps / m[k]:.{d}f}x)"
    for q in args.query or QUERIES:
        note(f"{name}: queries: {q}")
        m = _hyperfine(_query_commands(name, src, q, work, with_omindex), args.runs, os.path.join(work, "q"))
        ps = m["psearch"]
        worst_open = max(worst_open, ps / m["open-only"])
        worst_sqlite = max(worst_sqlite, ps / m["sqlite3"])
        worst_rg = min(worst_rg or 1e9, m["rg"] / ps)
        to_quest = _to_quest(name, src, q, work, with_omindex, m, args)
        worst_quest = max(worst_quest, _median(to_quest))
        paired.append(f"{q} {_ratio(to_quest)}")
        rows.append([q, secs(ps), cell(m, "open-only", ps), cell(m, "sqlite3", ps), cell(m, "rg", ps, 3)]
                    + ([cell(m, "quest", ps)] if "quest" in m else []) + [cell(m, "quest-floor", ps)])
    head = (["query", "psearch -n 10", "open index only", "sqlite3 FTS5", "rg -i"]
            + (["quest (omindex)"] if with_omindex else []) + ["quest (Xapian floor)"])
    out = ["### Searching (medians; psearch's time / the reference's in brackets)", "", table(head, rows), "",
           f"- psearch / quest on the floor's index: at most {worst_quest:.2f}x (goal <= 2 on every query: "
           f"{'met' if worst_quest <= 2 else 'NOT met'})" + (f"; per query: {'; '.join(paired)}" if args.rounds > 1 else ""),
           f"- psearch / open-only: at most {worst_open:.2f}x; psearch / sqlite3 FTS5: at most {worst_sqlite:.2f}x"]
    if name == "full":
        out.append(f"- rg -i / psearch: at least {worst_rg:.0f}x (goal >= 30 on every query: "
                   f"{'met' if worst_rg >= 30 else 'NOT met'})")
    else:
        out.append(f"- rg -i / psearch: at least {worst_rg:.1f}x")
    return out + [""]


def _one_file_added(name, src, args, work):
    """Issue 23's update goal: pindex's and omindex's time to add one new file to their index of
    the tree (the article is written into the tree and removed after, even on failure)."""
    article = os.path.join(src, kernel_docs.ARTICLE)
    pindex_cmd = [os.path.join(common.bin_dir(), "pindex"), "--db", os.path.join(work, "pindex.db")]
    omindex_cmd = ["omindex", "--db", os.path.join(work, "omindex.db")] + kernel_docs.OMINDEX_OPTS + [src]
    prepare = os.path.join(work, "prepare.sh")
    with open(prepare, "w") as f:
        f.write(kernel_docs.PREPARE.replace("@ARTICLE@", common.shell_words([article]))
                .replace("@PINDEX@", common.shell_words(pindex_cmd))
                .replace("@OMINDEX@", common.shell_words(omindex_cmd)))
    note(f"{name}: one file added, pindex and omindex (hyperfine --prepare)")
    path, prep = os.path.join(work, "added.json"), common.qjoin(["bash", prepare])
    try:
        common.run_hyperfine(["hyperfine", "-N", "--style", "basic", "--warmup", "2", "--runs", str(args.runs),
                              "--export-json", path, "--prepare", f"{prep} pindex", "-n", "pindex",
                              common.qjoin(pindex_cmd), "--prepare", f"{prep} omindex", "-n", "omindex",
                              common.qjoin(omindex_cmd)], os.path.join(work, "added.log"), f"{name}: one file added")
    finally:
        if os.path.exists(article):
            os.remove(article)
    with open(path) as f:
        m = {r["command"]: r["median"] for r in json.load(f)["results"]}
    p, o = m["pindex"], m["omindex"]
    return ["### One file added (hyperfine medians)", "",
            f"- pindex {secs(p)}, omindex {secs(o)}: {p / o:.2f}x omindex's time "
            f"(goal <= 1: {'met' if p <= o else 'NOT met'})", ""]


def bench_tree(name, src, args, work):
    stale = os.path.join(src, kernel_docs.ARTICLE)  # left by a run killed while adding it
    if os.path.exists(stale):
        os.remove(stale)
    files = common.corpus_files(src)
    in_bytes = sum(os.path.getsize(f) for f in files)
    note(f"{name}: {len(files)} files, {mb(in_bytes)}")
    t = _build_indexes(name, src, files, args, work)
    out = [f"## {name}: {src}", "", f"{len(files)} files, {mb(in_bytes)} of input.", ""]
    out += _indexing(name, in_bytes, t)
    out += _searching(name, src, args, work, "omindex" in t)
    if "omindex" in t:
        out += _one_file_added(name, src, args, work)
    return "\n".join(out)


def run(args):
    """Benchmarks each tree of args.tree; returns the report (also written to build/bench/scale.md
    and to --save FILE)."""
    common.install_deps(["hyperfine", "ripgrep", "sqlite3", "time", "xz-utils", "linux-source-6.1",
                         "xapian-omega", "xapian-tools"])
    common.build(not args.no_build)
    for name in ("pindex", "psearch", "dump_passages", "open_index_only", "xapian_floor_index"):
        common.tool(name)
    tree = kernel_source.full_tree()
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    report = ["# psearch at scale", "",
              f"{common.utc_now()}; commit {common.commit()}; {os.cpu_count()} cores; "
              f"load average {load} at the start.", ""]
    with tempfile.TemporaryDirectory(prefix="psearch-bench-scale.") as work:
        for name in dict.fromkeys(args.tree or ["docs"]):
            wdir = os.path.join(work, name)
            os.makedirs(wdir)
            src = os.path.join(tree, "Documentation") if name == "docs" else tree
            report.append(bench_tree(name, src, args, wdir))
    text = "\n".join(report)
    for path in [os.path.join(common.out_dir(), "scale.md")] + ([args.save] if args.save else []):
        with open(path, "w") as f:
            f.write(text + "\n")
    return text
