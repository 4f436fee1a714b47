#!/usr/bin/env python3
"""Reference indexer for bench.py (bundled, scale): builds an SQLite FTS5 table of the passages pindex makes.

Usage: fts5_index.py PASSAGES.jsonl OUT.db

PASSAGES.jsonl is build/bin/dump_passages output (one JSON object per line with file, line,
end_line, heading, text). OUT.db is deleted first, so every run builds a fresh database: a
`passages` FTS5 table (porter tokenizer over unicode61) with the indexed columns heading and text,
and file, line, end_line stored unindexed so a hit can name its place, as a psearch hit does.
Python standard library only.
"""
import json
import os
import sqlite3
import sys


def main(argv):
    if len(argv) != 3:
        print(f"usage: {os.path.basename(argv[0])} PASSAGES.jsonl OUT.db", file=sys.stderr)
        return 2
    src, out = argv[1], argv[2]
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            os.remove(out + suffix)
        except FileNotFoundError:
            pass

    def rows():
        with open(src, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    p = json.loads(line)
                    yield p["heading"], p["text"], p["file"], p["line"], p["end_line"]

    db = sqlite3.connect(out)
    try:
        with db:  # one transaction, as pindex commits once
            db.execute(
                "CREATE VIRTUAL TABLE passages USING fts5("
                "heading, text, file UNINDEXED, line UNINDEXED, end_line UNINDEXED, "
                "tokenize='porter unicode61')"
            )
            db.executemany(
                "INSERT INTO passages(heading, text, file, line, end_line) VALUES (?, ?, ?, ?, ?)",
                rows(),
            )
        count = db.execute("SELECT count(*) FROM passages").fetchone()[0]
    finally:
        db.close()
    if count == 0:
        print(f"fts5_index: no passages in {src}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
