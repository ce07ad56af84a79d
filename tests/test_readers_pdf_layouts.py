"""PDF reader on journal layouts generated for the tests (``tests/pdflayouts.py``): three columns
under a one-column title block, a margin banner, tables spanning two columns (ruled and
unruled), a table continued on the next page, superscript markers, a three-column reference
list, tables with two-row spanning headers and two stub columns (ruled, or found by position),
a landscape table, manuscript line numbers, page footnotes, unnumbered reference lists
(author–year entries ending in a word, citations without punctuation, group authors in a wide
column beside a margin banner).  Golden files (``tests/golden/pdf_layouts/*.json``) hold the reader's whole output; they
are compared through the shared helper: written only by ``pytest --update-golden``, a missing
one fails.
"""
import re

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
    "table-grouped-ruled": lambda: pdflayouts.grouped_table_pdf(ruled=True),
    "table-grouped-unruled": lambda: pdflayouts.grouped_table_pdf(ruled=False),
    "table-landscape": pdflayouts.landscape_table_pdf,
    "line-numbers": pdflayouts.line_numbers_pdf,
    "footnotes": pdflayouts.footnote_pdf,
    "references-author-year": pdflayouts.reference_list_pdf,
    "references-unpunctuated": lambda: pdflayouts.reference_list_pdf(pdflayouts.UNPUNCTUATED_REFERENCES),
    "references-group-authors": lambda: pdflayouts.reference_list_pdf(
        pdflayouts.GROUP_AUTHOR_REFERENCES, width=500, banner="Journal of Ambulatory Care · Early oral hydration"),
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
    for label in ("title", "heading", "sup", "margin", "figure_text", "footnote", "table_row"):
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


def test_a_continued_table_keeps_a_note_wider_than_its_cells(tmp_path):
    # the table's cells end well inside the text width; its note, on the next page, runs across it
    f = tmp_path / "narrow.pdf"
    f.write_bytes(pdflayouts.continued_narrow_table_pdf())
    (table,) = read(f).tables
    assert (table.label, table.n_rows, table.n_cols) == ("Table 3", 31, 3)
    assert table.footnotes.startswith("Values are mean ± standard deviation of the hours")
    assert table.footnotes.endswith("in the order they joined the trial.")


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


# -- headers, stubs, turned tables ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["table-grouped-ruled", "table-grouped-unruled"])
def test_two_row_header_with_spanning_labels_and_two_stub_columns(name, sources):
    (table,) = sources[name].tables
    assert (table.label, table.caption, table.n_rows, table.n_cols) == ("Table 1", "Baseline characteristics by group", 11, 6)
    cells = {(c.row, c.col): c for c in table.cells}
    # header: the stub label, each arm label over its n and % columns, then the column labels
    assert [(c.row, c.col, c.col_span, c.text) for c in table.cells if c.row == 0] == [
        (0, 0, 1, "Characteristic"), (0, 2, 2, pdflayouts.ARMS[0]), (0, 4, 2, pdflayouts.ARMS[1])]
    assert [cells[1, k].text for k in range(2, 6)] == ["n", "%", "n", "%"]
    assert {c.row for c in table.cells if c.is_header} == {0, 1}  # by rules and weight, or by position
    # group labels stand in a column of their own, on rows of their own, left of the row labels
    row = 2
    for group, rows in pdflayouts.GROUPS:
        assert [(c.col, c.text) for c in table.cells if c.row == row] == [(0, group)]
        for values in rows:
            assert [(c.col, c.text) for c in table.cells if c.row == row + 1] == list(enumerate(values, 1))
            row += 1
        row += 1


def test_landscape_table_is_read_in_its_own_frame(sources):
    src = sources["table-landscape"]
    (table,) = src.tables
    assert (table.label, table.caption, table.n_rows, table.n_cols) == ("Table 3", "Adverse events by week of follow-up", 6, 6)
    grid = table.grid()
    assert [c.text for c in grid[0]] == list(pdflayouts.LANDSCAPE_HEADER)
    assert [[c.text for c in row] for row in grid[1:]] == [list(r) for r in pdflayouts.LANDSCAPE_ROWS]
    assert table.footnotes == "Counts are patients reporting the event."
    assert table.prov.page == 2 and "margin" not in src.spans
    # cell boxes are given on the upright page: the first column's cells stand one above the
    # other from the bottom of the page up, the header's cells across the top of the turned sheet
    first = [c for c in table.cells if c.col == 0]
    xs = [c.prov.bbox[0] for c in first]
    assert xs == sorted(xs) and all(0 < c.prov.bbox[1] < c.prov.bbox[3] < 792 for c in table.cells)
    assert all(c.prov.bbox[3] - c.prov.bbox[1] > c.prov.bbox[2] - c.prov.bbox[0] for c in first)


# -- manuscripts and footnotes ------------------------------------------------------------------------


def test_manuscript_line_numbers_are_left_out(sources):
    src = sources["line-numbers"]
    text = src.text
    assert not re.search(r"(?m)^\d+\b|\t", text)  # no number opens a line, no table rows
    for head, paras in pdflayouts.BODY[:3]:
        assert head + "\n" in text
    assert not src.tables
    assert src.meta["dropped_lines"] == 19  # and three numbers set close to their headings cut off them


def test_page_footnotes_leave_the_flow_and_the_paragraph_runs_on(sources):
    src = sources["footnotes"]
    text = src.text
    assert [text[s.start:s.end] for s in src.spans["footnote"]] == pdflayouts.FOOTNOTES
    assert pdflayouts.RUNNING in text  # the paragraph broken by the page and its notes reads as one
    assert all(src.page_of(s.start) == 1 for s in src.spans["footnote"])
    # the notes stand before the paragraph that runs over their page (their text stays on page 1)
    assert text.index("Results\n") < src.spans["footnote"][0].start < text.index(pdflayouts.RUNNING)


# -- unnumbered reference lists -------------------------------------------------------------------------


def test_author_year_entries_ending_in_a_word_each_stand_alone(pdfs):
    art = extract(pdfs["references-author-year"])
    assert [r.raw for r in art.references] == pdflayouts.AUTHOR_YEAR_REFERENCES
    assert [r.year for r in art.references] == [2015, 1991, 2016, 2018, 2017, 2018, 2014, 2012, 2020, 2019, 2017]


def test_references_without_punctuation_each_stand_alone(pdfs):
    art = extract(pdfs["references-unpunctuated"])
    assert [r.raw for r in art.references] == pdflayouts.UNPUNCTUATED_REFERENCES
    assert [r.year for r in art.references] == [2015, 2016, 2017, 2017, 2018, 2014, 2012, 2020, 2017]


def test_hanging_indent_opens_each_entry_whatever_its_words(pdfs, sources):
    """Entries found by the printed hanging indent: group authors, one-line entries ending in a
    word, a continuation line that opens with a place and a year ("Blackwood, Edinburgh, 1995"),
    and the margin banner written after the page kept out of the last entry."""
    src = sources["references-group-authors"]
    assert [src.text[sp.start:sp.end] for sp in src.spans_of("margin")] == ["Journal of Ambulatory Care · Early oral hydration"]
    art = extract(pdfs["references-group-authors"])
    assert [r.raw for r in art.references] == [e.replace("\n", " ") for e in pdflayouts.GROUP_AUTHOR_REFERENCES]
    assert [r.year for r in art.references] == [2018, 2015, 2009, 2020, 1995, 2016, 2011, 2014]


def test_table_notes_end_the_table_before_larger_text_in_columns(tmp_path):
    """Under a table's notes (a smaller font), text in a larger font a line's gap below (a
    reference list in columns, its heading lower than their first lines) is not the table's."""
    path = tmp_path / "table-then-columns.pdf"
    path.write_bytes(pdflayouts.table_then_columns_pdf())
    src = read(path)
    assert len(src.tables) == 1
    t = src.tables[0]
    assert (t.n_rows, t.n_cols) == (len(pdflayouts.ROWS) + 1, 4)
    assert t.footnotes.startswith("SD, standard deviation")
    assert "Alder K" not in t.footnotes


def test_hanging_entry_opening_a_page_does_not_continue_an_earlier_paragraph(tmp_path):
    """The list's last entry on a page refuses the first entry of the next page (its second line
    hangs under it); the entry is not joined to an earlier paragraph that ended without a full
    stop (a web address) either."""
    path = tmp_path / "references-over-pages.pdf"
    path.write_bytes(pdflayouts.reference_list_over_pages_pdf())
    src = read(path)
    assert "http://www.example.org/hydration/prepub\nReferences\n" in src.text
    art = extract(path)
    assert [r.raw for r in art.references] == pdflayouts.UNPUNCTUATED_REFERENCES


def test_caption_over_text_low_on_a_page_is_no_table_on_the_next(tmp_path):
    """A table caption low on a page with a heading and text under it holds no table there and
    none on the next page: that page's three columns are read in order, not as table cells, and
    its reference list keeps one entry per reference."""
    path = tmp_path / "caption-over-text.pdf"
    path.write_bytes(pdflayouts.caption_over_text_pdf())
    src = read(path)
    assert not any(c.prov.page == 2 for t in src.tables for c in t.cells)
    assert "\t" not in src.text
    text = " ".join(src.text.split())
    assert pdflayouts.BODY[3][1][0] in text
    art = extract(path)
    assert [" ".join(r.raw.split()) for r in art.references] == [
        f"{k}. {r}" for k, r in enumerate(pdflayouts.REFERENCES, 1)]


def test_a_page_holding_only_the_tail_of_a_two_column_list_is_read_column_by_column(tmp_path):
    """The last page of a two-column list holds two lines on the left (one short) and three on
    the right: the left column is read first, and each entry stands alone."""
    path = tmp_path / "reference-tail.pdf"
    path.write_bytes(pdflayouts.reference_list_tail_pdf())
    src = read(path)
    assert "\t" not in src.text
    art = extract(path)
    raws = [" ".join(r.raw.split()) for r in art.references]
    assert [r.split(".")[0] for r in raws] == [str(k) for k in range(1, 14)]
    assert raws[11].endswith("Lancet. 2021;397:1212-20. PMID: 33712345.")
    assert raws[12].startswith("13. Zhou L, Young A.") and raws[12].endswith("2019;108:14-21.")


def test_unruled_table_ends_before_larger_text_in_columns(tmp_path):
    """Under an unruled table without notes, a line's gap below, a reference list in columns set
    larger than every row of the table is not the table's: the table keeps its rows only."""
    path = tmp_path / "table-then-columns-no-notes.pdf"
    path.write_bytes(pdflayouts.table_then_columns_pdf(notes=False))
    src = read(path)
    assert len(src.tables) == 1
    t = src.tables[0]
    assert not any("Alder" in c.text or "Gould" in c.text for c in t.cells)
    assert t.n_rows == len(pdflayouts.ROWS) + 1


def test_heading_set_low_in_its_column_comes_before_the_list_beside_it(tmp_path):
    """At a page's foot, a heading set low in the left column comes before the lines of the right
    column that open its list higher up; the list keeps one entry per reference."""
    path = tmp_path / "heading-low.pdf"
    path.write_bytes(pdflayouts.heading_low_pdf())
    src = read(path)
    assert "\nReferences\nAbbott K Brun P Lund B" in src.text
    art = extract(path)
    assert [" ".join(r.raw.split()) for r in art.references] == pdflayouts.HEADING_LOW_REFERENCES


def test_reference_list_goes_on_under_its_own_headings(tmp_path):
    """Headings inside a reference list ("Further reading", "Pre-publication history") close the
    entry above them and are no part of any entry; the entries under them are cut on their own."""
    path = tmp_path / "reference-sublists.pdf"
    path.write_bytes(pdflayouts.reference_sublists_pdf())
    art = extract(path)
    raws = [" ".join(r.raw.split()) for r in art.references]
    n = len(pdflayouts.REFERENCES)
    assert [r.split(".")[0] for r in raws[:n]] == [str(k) for k in range(1, n + 1)]
    assert raws[n - 1] == f"{n}. " + pdflayouts.REFERENCES[-1]
    assert raws[n:] == pdflayouts.FURTHER_READING + [pdflayouts.PREPUB_NOTE]
    assert not any("Further reading" in r or "Pre-publication history" in r for r in raws)


def test_one_word_entries_of_a_hanging_list_are_entries(tmp_path):
    """Web resources printed as their name alone ("PubMed") open a line at the list's outer edge
    like every entry: each is an entry of its own, not lost and not run into its neighbours."""
    entries = pdflayouts.AUTHOR_YEAR_REFERENCES[:3] + ["PubMed", "Medline"] + pdflayouts.AUTHOR_YEAR_REFERENCES[3:6]
    path = tmp_path / "one-word-entries.pdf"
    path.write_bytes(pdflayouts.reference_list_pdf(entries))
    assert [" ".join(r.raw.split()) for r in extract(path).references] == entries
