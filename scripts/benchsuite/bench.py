#!/usr/bin/env python3
"""psearch's benchmarks, one entry point (scripts/bench runs it). Method and history:
scripts/benchsuite/README.md. Each subcommand prints a Markdown report with medians, ratios and
the goals (met or not) and writes it to build/bench/results.md (raw hyperfine JSON and logs beside
it; scale writes build/bench/scale.md). PSEARCH_BUILD_DIR (default build/) replaces build/ here.

  bundled      psearch -n 10 vs rg -i and vs open_index_only; pindex --rebuild vs an SQLite FTS5
               table of the same passages; on corpus/ or --corpus DIR (the default subcommand)
  kernel-docs  pindex vs omindex on the kernel's Documentation/: full build, updates (3-6 min)
  shards       psearch over 4 shards on loopback xapian-tcpsrv and as 4 local directories vs one
               local index, after checking they rank alike (1-3 min)
  scale        the kernel's Documentation/ (docs, about 5 min) or whole tree (full, about 40 min)
               against omindex, FTS5, rg -i, quest and the Xapian floor
  all          bundled, kernel-docs, shards and scale --tree docs, in one report

scripts/bench with no subcommand runs bundled, and its old flags still work there:
--kernel-docs, --shards, --scale docs|full and --all add those runs to the same report. What
replaced what: scripts/bench-scale is `bench.py scale`; scripts/bench-kernel-docs.py and
bench-shards.py are kernel_docs_report.py and shards_report.py here; scripts/fts5_index.py and
tests/support/{open_index_only,dump_passages,xapian_floor_index}.cpp moved here (tools/);
scripts/bench-results/ is results/ here.

Exit 0 whether or not the goals are met (this is a report); 2 if something failed (for shards:
also when the shards' results differ from the one local index's).
"""
import argparse
import os
import signal
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ beside the modules in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bundled  # noqa: E402  (beside this script)
import common  # noqa: E402
import kernel_docs  # noqa: E402
import scale  # noqa: E402
import shards  # noqa: E402
from common import BenchError, note  # noqa: E402

SUBCOMMANDS = ("bundled", "kernel-docs", "shards", "scale", "all")


def _timing_options(p, warmup, runs):
    p.add_argument("--warmup", type=int, metavar="N", help=f"hyperfine warm-up runs per command (default {warmup})")
    p.add_argument("--min-runs", type=int, metavar="N", help=f"hyperfine's least runs per command (default {runs[0]})")
    p.add_argument("--max-runs", type=int, metavar="N", help=f"hyperfine's most runs per command (default {runs[1]}; "
                   "within the bounds it runs each command for about 3 s)")
    p.add_argument("--runs", type=int, metavar="N", help="exact runs per command (overrides both; for big corpora)")
    p.add_argument("--no-build", action="store_true", help="use build/bin as it is (default: scripts/build first)")


def _scale_options(p):
    p.add_argument("--tree", action="append", choices=["docs", "full"],
                   help="docs: Documentation/ (~8,900 files); full: the whole tree (~78,000 files, 1.3 GB); "
                   "repeatable; default docs. Extracted once into build/bench/kernel-full/")
    p.add_argument("--no-build", action="store_true", help="use build/bin as it is (default: scripts/build first)")
    p.add_argument("--no-omindex", action="store_true", help="leave omindex (and quest on it) out: slow on full")
    p.add_argument("--jobs", type=int, metavar="N", help="pindex --jobs N (default: pindex's own)")
    p.add_argument("--rounds", type=int, default=1, metavar="N",
                   help="build with pindex, the floor and omindex N times in turn; the build goals' ratios are "
                   "the rounds' median (default 1; the committed Documentation/ tables: 5)")
    p.add_argument("--runs", type=int, default=10, metavar="N",
                   help="hyperfine runs per query command (default 10; rg -i on the full tree: 3)")
    p.add_argument("--query", action="append", metavar="Q", help="replaces the query set (repeatable)")
    p.add_argument("--save", metavar="FILE", help="also write the report to FILE (the committed tables: "
                   "scripts/benchsuite/results/kernel-docs.md and kernel-full.md)")


def _legacy_options(p):
    """scripts/bench's flags before bench.py, kept on bundled: each adds a section to the report."""
    p.add_argument("--kernel-docs", action="append_const", dest="corpus", const="kernel-docs",
                   help="old flag: the same as --corpus kernel-docs (now: bench.py kernel-docs)")
    p.add_argument("--shards", action="append_const", dest="corpus", const="shards",
                   help="old flag: the same as --corpus shards (now: bench.py shards)")
    p.add_argument("--scale", action="append", choices=["docs", "full"], default=[],
                   help="old flag: runs scale --tree docs|full after the corpora, in the same report "
                   "(now: bench.py scale --tree docs|full)")
    p.add_argument("--all", action="store_true", help="old flag: the same as the subcommand all")


def parser():
    ap = argparse.ArgumentParser(prog="bench.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", metavar="SUBCOMMAND")
    b = sub.add_parser("bundled", help="search and indexing on a small corpus (the default)")
    b.add_argument("--corpus", action="append", metavar="NAME|DIR",
                   help="bundled (corpus/, the default), kernel-docs, shards, or a directory of text files; "
                   "repeatable, each gets its own hyperfine run and section")
    b.add_argument("--query", action="append", metavar="Q", help="replaces the query set, shards' too (repeatable)")
    _timing_options(b, 3, (10, 300))
    _legacy_options(b)
    k = sub.add_parser("kernel-docs", help="pindex vs omindex on the kernel's Documentation/")
    _timing_options(k, 2, (10, 30))
    s = sub.add_parser("shards", help="4 remote and 4 local shards vs one index")
    s.add_argument("--query", action="append", metavar="Q", help="replaces the query set (repeatable)")
    _timing_options(s, 3, (10, 300))
    _scale_options(sub.add_parser("scale", help="the kernel trees against every reference (issue 6)"))
    a = sub.add_parser("all", help="bundled, kernel-docs, shards and scale --tree docs")
    a.add_argument("--query", action="append", metavar="Q")
    _timing_options(a, 3, (10, 300))
    return ap


def plan(args):
    """(corpora in order, each once; scale trees) of a bundled, kernel-docs, shards or all run."""
    corpora, trees = list(getattr(args, "corpus", None) or []), list(getattr(args, "scale", []))
    if args.command == "kernel-docs":
        corpora = ["kernel-docs"]
    elif args.command == "shards":
        corpora = ["shards"]
    if args.command == "all" or getattr(args, "all", False):
        corpora += ["bundled", "kernel-docs", "shards"]
        trees.append("docs")
    if not corpora and not trees:
        corpora = ["bundled"]
    return list(dict.fromkeys(corpora)), list(dict.fromkeys(trees))


def _prepare(corpora, no_build):
    """Installs what the corpora need, builds, checks the tools; returns the report's header."""
    search = any(c not in ("kernel-docs", "shards") for c in corpora)
    deps = ["hyperfine", "python3"] + (["ripgrep", "sqlite3"] if search else [])
    if "kernel-docs" in corpora:
        deps += ["linux-source-6.1", "xapian-omega", "time", "xz-utils"]
    if "shards" in corpora:
        deps += ["linux-source-6.1", "xapian-tools", "xz-utils", "iproute2"]
    common.install_deps(deps)
    common.build(not no_build)
    for name in ("pindex", "psearch", "open_index_only", "dump_passages"):
        common.tool(name)
    if search:
        common.check_fts5()
    tools = common.tool_versions(search, "kernel-docs" in corpora, "shards" in corpora)
    return f"# psearch benchmark\n\n{common.utc_now()}; commit {common.commit()}; {common.machine()}; {tools}."


def _section(corpus, args, tmp):
    if corpus == "kernel-docs":
        return kernel_docs.run(args, tmp)
    if corpus == "shards":
        return shards.run(getattr(args, "query", None) or shards.QUERIES, args, tmp)
    name, src = bundled.corpus_of(corpus)
    return bundled.run(name, src, args.query or bundled.QUERIES, args, tmp)


def run_report(args):
    corpora, trees = plan(args)
    parts = [_prepare(corpora, args.no_build)]
    with tempfile.TemporaryDirectory(prefix="psearch-bench.") as tmp:
        for corpus in corpora:
            parts.append(_section(corpus, args, tmp))
    if trees:
        parts.append(scale.run(argparse.Namespace(tree=trees, no_build=True, no_omindex=False, jobs=None,
                                                  rounds=1,
                                                  runs=args.runs or 10, query=getattr(args, "query", None),
                                                  save=None)))
    text = "\n".join(parts) + "\n"
    path = os.path.join(common.out_dir(), "results.md")
    with open(path, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    print(file=sys.stderr)
    note(f"written to {os.path.relpath(path, common.ROOT)}")
    return 0


def main(argv):
    if not argv or argv[0] not in SUBCOMMANDS + ("-h", "--help"):
        argv = ["bundled"] + argv  # scripts/bench alone, or with the old flags
    args = parser().parse_args(argv)
    if args.command == "scale":
        print(scale.run(args))
        return 0
    return run_report(args)


def _exit_on_signal(signum, _frame):
    raise SystemExit(128 + signum)  # unwinds: the servers are stopped, the temporary files removed


if __name__ == "__main__":
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _exit_on_signal)
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as e:
        print(f"bench: error: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
