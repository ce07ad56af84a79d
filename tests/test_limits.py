"""Large inputs: work linear in size, memory bounded, no library default refusing a long text.

No test here is timed.  Work is measured by what the code does, deterministically: the lines of
``extractor`` executed (``sys.settrace``), the characters a regular expression is asked to
scan, the matches a matcher returns, the bytes allocated (``tracemalloc``).  Doubling the input
must about double the work; a quadratic step makes it four times as much.  The full-size
figures (an 8,000-row table, 2 MB of tables, a 400-page PDF, a 50 MB text: time and peak
memory) are printed by ``benchmarks/bench_limits.py``.
"""
from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest

import extractor

ROOT = str(Path(extractor.__file__).resolve().parent)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_limits import make_table, make_tables, prose  # noqa: E402


def lines_executed(fn) -> int:
    """How many lines of ``extractor`` code run during ``fn()`` (a deterministic count of work:
    a loop over every row for every row shows up, whatever the machine's speed)."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(ROOT) else None

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def _work(path: Path) -> int:
    from extractor.pipeline import extract_source
    from extractor.readers import read

    return lines_executed(lambda: extract_source(read(path), use_nlp=False))


def _ratio(make, small, tmp_path) -> float:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    make(a, small)
    make(b, 2 * small)
    _work(a)  # warm up: first-use imports and caches are no part of the work
    return _work(b) / _work(a)


# -- tables: work linear in cells (item 9) --------------------------------------------------------
def test_one_long_table_is_linear_in_rows(tmp_path):
    """Reading an HTML table and the trial results in it: rows were matched against every row
    and cell of the document, results against every result read before (an 8,000-row table
    took 46 s)."""
    assert _ratio(make_table, 100, tmp_path) < 2.5


def test_many_small_tables_are_linear_in_size(tmp_path):
    """Many small tables: every sentence was checked against every table (2 MB of tables took
    over 300 s)."""
    assert _ratio(make_tables, 0.02, tmp_path) < 2.5


def test_read_tables_reads_each_cell_a_bounded_number_of_times():
    """``read_tables`` on a source of N rows of 4 cells looks at each span a few times."""
    from extractor.source import SourceBuilder
    from extractor.trials.tables import read_tables

    def reads(n: int) -> int:
        b = SourceBuilder("html")
        tstart = b.offset
        for i in range(n):
            rstart = b.offset
            for j in range(4):
                if j:
                    b.add("\t")
                c0 = b.offset
                b.add(f"r{i}c{j}")
                b.mark(c0, b.offset, "table_cell", column=j)
            b.mark(rstart, b.offset, "table_row")
            b.newline()
        b.mark(tstart, b.offset, "table")
        src = b.build()
        return lines_executed(lambda: list(read_tables(src)))

    assert reads(400) / reads(200) < 2.5


# -- long texts (item 10) -----------------------------------------------------------------------
def test_a_text_longer_than_spacys_max_length_is_read_in_pieces(monkeypatch, tmp_path):
    """spaCy refuses a text over ``max_length`` (1,000,000 characters by default): the text is
    given to it in pieces, and what the pieces find keeps offsets into the whole text.  The
    limit is lowered here so that a short text shows it."""
    import random

    from extractor import nlp

    monkeypatch.setattr(nlp.get_nlp(), "max_length", 5000)
    words = ["alpha", "gamma", "omega", "sigma", "delta", "kappa"]
    parts = [f"Patients received the {w} regimen ({w[0].upper()}R) daily. " + prose(random.Random(i), 1800)
             for i, w in enumerate(words)]
    text = "".join(parts)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    a = extractor.extract(path)
    assert len(a.text) > 2 * 5000
    found = a.meta["abbreviations"]
    for w in words:
        assert found.get(f"{w[0].upper()}R") == f"{w} regimen", found
    from extractor.nlp import analyse

    for ab in analyse(a.text, a.sentences):
        assert a.text[ab.short_start:ab.short_end] == ab.short
        assert a.text[ab.long_start:ab.long_end] == ab.long


def test_pieces_cover_the_text_within_the_limit():
    from extractor.model import SentenceList
    from extractor.nlp import pieces

    text = "One sentence here. " * 300 + "x" * 2500 + " tail"
    spans = [(i * 19, i * 19 + 18) for i in range(300)] + [(5700, len(text))]
    sl = SentenceList(text, spans)
    got = list(pieces(text, sl, 1000))
    assert got[0][0] == 0 and got[-1][1] == len(text)
    for (a, b, starts), (c, _, _) in zip(got, got[1:] + [(len(text), 0, [])]):
        assert b == c and 0 < b - a <= 1000
        assert all(a <= s < b for s in starts)
    cut_at = {b for _, b, _ in got[:-1]}
    assert cut_at & {s for s, _ in spans}  # cut at sentence starts where sentences allow


def test_a_pdf_beyond_spacys_max_length(monkeypatch, tmp_path):
    """A long PDF (400 pages failed) is read whatever spaCy's ``max_length``."""
    from bench_limits import make_pdf
    from extractor import nlp

    monkeypatch.setattr(nlp.get_nlp(), "max_length", 20_000)
    path = tmp_path / "long.pdf"
    make_pdf(path, 12)
    a = extractor.extract(path)
    assert a.pages == 12 and len(a.text) > 20_000
    assert a.studies and a.studies[0].arms


def test_sentence_splitting_on_one_long_line_is_linear(monkeypatch):
    """Each period looked at the whole line before it for the word it ends: quadratic on a
    one-line text.  The characters handed to that search must grow with the text, not with its
    square."""
    from extractor import sentences

    scanned = [0]
    real = sentences._WORD_BEFORE

    class Counting:
        def search(self, string, pos=0, endpos=sys.maxsize):
            scanned[0] += min(endpos, len(string)) - pos
            return real.search(string, pos, endpos)

    monkeypatch.setattr(sentences, "_WORD_BEFORE", Counting())

    def scan(n: int) -> int:
        scanned[0] = 0
        sentences.sentence_bounds("Some words end here. " * n)
        return scanned[0]

    assert scan(4000) / scan(2000) < 2.5


def test_group_labels_are_not_searched_in_the_whole_text_each(monkeypatch):
    """Each arm label named once was searched for in the whole text ("120 to the X"): quadratic
    when a long text names many groups."""
    import re as _re

    from extractor.trials import arms

    scanned = [0]

    class CountingRe:
        def __getattr__(self, name):
            return getattr(_re, name)

        def search(self, pattern, string, flags=0):
            scanned[0] += len(string)
            return _re.search(pattern, string, flags)

    monkeypatch.setattr(arms, "re", CountingRe())

    def scan(n: int) -> int:
        text = "".join(f"Patients in the {w}{k} group improved. " for k in range(n)
                       for w in ("zinc", "iron"))
        sents = [(m.start(), m.end()) for m in _re.finditer(r"[^.]+\.", text)]
        scanned[0] = 0
        arms._arms_from_group_mentions(text, sents, {})
        return scanned[0]

    assert scan(400) / scan(200) < 2.5


def test_the_abbreviation_matcher_is_linear_in_parentheses():
    """scispacy's "( + )" pattern matched every "(" with every later ")": the matcher returned
    a number of matches quadratic in the parentheses of a document (tables of "12 (40.0)")."""
    from extractor.nlp import get_nlp

    nlp = get_nlp()
    detector = nlp.get_pipe("abbreviation_detector")

    def matches(n: int) -> int:
        doc = nlp.make_doc(" ".join(f"{i} ({i % 50}.{i % 10})" for i in range(n)))
        return len(detector.matcher(doc))

    assert matches(400) <= 8 * 400
    assert matches(400) / matches(200) < 2.5


def test_long_text_memory_is_a_few_bytes_per_character(tmp_path):
    """Reading and segmenting a long one-line text allocates a few times its size at most
    (copies of the whole line, word lists and one record per sentence made it 20 times)."""
    import random

    from extractor.readers import read
    from extractor.sentences import segment

    text = prose(random.Random(3), 400_000)
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    read(path)  # warm up (imports, caches)
    tracemalloc.start()
    try:
        src = read(path)
        sentences, _ = segment(src)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(sentences) > 2000
    assert peak < 4 * len(text), f"{peak / len(text):.1f} bytes allocated per character"


def test_sentence_records_are_made_on_demand():
    from extractor.model import Provenance, Sentence, SentenceList

    text = "One. Two three. Four."
    sl = SentenceList(text)
    for a, b, sec in ((0, 4, None), (5, 15, "results"), (16, 21, "results")):
        sl.add(a, b, None, None, sec)
    assert list(sl) == [Sentence(0, "One.", Provenance(0, 4, "One."), None),
                        Sentence(1, "Two three.", Provenance(5, 15, "Two three."), "results"),
                        Sentence(2, "Four.", Provenance(16, 21, "Four."), "results")]
    assert sl[-1].text == "Four." and [s.seq for s in sl[1:]] == [1, 2]
    import pickle

    assert pickle.loads(pickle.dumps(sl)) == sl


def test_records_pickle_as_their_field_values():
    """An extracted article crosses from a worker to the batch's writer as a pickle: every
    record comes back equal, field for field, as its own class, and frozen."""
    import copy
    import dataclasses
    import pickle

    from extractor.model import Flag, Provenance, TableCell

    art = extractor.extract(str(Path(__file__).parent / "data" / "msc-long-covid-news.txt"))
    back = pickle.loads(pickle.dumps(art, pickle.HIGHEST_PROTOCOL))
    assert back == art and back.to_dict() == art.to_dict()
    assert type(back.studies[0].arms[0]) is type(art.studies[0].arms[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.studies[0].arms[0].label = "x"
    cell = TableCell(1, 2, "12 (40%)", Provenance(5, 13, "12 (40%)", 3, (1.0, 2.0, 3.0, 4.0)), col_span=2,
                     lines=(Provenance(5, 13, "12 (40%)"),))
    for rec in (cell, Flag("c", "flag", "m"), Provenance(0, 1, "x")):
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            assert pickle.loads(pickle.dumps(rec, protocol)) == rec
        assert copy.deepcopy(rec) == rec and copy.copy(rec) == rec
    assert pickle.loads(pickle.dumps(cell)).content == "12 (40%)"
