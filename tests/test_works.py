"""References deduplicated into works, with merge reasons, and documents linked to their work."""
import hashlib
import json

import pytest

from corpus.store import Store
from extractor.model import Article, Provenance, Reference

P = Provenance(0, 1, "x")


def ref(ordinal, **kw):
    return Reference(ordinal=ordinal, raw=kw.pop("raw", f"ref {ordinal}"), prov=P, **kw)


def article(name, refs=(), **kw):
    return Article(path=f"/corpus/{name}.txt", sha256=hashlib.sha256(name.encode()).hexdigest(),
                   format="text", text="x" * 10, references=tuple(refs), extractor_version="t", **kw)


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "works.db")


def works(store):
    return store.rows("SELECT * FROM works ORDER BY id")


def work_of(store, doc_id, ordinal):
    return store.rows("SELECT work_id FROM refs WHERE document_id = ? AND ordinal = ?",
                      (doc_id, ordinal))[0]["work_id"]


LANCET = dict(journal_iso="Lancet", year=2020, volume="395", first_page="497", last_page="506",
              title="Clinical features of patients infected with 2019 novel coronavirus in Wuhan, China")


def test_same_doi_is_one_work_with_a_reason(store):
    a = store.save(article("a", [ref(1, doi="10.1016/S0140-6736(20)30183-5", **LANCET)])).document_id
    b = store.save(article("b", [ref(1, doi="10.1016/s0140-6736(20)30183-5")])).document_id
    w = work_of(store, a, 1)
    assert w == work_of(store, b, 1)
    row = next(x for x in works(store) if x["id"] == w)
    assert row["key"] == "doi:10.1016/s0140-6736(20)30183-5"
    reasons = json.loads(row["merge_reasons"])
    assert [r["by"] for r in reasons] == ["new", "doi"]
    assert reasons[1]["document_id"] == b


def test_journal_volume_page_then_a_doi_upgrades_the_key(store):
    a = store.save(article("a", [ref(1, **LANCET)])).document_id
    w = work_of(store, a, 1)
    assert next(x for x in works(store) if x["id"] == w)["key"].startswith("jvp:lancet|2020|395|497")
    b = store.save(article("b", [ref(1, doi="10.1016/S0140-6736(20)30183-5", journal_iso="Lancet",
                                     year=2020, volume="395", first_page="497")])).document_id
    assert work_of(store, b, 1) == w
    row = next(x for x in works(store) if x["id"] == w)
    assert row["key"] == "doi:10.1016/s0140-6736(20)30183-5" and row["doi"]
    assert json.loads(row["merge_reasons"])[-1]["by"] == "journal/year/volume/page"


def test_fuzzy_title_merges_and_siblings_do_not(store):
    a = store.save(article("a", [
        ref(1, title="Remdesivir in adults with severe COVID-19: a randomised, double-blind, placebo-controlled, multicentre trial", year=2020, journal_iso="Lancet"),
        ref(2, journal_iso="Lancet", year=2020, volume="8", first_page="475"),
    ])).document_id
    b = store.save(article("b", [
        ref(1, title="Remdesivir in adults with severe COVID-19 - a randomised, double blind, placebo controlled, multicentre trial.", year=2020),
        ref(2, journal_iso="Lancet Respir Med", year=2020, volume="8", first_page="475"),
    ])).document_id
    assert work_of(store, a, 1) == work_of(store, b, 1)
    reason = json.loads(next(x for x in works(store) if x["id"] == work_of(store, a, 1))["merge_reasons"])[-1]
    assert reason["by"] == "title" and reason["score"] >= 0.93
    assert work_of(store, a, 2) != work_of(store, b, 2)


def test_different_dois_never_merge(store):
    t = "A randomized trial of mesenchymal stem cells in severe COVID-19 pneumonia"
    a = store.save(article("a", [ref(1, title=t, year=2021, doi="10.1/aaa")])).document_id
    b = store.save(article("b", [ref(1, title=t, year=2021, doi="10.1/bbb")])).document_id
    assert work_of(store, a, 1) != work_of(store, b, 1)


def test_pmid_merges(store):
    a = store.save(article("a", [ref(1, pmid="32445440")])).document_id
    b = store.save(article("b", [ref(1, pmid="32445440", title="Remdesivir for the treatment of Covid-19")])).document_id
    assert work_of(store, a, 1) == work_of(store, b, 1)


def test_cited_document_arriving_after_the_citing_one(store):
    doi = "10.1186/s13287-025-04148-1"
    citing = store.save(article("news", [ref(1, doi=doi, journal_iso="Stem Cell Res Ther", year=2025)])).document_id
    cited = store.save(article("study", [], doi=doi, title="Three-year follow-up of MSC therapy")).document_id
    w = work_of(store, citing, 1)
    assert next(x for x in works(store) if x["id"] == w)["document_id"] == cited
    edges = store.rows("SELECT * FROM citation_edges")
    assert [(e["citing_document_id"], e["cited_work_id"]) for e in edges] == [(citing, w)]
    assert edges[0]["citing_work_id"] is not None  # the news document is a work too


def test_cited_document_arriving_before_the_citing_one(store):
    title = "Three-year outcomes of mesenchymal stem cell therapy for severe COVID-19"
    cited = store.save(article("study", [], title=title, meta={"journal_iso": "Stem Cell Res Ther", "year": 2025})).document_id
    citing = store.save(article("news", [ref(1, title=title, journal_iso="Stem Cell Res Ther", year=2025)])).document_id
    w = work_of(store, citing, 1)
    assert next(x for x in works(store) if x["id"] == w)["document_id"] == cited


def test_resaving_a_document_is_stable(store):
    art = article("a", [ref(1, doi="10.1/xyz"), ref(2, **LANCET)])
    store.save(art)
    n = len(works(store))
    store.save(art, force=True)
    assert len(works(store)) == n
    assert all(r["work_id"] for r in store.rows("SELECT work_id FROM refs"))
    doc = store.rows("SELECT id FROM documents")[0]["id"]
    assert len(store.rows("SELECT id FROM works WHERE document_id = ?", (doc,))) == 1
