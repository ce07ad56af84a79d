"""Topic tagging: definitions as data, titles, journals and citing sentences, idempotency."""
import json

import pytest
from hypothesis import given, settings, strategies as st

from graph.topics import load_topics, primary_topic, tag_works, topics_for_text
from graph_helpers import StoreBuilder, topic_names

# The passage of the shared news example around its bracketed citations.
P1 = "Median follow-up was 1,106 days."
B1 = "[Stem Cell Res Ther 2025;doi:10.1186/s13287-025-04148-1]"
P2 = "Individuals with critical or severe COVID-19 continue to experience high mortality rates and poor prognoses."
B2 = "[Lancet Respir Med 2020;8:475-481; JAMA 2020;324:782-793]"
P3 = "A significant fraction of COVID-19 patients also experience long COVID."
B3 = "[Lancet 2024;404:707-724]"
P4 = "\u201cThus, there is a need to explore new treatment modalities for these persistent effects,\u201d said the researchers."
P5 = ("Known for their self-renewal, multidirectional differentiation, and immunomodulatory properties, "
      "MSCs can reduce inflammatory cytokines and accelerate lung recovery in COVID-19 patients, "
      "with a good short-term safety profile.")
B5 = "[Signal Transduct Target Ther 2022;7:272; Signal Transduct Target Ther 2021;6:339]"
P6 = "\u201c[Our] previous follow-ups [suggest that] MSC therapy has the potential to improve lung damage.\u201d"

SPLITS = {
    # bracket glued to the end of the sentence it supports
    "trailing": [f"{P1} {B1}", f"{P2} {B2}", f"{P3} {B3}", P4, f"{P5} {B5}", P6],
    # bracket glued to the start of the next sentence
    "leading": [P1, f"{B1} {P2}", f"{B2} {P3}", f"{B3} {P4}", P5, f"{B5} {P6}"],
    # bracket recorded as a sentence of its own
    "alone": [P1, B1, P2, B2, P3, B3, P4, P5, B5, P6],
}

REFS = [  # (marker, journal_iso, year, key)
    (B1, "Stem Cell Res Ther", 2025, "doi:10.1186/s13287-025-04148-1"),
    (B2, "Lancet Respir Med", 2020, "lancet-respir-med|2020|8|475"),
    (B2, "JAMA", 2020, "jama|2020|324|782"),
    (B3, "Lancet", 2024, "lancet|2024|404|707"),
    (B5, "Signal Transduct Target Ther", 2022, "signal|2022|7|272"),
    (B5, "Signal Transduct Target Ther", 2021, "signal|2021|6|339"),
]


def seed_store(split: str):
    b = StoreBuilder()
    doc = b.document("msc-long-covid-news.txt", sentences=SPLITS[split], kind="news")
    works = {}
    for i, (marker, journal, year, key) in enumerate(REFS, 1):
        w = b.work(key, journal_iso=journal, year=year)
        r = b.ref(doc, i, w, raw=marker, journal_iso=journal, year=year)
        b.cite(doc, r, marker)
        works[(journal, year)] = w
    return b.commit(), works


@pytest.mark.parametrize("split", list(SPLITS))
def test_seed_gold_topics_whatever_the_sentence_split(split):
    conn, works = seed_store(split)
    tag_works(conn)
    assert "msc" in topic_names(conn, works[("Stem Cell Res Ther", 2025)])
    assert "long-covid" in topic_names(conn, works[("Lancet", 2024)])
    assert "msc" in topic_names(conn, works[("Signal Transduct Target Ther", 2022)])
    assert "msc" in topic_names(conn, works[("Signal Transduct Target Ther", 2021)])
    # The mortality sentence is about COVID-19, not long COVID and not MSCs.
    assert topic_names(conn, works[("Lancet Respir Med", 2020)]) == {"covid-19"}
    assert topic_names(conn, works[("JAMA", 2020)]) == {"covid-19"}
    # Lancet 2024 is not about MSCs even when its bracket is glued to the next sentence.
    assert "msc" not in topic_names(conn, works[("Lancet", 2024)])


def test_evidence_names_the_matching_sentence_and_journal():
    conn, works = seed_store("leading")
    tag_works(conn)
    (evidence,) = conn.execute(
        "SELECT evidence FROM work_topics wt JOIN topics t ON t.id = wt.topic_id "
        "WHERE t.name = 'long-covid' AND wt.work_id = ?", (works[("Lancet", 2024)],)).fetchone()
    items = json.loads(evidence)
    assert items[0]["source"] == "context" and items[0]["text"] == P3
    assert items[0]["match"] == "long COVID"
    sent = conn.execute("SELECT text FROM sentences WHERE id = ?", (items[0]["sentence_id"],)).fetchone()[0]
    assert sent.endswith(P3)
    (evidence,) = conn.execute(
        "SELECT evidence FROM work_topics wt JOIN topics t ON t.id = wt.topic_id "
        "WHERE t.name = 'msc' AND wt.work_id = ?", (works[("Stem Cell Res Ther", 2025)],)).fetchone()
    assert json.loads(evidence)[0] == {"source": "journal", "match": "Stem Cell Res Ther",
                                       "text": "Stem Cell Res Ther"}


def test_tagging_is_idempotent_and_follows_the_definitions():
    conn, _ = seed_store("alone")
    first = tag_works(conn)
    rows1 = conn.execute("SELECT work_id, topic_id, score, evidence FROM work_topics ORDER BY 1, 2").fetchall()
    second = tag_works(conn)
    rows2 = conn.execute("SELECT work_id, topic_id, score, evidence FROM work_topics ORDER BY 1, 2").fetchall()
    assert first == second and rows1 == rows2
    assert {r[0] for r in conn.execute("SELECT name FROM topics")} == {"msc", "long-covid", "covid-19"}
    assert all(0 < r[2] <= 1 for r in rows1)


def test_own_title_wins_over_citing_sentences():
    b = StoreBuilder()
    doc = b.document("a.txt", sentences=["MSCs reduce cytokines [1].", "Nothing else."])
    w = b.work("doi:10.1/x", title="Clinical characteristics of hospitalized patients with COVID-19")
    r = b.ref(doc, 1, w, raw="1. X", title="Clinical characteristics of hospitalized patients with COVID-19")
    b.cite(doc, r, "[1]")
    conn = b.commit()
    tag_works(conn)
    assert topic_names(conn, w) == {"covid-19"}


def test_corpus_document_tagged_from_title_and_lead():
    b = StoreBuilder()
    doc = b.document("trial.html", title="Umbilical cord MSCs for post-COVID-19 condition",
                     sentences=["We randomized 60 adults with PASC.", "Fatigue improved."])
    w = b.work("doi:10.9/trial", doi="10.9/trial", document_id=doc)
    conn = b.commit()
    tag_works(conn)
    assert topic_names(conn, w) == {"msc", "long-covid", "covid-19"}


def test_terms_respect_word_boundaries_and_case_of_abbreviations():
    msc = load_topics()["msc"]
    lc = load_topics()["long-covid"]
    assert msc.find("The misc category") is None
    assert msc.find("msc") is None  # abbreviations are case-sensitive
    assert msc.find("UC-MSCs were infused") in {"UC-MSCs", "MSCs"}
    assert lc.find("post-acute sequelae of SARS-CoV-2 infection") == "post-acute sequelae of SARS-CoV-2"
    assert lc.find("PASC cohort") == "PASC"
    assert lc.find("Long-COVID clinics") == "Long-COVID"
    assert topics_for_text("Signal transduction in cancer", "Signal Transduct Target Ther") == {}


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["msc", "long-covid", "covid-19"]),
                       st.floats(min_value=0.0, max_value=1.0), min_size=1))
def test_primary_topic_is_one_of_the_scored(scores):
    assert primary_topic(scores) in scores


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_topic_matching_never_crashes(text):
    scores = topics_for_text(text, text, [text])
    assert all(0 <= s <= 1 for s in scores.values())


def _tag_rows(conn):
    return sorted(conn.execute(
        "SELECT wt.work_id, t.name, wt.score, wt.evidence FROM work_topics wt "
        "JOIN topics t ON t.id = wt.topic_id"))


def test_incremental_tags_equal_a_whole_store_run(tmp_path):
    """Tagging only the works each batch touched leaves the same rows as tagging every work."""
    from corpus import Store
    from corpus.ingest import ingest
    from graph_helpers import GRAPH_DATA

    files = sorted(str(p) for p in GRAPH_DATA.iterdir() if p.suffix in (".txt", ".html", ".xml"))[:12]
    store = Store(str(tmp_path / "s.db"))
    first = ingest(files[:6], store)
    assert first.works
    tag_works(store, works=first.works)  # a new store: no stored definitions, every work tagged
    second = ingest(files[6:], store)
    out = tag_works(store, works=second.works)
    assert out["works"] == len(second.works) < store.conn.execute("SELECT count(*) FROM works").fetchone()[0]
    again = ingest(files[:2], store, force=True)  # replaced: the works cited before and after
    assert again.replaced == 2
    tag_works(store, works=again.works)
    incremental = _tag_rows(store.conn)
    tag_works(store)
    assert _tag_rows(store.conn) == incremental
    assert incremental


def test_changed_definitions_retag_every_work():
    conn, works = seed_store("trailing")
    tag_works(conn)
    names = load_topics()
    conn.execute("UPDATE topics SET terms = '{}' WHERE name = 'msc'")
    conn.execute("DELETE FROM work_topics")
    tag_works(conn, names, works=[])  # stored definitions differ: the whole store is tagged
    assert "msc" in topic_names(conn, works[("Stem Cell Res Ther", 2025)])


@pytest.mark.parametrize("split", list(SPLITS))
def test_tags_do_not_depend_on_the_batch_sizes(split, monkeypatch):
    """Works scored a few at a time, contexts read a document at a time and a tiny match cache
    give the same rows, in the same order, as one batch holding everything."""
    import graph.topics as topics_module

    conn, _ = seed_store(split)
    tag_works(conn)
    whole = conn.execute("SELECT * FROM work_topics ORDER BY id").fetchall()
    assert whole
    for works, documents, cache in ((1, 1, 1), (2, 1, 3), (3, 2, 2)):
        monkeypatch.setattr(topics_module, "WORK_BATCH", works)
        monkeypatch.setattr(topics_module, "CONTEXT_DOCUMENTS", documents)
        monkeypatch.setattr(topics_module, "SCAN_CACHE", cache)
        tag_works(conn)
        again = conn.execute("SELECT work_id, topic_id, score, evidence FROM work_topics ORDER BY id").fetchall()
        assert again == [r[1:] for r in whole]
        assert not conn.execute("SELECT name FROM sqlite_temp_master").fetchall()  # temporary tables dropped


def test_batched_tags_equal_the_whole_store_in_memory(tmp_path, monkeypatch):
    """A store of several documents: batches of one work and one citing document give the rows
    the in-memory reading of every citing context gives (graph.topics.citing_contexts)."""
    from corpus import Store
    from corpus.ingest import ingest
    from graph.topics import citing_contexts
    import graph.topics as topics_module
    from graph_helpers import GRAPH_DATA

    files = sorted(str(p) for p in GRAPH_DATA.iterdir() if p.suffix in (".txt", ".html", ".xml"))[:8]
    store = Store(str(tmp_path / "s.db"))
    ingest(files, store)
    tag_works(store)
    whole = _tag_rows(store.conn)
    monkeypatch.setattr(topics_module, "WORK_BATCH", 1)
    monkeypatch.setattr(topics_module, "CONTEXT_DOCUMENTS", 1)
    tag_works(store)
    assert _tag_rows(store.conn) == whole
    # every context-tagged evidence item is one of the in-memory contexts of its work
    contexts = citing_contexts(store.conn)
    for work_id, _name, _score, evidence in whole:
        for item in json.loads(evidence):
            if item["source"] in ("sentence", "context"):
                texts = [w["text"] for s, w in contexts.get(work_id, []) if s == item["source"]]
                assert any(t == item["text"] or t[:297] + "..." == item["text"] for t in texts)


def test_tagging_a_few_works_reads_their_citations_through_the_indexes(tmp_path):
    """Updating the tags of the works one new document touches reads those works' citations
    through the refs(work_id) and citations(ref_id) indexes, never by walking every citation
    of the store (which made one document's extraction into a 10,000-document store cost
    twice as much as into an empty one)."""
    import sqlite3
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_graph import synthetic_store

    path = tmp_path / "s.db"
    synthetic_store(path, 200, 30)
    conn = sqlite3.connect(str(path))
    conn.execute("ANALYZE")
    tag_works(conn)
    works = [r[0] for r in conn.execute(
        "SELECT id FROM works WHERE document_id IS NULL AND coalesce(title, '') = '' ORDER BY id LIMIT 5")]
    assert works  # works known only from their callouts: their citing sentences are read
    statements = []
    conn.set_trace_callback(statements.append)
    tag_works(conn, works=works)
    conn.set_trace_callback(None)
    (join,) = [s for s in statements if "FROM temp.evidence_context_works x" in s]
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS evidence_context_works (id INTEGER PRIMARY KEY)")
    plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + join))
    assert "SCAN c" not in plan and "citations_ref" in plan, plan
