"""The evidence store: one SQLite file holding the SQL contract of the README.

>>> store = Store(":memory:")
>>> [t for t in ("documents", "sentences", "effects") if store.db[t].exists()]
['documents', 'sentences', 'effects']

:class:`Store` opens (or creates) the file in WAL mode with a busy timeout and foreign keys on,
brings its schema up to date (:func:`corpus.migrations.migrate`) and writes one
:class:`~extractor.model.Article` per transaction with :meth:`Store.save`: a crash, a bad file or
a ``KeyboardInterrupt`` never leaves half a document.  Saving is idempotent by the file's
sha256; a new extractor version (or ``force``) replaces the document, keeping its id.
"""
from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from extractor.errors import EvidenceError
from extractor.model import Article, Flag, Provenance

from .errors import (
    DocumentNotFound,
    ForeignDatabase,
    InternalError,
    StoreFull,
    NotADatabase,
    QueryError,
    StatementRefused,
    StoreLocked,
    StoreMissing,
    StoreReadOnly,
)
from .labels import assign_labels
from .migrations import migrate
from .output import folder_writable

__all__ = ["Store", "SaveResult", "default_path", "utcnow", "storable", "sql_authorizer"]

# Seconds a writer waits for another writer before SQLite gives up; $EVIDENCE_BUSY_TIMEOUT
# overrides it (a long batch on a shared drive, or a test of the locked-store error).
BUSY_TIMEOUT = float(os.environ.get("EVIDENCE_BUSY_TIMEOUT") or 30.0)
LOCK_RETRIES = 3  # whole-transaction retries on "database is locked" after the busy timeout


def default_path() -> str:
    """The store used when no path is given: ``$EVIDENCE_DB`` or ``./evidence.db``."""
    return os.environ.get("EVIDENCE_DB") or "evidence.db"


def utcnow() -> str:
    """The current UTC time as ISO 8601 with seconds (``2026-11-25T16:40:00+00:00``)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def storable(text: Optional[str]) -> Optional[str]:
    """``text`` as SQLite can store it.

    A file name with bytes that are not UTF-8 reaches Python as a ``str`` with lone surrogates
    (PEP 383), which SQLite refuses; those bytes become ``\\xNN`` escapes instead.

    >>> storable("caf\\udce9.txt")
    'caf\\\\xe9.txt'
    >>> storable("café.txt")
    'café.txt'
    """
    if text is None:
        return None
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class SaveResult:
    """What :meth:`Store.save` did with one article."""

    document_id: int
    status: str  # stored | unchanged | replaced
    sha256: str
    path: str
    pages: Optional[int] = None
    sentences: int = 0
    #: ids of the works whose topic tags may have changed: those the document cites or is,
    #: before and after a replacement (see ``graph.topics.tag_works(works=...)``)
    works: tuple[int, ...] = ()


_TOUCHED_WORKS = ("SELECT work_id FROM refs WHERE document_id = ? AND work_id IS NOT NULL "
                  "UNION SELECT id FROM works WHERE document_id = ?")


def _write_ahead_log(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch the store to write-ahead logging, waiting up to ``timeout`` for other processes.

    SQLite answers a journal-mode change that meets another connection's lock with "database is
    locked" at once, without its busy handler: two batches started together on a new store
    would see one of them fail.  The switch is retried, as the busy handler would wait.
    """
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _translate(exc: sqlite3.Error, path: str, timeout: float = BUSY_TIMEOUT) -> EvidenceError:
    """Map a sqlite3 error about the store file to a coded :class:`StoreError`."""
    msg = str(exc)
    low = msg.lower()
    if "not a database" in low or "file is encrypted" in low:
        return NotADatabase(f"{path} is not a SQLite database", path=path)
    if "malformed" in low:  # a SQLite file damaged on disk (or copied while being written)
        return NotADatabase(f"{path} is a damaged SQLite database ({msg})",
                            "restore it from a backup, or salvage its rows with "
                            f"`sqlite3 {path} .recover | sqlite3 recovered.db`", path=path)
    if "disk is full" in low or "database is full" in low:
        return StoreFull(f"{path}: the disk is full ({msg})", path=path)
    if "readonly" in low or "read-only" in low:
        return StoreReadOnly(f"{path} is read-only ({msg})", path=path)
    if "locked" in low or "busy" in low:
        return StoreLocked(f"{path} stayed locked for {timeout:g} s", path=path)
    if "unable to open" in low:
        parent = Path(path).resolve().parent
        if not parent.exists():
            return StoreMissing(f"cannot create {path}: folder {parent} does not exist",
                                "create the folder first, or choose another --db path",
                                path=path)
        return StoreReadOnly(f"cannot open {path} ({msg})", path=path)
    return InternalError(f"store {path}: {msg}", path=path)


def _foreign(conn: sqlite3.Connection) -> bool:
    """True for a database that has tables but was never an evidence store (no ``_migrations``).

    Opening it writable would add our tables to, say, a reference manager's database.
    """
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return bool(names) and "_migrations" not in names


# SQLite authorizer action codes (sqlite3.h); the sqlite3 module's constants of the same values
# are named inconsistently across Python versions, so the numbers are spelled out here.
_PRAGMA, _FUNCTION, _ATTACH, _DETACH = 19, 31, 24, 25
#: functions a typed statement may never call: fts3_tokenizer returns (one argument) or
#: installs (two arguments) a raw C function pointer; load_extension runs native code.
REFUSED_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension"})
#: pragmas that take a table or index name and only read (allowed with an argument read-only)
READ_PRAGMAS = frozenset({"table_info", "table_xinfo", "table_list", "index_list", "index_info",
                          "index_xinfo", "foreign_key_list", "foreign_key_check",
                          "integrity_check", "quick_check"})


def sql_authorizer(readonly: bool, refused: list[str]) -> Callable:
    """An SQLite authorizer for statements a user types (``evidence sql``).

    Always refused: ``ATTACH``/``DETACH`` and ``VACUUM INTO`` (they open or create other
    database files), :data:`REFUSED_FUNCTIONS`, ``PRAGMA writable_schema``.  Read-only, a
    pragma may not set a value (only the :data:`READ_PRAGMAS` take an argument).  Everything
    else is left to SQLite (a read-only connection refuses writes itself).  The reason of a
    refusal is appended to ``refused``.
    """
    def authorize(action, arg1, arg2, db_name, source):
        reason = None
        if action in (_ATTACH, _DETACH):
            reason = ("ATTACH, DETACH and VACUUM INTO open or create other database files "
                      f"({arg1 or arg2 or 'a file'})")
        elif action == _FUNCTION and (arg2 or "").lower() in REFUSED_FUNCTIONS:
            reason = f"the SQL function {arg2}() is not available"
        elif action == _PRAGMA:
            name = (arg1 or "").lower()
            if name == "writable_schema":
                reason = "PRAGMA writable_schema can corrupt the store"
            elif readonly and arg2 is not None and name not in READ_PRAGMAS:
                reason = f"PRAGMA {name} = {arg2} changes the connection or the store"
        if reason is None:
            return sqlite3.SQLITE_OK
        refused.append(reason)
        return sqlite3.SQLITE_DENY

    return authorize


def _is_store(conn: sqlite3.Connection) -> bool:
    """True when the database has the ``_migrations`` table of an evidence store."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
                        ).fetchone() is not None


def _connect(uri: str, timeout: float) -> sqlite3.Connection:
    """A read-only connection to ``uri``, checked by a first read (raises sqlite3 errors)."""
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _optional(module: str, function: str) -> Optional[Callable]:
    """``corpus.<module>.<function>`` when that module exists, else None.

    Existence is decided by the module spec, so an import error *inside* an existing module
    propagates instead of silently skipping the step.
    """
    name = f"{__package__}.{module}"
    if importlib.util.find_spec(name) is None:
        return None
    return getattr(importlib.import_module(name), function, None)


def _prov(p: Optional[Provenance]) -> tuple:
    """The provenance columns ``page, char_start, char_end, quote, bbox`` of a record."""
    if p is None:
        return (None, None, None, None, None)
    bbox = json.dumps([round(float(x), 2) for x in p.bbox]) if p.bbox else None
    return (p.page, p.char_start, p.char_end, p.quote, bbox)


def _bool(v: Optional[bool]) -> Optional[int]:
    return None if v is None else int(bool(v))


PROV_COLS = "page, char_start, char_end, quote, bbox"


class Store:
    """An evidence store (a SQLite file); see the README for its tables.

    Parameters
    ----------
    path : str or Path, optional
        The file; ``$EVIDENCE_DB`` or ``./evidence.db`` when omitted; ``":memory:"`` works.
    readonly : bool
        Open with ``mode=ro``: nothing can be written and no migration runs.  The file must
        exist (:class:`~corpus.errors.StoreMissing`, E023).  A store in a read-only folder
        (where SQLite cannot create the ``-shm`` file a WAL store needs) is opened immutable.
    foreign : bool
        Accept a SQLite database of another application when read-only (``evidence sql``);
        otherwise such a file is refused (E025) and an empty one is no store (E023).
    timeout : float
        Seconds to wait for another writer (SQLite's busy timeout).
    hooks : bool
        Run reference linking and consistency checks inside :meth:`save` (default).  False
        stores exactly the article's records (tests of the store itself, or a bulk load
        followed by ``evidence check``).

    Raises
    ------
    corpus.errors.NotADatabase
        E020, the file is not SQLite.
    corpus.errors.StoreReadOnly
        E021, the file or its folder cannot be written.
    corpus.errors.StoreLocked
        E022, another writer held the store beyond ``timeout``.
    corpus.errors.ForeignDatabase
        E025, a SQLite database of another application (read-only with ``foreign`` is fine).
    """

    def __init__(self, path: str | os.PathLike | None = None, *, readonly: bool = False,
                 timeout: float = BUSY_TIMEOUT, hooks: bool = True, foreign: bool = False):
        self.path = str(path) if path is not None else default_path()
        self.readonly = readonly
        self.timeout = timeout
        memory = self.path == ":memory:"
        if readonly and not memory and not Path(self.path).is_file():
            raise StoreMissing(f"no store at {self.path}", path=self.path)
        if not memory and Path(self.path).is_dir():
            raise NotADatabase(f"{self.path} is a folder, not a SQLite database", path=self.path)
        try:
            if readonly and not memory:
                self.conn = self._open_readonly(timeout)
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=timeout)
                self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
                self.conn.execute("PRAGMA foreign_keys = ON")
                # The first real read: fails here when the file is not a database.
                self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if _foreign(self.conn) and not (readonly and foreign):
                raise ForeignDatabase(f"{self.path} is a SQLite database of another application",
                                      path=self.path)
            if readonly and not memory and not foreign and not _is_store(self.conn):
                raise StoreMissing(f"no store at {self.path} (an empty SQLite database)",
                                   path=self.path)
            if not readonly:
                if not memory:
                    _write_ahead_log(self.conn, timeout)
                self.conn.execute("PRAGMA synchronous = NORMAL")
                migrate(self.conn)
        except sqlite3.Error as exc:
            raise _translate(exc, self.path, self.timeout) from exc
        except UnicodeDecodeError as exc:  # SQLite's message quoted bytes of a damaged schema
            raise NotADatabase(f"{self.path} is a damaged SQLite database (unreadable schema)",
                               "restore it from a backup, or salvage its rows with "
                               f"`sqlite3 {self.path} .recover | sqlite3 recovered.db`",
                               path=self.path) from exc
        self._db = None
        self._link = self._run_checks = None
        self._hooks_loaded = not hooks

    @property
    def db(self):
        """A ``sqlite_utils.Database`` over the store's connection (imported on first use)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _open_readonly(self, timeout: float) -> sqlite3.Connection:
        """A read-only connection; immutable when SQLite cannot use the file's folder.

        Reading a WAL store needs its ``-shm`` file; in a read-only folder SQLite can neither
        create it nor open the store, although nothing is to be written.  Nobody can write a
        store there either, so opening it immutable reads exactly what is on disk.
        """
        uri = Path(self.path).resolve().as_uri() + "?mode=ro"
        try:
            return _connect(uri, timeout)
        except sqlite3.OperationalError as exc:
            if "unable to open" not in str(exc) or folder_writable(Path(self.path).resolve().parent):
                raise
        return _connect(uri + "&immutable=1", timeout)

    # -- life cycle -----------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite when the last one closes)."""
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r}{', readonly=True' if self.readonly else ''})"

    # -- transactions ---------------------------------------------------------------------------
    def transaction(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``fn(conn)`` inside ``BEGIN IMMEDIATE … COMMIT``; roll back on any exception.

        ``database is locked`` (another writer held the lock beyond the busy timeout) retries
        the whole transaction a few times, then raises :class:`~corpus.errors.StoreLocked`.
        """
        if self.readonly:
            raise StoreReadOnly(f"{self.path} was opened read-only",
                                "drop the read-only option (for `evidence sql`, add --write)",
                                path=self.path)
        for attempt in range(LOCK_RETRIES + 1):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    if attempt < LOCK_RETRIES:
                        time.sleep(0.05 * 2 ** attempt)
                        continue
                raise _translate(exc, self.path, self.timeout) from exc
            try:
                result = fn(self.conn)
                self.conn.execute("COMMIT")
                return result
            except BaseException as exc:
                if self.conn.in_transaction:
                    try:
                        self.conn.execute("ROLLBACK")
                    except sqlite3.Error:  # keep the original error; SQLite rolls back anyway
                        pass
                if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc) \
                        and attempt < LOCK_RETRIES:
                    time.sleep(0.05 * 2 ** attempt)
                    continue
                if isinstance(exc, sqlite3.DatabaseError) and any(
                        k in str(exc) for k in ("readonly", "locked", "malformed", "full")):
                    raise _translate(exc, self.path, self.timeout) from exc
                raise
        raise StoreLocked(f"{self.path} stayed locked", path=self.path)  # pragma: no cover

    # -- writing --------------------------------------------------------------------------------
    def save(self, article: Article, *, force: bool = False) -> SaveResult:
        """Store ``article`` in one transaction and return what happened.

        The same bytes (sha256) already stored by the same extractor version are left alone
        (``unchanged``) unless ``force``; otherwise the old document's rows are deleted (by
        cascade) and the article is written anew under the same id (``replaced``).  Inside the
        same transaction, references are linked to works (:func:`corpus.works.link_document`)
        and consistency checks run (:func:`corpus.checks.run_checks`) when those exist.
        """
        self._load_hooks()
        if storable(article.path) != article.path:
            article = dataclasses.replace(article, path=storable(article.path))
        return self.transaction(lambda conn: self._save(conn, article, force))

    def _load_hooks(self) -> None:
        if not self._hooks_loaded:
            self._link = _optional("works", "link_document")
            self._run_checks = _optional("checks", "run_checks")
            self._hooks_loaded = True

    def _save(self, conn: sqlite3.Connection, a: Article, force: bool) -> SaveResult:
        old = conn.execute("SELECT id, extractor_version FROM documents WHERE sha256 = ?",
                           (a.sha256,)).fetchone()
        n_sent = len(a.sentences)
        if old and not force and old[1] == a.extractor_version:
            conn.execute("DELETE FROM failures WHERE path = ?", (a.path,))
            return SaveResult(old[0], "unchanged", a.sha256, a.path, a.pages, n_sent)
        touched: set[int] = set()
        if old:
            touched.update(r[0] for r in conn.execute(_TOUCHED_WORKS, (old[0], old[0])))
        old_labels = []
        if old:
            old_labels = [r[0] for r in conn.execute(
                "SELECT label FROM documents WHERE id = ? OR work_id = (SELECT work_id FROM"
                " documents WHERE id = ?)", (old[0], old[0]))]
            conn.execute("DELETE FROM documents WHERE id = ?", (old[0],))
        # The text goes in last, by one UPDATE: linking and labelling update this row, and
        # SQLite rewrites a whole row on every update (for a 50 MB text, two copies in memory
        # and 50 MB more in the WAL each time); written once at the end, it costs that once.
        doc_id = conn.execute(
            "INSERT INTO documents (id, sha256, path, format, title, doi, kind, pages, text,"
            " extracted_at, extractor_version, meta, authors, year, journal, journal_iso, volume,"
            " issue, first_page, last_page, pmid, pmcid, abstract)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (old[0] if old else None, a.sha256, a.path, a.format, a.title, a.doi, a.kind, a.pages,
             "", utcnow(), a.extractor_version,
             json.dumps(a.meta, default=str, sort_keys=True) if a.meta else None,
             json.dumps(list(a.authors), ensure_ascii=False) if a.authors else None,
             a.year, a.journal, a.journal_iso, a.volume, a.issue, a.first_page, a.last_page,
             a.pmid, a.pmcid, a.abstract),
        ).lastrowid
        _Writer(conn, doc_id).write(a)
        self._link_and_label(conn, doc_id, old_labels)
        if self._run_checks is not None:
            self._run_checks(conn, doc_id)
        conn.execute("DELETE FROM failures WHERE path = ?", (a.path,))
        conn.execute("UPDATE documents SET text = ? WHERE id = ?", (a.text, doc_id))
        touched.update(r[0] for r in conn.execute(_TOUCHED_WORKS, (doc_id, doc_id)))
        return SaveResult(doc_id, "replaced" if old else "stored", a.sha256, a.path, a.pages,
                          n_sent, tuple(sorted(touched)))

    def _link_and_label(self, conn: sqlite3.Connection, doc_id: int, old_labels=()) -> None:
        """After a document's rows are written: link its references to works and give it (and
        copies its references join) a label.  :func:`corpus.merge.merge_stores` runs it too."""
        if self._link is not None:
            self._link(conn, doc_id)
        assign_labels(conn, doc_id, list(old_labels))
        # copies joined by this document's references (two stored documents shown to be one
        # article) take one label
        for (other,) in conn.execute(
                "SELECT min(d.id) FROM documents d WHERE d.work_id IN (SELECT work_id FROM refs"
                " WHERE document_id = ? AND work_id IS NOT NULL) GROUP BY d.work_id"
                " HAVING count(DISTINCT coalesce(d.label, '')) > 1", (doc_id,)).fetchall():
            assign_labels(conn, other)

    def record_failure(self, path: str, sha256: Optional[str], error: BaseException) -> dict:
        """Record a file that could not be read (``failures`` row: code, message, UTC time).

        The path's older failure rows are replaced, and :meth:`save` deletes them when the
        path later succeeds, so ``failures`` lists the files failing now.

        ``error`` is usually an :class:`~extractor.errors.EvidenceError`; anything else is
        recorded as E099 (internal error) with the exception's text.  Returns the row.
        """
        if isinstance(error, EvidenceError):
            code, message = error.code, str(error)
        else:
            code = InternalError.code
            message = str(InternalError(f"{type(error).__name__}: {error}"))
        row = {"path": storable(str(path)), "sha256": sha256, "code": code,
               "message": storable(message), "at": utcnow()}

        def write(conn):
            # one row per failing path: a re-run that fails again replaces the older row
            conn.execute("DELETE FROM failures WHERE path = ?", (row["path"],))
            conn.execute("INSERT INTO failures (path, sha256, code, message, at)"
                         " VALUES (?,?,?,?,?)", tuple(row.values()))

        self.transaction(write)
        return row

    # -- user SQL -------------------------------------------------------------------------------
    def query(self, sql: str, params: Iterable | dict = ()) -> sqlite3.Cursor:
        """Run one statement a user typed (``evidence sql``) under :func:`sql_authorizer`.

        Raises :class:`~corpus.errors.StatementRefused` (E032) for what the authorizer
        refuses, :class:`~corpus.errors.QueryError` (E030) for any other SQL error.
        """
        refused: list[str] = []
        self.conn.set_authorizer(sql_authorizer(self.readonly, refused))
        try:
            return self.conn.execute(sql, params)
        except (sqlite3.Error, sqlite3.Warning) as exc:
            if refused:
                raise StatementRefused(f"refused: {refused[0]}") from exc
            hint = None if not self.readonly or "readonly" not in str(exc) else \
                "the store is opened read-only; add --write to modify it"
            raise QueryError(str(exc), hint) from exc
        finally:
            self.conn.set_authorizer(None)

    # -- reading --------------------------------------------------------------------------------
    def rows(self, sql: str, params: Iterable | dict = ()) -> list[dict]:
        """The rows of a query as dicts (a damaged store raises :class:`NotADatabase`, E020)."""
        try:
            cur = self.conn.execute(sql, params)
            cols = [c[0] for c in cur.description or ()]
            return [dict(zip(cols, r)) for r in cur]
        except sqlite3.DatabaseError as exc:
            if "malformed" in str(exc) or "not a database" in str(exc):
                raise _translate(exc, self.path, self.timeout) from exc
            raise

    def stored_versions(self, sha256: str) -> Optional[str]:
        """The ``extractor_version`` stored for these bytes, ``""`` if unknown, None if absent."""
        row = self.conn.execute("SELECT extractor_version FROM documents WHERE sha256 = ?",
                                (sha256,)).fetchone()
        return None if row is None else (row[0] or "")

    def documents(self) -> list[dict]:
        """One row per stored document: id, label, format, kind, pages, title, path, and
        ``copies``: the ids of the other stored copies of the same article (``documents.work_id``),
        comma-separated, or None."""
        return self.rows(
            "SELECT d.id, d.label, d.format, d.kind, d.pages, d.title, d.path,"
            " (SELECT group_concat(c.id, ',') FROM (SELECT c.id FROM documents c"
            "   WHERE c.work_id = d.work_id AND c.id <> d.id ORDER BY c.id) c) AS copies"
            " FROM documents d ORDER BY d.id")

    def failures(self) -> list[dict]:
        """The recorded failures, oldest first."""
        return self.rows("SELECT path, sha256, code, message, at FROM failures ORDER BY id")

    def document(self, ref: str | int) -> dict:
        """The document row (without its text) named by id, sha256 prefix or path fragment.

        Raises :class:`~corpus.errors.DocumentNotFound` (E024) when nothing or several match.
        """
        cols = ("id, sha256, path, format, title, doi, kind, pages, extracted_at, "
                "extractor_version, length(text) AS chars, label, authors, year, journal, "
                "journal_iso, volume, issue, first_page, last_page, pmid, pmcid, work_id")
        ref = str(ref).strip()
        if ref.isdigit():
            found = self.rows(f"SELECT {cols} FROM documents WHERE id = ?", (int(ref),))
            if found:
                return found[0]
        found = []
        if len(ref) >= 6 and all(c in "0123456789abcdefABCDEF" for c in ref):
            found = self.rows(f"SELECT {cols} FROM documents WHERE sha256 LIKE ? ORDER BY id",
                              (ref.lower() + "%",))
        if not found and ref:
            found = self.rows(f"SELECT {cols} FROM documents WHERE instr(path, ?) ORDER BY id",
                              (ref,))
        if len(found) == 1:
            return found[0]
        if not found:
            raise DocumentNotFound(f"no document matches {ref!r}")
        ids = ", ".join(str(d["id"]) for d in found[:10])
        raise DocumentNotFound(f"{len(found)} documents match {ref!r} (ids {ids})",
                               "pass the id instead")

    def summary(self, doc_id: int) -> dict:
        """Everything ``evidence show`` prints about one document, as plain data."""
        doc = self.document(doc_id)
        q = self.rows
        doc["sentences"] = q("SELECT count(*) AS n FROM sentences WHERE document_id = ?",
                             (doc_id,))[0]["n"]
        studies = q("SELECT * FROM studies WHERE document_id = ? ORDER BY id", (doc_id,))
        for st in studies:
            st["arms"] = q("SELECT * FROM arms WHERE study_id = ? ORDER BY id", (st["id"],))
            label = {a["id"]: a["label"] for a in st["arms"]}
            st["outcomes"] = q("SELECT * FROM outcomes WHERE study_id = ? ORDER BY id",
                               (st["id"],))
            for o in st["outcomes"]:
                o["results"] = q("SELECT * FROM arm_results WHERE outcome_id = ? ORDER BY id",
                                 (o["id"],))
                for r in o["results"]:
                    r["arm"] = label.get(r["arm_id"])
                o["effects"] = q("SELECT * FROM effects WHERE outcome_id = ? ORDER BY id",
                                 (o["id"],))
        doc["studies"] = studies
        doc["tables"] = q(
            "SELECT t.id, t.seq, t.label, t.caption, t.page, t.n_rows, t.n_cols,"
            " (SELECT count(*) FROM table_cells c WHERE c.table_id = t.id) AS cells"
            " FROM tables t WHERE t.document_id = ? ORDER BY t.seq", (doc_id,))
        counts = q(
            "SELECT (SELECT count(*) FROM refs WHERE document_id = :d) AS refs,"
            " (SELECT count(*) FROM citations WHERE document_id = :d) AS citations,"
            " (SELECT count(*) FROM checks WHERE document_id = :d) AS checks,"
            " (SELECT count(*) FROM checks WHERE document_id = :d AND status = 'flag') AS flagged,"
            " (SELECT count(*) FROM checks WHERE document_id = :d AND status = 'fail') AS failed",
            {"d": doc_id})[0]
        doc.update(counts)
        if doc.get("authors"):
            try:
                doc["authors"] = json.loads(doc["authors"])
            except ValueError:
                pass
        doc["copies"] = [r["id"] for r in q(
            "SELECT id FROM documents WHERE work_id = ? AND id <> ? ORDER BY id",
            (doc.get("work_id"), doc_id))] if doc.get("work_id") is not None else []
        return doc


_PARENTS_FIRST = ("tables", "studies", "arms", "outcomes", "arm_results", "effects")


class _Writer:
    """Writes the rows of one article inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, document_id: int):
        self.conn = conn
        self.doc = document_id
        self.checks: list[tuple] = []
        # rows of tables, studies, arms, outcomes, results and effects queued by :meth:`insert`
        # with the ids SQLite would give them, written by one statement per table
        self.rows: dict[str, tuple[str, list[tuple]]] = {}
        self.ids: dict[str, int] = {}
        self.cells: list[tuple] = []

    def flags(self, subject: str, subject_id: int, flags: Iterable[Flag]) -> None:
        for f in flags:
            self.checks.append((self.doc, subject, subject_id, f.check, f.status, f.expected,
                                f.reported, f.message))

    def next_id(self, table: str) -> int:
        """The id SQLite gives the next row inserted into ``table`` without one."""
        return (self.conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1

    def insert(self, table: str, cols: str, values: tuple) -> int:
        """Queue one row of ``table`` (written by :meth:`flush`, one statement per table) and
        return the id SQLite would give it inserted now: one more than the table's largest id,
        or than the last id queued."""
        rows = self.rows.get(table)
        if rows is None:
            rows = self.rows[table] = (cols, [])
            self.ids[table] = self.next_id(table)
        rid = self.ids[table]
        self.ids[table] = rid + 1
        rows[1].append((rid,) + values)
        return rid

    def flush(self) -> None:
        """Write the queued rows, one statement per table, parents before children (the ids a
        row points at exist when its foreign keys are checked), then the tables' cells."""
        order = [t for t in _PARENTS_FIRST if t in self.rows] + [t for t in self.rows if t not in _PARENTS_FIRST]
        for table in order:
            cols, rows = self.rows[table]
            self.conn.executemany(
                f"INSERT INTO {table} (id, {cols}) VALUES ({','.join('?' * len(rows[0]))})", rows)
        self.rows.clear()
        if self.cells:
            self.conn.executemany(
                "INSERT INTO table_cells (table_id, row, col, row_span, col_span, is_header, text,"
                " char_start, char_end, page, bbox, lines) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                self.cells)
            self.cells = []

    def write(self, a: Article) -> None:
        c = self.conn
        self.flags("documents", self.doc, a.flags)
        # rows streamed (a generator, not a list): a long document's sentences are never all
        # held as tuples at once; only the ids that citations point at are read back.  The
        # full-text index is filled by one statement for all of them (a trigger per row costs
        # about a third of storing a document; see migration m008)
        c.execute("INSERT INTO sentences_fts_deferred (document_id) VALUES (?)", (self.doc,))
        c.executemany(
            "INSERT INTO sentences (document_id, seq, section, page, char_start, char_end, text)"
            " VALUES (?,?,?,?,?,?,?)",
            ((self.doc, s.seq, s.section, s.prov.page, s.prov.char_start, s.prov.char_end, s.text)
             for s in a.sentences))
        c.execute("INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences"
                  " WHERE document_id = ? ORDER BY id", (self.doc,))
        c.execute("DELETE FROM sentences_fts_deferred WHERE document_id = ?", (self.doc,))
        cited = {ct.sentence_seq for ct in a.citations}
        sentence_id = {seq: sid for seq, sid in c.execute(
            "SELECT seq, id FROM sentences WHERE document_id = ?", (self.doc,)) if seq in cited}
        for seq, t in enumerate(a.tables, 1):
            self.table(seq, t)
        for st in a.studies:
            self.study(st)
        self.flush()
        # references and citations by one statement each, with the ids SQLite gives rows
        # inserted one by one (one more than the table's largest), so flags and citations can
        # point at them without reading them back
        ref_id = {}
        first = self.next_id("refs")
        rows = []
        for rid, r in enumerate(a.references, first):
            rows.append((rid, self.doc, r.ordinal, r.label, r.raw,
                         json.dumps(list(r.authors), ensure_ascii=False) if r.authors else None,
                         r.title, r.journal, r.journal_iso, r.year, r.volume, r.issue, r.first_page,
                         r.last_page, r.article_number, r.doi, r.pmid, r.pmcid) + _prov(r.prov))
            ref_id.setdefault(r.ordinal, rid)
            self.flags("refs", rid, r.flags)
        if rows:
            c.executemany(
                "INSERT INTO refs (id, document_id, ordinal, label, raw, authors, title, journal,"
                " journal_iso, year, volume, issue, first_page, last_page, article_number, doi, pmid,"
                " pmcid, " + PROV_COLS + ") VALUES (" + ",".join("?" * len(rows[0])) + ")", rows)
        first = self.next_id("citations")
        rows = []
        for cid, ct in enumerate(a.citations, first):
            rows.append((cid, self.doc, ref_id.get(ct.ref_ordinal), sentence_id.get(ct.sentence_seq),
                         ct.marker) + _prov(ct.prov))
            if ct.ref_ordinal not in ref_id:
                self.checks.append((self.doc, "citations", cid, "citation_target", "flag", None,
                                    ct.marker, f"callout {ct.marker!r} points at reference "
                                    f"{ct.ref_ordinal}, which is not in the reference list"))
        if rows:
            c.executemany(
                "INSERT INTO citations (id, document_id, ref_id, sentence_id, marker, " + PROV_COLS
                + ") VALUES (" + ",".join("?" * len(rows[0])) + ")", rows)
        c.executemany(
            'INSERT INTO checks (document_id, subject, subject_id, "check", status, expected,'
            " reported, message) VALUES (?,?,?,?,?,?,?,?)", self.checks)

    def table(self, seq: int, t) -> None:
        """One table and its cells (``text`` is the cell's quote, so no ``quote`` column)."""
        p = t.prov
        tid = self.insert(
            "tables",
            "document_id, seq, label, caption, footnotes, page, n_rows, n_cols, char_start, char_end",
            (self.doc, seq, t.label, t.caption, t.footnotes, p.page, t.n_rows, t.n_cols,
             p.char_start, p.char_end))
        self.cells.extend(
            (tid, c.row, c.col, c.row_span, c.col_span, int(bool(c.is_header)), c.text,
             c.prov.char_start, c.prov.char_end, c.prov.page, _prov(c.prov)[4],
             json.dumps([[q.char_start, q.char_end] for q in c.lines]) if c.lines else None)
            for c in t.cells)

    def study(self, st) -> None:
        sid = self.insert(
            "studies",
            "document_id, design, randomized, blinding, control, allocation_ratio, phase,"
            " n_randomized, n_analyzed, follow_up, follow_up_days, registration, " + PROV_COLS,
            (self.doc, st.design, _bool(st.randomized), st.blinding, st.control,
             st.allocation_ratio, st.phase, st.n_randomized, st.n_analyzed, st.follow_up,
             st.follow_up_days, st.registration) + _prov(st.prov))
        self.flags("studies", sid, st.flags)
        arm_id: dict[str, int] = {}
        for arm in st.arms:
            aid = self.insert(
                "arms",
                "study_id, label, role, n_randomized, n_analyzed, intervention, dose, dose_value,"
                " dose_unit, route, schedule, " + PROV_COLS,
                (sid, arm.label, arm.role, arm.n_randomized, arm.n_analyzed, arm.intervention,
                 arm.dose, arm.dose_value, arm.dose_unit, arm.route, arm.schedule)
                + _prov(arm.prov))
            arm_id.setdefault(arm.label, aid)
            self.flags("arms", aid, arm.flags)
        for o in st.outcomes:
            oid = self.insert(
                "outcomes", "study_id, name, timepoint, subgroup, kind, is_primary, " + PROV_COLS,
                (sid, o.name, o.timepoint, o.subgroup, o.kind, _bool(o.primary)) + _prov(o.prov))
            self.flags("outcomes", oid, o.flags)
            for r in o.results:
                rid = self.insert(
                    "arm_results",
                    "outcome_id, arm_id, statistic, value, unit, derived, derivation, "
                    + PROV_COLS,
                    (oid, arm_id.get(r.arm), r.statistic, r.value, r.unit, int(bool(r.derived)),
                     r.derivation) + _prov(r.prov))
                self.flags("arm_results", rid, r.flags)
                if r.arm not in arm_id:
                    self.checks.append((self.doc, "arm_results", rid, "arm_label", "flag", None,
                                        r.arm, f"result names arm {r.arm!r}, which the study "
                                        f"does not list ({', '.join(arm_id) or 'no arms'})"))
            for e in o.effects:
                iv, ctl = e.comparison or (None, None)
                eid = self.insert(
                    "effects",
                    "outcome_id, measure, value, ci_low, ci_high, ci_level, p_value, p_relation,"
                    " significant, direction, finding, reported_as, intervention_arm_id,"
                    " control_arm_id, " + PROV_COLS,
                    (oid, e.measure, e.value, e.ci_low, e.ci_high, e.ci_level, e.p_value,
                     e.p_relation, _bool(e.significant), e.direction, e.finding, e.reported_as,
                     arm_id.get(iv), arm_id.get(ctl)) + _prov(e.prov))
                self.flags("effects", eid, e.flags)
