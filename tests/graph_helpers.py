"""Build small evidence stores row by row (sqlite3 + the real migrations) for graph/topic tests.

The graph and topic code read only the store, so their tests fill the contract tables directly:
documents with sentences, refs with callouts, and works linking references to corpus documents.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path
from typing import Optional

from corpus.migrations import migrate


class StoreBuilder:
    """A migrated SQLite store plus helpers that insert contract rows."""

    def __init__(self, path: Path | str = ":memory:"):
        self.conn = sqlite3.connect(str(path))
        self.conn.execute("PRAGMA foreign_keys = ON")
        migrate(self.conn)

    def document(self, path: str, text: str = "", title: Optional[str] = None,
                 kind: str = "primary", doi: Optional[str] = None, fmt: str = "text",
                 sentences: Optional[list[str]] = None) -> int:
        """Insert a document; its sentences are ``sentences`` (or a naive split of ``text``)."""
        if sentences is None:
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
        if not text:
            text = " ".join(sentences)
        cur = self.conn.execute(
            "INSERT INTO documents (sha256, path, format, title, doi, kind, text) VALUES (?,?,?,?,?,?,?)",
            (hashlib.sha256((path + text).encode()).hexdigest(), path, fmt, title, doi, kind, text))
        doc_id = cur.lastrowid
        pos = 0
        for seq, s in enumerate(sentences):
            start = text.index(s, pos)
            pos = start + len(s)
            self.conn.execute(
                "INSERT INTO sentences (document_id, seq, char_start, char_end, text) VALUES (?,?,?,?,?)",
                (doc_id, seq, start, pos, s))
        return doc_id

    def work(self, key: str, doi: Optional[str] = None, title: Optional[str] = None,
             journal_iso: Optional[str] = None, year: Optional[int] = None,
             document_id: Optional[int] = None) -> int:
        row = self.conn.execute("SELECT id FROM works WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        return self.conn.execute(
            "INSERT INTO works (key, doi, title, journal_iso, year, document_id) VALUES (?,?,?,?,?,?)",
            (key, doi, title, journal_iso, year, document_id)).lastrowid

    def ref(self, document_id: int, ordinal: int, work_id: Optional[int], raw: str = "",
            journal_iso: Optional[str] = None, year: Optional[int] = None,
            title: Optional[str] = None, doi: Optional[str] = None) -> int:
        return self.conn.execute(
            "INSERT INTO refs (document_id, ordinal, raw, journal_iso, year, title, doi, work_id) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (document_id, ordinal, raw, journal_iso, year, title, doi, work_id)).lastrowid

    def cite(self, document_id: int, ref_id: int, marker: str, occurrence: int = 0) -> int:
        """A callout: found in the document text (``occurrence``-th time); sentence by offsets."""
        text = self.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(marker, start + 1)
        end = start + len(marker)
        sent = self.conn.execute(
            "SELECT id FROM sentences WHERE document_id = ? AND char_start <= ? AND ? < char_end",
            (document_id, start, start)).fetchone()
        return self.conn.execute(
            "INSERT INTO citations (document_id, ref_id, sentence_id, marker, char_start, char_end, quote) "
            "VALUES (?,?,?,?,?,?,?)",
            (document_id, ref_id, sent[0] if sent else None, marker, start, end, marker)).lastrowid

    def commit(self) -> sqlite3.Connection:
        self.conn.commit()
        return self.conn


def topic_names(conn: sqlite3.Connection, work_id: int) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT t.name FROM work_topics wt JOIN topics t ON t.id = wt.topic_id WHERE wt.work_id = ?",
        (work_id,))}
