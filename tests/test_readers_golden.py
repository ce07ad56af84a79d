"""Golden files of the readers' whole output (text, structure spans, sections, sentences).

Regenerate with ``pytest tests/test_readers_golden.py --update-golden`` and review the diff:
every change to reading order, headings, superscripts, tables or sentence boundaries shows up
there line by line.
"""
from pathlib import Path

import pytest

from extractor.kind import classify
from extractor.pipeline import _document_doi
from extractor.readers import read
from extractor.sentences import segment

DATA = Path(__file__).parent / "data"
FIXTURES = {
    "news-txt": DATA / "msc-long-covid-news.txt",
    "news-html": DATA / "msc-long-covid-news.html",
    "news-pdf": DATA / "msc-long-covid-news.pdf",
    "news-2col-pdf": DATA / "msc-long-covid-news-2col.pdf",
    "news-jats": DATA / "jats" / "msc-long-covid-news.xml",
    "trial-jats": DATA / "jats" / "vitd-icu-trial.xml",
}
LABELS = ("title", "heading", "sup", "table_row", "xref", "ref")


def snapshot(path: Path) -> dict:
    src = read(path)
    sentences, sections = segment(src)
    text = src.text
    spans = {}
    for label in LABELS:
        items = []
        for sp in src.spans_of(label):
            item = {"start": sp.start, "end": sp.end, "text": text[sp.start:sp.end]}
            for key in ("level", "rid", "id"):
                if sp.attrs.get(key) is not None:
                    item[key] = sp.attrs[key]
            items.append(item)
        if items:
            spans[label] = items
    return {
        "format": src.format,
        "title": src.title,
        "doi": _document_doi(src, sentences),
        "kind": classify(src.title, text, [text[h.start:h.end] for h in src.spans_of("heading")]),
        "pages": src.pages,
        "page_starts": src.page_starts,
        "text": text.split("\n"),
        "spans": spans,
        "sections": [
            {"name": s.name, "heading": s.heading, "start": s.prov.char_start, "end": s.prov.char_end}
            for s in sections
        ],
        "sentences": [
            {"seq": s.seq, "section": s.section, "page": s.prov.page, "start": s.prov.char_start, "end": s.prov.char_end,
             "text": s.text}
            for s in sentences
        ],
    }


@pytest.mark.parametrize("name", list(FIXTURES))
def test_reader_golden(name, golden):
    golden.check(f"readers/{name}.json", snapshot(FIXTURES[name]))
