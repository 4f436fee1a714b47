"""bench.py bundled: psearch and pindex against reference tools on a small corpus (the bundled
articles, or any directory), side by side in one hyperfine run; a Markdown section of the report."""
import os
import re
import shutil
import subprocess
import tempfile

import common
from common import BenchError, ms, note, qjoin, table, yes

QUERIES = ["Epsom salt", "magnesium", "restless legs", "side effects", "dopamine"]


def corpus_of(name):
    """(name, directory) of --corpus NAME|DIR: bundled is corpus/, else a directory."""
    if name == "bundled":
        return name, os.path.join(common.ROOT, "corpus")
    if os.path.isdir(name):
        path = os.path.abspath(name)
        return os.path.basename(path), path
    raise BenchError(f"--corpus {name}: neither a known corpus (bundled, kernel-docs, shards) nor a directory")


def _index(work, bindir):
    """pindex --rebuild on the copy, then the same passages for FTS5 (dump_passages on the files pindex
    reads); returns (pindex's passage count or '?', dump_passages' count)."""
    p = subprocess.run([os.path.join(bindir, "pindex"), "--rebuild", "corpus"], cwd=work,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise BenchError(f"pindex failed on {work}/corpus: {p.stderr.strip()}")
    counts = re.findall(r"; (\d+) passages? in ", p.stderr)
    files = sorted(os.path.relpath(f, work) for f in common.corpus_files(os.path.join(work, "corpus")))
    with open(os.path.join(work, "passages.jsonl"), "w") as out:
        common.run([os.path.join(bindir, "dump_passages")], cwd=work, input="\n".join(files) + "\n",
                   stdout=out, text=True)
    with open(os.path.join(work, "passages.jsonl")) as f:
        dumped = str(sum(1 for line in f if line.strip()))
    pindex_passages = counts[-1] if counts else "?"
    if counts and pindex_passages != dumped:
        note(f"warning: pindex made {pindex_passages} passages, dump_passages {dumped}")
    return pindex_passages, dumped


def _rg_args(query):
    """rg's flags and pattern: the words lower-cased; anything beyond letters, digits and spaces: -F."""
    pat = query.lower()
    plain = pat and all(c.isalnum() or c.isspace() for c in pat)
    return (["-i"] if plain else ["-i", "-F"]), pat


def _commands(work, bindir, queries):
    """[(name, argv)] in the report's order, each run once first (exit 1, no match, is allowed and
    returned in nohit)."""
    psearch, rg, py = os.path.join(bindir, "psearch"), shutil.which("rg"), common.python()
    cmds, nohit = [], []
    for q in queries:
        cmds.append((f"psearch {q}", [psearch, "-n", "10", "--color", "never", q], f"psearch: {q}"))
    for q in queries:
        flags, pat = _rg_args(q)
        cmds.append((f"rg {q}", [rg] + flags + ["--", pat, "corpus/"], f"rg: {pat}"))
    for name, argv, label in cmds:
        p = subprocess.run(argv, cwd=work, stdout=subprocess.DEVNULL)
        if p.returncode > 1:
            raise BenchError(f"{qjoin(argv)} exited {p.returncode}")
        if p.returncode == 1:
            nohit.append(label)
    rest = [("open_index_only", [os.path.join(bindir, "open_index_only"), ".psearch"]),
            ("fts5", [py, common.FTS5_INDEX, "passages.jsonl", "fts5.db"]),
            ("pindex", [os.path.join(bindir, "pindex"), "--rebuild", "corpus"])]
    for name, argv in rest[:2]:
        common.run(argv, cwd=work)
    return [(n, a) for n, a, _ in cmds] + rest, nohit


def _time(work, name, tag, cmds, nohit, opts):
    json_path = os.path.join(work, "hyperfine.json")
    hf = common.hyperfine_cmd(opts, json_path) + (["--ignore-failure"] if nohit else [])
    for n, argv in cmds:
        hf += ["-n", n, qjoin(argv)]
    note(f"corpus {name}: {len(cmds)} commands in one hyperfine run")
    busy = common.cpu_busy()
    log = os.path.join(work, "hyperfine.log")
    common.run_hyperfine(hf, log, cwd=work)  # the commands name corpus/ and .psearch
    shutil.copy(json_path, os.path.join(common.out_dir(), f"hyperfine-{tag}.json"))
    shutil.copy(log, os.path.join(common.out_dir(), f"hyperfine-{tag}.log"))
    return common.medians(json_path), busy


def run(name, src, queries, opts, tmp):
    """Benchmarks one corpus; returns its Markdown section."""
    tag = re.sub(r"_$", "", re.sub(r"[^A-Za-z0-9_.-]", "_", name))
    if not os.path.isdir(src):
        raise BenchError(f"corpus {name}: {src} is not a directory")
    work = tempfile.mkdtemp(prefix=f"{tag}.", dir=tmp)
    shutil.copytree(src, os.path.join(work, "corpus"), symlinks=True)
    bindir = common.bin_dir()
    pindex_passages, dumped = _index(work, bindir)
    cmds, nohit = _commands(work, bindir, queries)
    if nohit:
        note("note: " + "; ".join(f"no match for {x}" for x in nohit))
    med, busy = _time(work, name, tag, cmds, nohit, opts)
    nfiles = len(common.corpus_files(os.path.join(work, "corpus")))
    return report(med, name, src, nfiles, dumped, pindex_passages, queries, busy, nohit)


def _search_tables(med, queries):
    """Tables a. and b.; returns (text, goals line part)."""
    ps = {q: med[f"psearch {q}"] for q in queries}
    rg = {q: med[f"rg {q}"] for q in queries}
    floor, n = med["open_index_only"], len(queries)
    rows, met_a = [], 0
    for q in queries:
        r = ps[q] / rg[q]
        met_a += r <= 1.0
        rows.append([f"`psearch -n 10 '{q}'`", ms(ps[q]), ms(rg[q]), f"{r:.2f}", yes(r <= 1.0)])
    sp, sr = sum(ps.values()), sum(rg.values())
    rows.append([f"all {n} queries (sum)", ms(sp), ms(sr), f"{sp / sr:.2f}", yes(sp <= sr)])
    out = ["### a. psearch vs `rg -i` (goal: ratio <= 1.0)\n", table(["query", "psearch", "rg -i", "ratio", "goal met"], rows)]
    rows, met_b = [], 0
    for q in queries:
        r = ps[q] / floor
        met_b += r <= 1.5
        rows.append([f"`psearch -n 10 '{q}'`", ms(ps[q]), ms(floor), f"{r:.2f}", yes(r <= 1.5)])
    mean = sp / n
    rows.append([f"all {n} queries (mean)", ms(mean), ms(floor), f"{mean / floor:.2f}", yes(mean <= 1.5 * floor)])
    out += ["\n### b. psearch vs `open_index_only .psearch` (goal: ratio <= 1.5)\n",
            table(["query", "psearch", "open-only", "ratio", "goal met"], rows)]
    goals = (f"a. psearch <= rg -i: {met_a}/{n} queries, whole set {'met' if sp <= sr else 'not met'}; "
             f"b. psearch <= 1.5x open-only: {met_b}/{n} queries, mean {'met' if mean <= 1.5 * floor else 'not met'}")
    return "\n".join(out), goals


def report(med, name, src, nfiles, npassages, pindex_passages, queries, busy, nohit):
    fts5, pindex = med["fts5"], med["pindex"]
    out = [f"\n## Corpus `{name}`: {src}\n\n{nfiles} files, {npassages} passages"
           + ("" if pindex_passages == npassages else
              f" from dump_passages, **{pindex_passages} from pindex** (not the same passages)")
           + ". Medians of hyperfine runs (no shell, output to /dev/null); ratio = psearch (or pindex) / reference.\n",
           common.busy_note(busy, extra=" (hyperfine times the commands one after another, so load that "
                            "comes and goes skews the ratios)")]
    searching, goals = _search_tables(med, queries)
    out += [searching,
            "\n### c. `pindex --rebuild` vs SQLite FTS5 of the same passages (goal: pindex < 200 ms)\n",
            table(["indexer", "median", "ratio pindex / FTS5", "goal met"],
                  [["`pindex --rebuild corpus`", ms(pindex), f"{pindex / fts5:.2f}", yes(pindex < 0.2)],
                   ["`python3 scripts/benchsuite/fts5_index.py` (FTS5, porter)", ms(fts5), "", ""]]),
            "\nFTS5's time includes the Python interpreter's start-up; the passages come from "
            "`dump_passages`, made beforehand and not timed.\n"]
    if nohit:
        out.append("No match (exit 1, timed anyway): " + "; ".join(f"`{x}`" for x in nohit) + ".\n")
    out.append(f"**Goals:** {goals}; c. pindex < 0.2 s: {'met' if pindex < 0.2 else 'not met'} ({ms(pindex)}).")
    return "\n".join(out)
