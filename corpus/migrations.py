"""Numbered migrations of the evidence store.

The store's tables are a public contract (see the README's schema table).  Each migration is a
function registered in order; ``_migrations`` records which ran, so opening an older store
brings it up to date.  Never edit a migration that has shipped: add a new one.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from typing import Callable

__all__ = ["MIGRATIONS", "migrate", "applied"]

MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = []


def migration(fn: Callable[[sqlite3.Connection], None]):
    MIGRATIONS.append((fn.__name__, fn))
    return fn


PROVENANCE = "page INTEGER, char_start INTEGER, char_end INTEGER, quote TEXT, bbox TEXT"


@migration
def m001_contract(db: sqlite3.Connection) -> None:
    """The tables and views of the SQL contract."""
    run_script(
        db,
        f"""
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT UNIQUE NOT NULL,
            path TEXT,
            format TEXT,
            title TEXT,
            doi TEXT,
            kind TEXT,
            pages INTEGER,
            text TEXT,
            extracted_at TEXT,
            extractor_version TEXT,
            meta TEXT
        );
        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER,
            section TEXT,
            page INTEGER,
            char_start INTEGER,
            char_end INTEGER,
            text TEXT
        );
        CREATE INDEX sentences_document ON sentences(document_id, seq);
        CREATE VIRTUAL TABLE sentences_fts USING fts5(
            text, content='sentences', content_rowid='id'
        );
        CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
            INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
            INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES('delete', old.id, old.text);
        END;
        CREATE TRIGGER sentences_au AFTER UPDATE ON sentences BEGIN
            INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES('delete', old.id, old.text);
            INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TABLE studies (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            design TEXT,
            randomized INTEGER,
            blinding TEXT,
            control TEXT,
            allocation_ratio TEXT,
            phase TEXT,
            n_randomized INTEGER,
            n_analyzed INTEGER,
            follow_up TEXT,
            follow_up_days REAL,
            registration TEXT,
            {PROVENANCE}
        );
        CREATE INDEX studies_document ON studies(document_id);
        CREATE TABLE arms (
            id INTEGER PRIMARY KEY,
            study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
            label TEXT,
            role TEXT,
            n_randomized INTEGER,
            n_analyzed INTEGER,
            intervention TEXT,
            dose TEXT,
            dose_value REAL,
            dose_unit TEXT,
            route TEXT,
            schedule TEXT,
            {PROVENANCE}
        );
        CREATE INDEX arms_study ON arms(study_id);
        CREATE TABLE outcomes (
            id INTEGER PRIMARY KEY,
            study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
            name TEXT,
            timepoint TEXT,
            subgroup TEXT,
            kind TEXT,
            is_primary INTEGER,
            {PROVENANCE}
        );
        CREATE INDEX outcomes_study ON outcomes(study_id);
        CREATE TABLE arm_results (
            id INTEGER PRIMARY KEY,
            outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
            arm_id INTEGER REFERENCES arms(id) ON DELETE CASCADE,
            statistic TEXT,
            value REAL,
            unit TEXT,
            derived INTEGER NOT NULL DEFAULT 0,
            derivation TEXT,
            {PROVENANCE}
        );
        CREATE INDEX arm_results_outcome ON arm_results(outcome_id);
        CREATE TABLE effects (
            id INTEGER PRIMARY KEY,
            outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
            measure TEXT,
            value REAL,
            ci_low REAL,
            ci_high REAL,
            ci_level REAL,
            p_value REAL,
            p_relation TEXT,
            significant INTEGER,
            direction TEXT,
            reported_as TEXT,
            intervention_arm_id INTEGER REFERENCES arms(id),
            control_arm_id INTEGER REFERENCES arms(id),
            {PROVENANCE}
        );
        CREATE INDEX effects_outcome ON effects(outcome_id);
        CREATE TABLE checks (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            subject TEXT,
            subject_id INTEGER,
            "check" TEXT,
            status TEXT,
            expected TEXT,
            reported TEXT,
            message TEXT
        );
        CREATE INDEX checks_document ON checks(document_id);
        CREATE TABLE works (
            id INTEGER PRIMARY KEY,
            key TEXT UNIQUE NOT NULL,
            doi TEXT,
            pmid TEXT,
            title TEXT,
            journal_iso TEXT,
            year INTEGER,
            volume TEXT,
            first_page TEXT,
            document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            merge_reasons TEXT
        );
        CREATE TABLE refs (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER,
            label TEXT,
            raw TEXT,
            authors TEXT,
            title TEXT,
            journal TEXT,
            journal_iso TEXT,
            year INTEGER,
            volume TEXT,
            issue TEXT,
            first_page TEXT,
            last_page TEXT,
            article_number TEXT,
            doi TEXT,
            pmid TEXT,
            pmcid TEXT,
            work_id INTEGER REFERENCES works(id) ON DELETE SET NULL,
            {PROVENANCE}
        );
        CREATE INDEX refs_document ON refs(document_id);
        CREATE INDEX refs_work ON refs(work_id);
        CREATE TABLE citations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ref_id INTEGER REFERENCES refs(id) ON DELETE CASCADE,
            sentence_id INTEGER REFERENCES sentences(id) ON DELETE SET NULL,
            marker TEXT,
            {PROVENANCE}
        );
        CREATE INDEX citations_document ON citations(document_id);
        CREATE INDEX citations_ref ON citations(ref_id);
        CREATE TABLE topics (
            id INTEGER PRIMARY KEY,
            name TEXT UNIQUE NOT NULL,
            terms TEXT
        );
        CREATE TABLE work_topics (
            id INTEGER PRIMARY KEY,
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
            score REAL,
            evidence TEXT,
            UNIQUE(work_id, topic_id)
        );
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            path TEXT,
            sha256 TEXT,
            code TEXT,
            message TEXT,
            at TEXT
        );
        CREATE INDEX failures_path ON failures(path);

        CREATE VIEW effects_view AS
        SELECT d.id AS document_id, d.path AS document, s.id AS study_id,
               o.id AS outcome_id, o.name AS outcome, o.timepoint, o.subgroup, o.kind,
               e.id AS effect_id, e.measure, e.value, e.ci_low, e.ci_high, e.ci_level,
               e.p_value, e.p_relation, e.significant, e.direction,
               (SELECT group_concat(a.label || ': ' || r.statistic || '=' || r.value
                                    || CASE WHEN r.derived THEN ' (derived)' ELSE '' END, '; ')
                  FROM arm_results r JOIN arms a ON a.id = r.arm_id
                 WHERE r.outcome_id = o.id AND a.role = 'intervention') AS intervention_numbers,
               (SELECT group_concat(a.label || ': ' || r.statistic || '=' || r.value
                                    || CASE WHEN r.derived THEN ' (derived)' ELSE '' END, '; ')
                  FROM arm_results r JOIN arms a ON a.id = r.arm_id
                 WHERE r.outcome_id = o.id AND a.role = 'control') AS control_numbers,
               e.quote
          FROM outcomes o
          JOIN studies s ON s.id = o.study_id
          JOIN documents d ON d.id = s.document_id
          LEFT JOIN effects e ON e.outcome_id = o.id;

        CREATE VIEW citation_edges AS
        SELECT cw.id AS citing_work_id, r.work_id AS cited_work_id,
               r.document_id AS citing_document_id,
               max(1, (SELECT count(*) FROM citations c WHERE c.ref_id = r.id)) AS count
          FROM refs r
          JOIN documents d ON d.id = r.document_id
          LEFT JOIN works cw ON cw.document_id = d.id
         WHERE r.work_id IS NOT NULL;
        """
    )


def run_script(db: sqlite3.Connection, sql: str) -> None:
    """Execute a multi-statement script inside the caller's transaction.

    (``executescript`` would commit first, breaking one-transaction-per-migration.)
    """
    buf = ""
    for piece in sql.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                db.execute(buf)
            buf = ""


def applied(db: sqlite3.Connection) -> list[str]:
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    return [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY rowid")]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded in ``_migrations``; return the names applied.

    Each migration runs in its own transaction, so a failure leaves the store at the last
    complete version.
    """
    done = set(applied(db))
    ran = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        try:
            db.execute("BEGIN IMMEDIATE")
            # Another process may have migrated while we waited for the lock.
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
                db.execute("ROLLBACK")
                continue
            fn(db)
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        ran.append(name)
    return ran


@migration
def m002_works_lookup_indexes(db: sqlite3.Connection) -> None:
    """Indexes used to deduplicate references into works (DOI, PMID, journal/year/volume/page)."""
    run_script(
        db,
        """
        CREATE INDEX IF NOT EXISTS works_doi ON works(lower(doi));
        CREATE INDEX IF NOT EXISTS works_pmid ON works(pmid);
        CREATE INDEX IF NOT EXISTS works_locus ON works(year, volume, first_page);
        CREATE INDEX IF NOT EXISTS works_document ON works(document_id);
        """,
    )


@migration
def m003_works_normalized_titles(db: sqlite3.Connection) -> None:
    """Normalised title (and its length) and journal per work, indexed for fuzzy-title lookups.

    ``works.title_norm`` / ``title_len`` hold :func:`corpus.works.sorted_title` of ``title`` (the
    normalised title, words sorted: what ``token_sort_ratio`` compares)
    and ``journal_norm`` the normalised ``journal_iso`` (NULL when there is none), so the
    candidates of a fuzzy-title match come from an index (same year, journal not contradicting,
    title length within what the threshold allows) instead of every work of the year.  Existing
    rows are backfilled here; rows written later by other code are normalised by
    :func:`corpus.works.link_document` (the triggers clear the derived columns when ``title`` or
    ``journal_iso`` is changed without them).
    """
    from .works import normalize_journal, sorted_title

    run_script(
        db,
        """
        ALTER TABLE works ADD COLUMN title_norm TEXT;
        ALTER TABLE works ADD COLUMN title_len INTEGER;
        ALTER TABLE works ADD COLUMN journal_norm TEXT;
        """,
    )
    rows = db.execute("SELECT id, title, journal_iso FROM works").fetchall()
    for wid, title, journal in rows:
        nt = sorted_title(title) if title is not None else None
        db.execute("UPDATE works SET title_norm = ?, title_len = ?, journal_norm = ? WHERE id = ?",
                   (nt, None if nt is None else len(nt),
                    normalize_journal(journal) if journal else None, wid))
    run_script(
        db,
        """
        CREATE INDEX works_fuzzy_year_journal ON works(year, journal_norm, title_len, title_norm);
        CREATE INDEX works_fuzzy_year ON works(year, title_len, title_norm);
        CREATE INDEX works_fuzzy_journal ON works(journal_norm, title_len, title_norm);
        CREATE INDEX works_fuzzy_len ON works(title_len, title_norm);
        CREATE INDEX works_title_unnormalized ON works(id)
            WHERE title IS NOT NULL AND title_len IS NULL;
        CREATE INDEX works_journal_unnormalized ON works(id)
            WHERE journal_iso <> '' AND journal_norm IS NULL;
        CREATE TRIGGER works_title_changed AFTER UPDATE OF title ON works
            WHEN new.title IS NOT old.title AND new.title_norm IS old.title_norm
        BEGIN
            UPDATE works SET title_norm = NULL, title_len = NULL WHERE id = new.id;
        END;
        CREATE TRIGGER works_journal_changed AFTER UPDATE OF journal_iso ON works
            WHEN new.journal_iso IS NOT old.journal_iso AND new.journal_norm IS old.journal_norm
        BEGIN
            UPDATE works SET journal_norm = NULL WHERE id = new.id;
        END;
        """,
    )


@migration
def m004_tables(db: sqlite3.Connection) -> None:
    """The document's tables as data: ``tables`` (label, caption, footnotes, size, where the
    table's text is) and ``table_cells`` (grid position, spans, header flag, the cell's text
    with ``documents.text[char_start:char_end] == text``, page and box).  ``lines`` holds the
    ``[char_start, char_end]`` of each line of a cell written over several lines of a
    plain-text table (NULL otherwise)."""
    run_script(
        db,
        """
        CREATE TABLE tables (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER,
            label TEXT,
            caption TEXT,
            footnotes TEXT,
            page INTEGER,
            n_rows INTEGER,
            n_cols INTEGER,
            char_start INTEGER,
            char_end INTEGER
        );
        CREATE INDEX tables_document ON tables(document_id, seq);
        CREATE TABLE table_cells (
            id INTEGER PRIMARY KEY,
            table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
            row INTEGER NOT NULL,
            col INTEGER NOT NULL,
            row_span INTEGER NOT NULL DEFAULT 1,
            col_span INTEGER NOT NULL DEFAULT 1,
            is_header INTEGER NOT NULL DEFAULT 0,
            text TEXT,
            char_start INTEGER,
            char_end INTEGER,
            page INTEGER,
            bbox TEXT,
            lines TEXT
        );
        CREATE INDEX table_cells_table ON table_cells(table_id, row, col);
        """,
    )


@migration
def m005_document_metadata(db: sqlite3.Connection) -> None:
    """The document's own bibliographic data, its author–year label and its work.

    ``documents`` gains ``authors`` (JSON list of CSL names), ``year``, ``journal`` (full
    title), ``journal_iso`` (NLM/ISO 4 abbreviation), ``volume``, ``issue``, ``first_page``,
    ``last_page``, ``pmid``, ``pmcid``, ``abstract``, ``label`` ("Family Year", with a/b letters
    where works clash) and ``work_id`` (equal for every copy of one article).  Existing stores
    are backfilled: metadata read again from the stored text's front matter (page 1 of a PDF),
    the PMID/journal/year already kept in ``documents.meta``, each document linked to its work
    (copies of one article joined, with the reason in ``works.merge_reasons``) and labelled.
    """
    run_script(
        db,
        """
        ALTER TABLE documents ADD COLUMN authors TEXT;
        ALTER TABLE documents ADD COLUMN year INTEGER;
        ALTER TABLE documents ADD COLUMN journal TEXT;
        ALTER TABLE documents ADD COLUMN journal_iso TEXT;
        ALTER TABLE documents ADD COLUMN volume TEXT;
        ALTER TABLE documents ADD COLUMN issue TEXT;
        ALTER TABLE documents ADD COLUMN first_page TEXT;
        ALTER TABLE documents ADD COLUMN last_page TEXT;
        ALTER TABLE documents ADD COLUMN pmid TEXT;
        ALTER TABLE documents ADD COLUMN pmcid TEXT;
        ALTER TABLE documents ADD COLUMN abstract TEXT;
        ALTER TABLE documents ADD COLUMN label TEXT;
        ALTER TABLE documents ADD COLUMN work_id INTEGER REFERENCES works(id) ON DELETE SET NULL;
        CREATE INDEX documents_work ON documents(work_id);
        CREATE INDEX documents_label ON documents(label);
        CREATE INDEX documents_doi ON documents(lower(doi));
        CREATE INDEX documents_pmid ON documents(pmid);
        CREATE INDEX documents_pmcid ON documents(pmcid);
        CREATE INDEX documents_locus ON documents(year, volume, first_page);
        CREATE INDEX refs_pmcid ON refs(pmcid);
        """,
    )
    from .labels import relabel_all
    from .works import link_self

    _backfill_metadata(db)
    for (doc_id,) in db.execute("SELECT id FROM documents ORDER BY id").fetchall():
        link_self(db, doc_id)
    relabel_all(db)


def _backfill_metadata(db: sqlite3.Connection) -> None:
    """Fill the metadata columns of stored documents from their text and ``meta``."""
    import json

    from extractor.metadata import BIB_FIELDS, abstract_from_sentences, front_matter, normalize
    from extractor.model import Sentence, Provenance
    from extractor.source import Source, Span

    docs = db.execute("SELECT id, format, title, pages, text, meta FROM documents").fetchall()
    for doc_id, fmt, title, pages, text, meta in docs:
        text = text or ""
        try:
            meta = json.loads(meta) if meta else {}
        except ValueError:
            meta = {}
        sents = db.execute("SELECT seq, section, page, char_start, char_end, text FROM sentences"
                           " WHERE document_id = ? ORDER BY seq", (doc_id,)).fetchall()
        page2 = [s[3] for s in sents if s[2] and s[2] >= 2]
        src = Source(text=text, format=fmt or "text", pages=pages,
                     page_starts=[min(page2)] if page2 else [], title=title)
        if title and text.find(title) >= 0:
            at = text.find(title)
            src.spans["title"] = [Span(at, at + len(title), "title")]
        md = {k: meta.get(k) for k in BIB_FIELDS if meta.get(k)}
        for k, v in front_matter(src).items():
            md.setdefault(k, v)
        ab = abstract_from_sentences([Sentence(s[0], s[5] or "", Provenance(s[3] or 0, s[4] or 0, ""), s[1])
                                      for s in sents])
        if ab:
            md.setdefault("abstract", ab)
        md = normalize(md)
        if not md:
            continue
        db.execute(
            "UPDATE documents SET authors = ?, year = ?, journal = ?, journal_iso = ?, volume = ?,"
            " issue = ?, first_page = ?, last_page = ?, pmid = ?, pmcid = ?, abstract = ?"
            " WHERE id = ?",
            (json.dumps(md["authors"], ensure_ascii=False) if md.get("authors") else None,
             md.get("year"), md.get("journal"), md.get("journal_iso"), md.get("volume"),
             md.get("issue"), md.get("first_page"), md.get("last_page"), md.get("pmid"),
             md.get("pmcid"), md.get("abstract"), doc_id))


@migration
def m007_effect_finding(db: sqlite3.Connection) -> None:
    """``effects.finding``: what the effect says happened to the outcome in the intervention arm
    relative to the control — ``significantly increased``, ``significantly decreased`` or
    ``no significant difference`` (NULL when it does not say).  ``direction`` keeps speaking of
    which arm is favoured; ``finding`` needs no knowledge of which way is better.  Extraction
    fills it (:func:`extractor.compare.direction.finding`); rows stored before are filled here
    from their estimate, CI, p-value, stated significance and direction, and one statistic
    reported for both compared arms."""
    from extractor.compare.direction import finding

    run_script(db, "ALTER TABLE effects ADD COLUMN finding TEXT;")
    rows = db.execute(
        "SELECT e.id, e.measure, e.value, e.ci_low, e.ci_high, e.p_value, e.p_relation, "
        "e.significant, e.direction, e.outcome_id, e.intervention_arm_id, e.control_arm_id, o.name "
        "FROM effects e JOIN outcomes o ON o.id = e.outcome_id").fetchall()
    for (eid, measure, value, lo, hi, p, rel, sig, direction, oid, ia, ca, name) in rows:
        iv = cv = None
        if ia is not None and ca is not None:
            vals = {}
            for arm, stat, v in db.execute(
                    "SELECT arm_id, statistic, value FROM arm_results WHERE outcome_id = ? "
                    "AND arm_id IN (?, ?) ORDER BY id", (oid, ia, ca)):
                vals.setdefault((arm, stat), v)
            for stat in ("percent", "mean", "median", "events", "value"):
                if (ia, stat) in vals and (ca, stat) in vals:
                    iv, cv = vals[(ia, stat)], vals[(ca, stat)]
                    break
        f = finding(measure, value, lo, hi, p, rel, iv, cv,
                    None if sig is None else bool(sig), direction, name or "")
        if f is not None:
            db.execute("UPDATE effects SET finding = ? WHERE id = ?", (f, eid))


@migration
def m008_sentences_fts_bulk(db: sqlite3.Connection) -> None:
    """The full-text index of a document's sentences is filled by one statement per document.

    The insert trigger filled ``sentences_fts`` one row at a time, about a third of the cost of
    storing a document.  ``sentences_fts_deferred`` names the documents whose writer fills
    the index itself: while a document is listed there, inserting its sentences leaves the
    index alone, and the writer indexes them all at once (``INSERT INTO sentences_fts ...
    SELECT``) and removes the document from the list, inside the document's transaction.  The
    index holds the same rows either way; every other insert (a merge, an SQL statement) is
    indexed by the trigger as before."""
    run_script(db, """
        CREATE TABLE sentences_fts_deferred (document_id INTEGER PRIMARY KEY);
        DROP TRIGGER sentences_ai;
        CREATE TRIGGER sentences_ai AFTER INSERT ON sentences
        WHEN NOT EXISTS (SELECT 1 FROM sentences_fts_deferred WHERE document_id = new.document_id)
        BEGIN
            INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
        END;
    """)
