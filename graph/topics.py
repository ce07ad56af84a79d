"""Topic tagging of works: which works are about MSC therapy, long COVID, COVID-19, ...

Topic definitions are data (``graph/data/topics.json``): terms, abbreviations, MeSH-like synonyms
and journals per topic.  :func:`tag_works` recomputes the ``topics`` and ``work_topics`` tables
corpus-wide from what the store knows about each work:

* its own title (the work's, a reference's, or the corpus document's) when known;
* the journal it appeared in (``Stem Cell Res Ther`` is about MSCs);
* otherwise, the sentences that cite it.  In news-style text a bracketed citation *follows* the
  sentence it supports and a sentence splitter may glue the bracket to the next sentence, so a
  callout standing at the start of its sentence takes the preceding sentence as its context
  instead of the text after it.

Each ``work_topics`` row has a ``score`` in [0, 1] (``1 - prod(1 - w)`` over the matches, with
per-source weights from the data file) and ``evidence``: a JSON list saying which title,
journal or sentence matched, so a reviewer can check every tag.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

from extractor import recache

__all__ = ["Topic", "TopicSet", "load_topics", "tag_works", "score_works", "topics_for_text",
           "primary_topic", "mesh_forms", "TOPICS_PATH"]

TOPICS_PATH = Path(__file__).parent / "data" / "topics.json"
MAX_EVIDENCE = 5  # evidence items kept per (work, topic): enough to check, small enough to read
DEFAULT_WEIGHTS = {"doi": 1.0, "title": 0.9, "journal": 0.6, "sentence": 0.5, "context": 0.4, "text": 0.3}
PRIMARY_MIN = 0.5  # a topic earlier in the file wins the "primary" colour from this score on

_BOUND_L = r"(?<![A-Za-z0-9])"
_BOUND_R = r"(?![A-Za-z0-9])"


def _phrase(term: str, bounded: bool = True) -> str:
    """Regex for a phrase: flexible whitespace/hyphens, optional plural at the end (between
    word boundaries unless ``bounded`` is false)."""
    parts = re.split(r"[\s\-\u2010\u2011\u2013]+", term.strip())
    body = r"[\s\-\u2010\u2011\u2013]*".join(re.escape(p) for p in parts if p)
    if term[-1:].isalpha():
        body += r"(?:s|es)?"
    return _BOUND_L + body + _BOUND_R if bounded else body


def _alternation(terms) -> re.Pattern:
    """One pattern for ``terms``, the longest first.  The word boundaries stand once around
    the alternation: it matches what one bounded alternative per term matches (they are
    zero-width and every alternative is still tried in turn) and compiles in half the time;
    its compiled program is cached on disk (:mod:`extractor.recache`).  Terms of one length
    are ordered alphabetically, so the pattern is the same in every process: ``terms`` often
    come from a set, whose order changes with each process's string hashing, and every new
    order was a pattern compiled again and added to the cache file (rewritten whole, about
    10 MB, when the process exits)."""
    body = "|".join(_phrase(t, bounded=False) for t in sorted(terms, key=lambda t: (-len(t), t)))
    return recache.compile(f"{_BOUND_L}(?:{body}){_BOUND_R}", re.I)


def _journal_key(name: Optional[str]) -> str:
    return re.sub(r"[\s.]+", " ", (name or "").lower()).strip()


def _doi_key(doi: Optional[str]) -> str:
    d = (doi or "").strip().lower()
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", d)


def mesh_forms(heading: str) -> tuple[str, ...]:
    """A MeSH heading as written and, when inverted ("Stem Cells, Mesenchymal"), in reading order.

    >>> mesh_forms("Stem Cells, Mesenchymal"), mesh_forms("Post-Acute COVID-19 Syndrome")
    (('Stem Cells, Mesenchymal', 'Mesenchymal Stem Cells'), ('Post-Acute COVID-19 Syndrome',))
    """
    parts = [p.strip() for p in heading.split(",") if p.strip()]
    if len(parts) == 2:
        return heading, f"{parts[1]} {parts[0]}"
    return (heading,)


@dataclass(frozen=True)
class Topic:
    """One topic definition, with its compiled matchers."""

    name: str
    label: str
    colour: str
    order: int
    terms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    journals: tuple[str, ...] = ()
    mesh: tuple[str, ...] = ()
    dois: tuple[str, ...] = ()
    _phrases: Optional[re.Pattern] = field(default=None, repr=False, compare=False)
    _abbrevs: Optional[re.Pattern] = field(default=None, repr=False, compare=False)
    _cooccur: tuple = field(default=(), repr=False, compare=False)

    @classmethod
    def from_dict(cls, d: dict, order: int) -> "Topic":
        """A topic from its definition (``keywords`` is another name for ``terms``; ``mesh``
        headings match in written and in inverted order: "Stem Cells, Mesenchymal" also as
        "mesenchymal stem cells")."""
        terms = tuple(d.get("terms", ())) + tuple(d.get("keywords", ()))
        synonyms = tuple(d.get("synonyms", ()))
        mesh = tuple(d.get("mesh", ()))
        abbrevs = tuple(d.get("abbreviations", ()))
        # Longest first so the evidence quotes the most specific phrase.
        phrases = sorted(set(terms) | set(synonyms) | {v for m in mesh for v in mesh_forms(m)},
                         key=len, reverse=True)
        return cls(
            name=d["name"], label=d.get("label", d["name"]), colour=d.get("colour", "#888888"),
            order=order, terms=terms, abbreviations=abbrevs, synonyms=synonyms,
            journals=tuple(d.get("journals", ())), mesh=mesh,
            dois=tuple(_doi_key(x) for x in d.get("dois", ())),
            _phrases=_alternation(phrases) if phrases else None,
            _abbrevs=re.compile(
                _BOUND_L + "(?:" + "|".join(re.escape(a) for a in sorted(abbrevs, key=len, reverse=True))
                + ")" + _BOUND_R) if abbrevs else None,
            _cooccur=tuple(tuple(_alternation(group) for group in pair) for pair in d.get("cooccurrence", ())),
        )

    def find(self, text: Optional[str]) -> Optional[str]:
        """The first term, synonym or abbreviation of this topic found in ``text``, or None.

        >>> t = load_topics()["msc"]
        >>> t.find("MSCs can reduce inflammatory cytokines")
        'MSCs'
        >>> t.find("Human mesenchymal stem cells for ARDS")
        'mesenchymal stem cells'
        >>> t.find("A misc. report") is None
        True
        >>> load_topics()["long-covid"].find("Persistent symptoms one year after COVID-19")
        'Persistent symptoms + COVID-19'

        """
        if not text:
            return None
        for pat in (self._phrases, self._abbrevs):
            if pat is not None:
                m = pat.search(text)
                if m:
                    return m.group(0)
        for pats in self._cooccur:
            found = [p.search(text) for p in pats]
            if all(found):
                return " + ".join(m.group(0) for m in found)
        return None

    def journal_match(self, journal: Optional[str]) -> bool:
        """True when ``journal`` is one of this topic's journals (dots and case ignored)."""
        key = _journal_key(journal)
        return bool(key) and key in {_journal_key(j) for j in self.journals}

    def doi_match(self, doi: Optional[str]) -> bool:
        """True when ``doi`` is one of this topic's DOIs (or starts with a rule ending in ``*``).

        >>> t = Topic.from_dict({"name": "x", "dois": ["10.1056/NEJMoa2021436", "10.1186/s13287*"]}, 0)
        >>> t.doi_match("https://doi.org/10.1056/nejmoa2021436"), t.doi_match("10.1186/S13287-025-1")
        (True, True)
        """
        key = _doi_key(doi)
        if not key:
            return False
        return any(key == d or (d.endswith("*") and key.startswith(d[:-1])) for d in self.dois)

    def to_row(self) -> dict:
        row = {"label": self.label, "colour": self.colour, "terms": list(self.terms),
               "abbreviations": list(self.abbreviations), "synonyms": list(self.synonyms),
               "journals": list(self.journals)}
        row.update({k: list(v) for k, v in (("mesh", self.mesh), ("dois", self.dois)) if v})
        return row


@dataclass(frozen=True)
class TopicSet:
    """The loaded definitions: topics in file order plus the per-source weights."""

    topics: tuple[Topic, ...]
    weights: dict

    def __getitem__(self, name: str) -> Topic:
        for t in self.topics:
            if t.name == name:
                return t
        raise KeyError(f"unknown topic {name!r}; known: {', '.join(self.names)}")

    def __iter__(self):
        return iter(self.topics)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.topics]


@lru_cache(maxsize=8)
def load_topics(path: Optional[str] = None) -> TopicSet:
    """Load topic definitions (default: the shipped ``graph/data/topics.json``), once per path."""
    data = json.loads(Path(path or TOPICS_PATH).read_text(encoding="utf-8"))
    weights = dict(DEFAULT_WEIGHTS)
    weights.update(data.get("weights", {}))
    return TopicSet(tuple(Topic.from_dict(d, i) for i, d in enumerate(data["topics"])), weights)


class _Evidence:
    """Accumulates matches per topic: the score and a few evidence items."""

    def __init__(self, weights: dict):
        self.weights = weights
        self.keep: dict[str, float] = {}  # topic -> prod(1 - w)
        self.items: dict[str, list[dict]] = {}

    def add(self, topic: str, source: str, match: str, **where) -> None:
        self.keep[topic] = self.keep.get(topic, 1.0) * (1.0 - self.weights.get(source, 0.3))
        items = self.items.setdefault(topic, [])
        if len(items) < MAX_EVIDENCE:
            items.append({"source": source, "match": match, **where})

    def scores(self) -> dict[str, float]:
        return {t: round(1.0 - k, 4) for t, k in self.keep.items()}


def _found(topics: TopicSet, text: str, cache: Optional[dict] = None) -> list[tuple[str, str]]:
    """(topic name, matched text) of every topic found in ``text``, in topic order."""
    found = cache.get(text) if cache is not None else None
    if found is None:
        found = [(t.name, m) for t in topics for m in [t.find(text)] if m]
        if cache is not None:
            cache[text] = found  # a sentence citing several works is matched once
    return found


def _scan(ev: _Evidence, topics: TopicSet, source: str, text: Optional[str],
          cache: Optional[dict] = None, **where) -> None:
    if not text:
        return
    for name, m in _found(topics, text, cache):
        snippet = text if len(text) <= 300 else text[:297] + "..."
        ev.add(name, source, m, text=snippet, **where)


def topics_for_text(title: Optional[str], journal: Optional[str] = None,
                    sentences: Iterable[str] = (), topics: Optional[TopicSet] = None,
                    doi: Optional[str] = None) -> dict[str, float]:
    """Score topics for one item from its title, journal and a few sentences of its text.

    >>> topics_for_text("Mesenchymal stem cells in long COVID")
    {'msc': 0.9, 'long-covid': 0.9, 'covid-19': 0.9}
    >>> topics_for_text(None, "Stem Cell Res Ther")
    {'msc': 0.6}
    """
    topics = topics or load_topics()
    ev = _Evidence(topics.weights)
    _scan(ev, topics, "title", title)
    for t in topics:
        if t.journal_match(journal):
            ev.add(t.name, "journal", journal)
        if t.doi_match(doi):
            ev.add(t.name, "doi", doi)
    for s in sentences:
        _scan(ev, topics, "text", s)
    return ev.scores()


def primary_topic(scores: dict[str, float], topics: Optional[TopicSet] = None) -> Optional[str]:
    """The topic used to colour a node: the most specific (earliest in the file) topic scoring at
    least ``PRIMARY_MIN``, else the best-scoring one, else None.

    >>> primary_topic({"covid-19": 0.99, "long-covid": 0.9})
    'long-covid'
    >>> primary_topic({"covid-19": 0.3}) , primary_topic({})
    ('covid-19', None)
    """
    if not scores:
        return None
    topics = topics or load_topics()
    order = {t.name: t.order for t in topics}
    strong = [t for t in scores if scores[t] >= PRIMARY_MIN]
    if strong:
        return min(strong, key=lambda t: order.get(t, 1 << 30))
    return max(scores, key=lambda t: (scores[t], -order.get(t, 1 << 30)))


def _conn(store) -> sqlite3.Connection:
    return getattr(store, "conn", store)


def _ids_param(ids) -> str:
    """A JSON array of ids, read in SQL as ``IN (SELECT value FROM json_each(?))``."""
    return json.dumps(sorted(i for i in ids if i is not None))


def _sentence_lookup(conn: sqlite3.Connection, document_ids: set[int]):
    """Per document: sentences ordered by position, for offset lookups and 'previous sentence'."""
    by_doc: dict[int, list[tuple[int, int, int, str]]] = {}
    if not document_ids:
        return by_doc
    for doc_id, sid, start, end, text in conn.execute(
            "SELECT document_id, id, char_start, char_end, text FROM sentences "
            "WHERE document_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY document_id, coalesce(char_start, seq), seq", (_ids_param(document_ids),)):
        by_doc.setdefault(doc_id, []).append((sid, start, end, text))
    return by_doc


_LEADING = re.compile(r"^[\s\"'\u201c\u201d\u2018\u2019(\[]*$")
_LEADING_BRACKET = re.compile(r"^\s*(?:\[[^\]]*\d[^\]]*\]\s*)+")  # callouts carry digits


def _contexts(rows, sents: dict) -> Iterator[tuple[int, int, int, str, dict]]:
    """(work id, citation id, place, source, where) of each callout of ``rows`` (work id,
    document id, sentence id, char_start, char_end, marker, citation id) whose sentence is in
    ``sents`` (:func:`_sentence_lookup` of their documents); place 0, or 1 for the callout's own
    sentence after its preceding one."""
    index = {doc: {s[0]: i for i, s in enumerate(lst)} for doc, lst in sents.items()}
    for work_id, doc_id, sent_id, cstart, cend, marker, cid in rows:
        lst = sents.get(doc_id, [])
        i = index.get(doc_id, {}).get(sent_id)
        if i is None and cstart is not None:  # no sentence id stored: find it by offsets
            i = next((k for k, s in enumerate(lst)
                      if s[1] is not None and s[1] <= cstart < (s[2] or s[1])), None)
        if i is None:
            continue
        sid, sstart, send, text = lst[i]
        text = text or ""
        leading = False
        if cstart is not None and sstart is not None and 0 <= cstart - sstart <= len(text):
            leading = bool(_LEADING.match(text[: cstart - sstart]))
        elif marker and text.lstrip().startswith(marker):
            leading = True
        if leading and i > 0:
            p = lst[i - 1]
            # The previous sentence may itself begin with the callout of the sentence before it.
            prev = _LEADING_BRACKET.sub("", p[3] or "")
            yield work_id, cid, 0, "context", {"text": prev, "sentence_id": p[0], "document_id": doc_id}
            # Only the callout itself (it may name a journal) from its own sentence.
            own = text[: (cend - sstart)] if cend is not None and sstart is not None else (marker or "")
            yield work_id, cid, 1, "sentence", {"text": own, "sentence_id": sid, "document_id": doc_id}
        else:
            yield work_id, cid, 0, "sentence", {"text": text, "sentence_id": sid, "document_id": doc_id}


_CITATION_COLUMNS = "r.work_id, c.document_id, c.sentence_id, c.char_start, c.char_end, c.marker, c.id"


def citing_contexts(conn: sqlite3.Connection, only: Optional[set] = None) -> dict[int, list[tuple[str, dict]]]:
    """For each cited work id: the (source, where) contexts of its callouts, in callout order.

    The context of a callout is the sentence containing it; when the callout stands at the start
    of its sentence (a bracket following the claim it supports, glued to the next sentence or
    recorded alone), the preceding sentence is the context and the rest of the callout's own
    sentence is not used.  ``only``: the work ids wanted (default all).  Everything is held in
    memory: tagging a whole store reads the contexts a batch of documents at a time instead.
    """
    if only is None:
        rows = conn.execute(
            f"SELECT {_CITATION_COLUMNS} FROM citations c JOIN refs r ON r.id = c.ref_id "
            "WHERE r.work_id IS NOT NULL ORDER BY c.id").fetchall()
    else:  # through the refs(work_id) and citations(ref_id) indexes
        rows = conn.execute(
            f"SELECT {_CITATION_COLUMNS} FROM refs r JOIN citations c ON c.ref_id = r.id "
            "WHERE r.work_id IN (SELECT value FROM json_each(?)) ORDER BY c.id",
            (_ids_param(only),)).fetchall()
    out: dict[int, list[tuple[str, dict]]] = {}
    for work_id, _cid, _place, source, where in _contexts(rows, _sentence_lookup(conn, {r[1] for r in rows})):
        out.setdefault(work_id, []).append((source, where))
    return out


#: works scored at a time, and citing documents read at a time for the contexts of works known
#: only from their callouts: memory follows these batches, not the store
WORK_BATCH = 2000
CONTEXT_DOCUMENTS = 200
#: texts whose topic matches are remembered (a sentence citing several works is matched once)
SCAN_CACHE = 20000


def _bounded(cache: dict) -> dict:
    if len(cache) >= SCAN_CACHE:
        cache.clear()
    return cache


def _match_contexts(conn: sqlite3.Connection, topics: TopicSet, only: Optional[set]) -> None:
    """Fill the temporary table ``evidence_contexts`` with the topic matches in the citing
    contexts of every work known only from its callouts (no title, not a corpus document; of
    ``only`` when given): one row per match, keyed by work, callout, place and match order.

    The callouts are read grouped by citing document and the sentences of ``CONTEXT_DOCUMENTS``
    documents at a time, so neither every callout's context nor every sentence is held."""
    conn.execute("DROP TABLE IF EXISTS temp.evidence_context_works")
    conn.execute("DROP TABLE IF EXISTS temp.evidence_contexts")
    conn.execute("CREATE TEMP TABLE evidence_context_works (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE evidence_contexts (work_id INTEGER, cid INTEGER, place INTEGER, "
                 "k INTEGER, source TEXT, topic TEXT, match TEXT, text TEXT, sentence_id INTEGER, "
                 "document_id INTEGER, PRIMARY KEY (work_id, cid, place, k)) WITHOUT ROWID")
    untitled = ("w.document_id IS NULL AND coalesce(w.title, '') = '' AND NOT EXISTS ("
                "SELECT 1 FROM refs r WHERE r.work_id = w.id AND coalesce(r.title, '') <> '')")
    if only is None:
        conn.execute(f"INSERT INTO temp.evidence_context_works SELECT w.id FROM works w WHERE {untitled}")
    else:
        conn.execute(f"INSERT INTO temp.evidence_context_works SELECT w.id FROM works w "
                     f"WHERE w.id IN (SELECT value FROM json_each(?)) AND {untitled}", (_ids_param(only),))
    # For a few works (``only``) the join is read from them outwards (CROSS JOIN fixes SQLite's
    # join order): left to choose, the planner walks every citation of the store in
    # document order to spare the sort, which makes one document's update cost grow with the
    # store (0.06 s on 360,000 citations against 0.3 ms).
    join = "JOIN" if only is None else "CROSS JOIN"
    cur = conn.execute(
        f"SELECT {_CITATION_COLUMNS} FROM temp.evidence_context_works x "
        f"{join} refs r ON r.work_id = x.id {join} citations c ON c.ref_id = r.id ORDER BY c.document_id, c.id")
    cache: dict = {}

    def flush(rows):
        out = []
        for work_id, cid, place, source, where in _contexts(rows, _sentence_lookup(conn, {r[1] for r in rows})):
            text = where["text"]
            if not text:
                continue
            found = _found(topics, text, _bounded(cache))
            snippet = text if len(text) <= 300 else text[:297] + "..."
            out.extend((work_id, cid, place, k, source, name, m, snippet, where["sentence_id"],
                        where["document_id"]) for k, (name, m) in enumerate(found))
        conn.executemany("INSERT INTO temp.evidence_contexts VALUES (?,?,?,?,?,?,?,?,?,?)", out)

    rows: list = []
    docs = 0
    for row in cur:
        if not rows or row[1] != rows[-1][1]:
            docs += 1
            if docs > CONTEXT_DOCUMENTS:
                flush(rows)
                rows, docs = [], 1
        rows.append(row)
    if rows:
        flush(rows)


def _work_batches(conn: sqlite3.Connection, only: Optional[set]):
    """The works (id, title, journal_iso, document_id, document title, doi) in id order,
    ``WORK_BATCH`` at a time."""
    columns = ("SELECT w.id, w.title, w.journal_iso, w.document_id, d.title, coalesce(w.doi, d.doi) "
               "FROM works w LEFT JOIN documents d ON d.id = w.document_id ")
    if only is None:
        last = None
        while True:
            if last is None:
                batch = conn.execute(columns + "ORDER BY w.id LIMIT ?", (WORK_BATCH,)).fetchall()
            else:
                batch = conn.execute(columns + "WHERE w.id > ? ORDER BY w.id LIMIT ?",
                                     (last, WORK_BATCH)).fetchall()
            if not batch:
                return
            yield batch
            last = batch[-1][0]
    else:
        ids = sorted(i for i in only if i is not None)
        for k in range(0, len(ids), WORK_BATCH):
            batch = conn.execute(columns + "WHERE w.id IN (SELECT value FROM json_each(?)) ORDER BY w.id",
                                 (json.dumps(ids[k:k + WORK_BATCH]),)).fetchall()
            if batch:
                yield batch


def _score_rows(conn: sqlite3.Connection, topics: TopicSet, document_sentences: int = 12,
                only: Optional[set] = None) -> Iterator[tuple]:
    """(work id, topic name, score, evidence JSON) for every work the topics match (or every
    work of ``only``), in work id order, computed ``WORK_BATCH`` works at a time (each work's
    rows read through the indexes): memory follows the batch, not the store."""
    _match_contexts(conn, topics, only)
    try:
        yield from _scored_batches(conn, topics, document_sentences, only)
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.evidence_contexts")
        conn.execute("DROP TABLE IF EXISTS temp.evidence_context_works")


def _scored_batches(conn, topics, document_sentences, only=None):
    with_dois = [t for t in topics if t.dois]
    cache: dict = {}
    for works in _work_batches(conn, only):
        lo, hi = works[0][0], works[-1][0]
        ids = _ids_param(w[0] for w in works)
        ref_meta: dict[int, tuple[Optional[str], Optional[str]]] = {}
        for work_id, title, journal, journal_iso in conn.execute(
                "SELECT work_id, title, journal, journal_iso FROM refs "
                "WHERE work_id IN (SELECT value FROM json_each(?)) ORDER BY id", (ids,)):
            t0, j0 = ref_meta.get(work_id, (None, None))
            ref_meta[work_id] = (t0 or title, j0 or journal_iso or journal)
        lead: dict[int, list[tuple[int, str]]] = {}
        doc_ids = {w[3] for w in works if w[3] is not None}
        if doc_ids:
            for doc_id, sid, text in conn.execute(
                    "SELECT document_id, id, text FROM sentences WHERE seq < ? "
                    "AND document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, seq",
                    (document_sentences, _ids_param(doc_ids))):
                lead.setdefault(doc_id, []).append((sid, text))
        contexts: dict[int, list[tuple]] = {}
        for row in conn.execute(
                "SELECT work_id, source, topic, match, text, sentence_id, document_id "
                "FROM temp.evidence_contexts WHERE work_id BETWEEN ? AND ? ORDER BY work_id, cid, place, k",
                (lo, hi)):
            contexts.setdefault(row[0], []).append(row[1:])
        for work_id, wtitle, wjournal, doc_id, dtitle, doi in works:
            rtitle, rjournal = ref_meta.get(work_id, (None, None))
            title = wtitle or dtitle or rtitle
            journal = wjournal or rjournal
            ev = _Evidence(topics.weights)
            for t in with_dois:
                if t.doi_match(doi):
                    ev.add(t.name, "doi", doi, text=doi)
            _scan(ev, topics, "title", title, _bounded(cache))
            for t in topics:
                if t.journal_match(journal):
                    ev.add(t.name, "journal", journal, text=journal)
            if doc_id is not None:
                for sid, text in lead.get(doc_id, []):
                    _scan(ev, topics, "text", text, _bounded(cache), sentence_id=sid, document_id=doc_id)
            elif not title:
                for source, name, m, snippet, sid, did in contexts.get(work_id, ()):
                    ev.add(name, source, m, text=snippet, sentence_id=sid, document_id=did)
            for name, score in ev.scores().items():
                yield work_id, name, score, json.dumps(ev.items[name], ensure_ascii=False)


def score_works(store, topics: TopicSet, document_sentences: int = 12) -> dict[int, dict[str, float]]:
    """Topic scores of every work under ``topics``, computed without writing to the store (for a
    graph drawn with the user's own topics): ``{work_id: {topic: score}}``."""
    conn = _conn(store)
    began = not conn.in_transaction
    out: dict[int, dict[str, float]] = {}
    for work_id, name, score, _ in _score_rows(conn, topics, document_sentences):
        out.setdefault(work_id, {})[name] = score
    if began and conn.in_transaction:  # only temporary rows were written
        conn.commit()
    return out


def _topics_current(conn: sqlite3.Connection, topics: TopicSet) -> bool:
    """True when the stored ``topics`` rows are exactly these definitions."""
    stored = dict(conn.execute("SELECT name, terms FROM topics"))
    return stored == {t.name: json.dumps(t.to_row(), ensure_ascii=False) for t in topics}


def tag_works(store, topics: Optional[TopicSet] = None, document_sentences: int = 12,
              works: Optional[Iterable[int]] = None) -> dict:
    """Compute ``topics`` and ``work_topics`` for every work in the store (idempotent), or only
    for the ``works`` given.

    Parameters
    ----------
    store : corpus.store.Store or sqlite3.Connection
        The evidence store (anything with a ``.conn``, or a connection).
    topics : TopicSet, optional
        Definitions; default the shipped ``graph/data/topics.json``.
    document_sentences : int
        For works that are corpus documents: how many leading sentences (abstract, lead) are
        read besides the title.
    works : iterable of int, optional
        Work ids whose tags may have changed (the works a batch of documents cites or is):
        only their rows are recomputed, each exactly as a whole-store run computes it, and the
        cost follows the batch, not the store.  Ignored (every work is tagged) when the stored
        topic definitions differ from ``topics``.

    Works are scored ``WORK_BATCH`` at a time into a temporary table and copied into
    ``work_topics`` in one short transaction: memory follows the batch, not the store (a
    100,000-document store is tagged in the memory of a 1,000-document one).

    Returns
    -------
    dict
        ``{"works": n_works_seen, "tagged": n_work_topic_rows, "per_topic": {name: n}}``.
    """
    topics = topics or load_topics()
    conn = _conn(store)
    began = not conn.in_transaction
    only = None if works is None or not _topics_current(conn, topics) else set(works)
    # The rows are computed into a temporary table (another file than the store's: the store is
    # not locked meanwhile, and memory follows one batch of works), then copied in one transaction.
    conn.execute("DROP TABLE IF EXISTS temp.evidence_work_topics")
    conn.execute("CREATE TEMP TABLE evidence_work_topics (work_id INTEGER, topic TEXT, score REAL, evidence TEXT)")
    per_topic: dict[str, int] = {}
    tagged = 0

    def counted(rows):
        nonlocal tagged
        for row in rows:
            per_topic[row[1]] = per_topic.get(row[1], 0) + 1
            tagged += 1
            yield row

    try:
        conn.executemany("INSERT INTO temp.evidence_work_topics VALUES (?, ?, ?, ?)",
                         counted(_score_rows(conn, topics, document_sentences, only)))
        if only is None:
            n_works = conn.execute("SELECT count(*) FROM works").fetchone()[0]
        else:
            n_works = conn.execute("SELECT count(*) FROM works WHERE id IN (SELECT value FROM json_each(?))",
                                   (_ids_param(only),)).fetchone()[0]
        if began and conn.in_transaction:  # the temporary rows only (an implicit transaction)
            conn.commit()
        if began:
            conn.execute("BEGIN IMMEDIATE")
        try:
            names = topics.names
            conn.execute(f"DELETE FROM topics WHERE name NOT IN ({','.join('?' * len(names))})", names)
            for t in topics:
                conn.execute(
                    "INSERT INTO topics (name, terms) VALUES (?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET terms = excluded.terms",
                    (t.name, json.dumps(t.to_row(), ensure_ascii=False)))
            if only is None:
                conn.execute("DELETE FROM work_topics")
            else:
                conn.execute("DELETE FROM work_topics WHERE work_id IN (SELECT value FROM json_each(?))",
                             (_ids_param(only),))
            conn.execute(
                "INSERT INTO work_topics (work_id, topic_id, score, evidence) "
                "SELECT r.work_id, t.id, r.score, r.evidence FROM temp.evidence_work_topics r "
                "JOIN topics t ON t.name = r.topic ORDER BY r.rowid")
            if began:
                conn.execute("COMMIT")
        except BaseException:
            if began and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.evidence_work_topics")
    return {"works": n_works, "tagged": tagged, "per_topic": per_topic}
