"""The kernel trees the big benchmarks run on: Debian's linux-source-6.1 tarball, extracted once
under build/bench/ (again when the package's version changes). Extracted beside and then renamed:
a killed run leaves no half tree behind."""
import os
import shutil
import subprocess
import tempfile
import time

from common import BenchError, note, out_dir

TARBALL = "/usr/src/linux-source-6.1.tar.xz"
TOP = "linux-source-6.1"


def version():
    v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "linux-source-6.1"],
                       capture_output=True, text=True).stdout.strip()
    if not v:
        raise BenchError("linux-source-6.1 is not installed")
    return v


def _extract(cache, members, about):
    """TARBALL's members into cache/linux-source-6.1, unless there for this version already."""
    v = version()
    tree = os.path.join(cache, TOP)
    stamp = os.path.join(cache, "version")
    if os.path.isdir(tree) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == v:
                return tree
    if not os.path.isfile(TARBALL):
        raise BenchError(f"{TARBALL} is missing (package linux-source-6.1)")
    note(f"extracting {' '.join(members) or 'everything'} from {TARBALL} ({about})")
    shutil.rmtree(cache, ignore_errors=True)
    os.makedirs(cache)
    part = tempfile.mkdtemp(prefix="extract.", dir=cache)
    t0 = time.monotonic()
    if subprocess.run(["tar", "-xJf", TARBALL, "-C", part] + members).returncode != 0:
        raise BenchError(f"extracting {TARBALL} failed")
    os.rename(os.path.join(part, TOP), tree)
    os.rmdir(part)
    with open(stamp, "w") as f:
        f.write(v + "\n")
    note(f"extracted in {time.monotonic() - t0:.0f} s")
    return tree


def documentation():
    """Documentation/ alone, in build/bench/kernel/ (kernel-docs and shards)."""
    docs = os.path.join(_extract(os.path.join(out_dir(), "kernel"), [f"{TOP}/Documentation"],
                                 "about 15 s"), "Documentation")
    note(f"kernel-docs: using {os.path.relpath(docs)} (linux-source-6.1 {version()})")
    return docs


def full_tree():
    """The whole tree, in build/bench/kernel-full/ (scale)."""
    return _extract(os.path.join(out_dir(), "kernel-full"), [], "about a minute")
