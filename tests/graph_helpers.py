"""Build small evidence stores row by row (sqlite3 + the real migrations) for graph/topic tests.

The graph and topic code read only the store, so their tests fill the contract tables directly:
documents with sentences, refs with callouts, and works linking references to corpus documents.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path
from typing import Optional

from corpus.migrations import migrate


class StoreBuilder:
    """A migrated SQLite store plus helpers that insert contract rows."""

    def __init__(self, path: Path | str = ":memory:"):
        self.conn = sqlite3.connect(str(path))
        self.conn.execute("PRAGMA foreign_keys = ON")
        migrate(self.conn)

    def document(self, path: str, text: str = "", title: Optional[str] = None,
                 kind: str = "primary", doi: Optional[str] = None, fmt: str = "text",
                 sentences: Optional[list[str]] = None) -> int:
        """Insert a document; its sentences are ``sentences`` (or a naive split of ``text``)."""
        if sentences is None:
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
        if not text:
            text = " ".join(sentences)
        cur = self.conn.execute(
            "INSERT INTO documents (sha256, path, format, title, doi, kind, text) VALUES (?,?,?,?,?,?,?)",
            (hashlib.sha256((path + text).encode()).hexdigest(), path, fmt, title, doi, kind, text))
        doc_id = cur.lastrowid
        pos = 0
        for seq, s in enumerate(sentences):
            start = text.index(s, pos)
            pos = start + len(s)
            self.conn.execute(
                "INSERT INTO sentences (document_id, seq, char_start, char_end, text) VALUES (?,?,?,?,?)",
                (doc_id, seq, start, pos, s))
        return doc_id

    def work(self, key: str, doi: Optional[str] = None, title: Optional[str] = None,
             journal_iso: Optional[str] = None, year: Optional[int] = None,
             document_id: Optional[int] = None) -> int:
        row = self.conn.execute("SELECT id FROM works WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        return self.conn.execute(
            "INSERT INTO works (key, doi, title, journal_iso, year, document_id) VALUES (?,?,?,?,?,?)",
            (key, doi, title, journal_iso, year, document_id)).lastrowid

    def ref(self, document_id: int, ordinal: int, work_id: Optional[int], raw: str = "",
            journal_iso: Optional[str] = None, year: Optional[int] = None,
            title: Optional[str] = None, doi: Optional[str] = None) -> int:
        return self.conn.execute(
            "INSERT INTO refs (document_id, ordinal, raw, journal_iso, year, title, doi, work_id) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (document_id, ordinal, raw, journal_iso, year, title, doi, work_id)).lastrowid

    def cite(self, document_id: int, ref_id: int, marker: str, occurrence: int = 0) -> int:
        """A callout: found in the document text (``occurrence``-th time); sentence by offsets."""
        text = self.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(marker, start + 1)
        end = start + len(marker)
        sent = self.conn.execute(
            "SELECT id FROM sentences WHERE document_id = ? AND char_start <= ? AND ? < char_end",
            (document_id, start, start)).fetchone()
        return self.conn.execute(
            "INSERT INTO citations (document_id, ref_id, sentence_id, marker, char_start, char_end, quote) "
            "VALUES (?,?,?,?,?,?,?)",
            (document_id, ref_id, sent[0] if sent else None, marker, start, end, marker)).lastrowid

    def commit(self) -> sqlite3.Connection:
        self.conn.commit()
        return self.conn


def topic_names(conn: sqlite3.Connection, work_id: int) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT t.name FROM work_topics wt JOIN topics t ON t.id = wt.topic_id WHERE wt.work_id = ?",
        (work_id,))}


GRAPH_DATA = Path(__file__).parent / "data" / "graph"


def load_manifest() -> dict:
    import json

    return json.loads((GRAPH_DATA / "manifest.json").read_text(encoding="utf-8"))


def manifest_store(path: Path | str = ":memory:") -> sqlite3.Connection:
    """The graph corpus as a store filled row by row from ``manifest.json`` (no extraction):
    works keyed by DOI, corpus documents linked to their works, one callout sentence per cite."""
    m = load_manifest()
    b = StoreBuilder(path)
    titles = {d["doi"]: d["title"] for d in m["documents"]}
    titles.update({x["doi"]: x["title"] for x in m["external"]})
    doc_ids = {}
    for d in m["documents"]:
        sentences, markers = [], []
        for i, c in enumerate(d["cites"], 1):
            for _ in range(c["callouts"]):
                sentences.append(f"Statement supported by reference [{i}].")
        doc_ids[d["doi"]] = b.document(d["file"], title=d["title"], kind=d["kind"], doi=d["doi"],
                                       fmt=d["format"], sentences=[d["title"] + "."] + sentences)
    for d in m["documents"]:
        b.work("doi:" + d["doi"], doi=d["doi"], title=d["title"], year=d["year"],
               document_id=doc_ids[d["doi"]])
    for d in m["documents"]:
        doc = doc_ids[d["doi"]]
        for i, c in enumerate(d["cites"], 1):
            w = b.work("doi:" + c["doi"], doi=c["doi"], title=titles[c["doi"]])
            r = b.ref(doc, i, w, raw=f"{i}. {titles[c['doi']]}", doi=c["doi"], title=titles[c["doi"]])
            for k in range(c["callouts"]):
                b.cite(doc, r, f"[{i}]", occurrence=k)
    return b.commit()


def expected_edges(kind: str, min_weight: int = 1, citing: Optional[set] = None) -> dict:
    """Brute-force expected edges by DOI from the manifest: {(a, b): weight}.

    ``citing``: the DOIs of the documents in the store (default: all of the manifest's)."""
    m = load_manifest()
    cites = {d["doi"]: {c["doi"]: c["callouts"] for c in d["cites"]} for d in m["documents"]
             if citing is None or d["doi"] in citing}
    out = {}
    if kind == "citation":
        out = {(s, t): n for s, ts in cites.items() for t, n in ts.items()}
    elif kind == "cocitation":
        works = sorted({t for ts in cites.values() for t in ts})
        for i, a in enumerate(works):
            for b in works[i + 1:]:
                n = sum(1 for ts in cites.values() if a in ts and b in ts)
                if n:
                    out[(a, b)] = n
    else:
        docs = sorted(cites)
        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                n = len(set(cites[a]) & set(cites[b]))
                if n:
                    out[(a, b)] = n
    return {k: v for k, v in out.items() if v >= min_weight}


def graph_edges_by_doi(G, doi_of_file: Optional[dict] = None) -> dict:
    """Edges of a built graph keyed by the endpoints' DOIs (sorted pair when undirected).

    Corpus documents are identified by their file name through ``doi_of_file`` when given (a
    document whose own DOI was not read is still the manifest's document)."""
    def ident(n):
        a = G.nodes[n]
        if doi_of_file and a.get("path"):
            name = Path(a["path"]).name
            if name in doi_of_file:
                return doi_of_file[name]
        return (a.get("doi") or f"node:{n}").lower()

    out = {}
    for u, v, d in G.edges(data=True):
        a, b = ident(u), ident(v)
        key = (a, b) if G.is_directed() else tuple(sorted((a, b)))
        out[key] = d["weight"]
    return out
