"""The tables/table_cells contract: migration, save in the document's transaction, replace on
force, the quote invariant for every cell of every fixture in every format, and `evidence show`."""
import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from corpus import Store
from corpus.migrations import applied
from extractor import extract

DATA = Path(__file__).parent / "data"
FILES = sorted([*DATA.glob("msc-long-covid-news*"), DATA / "jats" / "msc-long-covid-news.xml",
                DATA / "jats" / "vitd-icu-trial.xml", *(DATA / "tables").iterdir(),
                *(p for p in (DATA / "trials").iterdir() if p.suffix in (".txt", ".html"))])


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.db", hooks=False)
    yield s
    s.close()


def test_migration_creates_both_tables(store):
    assert "m004_tables" in applied(store.conn)
    cols = {r[1] for r in store.conn.execute("PRAGMA table_info(tables)")}
    assert {"document_id", "label", "caption", "footnotes", "page", "n_rows", "n_cols", "char_start", "char_end"} <= cols
    cols = {r[1] for r in store.conn.execute("PRAGMA table_info(table_cells)")}
    assert {"table_id", "row", "col", "row_span", "col_span", "is_header", "text", "char_start", "char_end", "page",
            "bbox"} <= cols
    fks = {(r[2], r[6]) for r in store.conn.execute("PRAGMA foreign_key_list(table_cells)")}
    assert fks == {("tables", "CASCADE")}


def test_every_stored_cell_quotes_the_document_text(tmp_path):
    s = Store(tmp_path / "all.db")
    for path in FILES:
        s.save(extract(path))
    bad = s.rows("SELECT c.id, c.text FROM table_cells c JOIN tables t ON t.id = c.table_id "
                 "JOIN documents d ON d.id = t.document_id "
                 "WHERE substr(d.text, c.char_start + 1, c.char_end - c.char_start) IS NOT c.text")
    assert bad == []
    n = s.rows("SELECT count(*) AS n FROM table_cells")[0]["n"]
    assert n > 200
    img = s.rows("SELECT label, caption FROM tables t WHERE NOT EXISTS "
                 "(SELECT 1 FROM table_cells c WHERE c.table_id = t.id)")
    assert {"label": "Table 3", "caption": "Adverse events during treatment"} in img
    s.close()


def test_save_and_replace_on_force(store):
    a = extract(DATA / "tables" / "trial-tables.xml")
    first = store.save(a)
    rows = store.rows("SELECT seq, label, n_rows, n_cols FROM tables ORDER BY seq")
    assert rows == [{"seq": 1, "label": "Table 1", "n_rows": 7, "n_cols": 5},
                    {"seq": 2, "label": "Table 2", "n_rows": 6, "n_cols": 4},
                    {"seq": 3, "label": "Table 3", "n_rows": 0, "n_cols": 0}]
    cells = store.rows("SELECT count(*) AS n FROM table_cells")[0]["n"]
    assert cells == sum(len(t.cells) for t in a.tables)
    span = store.rows("SELECT row, col, row_span, col_span, is_header FROM table_cells WHERE text = 'Characteristic'")
    assert span == [{"row": 0, "col": 0, "row_span": 2, "col_span": 1, "is_header": 1}]
    assert store.save(a).status == "unchanged"
    fewer = dataclasses.replace(a, tables=a.tables[:1])
    again = store.save(fewer, force=True)
    assert (again.status, again.document_id) == ("replaced", first.document_id)
    assert store.rows("SELECT label FROM tables") == [{"label": "Table 1"}]
    assert store.rows("SELECT count(*) AS n FROM table_cells")[0]["n"] == len(a.tables[0].cells)


def test_multiline_text_cells_keep_their_lines(store):
    store.save(extract(DATA / "tables" / "text-tables.txt"))
    row, = store.rows("SELECT c.text, c.lines, d.text AS doc FROM table_cells c JOIN tables t ON t.id = c.table_id "
                      "JOIN documents d ON d.id = t.document_id WHERE c.text = 'WOMAC'")
    import json
    parts = [row["doc"][a:b] for a, b in json.loads(row["lines"])]
    assert parts == ["WOMAC", "function"]


def test_show_lists_the_tables(tmp_path):
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["extract", "--quiet", "--db", db, str(DATA / "tables" / "trial-tables.xml")]).exit_code == 0
    out = runner.invoke(cli, ["show", "1", "--db", db]).output
    assert ("Tables:\n"
            "  Table 1: Baseline characteristics Values are n (%) unless stated otherwise. (7 × 5, 26 cells)\n"
            "  Table 2: Outcomes by group (6 × 4, 23 cells)\n"
            "  Table 3: Adverse events during treatment (image only, no cells)\n") in out
