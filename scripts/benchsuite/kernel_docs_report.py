"""The kernel-docs section of the report: what each indexer indexed (from pindex's summary and
omindex -v's log), the full builds, and the two timed updates, against the goals."""
import json
import os
import re
from collections import Counter

import common
from common import mb, secs, table, yes

TARGET = 0.05     # seconds, for b. and c.
MEM_GOAL = 100e6  # bytes, pindex's peak RSS in a.


def _read(work, name):
    with open(os.path.join(work, name), encoding="utf-8", errors="replace") as f:
        return f.read()


def _pindex_indexed(err):
    """(files added, skipped, passages, files skipped for having no text, other warnings) from the
    stderr of pindex -v."""
    m = re.search(r"(\d+) added, (\d+) changed, (\d+) removed, (\d+) unchanged(?:, (\d+) skipped(?: \([^)]*\))?)?; "
                  r"(\d+) passages? in ", err)
    counts = (int(m.group(1)), int(m.group(5) or 0), int(m.group(6))) if m else (None, None, None)
    binary = re.findall(r"^pindex: skipped '([^']*)': ", err, re.M)
    other = [l for l in err.splitlines() if "warning:" in l]
    return counts + (binary, other)


def _omindex_line(line, types, empty, skipped):
    """Files one line of omindex -v's log; False if it is none of its known forms."""
    m = re.match(r'Indexing "(.*)" as (\S+) \.\.\. (.*)$', line)
    if m:
        path, mime, result = m.groups()
        if result in ("added", "updated") or "indexing metadata anyway" in result:
            types[mime] += 1
            if "indexing metadata anyway" in result:
                empty.append(path)
        else:
            skipped.append((path, result.removeprefix("Skipping - ")))
        return True
    m = re.match(r"(?:(.*): )?Skipping - (.*)$", line)
    if not m:
        return False
    path, why = m.groups()
    leaf = re.match(r"Leafname '(.*)' matches pattern: (.*)$", why)
    if leaf:
        path, why = path or leaf.group(1), f"matches -G {leaf.group(2)}:skip"
    skipped.append((path or "?", why))
    return True


def _omindex_indexed(log):
    """(MIME types counted, files with no text, skipped (path, why), other lines) of omindex -v."""
    types, empty, skipped, other = Counter(), [], [], []
    for line in log.splitlines():
        if line.strip() and not line.startswith("[Entering directory"):
            if not _omindex_line(line, types, empty, skipped):
                other.append(line)
    return types, empty, skipped, other


def _what_indexed(work, tarball, version, nfiles, om_opts):
    (added, skipped_n, passages, binary, p_other) = _pindex_indexed(_read(work, "pindex-full.err"))
    types, empty, skipped, o_other = _omindex_indexed(_read(work, "omindex-full.log"))
    docs = os.path.join(work, "Documentation")
    out = [f"\n## Corpus `kernel-docs`: Documentation/ of {tarball} (linux-source-6.1 {version})\n",
           f"{nfiles} files (not counting dot-files). pindex: {added} files indexed, {passages} passages"
           + (f", {skipped_n} skipped" if skipped_n else "")
           + (f" (binary: {', '.join('`' + os.path.relpath(p, docs) + '`' for p in binary)})" if binary else "")
           + f". omindex (`omindex --db DB {om_opts} Documentation`): {sum(types.values())} files indexed ("
           + ", ".join(f"{n} as {t}" for t, n in types.most_common()) + ")"
           + (f", {len(empty)} of them with no text extracted" if empty else "")
           + (f"; skipped {len(skipped)}: " + "; ".join(f"`{p}` ({why})" for p, why in skipped) if skipped else "")
           + ".\n"]
    if p_other or o_other:
        out.append("Other messages: " + "; ".join(f"`{l.strip()}`" for l in (p_other + o_other)[:10]) + ".\n")
    return out


def _hyperfine(work, name):
    with open(os.path.join(work, name), encoding="utf-8") as f:
        res = {r["command"]: r for r in json.load(f)["results"]}
    return res["pindex"], res["omindex"]


def _timed_row(label, p, o):
    r = p["median"] / o["median"]
    n = f"{len(p['times'])}/{len(o['times'])} runs"
    return [f"{label} (median, {n})", secs(p["median"]), secs(o["median"]), f"{r:.2f}",
            f"<= omindex; <= {TARGET * 1000:.0f} ms", f"{yes(r <= 1.0)}; {yes(p['median'] <= TARGET)}"]


def _verdict(p, o):
    r = p["median"] / o["median"]
    return (f"<= omindex {'met' if r <= 1 else 'not met'} ({r:.2f}x), "
            f"{TARGET * 1000:.0f} ms {'met' if p['median'] <= TARGET else 'not met'} ({secs(p['median'])})")


def report(work, tarball, version, nfiles, busy, om_opts, full, sizes):
    """full: ((pindex secs, RSS), (omindex secs, RSS)); sizes: (pindex bytes, omindex bytes)."""
    (p_full, p_rss), (o_full, o_rss) = full
    pu, ou = _hyperfine(work, "unchanged.json")
    pa, oa = _hyperfine(work, "added.json")
    out = _what_indexed(work, tarball, version, nfiles, om_opts)
    out.append(common.busy_note(busy, when="full builds"))
    rows = [["a. full build, wall time (once each)", secs(p_full), secs(o_full), f"{p_full / o_full:.2f}", "", ""],
            ["a. full build, peak RSS", mb(p_rss), mb(o_rss), f"{p_rss / o_rss:.2f}", "pindex < 100 MB",
             yes(p_rss < MEM_GOAL)],
            ["a. index size on disk after full build", mb(sizes[0]), mb(sizes[1]), f"{sizes[0] / sizes[1]:.2f}", "", ""],
            _timed_row("b. update, nothing changed", pu, ou),
            _timed_row("c. update, one article added", pa, oa)]
    out += ["### pindex vs Xapian omindex, the same files\n",
            table(["measurement", "pindex", "omindex", "ratio pindex / omindex", "goal", "goal met"], rows),
            "\nb. and c. time `pindex --db DB` (no PATH: updates the recorded root) and the same omindex "
            "command as the full build, on its own database (hyperfine, no shell). In c. hyperfine's "
            "`--prepare` (not timed) removes the article, re-syncs that tool's index and writes a new "
            "article (five paragraphs, a new word each time). The indexes differ: pindex makes one Xapian "
            "document per passage and stores its text; omindex one per file, storing a 512-byte sample.\n",
            f"**Goals:** a. pindex peak RSS < 100 MB: {'met' if p_rss < MEM_GOAL else 'not met'} ({mb(p_rss)}); "
            f"b. nothing changed: {_verdict(pu, ou)}; c. one article added: {_verdict(pa, oa)}."]
    return "\n".join(out)
