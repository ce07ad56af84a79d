import json
import os
import sqlite3

import pytest

import corpus.store
from corpus import Store
from corpus.errors import (DocumentNotFound, NotADatabase, StoreLocked, StoreMissing,
                           StoreReadOnly)
from corpus.migrations import MIGRATIONS, applied
from extractor.errors import CorruptFile
from handmade import TEXT, article

TABLES = ("documents", "sentences", "studies", "arms", "outcomes", "arm_results", "effects",
          "checks", "refs", "citations")
EXTRACTED = ("studies", "arms", "outcomes", "arm_results", "effects", "refs", "citations")


def counts(store):
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "s.db", hooks=False)  # the article's own records only
    yield s
    s.close()


def test_default_path_is_env_then_cwd(tmp_path, monkeypatch):
    assert Store().path == str(tmp_path / "evidence.db")
    monkeypatch.delenv("EVIDENCE_DB")
    assert Store().path == "evidence.db"
    assert (tmp_path / "evidence.db").exists()


def test_open_sets_wal_busy_timeout_foreign_keys_and_migrates(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert applied(store.conn) == [name for name, _ in MIGRATIONS]
    assert store.db["documents"].exists() and store.db.conn is store.conn


def test_save_writes_every_record_with_ids_resolved(store):
    res = store.save(article())
    assert (res.status, res.document_id, res.sentences, res.pages) == ("stored", 1, 8, 1)
    assert counts(store) == {"documents": 1, "sentences": 8, "studies": 1, "arms": 2,
                             "outcomes": 1, "arm_results": 3, "effects": 1, "checks": 2,
                             "refs": 2, "citations": 2}
    doc = store.rows("SELECT * FROM documents")[0]
    assert doc["text"] == TEXT and json.loads(doc["meta"]) == {"source": "hand-made"}
    assert doc["extracted_at"].endswith("+00:00")
    arms = {a["label"]: a for a in store.rows("SELECT * FROM arms")}
    assert arms["MSCs"]["dose_value"] == 4e7 and arms["placebo"]["role"] == "control"
    res_rows = store.rows("SELECT a.label, r.statistic, r.value, r.derived, r.derivation "
                          "FROM arm_results r JOIN arms a ON a.id = r.arm_id ORDER BY r.id")
    assert [(r["label"], r["statistic"], r["value"], r["derived"]) for r in res_rows] == [
        ("MSCs", "percent", 46.94, 0), ("placebo", "percent", 28.13, 0), ("MSCs", "events", 31, 1)]
    eff = store.rows("SELECT * FROM effects")[0]
    assert eff["intervention_arm_id"] == arms["MSCs"]["id"]
    assert eff["control_arm_id"] == arms["placebo"]["id"]
    assert (eff["significant"], eff["ci_level"], eff["p_relation"]) == (0, 0.95, "=")
    assert store.rows("SELECT is_primary FROM outcomes") == [{"is_primary": 1}]
    refs = store.rows("SELECT * FROM refs ORDER BY ordinal")
    assert json.loads(refs[0]["authors"]) == [{"family": "Smith", "given": "J"},
                                              {"family": "Doe", "given": "A"}]
    cites = store.rows("SELECT c.marker, r.ordinal, s.seq FROM citations c "
                       "JOIN refs r ON r.id = c.ref_id JOIN sentences s ON s.id = c.sentence_id "
                       "ORDER BY c.id")
    assert cites == [{"marker": "^1", "ordinal": 1, "seq": 2},
                     {"marker": "^2", "ordinal": 2, "seq": 4}]
    checks = store.rows('SELECT subject, subject_id, "check", status FROM checks ORDER BY id')
    assert checks == [
        {"subject": "documents", "subject_id": 1, "check": "title", "status": "pass"},
        {"subject": "effects", "subject_id": eff["id"], "check": "ci_symmetry", "status": "pass"}]


def test_provenance_invariant_for_every_stored_row(store):
    store.save(article())
    text = store.rows("SELECT text FROM documents")[0]["text"]
    n = 0
    for table in EXTRACTED:
        for r in store.rows(f"SELECT char_start, char_end, quote, page FROM {table}"):
            assert text[r["char_start"]:r["char_end"]] == r["quote"], (table, r)
            n += 1
    for r in store.rows("SELECT char_start, char_end, text FROM sentences"):
        assert text[r["char_start"]:r["char_end"]] == r["text"]
    assert n == 12
    assert "MSCs" in [r["text"] for r in store.rows(
        "SELECT s.text FROM sentences_fts f JOIN sentences s ON s.id = f.rowid "
        "WHERE sentences_fts MATCH 'placebo'")][0]


def test_bbox_stored_as_json_list(store):
    from dataclasses import replace
    from extractor.model import Provenance
    a = article()
    st = a.studies[0]
    st = replace(st, prov=Provenance(st.prov.char_start, st.prov.char_end, st.prov.quote, 1,
                                     (72.0, 100.5, 180.25, 112.0)))
    store.save(replace(a, studies=(st,)))
    row = store.rows("SELECT page, bbox FROM studies")[0]
    assert row == {"page": 1, "bbox": "[72.0, 100.5, 180.25, 112.0]"}


def test_same_bytes_twice_is_a_no_op(store):
    first = store.save(article())
    before = store.rows("SELECT id, extracted_at FROM documents")
    again = store.save(article(path="elsewhere/trial.txt"))
    assert (again.status, again.document_id) == ("unchanged", first.document_id)
    assert store.rows("SELECT id, extracted_at FROM documents") == before
    assert counts(store)["sentences"] == 8


def test_force_replaces_under_the_same_id(store):
    store.save(article())
    res = store.save(article(extra_flag=True), force=True)
    assert (res.status, res.document_id) == ("replaced", 1)
    c = counts(store)
    assert (c["documents"], c["sentences"], c["arms"], c["refs"], c["checks"]) == (1, 8, 2, 2, 3)
    # the full-text index follows the cascade: no rows of the old sentences remain
    hits = store.rows("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'fatigue'")
    ids = store.rows("SELECT id AS rowid FROM sentences WHERE text LIKE '%fatigue%'")
    assert sorted(map(str, hits)) == sorted(map(str, ids)) and len(hits) == 2


def test_new_extractor_version_replaces(store):
    store.save(article(version="0.1.0"))
    res = store.save(article(version="0.2.0"))
    assert res.status == "replaced"
    assert store.rows("SELECT extractor_version FROM documents") == [{"extractor_version": "0.2.0"}]
    assert counts(store)["arm_results"] == 3


def test_one_transaction_per_document(store, monkeypatch):
    store.save(article())
    before = counts(store)

    def boom(self, st):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(corpus.store._Writer, "study", boom)
    with pytest.raises(RuntimeError):
        store.save(article(text=TEXT + "other bytes", path="other.txt"))
    assert counts(store) == before
    assert not store.conn.in_transaction
    # a forced replace that fails keeps the old document intact
    with pytest.raises(RuntimeError):
        store.save(article(), force=True)
    assert counts(store) == before


def test_hooks_run_inside_the_transaction(store, monkeypatch):
    seen = []

    def link(conn, doc_id):
        seen.append((conn.in_transaction, doc_id))

    def checks(conn, doc_id):
        conn.execute("INSERT INTO checks (document_id, subject, \"check\", status) "
                     "VALUES (?, 'documents', 'late', 'fail')", (doc_id,))
        raise ValueError("check crashed")

    store._link, store._run_checks = link, checks
    with pytest.raises(ValueError):
        store.save(article())
    assert seen == [(True, 1)] and counts(store)["documents"] == 0


def test_hooks_are_the_works_and_checks_modules(tmp_path):
    import importlib.util
    store = Store(tmp_path / "s.db")
    store._load_hooks()
    for module, fn, attr in (("works", "link_document", "_link"),
                             ("checks", "run_checks", "_run_checks")):
        if importlib.util.find_spec(f"corpus.{module}") is None:
            assert getattr(store, attr) is None
        else:
            assert getattr(store, attr).__name__ == fn
    assert store.save(article()).status == "stored"


def test_failures_recorded_and_cleared_when_the_path_succeeds(store):
    store.record_failure("trial.txt", None, CorruptFile("cannot parse trial.txt"))
    row = store.record_failure("odd.pdf", "ab" * 32, KeyError("x"))
    assert row["code"] == "E099" and row["message"].startswith("[E099] KeyError: 'x'")
    fails = store.failures()
    assert [f["code"] for f in fails] == ["E013", "E099"]
    assert fails[0]["message"].startswith("[E013] cannot parse trial.txt: the file is damaged")
    assert fails[0]["at"].endswith("+00:00")
    store.save(article(path="trial.txt"))
    assert [f["path"] for f in store.failures()] == ["odd.pdf"]


def test_migrates_an_old_store(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    name, fn = MIGRATIONS[0]
    fn(conn)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    conn.execute("INSERT INTO _migrations VALUES (?, '2026-01-01T00:00:00+00:00')", (name,))
    conn.execute("INSERT INTO documents (sha256, path, text) VALUES ('abc', 'old.txt', 'x')")
    conn.close()
    store = Store(path)
    assert applied(store.conn) == [n for n, _ in MIGRATIONS]
    assert store.documents()[0]["path"] == "old.txt"
    assert store.save(article()).status == "stored"


def test_read_only_open(tmp_path):
    path = tmp_path / "s.db"
    Store(path).save(article())
    ro = Store(path, readonly=True)
    assert ro.documents()[0]["title"].startswith("Umbilical")
    with pytest.raises(StoreReadOnly) as e:
        ro.save(article(), force=True)
    assert e.value.code == "E021"
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        ro.conn.execute("DELETE FROM documents")


def test_read_only_open_of_a_missing_store(tmp_path):
    with pytest.raises(StoreMissing) as e:
        Store(tmp_path / "nope.db", readonly=True)
    assert e.value.code == "E023" and not (tmp_path / "nope.db").exists()


@pytest.mark.parametrize("content", [b"%PDF-1.7 not a database at all" * 50, b"\x00" * 4096])
def test_not_a_sqlite_file(tmp_path, content):
    path = tmp_path / "paper.pdf"
    path.write_bytes(content)
    with pytest.raises(NotADatabase) as e:
        Store(path)
    assert e.value.code == "E020" and "is not a SQLite database" in str(e.value)
    assert path.read_bytes() == content


def test_folder_as_store(tmp_path):
    with pytest.raises(NotADatabase):
        Store(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(StoreReadOnly) as e:
            Store(ro / "s.db")
        assert e.value.code == "E021"
    finally:
        ro.chmod(0o700)


def test_locked_beyond_the_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus.store, "LOCK_RETRIES", 1)
    path = tmp_path / "s.db"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        store = Store(path, timeout=0.05)
        with pytest.raises(StoreLocked) as e:
            store.save(article())
        assert e.value.code == "E022" and "locked" in str(e.value)
    finally:
        other.execute("ROLLBACK")
    assert store.save(article()).status == "stored"


def test_document_lookup_by_id_sha_prefix_and_path(store):
    store.save(article(path="papers/trial-a.txt"))
    store.save(article(path="papers/trial-b.txt", text=TEXT + "b"))
    sha = store.rows("SELECT sha256 FROM documents WHERE id = 2")[0]["sha256"]
    assert store.document(1)["path"] == "papers/trial-a.txt"
    assert store.document(sha[:8])["id"] == 2
    assert store.document("trial-b")["id"] == 2
    with pytest.raises(DocumentNotFound, match=r"2 documents match 'papers' \(ids 1, 2\)"):
        store.document("papers")
    with pytest.raises(DocumentNotFound) as e:
        store.document("nothing")
    assert str(e.value) == ("[E024] no document matches 'nothing': list the documents with "
                            "`evidence documents` and pass an id, a sha256 prefix or a path fragment")


def test_summary(store):
    store.save(article(extra_flag=True))
    s = store.summary(1)
    assert (s["sentences"], s["refs"], s["citations"], s["checks"], s["flagged"]) == (8, 2, 2, 3, 1)
    (study,) = s["studies"]
    assert [a["label"] for a in study["arms"]] == ["MSCs", "placebo"]
    (o,) = study["outcomes"]
    assert [(r["arm"], r["value"]) for r in o["results"]][:2] == [("MSCs", 46.94),
                                                                  ("placebo", 28.13)]
    assert o["effects"][0]["measure"] == "OR"


def test_readme_schema_table_is_current(update_golden):
    from pathlib import Path
    from corpus.schema import README_END, README_START, markdown
    readme = Path(__file__).resolve().parents[1] / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    current = "\n" + markdown(Store(":memory:").conn) + "\n"
    if update_golden and text[start:end] != current:
        readme.write_text(text[:start] + current + text[end:], encoding="utf-8")
    assert text[start:end] == current or update_golden, \
        "the schema changed: run pytest --update-golden and review the README diff"


# -- property: any article round-trips with its provenance and its links ------------------------
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from extractor.model import (Arm, ArmResult, Article as A, Citation, Effect, Outcome,  # noqa: E402
                             Provenance, Reference, Sentence, Study)


@st.composite
def articles(draw):
    text = draw(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300))

    def prov():
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        page = draw(st.one_of(st.none(), st.integers(1, 9)))
        bbox = draw(st.one_of(st.none(), st.tuples(*[st.floats(0, 800, allow_nan=False)] * 4)))
        return Provenance(a, b, text[a:b], page, bbox)

    labels = draw(st.lists(st.sampled_from(["A", "B", "C", "placebo"]), unique=True, max_size=3))
    studies = []
    for _ in range(draw(st.integers(0, 2))):
        arms = tuple(Arm(lb, prov(), n_randomized=draw(st.one_of(st.none(), st.integers(0, 999))))
                     for lb in labels)
        outcomes = tuple(
            Outcome(draw(st.text(max_size=20)), prov(),
                    results=tuple(ArmResult(draw(st.sampled_from(labels + ["ghost"])), "percent",
                                            draw(st.floats(0, 100)), prov())
                                  for _ in range(draw(st.integers(0, 3)))),
                    effects=tuple(Effect("OR", prov(), value=draw(st.floats(0.01, 50)),
                                         comparison=tuple(draw(st.lists(
                                             st.sampled_from(labels + ["ghost"]),
                                             min_size=2, max_size=2))) if labels else None)
                                  for _ in range(draw(st.integers(0, 2)))))
            for _ in range(draw(st.integers(0, 3))))
        studies.append(Study(prov(), design="rct", arms=arms, outcomes=outcomes))
    n_sent = draw(st.integers(0, 5))
    sentences = tuple(Sentence(i, p.quote, p) for i, p in enumerate(prov() for _ in range(n_sent)))
    refs = tuple(Reference(i + 1, f"ref {i + 1}", prov(), year=2000 + i)
                 for i in range(draw(st.integers(0, 3))))
    cites = tuple(Citation(draw(st.integers(1, 4)), "[x]", prov(),
                           sentence_seq=draw(st.one_of(st.none(), st.integers(0, 6))))
                  for _ in range(draw(st.integers(0, 4))))
    return A(path="p.txt", sha256=str(draw(st.integers(0, 10**9))), format="text", text=text,
             extractor_version="1", sentences=sentences, studies=tuple(studies),
             references=refs, citations=cites)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_any_article_round_trips(art):
    store = Store(":memory:", hooks=False)
    doc_id = store.save(art).document_id
    text = store.rows("SELECT text FROM documents")[0]["text"]
    assert text == art.text
    for table in EXTRACTED:
        for r in store.rows(f"SELECT char_start, char_end, quote, bbox FROM {table}"):
            assert text[r["char_start"]:r["char_end"]] == r["quote"]
            assert r["bbox"] is None or len(json.loads(r["bbox"])) == 4
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    n_results = sum(len(o.results) for s in art.studies for o in s.outcomes)
    ghosts = sum(r.arm not in {a.label for a in s.arms}
                 for s in art.studies for o in s.outcomes for r in o.results)
    assert counts(store)["arm_results"] == n_results
    assert store.rows("SELECT count(*) AS n FROM arm_results WHERE arm_id IS NULL")[0]["n"] == ghosts
    assert store.rows("""SELECT count(*) AS n FROM checks WHERE "check" = 'arm_label'""")[0]["n"] \
        == ghosts
    linked = store.rows("SELECT count(*) AS n FROM citations WHERE ref_id IS NOT NULL")[0]["n"]
    assert linked == sum(c.ref_ordinal <= len(art.references) for c in art.citations)
    before = counts(store)
    assert store.save(art).status == "unchanged" and counts(store) == before
    assert store.save(art, force=True).document_id == doc_id and counts(store) == before


def test_a_database_of_another_application_is_never_written(tmp_path):
    from corpus.errors import ForeignDatabase
    path = tmp_path / "zotero.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE items (itemID INTEGER PRIMARY KEY, title TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ForeignDatabase) as e:
        Store(path)
    assert e.value.code == "E025" and "another application" in str(e.value)
    assert path.read_bytes() == before
    with pytest.raises(ForeignDatabase):  # read commands need an evidence store
        Store(path, readonly=True)
    # reading it on purpose (`evidence sql`) is fine
    assert Store(path, readonly=True, foreign=True).rows("SELECT count(*) AS n FROM items") == [{"n": 0}]


def test_a_full_disk_is_coded_and_leaves_nothing_half_written(tmp_path):
    from corpus.errors import StoreFull
    store = Store(tmp_path / "s.db", hooks=False)
    store.save(article())
    before = counts(store)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk fills up now
    with pytest.raises(StoreFull) as e:
        from dataclasses import replace
        store.save(replace(article(text="big", path="big.txt"), text=TEXT + "x" * 50_000))
    assert e.value.code == "E026" and "re-run the same command" in str(e.value)
    assert counts(store) == before and not store.conn.in_transaction


def test_full_text_index_filled_once_per_document_matches_its_sentences(store):
    """The writer indexes a document's sentences by one statement (the per-row trigger stays
    for other inserts): the index agrees with the sentences row for row, and no document is
    left marked as indexing itself."""
    store.save(article())
    store.save(article(extra_flag=True), force=True)
    store.conn.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('integrity-check', 1)")
    assert store.rows("SELECT count(*) AS n FROM sentences_fts_deferred") == [{"n": 0}]
    every = store.rows("SELECT id FROM sentences ORDER BY id")
    for word in ("placebo", "fatigue", "randomised"):
        hits = store.rows("SELECT rowid AS id FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid", (word,))
        like = [r for r in store.rows("SELECT id, text FROM sentences ORDER BY id") if word in r["text"].lower()]
        assert [h["id"] for h in hits] == [r["id"] for r in like]
    assert every
