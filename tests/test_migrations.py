import sqlite3

from corpus.migrations import MIGRATIONS, applied, migrate

CONTRACT = {
    "documents": {"sha256", "path", "format", "title", "doi", "kind", "pages", "text",
                  "extracted_at", "extractor_version"},
    "sentences": {"document_id", "seq", "section", "page", "char_start", "char_end", "text"},
    "studies": {"document_id", "design", "randomized", "blinding", "control", "allocation_ratio",
                "n_randomized", "n_analyzed", "follow_up", "follow_up_days", "registration"},
    "arms": {"study_id", "label", "role", "n_randomized", "n_analyzed", "intervention", "dose",
             "dose_value", "dose_unit", "route", "schedule"},
    "outcomes": {"study_id", "name", "timepoint", "subgroup", "kind"},
    "arm_results": {"outcome_id", "arm_id", "statistic", "value", "unit", "derived", "derivation"},
    "effects": {"outcome_id", "measure", "value", "ci_low", "ci_high", "ci_level", "p_value",
                "p_relation", "significant", "direction", "reported_as"},
    "checks": {"document_id", "subject", "subject_id", "check", "status", "expected", "reported",
               "message"},
    "refs": {"document_id", "ordinal", "raw", "authors", "title", "journal", "journal_iso", "year",
             "volume", "issue", "first_page", "last_page", "article_number", "doi", "pmid", "pmcid",
             "work_id"},
    "citations": {"document_id", "ref_id", "sentence_id", "marker"},
    "works": {"key", "doi", "pmid", "title", "journal_iso", "year", "volume", "first_page",
              "document_id"},
    "topics": {"name", "terms"},
    "work_topics": {"work_id", "topic_id", "score", "evidence"},
    "failures": {"path", "sha256", "code", "message", "at"},
}
EXTRACTED = {"studies", "arms", "outcomes", "arm_results", "effects", "refs", "citations"}


def columns(db, table):
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def test_contract_tables_and_columns():
    db = sqlite3.connect(":memory:", isolation_level=None)
    migrate(db)
    for table, cols in CONTRACT.items():
        have = columns(db, table)
        assert "id" in have
        assert cols <= have, (table, cols - have)
        if table in EXTRACTED:
            assert {"page", "char_start", "char_end", "quote", "bbox"} <= have
    views = {r[0] for r in db.execute("select name from sqlite_master where type='view'")}
    assert {"effects_view", "citation_edges"} <= views


def test_migrate_is_idempotent_and_recorded():
    db = sqlite3.connect(":memory:", isolation_level=None)
    assert migrate(db) == [name for name, _ in MIGRATIONS]
    assert migrate(db) == []
    assert applied(db) == [name for name, _ in MIGRATIONS]


def test_sentences_fts_follows_inserts_and_deletes():
    db = sqlite3.connect(":memory:", isolation_level=None)
    migrate(db)
    db.execute("insert into documents(sha256, text) values ('x', 'y')")
    db.execute("insert into sentences(document_id, text) values (1, 'odds ratio of 1.68')")
    assert db.execute("select rowid from sentences_fts where sentences_fts match 'odds'").fetchall() == [(1,)]
    db.execute("delete from sentences")
    assert db.execute("select rowid from sentences_fts where sentences_fts match 'odds'").fetchall() == []
