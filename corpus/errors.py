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
E032   an SQL statement refused by the authorizer (ATTACH, VACUUM INTO, fts3_tokenizer...)
E042   an output file that exists (``--force`` replaces it)
E043   an output file in a missing or read-only folder, or a folder given as the file
E044   an output file (``-o``) that is the store itself or another SQLite database
E060   Dask is not installed, or its scheduler cannot be reached (``extract --dask``)
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
    "StatementRefused",
    "OutputError",
    "OutputIsDatabase",
    "OutputExists",
    "OutputNotWritable",
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


class StatementRefused(QueryError):
    code = "E032"
    hint = ("`evidence sql` runs statements on the store only: no other database files, no "
            "native functions; read-only unless --write")


class OutputError(EvidenceError):
    """An output path refused before anything is written (:mod:`corpus.output`)."""

    code = "E043"


class OutputIsDatabase(OutputError):
    code = "E044"
    hint = ("write to a new file name (.ris, .csv, .html...): the store and other SQLite "
            "databases are never overwritten")


class OutputExists(OutputError):
    code = "E042"
    hint = "choose another file name, or add --force to replace it"


class OutputNotWritable(OutputError):
    code = "E043"
    hint = "create the folder first, or choose a writable folder"


class ClusterError(EvidenceError):
    """``evidence extract --dask``: the ``dask`` extra is missing or the scheduler is unreachable."""

    code = "E060"
    hint = ("install the extra (pip install 'trialevidence[dask]') and check the scheduler "
            "address (tcp://HOST:8786), or use --dask local")


class InternalError(EvidenceError):
    """Anything unexpected raised while extracting one file; recorded, never fatal to a batch."""

    code = "E099"
    hint = "please report this file and message; the rest of the batch was processed"


CODES = {
    cls.code: cls
    for cls in (NotADatabase, StoreReadOnly, StoreLocked, StoreMissing, DocumentNotFound,
                ForeignDatabase, StoreFull, QueryError, QuestionError, StatementRefused,
                OutputIsDatabase, OutputExists, OutputNotWritable, ClusterError, InternalError)
}
