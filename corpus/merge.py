"""Merge evidence stores built apart (on several machines, or by several batches) into one.

>>> from corpus import Store
>>> merge_stores(Store(":memory:"), []).documents
0

Each document of an input store whose bytes (sha256) the output store does not hold yet is
copied with every row that hangs from it (sentences, tables and cells, studies, arms, outcomes,
per-arm results, effects, checks, references, citations), in the input's order and with fresh
ids, inside one transaction per document; its references are then linked to the output's works
(:func:`corpus.works.link_document`, as :meth:`Store.save` does), so works are deduplicated
across the stores and a document that is itself a cited work is linked whichever store cited
it.  A document already present is skipped, so merging the same store twice changes nothing.
Failures of paths the output has not stored are copied too.

The rows to copy are found from the schema (foreign keys that lead to ``documents``), so tables
added by later migrations travel without changes here; references to ``works`` are not copied
but re-linked.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .errors import StoreMissing
from .store import Store

__all__ = ["merge_stores", "MergeReport"]

#: tables never copied row by row: the output's own works and topics, bookkeeping
SKIP = {"documents", "works", "work_topics", "topics", "failures", "_migrations"}
#: columns the output computes itself when a document is saved (label, its work)
RESET = {"documents": {"label", "work_id"}}


@dataclass
class MergeReport:
    """What a merge did: documents copied and skipped (already present), failures copied, and
    the output's works whose topic tags may have changed."""

    documents: int = 0
    skipped: int = 0
    failures: int = 0
    works: set[int] = field(default_factory=set)

    def summary(self) -> str:
        return (f"{self.documents} documents merged ({self.skipped} already present), "
                f"{self.failures} failures copied")


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _plan(conn: sqlite3.Connection) -> list[tuple[str, str, str, dict[str, str]]]:
    """``(table, parent column, parent table, {column: referenced table})`` for every table
    whose rows hang from ``documents``, parents before children."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
    fks = {t: {r[3]: r[2] for r in conn.execute(f'PRAGMA foreign_key_list("{t}")')} for t in tables}
    done, plan = {"documents"}, []
    pending = [t for t in tables if t not in SKIP and not t.startswith("sentences_fts")]
    while pending:
        progress = False
        for t in list(pending):
            parents = [(c, p) for c, p in fks[t].items() if p in done]
            if parents and all(p in done or p in SKIP for p in fks[t].values()):
                col, parent = parents[0]
                plan.append((t, col, parent, fks[t]))
                done.add(t)
                pending.remove(t)
                progress = True
        if not progress:
            break  # tables that do not hang from documents
    return plan


def _open_input(path: str) -> sqlite3.Connection:
    """A read-only connection to an evidence store (coded errors for a missing or foreign file)."""
    if not Path(path).is_file():
        raise StoreMissing(f"no store at {path}", "check the path of the store to merge", path=path)
    return Store(path, readonly=True).conn


def _copy_document(src: sqlite3.Connection, out: sqlite3.Connection, doc_id: int, plan) -> int:
    """Copy one document and its rows from ``src`` into ``out`` (inside out's transaction)."""
    maps: dict[str, dict[int, int]] = {}
    out_cols = {}

    def insert(table: str, rows: list[tuple], cols: list[str], fks: dict[str, str]) -> dict[int, int]:
        keep = [c for c in cols if c in out_cols.setdefault(table, set(_columns(out, table)))]
        idx = [cols.index(c) for c in keep]
        start = out.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').fetchone()[0]
        mapping = {r[cols.index("id")]: start + k for k, r in enumerate(rows)}
        values = []
        for r in rows:
            row = []
            for c, i in zip(keep, idx):
                v = r[i]
                if c == "id":
                    v = mapping[v]
                elif c in RESET.get(table, ()):
                    v = None
                elif c in fks and v is not None:
                    target = fks[c]
                    v = maps[target].get(v) if target in maps else (None if target == "works" else v)
                row.append(v)
            values.append(row)
        if table == "checks" and "subject" in keep and "subject_id" in keep:
            s, si = keep.index("subject"), keep.index("subject_id")
            for row in values:
                m = maps.get(row[s])
                if m is not None and row[si] in m:
                    row[si] = m[row[si]]
        if values:
            names = ", ".join(f'"{c}"' for c in keep)
            out.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(keep))})',
                            values)
        return mapping

    cols = _columns(src, "documents")
    row = src.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    doc_fks = {r[3]: r[2] for r in src.execute("PRAGMA foreign_key_list(documents)")}
    maps["documents"] = insert("documents", [row], cols, doc_fks)
    for table, col, parent, fks in plan:
        old_ids = list(maps.get(parent, {}))
        if not old_ids:
            maps[table] = {}
            continue
        cols = _columns(src, table)
        rows = src.execute(f'SELECT * FROM "{table}" WHERE "{col}" IN (SELECT value FROM json_each(?)) '
                           "ORDER BY id", (json.dumps(old_ids),)).fetchall()
        maps[table] = insert(table, rows, cols, fks)
    return maps["documents"][doc_id]


def merge_stores(out: Store, inputs: Iterable[str]) -> MergeReport:
    """Copy into ``out`` every document of the stores at ``inputs`` that it lacks (by sha256).

    Parameters
    ----------
    out
        The writable output :class:`~corpus.store.Store` (created and migrated if new).
    inputs
        Paths of evidence stores (read-only; any schema version the output's migrations know).

    Returns
    -------
    MergeReport
        Counts, and ``works``: the output's work ids to re-tag
        (``graph.topics.tag_works(out, works=report.works)``).
    """
    report = MergeReport()
    out._load_hooks()
    out_path = Path(out.path).resolve() if out.path != ":memory:" else None
    for path in inputs:
        if out_path is not None and Path(path).resolve() == out_path:
            continue  # merging a store into itself changes nothing
        src = _open_input(str(path))
        try:
            plan = _plan(src)
            docs = src.execute("SELECT id, sha256 FROM documents ORDER BY id").fetchall()
            for doc_id, sha in docs:
                if out.conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha,)).fetchone():
                    report.skipped += 1
                    continue

                def copy(conn, doc_id=doc_id):
                    new_id = _copy_document(src, conn, doc_id, plan)
                    out._link_and_label(conn, new_id)
                    return [r[0] for r in conn.execute(
                        "SELECT work_id FROM refs WHERE document_id = ? AND work_id IS NOT NULL "
                        "UNION SELECT id FROM works WHERE document_id = ?", (new_id, new_id))]

                report.works.update(out.transaction(copy))
                report.documents += 1
            report.failures += _copy_failures(src, out)
        finally:
            src.close()
    return report


def _copy_failures(src: sqlite3.Connection, out: Store) -> int:
    """Failures of paths the output neither stores nor lists as failing already."""
    cols = [c for c in ("path", "sha256", "code", "message", "at") if c in _columns(src, "failures")]
    rows = src.execute(f"SELECT {', '.join(cols)} FROM failures ORDER BY id").fetchall()

    def write(conn) -> int:
        n = 0
        for r in rows:
            path = r[0]
            if conn.execute("SELECT 1 FROM documents WHERE path = ? UNION ALL "
                            "SELECT 1 FROM failures WHERE path = ?", (path, path)).fetchone():
                continue
            conn.execute(f"INSERT INTO failures ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", r)
            n += 1
        return n

    return out.transaction(write) if rows else 0
