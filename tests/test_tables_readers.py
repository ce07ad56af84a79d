"""Tables as data from the JATS, HTML and text readers: grid layout (row and column spans,
several header rows, line breaks in cells), label/caption/notes, split and image-only tables,
every plain-text layout, prose that is no table, and the quote invariant on every fixture."""
from pathlib import Path

import pytest

from extractor.model import to_dict
from extractor.readers import read
from extractor.readers.html import html_source
from extractor.readers.tables import GridBuilder
from extractor.readers.texttables import find_tables

HERE = Path(__file__).parent
DATA = HERE / "data"
TABLES = DATA / "tables"
FIXTURES = {
    "trial-tables-jats": TABLES / "trial-tables.xml",
    "trial-tables-html": TABLES / "trial-tables.html",
    "text-tables": TABLES / "text-tables.txt",
}


def _grid(t):
    return [[(c.content if c else None) for c in row] for row in t.grid()]


def _by_label(src):
    return {t.label: t for t in src.tables}


@pytest.fixture(scope="module")
def jats():
    return read(TABLES / "trial-tables.xml")


@pytest.fixture(scope="module")
def html():
    return read(TABLES / "trial-tables.html")


@pytest.fixture(scope="module")
def text():
    return read(TABLES / "text-tables.txt")


# -- JATS ------------------------------------------------------------------------------------------
def test_jats_two_header_rows_with_row_and_column_spans(jats):
    t = _by_label(jats)["Table 1"]
    assert (t.n_rows, t.n_cols) == (7, 5)
    assert t.caption == "Baseline characteristics Values are n (%) unless stated otherwise."
    cells = {(c.row, c.col): c for c in t.cells}
    assert (cells[0, 0].text, cells[0, 0].row_span, cells[0, 0].is_header) == ("Characteristic", 2, True)
    assert (cells[0, 1].text, cells[0, 1].col_span) == ("Drug B (n = 64)", 2)
    assert (cells[0, 3].text, cells[0, 3].col_span) == ("Usual care (n = 62)", 2)
    assert [cells[1, k].text for k in range(1, 5)] == ["n", "%", "n", "%"]  # pushed right by the row span
    assert all(cells[1, k].is_header for k in range(1, 5)) and not cells[3, 1].is_header
    assert _grid(t)[3] == ["Male sex", "35", "54.7", "33", "53.2"]
    assert (cells[4, 0].text, cells[4, 0].col_span) == ("Comorbidities", 5)


def test_jats_break_inside_a_cell_is_a_space(jats):
    t = _by_label(jats)["Table 1"]
    cell = next(c for c in t.cells if c.text.startswith("Age"))
    assert cell.text == "Age, months median (IQR)"
    assert jats.text[cell.prov.char_start:cell.prov.char_end] == cell.text


def test_jats_footnotes_and_empty_cells(jats):
    t = _by_label(jats)["Table 1"]
    assert t.footnotes == "^aBorn before 37 weeks of gestation.\nIQR, interquartile range."
    empty = [c for c in t.cells if c.row == 6 and not c.text]
    assert [c.col for c in empty] == [3, 4] and all(c.prov.char_start == c.prov.char_end for c in empty)
    assert jats.text[t.prov.char_start:t.prov.char_end].startswith("Table 1 Baseline characteristics")
    assert jats.text[t.prov.char_start:t.prov.char_end].endswith("IQR, interquartile range.")


def test_jats_table_split_into_two_tables_is_one_table(jats):
    t = _by_label(jats)["Table 2"]
    assert (t.n_rows, t.n_cols, t.caption) == (6, 4, "Outcomes by group")
    assert [r for r in range(6) if all(c.is_header for c in t.cells if c.row == r)] == [0, 4]
    g = _grid(t)
    assert g[1][0] == g[2][0] == "Hospital admission, n (%)"  # one cell spanning two rows
    assert g[2][1:] == ["11/64", "20/62", ""] and g[5] == ["Readmission, n (%)", "3 (4.7)", "5 (8.1)", "0.49"]
    assert t.footnotes == "P values from Fisher's exact test or t test."


def test_jats_image_only_table_keeps_its_caption(jats):
    t = _by_label(jats)["Table 3"]
    assert (t.caption, t.cells, t.n_rows, t.n_cols) == ("Adverse events during treatment", (), 0, 0)
    assert jats.text[t.prov.char_start:t.prov.char_end] == "Table 3 Adverse events during treatment"


# -- HTML ------------------------------------------------------------------------------------------
def test_html_label_line_above_the_table_and_tfoot_notes(html):
    t = _by_label(html)["Table 1"]
    assert (t.caption, t.footnotes) == ("Baseline characteristics of the patients", "Data are mean (SD) or n (%).")
    assert _grid(t) == [["Characteristic", "Group", "Group"], ["Characteristic", "Early (n = 88)", "Standard (n = 90)"],
                        ["Age, years", "81.2 (7.4)", "80.6 (8.1)"], ["Women n (%)", "64 (72.7)", "63 (70.0)"]]
    assert [c.is_header for c in t.cells if c.row < 2] == [True] * 4
    # the foot is drawn under the body, as a browser does
    assert html.text.index("Women n (%)") < html.text.index("Data are mean (SD)")


def test_html_wrapper_gives_label_caption_and_notes(html):
    t = _by_label(html)["Table 2"]
    assert t.caption == "Outcomes at 30 days"
    assert t.footnotes == "* Adjusted for age and sex.\nCI, confidence interval."
    assert not any(c.is_header for c in t.cells if c.row) and all(c.is_header for c in t.cells if not c.row)


def test_html_caption_element_and_notes_under_the_table(html):
    t = _by_label(html)["Table 3"]
    assert (t.caption, t.footnotes) == ("Length of stay by subgroup", "† Days, mean (SD).")
    assert "Table 3. Length of stay by subgroup\nSubgroup\tEarly\tStandard\n" in html.text
    assert "Mobilisation within 24 hours" not in (t.footnotes or "")


def test_html_nested_table_rows_are_written_once():
    src = html_source(b"<table><tr><td>Outer</td><td><table><tr><td>inner 1</td><td>inner 2</td></tr>"
                      b"</table></td></tr><tr><td>Next</td><td>2</td></tr></table>")
    assert src.text.count("inner 1") == 1
    t, = src.tables
    assert (t.n_rows, t.n_cols) == (2, 2) and _grid(t)[0] == ["Outer", "inner 1 inner 2"]


def test_html_odd_spans_are_clamped():
    src = html_source(b"<table><tr><td rowspan='0'>All</td><td colspan='99999'>wide</td></tr>"
                      b"<tr><td>b</td></tr><tr><td>c</td></tr></table>")
    t, = src.tables
    cells = {(c.row, c.col): c for c in t.cells}
    assert cells[0, 0].row_span == 3 and cells[0, 1].col_span == 1000
    assert cells[1, 1].text == "b" and cells[2, 1].text == "c"


def test_grid_builder_places_cells_after_row_spans():
    g = GridBuilder()
    g.start_group()
    g.start_row()
    g.add(0, 1, row_span=3)
    g.add(1, 2)
    g.add(2, 3, row_span=2)
    g.start_row()
    g.add(3, 4)
    g.start_row()
    g.add(4, 5)
    g.add(5, 6)
    g.finish()
    assert [(c.row, c.col) for c in g.cells] == [(0, 0), (0, 1), (0, 2), (1, 1), (2, 1), (2, 2)]


# -- plain text ------------------------------------------------------------------------------------
def test_text_pipe_table_with_alignment_colons(text):
    t = _by_label(text)["Table 1"]
    assert _grid(t) == [["Outcome", "Exercise (n = 40)", "Advice (n = 41)", "P"],
                        ["Pain, mean (SD)", "3.1 (1.2)", "4.4 (1.5)", "<0.001"],
                        ["Falls, n (%)", "2 (5.0)", "6 (14.6)", "0.26"]]
    assert [c.is_header for c in t.cells if c.row == 0] == [True] * 4


def test_text_grid_table_joins_cell_lines_and_spans_columns(text):
    t = _by_label(text)["Table 2"]
    assert (t.n_rows, t.n_cols) == (4, 3)
    womac = next(c for c in t.cells if c.text == "WOMAC")
    assert womac.content == "WOMAC function" and [p.quote for p in womac.lines] == ["WOMAC", "function"]
    for p in womac.lines:
        assert text.text[p.char_start:p.char_end] == p.quote
    span = next(c for c in t.cells if c.text.startswith("5.2 kg"))
    assert (span.col, span.col_span, span.text) == (1, 2, "5.2 kg (both arms at 12 weeks)")
    assert [c.is_header for c in t.cells if c.row == 0] == [True] * 3 and not any(c.is_header for c in t.cells if c.row)


def test_text_pandoc_simple_table(text):
    t = _by_label(text)["Table 3"]
    assert _grid(t) == [["Outcome", "Exercise", "Advice"], ["Pain at 6 weeks", "3.8 (1.3)", "4.5 (1.4)"],
                        ["Pain at 12 weeks", "3.1 (1.2)", "4.4 (1.5)"]]


def test_text_pandoc_multiline_table_with_caption_below(text):
    t = _by_label(text)["Table 4"]
    assert t.caption == "A multiline table with its caption below" and t.footnotes == "* Mean (SD)."
    assert _grid(t) == [["Outcome measure", "Exercise group", "Advice group"],
                        ["Knee range, degrees", "112 (9)", "108 (11)"], ["Gait speed, m/s", "1.10 (0.21)", "1.02 (0.24)"]]


def test_text_tab_separated_and_space_aligned(text):
    tab = _by_label(text)["Table 5"]
    assert _grid(tab)[1] == ["Quality of life, EQ-5D", "0.71 (0.12)", "0.66 (0.14)"]
    assert [c.is_header for c in tab.cells if c.row == 0] == [True] * 3
    aligned = _by_label(text)["Table 6"]
    assert _grid(aligned) == [["Outcome", "Exercise", "Advice", "P"], ["Stiffness", "2.1 (0.9)", "2.6 (1.0)", "0.02"],
                              ["Swelling, n (%)", "4 (10.0)", "7 (17.1)", "0.52"]]
    assert aligned.footnotes == "Abbreviations: SD, standard deviation."


def test_text_prose_lists_and_references_are_no_tables(text):
    assert len(text.tables) == 6
    covered = [(t.prov.char_start, t.prov.char_end) for t in text.tables]
    for phrase in ("The two groups did not differ", "Smith A, Jones B", "Warm up"):
        at = text.text.index(phrase)
        assert not any(a <= at < b for a, b in covered), phrase


@pytest.mark.parametrize("prose", [
    # two columns of running text
    "The trial enrolled adults from    clinics that had agreed to take part\n"
    "in the study and who had given    written consent before any procedure\n"
    "was carried out by the staff of   the participating units in 2020.\n",
    # a reference list with aligned labels
    "[1]  Smith J, Doe A. A trial of drug X. N Engl J Med. 2020;382:1-10.\n"
    "[2]  Brown K. Another trial of drug Y. Lancet. 2019;393:11-20.\n"
    "[3]  Green L. Pooled analysis of trials. BMJ. 2018;360:k1.\n",
    # a numbered list of short items
    "1.  Screening\n2.  Randomisation\n3.  Follow-up\n4.  Analysis\n",
    # an address block and a signature
    "Department of Medicine    University Hospital\nMain Street 1              Springfield\n",
    # a line of dashes under a heading, then prose
    "Methods\n-------\nPatients were enrolled in 2020.  They were followed for a year.\n",
])
def test_text_false_positives(prose):
    assert find_tables(prose) == []


# -- every fixture, every format: cells quote the text ------------------------------------------------
ALL = sorted(p for p in DATA.rglob("*") if p.suffix in (".txt", ".html", ".xml", ".pdf")
             and "graph" not in p.parts)


@pytest.mark.parametrize("path", ALL, ids=[str(p.relative_to(DATA)) for p in ALL])
def test_every_cell_quotes_the_text(path):
    src = read(path)
    for t in src.tables:
        assert 0 <= t.prov.char_start <= t.prov.char_end <= len(src.text)
        assert t.prov.quote == src.text[t.prov.char_start:t.prov.char_end]
        seen = set()
        for c in t.cells:
            assert src.text[c.prov.char_start:c.prov.char_end] == c.text == c.prov.quote
            assert 0 <= c.row < t.n_rows and 0 <= c.col < t.n_cols and (c.row, c.col) not in seen
            seen.add((c.row, c.col))
            for p in c.lines:
                assert src.text[p.char_start:p.char_end] == p.quote


# -- golden files of the readers' tables ---------------------------------------------------------------
def snapshot(path: Path) -> list:
    out = []
    for t in read(path).tables:
        d = {k: v for k, v in to_dict(t).items() if k not in ("cells", "prov")}
        d["span"] = [t.prov.char_start, t.prov.char_end]
        d["cells"] = [[c.row, c.col, c.row_span, c.col_span, int(c.is_header), c.text, c.prov.char_start,
                       c.prov.char_end] + ([[[p.char_start, p.char_end] for p in c.lines]] if c.lines else [])
                      for c in t.cells]
        out.append(d)
    return out


@pytest.mark.parametrize("name", list(FIXTURES))
def test_tables_golden(name, golden):
    got = snapshot(FIXTURES[name])
    golden.check(f"tables/{name}.json", got)
