"""Citation, co-citation and bibliographic-coupling graphs built from the evidence store.

Everything here reads the SQL contract only (``documents``, ``works``, ``refs``, ``citations``,
``work_topics``, ``studies``...), never the extractor.

Nodes
    A work is node ``w<id>``; a corpus document is the node of its work (``works.document_id``,
    or ``documents.work_id`` for the other copies of one article, so a paper stored as JATS and
    as PDF is one node whose references count once) or, when no work points to it, its own node
    ``d<id>``.  Attributes: ``label``, ``title``,
    ``journal``, ``year``, ``doi``, ``pmid``, ``kind`` (the document's kind, ``external`` for
    works outside the corpus), ``in_corpus``, ``design`` and ``n`` for corpus studies,
    ``topics`` (names, best first), ``topic`` (primary topic, used for colour),
    ``in_degree``/``out_degree`` (citation graph) or ``degree``, ``cited_by``, ``references``.

Edges
    * ``citation`` (DiGraph): citing → cited, ``weight`` = in-text callouts of the reference
      (at least 1 per reference; summed when two references of a document are one work).
    * ``cocitation`` (Graph over cited works): ``weight`` = number of citing nodes citing both,
      ``salton`` = weight / sqrt(cited_by(i) · cited_by(j)).
    * ``coupling`` (Graph over citing nodes): ``weight`` = number of works both cite,
      ``salton`` = weight / sqrt(references(i) · references(j)).
    Every edge has ``cross_topic`` (the endpoints' primary topics differ) and ``topic_link``.
"""
from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

import networkx as nx
import numpy as np
from scipy import sparse

from .labels import display_label, first_family
from .topics import TopicSet, load_topics, primary_topic, topics_for_text

__all__ = ["KINDS", "citation_graph", "load_citations", "CitationData", "study_details"]

KINDS = ("citation", "cocitation", "coupling")


@dataclass
class CitationData:
    """What the graphs are built from: node attributes and (citing, cited, callouts) triples."""

    nodes: dict[str, dict] = field(default_factory=dict)
    in_corpus: set = field(default_factory=set)
    links: list[tuple[str, str, int]] = field(default_factory=list)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    unlinked_refs: int = 0


def _conn(store) -> sqlite3.Connection:
    return getattr(store, "conn", store)


def _document_columns(conn: sqlite3.Connection) -> str:
    """The metadata columns ``label, authors, year`` of ``documents``, or NULLs on a store
    migrated before they existed."""
    have = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    return ", ".join(c if c in have else f"NULL AS {c}" for c in ("label", "authors", "year"))


def _label_from(label, authors, title) -> str:
    """Where a node's label comes from: the store's label (a document's, or the one the store
    gives a cited work), the authors, or else the title/journal/file (so a label the store gave
    is never changed when labels clash on a map)."""
    if label:
        return "store"
    return "authors" if first_family(authors) else "title"


def _work_labels(conn: sqlite3.Connection) -> dict[int, str]:
    """The store's author-year label of every work (``corpus.labels.work_labels``), or {} on a
    store without document labels."""
    if "label" not in {r[1] for r in conn.execute("PRAGMA table_info(documents)")}:
        return {}
    from corpus.labels import work_labels

    return work_labels(conn)


def load_citations(store, topics: Optional[TopicSet] = None,
                   work_scores: Optional[dict] = None) -> CitationData:
    """Read nodes and citation links from the store (one pass of a few grouped queries).

    ``work_scores`` (work id -> {topic: score}) replaces the stored ``work_topics`` when the
    topics come from the user rather than from the store."""
    data = _load_links(store, topics, work_scores)
    _load_nodes(store, data, set(data.scores))
    return data


def _load_links(store, topics: Optional[TopicSet] = None,
                work_scores: Optional[dict] = None) -> CitationData:
    """What decides which nodes a graph keeps: every node's topic scores, which nodes are
    corpus documents (``data.in_corpus``) and the links; the nodes' attributes are read
    afterwards for the nodes kept only (:func:`_load_nodes`)."""
    conn = _conn(store)
    topics = topics or load_topics()
    data = CitationData()
    docs = {r[0]: r for r in conn.execute(
        f"SELECT id, path, title, doi, kind, format, {_document_columns(conn)} FROM documents")}
    if work_scores is None:
        work_scores = defaultdict(dict)
        for work_id, name, score in conn.execute(
                "SELECT wt.work_id, t.name, wt.score FROM work_topics wt JOIN topics t ON t.id = wt.topic_id"):
            work_scores[work_id][name] = score or 0.0

    doc_node: dict[int, str] = {}
    work_node: dict[int, str] = {}  # one name object per node, shared by its links
    for wid, doc_id in conn.execute("SELECT id, document_id FROM works ORDER BY id"):
        node = work_node[wid] = f"w{wid}"
        if doc_id is not None and doc_id in docs:
            data.in_corpus.add(node)
            if doc_id not in doc_node:
                doc_node[doc_id] = node
        data.scores[node] = dict(work_scores.get(wid, {}))
    del work_scores

    # the other copies of a corpus article (documents.work_id) are the same node
    for doc_id, work_id in conn.execute("SELECT id, work_id FROM documents WHERE work_id IS NOT NULL"):
        if doc_id not in doc_node and work_id in work_node:
            doc_node[doc_id] = work_node[work_id]
    orphan_docs = [doc_id for doc_id in docs if doc_id not in doc_node]
    lead: dict[int, list[str]] = defaultdict(list)
    if orphan_docs:
        wanted = set(orphan_docs)
        for doc_id, text in conn.execute("SELECT document_id, text FROM sentences WHERE seq < 12 "
                                         "ORDER BY document_id, seq"):
            if doc_id in wanted:
                lead[doc_id].append(text)
    for doc_id in orphan_docs:
        _, path, title, doi, kind, _fmt, label, authors, year = docs[doc_id]
        node = f"d{doc_id}"
        doc_node[doc_id] = node
        data.in_corpus.add(node)
        data.scores[node] = topics_for_text(title, None, lead.get(doc_id, ()), topics, doi=doi)
    del lead

    # callouts per citing document and work (each reference counts at least once); copies of
    # one article count once (the copy citing most)
    data.unlinked_refs = conn.execute("SELECT count(*) FROM refs WHERE work_id IS NULL").fetchone()[0]
    callouts: dict[tuple[str, str], int] = {}
    for doc_id, work_id, n in conn.execute(
            "SELECT document_id, work_id, sum(max(1, n)) FROM ("
            " SELECT r.document_id, r.work_id, count(c.id) AS n FROM refs r"
            " LEFT JOIN citations c ON c.ref_id = r.id WHERE r.work_id IS NOT NULL GROUP BY r.id)"
            " GROUP BY document_id, work_id"):
        src, dst = doc_node.get(doc_id), work_node.get(work_id)
        if src is None or dst is None or src == dst:
            continue
        if callouts.get((src, dst), 0) < n:
            callouts[(src, dst)] = n
    data.links = [(s, t, w) for (s, t), w in callouts.items()]
    return data


def _load_nodes(store, data: CitationData, wanted: set) -> None:
    """The attributes of the ``wanted`` nodes (``data.nodes``), read from the store."""
    conn = _conn(store)
    docs = {r[0]: r for r in conn.execute(
        f"SELECT id, path, title, doi, kind, format, {_document_columns(conn)} FROM documents")}
    studies: dict[int, tuple] = {}
    for doc_id, design, n_rand, n_an in conn.execute(
            "SELECT document_id, design, n_randomized, n_analyzed FROM studies ORDER BY id"):
        studies.setdefault(doc_id, (design, n_rand if n_rand is not None else n_an))
    want_works = {int(n[1:]) for n in wanted if n[0] == "w"}
    ref_meta = {r[0]: r[1:] for r in conn.execute(
        "SELECT work_id, max(title), max(journal_iso), max(journal), max(year), max(doi), max(pmid), "
        "max(authors) FROM refs NOT INDEXED WHERE work_id IS NOT NULL GROUP BY work_id")  # one scan and
        if r[0] in want_works}  # a sort rather than a lookup in refs for every entry of refs(work_id)
    shared: dict = {}  # one object per journal or kind text (tens of them, on many nodes)
    stored_labels = _work_labels(conn)
    for wid, key, doi, pmid, title, journal, year, doc_id in conn.execute(
            "SELECT id, key, doi, pmid, title, journal_iso, year, document_id FROM works ORDER BY id"):
        d = docs.get(doc_id) if doc_id is not None else None
        if wid not in want_works:
            continue
        node = f"w{wid}"
        rt, rj, rjf, ry, rdoi, rpmid, rauthors = ref_meta.get(wid, (None,) * 7)
        title = title or (d[2] if d else None) or rt
        journal = journal or rj or rjf
        year = year or (d[8] if d else None) or ry
        stored = stored_labels.get(wid) or (d[6] if d else None)
        authors = (d[7] if d else None) or rauthors
        label = display_label(stored, authors, year, title, journal, d[1] if d else None)
        kind = (d[4] or "document") if d else "external"
        attrs = {"label": label, "label_from": _label_from(stored, authors, title),
                 "title": title,
                 "journal": shared.setdefault(journal, journal), "year": int(year) if year else None,
                 "doi": doi or rdoi or (d[3] if d else None), "pmid": pmid or rpmid,
                 "kind": shared.setdefault(kind, kind), "in_corpus": d is not None,
                 "work_id": wid, "document_id": doc_id if d else None, "key": key,
                 "path": d[1] if d else None}
        data.nodes[node] = attrs
    del ref_meta, stored_labels
    for node in wanted:
        if node[0] != "d":
            continue
        doc_id = int(node[1:])
        _, path, title, doi, kind, _fmt, label, authors, year = docs[doc_id]
        data.nodes[node] = {"label": display_label(label, authors, year, title, None, path),
                            "label_from": _label_from(label, authors, title),
                            "title": title, "journal": None,
                            "year": int(year) if year else None, "doi": doi, "pmid": None,
                            "kind": kind or "document", "in_corpus": True, "work_id": None,
                            "document_id": doc_id, "key": None, "path": path}

    for node in wanted:
        attrs = data.nodes[node]
        doc_id = attrs["document_id"]
        if doc_id is not None and doc_id in studies:
            attrs["design"], attrs["n"] = studies[doc_id]


def _wanted_topics(topics: Optional[Iterable[str]], defs: TopicSet) -> set:
    """The topics a graph is filtered on; a coded error for a topic the store does not define."""
    wanted = set(topics or ())
    unknown = wanted - set(defs.names)
    if unknown:
        from .errors import GraphError
        raise GraphError(f"unknown topic(s): {', '.join(sorted(unknown))}",
                         hint=f"known topics: {', '.join(defs.names)} (define more with --topics FILE "
                              f"or --add-topic NAME=TERM,...)")
    return wanted


def _select(data: CitationData, topics: Optional[Iterable[str]], defs: TopicSet) -> tuple[set, dict]:
    """Nodes kept by the topic filter and each node's primary topic (among the selected ones)."""
    wanted = _wanted_topics(topics, defs)
    primary = {}
    keep = set()
    for node, scores in data.scores.items():
        sc = {t: s for t, s in scores.items() if not wanted or t in wanted}
        primary[node] = primary_topic(sc, defs)
        if not wanted or sc:
            keep.add(node)
    return keep, primary


def _add_nodes(G: nx.Graph, data: CitationData, keep: set, primary: dict, defs: TopicSet) -> None:
    order = {t.name: t.order for t in defs}
    for node in sorted(keep, key=_node_sort_key):
        scores = data.scores.get(node, {})
        names = sorted(scores, key=lambda t: (-scores[t], order.get(t, 99)))
        G.add_node(node, **data.nodes.pop(node), topics=names, topic=primary.get(node),
                   topic_scores=scores)  # the node's own dict: ``data`` is not used again


def _node_sort_key(node: str) -> tuple:
    return (node[0], int(node[1:]))


def _edge_topics(G: nx.Graph, u: str, v: str, directed: bool) -> dict:
    return _topic_link(G.nodes[u].get("topic"), G.nodes[v].get("topic"), directed)


def _topic_link(a: Optional[str], b: Optional[str], directed: bool) -> dict:
    if a and b:
        link = f"{a}->{b}" if directed else "--".join(sorted((a, b)))
        return {"cross_topic": a != b, "topic_link": link}
    return {"cross_topic": False, "topic_link": ""}


#: rows of the pair product computed at once: memory follows the pairs kept, not all pairs
PAIR_BLOCK_ROWS = 512


def _pair_operands(data: CitationData, kind: str):
    """Names, the two factors of the co-citation (AᵀA) or coupling (AAᵀ) product of the
    presence matrix A (citing × cited), and the product's diagonal (each node's count)."""
    citing = sorted({s for s, _, _ in data.links}, key=_node_sort_key)
    cited = sorted({t for _, t, _ in data.links}, key=_node_sort_key)
    ci = {n: i for i, n in enumerate(citing)}
    cj = {n: j for j, n in enumerate(cited)}
    rows = np.fromiter((ci[s] for s, _, _ in data.links), dtype=np.int64, count=len(data.links))
    cols = np.fromiter((cj[t] for _, t, _ in data.links), dtype=np.int64, count=len(data.links))
    A = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                          shape=(len(citing), len(cited)))
    A.data[:] = 1  # presence: distinct citing/cited pairs
    if kind == "cocitation":
        return cited, A.T.tocsr(), A, np.asarray(A.sum(axis=0)).ravel()
    return citing, A, A.T.tocsr(), np.asarray(A.sum(axis=1)).ravel()


def _pair_blocks(data: CitationData, kind: str, min_weight: int):
    """Names, counts, and the pairs (i < j, weight >= ``min_weight``) block by block of rows.

    Each row of a sparse product depends only on that row of the left factor, so a block of
    rows gives the same entries in the same order as the whole product would: the pairs come
    out as ``triu(product)`` lists them, while only one block's pairs are ever held."""
    names, L, R, diag = _pair_operands(data, kind)

    def blocks():
        for r0 in range(0, L.shape[0], PAIR_BLOCK_ROWS):
            P = L[r0:r0 + PAIR_BLOCK_ROWS] @ R
            if kind == "cocitation":  # listed row by row in column order, as AᵀA's product is
                P.sort_indices()
            P = P.tocoo()
            row = P.row.astype(np.int64) + r0
            sel = (P.col > row) & (P.data >= max(1, min_weight))
            yield row[sel], P.col[sel].astype(np.int64), P.data[sel]
    return names, diag, blocks()


def pair_count(data: CitationData, kind: str, min_weight: int = 1) -> int:
    """How many co-citation or coupling pairs reach ``min_weight`` (without building them)."""
    if not data.links:
        return 0
    _, _, blocks = _pair_blocks(data, kind, min_weight)
    return int(sum(len(w) for _, _, w in blocks))


def _pairs(data: CitationData, keep: set, kind: str, min_weight: int) -> tuple[list, list]:
    """Co-citation or coupling pairs among ``keep`` with counts and Salton's cosine (sparse
    matrix products, a block of rows at a time): the names, and per block the arrays of the
    two ends' indices, the counts and the cosines (not yet rounded)."""
    if not data.links:
        return [], []
    names, diag, blocks = _pair_blocks(data, kind, min_weight)
    kept = np.fromiter((n in keep for n in names), dtype=bool, count=len(names))
    out = []
    for r, c, w in blocks:
        both = kept[r] & kept[c]
        r, c, w = r[both], c[both], w[both]
        if len(w):
            out.append((r, c, w, w / np.sqrt(diag[r].astype(float) * diag[c].astype(float))))
    return names, out


def citation_graph(store, kind: str = "citation", topics: Optional[Iterable[str]] = None,
                   min_weight: int = 1, clusters: bool = True, seed: int = 42,
                   defs: Optional[TopicSet] = None, work_scores: Optional[dict] = None) -> nx.Graph:
    """Build a citation, co-citation or bibliographic-coupling graph from the store.

    Parameters
    ----------
    store : corpus.store.Store or sqlite3.Connection
    kind : {"citation", "cocitation", "coupling"}
    topics : iterable of str, optional
        Keep only nodes tagged with at least one of these topics (names in ``topics.json``).
    min_weight : int
        Drop edges whose ``weight`` (callouts, or shared counts) is below this.
    clusters : bool
        Add a Leiden ``cluster`` attribute (fixed ``seed``).
    defs, work_scores : optional
        Topic definitions and per-work topic scores to use instead of the shipped definitions
        and the stored ``work_topics`` (see :func:`graph.topics.score_works`).

    Returns
    -------
    networkx.DiGraph (citation) or networkx.Graph (co-citation, coupling).  Graph attributes:
    ``kind``, ``min_weight``, ``topics`` (the filter, ``;``-joined), ``unlinked_refs``.

    Isolated nodes outside the corpus are dropped; corpus documents are always kept.
    """
    if kind not in KINDS:
        from .errors import GraphError
        raise GraphError(f"unknown graph kind {kind!r}", hint=f"use one of: {', '.join(KINDS)}")
    defs = defs or load_topics()
    data = _load_links(store, defs, work_scores)
    keep, primary = _select(data, topics, defs)
    directed = kind == "citation"
    G = nx.DiGraph() if directed else nx.Graph()
    G.graph.update(kind=kind, min_weight=int(min_weight), topics=";".join(topics or ()),
                   unlinked_refs=data.unlinked_refs)
    cited_by: dict[str, int] = defaultdict(int)
    refs_out: dict[str, int] = defaultdict(int)
    for s, t, _w in data.links:
        cited_by[t] += 1
        refs_out[s] += 1
    # Only the nodes the graph keeps are added: isolated works outside the corpus are dropped
    # (in the pair graphs, every node that takes part in no pair), so they are never built.
    if directed:
        links = sorted(((s, t, w) for s, t, w in data.links if w >= min_weight and s in keep and t in keep),
                       key=lambda e: (_node_sort_key(e[0]), _node_sort_key(e[1])))
        linked = {s for s, _, _ in links}
        linked.update(t for _, t, _ in links)
        shown = {n for n in keep if n in linked or n in data.in_corpus}
        del linked
    else:
        names, blocks = _pairs(data, keep, kind, min_weight)
        ends = np.unique(np.concatenate([a for r, c, _w, _s in blocks for a in (r, c)])) if blocks else []
        shown = {names[i] for i in ends.tolist()} if len(ends) else set()
        del ends
    data.links = []  # counted and kept above
    _load_nodes(store, data, shown)  # the attributes of the nodes shown only
    _add_nodes(G, data, shown, primary, defs)
    del data, keep, primary, shown
    topic_of = {n: a.get("topic") for n, a in G.nodes(data=True)}
    topic_links: dict[tuple, dict] = {}  # one topic-link dict per pair of topics, shared by the edges

    def link(u, v):
        key = (topic_of[u], topic_of[v])
        if key not in topic_links:
            topic_links[key] = _topic_link(*key, directed)
        return topic_links[key]

    if directed:
        G.add_edges_from((s, t, {"weight": w, **link(s, t)}) for s, t, w in links)
        del links
    else:
        G.add_edges_from((names[a], names[b], {"weight": x, "salton": float(round(y, 6)), **link(names[a], names[b])})
                         for r, c, w, sal in blocks
                         for a, b, x, y in zip(r.tolist(), c.tolist(), w.tolist(), sal.tolist()))
        del blocks
    del topic_of
    for n, a in G.nodes(data=True):
        a["cited_by"] = cited_by.get(n, 0)
        a["references"] = refs_out.get(n, 0)
        if directed:
            a["in_degree"], a["out_degree"] = G.in_degree(n), G.out_degree(n)
        else:
            a["degree"] = G.degree(n)
    if clusters:
        from .cluster import add_clusters
        add_clusters(G, seed=seed)
    return G


def study_details(store, document_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Extracted studies of corpus documents (arms, outcomes with per-arm results and effects),
    for the metadata panel of the interactive graph."""
    conn = _conn(store)
    ids = sorted({int(d) for d in document_ids if d is not None})
    out: dict[int, list[dict]] = {}
    if not ids:
        return out
    conn_rows = lambda sql, params=(): [dict(zip([c[0] for c in cur.description], r))  # noqa: E731
                                        for cur in [conn.execute(sql, params)] for r in cur.fetchall()]
    q = ",".join("?" * len(ids))
    studies = conn_rows(f"SELECT id, document_id, design, randomized, blinding, control, "
                        f"allocation_ratio, n_randomized, n_analyzed, follow_up, registration "
                        f"FROM studies WHERE document_id IN ({q}) ORDER BY id", ids)
    if not studies:
        return out
    sids = [s["id"] for s in studies]
    qs = ",".join("?" * len(sids))
    arms = conn_rows(f"SELECT id, study_id, label, role, n_randomized, n_analyzed, dose, route, schedule "
                     f"FROM arms WHERE study_id IN ({qs}) ORDER BY id", sids)
    outcomes = conn_rows(f"SELECT id, study_id, name, timepoint, subgroup, kind FROM outcomes "
                         f"WHERE study_id IN ({qs}) ORDER BY id", sids)
    oids = [o["id"] for o in outcomes] or [-1]
    qo = ",".join("?" * len(oids))
    results = conn_rows(f"SELECT outcome_id, arm_id, statistic, value, unit, derived FROM arm_results "
                        f"WHERE outcome_id IN ({qo}) ORDER BY id", oids)
    effects = conn_rows(f"SELECT outcome_id, measure, value, ci_low, ci_high, p_value, p_relation, "
                        f"significant, direction FROM effects WHERE outcome_id IN ({qo}) ORDER BY id", oids)
    arm_label = {a["id"]: a["label"] for a in arms}
    by_outcome_r, by_outcome_e = defaultdict(list), defaultdict(list)
    for r in results:
        r = dict(r)
        r["arm"] = arm_label.get(r.pop("arm_id"))
        by_outcome_r[r.pop("outcome_id")].append(_clean(r))
    for e in effects:
        by_outcome_e[e.pop("outcome_id")].append(_clean(e))
    for s in studies:
        sid = s.pop("id")
        doc = s.pop("document_id")
        s = _clean(s)
        s["arms"] = [_clean({k: v for k, v in a.items() if k not in ("id", "study_id")})
                     for a in arms if a["study_id"] == sid]
        s["outcomes"] = [_clean({**{k: v for k, v in o.items() if k not in ("id", "study_id")},
                                 "results": by_outcome_r.get(o["id"], []),
                                 "effects": by_outcome_e.get(o["id"], [])})
                         for o in outcomes if o["study_id"] == sid]
        out.setdefault(doc, []).append(s)
    return out


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None and v != [] and not (isinstance(v, float) and math.isnan(v))}
