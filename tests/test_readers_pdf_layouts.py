"""PDF reader on journal layouts generated for the tests (``tests/pdflayouts.py``): three columns
under a one-column title block, a margin banner, tables spanning two columns (ruled and
unruled), a table continued on the next page, superscript markers, a three-column reference
list.  Golden files (``tests/golden/pdf_layouts/*.json``) hold the reader's whole output; they
are compared through the shared helper: written only by ``pytest --update-golden``, a missing
one fails.
"""
import pytest

import pdflayouts  # tests/ is on the path (as for golden_files, refs_context)
from extractor import extract
from extractor.readers import read

LAYOUTS = {
    "three-columns": pdflayouts.three_column_pdf,
    "table-ruled": lambda: pdflayouts.table_pdf(ruled=True),
    "table-unruled": lambda: pdflayouts.table_pdf(ruled=False),
    "table-continued": pdflayouts.continued_table_pdf,
    "superscripts": pdflayouts.superscript_pdf,
    "figure": pdflayouts.figure_pdf,
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    root = tmp_path_factory.mktemp("layouts")
    out = {}
    for name, make in LAYOUTS.items():
        path = root / f"{name}.pdf"
        path.write_bytes(make())
        out[name] = path
    return out


@pytest.fixture(scope="module")
def sources(pdfs):
    return {name: read(path) for name, path in pdfs.items()}


def snapshot(src) -> dict:
    text = src.text
    spans = {}
    for label in ("title", "heading", "sup", "margin", "figure_text", "table_row"):
        items = [text[sp.start:sp.end] for sp in src.spans_of(label)]
        if items:
            spans[label] = items
    return {
        "pages": src.pages,
        "page_starts": src.page_starts,
        "text": text.split("\n"),
        "spans": spans,
        "dropped_lines": src.meta.get("dropped_lines"),
        "tables": [
            {
                "label": t.label, "caption": t.caption, "footnotes": t.footnotes, "n_rows": t.n_rows, "n_cols": t.n_cols,
                "page": t.prov.page,
                "cells": [[c.row, c.col, c.col_span, c.is_header, c.text, c.prov.page, list(c.prov.bbox or [])]
                          for c in t.cells],
            }
            for t in src.tables
        ],
    }


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layout_golden(name, sources, golden):
    golden.check(f"pdf_layouts/{name}.json", snapshot(sources[name]))


# -- layout ----------------------------------------------------------------------------------------


def test_three_columns_read_in_order_under_the_title_block(sources):
    text = sources["three-columns"].text
    assert text.startswith("Early oral hydration after day surgery: a randomized trial\nAnna Berg, Tomas Lind, Maria Sand\nAbstract\n")
    order = [text.index(h + "\n") for h in ("Abstract", "Introduction", "Methods", "Results", "Discussion", "References")]
    assert order == sorted(order)
    # a paragraph broken across a column (and a page) reads as one
    for para in (p for _, ps in pdflayouts.BODY for p in ps):
        assert para in text


def test_margin_banner_is_not_in_the_text(sources):
    src = sources["three-columns"]
    assert "Journal of Ambulatory Care" not in src.text
    assert "margin" not in src.spans
    assert src.meta["dropped_lines"] >= src.pages  # one banner a page


def test_three_column_reference_list_one_entry_per_reference(pdfs):
    art = extract(pdfs["three-columns"])
    assert len(art.references) == len(pdflayouts.REFERENCES)
    assert [r.year for r in art.references] == [2015, 2016, 2017, 2018, 2019, 2014, 2012, 2020, 2013, 2021, 2017, 2019]
    assert art.references[6].title == "Sealed envelopes and allocation concealment"  # a justified line cut by pdfium
    assert all(r.raw.split(" ", 1)[1] in pdflayouts.REFERENCES for r in art.references)


# -- tables -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["table-ruled", "table-unruled"])
def test_table_spanning_two_columns(name, sources):
    src = sources[name]
    (table,) = src.tables
    assert (table.label, table.caption, table.n_rows, table.n_cols) == ("Table 1", "Outcomes by group", 6, 4)
    grid = table.grid()
    assert [c.text for c in grid[0]] == list(pdflayouts.HEADER)
    assert all(c.is_header for c in grid[0]) and not any(c.is_header for c in grid[1])
    assert [[c.text for c in row] for row in grid[1:]] == [list(r) for r in pdflayouts.ROWS]
    assert table.footnotes.startswith("SD, standard deviation; IQR, interquartile range.")
    for c in table.cells:
        assert src.text[c.prov.char_start:c.prov.char_end] == c.text == c.prov.quote
        assert c.prov.page == 1 and c.prov.bbox is not None
    # the table sits between the column runs: Methods text before it, Results text after it
    text = src.text
    assert text.index("Methods\n") < table.prov.char_start < text.index("Results\n")


def test_table_continued_on_the_next_page_is_one_table(sources):
    src = sources["table-continued"]
    (table,) = src.tables
    assert (table.label, table.n_rows, table.n_cols) == ("Table 2", 31, 4)
    grid = table.grid()
    assert [c.text for c in grid[1]] == ["Centre 01", "15", "11", "0.47"]
    assert [c.text for c in grid[30]][0] == "Centre 30"
    assert {c.prov.page for c in table.cells} == {1, 2}
    assert src.text.count("Early hydration, n") == 1  # the repeated header is not read twice
    assert table.footnotes.startswith("Counts are patients discharged")
    for c in table.cells:
        assert src.text[c.prov.char_start:c.prov.char_end] == c.text


# -- superscripts -----------------------------------------------------------------------------------


def test_superscript_markers_stand_apart_from_words(sources):
    src = sources["superscripts"]
    text = src.text
    assert [text[s.start:s.end] for s in src.spans["sup"]] == ["3", "4,5", "7", "6"]
    assert "was small^3 in earlier" in text
    assert "groups,^4,5 and five minutes" in text
    assert "4×10^7 colony-forming" in text
    assert "Self-efficacy^6 and comfort" in text


# -- figures and margin notes ----------------------------------------------------------------------


def test_figure_text_stays_out_of_paragraphs_but_searchable(sources):
    src = sources["figure"]
    text = src.text
    figure = [text[s.start:s.end] for s in src.spans["figure_text"]]
    for label in ("Usual care", "Early hydration", "Day after surgery", "Day 1", "100"):
        assert any(label in f for f in figure)
    # the paragraphs before and after the chart read on; the caption stays in the flow
    first, second = pdflayouts.BODY[2][1]
    assert first in text and second in text
    cap = text.index("Figure 1. Patients discharged")
    assert text.index(first) < cap < text.index(second)
    assert all(s.start > text.index(second) for s in src.spans["figure_text"])


def test_a_note_set_once_up_the_margin_is_kept_out_of_the_flow(sources):
    src = sources["figure"]
    (note,) = src.spans["margin"]
    assert src.text[note.start:note.end] == "Received 3 March 2021; accepted 9 May 2021"
    assert note.start > src.text.index(pdflayouts.BODY[2][1][1])
