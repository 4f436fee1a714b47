"""What every benchmark shares: messages and errors, the tools and the build, hyperfine, GNU time,
the machine's load, and the Markdown tables and units of the reports."""
import json
import os
import platform
import shlex
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
FTS5_INDEX = os.path.join(HERE, "fts5_index.py")


class BenchError(Exception):
    """Something could not run: bench.py prints it in one line and exits 2."""


def note(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def build_dir():
    return os.environ.get("PSEARCH_BUILD_DIR", os.path.join(ROOT, "build"))


def bin_dir():
    return os.path.join(build_dir(), "bin")


def out_dir():
    path = os.path.join(build_dir(), "bench")
    os.makedirs(path, exist_ok=True)
    return path


def tool(name):
    """The path of a binary the build made (build/bin), or BenchError."""
    path = os.path.join(bin_dir(), name)
    if not os.access(path, os.X_OK):
        raise BenchError(f"{path} is missing (run scripts/build)")
    return path


def install_deps(packages):
    subprocess.run([os.path.join(ROOT, "scripts", "install-deps")] + list(packages), check=True)


def build(wanted):
    """scripts/build, unless --no-build; its output goes to stderr (stdout is the report)."""
    if not wanted:
        return
    t0 = time.monotonic()
    subprocess.run([os.path.join(ROOT, "scripts", "build")], check=True, stdout=sys.stderr)
    note(f"build took {time.monotonic() - t0:.0f} s")


def python():
    """The interpreter itself, not a wrapper (a pyenv shim would add its own start-up to FTS5's
    time)."""
    return sys.executable


def check_fts5():
    try:
        sqlite3.connect(":memory:").execute(
            "CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter')")
    except sqlite3.Error:
        raise BenchError(f"{python()}: its sqlite3 module has no FTS5")


def run(cmd, what=None, **kw):
    """Runs cmd; BenchError naming it (and its stderr, when captured) if it exits non-zero."""
    p = subprocess.run(cmd, **kw)
    if p.returncode != 0:
        err = (p.stderr or "").strip() if isinstance(p.stderr, str) else ""
        raise BenchError(f"{what or os.path.basename(cmd[0])} exited {p.returncode}"
                         + (f": {err[-300:]}" if err else ""))
    return p


def cpu_busy():
    """CPU use by everything on the machine over one second, in percent (before timing: how busy
    it is)."""
    def sample():
        with open("/proc/stat") as f:
            return [int(x) for x in f.readline().split()[1:9]]
    a = sample()
    time.sleep(1)
    b = sample()
    d = [y - x for x, y in zip(a, b)]
    total, idle = sum(d), d[3] + d[4]
    return 100 * (total - idle) // total if total > 0 else 0


def busy_note(busy, when="run", extra=""):
    """The report's line on the machine's load before timing."""
    if busy > 25:
        return (f"**Busy machine:** other processes used {busy}% of the {os.cpu_count()} cores in the "
                f"second before the {when}, so these figures are noisy{extra}. Re-run on a quiet "
                "machine before drawing conclusions.\n")
    return f"CPU use by other processes in the second before the {when}: {busy}%.\n"


def qjoin(words):
    """Quotes each word for hyperfine -N (POSIX shell-word syntax, no shell is run)."""
    return " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)


def hyperfine_cmd(opts, json_path, warmup=3, min_runs=10, max_runs=300):
    """hyperfine -N with the user's --warmup/--runs/--min-runs/--max-runs, else these defaults."""
    hf = ["hyperfine", "-N", "--style", "basic", "--warmup", str(opts.warmup or warmup),
          "--export-json", json_path]
    if opts.runs:
        return hf + ["--runs", str(opts.runs)]
    return hf + ["--min-runs", str(opts.min_runs or min_runs), "--max-runs", str(opts.max_runs or max_runs)]


def run_hyperfine(cmd, log, what="hyperfine", cwd=None):
    """Runs a hyperfine command line in cwd with its output in log; BenchError with the log if it
    fails."""
    t0 = time.monotonic()
    with open(log, "w") as f:
        p = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=cwd)
    if p.returncode != 0:
        with open(log) as f:
            sys.stderr.write(f.read())
        raise BenchError(f"{what} failed")
    note(f"{what} took {time.monotonic() - t0:.0f} s")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def medians(json_path):
    return {r["command"]: r["median"] for r in load_json(json_path)["results"]}


def gnu_time(cmd, log, stdin=None, stdout=None, merge=False):
    """Runs cmd under GNU time, its stderr (and stdout if merge) in log; returns (wall seconds,
    peak RSS bytes)."""
    tfile = log + ".time"
    with open(log, "w") as err:
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tfile] + cmd, stdin=stdin,
                           stdout=err if merge else stdout or subprocess.DEVNULL, stderr=err)
    if p.returncode != 0:
        raise BenchError(f"{os.path.basename(cmd[0])} failed (exit {p.returncode}); see {log}")
    with open(tfile) as f:
        secs, kib = [line for line in f.read().splitlines() if line.strip()][-1].split()
    return float(secs), int(kib) * 1024


def du(path):
    """Bytes on disk under path (blocks, as du counts them)."""
    total = 0
    for d, _, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(d, name)).st_blocks * 512
    return total


def corpus_files(root):
    """What pindex reads: regular files, no dot-files or dot-directories, no symbolic links."""
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for name in sorted(files):
            p = os.path.join(d, name)
            if not name.startswith(".") and not os.path.islink(p) and os.path.isfile(p):
                out.append(p)
    return out


def table(head, rows):
    """A Markdown table, its columns padded to their widest cell."""
    cells = [head] + rows
    w = [max(len(str(r[i])) for r in cells) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w[i]) for i, c in enumerate(r)) + " |"
    return "\n".join([line(head), "|" + "|".join("-" * (x + 2) for x in w) + "|"] + [line(r) for r in rows])


def ms(s):
    return f"{s * 1000:.2f} ms"


def secs(s, digits=1):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.{digits}f} s"


def mb(b):
    return f"{b / 1e6:.1f} MB"


def yes(ok):
    return "**yes**" if ok else "**no**"


def commit():
    """The short commit, and whether the work tree has uncommitted changes to tracked files."""
    c = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                       text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return c + (" + uncommitted changes" if dirty else "")


def machine():
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {model}"


def version_line(cmd, strip=""):
    out = subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()
    return out[0].replace(strip, "", 1) if out else "?"


def tool_versions(search=False, omindex=False, tcpsrv=False):
    """hyperfine's version and the reference tools' the report names."""
    parts = [version_line(["hyperfine", "--version"])]
    if search:
        parts.append(version_line(["rg", "--version"]))
        parts.append(f"SQLite {sqlite3.sqlite_version} (Python {platform.python_version()})")
    if omindex:
        parts.append(version_line(["omindex", "--version"], "omindex - "))
    if tcpsrv:
        parts.append(version_line(["xapian-tcpsrv", "--version"], "xapian-tcpsrv - ") + " (xapian-tcpsrv)")
    return ", ".join(parts)


def utc_now():
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


def shell_words(words):
    return " ".join(shlex.quote(w) for w in words)
