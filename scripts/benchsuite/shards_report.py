"""The shards section of the report: the check that 4 remotes and 4 local shards rank as the one
local index does, and the tables of the builds and of the timed searches.

check reads WORK/check-I-local.jsonl, -remote.jsonl, -lshards.jsonl (psearch --json --absolute
-n 10 for query I, 0-based); report reads WORK/hyperfine.json (commands named "local I",
"remote I", "lshards I"), WORK/builds.tsv (label, seconds, KiB, pindex's summary line) and
WORK/check.txt (the check's summary)."""
import json
import os
import sys

import common
from common import table

REL = 1e-9  # scores: equal within this relative difference
KINDS = (("remote", "4 remotes (tcp://127.0.0.1)"), ("lshards", "4 local shards"))


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def same_score(a, b):
    return abs(a - b) <= REL * max(abs(a), abs(b), 1e-300)


def check(work, queries):
    problems, nhits = [], 0
    for i, q in enumerate(queries):
        ref = load(os.path.join(work, f"check-{i}-local.jsonl"))
        nhits += len(ref)
        if not ref:
            problems.append(f"'{q}': no hits on the local index (nothing to compare)")
        for kind, label in KINDS:
            got = load(os.path.join(work, f"check-{i}-{kind}.jsonl"))
            if len(got) != len(ref):
                problems.append(f"'{q}': {label}: {len(got)} hits, local index {len(ref)}")
            for r, (a, b) in enumerate(zip(ref, got), 1):
                ka, kb = (a["file"], a["line"], a["end_line"]), (b["file"], b["line"], b["end_line"])
                if ka != kb:
                    problems.append(f"'{q}' rank {r}: {label}: {kb[0]}:{kb[1]}-{kb[2]}, "
                                    f"local index {ka[0]}:{ka[1]}-{ka[2]}")
                elif not same_score(a["score"], b["score"]):
                    problems.append(f"'{q}' rank {r}: {label}: score {b['score']!r}, local index {a['score']!r}")
    for p in problems:
        print(f"bench: shards: DIFFERENT: {p}", file=sys.stderr)
    if problems:
        summary = (f"**Results differ** from the one local index: {len(problems)} differences "
                   f"(see the log).")
    else:
        summary = (f"Same results: for each of the {len(queries)} queries, `psearch --json -n 10` over the 4 "
                   f"remotes and over the 4 local shards returns the same (file, line, end_line) in the same "
                   f"order as the one local index ({nhits} hits in all), scores equal within {REL:g} relative.")
    with open(os.path.join(work, "check.txt"), "w", encoding="utf-8") as f:
        f.write(summary + "\n")
    print("bench: shards: " + summary.replace("`", "").replace("**", ""), file=sys.stderr)
    return 1 if problems else 0


def _builds_table(work):
    rows = []
    with open(os.path.join(work, "builds.tsv"), encoding="utf-8") as f:
        for label, secs, kib, summary in (l.rstrip("\n").split("\t") for l in f):
            rows.append([label, f"{float(secs):.2f} s", f"{int(kib) / 1024:.1f} MB", f"`{summary}`"])
    return table(["index", "wall time", "index size", "pindex's summary"], rows)


def _search_table(med, queries, n):
    ms = common.ms
    rows, sums = [], {"local": 0.0, "remote": 0.0, "lshards": 0.0}
    for i, q in enumerate(queries):
        t = {k: med[f"{k} {i}"] for k in sums}
        for k in sums:
            sums[k] += t[k]
        rows.append([f"`psearch -n 10 '{q}'`", ms(t["local"]), ms(t["remote"]), ms(t["lshards"]),
                     f"{t['remote'] / t['local']:.2f}", f"{t['lshards'] / t['local']:.2f}"])
    rows.append([f"all {len(queries)} queries (sum)", ms(sums["local"]), ms(sums["remote"]), ms(sums["lshards"]),
                 f"{sums['remote'] / sums['local']:.2f}", f"{sums['lshards'] / sums['local']:.2f}"])
    return table(["query", "local index", f"{n} remotes", f"{n} local shards", "remote / local",
                  "local shards / local"], rows)


def report(work, tarball, version, nfiles, queries, busy, n):
    """The Markdown section, from what run() and check() left in work."""
    med = common.medians(os.path.join(work, "hyperfine.json"))
    with open(os.path.join(work, "check.txt"), encoding="utf-8") as f:
        checked = f.read().strip() + "\n"
    return "\n".join([
        f"\n## Shards: `Documentation/` of linux-source-6.1 in {n} shards on loopback remotes\n",
        f"{nfiles} files from `{tarball}` (linux-source-6.1 {version}), indexed once as one local index "
        f"and once as {n} shards (`pindex --shard K/{n}`); each shard served by its own `xapian-tcpsrv "
        f"--interface 127.0.0.1` (Xapian's remote backend over loopback TCP). Medians of hyperfine runs "
        f"(no shell, output to /dev/null) of `psearch -n 10 QUERY` with `--db LOCAL`, with "
        f"`--db tcp://127.0.0.1:PORT` x {n}, and with the {n} shard indexes as local `--db` directories; "
        f"ratio = the shards' median / the local index's.\n",
        common.busy_note(busy), checked,
        "### Index builds (`pindex --db DIR [--shard K/N] ROOT`, fresh, default `-j`)\n", _builds_table(work),
        f"\n### psearch: one local index vs {n} remote shards vs {n} local shards\n", _search_table(med, queries, n),
        "\nThe local runs also check each printed hit's file for changes since it was indexed (stale "
        "hits); a remote shard's files are not checked (they are on its machine). Each remote run "
        f"opens {n} TCP connections, and each `xapian-tcpsrv` forks a child per connection.\n"])
