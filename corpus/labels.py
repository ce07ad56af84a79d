"""Author–year labels ("Kowalska 2021") for stored documents and for cited works.

A label is what review software shows for a study (RevMan's study ID, metafor's ``slab``,
VOSviewer and Connected Papers node names): the first author's family name and the year.
Without a personal author the group author is used, else the first words of the title (as APA
does for works without an author); without a year, ``n.d.``.

Labels are unique within the store: when several *works* share a base label, each gets a
letter — ``Kowalska 2021a``, ``Kowalska 2021b`` — in the order of their normalised titles (then
of their first document id), so the letters do not depend on the order files were added.  The
copies of one work (``documents.work_id``) share one label.  :func:`assign_labels` recomputes
the groups a saved document touches, inside the caller's transaction.

>>> label_base([{"family": "van der Berg", "given": "H"}], 2020, "A trial")
'van der Berg 2020'
>>> label_base([{"literal": "RECOVERY Collaborative Group"}], 2021, None)
'RECOVERY Collaborative Group 2021'
>>> label_base([], None, "MSC therapy shows long-term benefits in severe COVID-19")
'MSC therapy shows n.d.'
>>> suffix(0), suffix(25), suffix(26)
('a', 'z', 'aa')
"""
from __future__ import annotations

import json
import re
import sqlite3
from typing import Iterable, Optional

from .works import normalize_title

__all__ = ["label_base", "suffix", "assign_labels", "relabel_all", "work_labels",
           "first_family"]

TITLE_WORDS = 3


def _names(authors) -> list[dict]:
    if isinstance(authors, str):
        try:
            authors = json.loads(authors)
        except ValueError:
            return []
    return [a for a in (authors or []) if isinstance(a, dict)]


def first_family(authors) -> Optional[str]:
    """The first author's family name (or group name), as printed."""
    for a in _names(authors):
        name = a.get("family") or a.get("literal")
        if name and name.strip():
            return " ".join(name.split())
    return None


def label_base(authors, year, title: Optional[str], fallback: str = "Untitled") -> str:
    """``Family Year`` (see the module docstring) before any clash letter."""
    who = first_family(authors)
    if not who:
        words = re.findall(r"[\w'’-]+", title or "")
        who = " ".join(words[:TITLE_WORDS]) if words else fallback
    return f"{who} {int(year)}" if year else f"{who} n.d."


def suffix(i: int) -> str:
    """The clash letter of the ``i``-th work of a group: a … z, aa, ab, …"""
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters


def _with_suffix(base: str, i: int) -> str:
    return base + ("-" if base.endswith(".") else "") + suffix(i)


_COLS = "id, work_id, title, authors, year, path"


def _base(row) -> str:
    _id, _w, title, authors, year, path = row
    stem = re.sub(r"\.[^.]+$", "", (path or "").replace("\\", "/").rsplit("/", 1)[-1])
    return label_base(authors, year, title, stem or f"Document {_id}")


def _best(rows: list[tuple]) -> tuple:
    """The copy whose metadata is most complete (an author, a year; then the lowest id)."""
    return max(rows, key=lambda r: (first_family(r[3]) is not None, r[4] is not None, -r[0]))


def _members(conn: sqlite3.Connection, row: tuple) -> list[tuple]:
    """The documents that share ``row``'s label: the copies of its work (or itself)."""
    if row[1] is None:
        return [row]
    return conn.execute(f"SELECT {_COLS} FROM documents WHERE work_id = ? ORDER BY id",
                        (row[1],)).fetchall()


def _relabel(conn: sqlite3.Connection, base: str) -> None:
    # a range of the label index (the group's letters extend the base), and the new documents
    cands = conn.execute(f"SELECT {_COLS} FROM documents WHERE label >= ? AND label < ?",
                         (base, base + "\U0010ffff")).fetchall()
    cands += conn.execute(f"SELECT {_COLS} FROM documents WHERE label IS NULL").fetchall()
    works: dict = {}
    for r in cands:
        key = ("w", r[1]) if r[1] is not None else ("d", r[0])
        if key in works:
            continue
        members = _members(conn, r)
        if _base(_best(members)) == base:
            works[key] = members
    _letter(conn, base, works)


def _letter(conn: sqlite3.Connection, base: str, works: dict) -> None:
    """Write the labels of one group: ``{work key: [document rows]}``."""
    order = sorted(works, key=lambda k: (normalize_title(_best(works[k])[2]),
                                         min(r[0] for r in works[k])))
    for i, key in enumerate(order):
        label = base if len(order) == 1 else _with_suffix(base, i)
        ids = [r[0] for r in works[key]]
        conn.execute(f"UPDATE documents SET label = ? WHERE id IN ({','.join('?' * len(ids))})"
                     " AND label IS NOT ?", (label, *ids, label))


def _unsuffixed(label: str) -> str:
    m = re.search(r"(?:(?<=\d)|(?<=n\.d\.-))[a-z]{1,2}$", label)
    if not m:
        return label
    out = label[:m.start()]
    return out[:-1] if out.endswith("-") else out


def assign_labels(conn: sqlite3.Connection, document_id: int, old_labels: Iterable[str] = ()) -> None:
    """Give ``document_id`` (and the other copies of its work) their label and re-letter the
    groups they join or leave.  ``old_labels`` are labels held before (a replaced document, a
    work that absorbed another), whose groups may need their letters taken back."""
    row = conn.execute(f"SELECT {_COLS} FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        return
    members = _members(conn, row)
    bases = {_base(_best(members))}
    bases |= {_unsuffixed(x) for x in old_labels if x}
    bases |= {_unsuffixed(r[0]) for r in conn.execute(
        "SELECT label FROM documents WHERE work_id = ? AND label IS NOT NULL", (row[1],))} \
        if row[1] is not None else set()
    for base in sorted(bases):
        _relabel(conn, base)


def relabel_all(conn: sqlite3.Connection) -> None:
    """Recompute every document's label (migration backfill): one pass over the documents."""
    rows = conn.execute(f"SELECT {_COLS} FROM documents ORDER BY id").fetchall()
    works: dict = {}
    for r in rows:
        works.setdefault(("w", r[1]) if r[1] is not None else ("d", r[0]), []).append(r)
    groups: dict[str, dict] = {}
    for key, members in works.items():
        groups.setdefault(_base(_best(members)), {})[key] = members
    for base in sorted(groups):
        _letter(conn, base, groups[base])


def work_labels(conn: sqlite3.Connection) -> dict[int, str]:
    """An author–year label for every work: a corpus work has its documents' label; a cited
    work gets ``Family Year`` from its references (letters added where two cited works, or a
    cited work and a corpus article, would share a label)."""
    out: dict[int, str] = {}
    for wid, label in conn.execute(
            "SELECT work_id, min(label) FROM documents WHERE work_id IS NOT NULL GROUP BY work_id"):
        if label:
            out[wid] = label
    for wid, doc in conn.execute("SELECT id, document_id FROM works WHERE document_id IS NOT NULL"):
        if wid not in out:
            r = conn.execute("SELECT label FROM documents WHERE id = ?", (doc,)).fetchone()
            if r and r[0]:
                out[wid] = r[0]
    taken = set(out.values())
    groups: dict[str, list[tuple]] = {}
    seen: set = set()
    for wid, authors, year, title, wtitle, wyear in conn.execute(
            "SELECT r.work_id, r.authors, r.year, r.title, w.title, w.year FROM refs r NOT INDEXED"
            " JOIN works w ON w.id = r.work_id ORDER BY r.work_id, r.authors IS NULL, r.id"):  # a scan, one sort
        if wid in out or wid in seen:
            continue
        seen.add(wid)
        base = label_base(authors, wyear or year, wtitle or title, f"Work {wid}")
        groups.setdefault(base, []).append((normalize_title(wtitle or title), wid))
    for wid, title, year, journal in conn.execute(
            "SELECT id, title, year, journal_iso FROM works WHERE document_id IS NULL"):
        if wid not in out and wid not in seen:
            base = label_base(None, year, title or journal, f"Work {wid}")
            groups.setdefault(base, []).append((normalize_title(title), wid))
    for base, members in groups.items():
        members.sort()
        if len(members) == 1 and base not in taken:
            out[members[0][1]] = base
            continue
        i = 0
        for _, wid in members:
            while _with_suffix(base, i) in taken:
                i += 1
            out[wid] = _with_suffix(base, i)
            taken.add(out[wid])
            i += 1
    return out
