"""Tabular and bibliographic exports, chosen from a registry keyed by what the user types.

``evidence export --to NAME`` looks ``NAME`` up in :data:`WRITERS`.  This module registers the
reference writers — ``ris`` (via rispy), ``bibtex`` (via bibtexparser), ``csl-json`` — and other
modules add theirs with :func:`register` (the effects tables, for example)::

    from corpus.exports import register

    def write_effects_csv(conn, out, document_ids=None) -> int: ...
    register("effects-csv", ".csv", write_effects_csv, "effect sizes, one row per comparison")

A writer receives the store's ``sqlite3.Connection``, a text stream and the selected
``documents.id`` values (``None``: the whole store), writes, and returns how many records it
wrote.  Reference writers export each cited work once: the references of the selected
documents, deduplicated by ``refs.work_id``, in document and list order.
"""
from __future__ import annotations

import io
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, TextIO

from extractor.errors import EvidenceError

__all__ = ["Writer", "WRITERS", "register", "get_writer", "export", "reference_items",
           "reference_rows", "load_plugins", "PLUGIN_MODULES",
           "csl_item", "write_ris", "write_bibtex", "write_csl_json", "UnknownExport",
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


# -- references as CSL-JSON items ------------------------------------------------------------
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


def reference_items(conn: sqlite3.Connection, document_ids: Optional[list[int]] = None) -> list[dict]:
    """CSL-JSON items of the cited works of the selected documents (one per work)."""
    items, seen, ids = [], set(), set()
    for r in _rows(conn, document_ids):
        if r["work_id"] is not None:
            if r["work_id"] in seen:
                continue
            seen.add(r["work_id"])
        item = csl_item(r)
        base, k = item["id"], 1
        while item["id"] in ids:
            k += 1
            item["id"] = f"{base}{chr(ord('a') + k - 2)}" if k <= 27 else f"{base}-{k}"
        ids.add(item["id"])
        items.append(item)
    return items


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


def _cite_key(r: dict) -> str:
    names = json.loads(r["authors"]) if isinstance(r.get("authors"), str) else (r.get("authors") or [])
    first = (names[0].get("family") or names[0].get("literal") or "") if names else ""
    if not first:
        first = r.get("journal_iso") or "ref"
    word = re.sub(r"\W", "", first.split()[0] if first.split() else "ref") or "ref"
    return f"{word.lower()}{r.get('year') or ''}"


def csl_item(r: dict) -> dict:
    """One ``refs`` row as a CSL-JSON item."""
    names = json.loads(r["authors"]) if isinstance(r.get("authors"), str) else list(r.get("authors") or [])
    item: dict = {"id": _cite_key(r), "type": "article-journal" if r.get("journal") else "document"}
    if names:
        item["author"] = names
    if r.get("title"):
        item["title"] = r["title"]
    if r.get("journal"):
        item["container-title"] = r["journal"]
    if r.get("journal_iso"):
        item["container-title-short"] = r["journal_iso"]
    if r.get("year"):
        item["issued"] = {"date-parts": [[int(r["year"])]]}
    for src, dst in (("volume", "volume"), ("issue", "issue"), ("doi", "DOI"), ("pmid", "PMID"),
                     ("pmcid", "PMCID"), ("article_number", "number")):
        if r.get(src):
            item[dst] = str(r[src])
    if r.get("first_page"):
        item["page"] = r["first_page"] + (f"-{r['last_page']}" if r.get("last_page") else "")
    if r.get("raw"):
        item["note"] = r["raw"]
    return item


def _pages(item: dict) -> tuple[Optional[str], Optional[str]]:
    if not item.get("page"):
        return None, None
    a, _, b = item["page"].partition("-")
    return a or None, b or None


# -- writers ---------------------------------------------------------------------------------
def write_csl_json(conn, out: TextIO, document_ids=None) -> int:
    """CSL-JSON (the array Zotero, Pandoc and citeproc read)."""
    items = reference_items(conn, document_ids)
    json.dump(items, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(items)


def _name_str(n: dict, sep: str = ", ") -> str:
    if n.get("literal"):
        return n["literal"]
    return n.get("family", "") + (sep + n["given"] if n.get("given") else "")


def write_ris(conn, out: TextIO, document_ids=None) -> int:
    """RIS (EndNote, Zotero, Mendeley, RevMan's reference import)."""
    import rispy

    entries = []
    for it in reference_items(conn, document_ids):
        e: dict = {"type_of_reference": "JOUR" if it["type"] == "article-journal" else "GEN",
                   "id": it["id"]}
        if it.get("author"):
            e["authors"] = [_name_str(n) for n in it["author"]]
        for src, dst in (("title", "title"), ("container-title", "journal_name"),
                         ("container-title-short", "alternate_title1"), ("volume", "volume"),
                         ("issue", "number"), ("DOI", "doi"), ("note", "notes")):
            if it.get(src):
                e[dst] = it[src] if dst != "notes" else [it[src]]
        if it.get("issued"):
            e["year"] = str(it["issued"]["date-parts"][0][0])
        sp, ep = _pages(it)
        if sp or it.get("number"):
            e["start_page"] = sp or it["number"]
        if ep:
            e["end_page"] = ep
        if it.get("PMID"):
            e["accession_number"] = it["PMID"]
        if it.get("PMCID"):
            e["custom2"] = it["PMCID"]
        entries.append(e)
    class _PlainRis(rispy.RisWriter):
        def set_header(self, count):  # no "1." counter lines: plain RIS as EndNote writes it
            return None

    out.write(rispy.dumps(entries, implementation=_PlainRis))
    return len(entries)


def write_bibtex(conn, out: TextIO, document_ids=None) -> int:
    """BibTeX ``@article`` entries (LaTeX, JabRef)."""
    import bibtexparser
    from bibtexparser.model import Entry, Field

    lib = bibtexparser.Library()
    items = reference_items(conn, document_ids)
    for it in items:
        fields = []
        if it.get("author"):
            fields.append(Field("author", " and ".join(
                "{" + _bib_escape(n["literal"]) + "}" if n.get("literal")
                else _bib_escape(_name_str(n)) for n in it["author"])))
        for src, dst in (("title", "title"), ("container-title", "journal"),
                         ("container-title-short", "shortjournal"), ("volume", "volume"),
                         ("issue", "number"), ("DOI", "doi"), ("PMID", "pmid"),
                         ("PMCID", "pmcid"), ("number", "eid")):
            if it.get(src):
                fields.append(Field(dst, _bib_escape(it[src])))
        if it.get("issued"):
            fields.append(Field("year", str(it["issued"]["date-parts"][0][0])))
        if it.get("page"):
            fields.append(Field("pages", _bib_escape(it["page"]).replace("-", "--")))
        lib.add(Entry("article" if it["type"] == "article-journal" else "misc", it["id"], fields))
    out.write(bibtexparser.write_string(lib))
    return len(items)


# LaTeX's special characters as text.  Braces and backslashes become balanced commands: BibTeX
# counts every brace (escaped or not) to find where a field ends, so a stray "}" in a title or
# an author's name would end the field early and let the rest of the value add fields.
def _bib_escape(v: str) -> str:
    """A field value as BibTeX text: the one escape of :func:`corpus.bibliography.bibtex_escape`."""
    from .bibliography import bibtex_escape

    return bibtex_escape(v)


register("ris", ".ris", write_ris, "cited works as RIS (EndNote, Zotero, Mendeley)")
register("bibtex", ".bib", write_bibtex, "cited works as BibTeX @article entries")
register("csl-json", ".json", write_csl_json, "cited works as CSL-JSON (Zotero, Pandoc)")


def export_string(conn, to: str, document_ids=None) -> str:
    """The export as a string (tests, small stores)."""
    buf = io.StringIO()
    export(conn, to, buf, document_ids)
    return buf.getvalue()
