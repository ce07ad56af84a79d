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

from .topics import TopicSet, load_topics, primary_topic, topics_for_text

__all__ = ["KINDS", "citation_graph", "load_citations", "CitationData", "study_details"]

KINDS = ("citation", "cocitation", "coupling")


@dataclass
class CitationData:
    """What the graphs are built from: node attributes and (citing, cited, callouts) triples."""

    nodes: dict[str, dict] = field(default_factory=dict)
    links: list[tuple[str, str, int]] = field(default_factory=list)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    unlinked_refs: int = 0


def _conn(store) -> sqlite3.Connection:
    return getattr(store, "conn", store)


def _label(title: Optional[str], journal: Optional[str], year: Optional[int], path: Optional[str]) -> str:
    if title:
        return title if len(title) <= 60 else title[:57].rstrip() + "..."
    bits = [b for b in (journal, str(year) if year else None) if b]
    if bits:
        return " ".join(bits)
    return (path or "?").rsplit("/", 1)[-1]


def load_citations(store, topics: Optional[TopicSet] = None) -> CitationData:
    """Read nodes and citation links from the store (one pass of a few grouped queries)."""
    conn = _conn(store)
    topics = topics or load_topics()
    data = CitationData()
    docs = {r[0]: r for r in conn.execute(
        "SELECT id, path, title, doi, kind, format FROM documents")}
    studies: dict[int, tuple] = {}
    for doc_id, design, n_rand, n_an in conn.execute(
            "SELECT document_id, design, n_randomized, n_analyzed FROM studies ORDER BY id"):
        studies.setdefault(doc_id, (design, n_rand if n_rand is not None else n_an))
    ref_meta = {r[0]: r[1:] for r in conn.execute(
        "SELECT work_id, max(title), max(journal_iso), max(journal), max(year), max(doi), max(pmid) "
        "FROM refs WHERE work_id IS NOT NULL GROUP BY work_id")}
    work_scores: dict[int, dict[str, float]] = defaultdict(dict)
    for work_id, name, score in conn.execute(
            "SELECT wt.work_id, t.name, wt.score FROM work_topics wt JOIN topics t ON t.id = wt.topic_id"):
        work_scores[work_id][name] = score or 0.0

    doc_node: dict[int, str] = {}
    for wid, key, doi, pmid, title, journal, year, doc_id in conn.execute(
            "SELECT id, key, doi, pmid, title, journal_iso, year, document_id FROM works ORDER BY id"):
        rt, rj, rjf, ry, rdoi, rpmid = ref_meta.get(wid, (None,) * 6)
        node = f"w{wid}"
        d = docs.get(doc_id) if doc_id is not None else None
        if d is not None and doc_id not in doc_node:
            doc_node[doc_id] = node
        title = title or (d[2] if d else None) or rt
        journal = journal or rj or rjf
        year = year or ry
        attrs = {"label": _label(title, journal, year, d[1] if d else None), "title": title,
                 "journal": journal, "year": int(year) if year else None,
                 "doi": doi or rdoi or (d[3] if d else None), "pmid": pmid or rpmid,
                 "kind": (d[4] or "document") if d else "external", "in_corpus": d is not None,
                 "work_id": wid, "document_id": doc_id if d else None, "key": key,
                 "path": d[1] if d else None}
        data.nodes[node] = attrs
        data.scores[node] = dict(work_scores.get(wid, {}))

    # the other copies of a corpus article (documents.work_id) are the same node
    for doc_id, work_id in conn.execute("SELECT id, work_id FROM documents WHERE work_id IS NOT NULL"):
        if doc_id not in doc_node and f"w{work_id}" in data.nodes:
            doc_node[doc_id] = f"w{work_id}"
    orphan_docs = [doc_id for doc_id in docs if doc_id not in doc_node]
    lead: dict[int, list[str]] = defaultdict(list)
    if orphan_docs:
        wanted = set(orphan_docs)
        for doc_id, text in conn.execute("SELECT document_id, text FROM sentences WHERE seq < 12 "
                                         "ORDER BY document_id, seq"):
            if doc_id in wanted:
                lead[doc_id].append(text)
    for doc_id in orphan_docs:
        _, path, title, doi, kind, _fmt = docs[doc_id]
        node = f"d{doc_id}"
        doc_node[doc_id] = node
        data.nodes[node] = {"label": _label(title, None, None, path), "title": title, "journal": None,
                            "year": None, "doi": doi, "pmid": None, "kind": kind or "document",
                            "in_corpus": True, "work_id": None, "document_id": doc_id, "key": None,
                            "path": path}
        data.scores[node] = topics_for_text(title, None, lead.get(doc_id, ()), topics)

    for node, attrs in data.nodes.items():
        doc_id = attrs["document_id"]
        if doc_id is not None and doc_id in studies:
            attrs["design"], attrs["n"] = studies[doc_id]

    # callouts per citing document; copies of one article count once (the copy citing most)
    per_doc: dict[tuple[int, str, str], int] = defaultdict(int)
    for doc_id, work_id, n in conn.execute(
            "SELECT r.document_id, r.work_id, count(c.id) FROM refs r "
            "LEFT JOIN citations c ON c.ref_id = r.id GROUP BY r.id"):
        if work_id is None:
            data.unlinked_refs += 1
            continue
        src, dst = doc_node.get(doc_id), f"w{work_id}"
        if src is None or dst not in data.nodes or src == dst:
            continue
        per_doc[(doc_id, src, dst)] += max(1, n)
    callouts: dict[tuple[str, str], int] = {}
    for (_doc, src, dst), n in per_doc.items():
        callouts[(src, dst)] = max(callouts.get((src, dst), 0), n)
    data.links = [(s, t, w) for (s, t), w in callouts.items()]
    return data


def _select(data: CitationData, topics: Optional[Iterable[str]], defs: TopicSet) -> tuple[set, dict]:
    """Nodes kept by the topic filter and each node's primary topic (among the selected ones)."""
    wanted = set(topics or ())
    unknown = wanted - set(defs.names)
    if unknown:
        from .errors import GraphError
        raise GraphError(f"unknown topic(s): {', '.join(sorted(unknown))}",
                         hint=f"known topics: {', '.join(defs.names)} (graph/data/topics.json)")
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
        G.add_node(node, **data.nodes[node], topics=names, topic=primary.get(node),
                   topic_scores=dict(scores))


def _node_sort_key(node: str) -> tuple:
    return (node[0], int(node[1:]))


def _edge_topics(G: nx.Graph, u: str, v: str, directed: bool) -> dict:
    a, b = G.nodes[u].get("topic"), G.nodes[v].get("topic")
    if a and b:
        link = f"{a}->{b}" if directed else "--".join(sorted((a, b)))
        return {"cross_topic": a != b, "topic_link": link}
    return {"cross_topic": False, "topic_link": ""}


def _pair_matrix(data: CitationData, kind: str):
    """Names and the co-citation (AᵀA) or coupling (AAᵀ) matrix of the presence matrix A."""
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
        return cited, (A.T @ A).tocsr()
    return citing, (A @ A.T).tocsr()


def pair_count(data: CitationData, kind: str, min_weight: int = 1) -> int:
    """How many co-citation or coupling pairs reach ``min_weight`` (without building them)."""
    if not data.links:
        return 0
    _, M = _pair_matrix(data, kind)
    return int((sparse.triu(M, k=1).data >= max(1, min_weight)).sum())


def _pairs(data: CitationData, keep: set, kind: str, min_weight: int) -> tuple[list, dict]:
    """Co-citation or coupling pairs with counts and Salton's cosine (sparse matrix products)."""
    if not data.links:
        return [], {}
    names, M = _pair_matrix(data, kind)
    diag = M.diagonal()
    U = sparse.triu(M, k=1).tocoo()
    sel = U.data >= max(1, min_weight)
    r, c, w = U.row[sel], U.col[sel], U.data[sel]
    salton = w / np.sqrt(diag[r].astype(float) * diag[c].astype(float))
    counts = {names[i]: int(diag[i]) for i in range(len(names))}
    edges = [(names[a], names[b], int(x), float(round(s, 6)))
             for a, b, x, s in zip(r.tolist(), c.tolist(), w.tolist(), salton.tolist())
             if names[a] in keep and names[b] in keep]
    return edges, counts


def citation_graph(store, kind: str = "citation", topics: Optional[Iterable[str]] = None,
                   min_weight: int = 1, clusters: bool = True, seed: int = 42,
                   defs: Optional[TopicSet] = None) -> nx.Graph:
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
    data = load_citations(store, defs)
    keep, primary = _select(data, topics, defs)
    directed = kind == "citation"
    G = nx.DiGraph() if directed else nx.Graph()
    G.graph.update(kind=kind, min_weight=int(min_weight), topics=";".join(topics or ()),
                   unlinked_refs=data.unlinked_refs)
    _add_nodes(G, data, keep, primary, defs)
    cited_by: dict[str, int] = defaultdict(int)
    refs_out: dict[str, int] = defaultdict(int)
    for s, t, _w in data.links:
        cited_by[t] += 1
        refs_out[s] += 1
    if directed:
        for s, t, w in sorted(data.links, key=lambda e: (_node_sort_key(e[0]), _node_sort_key(e[1]))):
            if w >= min_weight and s in keep and t in keep:
                G.add_edge(s, t, weight=w, **_edge_topics(G, s, t, True))
    else:
        edges, _counts = _pairs(data, keep, kind, min_weight)
        for u, v, w, s in edges:
            G.add_edge(u, v, weight=w, salton=s, **_edge_topics(G, u, v, False))
    drop = [n for n in G if G.degree(n) == 0 and not G.nodes[n]["in_corpus"]]
    if kind != "citation":  # the pair graphs are about the nodes that take part in pairs
        drop = [n for n in G if G.degree(n) == 0]
    G.remove_nodes_from(drop)
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
