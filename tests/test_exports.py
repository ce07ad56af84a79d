"""Reference exports: each writer's output is read back with an independent reader and compared."""
import io
import json

import bibtexparser
import pytest
import rispy

from corpus import exports
from corpus.bibliography import bibliography_items
from corpus.exports import WRITERS, UnknownExport, export, register
from corpus.store import Store
from extractor.pipeline import extract
from refs_context import make_context
from extractor.references import extract_references
from extractor.model import Article

from pathlib import Path

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("exp") / "e.db")
    for name in ("vancouver_brackets", "apa_author_year"):
        text = (DATA / "refs" / f"{name}.txt").read_text(encoding="utf-8")
        refs, cites = extract_references(make_context(text))
        s.save(Article(path=f"{name}.txt", sha256=name * 2, format="text", text=text,
                       references=tuple(refs), extractor_version="t"))
    s.save(extract(DATA / "msc-long-covid-news.txt"))
    return s


def run(store, to, docs=None, references=True):
    buf = io.StringIO()
    n = export(store.conn, to, buf, docs, references=references)
    return n, buf.getvalue()


def reference_items(conn):
    """The items of the export with --references (corpus articles first, then cited works)."""
    return bibliography_items(conn, references=True)


def test_registry():
    assert {"ris", "bibtex", "csl-json"} <= set(WRITERS)
    with pytest.raises(UnknownExport) as e:
        exports.get_writer("endnote-xml")
    assert "csl-json" in str(e.value) and e.value.code == "E040"
    register("test-count", ".txt", lambda conn, out, ids=None: out.write("n") or 1, "a test writer")
    try:
        assert WRITERS["test-count"].suffix == ".txt"
    finally:
        WRITERS.pop("test-count")


def test_csl_json_round_trip(store):
    n, text = run(store, "csl-json")
    items = json.loads(text)
    assert n == len(items) == 3 + 8 + 7 + 6  # the 3 articles, then the works they cite
    assert len({i["id"] for i in items}) == n
    first = items[3]
    assert first["container-title-short"] == "JAMA" and first["DOI"] == "10.1001/jama.2016.0291"
    assert first["author"][0] == {"family": "Bellani", "given": "G"}
    assert first["page"] == "788-800" and first["issued"] == {"date-parts": [[2016]]}
    assert items == reference_items(store.conn)


def test_ris_round_trip(store):
    n, text = run(store, "ris")
    entries = rispy.loads(text)
    items = reference_items(store.conn)
    assert len(entries) == n == len(items)
    for e, it in zip(entries, items):
        assert e.get("title") == it.get("title")
        assert e.get("journal_name") == it.get("container-title")
        assert e.get("alternate_title1") == it.get("container-title-short")
        assert e.get("doi") == it.get("DOI")
        assert e.get("volume") == it.get("volume")
        assert e.get("year") == (str(it["issued"]["date-parts"][0][0]) if it.get("issued") else None)
        assert e.get("authors", []) == [
            a.get("literal") or f"{a['family']}, {a['given']}" for a in it.get("author", [])]
        if it.get("page"):
            assert "-".join(filter(None, [e.get("start_page"), e.get("end_page")])) == it["page"]


def unlatex(v: str) -> str:
    """A BibTeX field value as text (LaTeX escapes decoded by pylatexenc)."""
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text().latex_to_text(v).replace("ˆ", "^")


def test_bibtex_round_trip(store):
    n, text = run(store, "bibtex")
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    entries = lib.entries
    items = reference_items(store.conn)
    assert len(entries) == n == len(items)
    for e, it in zip(entries, items):
        f = e.fields_dict
        assert e.key == it["id"]
        assert (unlatex(f["title"].value) if "title" in f else None) == it.get("title")
        assert (unlatex(f["doi"].value) if "doi" in f else None) == it.get("DOI")
        assert (f["year"].value if "year" in f else None) == (
            str(it["issued"]["date-parts"][0][0]) if it.get("issued") else None)
        if it.get("author"):
            names = f["author"].value.split(" and ")
            assert [unlatex(x.strip("{}")) for x in names] == [
                a.get("literal") or f"{a['family']}, {a['given']}" for a in it["author"]]


def test_one_document_and_one_work_per_entry(store):
    doc = store.rows("SELECT id FROM documents WHERE path LIKE '%msc-long-covid%'")[0]["id"]
    n, text = run(store, "csl-json", [doc])
    items = json.loads(text)[1:]  # the article itself, then its references
    assert n == 7
    assert [i.get("container-title-short") for i in items] == [
        "Stem Cell Res Ther", "Lancet Respir Med", "JAMA", "Lancet", "Signal Transduct Target Ther",
        "Signal Transduct Target Ther"]
    assert items[4]["number"] == "272"


def test_cli_refs_and_export(tmp_path):
    from click.testing import CliRunner

    from cli import cli

    db = str(tmp_path / "cli.db")
    Store(db).save(extract(DATA / "msc-long-covid-news.txt"))
    runner = CliRunner()
    r = runner.invoke(cli, ["refs", "--db", db, "--json", "1"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert [(x["ordinal"], x["journal_iso"], x["pages"]) for x in rows] == [
        (1, "Stem Cell Res Ther", None), (2, "Lancet Respir Med", "475-481"), (3, "JAMA", "782-793"),
        (4, "Lancet", "707-724"), (5, "Signal Transduct Target Ther", "272"),
        (6, "Signal Transduct Target Ther", "339")]
    r = runner.invoke(cli, ["refs", "--db", db, "--csv"])
    assert r.output.splitlines()[0] == ",".join(exports.REFERENCE_COLUMNS)
    out = tmp_path / "refs.bib"
    r = runner.invoke(cli, ["export", "--db", db, "--to", "bibtex", "-o", str(out)])
    assert r.exit_code == 0
    assert len(bibtexparser.parse_string(out.read_text()).entries) == 1  # the article
    r = runner.invoke(cli, ["export", "--db", db, "--to", "bibtex", "--references", "-o", str(out)])
    assert r.exit_code == 0
    assert len(bibtexparser.parse_string(out.read_text()).entries) == 7  # and its references
    r = runner.invoke(cli, ["export", "--db", db, "--to", "ris", "--measure", "OR"])
    assert r.exit_code == 1 and "[E041] --measure does not apply to --to ris" in r.output
    r = runner.invoke(cli, ["export", "--db", db, "--to", "endnote-xml"])
    assert r.exit_code == 1 and "[E040]" in r.output and "ris" in r.output
