"""Bibliographic exports of the corpus articles (and, with ``references``, the works they cite):
RIS, BibTeX and CSL-JSON that reference managers (Zotero, EndNote, Mendeley, JabRef) and Pandoc
import cleanly.

* One record per **work**: the copies of one article (``documents.work_id``: the same paper as
  JATS and as PDF) are one record, with the best-filled value of each field; a cited work that
  is itself a corpus article is written once.
* Corpus articles carry their abstract; the citation key comes from the author–year label
  (``kowalska2021b``).
* **One name per journal**: every record of one journal (the same NLM/ISO 4 abbreviation) gets
  the same full title — the journal table's, else the most common full name printed for it in
  the store, else the abbreviation — and the abbreviation in its own field (RIS ``JO``/``J2``,
  BibTeX ``journal``/``shortjournal``, CSL ``container-title``/``container-title-short``).
* No raw reference text anywhere (no ``N1``/``note`` holding the printed entry); every record
  has a title (a cited work known only by its locus, as news items cite, is titled by it:
  ``Lancet Respir Med 2020;8:475-481``).

Writers follow :mod:`corpus.exports`: ``write_*(conn, out, document_ids=None, references=False)``
returns the number of records written.
"""
from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import Counter
from typing import Optional, TextIO

from .labels import work_labels
from .works import normalize_journal

__all__ = ["bibliography_items", "corpus_items", "cited_items", "JournalNames", "write_ris",
           "write_bibtex", "write_csl_json", "bibtex_escape", "CSL_NAME_KEYS"]

#: the keys a CSL name may have (the CSL-JSON schema allows no others)
CSL_NAME_KEYS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix",
                 "comma-suffix", "static-ordering", "literal", "parse-names")


def _rows(conn: sqlite3.Connection, sql: str, document_ids, column: str, order: str) -> list[dict]:
    """Rows of ``sql`` as dicts, ``column`` restricted to ``document_ids`` (all when None)."""
    params: tuple = ()
    if document_ids is not None:
        params = tuple(int(i) for i in document_ids) or (-1,)
        sql += f" WHERE {column} IN ({','.join('?' * len(params))})"
    cur = conn.execute(f"{sql} ORDER BY {order}", params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _names(authors) -> list[dict]:
    if isinstance(authors, str):
        try:
            authors = json.loads(authors)
        except ValueError:
            return []
    out = []
    for a in authors or []:
        if isinstance(a, dict):
            n = {k: str(v) for k, v in a.items() if k in CSL_NAME_KEYS and v not in (None, "")}
            if n.get("family") or n.get("literal"):
                out.append(n)
    return out


class JournalNames:
    """One full title and one abbreviation per journal, over every record of an export.

    >>> j = JournalNames([("Diab Care", "Diab Care"), ("Diabetes Care", "Diabetes Care"),
    ...                   ("Trial Reports in Cardiology", "Trial Rep Cardiol"), (None, "Trial Rep Cardiol")])
    >>> j.names(None, "Diab Care"), j.names("Trial Rep Cardiol", None)
    (('Diabetes Care', 'Diabetes Care'), ('Trial Reports in Cardiology', 'Trial Rep Cardiol'))
    """

    def __init__(self, pairs):
        from extractor.references import journals

        self._j = journals
        printed: dict[str, Counter] = {}
        for full, iso in pairs:
            key = self._key(full, iso)
            if key and full and not self._abbreviated(full):
                printed.setdefault(key, Counter())[" ".join(full.split())] += 1
        self._printed = printed

    def _iso(self, full: Optional[str], iso: Optional[str]) -> Optional[str]:
        j = self._j
        return j.lookup(iso) or j.lookup(full) or (j.iso(iso) if iso else j.iso(full))

    def _key(self, full, iso) -> Optional[str]:
        a = self._iso(full, iso)
        return normalize_journal(a).replace(".", "") if a else None

    @staticmethod
    def _abbreviated(name: str) -> bool:
        from extractor.metadata import _abbreviated

        return _abbreviated(name)

    def names(self, full: Optional[str], iso: Optional[str]) -> tuple[Optional[str], Optional[str]]:
        """``(full title, abbreviation)`` of the journal a record names (either may be None)."""
        if not (full or iso):
            return None, None
        abbrev = self._iso(full, iso)
        title = self._j.full_title(abbrev) or self._j.full_title(full) or self._j.full_title(iso)
        if title is None:
            seen = self._printed.get(self._key(full, iso) or "")
            if seen:
                title = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return title or abbrev, abbrev


def _best(values) -> Optional[object]:
    """The first value that is filled."""
    for v in values:
        if v not in (None, "", [], ()):
            return v
    return None


def _cite_key(label: Optional[str], fallback: str) -> str:
    """``Kowalska 2021b`` → ``kowalska2021b`` (ASCII letters and digits only)."""
    s = unicodedata.normalize("NFKD", label or fallback)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"n\.d\.-?", "nd", s)
    key = re.sub(r"[^A-Za-z0-9]", "", s).lower()
    return key or re.sub(r"[^A-Za-z0-9]", "", fallback).lower() or "ref"


def _locus_title(r: dict) -> Optional[str]:
    """A title for a cited work known only by where it appeared: ``Lancet 2020;395:497-506``."""
    j = r.get("journal_iso") or r.get("journal")
    if not j:
        return None
    t = j + (f" {r['year']}" if r.get("year") else "")
    if r.get("volume"):
        t += f";{r['volume']}"
    page = r.get("first_page") or r.get("article_number")
    if page:
        t += f":{page}" + (f"-{r['last_page']}" if r.get("last_page") else "")
    elif r.get("doi"):
        t += f" (doi:{r['doi']})"
    return t


def corpus_items(conn: sqlite3.Connection, document_ids: Optional[list[int]] = None) -> list[dict]:
    """One record per corpus work (copies merged), in the order of their first document."""
    sql = ("SELECT id, work_id, label, title, doi, authors, year, journal, journal_iso, volume,"
           " issue, first_page, last_page, pmid, pmcid, abstract, kind FROM documents")
    docs = _rows(conn, sql, document_ids, "id", "id")
    groups: dict = {}
    for d in docs:
        groups.setdefault(("w", d["work_id"]) if d["work_id"] is not None else ("d", d["id"]), []).append(d)
    out = []
    for key, copies in groups.items():
        # the copy with the most metadata first, so its values win field by field
        copies = sorted(copies, key=lambda d: (-sum(v not in (None, "") for v in d.values()), d["id"]))
        rec = {f: _best(c.get(f) for c in copies) for f in copies[0]}
        rec["authors"] = _best(_names(c.get("authors")) for c in copies) or []
        rec["document_ids"] = sorted(c["id"] for c in copies)
        rec["in_corpus"] = True
        out.append(rec)
    return out


def cited_items(conn: sqlite3.Connection, document_ids: Optional[list[int]] = None,
                skip_works: frozenset = frozenset()) -> list[dict]:
    """One record per work cited by the selected documents (not in ``skip_works``)."""
    sql = ("SELECT r.id, r.work_id, r.authors, r.title, r.journal, r.journal_iso, r.year, r.volume,"
           " r.issue, r.first_page, r.last_page, r.article_number, r.doi, r.pmid, r.pmcid,"
           " w.title AS work_title FROM refs r LEFT JOIN works w ON w.id = r.work_id")
    refs = _rows(conn, sql, document_ids, "r.document_id", "r.document_id, r.ordinal")
    groups: dict = {}
    for r in refs:
        if r["work_id"] in skip_works:
            continue
        groups.setdefault(("w", r["work_id"]) if r["work_id"] is not None else ("r", r["id"]), []).append(r)
    out = []
    for (kind, _), rs in groups.items():
        rs = sorted(rs, key=lambda r: -sum(v not in (None, "") for v in r.values()))
        rec = {f: _best(r.get(f) for r in rs) for f in rs[0]}
        rec["authors"] = _best(_names(r.get("authors")) for r in rs) or []
        rec["title"] = rec.get("title") or rec.get("work_title") or _locus_title(rec)
        rec["in_corpus"] = False
        rec["work_id"] = rec["work_id"] if kind == "w" else None
        out.append(rec)
    return out


def bibliography_items(conn: sqlite3.Connection, document_ids: Optional[list[int]] = None,
                       references: bool = False) -> list[dict]:
    """CSL-JSON items: the corpus articles, then (``references``) the works they cite.

    Each item has a unique ``id`` (citation key), ``type``, ``title`` and, where known,
    ``author``, ``issued``, ``container-title`` (full journal title), ``container-title-short``
    (its abbreviation), ``volume``, ``issue``, ``page``, ``DOI``, ``PMID``, ``PMCID`` and, for
    corpus articles, ``abstract``.
    """
    recs = corpus_items(conn, document_ids)
    if references:
        corpus_works = frozenset(r["work_id"] for r in recs if r.get("work_id") is not None)
        recs += cited_items(conn, document_ids, corpus_works)
    names = JournalNames([(r.get("journal"), r.get("journal_iso")) for r in recs]
                         + [tuple(x) for x in conn.execute("SELECT journal, journal_iso FROM documents")])
    labels = work_labels(conn) if references else {}
    items, used = [], set()
    for r in recs:
        label = r.get("label") if r["in_corpus"] else labels.get(r.get("work_id"))
        if not label:
            from .labels import label_base
            label = label_base(r.get("authors"), r.get("year"), r.get("title"), "ref")
        key = base = _cite_key(label, "ref")
        n = 1
        while key in used:
            n += 1
            key = f"{base}-{n}"
        used.add(key)
        full, short = names.names(r.get("journal"), r.get("journal_iso"))
        item: dict = {"id": key, "type": "article-journal" if (full or short) else "article"}
        if r.get("authors"):
            item["author"] = r["authors"]
        item["title"] = r.get("title") or label
        if full:
            item["container-title"] = full
        if short:
            item["container-title-short"] = short
            item["journalAbbreviation"] = short
        if r.get("year"):
            item["issued"] = {"date-parts": [[int(r["year"])]]}
        for src, dst in (("volume", "volume"), ("issue", "issue"), ("doi", "DOI"), ("pmid", "PMID"),
                         ("pmcid", "PMCID")):
            if r.get(src):
                item[dst] = str(r[src])
        if r.get("first_page"):
            item["page"] = str(r["first_page"]) + (f"-{r['last_page']}" if r.get("last_page") else "")
        if r.get("article_number"):
            item["number"] = str(r["article_number"])  # an e-locator (BMJ's e068993)
        if r.get("abstract"):
            item["abstract"] = r["abstract"]
        items.append(item)
    return items


# -- writers ---------------------------------------------------------------------------------
def write_csl_json(conn, out: TextIO, document_ids=None, references: bool = False) -> int:
    """CSL-JSON (the array Zotero, Pandoc and citeproc read), valid against the CSL-JSON schema."""
    items = bibliography_items(conn, document_ids, references)
    json.dump(items, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(items)


def _ris_name(n: dict) -> str:
    if n.get("literal"):
        return n["literal"]
    return n.get("family", "") + (", " + n["given"] if n.get("given") else "")


def _one_line(s: str) -> str:
    return " ".join(str(s).split())


def write_ris(conn, out: TextIO, document_ids=None, references: bool = False) -> int:
    """RIS (Zotero, EndNote, Mendeley, RevMan's reference import): ``JO`` the full journal
    title, ``J2`` its abbreviation, ``AB`` the abstract, ``AN`` the PMID."""
    import rispy

    entries = []
    for it in bibliography_items(conn, document_ids, references):
        e: dict = {"type_of_reference": "JOUR" if it["type"] == "article-journal" else "GEN",
                   "id": it["id"], "title": _one_line(it["title"])}
        if it.get("author"):
            e["authors"] = [_ris_name(n) for n in it["author"]]
        for src, dst in (("container-title", "journal_name"), ("container-title-short", "alternate_title1"),
                         ("volume", "volume"), ("issue", "number"), ("DOI", "doi"), ("abstract", "abstract")):
            if it.get(src):
                e[dst] = _one_line(it[src])
        if it.get("issued"):
            e["year"] = str(it["issued"]["date-parts"][0][0])
        if it.get("page"):
            sp, _, ep = it["page"].partition("-")
            e["start_page"] = sp
            if ep:
                e["end_page"] = ep
        elif it.get("number"):
            e["start_page"] = it["number"]
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


# BibTeX counts every brace, escaped or not, to find where a value ends: braces and backslashes
# become balanced commands, so a stray "}" in a title can never end the field early.
_BIB_SPECIAL = {"\\": r"{\textbackslash}", "{": r"{\textbraceleft}", "}": r"{\textbraceright}",
                "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "~": r"{\textasciitilde}", "^": r"{\textasciicircum}"}
_BIB_RE = re.compile(r"[\\{}&%$#_~^]")


def bibtex_escape(v) -> str:
    """A value safe inside BibTeX braces: LaTeX specials escaped, so braces always balance.

    >>> print(bibtex_escape("A {B} & 50% of C_1"))
    A {\\textbraceleft}B{\\textbraceright} \\& 50\\% of C\\_1
    """
    return _BIB_RE.sub(lambda m: _BIB_SPECIAL[m.group(0)], _one_line(str(v)))


def _bib_name(n: dict) -> str:
    if n.get("literal"):
        return "{" + bibtex_escape(n["literal"]) + "}"
    fam = bibtex_escape(n.get("family", ""))
    return fam + (", " + bibtex_escape(n["given"]) if n.get("given") else "")


def write_bibtex(conn, out: TextIO, document_ids=None, references: bool = False) -> int:
    """BibTeX ``@article`` entries (JabRef, LaTeX, Zotero): ``journal`` the full title,
    ``shortjournal`` the abbreviation (biblatex's field), ``abstract`` for corpus articles."""
    import bibtexparser
    from bibtexparser.model import Entry, Field

    lib = bibtexparser.Library()
    items = bibliography_items(conn, document_ids, references)
    for it in items:
        fields = []
        if it.get("author"):
            fields.append(Field("author", " and ".join(_bib_name(n) for n in it["author"])))
        for src, dst in (("title", "title"), ("container-title", "journal"),
                         ("container-title-short", "shortjournal"), ("volume", "volume"),
                         ("issue", "number"), ("DOI", "doi"), ("PMID", "pmid"), ("PMCID", "pmcid"),
                         ("number", "eid"), ("abstract", "abstract")):
            if it.get(src):
                fields.append(Field(dst, bibtex_escape(it[src])))
        if it.get("issued"):
            fields.append(Field("year", str(it["issued"]["date-parts"][0][0])))
        if it.get("page"):
            fields.append(Field("pages", bibtex_escape(it["page"]).replace("-", "--")))
        lib.add(Entry("article" if it["type"] == "article-journal" else "misc", it["id"], fields))
    out.write(bibtexparser.write_string(lib))
    return len(items)


def _register() -> None:
    from .exports import register

    register("ris", ".ris", write_ris,
             "corpus articles (with --references, also the works they cite) as RIS")
    register("bibtex", ".bib", write_bibtex,
             "corpus articles (with --references, also the works they cite) as BibTeX")
    register("csl-json", ".json", write_csl_json,
             "corpus articles (with --references, also the works they cite) as CSL-JSON")


_register()
