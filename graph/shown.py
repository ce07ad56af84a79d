"""The map's graph built straight from the store, without the whole graph in networkx.

:func:`shown_graph` gives the graph ``select_view(citation_graph(store, ...))`` gives (the same
nodes, edges, attributes and order, so every export is the same), while only what the map shows
becomes networkx nodes and edges:

* the links are read as integer arrays (one row per citing node and cited work, the callouts
  summed in SQL), the degrees and counts the map reports (``cited_by``, ``references``, the
  degrees in the whole graph, the hidden references, the links before the cut) are counted
  over the arrays;
* the citation map keeps the corpus articles and the works cited by at least ``min_cited`` of
  them, with the citations among them;
* co-citation and coupling pairs are counted a block of rows of the sparse product at a time
  (as :func:`graph.build.citation_graph` does) and only the ``top_edges`` heaviest among the
  shown nodes are held (weight, Salton's cosine as stored, then the node ids as text), so memory
  follows the map, not the number of pairs;
* node attributes are read for the shown nodes only, and clusters are computed on the map.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from typing import Iterable, Optional

import networkx as nx
import numpy as np
from scipy import sparse

from .build import (KINDS, CitationData, PAIR_BLOCK_ROWS, _add_nodes, _conn, _document_columns, _wanted_topics,
                    _load_nodes, _topic_link)
from .topics import TopicSet, load_topics, primary_topic, topics_for_text
from .view import DEFAULT_MIN_CITED, DEFAULT_TOP_EDGES, MAX_AUTO_EDGES, auto_top_edges, finish_view

__all__ = ["shown_graph", "LinkArrays", "load_link_arrays"]


@dataclass
class LinkArrays:
    """Every node of a store's graphs and its citation links as arrays.

    ``names[i]`` is node i (``d<id>`` nodes first, then ``w<id>``, each by id: the order the
    graphs list their nodes in); ``src``, ``dst``, ``weight``: one link per citing node and
    cited node, ordered by (src, dst)."""

    names: list = field(default_factory=list)
    in_corpus: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    scores: dict = field(default_factory=dict)  # node name -> {topic: score} (tagged nodes only)
    src: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    dst: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    weight: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    unlinked_refs: int = 0


def _int_rows(cursor, width: int) -> np.ndarray:
    """The integer rows of a query as an (n, width) array, read without a list of row tuples."""
    return np.fromiter(chain.from_iterable(cursor), dtype=np.int64).reshape(-1, width)


def load_link_arrays(store, topics: Optional[TopicSet] = None,
                     work_scores: Optional[dict] = None) -> LinkArrays:
    """The nodes, topic scores and links :func:`graph.build.citation_graph` reads, as arrays
    (the same nodes, corpus membership, scores and callout counts)."""
    conn = _conn(store)
    topics = topics or load_topics()
    out = LinkArrays()
    doc_ids = np.fromiter((r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")), dtype=np.int64)
    max_doc = int(doc_ids.max()) if len(doc_ids) else 0
    is_doc = np.zeros(max_doc + 1, dtype=bool)
    is_doc[doc_ids] = True
    works = _int_rows(conn.execute("SELECT id, coalesce(document_id, -1) FROM works ORDER BY id"), 2)
    work_ids, work_docs = works[:, 0], works[:, 1]
    del works
    # the work node of each document: the work pointing to it (the first by id), else the work
    # a copy of an article names (documents.work_id)
    doc_node_work = np.full(max_doc + 1, -1, dtype=np.int64)  # document id -> work id
    linked = (work_docs >= 0) & (work_docs <= max_doc)
    linked[linked] = is_doc[work_docs[linked]]
    work_in_corpus = linked.copy()
    for wid, did in zip(work_ids[linked][::-1].tolist(), work_docs[linked][::-1].tolist()):
        doc_node_work[did] = wid  # in reverse id order: the first work wins
    max_work = int(work_ids.max()) if len(work_ids) else 0
    work_exists = np.zeros(max_work + 1, dtype=bool)
    work_exists[work_ids] = True
    for did, wid in conn.execute("SELECT id, work_id FROM documents WHERE work_id IS NOT NULL"):
        if doc_node_work[did] < 0 and 0 <= wid <= max_work and work_exists[wid]:
            doc_node_work[did] = wid
    orphans = [int(d) for d in doc_ids if doc_node_work[d] < 0]

    names = [f"d{d}" for d in orphans] + [f"w{w}" for w in work_ids.tolist()]
    n_orphans = len(orphans)
    out.names = names
    out.in_corpus = np.concatenate([np.ones(n_orphans, dtype=bool), work_in_corpus])
    work_index = np.full(max_work + 1, -1, dtype=np.int64)
    work_index[work_ids] = np.arange(len(work_ids)) + n_orphans
    doc_index = np.full(max_doc + 1, -1, dtype=np.int64)
    has_work = doc_node_work >= 0
    doc_index[has_work] = work_index[doc_node_work[has_work]]
    doc_index[orphans] = np.arange(n_orphans)
    del doc_node_work, has_work, work_exists

    if work_scores is None:
        for wid, name, score in conn.execute(
                "SELECT wt.work_id, t.name, wt.score FROM work_topics wt JOIN topics t ON t.id = wt.topic_id"):
            if 0 <= wid <= max_work and work_index[wid] >= 0:
                out.scores.setdefault(names[work_index[wid]], {})[name] = score or 0.0
    else:
        for wid, sc in work_scores.items():
            if sc and 0 <= wid <= max_work and work_index[wid] >= 0:
                out.scores[names[work_index[wid]]] = dict(sc)
    if orphans:
        docs = {r[0]: r for r in conn.execute(
            f"SELECT id, title, doi FROM documents WHERE id IN ({','.join('?' * len(orphans))})"
            if len(orphans) < 900 else "SELECT id, title, doi FROM documents", orphans if len(orphans) < 900 else ())}
        wanted = set(orphans)
        lead: dict[int, list[str]] = {}
        for doc_id, text in conn.execute("SELECT document_id, text FROM sentences WHERE seq < 12 "
                                         "ORDER BY document_id, seq"):
            if doc_id in wanted:
                lead.setdefault(doc_id, []).append(text)
        for doc_id in orphans:
            _, title, doi = docs[doc_id]
            sc = topics_for_text(title, None, lead.get(doc_id, ()), topics, doi=doi)
            if sc:
                out.scores[f"d{doc_id}"] = sc

    out.unlinked_refs = conn.execute("SELECT count(*) FROM refs WHERE work_id IS NULL").fetchone()[0]
    rows = _int_rows(conn.execute(
        "SELECT document_id, work_id, sum(max(1, n)) FROM ("
        " SELECT r.document_id, r.work_id, count(c.id) AS n FROM refs r"
        " LEFT JOIN citations c ON c.ref_id = r.id WHERE r.work_id IS NOT NULL GROUP BY r.id)"
        " GROUP BY document_id, work_id"), 3)
    d, w, n = rows[:, 0], rows[:, 1], rows[:, 2]
    del rows
    ok = (d >= 0) & (d <= max_doc) & (w >= 0) & (w <= max_work)
    d, w, n = d[ok], w[ok], n[ok]
    src = doc_index[d]
    dst = work_index[w]
    ok = (src >= 0) & (dst >= 0) & (src != dst)
    src, dst, n = src[ok], dst[ok], n[ok]
    # copies of one article count once: the copy citing most
    key = src * len(names) + dst
    order = np.lexsort((n, key))
    key, n = key[order], n[order]
    last = np.ones(len(key), dtype=bool)
    last[:-1] = key[1:] != key[:-1]
    key, n = key[last], n[last]
    out.src, out.dst, out.weight = key // len(names), key % len(names), n
    return out


def _keep_mask(links: LinkArrays, topics: Optional[Iterable[str]], defs: TopicSet) -> np.ndarray:
    """Nodes kept by the topic filter (every node without one)."""
    wanted = _wanted_topics(topics, defs)
    if not wanted:
        return np.ones(len(links.names), dtype=bool)
    keep = np.zeros(len(links.names), dtype=bool)
    index = {n: i for i, n in enumerate(links.names)}
    for node, scores in links.scores.items():
        if any(t in wanted for t in scores):
            keep[index[node]] = True
    return keep


def _primary(links: LinkArrays, node: str, topics, defs: TopicSet):
    wanted = set(topics or ())
    scores = links.scores.get(node, {})
    return primary_topic({t: s for t, s in scores.items() if not wanted or t in wanted}, defs)


def _round6(x: np.ndarray) -> np.ndarray:
    """``round(v, 6)`` of every value as Python rounds it (numpy's rounding can differ from it
    when the scaled value is within a hair of a half)."""
    scaled = x * 1e6
    out = np.round(scaled) / 1e6
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if near.any():
        out[near] = [round(v, 6) for v in x[near].tolist()]
    return out


def _str_rank(names: list) -> np.ndarray:
    """Each node's position when the node names are sorted as text."""
    order = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(names))
    return rank


#: products (an upper bound of a block's entries) computed at once: a block of rows of popular
#: works or of articles citing them holds about this many pairs at most, however large the store
PAIR_BLOCK_PRODUCTS = 4_000_000


def _row_blocks(L, R):
    """(start, end) blocks of rows of ``L`` for the product ``L @ R``: ``PAIR_BLOCK_ROWS`` rows,
    fewer when their products (each entry of a row times the entries of R's row it meets)
    exceed ``PAIR_BLOCK_PRODUCTS``; at least one row.  The blocks only bound memory: a row of
    the product depends on that row of ``L`` alone."""
    per_row = L @ np.diff(R.indptr).astype(np.int64)
    n = L.shape[0]
    r0 = 0
    while r0 < n:
        r1 = min(n, r0 + PAIR_BLOCK_ROWS)
        cum = np.cumsum(per_row[r0:r1])
        fit = int(np.searchsorted(cum, PAIR_BLOCK_PRODUCTS, side="right"))
        r1 = r0 + max(1, min(fit, r1 - r0))
        yield r0, r1
        r0 = r1


def _pair_selection(links: LinkArrays, kind: str, keep: np.ndarray, candidate: np.ndarray,
                    min_weight: int, limit: Optional[int]):
    """Count co-citation or coupling pairs block by block of the sparse product.

    Returns each node's degree in the whole pair graph (pairs of kept nodes reaching
    ``min_weight``), the number of such pairs among ``candidate`` nodes, and the ``limit``
    heaviest of those (all when ``limit`` is None) as arrays (i, j, weight, salton rounded,
    position in the pair graph's edge order), ordered best first."""
    N = len(links.names)
    degree = np.zeros(N, dtype=np.int64)
    empty = (np.zeros(0, np.int64),) * 3 + (np.zeros(0, float), np.zeros(0, np.int64))
    if not len(links.src):
        return degree, 0, empty
    citing = np.unique(links.src)
    cited = np.unique(links.dst)
    rows = np.searchsorted(citing, links.src)
    cols = np.searchsorted(cited, links.dst)
    A = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                          shape=(len(citing), len(cited)))
    A.data[:] = 1
    if kind == "cocitation":
        nodes, L, R, diag = cited, A.T.tocsr(), A, np.asarray(A.sum(axis=0)).ravel()
    else:
        nodes, L, R, diag = citing, A, A.T.tocsr(), np.asarray(A.sum(axis=1)).ravel()
    del A, rows, cols
    kept = keep[nodes]
    cand = candidate[nodes]
    rank = _str_rank(links.names)[nodes] if limit is not None else None
    all_edges = 0
    deg_local = np.zeros(len(nodes), dtype=np.int64)
    best = list(empty)
    seq0 = 0
    for r0, r1 in _row_blocks(L, R):
        P = L[r0:r1] @ R
        if kind == "cocitation":
            P.sort_indices()
        P = P.tocoo()
        row = P.row.astype(np.int64) + r0
        col = P.col.astype(np.int64)
        w = P.data
        del P
        sel = (col != row) & (w >= max(1, min_weight))
        row, col, w = row[sel], col[sel], w[sel]
        both = kept[row] & kept[col]
        # the product is symmetric: a node's degree is the count of its own row
        deg_local[r0:r1] += np.bincount(row[both] - r0, minlength=r1 - r0)
        upper = col > row
        row, col, w, both = row[upper], col[upper], w[upper], both[upper]
        seq = np.arange(seq0, seq0 + len(w), dtype=np.int64)
        seq0 += len(w)
        row, col, w, seq = row[both], col[both], w[both], seq[both]
        inside = cand[row] & cand[col]
        row, col, w, seq = row[inside], col[inside], w[inside], seq[inside]
        all_edges += len(w)
        if not len(w):
            continue
        if limit is not None and len(best[2]) >= limit:
            floor = best[2][limit - 1]  # the weight of the last pair kept: lighter pairs never enter
            heavy = w >= floor
            row, col, w, seq = row[heavy], col[heavy], w[heavy], seq[heavy]
            if not len(w):
                continue
        sal = _round6(w / np.sqrt(diag[row].astype(float) * diag[col].astype(float)))
        parts = [np.concatenate((a, b)) for a, b in zip(best, (row, col, w.astype(np.int64), sal, seq))]
        if limit is not None:
            order = np.lexsort((rank[parts[1]], rank[parts[0]], -parts[3], -parts[2]))[:limit]
            parts = [p[order] for p in parts]
        best = parts
    degree[nodes] = deg_local
    i, j, w, sal, seq = best
    return degree, all_edges, (nodes[i], nodes[j], w, sal, seq)


def shown_graph(store, kind: str = "citation", topics: Optional[Iterable[str]] = None,
                min_weight: int = 1, min_cited: int = DEFAULT_MIN_CITED,
                top_edges: Optional[int] = DEFAULT_TOP_EDGES, seed: int = 42, clusters: bool = True,
                defs: Optional[TopicSet] = None, work_scores: Optional[dict] = None) -> nx.Graph:
    """The map of the ``kind`` graph: ``select_view(citation_graph(...), min_cited, top_edges)``
    built without the whole graph (see the module's description).  Parameters as in
    :func:`graph.build.citation_graph` and :func:`graph.view.select_view`."""
    if kind not in KINDS:
        from .errors import GraphError
        raise GraphError(f"unknown graph kind {kind!r}", hint=f"use one of: {', '.join(KINDS)}")
    defs = defs or load_topics()
    links = load_link_arrays(store, defs, work_scores)
    keep = _keep_mask(links, topics, defs)
    min_cited = max(1, int(min_cited))
    N = len(links.names)
    cited_by = np.bincount(links.dst, minlength=N)
    refs_out = np.bincount(links.src, minlength=N)
    candidate = keep & (links.in_corpus | (cited_by >= min_cited))
    directed = kind == "citation"
    cut_weight = None
    if directed:
        heavy = (links.weight >= min_weight) & keep[links.src] & keep[links.dst]
        s, t, w = links.src[heavy], links.dst[heavy], links.weight[heavy]
        out_deg = np.bincount(s, minlength=N)
        in_deg = np.bincount(t, minlength=N)
        in_graph = keep & ((in_deg + out_deg > 0) | links.in_corpus)
        inside = candidate[s] & candidate[t]
        s, t, w = s[inside], t[inside], w[inside]
        all_edges = len(w)
        top_edges = auto_top_edges(int((in_graph & candidate).sum())) if top_edges is None else top_edges
        ends = np.zeros(N, dtype=bool)
        ends[s] = True
        ends[t] = True
        edges = (s, t, w, None)
    else:
        limit = None if top_edges == 0 else (MAX_AUTO_EDGES if top_edges is None else int(top_edges))
        degree, all_edges, (i, j, w, sal, seq) = _pair_selection(links, kind, keep, candidate,
                                                                 min_weight, limit)
        in_graph = degree > 0
        if top_edges is None:
            top_edges = auto_top_edges(int((in_graph & candidate).sum()))
        if top_edges and all_edges > top_edges:
            cut_weight = int(w[top_edges - 1])
            i, j, w, sal, seq = i[:top_edges], j[:top_edges], w[:top_edges], sal[:top_edges], seq[:top_edges]
        order = np.argsort(seq, kind="stable")  # the pair graph's edge order
        i, j, w, sal = i[order], j[order], w[order], sal[order]
        ends = np.zeros(N, dtype=bool)
        ends[i] = True
        ends[j] = True
        edges = (i, j, w, sal)
    refs = int((in_graph & ~links.in_corpus).sum())
    shown_mask = in_graph & candidate & (links.in_corpus | ends)
    shown_idx = np.flatnonzero(shown_mask)
    shown = {links.names[k] for k in shown_idx.tolist()}

    G = nx.DiGraph() if directed else nx.Graph()
    G.graph.update(kind=kind, min_weight=int(min_weight), topics=";".join(topics or ()),
                   unlinked_refs=links.unlinked_refs)
    data = CitationData()
    _load_nodes(store, data, shown)
    primary = {n: _primary(links, n, topics, defs) for n in shown}
    data.scores = {n: links.scores.get(n, {}) for n in shown}
    _add_nodes(G, data, shown, primary, defs)
    topic_links: dict[tuple, dict] = {}

    def link(u, v):
        key = (primary[u], primary[v])
        if key not in topic_links:
            topic_links[key] = _topic_link(*key, directed)
        return topic_links[key]

    names = links.names
    a, b, w, sal = edges
    if directed:
        G.add_edges_from((names[x], names[y], {"weight": z, **link(names[x], names[y])})
                         for x, y, z in zip(a.tolist(), b.tolist(), w.tolist()))
    else:
        G.add_edges_from((names[x], names[y], {"weight": z, "salton": float(y2), **link(names[x], names[y])})
                         for x, y, z, y2 in zip(a.tolist(), b.tolist(), w.tolist(), sal.tolist()))
    for k in shown_idx.tolist():
        attrs = G.nodes[names[k]]
        attrs["cited_by"] = int(cited_by[k])
        attrs["references"] = int(refs_out[k])
        if directed:
            attrs["in_degree"], attrs["out_degree"] = int(in_deg[k]), int(out_deg[k])
        else:
            attrs["degree"] = int(degree[k])
    # the map alone is kept through labelling and clustering
    del links, names, edges, a, b, w, sal, keep, candidate, cited_by, refs_out, shown, shown_idx, data, primary
    return finish_view(G, kind, min_cited, top_edges, refs, all_edges, cut_weight, seed=seed,
                       clusters=clusters)
