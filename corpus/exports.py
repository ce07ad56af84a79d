"""Tabular and bibliographic exports, chosen from a registry keyed by what the user types.

``evidence export --to NAME`` looks ``NAME`` up in :data:`WRITERS`, which the modules of
:data:`PLUGIN_MODULES` fill with :func:`register` (the effects tables in ``corpus.tables``, the
bibliographies — RIS, BibTeX, CSL-JSON — in ``corpus.bibliography``, the forest plot)::

    from corpus.exports import register

    def write_effects_csv(conn, out, document_ids=None) -> int: ...
    register("effects-csv", ".csv", write_effects_csv, "effect sizes, one row per comparison")

A writer receives the store's ``sqlite3.Connection``, a text stream and the selected
``documents.id`` values (``None``: the whole store), writes, and returns how many records it
wrote.  :func:`reference_rows` gives the flat reference listing of ``evidence refs``.
"""
from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, TextIO

from extractor.errors import EvidenceError

__all__ = ["Writer", "WRITERS", "register", "get_writer", "export", "reference_rows",
           "REFERENCE_COLUMNS", "load_plugins", "PLUGIN_MODULES", "UnknownExport",
           "ExportOptionError", "writer_options"]

WriterFn = Callable[[sqlite3.Connection, TextIO, Optional[list[int]]], int]


class UnknownExport(EvidenceError):
    """``--to`` names no registered writer."""

    code = "E040"


@dataclass(frozen=True)
class Writer:
    name: str
    suffix: str
    write: WriterFn
    description: str


WRITERS: dict[str, Writer] = {}

# Modules that register writers when imported; :func:`get_writer` imports them on first use, so
# ``evidence export`` sees every writer without importing the whole package up front.  A module
# that adds writers appends its dotted name here (a missing module is skipped).
PLUGIN_MODULES: list[str] = ["corpus.tables", "corpus.bibliography", "corpus.forest"]
_plugins_loaded = False


def load_plugins() -> None:
    """Import the modules of :data:`PLUGIN_MODULES` that exist (once)."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    import importlib
    import importlib.util

    for name in PLUGIN_MODULES:
        try:
            if importlib.util.find_spec(name) is not None:
                importlib.import_module(name)
        except ImportError:  # a parent package without that module
            continue


def register(name: str, suffix: str, writer: WriterFn, description: str) -> Writer:
    """Register (or replace) the writer used by ``evidence export --to NAME``."""
    w = Writer(name, suffix, writer, description)
    WRITERS[name] = w
    return w


def get_writer(name: str) -> Writer:
    """The writer registered as ``name``; an unknown name raises a coded error listing them."""
    load_plugins()
    try:
        return WRITERS[name]
    except KeyError:
        names = ", ".join(sorted(WRITERS))
        raise UnknownExport(f"no export format {name!r}", f"choose one of: {names}") from None


class ExportOptionError(EvidenceError):
    """An option the chosen writer does not take (``--measure`` with ``--to ris``...)."""

    code = "E041"


def writer_options(name: str) -> list[str]:
    """The keyword options the writer registered as ``name`` accepts (``references``,
    ``measure``...)."""
    import inspect

    params = inspect.signature(get_writer(name).write).parameters
    return [p for p, v in params.items() if v.kind == v.KEYWORD_ONLY or (
        v.default is not inspect.Parameter.empty and p not in ("document_ids", "err"))]


def export(conn: sqlite3.Connection, to: str, out: TextIO,
           document_ids: Optional[Iterable[int]] = None, **options) -> int:
    """Write the ``to`` export of the selected documents (all when ``None``) to ``out``.

    ``options`` are passed to writers that take them (``references=True`` for the
    bibliographic writers, ``measure="OR"`` for metafor); an option that is set but not taken
    by the writer raises :class:`ExportOptionError` (E041) naming the writers that take it.
    """
    w = get_writer(to)
    set_options = {k: v for k, v in options.items() if v not in (None, False)}
    accepted = writer_options(to)
    for k in set_options:
        if k not in accepted:
            takers = sorted(n for n in WRITERS if k in writer_options(n))
            raise ExportOptionError(f"--{k.replace('_', '-')} does not apply to --to {to}",
                                    f"it applies to: {', '.join(takers) or 'no export'}")
    return w.write(conn, out, list(document_ids) if document_ids is not None else None,
                   **set_options)


# -- the reference listing of `evidence refs` -------------------------------------------------
_REF_COLS = ("id, document_id, ordinal, label, raw, authors, title, journal, journal_iso, year,"
             " volume, issue, first_page, last_page, article_number, doi, pmid, pmcid, work_id")


def _rows(conn: sqlite3.Connection, document_ids: Optional[list[int]]) -> list[dict]:
    sql = f"SELECT {_REF_COLS} FROM refs"
    params: tuple = ()
    if document_ids is not None:
        sql += f" WHERE document_id IN ({','.join('?' * len(document_ids)) or 'NULL'})"
        params = tuple(document_ids)
    sql += " ORDER BY document_id, ordinal"
    cur = conn.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def reference_rows(conn: sqlite3.Connection, document_ids: Optional[list[int]] = None) -> list[dict]:
    """One flat row per stored reference (``evidence refs``): the fields a reviewer scans."""
    out = []
    for r in _rows(conn, document_ids):
        names = json.loads(r["authors"]) if r.get("authors") else []
        first = ""
        if names:
            n = names[0]
            first = n.get("literal") or f"{n.get('family', '')} {n.get('given', '')}".strip()
            if len(names) > 1:
                first += " et al."
        pages = r["first_page"] or r["article_number"] or ""
        if r["first_page"] and r["last_page"]:
            pages += f"-{r['last_page']}"
        out.append({"document_id": r["document_id"], "ordinal": r["ordinal"], "label": r["label"],
                    "first_author": first or None, "year": r["year"],
                    "journal_iso": r["journal_iso"], "volume": r["volume"], "issue": r["issue"],
                    "pages": pages or None, "doi": r["doi"], "pmid": r["pmid"],
                    "title": r["title"], "work_id": r["work_id"]})
    return out


REFERENCE_COLUMNS = ["document_id", "ordinal", "label", "first_author", "year", "journal_iso",
                     "volume", "issue", "pages", "doi", "pmid", "title", "work_id"]


def export_string(conn, to: str, document_ids=None) -> str:
    """The export as a string (tests, small stores)."""
    buf = io.StringIO()
    export(conn, to, buf, document_ids)
    return buf.getvalue()
