#!/usr/bin/env python3
"""The converter (scripts/eval_collections.py) reads each public test collection whole: the
numbers of documents, judged queries and judged relevant pairs below were checked against the
collections' own descriptions (tests/relevance/collections/README.md). Also: the corpus it lays
out has one file per document, named by id, title first. Standard library only."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "scripts"))
import eval_collections  # noqa: E402

EXPECTED = {  # documents, queries with a relevant document, judged relevant pairs
    "adi": (82, 35, 170),
    "cacm": (3204, 52, 796),
    "lisa": (5999, 33, 354),
    "npl": (11429, 93, 2083),
    "time": (423, 79, 253),
}


class Counts(unittest.TestCase):
    def test_every_collection_is_read_whole(self):
        self.assertEqual(sorted(EXPECTED), eval_collections.NAMES)
        for name, (docs, queries, pairs) in EXPECTED.items():
            with self.subTest(name=name):
                c = eval_collections.load(name)
                self.assertEqual(eval_collections.counts(c),
                                 {"docs": docs, "queries": queries, "judged": pairs})
                self.assertTrue(all(c["queries"][q] and c["qrels"][q] for q in c["queries"]))
                self.assertTrue(all(text == " ".join(text.split())
                                    for text in c["queries"].values()))

    def test_the_corpus_is_one_file_per_document(self):
        c = eval_collections.load("adi")
        with tempfile.TemporaryDirectory() as tmp:
            names = eval_collections.write_corpus(c, tmp)
            self.assertEqual(len(os.listdir(tmp)), 82)
            self.assertEqual(names["0001.txt"], "1")
            with open(os.path.join(tmp, "0001.txt"), encoding="utf-8") as f:
                lines = f.read().split("\n")
            self.assertEqual(lines[0], "the ibm dsd technical information center - a total "
                             "systems approach combining traditional library features and "
                             "mechanized computer processing")
            self.assertEqual(lines[1], "")
            self.assertEqual(lines[2], "the ibm data systems division technical")

    def test_time_judgments_count_documents_by_position(self):
        c = eval_collections.load("time")
        # TIME.REL's query 1 names positions 268 ... 334 (all before the two lost documents):
        # the 268th document is *TEXT 334 (South Viet Nam, the Buddhist crisis).
        self.assertIn("334", c["qrels"]["1"])
        self.assertEqual(min(c["qrels"]["1"], key=int), "334")


if __name__ == "__main__":
    unittest.main(verbosity=2)
