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


# -- scaling: indexed lookups, the title-length bound, derived columns ---------------------------

import sqlite3

from hypothesis import given, settings, strategies as st
from rapidfuzz import fuzz

from corpus import works as W
from corpus.migrations import MIGRATIONS, migrate


def plan(conn, sql, params):
    return " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_every_lookup_reads_an_index(store):
    store.save(article("a", [ref(1, doi="10.1/x", **LANCET)]))
    conn = store.conn
    traced = []
    conn.set_trace_callback(traced.append)
    store.save(article("b", [ref(1, doi="10.1/y", title=LANCET["title"] + " again", year=2020,
                                 journal_iso="Lancet"),
                             ref(2, pmid="123", **LANCET), ref(3, title=LANCET["title"])]))
    conn.set_trace_callback(None)
    lookups = [q for q in traced if q.lstrip().upper().startswith("SELECT") and " works" in q]
    assert len(lookups) >= 6
    for sql in lookups:
        p = plan(conn, sql, ())
        # a scan is allowed only of the partial indexes holding works not yet normalised
        assert "SCAN works" not in p or p.endswith("unnormalized"), (sql, p)
        assert "works" in p and ("INDEX" in p or "PRIMARY KEY" in p), (sql, p)
    kinds = " ".join(lookups)
    for needle in ("key = ", "lower(doi) = ", "pmid = ", "first_page = ", "title_len BETWEEN",
                   "document_id = "):
        assert needle in kinds, needle


def test_title_candidates_come_from_the_fuzzy_indexes(store):
    conn = store.conn
    sqls = []
    conn.set_trace_callback(sqls.append)
    for year, journal in ((2020, "lancet"), (2020, None), (None, "lancet"), (None, None)):
        W._title_candidates(conn, "a randomized trial of something else", year, journal)
    conn.set_trace_callback(None)
    used = " ".join(plan(conn, s, ()) for s in sqls)
    for index in ("works_fuzzy_year_journal", "works_fuzzy_year", "works_fuzzy_journal",
                  "works_fuzzy_len"):
        assert f"INDEX {index} " in used, index


WORDS = st.sampled_from("cell stem lung injury trial randomized covid a of in the severe 19".split())


@st.composite
def title_pairs(draw):
    a = " ".join(draw(st.lists(WORDS, min_size=3, max_size=14)))
    b = list(a)
    for _ in range(draw(st.integers(0, 8))):  # insertions and deletions
        k = draw(st.integers(0, len(b)))
        if draw(st.booleans()) and k < len(b):
            del b[k]
        else:
            b.insert(k, draw(st.sampled_from("abcdeio ")))
    return a, "".join(b)


@settings(max_examples=400, deadline=None)
@given(title_pairs())
def test_length_bound_never_excludes_a_title_that_reaches_the_threshold(pair):
    a, b = (W.normalize_title(x) for x in pair)
    score = fuzz.token_sort_ratio(a, b)
    lo, hi = W.title_length_bounds(len(a))
    if score >= W.TITLE_THRESHOLD:
        assert lo <= len(b) <= hi
    # scoring the stored sorted forms with ratio is scoring the titles with token_sort_ratio
    assert fuzz.ratio(W.sorted_title(pair[0]), W.sorted_title(pair[1])) == score
    assert len(W.sorted_title(pair[1])) == len(b)
    # and the bound is tight up to the one-character slack: a length just outside cannot match
    assert fuzz.token_sort_ratio(a, "x" * (hi + 1)) < W.TITLE_THRESHOLD or len(a) == 0


def test_works_written_by_other_code_are_normalised_before_matching(store):
    title = "Mesenchymal stromal cells for long COVID: a randomized controlled trial"
    wid = store.conn.execute("INSERT INTO works (key, title, journal_iso, year) VALUES (?,?,?,?)",
                             ("manual:1", title, "Stem Cell Res. Ther.", 2024)).lastrowid
    a = store.save(article("a", [ref(1, title=title.upper(), year=2024,
                                     journal_iso="Stem Cell Res Ther")])).document_id
    row = store.rows("SELECT * FROM works WHERE id = ?", (wid,))[0]
    assert work_of(store, a, 1) == wid and row["key"].startswith("title:")
    assert row["title_norm"] == W.sorted_title(title) and row["title_len"] == len(row["title_norm"])
    assert row["journal_norm"] == "stem cell res ther"
    # a title changed by hand clears the derived columns (a trigger) until the next link
    store.conn.execute("UPDATE works SET title = 'Another title' WHERE id = ?", (wid,))
    assert store.rows("SELECT title_norm FROM works WHERE id = ?", (wid,))[0]["title_norm"] is None


def test_migration_backfills_an_older_store():
    db = sqlite3.connect(":memory:", isolation_level=None)
    for name, fn in MIGRATIONS[:2]:
        fn(db)
        db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        db.execute("INSERT INTO _migrations VALUES (?, 'then')", (name,))
    db.execute("INSERT INTO works (key, title, journal_iso) VALUES ('k', 'Sensébé: A Trial!', 'N. Engl. J. Med.')")
    db.execute("INSERT INTO works (key) VALUES ('bare')")
    ran = migrate(db)  # m003 and any later migrations
    assert ran[0] == "m003_works_normalized_titles" and ran == [name for name, _ in MIGRATIONS[2:]]
    assert db.execute("SELECT title_norm, title_len, journal_norm FROM works ORDER BY id").fetchall() \
        == [("a sensebe trial", 15, "n engl j med"), (None, None, None)]


# -- joining two works a new reference reveals to be one ------------------------------------------

DOI = "10.1016/S0140-6736(20)30183-5"
LOCUS = dict(journal_iso="Lancet", year=2020, volume="395", first_page="497")


def test_a_reference_with_doi_and_locus_joins_the_doi_work_and_the_locus_work(store):
    a = store.save(article("a", [ref(1, doi=DOI, year=2020)])).document_id
    b = store.save(article("b", [ref(1, **LOCUS, title=LANCET["title"])])).document_id
    doi_work, locus_work = work_of(store, a, 1), work_of(store, b, 1)
    assert doi_work != locus_work
    c = store.save(article("c", [ref(1, doi=DOI, **LOCUS)])).document_id
    assert work_of(store, a, 1) == work_of(store, b, 1) == work_of(store, c, 1) == doi_work
    assert not store.rows("SELECT id FROM works WHERE id = ?", (locus_work,))
    row = store.rows("SELECT * FROM works WHERE id = ?", (doi_work,))[0]
    assert row["key"] == "doi:" + DOI.lower()
    assert (row["journal_iso"], row["volume"], row["first_page"]) == ("Lancet", "395", "497")
    assert row["title"] == LANCET["title"] and row["title_len"] == len(W.normalize_title(row["title"]))
    reasons = json.loads(row["merge_reasons"])
    merge = reasons[-1]
    assert merge["by"] == "merge" and merge["via"] == "journal/year/volume/page"
    assert merge["merged_work_id"] == locus_work and merge["merged_key"].startswith("jvp:lancet|2020")
    assert merge["ref_id"] and merge["document_id"] == c
    # the merged work's own history is kept
    assert [r["document_id"] for r in reasons if r["by"] == "new"] == [a, b]


def test_a_join_keeps_the_document_of_the_merged_work(store):
    a = store.save(article("a", [ref(1, doi=DOI)])).document_id
    study = store.save(article("study", [], title=LANCET["title"], meta=dict(LOCUS))).document_id
    assert work_of(store, a, 1) != store.rows("SELECT id FROM works WHERE document_id = ?", (study,))[0]["id"]
    store.save(article("c", [ref(1, doi=DOI, **LOCUS)]))
    row = store.rows("SELECT * FROM works WHERE document_id = ?", (study,))[0]
    assert row["id"] == work_of(store, a, 1) and row["doi"] == DOI
    edges = {(e["citing_document_id"], e["cited_work_id"]) for e in store.rows("SELECT * FROM citation_edges")}
    assert (a, row["id"]) in edges


def test_no_join_when_the_two_works_have_different_dois(store):
    a = store.save(article("a", [ref(1, doi=DOI)])).document_id
    b = store.save(article("b", [ref(1, doi="10.1/other", **LOCUS)])).document_id
    c = store.save(article("c", [ref(1, doi=DOI, **LOCUS)])).document_id
    assert work_of(store, a, 1) == work_of(store, c, 1) != work_of(store, b, 1)
    assert not any(r["by"] == "merge" for w in works(store)
                   for r in json.loads(w["merge_reasons"] or "[]"))


def test_a_pmid_joins_a_pmid_only_work(store):
    a = store.save(article("a", [ref(1, pmid="31986264")])).document_id
    b = store.save(article("b", [ref(1, doi=DOI)])).document_id
    store.save(article("c", [ref(1, doi=DOI, pmid="31986264")]))
    assert work_of(store, a, 1) == work_of(store, b, 1)
    row = store.rows("SELECT * FROM works WHERE id = ?", (work_of(store, a, 1),))[0]
    assert row["key"] == "doi:" + DOI.lower() and row["pmid"] == "31986264"
    assert len([w for w in works(store) if w["document_id"] is None]) == 1


_JSON = st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(),
                     lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(), c, max_size=3),
                     max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(), _JSON, max_size=4), max_size=4),
       st.dictionaries(st.text(), _JSON, max_size=4))
def test_a_merge_reason_is_appended_as_json_writes_the_whole_list(reasons, reason):
    from corpus.works import _with_reason

    assert _with_reason(json.dumps(reasons), reason) == json.dumps(reasons + [reason])
    assert _with_reason(None, reason) == json.dumps([reason])
