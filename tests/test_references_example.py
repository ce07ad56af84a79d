"""The shared example in all four formats: exactly 6 references and 6 linked callouts."""
import pytest

from extractor.pipeline import extract

EXPECTED = [
    ("Stem Cell Res Ther", 2025, None, None, None, None, "10.1186/s13287-025-04148-1"),
    ("Lancet Respir Med", 2020, "8", "475", "481", None, None),
    ("JAMA", 2020, "324", "782", "793", None, None),
    ("Lancet", 2024, "404", "707", "724", None, None),
    ("Signal Transduct Target Ther", 2022, "7", None, None, "272", None),
    ("Signal Transduct Target Ther", 2021, "6", None, None, "339", None),
]
EDITORIAL = {"The current", "MSC", "placebo", "Our", "suggest that"}


@pytest.fixture(scope="module")
def articles():
    from conftest import EXAMPLE_FORMATS
    return {k: extract(p) for k, p in EXAMPLE_FORMATS.items()}


@pytest.mark.parametrize("fmt", ["txt", "html", "pdf", "2col.pdf"])
def test_example_references(articles, fmt):
    a = articles[fmt]
    got = [(r.journal_iso, r.year, r.volume, r.first_page, r.last_page, r.article_number, r.doi)
           for r in a.references]
    assert got == EXPECTED
    assert not {r.raw.strip("[] ") for r in a.references} & EDITORIAL
    assert [c.ref_ordinal for c in a.citations] == [1, 2, 3, 4, 5, 6]
    for rec in [*a.references, *a.citations]:
        assert a.text[rec.prov.char_start:rec.prov.char_end] == rec.prov.quote
    seqs = {s.seq for s in a.sentences}
    assert all(c.sentence_seq in seqs for c in a.citations)


def test_same_rows_in_every_format(articles):
    rows = {fmt: [(r.ordinal, r.raw.replace("\n", " "), r.journal_iso, r.doi) for r in a.references]
            for fmt, a in articles.items()}
    assert len({tuple(v) for v in rows.values()}) == 1
    markers = {fmt: [" ".join(c.marker.split()) for c in a.citations] for fmt, a in articles.items()}
    assert len({tuple(v) for v in markers.values()}) == 1
