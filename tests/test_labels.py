"""Author–year labels and one work per article (documents.label, documents.work_id)."""
from __future__ import annotations

import dataclasses
import json
import sqlite3

from corpus import Store
from corpus.labels import label_base, work_labels
from corpus.migrations import MIGRATIONS, migrate
from handmade import article

KOWALSKA = ({"family": "Kowalska", "given": "Anna"}, {"family": "O'Neill", "given": "Brian"})


def _doc(text_tag: str, **meta):
    a = article(path=f"{text_tag}.txt", text=f"{text_tag}\n" + article().text)
    return dataclasses.replace(a, references=(), citations=(), **meta)


def _rows(store):
    return [(r["id"], r["label"], r["work_id"]) for r in store.rows(
        "SELECT id, label, work_id FROM documents ORDER BY id")]


def test_labels_letters_in_title_order_whatever_the_order_added(tmp_path):
    a = _doc("a", title="Zinc and colds in older adults", authors=KOWALSKA, year=2021)
    b = _doc("b", title="Atorvastatin and falls in older adults", authors=KOWALSKA, year=2021)
    c = _doc("c", title="Vitamin D in the ICU", authors=({"family": "Moreau", "given": "C"},), year=2019)
    s1 = Store(tmp_path / "one.db")
    for x in (a, b, c):
        s1.save(x)
    s2 = Store(tmp_path / "two.db")
    for x in (c, b, a):
        s2.save(x)
    by_path = lambda s: {r["path"]: r["label"] for r in s.rows("SELECT path, label FROM documents")}
    assert by_path(s1) == by_path(s2) == {"a.txt": "Kowalska 2021b", "b.txt": "Kowalska 2021a",
                                          "c.txt": "Moreau 2019"}


def test_a_lone_label_loses_its_letter_when_the_clash_goes(tmp_path):
    s = Store(tmp_path / "e.db")
    s.save(_doc("a", title="Zinc and colds in older adults", authors=KOWALSKA, year=2021))
    assert _rows(s)[0][1] == "Kowalska 2021"
    s.save(_doc("b", title="Atorvastatin and falls in older adults", authors=KOWALSKA, year=2021))
    assert [r[1] for r in _rows(s)] == ["Kowalska 2021b", "Kowalska 2021a"]


def test_copies_of_one_article_share_work_and_label(tmp_path):
    s = Store(tmp_path / "e.db")
    jats = _doc("jats", title="Zinc and colds in older adults", authors=KOWALSKA, year=2021,
                doi="10.5555/zinc", pmid="33012345", journal="Trial Reports in Cardiology",
                journal_iso="Trial Rep Cardiol", volume="12", first_page="145")
    html = _doc("html", title="Zinc and colds in older adults", doi="10.5555/ZINC")
    text = _doc("text", title="Zinc and colds in older adults", journal_iso="Trial Rep Cardiol",
                year=2021, volume="12", first_page="145")
    pdf = _doc("pdf", title="Zinc and colds in older adults.", authors=KOWALSKA, year=2021)
    pmid = _doc("pmid", title="Zinc in old age", pmid="33012345")
    other = _doc("other", title="Zinc and colds in older adults", authors=KOWALSKA, year=2020)
    for x in (jats, html, text, pdf, pmid, other):
        s.save(x)
    rows = _rows(s)
    work = rows[0][2]
    assert [r[2] == work for r in rows] == [True, True, True, True, True, False]
    assert [r[1] for r in rows] == ["Kowalska 2021"] * 5 + ["Kowalska 2020"]
    reasons = json.loads(s.rows("SELECT merge_reasons FROM works WHERE id = ?", (work,))[0]["merge_reasons"])
    assert [(r["document_id"], r["by"], r.get("copy_of")) for r in reasons] == [
        (1, "new", None), (2, "doi", 1), (3, "journal/year/volume/page", 1),
        (4, "title+year+first author", 1), (5, "pmid", 1)]
    assert s.rows("SELECT document_id FROM works WHERE id = ?", (work,))[0]["document_id"] == 1


def test_a_reference_joins_two_stored_copies(tmp_path):
    """A PDF known by journal/volume/page and a JATS copy known by DOI are one article once a
    reference shows both identities together."""
    from extractor.model import Reference
    from handmade import prov

    s = Store(tmp_path / "e.db")
    s.save(_doc("pdf", title="Zinc copy one", journal_iso="Trial Rep Cardiol", year=2021, volume="12",
                first_page="145"))
    s.save(_doc("jats", title="Zinc copy two", doi="10.5555/zinc"))
    assert len({r[2] for r in _rows(s)}) == 2
    citing = _doc("citing", title="Another paper citing zinc")
    line = citing.text.splitlines()[7]
    ref = Reference(1, line, prov(line), title="Zinc", journal_iso="Trial Rep Cardiol", year=2021,
                    volume="12", first_page="145", doi="10.5555/zinc")
    s.save(dataclasses.replace(citing, references=(ref,)))
    rows = _rows(s)
    assert rows[0][2] == rows[1][2] != rows[2][2]
    assert rows[0][1] == rows[1][1]


def test_work_labels_for_cited_works(tmp_path):
    s = Store(tmp_path / "e.db")
    s.save(article())
    labels = work_labels(s.conn)
    doc_work = s.rows("SELECT work_id, label FROM documents")[0]
    assert labels[doc_work["work_id"]] == doc_work["label"]
    cited = {labels[r["work_id"]] for r in s.rows("SELECT work_id FROM refs WHERE work_id IS NOT NULL")}
    assert {"Smith 2021", "Lee 2022"} <= cited


def test_label_base_without_author_or_year():
    assert label_base(None, None, None, "m01") == "m01 n.d."
    assert label_base([{"family": "Shi"}], 2022, "x") == "Shi 2022"


def test_migration_backfills_metadata_work_and_label(tmp_path):
    """A store written before m005: metadata from the stored text, works and labels."""
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    for name, fn in MIGRATIONS:
        if name.startswith("m005"):
            break
        fn(db)
        db.execute("INSERT INTO _migrations VALUES (?, 'then')", (name,))
    text = ("Zinc lozenges and colds in older adults: a trial\n"
            "Anna Kowalska, Brian O'Neill and Wei Chen\n"
            "Trial Reports in Cardiology 2021;12(3):145-152\n"
            "We randomly assigned 120 adults to zinc or placebo.\n")
    for i, doi in ((1, "10.5555/zinc"), (2, "10.5555/zinc")):
        db.execute("INSERT INTO documents (id, sha256, path, format, title, doi, text) VALUES (?,?,?,?,?,?,?)",
                   (i, f"sha{i}", f"z{i}.txt", "text", "Zinc lozenges and colds in older adults: a trial",
                    doi, text))
    db.close()
    s = Store(path)
    rows = s.rows("SELECT label, work_id, authors, year, journal, journal_iso, volume, issue,"
                  " first_page, last_page FROM documents ORDER BY id")
    assert rows[0]["label"] == rows[1]["label"] == "Kowalska 2021"
    assert rows[0]["work_id"] == rows[1]["work_id"] is not None
    assert json.loads(rows[0]["authors"])[2] == {"family": "Chen", "given": "Wei"}
    assert (rows[0]["journal"], rows[0]["journal_iso"], rows[0]["volume"], rows[0]["issue"],
            rows[0]["first_page"], rows[0]["last_page"]) == (
        "Trial Reports in Cardiology", "Trial Rep Cardiol", "12", "3", "145", "152")
    assert migrate(s.conn) == []


def test_graph_counts_works_not_copies(tmp_path):
    """A citing article stored twice (JATS and PDF, say) is one node; its references count once."""
    import graph

    s = Store(tmp_path / "e.db")
    one = dataclasses.replace(article(path="a.xml"), doi="10.5555/citing", title="A citing trial")
    two = dataclasses.replace(article(path="a.pdf", text="copy\n" + article().text), doi="10.5555/citing",
                              title="A citing trial")
    s.save(one)
    single = graph.citation_graph(s, clusters=False)
    s.save(two)
    G = graph.citation_graph(s, clusters=False)
    assert sorted(G.edges(data="weight")) == sorted(single.edges(data="weight"))
    assert G.number_of_nodes() == single.number_of_nodes()
    cited = [n for n, a in G.nodes(data=True) if not a["in_corpus"]]
    assert all(G.nodes[n]["cited_by"] == 1 for n in cited)


def test_copies_without_year_or_author_join_on_the_same_long_title_only(tmp_path):
    s = Store(tmp_path / "e.db")
    s.save(_doc("news-pdf", title="MSC therapy shows long-term benefits in severe COVID-19"))
    s.save(_doc("news-html", title="MSC therapy shows long-term benefits in severe COVID-19"))
    s.save(_doc("short-a", title="Editorial comment"))
    s.save(_doc("short-b", title="Editorial comment"))
    s.save(_doc("dated", title="MSC therapy shows long-term benefits in severe COVID-19", year=2025))
    rows = _rows(s)
    assert rows[0][2] == rows[1][2] and len({r[2] for r in rows}) == 4
    assert [r[1] for r in rows] == ["MSC therapy shows n.d.", "MSC therapy shows n.d.",
                                    "Editorial comment n.d.-a", "Editorial comment n.d.-b",
                                    "MSC therapy shows 2025"]
    reasons = json.loads(s.rows("SELECT merge_reasons FROM works WHERE id = ?", (rows[0][2],))[0]["merge_reasons"])
    assert reasons[-1]["by"] == "title (no year or author on either copy)"
