"""bench.py shards: the kernel's Documentation/ indexed once as one local index and once as 4 shards
(pindex --shard K/4), each shard served by its own xapian-tcpsrv on 127.0.0.1. First a check,
whose failure fails the bench: psearch --json -n 10 over the 4 remotes and over the 4 shards as
local directories gives the same hits in the same order as the one local index. Then one hyperfine
run of the three ways of searching."""
import os
import re
import socket
import subprocess
import tempfile
import time

import common
import kernel_source
import shards_report
from common import BenchError, note, qjoin

QUERIES = ["memory barrier", "interrupt handler", "device tree binding", "spin_lock", "power management"]
NSHARDS = 4
KINDS = ("local", "remote", "lshards")


def _free_port():
    """A free TCP port on 127.0.0.1, as the kernel hands them out (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(proc, port):
    """Whether proc is the one listening on port (ss) and the port accepts connections."""
    ss = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True).stdout
    if f"pid={proc.pid}," not in ss:
        return False
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


class Servers:
    """xapian-tcpsrv processes, stopped on exit whatever the exit. Each runs in a session of its own
    (start_new_session), whose process group id is its pid: on SIGTERM, xapian-tcpsrv passes the
    signal on to its whole process group (kill(0, SIGTERM)), which would otherwise be bench.py's.
    Stopped by that group's id: the server and the children it forked for connections."""

    def __init__(self):
        self.procs = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        for p in self.procs:
            try:
                os.killpg(p.pid, 15)
            except ProcessLookupError:
                pass
            p.wait()
        self.procs = []

    def start(self, index, log):
        """Serves index on a free port of 127.0.0.1; returns the port. Another process may take the
        port between _free_port and the bind (xapian-tcpsrv then exits): another port is tried."""
        for attempt in range(1, 6):
            port = _free_port()
            with open(log, "w") as f:
                proc = subprocess.Popen(["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port), index],
                                        stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
            self.procs.append(proc)
            for _ in range(100):  # up to 10 s
                if proc.poll() is not None:
                    break
                if _listening(proc, port):
                    return port
                time.sleep(0.1)
            self.procs.pop()
            try:
                os.killpg(proc.pid, 15)
            except ProcessLookupError:
                pass
            proc.wait()
            with open(log) as f:
                last = (f.read().strip().splitlines() or [""])[-1]
            note(f"shards: xapian-tcpsrv on port {port} did not start (try {attempt}): {last}")
        raise BenchError(f"xapian-tcpsrv {index}: no port worked in 5 tries (log: {log})")


def _build(work, label, db, args):
    """A fresh index with pindex, timed (wall clock); appends label, seconds, KiB and pindex's
    summary line to work/builds.tsv; returns (files, passages) from that line."""
    t0 = time.monotonic()
    p = subprocess.run([os.path.join(common.bin_dir(), "pindex"), "--db", db] + args, capture_output=True, text=True)
    t = time.monotonic() - t0
    if p.returncode != 0:
        raise BenchError(f"pindex --db {db} {' '.join(args)} failed: {p.stderr.strip()}")
    summary = ([l for l in p.stderr.splitlines() if re.match(r"pindex: \d+ added", l)] or [""])[-1]
    if not summary:
        raise BenchError(f"pindex --db {db}: no summary line: {p.stderr.strip()[-200:]}")
    files = int(re.match(r"pindex: (\d+) added", summary).group(1))
    passages = int(re.search(r"; (\d+) passages? in ", summary).group(1))
    with open(os.path.join(work, "builds.tsv"), "a") as f:
        f.write(f"{label}\t{t:.2f}\t{common.du(db) // 1024}\t{summary}\n")
    note(f"shards: built {label} in {t:.2f} s: {summary}")
    return files, passages


def _build_all(work, docs):
    """The indexes: one of the whole tree, and the shards, which together hold the same files."""
    open(os.path.join(work, "builds.tsv"), "w").close()
    whole = _build(work, "local index", os.path.join(work, "local.psearch"), [docs])
    parts = [_build(work, f"shard {k}/{NSHARDS}", os.path.join(work, f"shard{k}.psearch"),
                    ["--shard", f"{k}/{NSHARDS}", docs]) for k in range(1, NSHARDS + 1)]
    summed = (sum(p[0] for p in parts), sum(p[1] for p in parts))
    if summed != whole:
        raise BenchError(f"the {NSHARDS} shards hold {summed[0]} files, {summed[1]} passages; "
                         f"the local index {whole[0]}, {whole[1]}")


def _check(work, dbs, queries):
    """The same hits, in the same order, with the same scores, every way (exit 1 = no hits)."""
    psearch = os.path.join(common.bin_dir(), "psearch")
    for i, q in enumerate(queries):
        for kind in KINDS:
            with open(os.path.join(work, f"check-{i}-{kind}.jsonl"), "w") as out:
                p = subprocess.run([psearch, "--json", "--absolute", "-n", "10"] + dbs[kind] + [q],
                                   stdout=out, stderr=subprocess.PIPE, text=True)
            if p.returncode > 1:
                raise BenchError(f"psearch ({kind}) {qjoin([q])} exited {p.returncode}: {p.stderr.strip()}")
    if shards_report.check(work, queries) != 0:
        raise BenchError("shards: the shards' results differ from the one local index's (above)")


def _time(work, dbs, queries, opts):
    """One hyperfine run: per query, the local index, the remotes, the local shards."""
    hf = common.hyperfine_cmd(opts, os.path.join(work, "hyperfine.json"))
    psearch = os.path.join(common.bin_dir(), "psearch")
    for i, q in enumerate(queries):
        for kind in KINDS:
            hf += ["-n", f"{kind} {i}", qjoin([psearch, "-n", "10", "--color", "never"] + dbs[kind] + [q])]
    note(f"corpus shards: {3 * len(queries)} commands in one hyperfine run")
    busy = common.cpu_busy()
    common.run_hyperfine(hf, os.path.join(work, "hyperfine.log"), "shards: hyperfine")
    return busy


def _keep(work):
    out = common.out_dir()
    for src, dst in (("hyperfine.json", "hyperfine-shards.json"), ("hyperfine.log", "hyperfine-shards.log"),
                     ("builds.tsv", "shards-builds.tsv")):
        with open(os.path.join(work, src), "rb") as f, open(os.path.join(out, dst), "wb") as g:
            g.write(f.read())


def run(queries, opts, tmp):
    """Benchmarks the shards; returns their Markdown section."""
    docs = kernel_source.documentation()  # read only: indexed where it was extracted
    work = tempfile.mkdtemp(prefix="shards.", dir=tmp)
    nfiles = len(common.corpus_files(docs))
    note(f"corpus shards: {nfiles} files; one index and {NSHARDS} shards (about 1 minute), "
         "then a check and one hyperfine run")
    _build_all(work, docs)
    dbs = {"local": ["--db", os.path.join(work, "local.psearch")], "remote": [], "lshards": []}
    with Servers() as servers:
        for k in range(1, NSHARDS + 1):
            port = servers.start(os.path.join(work, f"shard{k}.psearch"), os.path.join(work, f"tcpsrv{k}.log"))
            dbs["remote"] += ["--db", f"tcp://127.0.0.1:{port}"]
            dbs["lshards"] += ["--db", os.path.join(work, f"shard{k}.psearch")]
        note(f"shards: xapian-tcpsrv on 127.0.0.1 (pids {' '.join(str(p.pid) for p in servers.procs)})")
        _check(work, dbs, queries)
        busy = _time(work, dbs, queries, opts)
    _keep(work)
    return shards_report.report(work, kernel_source.TARBALL, kernel_source.version(), nfiles, queries, busy, NSHARDS)
