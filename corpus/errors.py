"""Coded errors of the evidence store (the ``E02x``/``E03x`` range, plus ``E099``).

They extend :class:`extractor.errors.StoreError` / :class:`extractor.errors.EvidenceError`, so
the CLI turns every one of them into ``Error: [E0xx] message: next step`` and exit code 1, and a
batch records ``code`` and ``message`` in the ``failures`` table.

=====  ==========================================================================
code   meaning
=====  ==========================================================================
E020   the store file is not a SQLite database
E021   the store (or its folder) is read-only, or was opened read-only
E022   the store stayed locked by another writer beyond the busy timeout
E023   no store at that path (read-only commands never create one)
E024   no document matches (or several do)
E025   a SQLite database of another application (never written to)
E026   the disk (or the store's size limit) is full
E030   an SQL statement failed (syntax, unknown table, write without ``--write``)
E031   a question (``evidence ask``) is malformed: a bad line of a question file, a missing field
E099   an unexpected internal error while extracting one file (the batch goes on)
=====  ==========================================================================
"""
from __future__ import annotations

from extractor.errors import EvidenceError, StoreError

__all__ = [
    "StoreError",
    "NotADatabase",
    "StoreReadOnly",
    "StoreLocked",
    "StoreMissing",
    "DocumentNotFound",
    "ForeignDatabase",
    "StoreFull",
    "QueryError",
    "QuestionError",
    "InternalError",
    "CODES",
]


class NotADatabase(StoreError):
    code = "E020"
    hint = "point --db (or $EVIDENCE_DB) at an evidence store, or at a new file name to create one"


class StoreReadOnly(StoreError):
    code = "E021"
    hint = "make the file and its folder writable, or use another --db path"


class StoreLocked(StoreError):
    code = "E022"
    hint = "another process is writing to the store; wait for it to finish, then retry"


class StoreMissing(StoreError):
    code = "E023"
    hint = "check --db (or $EVIDENCE_DB), or create the store with `evidence extract FILE`"


class DocumentNotFound(StoreError):
    code = "E024"
    hint = "list the documents with `evidence documents` and pass an id, a sha256 prefix or a path fragment"


class ForeignDatabase(StoreError):
    code = "E025"
    hint = ("choose another --db path (a new file name creates a store); evidence never "
            "writes into another application's database")


class StoreFull(StoreError):
    code = "E026"
    hint = ("free some disk space, then re-run the same command: what was stored is complete "
            "and is skipped")


class QueryError(StoreError):
    code = "E030"
    hint = "check the SQL (the README lists the tables and columns)"


class QuestionError(StoreError):
    """A question of ``evidence ask`` that cannot be read; ``line`` is its line in the file."""

    code = "E031"
    hint = ("each line needs the fields doc, outcome, intervention and comparator "
            "(.jsonl: one JSON object a line; .csv: a header row naming them)")

    def __init__(self, message: str, hint: str | None = None, *, line: int | None = None, **kw):
        super().__init__(message, hint, **kw)
        self.line = line


class InternalError(EvidenceError):
    """Anything unexpected raised while extracting one file; recorded, never fatal to a batch."""

    code = "E099"
    hint = "please report this file and message; the rest of the batch was processed"


CODES = {
    cls.code: cls
    for cls in (NotADatabase, StoreReadOnly, StoreLocked, StoreMissing, DocumentNotFound,
                ForeignDatabase, StoreFull, QueryError, QuestionError, InternalError)
}
