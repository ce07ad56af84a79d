"""Deduplicate cited references into ``works`` and link corpus documents to the works they are.

:func:`link_document` runs inside :meth:`corpus.store.Store.save`'s transaction (it never
commits).  For each reference of the document it finds the work it names, in order of trust:

1. the DOI (case-insensitive),
2. the PMID,
3. the normalised journal / year / volume / first page (or article number),
4. the title, fuzzily (rapidfuzz ``token_sort_ratio`` >= 93 on the normalised title, same year,
   journals not contradicting each other),

and never merges two records whose DOIs (or PMIDs) differ.  A reference that names no known work
creates one, keyed by the strongest identity it has (``doi:`` > ``pmid:`` > ``jvp:`` >
``title:`` > ``raw:``).  Every merge appends ``{"ref_id", "document_id", "by", "score"}`` to the
work's ``merge_reasons`` (JSON list), so a reviewer can audit why two citations were counted as
one work.  A work keyed by a weak identity is re-keyed when a later reference brings a DOI.

The stored document itself is a work too: matched by DOI, journal/year/volume/page or title
(from ``documents.doi``/``title`` and ``documents.meta``), else created, and ``works.document_id``
is set — so a cited study that arrives in the corpus before or after the articles citing it ends
up as one node.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz, process

__all__ = ["link_document", "work_keys", "normalize_title", "TITLE_THRESHOLD"]

TITLE_THRESHOLD = 93.0
_FIELDS = ("doi", "pmid", "title", "journal_iso", "year", "volume", "first_page")


_PUNCT = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def normalize_title(t: Optional[str]) -> str:
    """Casefolded, accents and punctuation dropped, whitespace collapsed.

    >>> normalize_title("Remdesivir in Adults with Severe COVID-19: a Trial.")
    'remdesivir in adults with severe covid 19 a trial'
    >>> normalize_title("Sensébé")
    'sensebe'
    """
    if not t:
        return ""
    s = t
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = _PUNCT.sub(" ", s.casefold())
    return _SPACE.sub(" ", s).strip()


def _norm_journal(j: Optional[str]) -> str:
    return re.sub(r"[\s.]+", " ", (j or "")).strip().casefold()


def work_keys(rec: dict) -> list[tuple[str, str]]:
    """The identities of a record, strongest first, as ``(kind, key)``.

    >>> work_keys({"doi": "10.1/ABC", "journal_iso": "Lancet", "year": 2020, "volume": "395",
    ...            "first_page": "497"})
    [('doi', 'doi:10.1/abc'), ('journal/year/volume/page', 'jvp:lancet|2020|395|497')]
    """
    keys = []
    if rec.get("doi"):
        keys.append(("doi", "doi:" + rec["doi"].strip().lower()))
    if rec.get("pmid"):
        keys.append(("pmid", "pmid:" + str(rec["pmid"]).strip()))
    page = rec.get("first_page") or rec.get("article_number")
    if rec.get("journal_iso") and rec.get("year") and rec.get("volume") and page:
        keys.append(("journal/year/volume/page",
                     f"jvp:{_norm_journal(rec['journal_iso'])}|{rec['year']}|{rec['volume']}|{page}"))
    nt = normalize_title(rec.get("title"))
    if len(nt) >= 20:
        keys.append(("title", f"title:{nt[:200]}|{rec.get('year') or ''}"))
    return keys


def link_document(conn: sqlite3.Connection, document_id: int) -> None:
    """Link the references of one stored document to works, and the document to its own work.

    Parameters
    ----------
    conn
        The store connection, inside :meth:`Store.save`'s transaction (no commit here).
    document_id
        ``documents.id`` of the document just written.
    """
    cur = conn.execute(
        "SELECT id, doi, pmid, title, journal_iso, year, volume, first_page, article_number, raw"
        " FROM refs WHERE document_id = ? ORDER BY ordinal", (document_id,))
    cols = [c[0] for c in cur.description]
    cache: dict = {}
    for row in cur.fetchall():
        ref = dict(zip(cols, row))
        wid = _find_or_create(conn, ref, {"ref_id": ref["id"], "document_id": document_id},
                              cache=cache)
        conn.execute("UPDATE refs SET work_id = ? WHERE id = ?", (wid, ref["id"]))
    _link_self(conn, document_id)


def _work(conn, wid: int) -> dict:
    cur = conn.execute("SELECT * FROM works WHERE id = ?", (wid,))
    cols = [c[0] for c in cur.description]
    return dict(zip(cols, cur.fetchone()))


def _conflict(a: dict, b: dict) -> bool:
    """Two records that cannot be one work: different DOIs or PMIDs, or different journals."""
    for k in ("doi", "pmid"):
        if a.get(k) and b.get(k) and str(a[k]).lower() != str(b[k]).lower():
            return True
    return False


def _match(conn, rec: dict, *, allow_title: bool = True, cache: Optional[dict] = None
           ) -> tuple[Optional[int], str, float]:
    q = conn.execute
    if rec.get("doi"):
        r = q("SELECT id FROM works WHERE key = ? OR lower(doi) = ? LIMIT 1",
              ("doi:" + rec["doi"].lower(), rec["doi"].lower())).fetchone()
        if r:
            return r[0], "doi", 1.0
    if rec.get("pmid"):
        r = q("SELECT id FROM works WHERE key = ? OR pmid = ? LIMIT 1",
              ("pmid:" + str(rec["pmid"]), str(rec["pmid"]))).fetchone()
        if r and not _conflict(rec, _work(conn, r[0])):
            return r[0], "pmid", 1.0
    page = rec.get("first_page") or rec.get("article_number")
    if rec.get("journal_iso") and rec.get("year") and rec.get("volume") and page:
        for (wid,) in q("SELECT id FROM works WHERE year = ? AND volume = ? AND first_page = ?"
                        " AND lower(replace(journal_iso, '.', '')) = ?",
                        (rec["year"], str(rec["volume"]), str(page),
                         _norm_journal(rec["journal_iso"]).replace(".", ""))):
            if not _conflict(rec, _work(conn, wid)):
                return wid, "journal/year/volume/page", 1.0
    nt = normalize_title(rec.get("title"))
    if allow_title and len(nt) >= 20:
        cands = _title_candidates(conn, rec.get("year"), cache)
        hits = process.extract(nt, [c[1] for c in cands], scorer=fuzz.token_sort_ratio,
                               score_cutoff=TITLE_THRESHOLD, limit=10)
        for _, score, k in sorted(hits, key=lambda h: (-h[1], h[2])):
            wid, _, jiso, doi, pmid = cands[k]
            if jiso and rec.get("journal_iso") and _norm_journal(jiso) != _norm_journal(rec["journal_iso"]):
                continue
            if _conflict(rec, {"doi": doi, "pmid": pmid}):
                continue
            return wid, "title", round(score / 100.0, 3)
    return None, "", 0.0


def _title_candidates(conn, year, cache: Optional[dict]) -> list[tuple]:
    """Works that may share a title with a reference of ``year`` (same year, or year unknown):
    ``(id, normalised title, journal_iso, doi, pmid)``, read once per :func:`link_document`."""
    key = year if year is not None else "*"
    if cache is not None and key in cache:
        return cache[key]
    if year is None:
        rows = conn.execute("SELECT id, title, journal_iso, doi, pmid FROM works WHERE title IS NOT NULL")
    else:
        rows = conn.execute("SELECT id, title, journal_iso, doi, pmid FROM works WHERE title IS NOT NULL"
                            " AND (year = ? OR year IS NULL)", (year,))
    out = [(w, normalize_title(t), j, d, p) for w, t, j, d, p in rows]
    if cache is not None:
        cache[key] = out
    return out


def _find_or_create(conn, rec: dict, reason: dict, document_id: Optional[int] = None,
                    cache: Optional[dict] = None) -> int:
    wid, by, score = _match(conn, rec, cache=cache)
    if wid is None:
        keys = work_keys(rec)
        key = next((k for _, k in keys if not _key_taken(conn, k)), None)
        if key is None:
            basis = normalize_title(rec.get("raw")) or json.dumps(reason, sort_keys=True)
            key = "raw:" + hashlib.sha1(basis.encode()).hexdigest()[:20]
            if _key_taken(conn, key):
                key = f"ref:{reason.get('document_id')}:{reason.get('ref_id')}"
        reasons = [dict(reason, by="new", score=1.0)]
        wid = conn.execute(
            "INSERT INTO works (key, doi, pmid, title, journal_iso, year, volume, first_page,"
            " document_id, merge_reasons) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (key, rec.get("doi"), rec.get("pmid"), rec.get("title"), rec.get("journal_iso"),
             rec.get("year"), rec.get("volume"), rec.get("first_page") or rec.get("article_number"),
             document_id, json.dumps(reasons)),
        ).lastrowid
        if cache is not None and rec.get("title"):
            entry = (wid, normalize_title(rec["title"]), rec.get("journal_iso"), rec.get("doi"),
                     rec.get("pmid"))
            for key in ([rec["year"]] if rec.get("year") is not None else list(cache)) + ["*"]:
                if key in cache:
                    cache[key].append(entry)
        return wid
    w = _work(conn, wid)
    upd = {}
    for f in _FIELDS:
        v = rec.get(f) if f != "first_page" else (rec.get("first_page") or rec.get("article_number"))
        if v not in (None, "") and w.get(f) in (None, ""):
            upd[f] = v
    merged = dict(w, **upd)
    best = next((k for _, k in work_keys(merged)), None)
    if best and best != w["key"] and _rank(best) < _rank(w["key"]) and not _key_taken(conn, best):
        upd["key"] = best
    reasons = json.loads(w.get("merge_reasons") or "[]")
    reasons.append(dict(reason, by=by, score=score))
    upd["merge_reasons"] = json.dumps(reasons)
    if document_id is not None and w.get("document_id") is None:
        upd["document_id"] = document_id
    sets = ", ".join(f"{k} = ?" for k in upd)
    conn.execute(f"UPDATE works SET {sets} WHERE id = ?", (*upd.values(), wid))
    return wid


_RANK = {"doi": 0, "pmid": 1, "jvp": 2, "title": 3, "doc": 4, "raw": 5, "ref": 6}


def _rank(key: str) -> int:
    return _RANK.get(key.split(":", 1)[0], 9)


def _key_taken(conn, key: str) -> bool:
    return conn.execute("SELECT 1 FROM works WHERE key = ?", (key,)).fetchone() is not None


def _link_self(conn, document_id: int) -> None:
    row = conn.execute("SELECT sha256, doi, title, meta FROM documents WHERE id = ?",
                       (document_id,)).fetchone()
    if row is None:
        return
    sha, doi, title, meta = row
    try:
        meta = json.loads(meta) if meta else {}
    except ValueError:
        meta = {}
    rec = {"doi": doi, "title": title, "pmid": meta.get("pmid"),
           "journal_iso": meta.get("journal_iso") or meta.get("journal"),
           "year": meta.get("year"), "volume": meta.get("volume"),
           "first_page": meta.get("first_page")}
    existing = conn.execute("SELECT id FROM works WHERE document_id = ?", (document_id,)).fetchone()
    if existing:
        return
    wid, by, score = _match(conn, rec)
    if wid is not None:
        w = _work(conn, wid)
        if w.get("document_id") not in (None, document_id):
            wid = None  # already the work of another stored document (a duplicate file)
    if wid is not None:
        _find_or_create(conn, rec, {"document_id": document_id, "self": True}, document_id)
        return
    key = next((k for _, k in work_keys(rec) if not _key_taken(conn, k)), None) or f"doc:{sha}"
    if _key_taken(conn, key):
        key = f"doc:{sha}"
        # the same bytes stored again (--force): take back the work this document had
        if conn.execute("UPDATE works SET document_id = ? WHERE key = ? AND document_id IS NULL",
                        (document_id, key)).rowcount:
            return
    conn.execute(
        "INSERT OR IGNORE INTO works (key, doi, pmid, title, journal_iso, year, volume, first_page,"
        " document_id, merge_reasons) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (key, doi, rec["pmid"], title, rec["journal_iso"], rec["year"], rec["volume"],
         rec["first_page"], document_id,
         json.dumps([{"document_id": document_id, "self": True, "by": "new", "score": 1.0}])))
