#!/usr/bin/env python3
"""The kernel-docs section of scripts/bench's report (Markdown on stdout).

Usage: bench-kernel-docs.py WORK TARBALL VERSION NFILES
WORK holds what bench_kernel_docs left there: pindex-full.time and omindex-full.time (GNU time
'%e %M'), pindex-full.err (pindex's warnings and summary), omindex-full.log (omindex -v), pindex.kb
and omindex.kb (index sizes), unchanged.json and added.json (hyperfine, commands named pindex and
omindex). BENCH_BUSY, BENCH_CORES and BENCH_OMINDEX_OPTS come from the environment.
"""
import json
import os
import re
import sys
from collections import Counter

work, tarball, version, nfiles = sys.argv[1:5]
busy, cores = int(os.environ["BENCH_BUSY"]), int(os.environ["BENCH_CORES"])
om_opts = os.environ.get("BENCH_OMINDEX_OPTS", "")
TARGET = 0.05   # seconds, for b. and c.
MEM_GOAL = 100e6  # bytes, pindex's peak RSS in a.


def read(name):
    with open(os.path.join(work, name), encoding="utf-8", errors="replace") as f:
        return f.read()


def gnu_time(name):  # last line of /usr/bin/time -f '%e %M': seconds, peak RSS in KiB
    secs, kib = [line for line in read(name).splitlines() if line.strip()][-1].split()
    return float(secs), int(kib) * 1024


def hyperfine(name):
    res = {r["command"]: r for r in json.loads(read(name))["results"]}
    return res["pindex"], res["omindex"]


def table(head, rows):
    cells = [head] + rows
    w = [max(len(r[i]) for r in cells) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(r)) + " |"
    return "\n".join([line(head), "|" + "|".join("-" * (x + 2) for x in w) + "|"] + [line(r) for r in rows])


def secs(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.1f} s"


mb = lambda b: f"{b / 1e6:.1f} MB"
yes = lambda ok: "**yes**" if ok else "**no**"

# --- what each indexed --------------------------------------------------------------------------
err = read("pindex-full.err")
m = re.search(r"(\d+) added, (\d+) changed, (\d+) removed, (\d+) unchanged(?:, (\d+) skipped)?; (\d+) passages", err)
p_added, p_skipped, p_passages = (int(m.group(1)), int(m.group(5) or 0), int(m.group(6))) if m else (None, None, None)
p_binary = re.findall(r"skipping binary file '([^']*)'", err)
p_other = [l for l in err.splitlines() if "warning:" in l and "skipping binary file" not in l]

o_types, o_empty, o_skipped, o_other = Counter(), [], [], []
for line in read("omindex-full.log").splitlines():
    if not line.strip() or line.startswith("[Entering directory"):
        continue
    m = re.match(r'Indexing "(.*)" as (\S+) \.\.\. (.*)$', line)
    if m:
        path, mime, result = m.groups()
        if result in ("added", "updated"):
            o_types[mime] += 1
        elif "indexing metadata anyway" in result:
            o_types[mime] += 1
            o_empty.append(path)
        else:
            o_skipped.append((path, result.removeprefix("Skipping - ")))
        continue
    m = re.match(r"(?:(.*): )?Skipping - (.*)$", line)
    if m:
        path, why = m.groups()
        leaf = re.match(r"Leafname '(.*)' matches pattern: (.*)$", why)
        if leaf:
            path, why = path or leaf.group(1), f"matches -G {leaf.group(2)}:skip"
        o_skipped.append((path or "?", why))
        continue
    o_other.append(line)
o_indexed = sum(o_types.values())

# --- timings ------------------------------------------------------------------------------------
p_full, p_rss = gnu_time("pindex-full.time")
o_full, o_rss = gnu_time("omindex-full.time")
p_kb, o_kb = int(read("pindex.kb")), int(read("omindex.kb"))
pu, ou = hyperfine("unchanged.json")
pa, oa = hyperfine("added.json")

print(f"\n## Corpus `kernel-docs`: Documentation/ of {tarball} (linux-source-6.1 {version})\n")
print(f"{nfiles} files (not counting dot-files). pindex: {p_added} files indexed, {p_passages} passages"
      + (f", {p_skipped} skipped" if p_skipped else "")
      + (f" (binary: {', '.join('`' + os.path.relpath(p, os.path.join(work, 'Documentation')) + '`' for p in p_binary)})"
         if p_binary else "")
      + f". omindex (`omindex --db DB {om_opts} Documentation`): {o_indexed} files indexed ("
      + ", ".join(f"{n} as {t}" for t, n in o_types.most_common()) + ")"
      + (f", {len(o_empty)} of them with no text extracted" if o_empty else "")
      + (f"; skipped {len(o_skipped)}: " + "; ".join(f"`{p}` ({why})" for p, why in o_skipped) if o_skipped else "")
      + ".\n")
if p_other or o_other:
    print("Other messages: " + "; ".join(f"`{l.strip()}`" for l in (p_other + o_other)[:10]) + ".\n")
if busy > 25:
    print(f"**Busy machine:** other processes used {busy}% of the {cores} cores in the second before the "
          "full builds, so these figures are noisy. Re-run on a quiet machine before drawing conclusions.\n")
else:
    print(f"CPU use by other processes in the second before the full builds: {busy}%.\n")


def timed_row(label, p, o):
    r = p["median"] / o["median"]
    n = f"{len(p['times'])}/{len(o['times'])} runs"
    return [f"{label} (median, {n})", secs(p["median"]), secs(o["median"]), f"{r:.2f}",
            f"<= omindex; <= {TARGET * 1000:.0f} ms",
            f"{yes(r <= 1.0)}; {yes(p['median'] <= TARGET)}"]


rows = [
    ["a. full build, wall time (once each)", secs(p_full), secs(o_full), f"{p_full / o_full:.2f}", "", ""],
    ["a. full build, peak RSS", mb(p_rss), mb(o_rss), f"{p_rss / o_rss:.2f}", "pindex < 100 MB",
     yes(p_rss < MEM_GOAL)],
    ["a. index size on disk after full build", mb(p_kb * 1024), mb(o_kb * 1024), f"{p_kb / o_kb:.2f}", "", ""],
    timed_row("b. update, nothing changed", pu, ou),
    timed_row("c. update, one article added", pa, oa),
]
print("### pindex vs Xapian omindex, the same files\n")
print(table(["measurement", "pindex", "omindex", "ratio pindex / omindex", "goal", "goal met"], rows))
print("\nb. and c. time `pindex --db DB` (no PATH: updates the recorded root) and the same omindex "
      "command as the full build, on its own database (hyperfine, no shell). In c. hyperfine's "
      "`--prepare` (not timed) removes the article, re-syncs that tool's index and writes a new "
      "article (five paragraphs, a new word each time). The indexes differ: pindex makes one Xapian "
      "document per passage and stores its text; omindex one per file, storing a 512-byte sample.\n")


def verdict(p, o):
    r = p["median"] / o["median"]
    return (f"<= omindex {'met' if r <= 1 else 'not met'} ({r:.2f}x), "
            f"{TARGET * 1000:.0f} ms {'met' if p['median'] <= TARGET else 'not met'} ({secs(p['median'])})")


print(f"**Goals:** a. pindex peak RSS < 100 MB: {'met' if p_rss < MEM_GOAL else 'not met'} ({mb(p_rss)}); "
      f"b. nothing changed: {verdict(pu, ou)}; c. one article added: {verdict(pa, oa)}.")
