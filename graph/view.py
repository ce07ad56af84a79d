"""What a map shows: the part of a citation graph a review meeting can read.

:func:`select_view` is a thin selection over a built graph (it never reads the store):

* corpus articles are always shown; a reference only when at least ``min_cited`` corpus articles
  cite it (default 2: a reference cited once is a spoke of one star, not a link between studies);
* co-citation and coupling maps keep the ``top_edges`` heaviest links (weight, then Salton's
  cosine, then the node ids; by default 3 per node shown, at most 250), and the output says how
  many of how many;
* node size is the number of corpus articles citing the node, counted in the graph shown;
* labels shared by several nodes get a/b suffixes; clusters are recomputed on what is shown and
  named by their most frequent title terms.

The graph keeps ``view`` (the numbers) and ``view_note`` (one sentence stating the selection).
"""
from __future__ import annotations

import math
from typing import Optional

import networkx as nx

from .labels import disambiguate

__all__ = ["select_view", "finish_view", "auto_top_edges", "DEFAULT_MIN_CITED", "DEFAULT_TOP_EDGES",
           "size_for", "priority"]

DEFAULT_MIN_CITED = 2
DEFAULT_TOP_EDGES = None  # co-citation and coupling: 3 links per node shown, at most MAX_AUTO_EDGES
EDGES_PER_NODE = 3
MAX_AUTO_EDGES = 250

_KIND_WORDS = {"citation": "citation", "cocitation": "co-citation", "coupling": "coupling"}


def _n(count: int, noun: str) -> str:
    """'1 reference', '3 references'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def size_for(citations: float) -> float:
    """The ``size`` attribute of a node cited ``citations`` times (4 for none, grows with the
    square root so the area tracks the count)."""
    return round(4.0 + 3.0 * math.sqrt(max(0.0, citations)), 3)


def priority(G: nx.Graph, n) -> tuple:
    """Sort key of labels: corpus articles first, then by citations in the map, then by id."""
    d = G.nodes[n]
    return (0 if d.get("in_corpus") else 1, -(d.get("citations", d.get("cited_by", 0)) or 0), str(n))


def select_view(G: nx.Graph, min_cited: int = DEFAULT_MIN_CITED,
                top_edges: Optional[int] = DEFAULT_TOP_EDGES, seed: int = 42,
                clusters: bool = True) -> nx.Graph:
    """The map's graph: a new graph with the shown nodes and edges of ``G``.

    Parameters
    ----------
    G : networkx graph from :func:`graph.citation_graph`
    min_cited : int
        Show a node outside the corpus only when at least this many corpus articles cite it
        (1 shows every reference).
    top_edges : int, optional
        Co-citation and coupling: keep this many heaviest edges (0 keeps all; None: 3 per node
        shown, at most 250).  Not applied to the citation graph, whose edges are all shown
        between the shown nodes.
    seed : int
        Clustering seed.
    """
    kind = G.graph.get("kind", "citation")
    min_cited = max(1, int(min_cited))
    corpus = {n for n, d in G.nodes(data=True) if d.get("in_corpus")}
    refs = G.number_of_nodes() - len(corpus)
    shown = corpus | {n for n, d in G.nodes(data=True)
                      if n not in corpus and (d.get("cited_by", 0) or 0) >= min_cited}
    # the shown nodes and their edges in the graph's own order (a subgraph view lists its
    # nodes in the order of a set when it keeps fewer than half of them)
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, d.copy()) for n, d in G.nodes(data=True) if n in shown)
    H.add_edges_from((u, v, d.copy()) for u, v, d in G.edges(data=True) if u in shown and v in shown)
    del shown
    all_edges = H.number_of_edges()
    if top_edges is None:
        top_edges = auto_top_edges(H.number_of_nodes())
    cut_weight = None
    if kind != "citation" and top_edges and all_edges > top_edges:
        ranked = sorted(H.edges(data=True), key=lambda e: (-e[2].get("weight", 1), -e[2].get("salton", 0.0),
                                                           str(e[0]), str(e[1])))
        H.remove_edges_from([(u, v) for u, v, _ in ranked[top_edges:]])
        cut_weight = ranked[top_edges - 1][2].get("weight", 1)
    H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0 and not H.nodes[n].get("in_corpus")])
    return finish_view(H, kind, min_cited, top_edges, refs, all_edges, cut_weight, seed=seed,
                       clusters=clusters)


def auto_top_edges(nodes: int) -> int:
    """How many co-citation or coupling links a map of ``nodes`` nodes keeps by default."""
    return min(MAX_AUTO_EDGES, EDGES_PER_NODE * nodes)


def finish_view(H: nx.Graph, kind: str, min_cited: int, top_edges: int, refs: int, all_edges: int,
                cut_weight, seed: int = 42, clusters: bool = True) -> nx.Graph:
    """Sizes, unique labels, the note and the numbers of a map whose nodes and edges are chosen.

    ``H`` holds the shown nodes and edges with the attributes of the whole graph; ``refs`` is
    the number of nodes outside the corpus in the whole graph, ``all_edges`` the number of
    edges among the shown nodes before the cut to ``top_edges`` (whose last weight is
    ``cut_weight``, None without a cut)."""
    for n, d in H.nodes(data=True):
        if kind == "citation":
            c = H.in_degree(n)
        else:
            c = d.get("cited_by", 0) or 0
        d["citations"] = c
        d["size"] = size_for(c)
    order = sorted(H, key=lambda n: priority(H, n))
    labels = disambiguate({n: H.nodes[n].get("label") or str(n) for n in order},
                          fixed=[n for n in order if H.nodes[n].get("label_from") in ("store", "title")])
    for n, lab in labels.items():
        H.nodes[n]["label"] = lab
    n_corpus = sum(1 for n in H if H.nodes[n].get("in_corpus"))
    n_refs = H.number_of_nodes() - n_corpus
    hidden_refs = refs - n_refs
    word = _KIND_WORDS.get(kind, kind)
    if kind == "citation":
        note = (f"{_n(n_corpus, 'corpus article')} and {_n(n_refs, 'reference')} cited by at least "
                f"{min_cited} of them"
                + (f" ({_n(hidden_refs, 'reference')} cited fewer times hidden)" if hidden_refs else "")
                + f"; {_n(H.number_of_edges(), 'citation')}")
    else:
        what = "article" if kind == "coupling" else "work"
        note = (f"{_n(H.number_of_nodes(), what)}; "
                + (f"the {H.number_of_edges()} heaviest of {all_edges} {word} links (weight \u2265 {cut_weight})"
                   if cut_weight is not None else f"all {H.number_of_edges()} {word} links"))
    H.graph["view"] = {"min_cited": min_cited, "top_edges": int(top_edges or 0), "corpus_nodes": n_corpus,
                       "reference_nodes": n_refs, "hidden_references": hidden_refs,
                       "edges_before_cut": all_edges, "cut_weight": cut_weight}
    H.graph["view_note"] = note
    if clusters:
        from .cluster import add_clusters, name_clusters

        add_clusters(H, seed=seed)
        name_clusters(H)
    return H
