"""Files written for the user are safe to open and never destroy anything.

* ``-o`` never replaces the store or another SQLite database, keeps an existing file unless
  ``--force``, and a failure half-way leaves the old file as it was (one guard:
  :mod:`corpus.output`).
* CSV cells never start a spreadsheet formula; BibTeX fields cannot add fields; the HTML map's
  data cannot leave its ``<script>`` element; ``$`` in a label is not TeX in SVG/PNG figures.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import sqlite3
from pathlib import Path

import bibtexparser
import pytest

import handmade
from corpus.store import Store
from extractor.model import Reference
from graph.topics import tag_works
from graph_helpers import manifest_store
from reliability_helpers import assert_clean_error, invoke
from test_reliability_store import read_only

FORMULAS = ["=1+2", "+SUM(A1:A2)", "-2+3", "@SUM(1,1)", "=HYPERLINK(\"http://x\",\"y\")",
            "\t=1", "\r=1"]


# -- stores with hostile text -----------------------------------------------------------------
def hostile_article(*, title: str, outcome: str, path: str = "trial.txt"):
    """The hand-made trial with its title and outcome name replaced."""
    a = handmade.article(path=path)
    study = a.studies[0]
    out = dataclasses.replace(study.outcomes[0], name=outcome)
    return dataclasses.replace(a, title=title, studies=(dataclasses.replace(study, outcomes=(out,)),))


@pytest.fixture
def store_db(tmp_path) -> Path:
    db = tmp_path / "s.db"
    with Store(db, hooks=False) as s:
        s.save(hostile_article(title="=IMPORTXML(\"http://x\")", outcome="=cmd|' /C calc'!A0"))
    return db


@pytest.fixture
def graph_db(tmp_path) -> Path:
    """The graph test corpus, every work's title replaced by a hostile one."""
    db = tmp_path / "g.db"
    conn = manifest_store(db)
    tag_works(conn)
    titles = ["<!--<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "$\\frac{$ broken TeX",
              "Cost: $5 vs $10 per dose", "@SUM(A1)", "-1+1 \x1b[31mred"]
    ids = [r[0] for r in conn.execute("SELECT id FROM works ORDER BY id")]
    with conn:
        for i, wid in enumerate(ids):
            conn.execute("UPDATE works SET title = ? WHERE id = ?", (titles[i % len(titles)], wid))
    conn.close()
    return db


# -- 1. the output guard ----------------------------------------------------------------------
def test_graph_refuses_the_store_as_output(graph_db):
    before = graph_db.read_bytes()
    r = invoke("graph", "--db", graph_db, "--format", "json", "-o", graph_db)
    assert r.exit_code == 1
    assert_clean_error(r.stderr, "E044")
    assert graph_db.read_bytes() == before
    r = invoke("graph", "--db", graph_db, "--format", "json", "-o", graph_db, "--force")
    assert r.exit_code == 1 and graph_db.read_bytes() == before
    r = invoke("graph", "--db", graph_db, "--format", "json", "-o", f"{graph_db}-wal")
    assert r.exit_code == 1
    assert_clean_error(r.stderr, "E044")


def test_export_refuses_the_store_and_any_sqlite_file(store_db, tmp_path):
    before = store_db.read_bytes()
    r = invoke("export", "--db", store_db, "--to", "ris", "-o", store_db)
    assert r.exit_code == 1
    assert_clean_error(r.stderr, "E044")
    assert store_db.read_bytes() == before
    other = tmp_path / "zotero.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE items (id INTEGER PRIMARY KEY)").connection.close()
    before = other.read_bytes()
    r = invoke("export", "--db", store_db, "--to", "ris", "-o", other, "--force")
    assert r.exit_code == 1
    assert_clean_error(r.stderr, "E044")
    assert other.read_bytes() == before


def test_export_keeps_an_existing_file_unless_force(store_db, tmp_path):
    out = tmp_path / "refs.ris"
    out.write_text("my notes\n")
    r = invoke("export", "--db", store_db, "--to", "ris", "-o", out)
    assert r.exit_code == 1
    assert_clean_error(r.stderr, "E042")
    assert out.read_text() == "my notes\n"
    r = invoke("export", "--db", store_db, "--to", "ris", "-o", out, "--force")
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith("TY  - ")


def test_graph_keeps_existing_files_unless_force(graph_db, tmp_path):
    out = tmp_path / "review.csv"
    (tmp_path / "review-edges.csv").write_text("keep\n")
    r = invoke("graph", "--db", graph_db, "-o", out)
    assert r.exit_code == 1
    assert_clean_error(r.stderr, "E042")
    assert not (tmp_path / "review-nodes.csv").exists()  # neither file written
    assert (tmp_path / "review-edges.csv").read_text() == "keep\n"
    assert invoke("graph", "--db", graph_db, "-o", out, "--force").exit_code == 0
    assert (tmp_path / "review-edges.csv").read_text().startswith("source,target")


def test_an_export_that_fails_half_way_leaves_the_old_file(store_db, tmp_path):
    from corpus.exports import WRITERS, register

    def broken(conn, out, ids=None):
        out.write("half a record")
        raise sqlite3.DatabaseError("database disk image is malformed")

    out = tmp_path / "refs.txt"
    out.write_text("yesterday's export\n")
    register("test-broken", ".txt", broken, "fails half-way")
    try:
        with pytest.raises(sqlite3.DatabaseError):
            invoke("export", "--db", store_db, "--to", "test-broken", "-o", out, "--force")
    finally:
        WRITERS.pop("test-broken")
    assert out.read_text() == "yesterday's export\n"
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]  # no temporary file left


@pytest.mark.parametrize("command", [["export", "--to", "ris"], ["graph"]])
def test_output_into_a_missing_folder(command, store_db, graph_db, tmp_path):
    db = graph_db if command == ["graph"] else store_db
    r = invoke(*command, "--db", db, "-o", tmp_path / "no" / "such" / "out.json")
    assert r.exit_code == 1
    line = assert_clean_error(r.stderr, "E043")
    assert "does not exist" in line and "create the folder" in line


@pytest.mark.parametrize("command", [["export", "--to", "ris"], ["graph"]])
def test_output_into_a_read_only_folder(command, store_db, graph_db, tmp_path):
    db = graph_db if command == ["graph"] else store_db
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        r = invoke(*command, "--db", db, "-o", folder / "out.json")
    assert r.exit_code == 1
    assert_clean_error(r.stderr, "E043", about="read-only")


def test_python_graph_writers_use_the_guard(graph_db, tmp_path):
    import graph

    conn = sqlite3.connect(graph_db)
    out = tmp_path / "g.gexf"
    graph.export_graph(conn, out)
    from corpus.errors import OutputExists, OutputIsDatabase

    with pytest.raises(OutputExists):
        graph.export_graph(conn, out)
    graph.export_graph(conn, out, force=True)
    with pytest.raises(OutputIsDatabase):
        graph.export_graph(conn, graph_db, fmt="json", force=True)


# -- 5. CSV cells -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", FORMULAS)
def test_csv_cell_never_starts_a_formula(text):
    from corpus.output import csv_cell

    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-0.25, "-0.25", "+3", "-1,234.5", "-12%", 3, None, "plain"])
def test_csv_cell_keeps_numbers_and_plain_text(value):
    from corpus.output import csv_cell

    assert csv_cell(value) == ("" if value is None else value)


def _cells(text: str, dialect: str = "excel") -> list[str]:
    return [c for row in csv.reader(io.StringIO(text), dialect=dialect) for c in row]


def _assert_safe(cells: list[str]) -> None:
    for c in cells:
        if c[:1] in ("=", "+", "-", "@", "\t", "\r"):
            assert re.fullmatch(r"[+-]?[\d.,]+(?:[eE][+-]?\d+)?%?", c), f"formula cell {c!r}"


@pytest.mark.parametrize("to", ["effects-csv", "metafor", "revman"])
def test_effect_tables_are_spreadsheet_safe(store_db, tmp_path, to):
    out = tmp_path / f"{to}.csv"
    r = invoke("export", "--db", store_db, "--to", to, "-o", out)
    assert r.exit_code == 0, r.output
    cells = _cells(out.read_text())
    assert "'=cmd|' /C calc'!A0" in cells
    _assert_safe(cells)


def test_graph_csv_is_spreadsheet_safe(graph_db, tmp_path):
    assert invoke("graph", "--db", graph_db, "-o", tmp_path / "g.csv").exit_code == 0
    cells = _cells((tmp_path / "g-nodes.csv").read_text())
    assert "'=HYPERLINK(\"http://x\")" in cells and "'@SUM(A1)" in cells
    assert "'-1+1 \\x1b[31mred" in cells  # the escape character is written as text
    _assert_safe(cells)
    _assert_safe(_cells((tmp_path / "g-edges.csv").read_text()))


@pytest.mark.parametrize("fmt, dialect", [("--csv", "excel"), ("--tsv", "excel-tab")])
def test_listings_are_spreadsheet_safe(store_db, fmt, dialect):
    r = invoke("documents", "--db", store_db, fmt)
    assert r.exit_code == 0
    cells = _cells(r.stdout, dialect)
    assert "'=IMPORTXML(\"http://x\")" in cells
    _assert_safe(cells)
    r = invoke("sql", "select '=1+2' as a, -5 as b, '-0.5' as c", "--db", store_db, fmt)
    assert _cells(r.stdout, dialect) == ["a", "b", "c", "'=1+2", "-5", "-0.5"]


def test_csv_writer_round_trip():
    from corpus.output import CsvWriter

    buf = io.StringIO()
    w = CsvWriter(buf, ["a", "b"])
    w.writerow({"a": "x, \"y\"\nz", "b": 1.5})
    w.writerow(["=2", None])
    assert list(csv.reader(io.StringIO(buf.getvalue()))) == [
        ["a", "b"], ["x, \"y\"\nz", "1.5"], ["'=2", ""]]


# -- 6. BibTeX --------------------------------------------------------------------------------
BIB_PROBES = [
    {"family": "+Smith}, title={Injected", "given": "J"},
    {"family": "Doe", "given": "A}}} @misc{evil,"},
    {"literal": "Group} , journal = {Fake"},
    {"family": "Back\\slash\\", "given": "K"},
    {"family": "O'Brien", "given": "{{"},
    {"family": "Ng", "given": "C"},
    {"family": "Tilde~Caret^", "given": "D"},
]


def test_bibtex_fields_cannot_add_fields(tmp_path):
    text = handmade.TEXT
    refs = tuple(
        Reference(i + 1, f"raw {i}", handmade.prov("Results"), authors=(name,),
                  title=["Title } , note = {x", "A {study", "Plain", "50% of $5 & #1_a",
                         "x\\}", "}{", "ok"][i], journal="Lancet", year=2020, volume="1",
                  first_page="1}", last_page="2")
        for i, name in enumerate(BIB_PROBES))
    a = dataclasses.replace(handmade.article(), references=refs, citations=())
    db = tmp_path / "b.db"
    with Store(db, hooks=False) as s:
        s.save(a)
    r = invoke("export", "--db", db, "--to", "bibtex", "--references", "-o", tmp_path / "out.bib")
    assert r.exit_code == 0, r.output
    bib = (tmp_path / "out.bib").read_text()
    lib = bibtexparser.parse_string(bib)
    assert not lib.failed_blocks
    assert len(lib.entries) == 8  # the article and its 7 references
    for e in lib.entries[1:]:
        fields = {f.key for f in e.fields}
        assert {"author", "title", "journal", "year", "volume"} <= fields, e.key
        assert not fields & {"note"}, e.key  # no field injected by a value
    for e in lib.entries:
        for f in e.fields:  # BibTeX counts every brace: each value must balance on its own
            depth = 0
            for ch in f.value:
                depth += {"{": 1, "}": -1}.get(ch, 0)
                assert depth >= 0, (e.key, f.key, f.value)
            assert depth == 0, (e.key, f.key, f.value)
    injected = [e for e in lib.entries if "Injected" in (e.fields_dict.get("author").value
                                                           if "author" in e.fields_dict else "")]
    assert len(injected) == 1 and "textbraceright" in injected[0]["author"]


# -- 4. the HTML map's data block ---------------------------------------------------------------
def test_html_map_data_stays_in_its_script(graph_db, tmp_path):
    out = tmp_path / "map.html"
    assert invoke("graph", "--db", graph_db, "-o", out).exit_code == 0
    page = out.read_text()
    m = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page, re.S)
    assert m, "no data block"
    block = m.group(1)
    assert "<" not in block and ">" not in block
    titles = {n.get("title") for n in json.loads(block)["nodes"]}
    assert "<!--<script>alert(1)</script>" in titles
    # the page has exactly its two script elements, and the renderer after the data
    assert page.count("<script") == 2 and page.rstrip().endswith("</html>")


def test_template_placeholders_in_data_are_not_expanded(graph_db, tmp_path):
    import graph

    conn = sqlite3.connect(graph_db)
    with conn:
        conn.execute("UPDATE works SET title = '__DATA__ __JS__'")
    graph.export_graph(conn, tmp_path / "m.html", title="__DATA__ map")
    page = (tmp_path / "m.html").read_text()
    assert "<title>__DATA__ map</title>" in page


# -- 7. figures: "$" is a character ---------------------------------------------------------------
def test_svg_labels_are_not_tex(graph_db, tmp_path):
    out = tmp_path / "g.svg"
    r = invoke("graph", "--db", graph_db, "-o", out)
    assert r.exit_code == 0, r.output
    svg = out.read_text()
    assert "$\\frac{$ broken TeX" in svg or "$\\frac{$ broken TeX"[:40] in svg
    assert "Cost: $5 vs $10 per dose" in svg


def test_figure_text_leaves_out_control_characters():
    from graph.figure import _cut
    assert _cut("-1+1 \x1b[31mred\tline\nbreak", 60) == "-1+1 [31mred line break"
    assert _cut("a\x1b" + "b" * 50, 10) == "a" + "b" * 8 + "\u2026"


def test_png_with_invalid_tex_labels(graph_db, tmp_path):
    out = tmp_path / "g.png"
    r = invoke("graph", "--db", graph_db, "-o", out)
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"\x89PNG")


def test_forest_plot_labels_are_not_tex(tmp_path):
    """The forest-plot SVG draws outcome names as written (invalid TeX used to fail it)."""
    db = tmp_path / "f.db"
    with Store(db, hooks=False) as s:
        s.save(hostile_article(title="Cost trial", outcome="$\\frac{$ cost: $5 vs $10"))
    out = tmp_path / "forest.svg"
    r = invoke("export", "--db", db, "--to", "forest", "-o", out)
    assert r.exit_code == 0, r.output
    assert "$\\frac{$ cost: $5 vs $10" in out.read_text()
