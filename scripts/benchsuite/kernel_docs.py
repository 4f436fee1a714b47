"""bench.py kernel-docs: incremental indexing on the kernel's Documentation/ tree, pindex against
Xapian's omindex (xapian-omega) told to read every file as text/plain, as pindex does:
  a. full build into a fresh index: wall time, peak RSS   goal: pindex peak RSS < 100 MB
  b. update, nothing changed (pindex --db DB, no PATH)     goal: <= omindex, target 0.05 s
  c. update after one new article (hyperfine --prepare)    goal: <= omindex, target 0.05 s"""
import os
import shutil
import subprocess
import tempfile

import common
import kernel_docs_report
import kernel_source
from common import BenchError, note, qjoin, shell_words

# omindex reads every file as text/plain, as pindex does: a -G glob wins over the extension table
# and libmagic. (With only -Mrst:text/plain -Mtxt:text/plain it asks libmagic about each .yaml or
# extension-less file on every run, ~4 s even with nothing changed, and skips .py, .sh and .dot.)
# Images are skipped, as pindex skips files holding NUL bytes; both skip symbolic links.
OMINDEX_OPTS = ["--url", "/", "-G*.gif:skip", "-G*.png:skip", "-G*.jpg:skip", "-G*.jpeg:skip",
                "-G*.pdf:skip", "-G*:text/plain"]
ARTICLE = "bench-new-article.rst"

# c.: before each run (warm-ups too), hyperfine --prepare removes the article, re-syncs this tool's
# index quietly and writes a new one (a few paragraphs, a new word each time); the run is the
# update that adds it.
PREPARE = r'''#!/usr/bin/env bash
# bench.py kernel-docs, c.: hyperfine --prepare for TOOL (pindex or omindex).
set -euo pipefail
rm -f @ARTICLE@
case $1 in
  pindex) @PINDEX@ ;;
  omindex) @OMINDEX@ ;;
  *) echo "prepare: unknown tool '$1'" >&2; exit 2 ;;
esac >/dev/null 2>&1
stamp="bench$(date +%s%N)"
cat >@ARTICLE@ <<ARTICLE
=====================================
Notes on writeback tuning ($stamp)
=====================================

This article was written by the psearch benchmark just before an incremental update, to measure
how long an indexer takes to notice one new file among thousands of unchanged ones. The word
$stamp appears only here, so a search for it finds this article and nothing else.

Dirty pages are written back to disk by per-device flusher threads. The thresholds that wake them
are set with vm.dirty_background_ratio and vm.dirty_ratio, or with their byte-based counterparts,
vm.dirty_background_bytes and vm.dirty_bytes; setting one of a pair clears the other.

A lower background threshold starts writeback earlier and keeps bursts short, at the cost of more
frequent, smaller writes. A higher one lets the page cache absorb large bursts, but a process that
dirties memory faster than the device can take it is throttled in balance_dirty_pages().

The expiry interval, vm.dirty_expire_centisecs, bounds how long data may stay dirty in memory, and
vm.dirty_writeback_centisecs sets how often the flusher threads wake up to look for such data.
ARTICLE
'''


def _full_builds(work, docs, pindex_cmd, omindex_cmd):
    """a. Full builds into fresh indexes, once each (omindex -v: its log says what it indexed and
    skipped)."""
    # -v: the report names the files skipped for having no text.
    p = common.gnu_time([pindex_cmd[0], "-v", "--db", pindex_cmd[2], docs], os.path.join(work, "pindex-full.err"))
    with open(os.path.join(work, "pindex-full.err")) as f:
        note(f"kernel-docs: pindex full build: {f.read().strip().splitlines()[-1]} (took {p[0]:.0f} s)")
    o = common.gnu_time([omindex_cmd[0], "-v"] + omindex_cmd[1:], os.path.join(work, "omindex-full.log"),
                        merge=True)
    note(f"kernel-docs: omindex full build took {o[0]:.0f} s")
    return p, o


def _expect_pindex(cmd, summary, what):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise BenchError(f"pindex --db failed: {p.stderr.strip()}")
    if summary not in p.stderr:
        raise BenchError(f"pindex --db {what}: {(p.stderr.strip().splitlines() or [''])[-1]}")


def _unchanged(work, opts, pindex_cmd, omindex_cmd):
    """b. Nothing changed: each checked once, then timed."""
    _expect_pindex(pindex_cmd, " 0 added, 0 changed, 0 removed", "with nothing changed")
    common.run(omindex_cmd, "omindex update", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hf = common.hyperfine_cmd(opts, os.path.join(work, "unchanged.json"), warmup=2, max_runs=30)
    common.run_hyperfine(hf + ["-n", "pindex", qjoin(pindex_cmd), "-n", "omindex", qjoin(omindex_cmd)],
                         os.path.join(work, "unchanged.log"), "kernel-docs: hyperfine, nothing changed")


def _added(work, docs, opts, pindex_cmd, omindex_cmd):
    """c. One new article, written by the prepare script before each run."""
    prepare = os.path.join(work, "prepare.sh")
    with open(prepare, "w") as f:
        f.write(PREPARE.replace("@ARTICLE@", shell_words([os.path.join(docs, ARTICLE)]))
                .replace("@PINDEX@", shell_words(pindex_cmd)).replace("@OMINDEX@", shell_words(omindex_cmd)))
    common.run(["bash", prepare, "pindex"], "prepare.sh pindex")
    _expect_pindex(pindex_cmd, " 1 added, 0 changed, 0 removed", "after adding one article")
    common.run(["bash", prepare, "omindex"], "prepare.sh omindex")
    p = subprocess.run([omindex_cmd[0], "-v"] + omindex_cmd[1:], capture_output=True, text=True)
    if p.returncode != 0:
        raise BenchError("omindex update failed")
    if f'{ARTICLE}" as text/plain ... added' not in p.stdout + p.stderr:
        lines = [x for x in (p.stdout + p.stderr).splitlines() if not x.startswith("[Entering")]
        raise BenchError(f"omindex did not add the new article: {' '.join(lines[:3])}")
    hf = common.hyperfine_cmd(opts, os.path.join(work, "added.json"), warmup=2, max_runs=30)
    prep = qjoin(["bash", prepare])
    common.run_hyperfine(hf + ["--prepare", f"{prep} pindex", "-n", "pindex", qjoin(pindex_cmd),
                               "--prepare", f"{prep} omindex", "-n", "omindex", qjoin(omindex_cmd)],
                         os.path.join(work, "added.log"), "kernel-docs: hyperfine, one article added")


def _keep(work):
    out = common.out_dir()
    for f in ("unchanged.json", "unchanged.log", "added.json", "added.log"):
        shutil.copy(os.path.join(work, f), os.path.join(out, f"hyperfine-kernel-docs-{f}"))
    shutil.copy(os.path.join(work, "omindex-full.log"), os.path.join(out, "kernel-docs-omindex-full.log"))
    shutil.copy(os.path.join(work, "pindex-full.err"), os.path.join(out, "kernel-docs-pindex-full.log"))


def run(opts, tmp):
    """Benchmarks kernel-docs; returns its Markdown section."""
    src = kernel_source.documentation()
    work = tempfile.mkdtemp(prefix="kernel-docs.", dir=tmp)
    docs = os.path.join(work, "Documentation")
    shutil.copytree(src, docs, symlinks=True)  # a copy: the article c. adds never reaches the cache
    pindex_cmd = [os.path.join(common.bin_dir(), "pindex"), "--db", os.path.join(work, "pindex.db")]
    omindex_cmd = [shutil.which("omindex") or "omindex", "--db", os.path.join(work, "omindex.db")] + OMINDEX_OPTS + [docs]
    nfiles = len(common.corpus_files(docs))
    note(f"corpus kernel-docs: {nfiles} files; full builds (about 2 minutes), then two hyperfine runs")
    busy = common.cpu_busy()
    full = _full_builds(work, docs, pindex_cmd, omindex_cmd)
    sizes = (common.du(os.path.join(work, "pindex.db")), common.du(os.path.join(work, "omindex.db")))
    _unchanged(work, opts, pindex_cmd, omindex_cmd)
    _added(work, docs, opts, pindex_cmd, omindex_cmd)
    _keep(work)
    return kernel_docs_report.report(work, kernel_source.TARBALL, kernel_source.version(), nfiles, busy,
                                     qjoin(OMINDEX_OPTS), full, sizes)
