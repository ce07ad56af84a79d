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

__all__ = ["link_document", "link_self", "work_keys", "normalize_title", "sorted_title", "normalize_journal",
           "title_length_bounds", "TITLE_THRESHOLD"]

TITLE_THRESHOLD = 93.0
_FIELDS = ("doi", "pmid", "title", "journal_iso", "year", "volume", "first_page")


_PUNCT = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=8192)
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


@lru_cache(maxsize=8192)
def sorted_title(t: Optional[str]) -> str:
    """The normalised title with its words in sorted order: what ``token_sort_ratio`` compares.

    ``fuzz.ratio(sorted_title(a), sorted_title(b))`` equals
    ``fuzz.token_sort_ratio(normalize_title(a), normalize_title(b))``, so works store this form
    (``works.title_norm``) and candidates are scored without re-tokenising them.

    >>> sorted_title("Remdesivir in Adults with Severe COVID-19")
    '19 adults covid in remdesivir severe with'
    """
    return " ".join(sorted(normalize_title(t).split()))


def normalize_journal(j: Optional[str]) -> str:
    """A journal abbreviation compared loosely: dots and whitespace runs as one space, casefolded.

    >>> normalize_journal("N. Engl.  J. Med.")
    'n engl j med'
    """
    return re.sub(r"[\s.]+", " ", (j or "")).strip().casefold()


_norm_journal = normalize_journal


def title_length_bounds(n: int) -> tuple[int, int]:
    """The normalised-title lengths a title of length ``n`` can match at ``TITLE_THRESHOLD``.

    ``token_sort_ratio(a, b)`` is ``fuzz.ratio`` of the token-sorted strings, i.e.
    ``100 * (1 - indel(a', b') / (la + lb))``; sorting the tokens of a normalised title (single
    spaces, no leading/trailing space) keeps its length.  The InDel distance is at least the
    length difference, so ``ratio <= 100 * 2 * min(la, lb) / (la + lb)``, and ``ratio >= T``
    (``T`` = 93) needs ``T * lmax <= (200 - T) * lmin``: a candidate of length ``L`` can match
    only if ``ceil(n * T / (200 - T)) <= L <= floor(n * (200 - T) / T)`` — about 0.87 n to
    1.15 n.  One character of slack each side absorbs floating-point rounding of the score.

    >>> title_length_bounds(100)
    (86, 116)
    """
    t = TITLE_THRESHOLD
    lo = -int(-(n * t) // (200.0 - t))      # ceil
    hi = int((n * (200.0 - t)) // t)        # floor
    return max(0, lo - 1), hi + 1


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

    Every lookup is an indexed query (``key``, ``lower(doi)``, ``pmid``, ``(year, volume,
    first_page)``, and the fuzzy-title candidates by year, normalised journal and title length:
    see :func:`title_length_bounds`), so the cost per document does not grow with the corpus
    the way a scan of the works of a year would.

    Parameters
    ----------
    conn
        The store connection, inside :meth:`Store.save`'s transaction (no commit here).
    document_id
        ``documents.id`` of the document just written.
    """
    _normalize_pending(conn)
    cur = conn.execute(
        "SELECT id, doi, pmid, title, journal_iso, year, volume, first_page, article_number, raw"
        " FROM refs WHERE document_id = ? ORDER BY ordinal", (document_id,))
    cols = [c[0] for c in cur.description]
    for row in cur.fetchall():
        ref = dict(zip(cols, row))
        wid = _find_or_create(conn, ref, {"ref_id": ref["id"], "document_id": document_id})
        conn.execute("UPDATE refs SET work_id = ? WHERE id = ?", (wid, ref["id"]))
    link_self(conn, document_id)


def _normalize_pending(conn) -> None:
    """Fill ``title_norm``/``title_len``/``journal_norm`` of works written by other code.

    Both queries read a partial index that holds only such rows, so they cost nothing when the
    works were all written here.
    """
    rows = conn.execute("SELECT id, title FROM works INDEXED BY works_title_unnormalized"
                        " WHERE title IS NOT NULL AND title_len IS NULL"
                        ).fetchall()
    conn.executemany("UPDATE works SET title_norm = ?, title_len = ? WHERE id = ?",
                     [(sorted_title(t), len(sorted_title(t)), w) for w, t in rows])
    rows = conn.execute("SELECT id, journal_iso FROM works INDEXED BY works_journal_unnormalized"
                        " WHERE journal_iso <> '' AND journal_norm IS NULL").fetchall()
    conn.executemany("UPDATE works SET journal_norm = ? WHERE id = ?",
                     [(normalize_journal(j), w) for w, j in rows])


def _derived(rec: dict) -> dict:
    """The derived lookup columns of a work written from ``rec``."""
    title, journal = rec.get("title"), rec.get("journal_iso")
    nt = sorted_title(title) if title is not None else None
    return {"title_norm": nt, "title_len": None if nt is None else len(nt),
            "journal_norm": normalize_journal(journal) if journal else None}


def _work(conn, wid: int) -> Optional[dict]:
    cur = conn.execute("SELECT * FROM works WHERE id = ?", (wid,))
    cols = [c[0] for c in cur.description]
    row = cur.fetchone()
    return dict(zip(cols, row)) if row else None


def _conflict(a: dict, b: dict) -> bool:
    """Two records that cannot be one work: different DOIs or PMIDs, or different journals."""
    for k in ("doi", "pmid"):
        if a.get(k) and b.get(k) and str(a[k]).lower() != str(b[k]).lower():
            return True
    return False


def _by_doi(conn, doi: str) -> Optional[int]:
    r = conn.execute("SELECT id FROM works WHERE key = ? OR lower(doi) = ? LIMIT 1",
                     ("doi:" + doi.lower(), doi.lower())).fetchone()
    return r[0] if r else None


def _by_pmid(conn, pmid) -> Optional[int]:
    r = conn.execute("SELECT id FROM works WHERE key = ? OR pmid = ? LIMIT 1",
                     ("pmid:" + str(pmid), str(pmid))).fetchone()
    return r[0] if r else None


def _by_locus(conn, rec: dict) -> list[int]:
    """Works with the record's journal / year / volume / first page (or article number)."""
    page = rec.get("first_page") or rec.get("article_number")
    if not (rec.get("journal_iso") and rec.get("year") and rec.get("volume") and page):
        return []
    return [w for (w,) in conn.execute(
        "SELECT id FROM works WHERE year = ? AND volume = ? AND first_page = ?"
        " AND lower(replace(journal_iso, '.', '')) = ?",
        (rec["year"], str(rec["volume"]), str(page),
         normalize_journal(rec["journal_iso"]).replace(".", "")))]


def _match(conn, rec: dict, *, allow_title: bool = True) -> tuple[Optional[int], str, float]:
    if rec.get("doi"):
        wid = _by_doi(conn, rec["doi"])
        if wid is not None:
            return wid, "doi", 1.0
    if rec.get("pmid"):
        wid = _by_pmid(conn, rec["pmid"])
        if wid is not None and not _conflict(rec, _work(conn, wid)):
            return wid, "pmid", 1.0
    for wid in _by_locus(conn, rec):
        if not _conflict(rec, _work(conn, wid)):
            return wid, "journal/year/volume/page", 1.0
    nt = sorted_title(rec.get("title"))
    if allow_title and len(nt) >= 20:
        jnorm = normalize_journal(rec["journal_iso"]) if rec.get("journal_iso") else None
        cands = _title_candidates(conn, nt, rec.get("year"), jnorm)
        from rapidfuzz import fuzz, process  # imported when a title is compared (start-up)

        # ratio of the token-sorted titles == token_sort_ratio of the titles
        hits = process.extract(nt, [c[1] for c in cands], scorer=fuzz.ratio,
                               score_cutoff=TITLE_THRESHOLD, limit=10)
        # best score first, then the oldest work (lowest id)
        for _, score, k in sorted(hits, key=lambda h: (-h[1], cands[h[2]][0])):
            wid = cands[k][0]
            jiso, doi, pmid = conn.execute("SELECT journal_iso, doi, pmid FROM works WHERE id = ?",
                                           (wid,)).fetchone()
            if jiso and rec.get("journal_iso") and normalize_journal(jiso) != jnorm:
                continue
            if _conflict(rec, {"doi": doi, "pmid": pmid}):
                continue
            return wid, "title", round(score / 100.0, 3)
    return None, "", 0.0


_ANY = object()


def _title_candidates(conn, nt: str, year: Optional[int], jnorm: Optional[str]) -> list[tuple]:
    """Works that may share the sorted normalised title ``nt``: ``(id, title_norm)`` pairs.

    Same year (or year unknown on either side), journal equal or unknown (different journals
    never merge by title), and ``title_len`` within :func:`title_length_bounds` (no title outside
    it can reach the threshold).  Each branch of the union is one range of a covering index of
    migration ``m003_works_normalized_titles``: the scan never reads the works' rows.
    """
    lo, hi = title_length_bounds(len(nt))
    years = (year, None) if year is not None else (_ANY,)
    journals = (jnorm, None) if jnorm is not None else (_ANY,)
    parts, params = [], []
    for y in years:
        for j in journals:
            conds = []
            if y is None:
                conds.append("year IS NULL")
            elif y is not _ANY:
                conds.append("year = ?")
                params.append(y)
            if j is None:
                conds.append("journal_norm IS NULL")
            elif j is not _ANY:
                conds.append("journal_norm = ?")
                params.append(j)
            conds.append("title_len BETWEEN ? AND ?")
            params += [lo, hi]
            parts.append("SELECT id, title_norm FROM works WHERE " + " AND ".join(conds))
    return conn.execute(" UNION ALL ".join(parts), params).fetchall()


def _find_or_create(conn, rec: dict, reason: dict, document_id: Optional[int] = None) -> int:
    wid, by, score = _match(conn, rec)
    if wid is None:
        keys = work_keys(rec)
        key = next((k for _, k in keys if not _key_taken(conn, k)), None)
        if key is None:
            basis = normalize_title(rec.get("raw")) or json.dumps(reason, sort_keys=True)
            key = "raw:" + hashlib.sha1(basis.encode()).hexdigest()[:20]
            if _key_taken(conn, key):
                key = f"ref:{reason.get('document_id')}:{reason.get('ref_id')}"
        reasons = [dict(reason, by="new", score=1.0)]
        d = _derived(rec)
        return conn.execute(
            "INSERT INTO works (key, doi, pmid, title, journal_iso, year, volume, first_page,"
            " document_id, merge_reasons, title_norm, title_len, journal_norm)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (key, rec.get("doi"), rec.get("pmid"), rec.get("title"), rec.get("journal_iso"),
             rec.get("year"), rec.get("volume"), rec.get("first_page") or rec.get("article_number"),
             document_id, json.dumps(reasons), d["title_norm"], d["title_len"], d["journal_norm"]),
        ).lastrowid
    w, upd = _merged_fields(conn, wid, rec, dict(reason, by=by, score=score))
    if document_id is not None and w.get("document_id") is None:
        upd["document_id"] = document_id
    _update(conn, wid, upd)
    _join_duplicates(conn, wid, rec, reason)
    return wid


def _merged_fields(conn, wid: int, rec: dict, reason: dict) -> tuple[dict, dict]:
    """``(work, update)``: what another record of work ``wid`` adds to it — the fields it
    lacks, a better key when one is now known and free, and ``reason`` among its merge reasons."""
    w = _work(conn, wid)
    upd = _fill(w, rec)
    best = next((k for _, k in work_keys(dict(w, **upd))), None)
    if best and best != w["key"] and _rank(best) < _rank(w["key"]) and not _key_taken(conn, best):
        upd["key"] = best
    upd["merge_reasons"] = _with_reason(w.get("merge_reasons"), reason)
    return w, upd


def _with_reason(reasons: Optional[str], reason: dict) -> str:
    """The JSON list ``reasons`` (as ``json.dumps`` writes it) with ``reason`` appended: the
    text ``json.dumps(json.loads(reasons) + [reason])`` gives, without reading back the list
    (a work many documents cite gathers one reason per citing document)."""
    old = reasons or "[]"
    if old == "[]":
        return "[" + json.dumps(reason) + "]"
    if old[0] == "[" and old[-1] == "]":
        return old[:-1] + ", " + json.dumps(reason) + "]"
    return json.dumps(json.loads(old) + [reason])


def _fill(w: dict, rec: dict) -> dict:
    """The fields of ``rec`` that work ``w`` lacks (with their derived lookup columns)."""
    upd = {}
    for f in _FIELDS:
        v = rec.get(f) if f != "first_page" else (rec.get("first_page") or rec.get("article_number"))
        if v not in (None, "") and w.get(f) in (None, ""):
            upd[f] = v
    d = _derived(upd)
    if "title" in upd:
        upd.update(title_norm=d["title_norm"], title_len=d["title_len"])
    if "journal_iso" in upd:
        upd["journal_norm"] = d["journal_norm"]
    return upd


def _update(conn, wid: int, upd: dict) -> None:
    if upd:
        sets = ", ".join(f"{k} = ?" for k in upd)
        conn.execute(f"UPDATE works SET {sets} WHERE id = ?", (*upd.values(), wid))


def _join_duplicates(conn, wid: int, rec: dict, reason: dict) -> None:
    """Merge into ``wid`` the other works the same record identifies exactly.

    A reference carrying both a DOI and a journal/year/volume/page (or a PMID) can reveal that
    two works seen so far — one known only by its DOI, the other only by its locus — are one.
    The other work's references (and topics) move to ``wid``, its missing fields are filled in,
    its ``document_id`` is kept, and ``merge_reasons`` gains its history plus one
    ``{"by": "merge", "via": rule, "merged_work_id", "merged_key"}`` entry.  When both works
    are stored documents, they are two copies of one article and their documents share the
    joined work (``documents.work_id``).  Works whose DOIs or PMIDs differ are never joined;
    fuzzy titles never join existing works.
    """
    others = []
    if rec.get("doi"):
        others += [("doi", w) for (w,) in conn.execute(
            "SELECT id FROM works WHERE (key = ? OR lower(doi) = ?) AND id <> ?",
            ("doi:" + rec["doi"].lower(), rec["doi"].lower(), wid))]
    if rec.get("pmid"):
        others += [("pmid", w) for (w,) in conn.execute(
            "SELECT id FROM works WHERE (key = ? OR pmid = ?) AND id <> ?",
            ("pmid:" + str(rec["pmid"]), str(rec["pmid"]), wid))]
    others += [("journal/year/volume/page", w) for w in _by_locus(conn, rec)]
    for via, other in others:
        if other is None or other == wid:
            continue
        w, o = _work(conn, wid), _work(conn, other)
        if o is None or _conflict(w, o) or _conflict(rec, o):
            continue
        _merge(conn, w, o, dict(reason, by="merge", via=via, score=1.0,
                                merged_work_id=o["id"], merged_key=o["key"]))


def _merge(conn, w: dict, o: dict, reason: dict) -> None:
    """Fold work ``o`` into work ``w`` (see :func:`_join_duplicates`)."""
    conn.execute("UPDATE refs SET work_id = ? WHERE work_id = ?", (w["id"], o["id"]))
    # two stored documents shown to be one article: the copies share the work
    conn.execute("UPDATE documents SET work_id = ? WHERE work_id = ?", (w["id"], o["id"]))
    conn.execute("INSERT OR IGNORE INTO work_topics (work_id, topic_id, score, evidence)"
                 " SELECT ?, topic_id, score, evidence FROM work_topics WHERE work_id = ?",
                 (w["id"], o["id"]))
    conn.execute("DELETE FROM works WHERE id = ?", (o["id"],))
    upd = _fill(w, o)
    if w["document_id"] is None and o["document_id"] is not None:
        upd["document_id"] = o["document_id"]
    merged = dict(w, **upd)
    best = next((k for _, k in work_keys(merged)), None)
    key = w["key"]
    if best and best != key and _rank(best) < _rank(key) and not _key_taken(conn, best):
        upd["key"] = key = best
    if _rank(o["key"]) < _rank(key):
        upd["key"] = o["key"]  # free now that ``o`` is gone
    reasons = json.loads(w.get("merge_reasons") or "[]")
    reasons += json.loads(o.get("merge_reasons") or "[]")
    reasons.append(reason)
    upd["merge_reasons"] = json.dumps(reasons)
    _update(conn, w["id"], upd)


_RANK = {"doi": 0, "pmid": 1, "jvp": 2, "title": 3, "doc": 4, "raw": 5, "ref": 6}


def _rank(key: str) -> int:
    return _RANK.get(key.split(":", 1)[0], 9)


def _key_taken(conn, key: str) -> bool:
    return conn.execute("SELECT 1 FROM works WHERE key = ?", (key,)).fetchone() is not None


def link_self(conn, document_id: int) -> Optional[int]:
    """Link a stored document to the work it is; set and return ``documents.work_id``.

    The document is matched, in order of trust, by DOI, PMID, PMCID, journal/year/volume/page
    (works and other stored documents alike), then by title: fuzzily against cited works
    (:func:`_match`'s rule), and against the works of other stored documents only with the same
    year and the same first author (``title+year+first author``) — or, when neither copy has a
    year or an author (a news item as HTML and as PDF), with the same long title exactly.  A document that matches the
    work of another stored document is a copy of that article (the same paper as JATS and as
    PDF, say): it joins that work, ``works.document_id`` keeps the first copy, and the work's
    ``merge_reasons`` gains ``{"document_id", "self": true, "by", "score", "copy_of"}``.
    """
    row = conn.execute("SELECT sha256, doi, title, meta, pmid, pmcid, journal_iso, year, volume,"
                       " first_page, authors FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        return None
    sha, doi, title, meta, pmid, pmcid, jiso, year, volume, first_page, authors = row
    try:
        meta = json.loads(meta) if meta else {}
    except ValueError:
        meta = {}
    rec = {"doi": doi, "title": title, "pmid": pmid or meta.get("pmid"), "pmcid": pmcid,
           "journal_iso": jiso or meta.get("journal_iso") or meta.get("journal"),
           "year": year or meta.get("year"), "volume": volume or meta.get("volume"),
           "first_page": first_page or meta.get("first_page"), "authors": authors}
    existing = conn.execute("SELECT id FROM works WHERE document_id = ?", (document_id,)).fetchone()
    if existing:
        return _set_work(conn, document_id, existing[0])
    wid, by, score = _match_document(conn, rec, document_id)
    if wid is not None:
        w = _work(conn, wid)
        if w.get("document_id") not in (None, document_id):
            reason = {"document_id": document_id, "self": True, "by": by, "score": score,
                      "copy_of": w["document_id"]}
            _add_copy(conn, wid, rec, reason)
            _join_duplicates(conn, wid, rec, {"document_id": document_id, "self": True})
            return _set_work(conn, document_id, wid)
        wid = _find_or_create(conn, rec, {"document_id": document_id, "self": True}, document_id)
        return _set_work(conn, document_id, wid)
    key = next((k for _, k in work_keys(rec) if not _key_taken(conn, k)), None) or f"doc:{sha}"
    if _key_taken(conn, key):
        key = f"doc:{sha}"
        # the same bytes stored again (--force): take back the work this document had
        if conn.execute("UPDATE works SET document_id = ? WHERE key = ? AND document_id IS NULL",
                        (document_id, key)).rowcount:
            wid = conn.execute("SELECT id FROM works WHERE key = ?", (key,)).fetchone()[0]
            return _set_work(conn, document_id, wid)
    d = _derived(rec)
    wid = conn.execute(
        "INSERT INTO works (key, doi, pmid, title, journal_iso, year, volume, first_page,"
        " document_id, merge_reasons, title_norm, title_len, journal_norm)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (key, doi, rec["pmid"], title, rec["journal_iso"], rec["year"], rec["volume"],
         rec["first_page"], document_id,
         json.dumps([{"document_id": document_id, "self": True, "by": "new", "score": 1.0}]),
         d["title_norm"], d["title_len"], d["journal_norm"])).lastrowid
    return _set_work(conn, document_id, wid)


_link_self = link_self


def _set_work(conn, document_id: int, wid: int) -> int:
    conn.execute("UPDATE documents SET work_id = ? WHERE id = ? AND work_id IS NOT ?",
                 (wid, document_id, wid))
    return wid


def _add_copy(conn, wid: int, rec: dict, reason: dict) -> None:
    """Record another stored copy of work ``wid``: fill its missing fields, keep the reason."""
    _update(conn, wid, _merged_fields(conn, wid, rec, reason)[1])


def _doc_work(conn, sql: str, params: tuple, document_id: int) -> Optional[int]:
    """The work of another stored document found by ``sql`` (``SELECT work_id ...``)."""
    for (wid,) in conn.execute(sql, params):
        if wid is not None:
            return wid
    return None


def _first_family(authors) -> str:
    if isinstance(authors, str):
        try:
            authors = json.loads(authors)
        except ValueError:
            return ""
    for a in authors or ():
        if isinstance(a, dict) and (a.get("family") or a.get("literal")):
            return normalize_title(a.get("family") or a.get("literal"))
    return ""


def _match_document(conn, rec: dict, document_id: int) -> tuple[Optional[int], str, float]:
    """The work a stored document is (see :func:`link_self`): ``(work id, rule, score)``."""
    me = document_id
    if rec.get("doi"):
        wid = _by_doi(conn, rec["doi"]) or _doc_work(
            conn, "SELECT work_id FROM documents WHERE lower(doi) = ? AND id <> ?",
            (rec["doi"].lower(), me), me)
        if wid is not None:
            return wid, "doi", 1.0
    if rec.get("pmid"):
        wid = _by_pmid(conn, rec["pmid"]) or _doc_work(
            conn, "SELECT work_id FROM documents WHERE pmid = ? AND id <> ?", (str(rec["pmid"]), me), me)
        if wid is not None and not _conflict(rec, _work(conn, wid)):
            return wid, "pmid", 1.0
    if rec.get("pmcid"):
        wid = _doc_work(conn, "SELECT work_id FROM documents WHERE pmcid = ? AND id <> ?",
                        (rec["pmcid"], me), me) or _doc_work(
            conn, "SELECT work_id FROM refs WHERE pmcid = ?", (rec["pmcid"],), me)
        if wid is not None and not _conflict(rec, _work(conn, wid)):
            return wid, "pmcid", 1.0
    for wid in _by_locus(conn, rec):
        if not _conflict(rec, _work(conn, wid)):
            return wid, "journal/year/volume/page", 1.0
    page = rec.get("first_page")
    if rec.get("journal_iso") and rec.get("year") and rec.get("volume") and page:
        for (wid, j) in conn.execute(
                "SELECT work_id, journal_iso FROM documents WHERE year = ? AND volume = ?"
                " AND first_page = ? AND id <> ?", (rec["year"], str(rec["volume"]), str(page), me)):
            if wid is not None and j and normalize_journal(j).replace(".", "") == \
                    normalize_journal(rec["journal_iso"]).replace(".", "") \
                    and not _conflict(rec, _work(conn, wid)):
                return wid, "journal/year/volume/page", 1.0
    # the title: copies of a stored document need the same year and first author too (the
    # candidates come from the works' title index; only their documents' rows are read)
    nt = sorted_title(rec.get("title"))
    fam = _first_family(rec.get("authors"))
    if len(nt) >= 20 and ((rec.get("year") and fam) or not (rec.get("year") or fam)):
        cands = _title_candidates(conn, nt, rec.get("year"), None)
        from rapidfuzz import fuzz  # imported when a title is compared (start-up)

        best = None
        for wid, cand in cands:
            score = fuzz.ratio(nt, cand)
            if score < TITLE_THRESHOLD:
                continue
            for title, year, authors in conn.execute(
                    "SELECT title, year, authors FROM documents WHERE work_id = ? AND id <> ?", (wid, me)):
                if rec.get("year"):
                    ok = year == rec["year"] and _first_family(authors) == fam \
                        and fuzz.ratio(nt, sorted_title(title)) >= TITLE_THRESHOLD
                    rule = "title+year+first author"
                else:  # neither copy has a year or an author: the same long title, exactly
                    ok = not year and not _first_family(authors) and len(nt) >= 30 \
                        and normalize_title(title) == normalize_title(rec.get("title"))
                    rule = "title (no year or author on either copy)"
                if ok and not _conflict(rec, _work(conn, wid) or {}):
                    if best is None or score > best[2]:
                        best = (wid, rule, score)
                    break
        if best:
            return best[0], best[1], round(best[2] / 100.0, 3)
    wid, by, score = _match(conn, rec)
    if wid is not None and by == "title":
        w = _work(conn, wid)
        if w.get("document_id") not in (None, me):
            return None, "", 0.0  # another stored document: only the stricter rule above joins
    return wid, by, score
