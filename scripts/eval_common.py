"""What scripts/eval's two evaluations share: the error type, running a tool, paths relative to the
corpus, means, and the tables and numbers of the output."""
import math
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOLERANCE = 0.005
TOOLS = ("pindex", "psearch", "dump_passages")


class EvalError(Exception):
    pass


def tools_in(bindir):
    """{name: path} of pindex, psearch and dump_passages in bindir; EvalError if one is missing."""
    tools = {t: os.path.join(bindir, t) for t in TOOLS}
    for t, path in tools.items():
        if not os.access(path, os.X_OK):
            raise EvalError(f"{path} not found: build first (scripts/build)")
    return tools


def run(cmd, cwd=None):
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    except OSError as e:
        raise EvalError(f"cannot run {cmd[0]}: {e}")



def rel_to_corpus(path, corpus, cwd):
    """A hit's or passage's file as a path relative to the corpus directory (judgments use it)."""
    full = os.path.realpath(os.path.join(cwd, path))
    rel = os.path.relpath(full, os.path.realpath(corpus))
    return rel.replace(os.sep, "/")


def mean(xs):
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0


def table(rows, header):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    def fmt(r):
        return "| " + " | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                                 for i, (c, w) in enumerate(zip(r, widths))) + " |"
    sep = "|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":"
                         for i, w in enumerate(widths)) + "|"
    return "\n".join([fmt(header), sep] + [fmt(r) for r in rows])


def snippet(text, n=90):
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 3] + "..."


def floor3(x):
    return math.floor(x * 1000 + 1e-9) / 1000
