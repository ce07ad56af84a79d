"""Communities and summary metrics of citation graphs.

Leiden communities (igraph) on the undirected, weighted graph with a fixed seed, so the same
store gives the same clusters; clusters are numbered by size (0 = the largest).  :func:`metrics` lists the most cited works and the bridges between topics.
"""
from __future__ import annotations

import math
import random
import re
from array import array
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Optional

import networkx as nx
import numpy as np

__all__ = ["add_clusters", "name_clusters", "title_terms", "metrics", "BETWEENNESS_SAMPLE"]

BETWEENNESS_SAMPLE = 100  # source nodes sampled for betweenness (seeded) above this many nodes
BETWEENNESS_NODES = 2000  # betweenness is computed among the best-connected nodes only


def add_clusters(G: nx.Graph, seed: int = 42, resolution: float = 1.0, weight: str = "weight") -> int:
    """Set a ``cluster`` attribute (int, 0 = largest community) on every node; return the count.

    Leiden (igraph's C implementation, modularity objective, iterated until stable) on the
    undirected graph, weights summed over both directions, with igraph's random generator
    seeded so a store always gives the same clusters.  (networkx's pure-Python Louvain took a
    minute on a 300,000-edge citation graph; this takes seconds.)

    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> add_clusters(G)
    2
    >>> sorted({G.nodes[n]["cluster"] for n in G})
    [0, 1]
    """
    import igraph as ig

    nodes = sorted(G.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    # each pair of nodes once (i < j), in the order of its first edge, with the weights of its
    # edges summed in edge order: typed arrays rather than a dict of tuples
    ends_a, ends_b, weights = array("q"), array("q"), array("d")
    for u, v, d in G.edges(data=True):
        a, b = index[u], index[v]
        if a != b:
            if a > b:
                a, b = b, a
            ends_a.append(a)
            ends_b.append(b)
            weights.append(float(d.get(weight, 1) or 1))
    if not weights:
        comms = [[n] for n in nodes]
    else:
        keys = np.frombuffer(ends_a, dtype=np.int64) * len(nodes) + np.frombuffer(ends_b, dtype=np.int64)
        pair_keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        sums = np.bincount(inverse.ravel(), weights=np.frombuffer(weights, dtype=np.float64),
                           minlength=len(pair_keys))
        order = np.argsort(first, kind="stable")
        pair_keys, sums = pair_keys[order], sums[order]
        del keys, first, inverse, order, ends_a, ends_b, weights
        # the ends as an (m, 2) integer array and the weights as an array: igraph reads them
        # row by row, without a Python list of tuples and floats for every pair
        H = ig.Graph(n=len(nodes), edges=np.column_stack((pair_keys // len(nodes), pair_keys % len(nodes))))
        del pair_keys
        previous = random.getstate()
        ig.set_random_number_generator(random.Random(seed))
        try:
            part = H.community_leiden(objective_function="modularity", weights=sums,
                                      resolution=resolution, n_iterations=-1)
        finally:
            ig.set_random_number_generator(random)
            random.setstate(previous)
        comms = [[nodes[i] for i in members] for members in part]
    # Deterministic numbering: size, then the smallest node id as text.
    comms = sorted(comms, key=lambda c: (-len(c), min(map(str, c))))
    for i, c in enumerate(comms):
        for n in c:
            G.nodes[n]["cluster"] = i
    return len(comms)


STOPWORDS_PATH = Path(__file__).parent / "data" / "title_stopwords.txt"
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")


def _spacy_stop_words() -> set:
    """spaCy's English stop words, read from their module file when spaCy is not loaded yet
    (the list is plain data; importing the spacy package for it costs about 50 MiB)."""
    import sys

    words = _stop_words_file() if "spacy" not in sys.modules else None
    if words is None:
        from spacy.lang.en.stop_words import STOP_WORDS as words
    return words


def _stop_words_file() -> Optional[set]:
    """``STOP_WORDS`` of spaCy's ``lang/en/stop_words.py`` (a module without imports), run
    on its own; None when it cannot be found."""
    import importlib.util

    spec = importlib.util.find_spec("spacy")
    for base in (spec.submodule_search_locations or []) if spec else []:
        path = Path(base) / "lang" / "en" / "stop_words.py"
        if path.is_file():
            space: dict = {}
            exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), space)  # noqa: S102
            if isinstance(space.get("STOP_WORDS"), set):
                return space["STOP_WORDS"]
    return None


@lru_cache(maxsize=1)
def _stop_words() -> frozenset:
    """English stop words (spaCy's list) plus words every study title uses (a data file)."""
    STOP_WORDS = _spacy_stop_words()
    extra = {w.strip().lower() for w in STOPWORDS_PATH.read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#")}
    return frozenset(STOP_WORDS) | frozenset(extra)


def title_terms(title: Optional[str]) -> list[str]:
    """The content words of a title, lower-cased, once each (stop words and numbers out).

    >>> title_terms("Umbilical cord mesenchymal stem cells for COVID-19: a randomized trial of the cells")
    ['umbilical', 'cord', 'mesenchymal', 'stem', 'cells', 'covid-19']
    """
    stop = _stop_words()
    out: list[str] = []
    for m in _TOKEN.finditer(title or ""):
        w = m.group(0).lower()
        if len(w) > 2 and w not in stop and w not in out:
            out.append(w)
    return out


def name_clusters(G: nx.Graph, top: int = 3) -> dict[int, str]:
    """Name each cluster by its most frequent title terms (``cluster_label`` on every node).

    A term's weight is the number of titles of the cluster that use it, times log(1 + C / c)
    where c of the C clusters use it, so a word in every cluster's titles ("covid-19" in a COVID
    corpus) names none of them; ties go to the alphabetically first term.  Returns
    ``{cluster: "term, term, term"}`` (also kept as ``G.graph["cluster_labels"]``).

    >>> G = nx.Graph()
    >>> G.add_node(1, cluster=0, title="Stem cells for COVID-19 pneumonia")
    >>> G.add_node(2, cluster=0, title="Mesenchymal stem cells in COVID-19")
    >>> G.add_node(3, cluster=1, title="Long COVID-19 symptoms after one year")
    >>> name_clusters(G, top=2)
    {0: 'cells, stem', 1: 'long, symptoms'}
    """
    counts: dict[int, Counter] = {}
    for _, d in G.nodes(data=True):
        c = d.get("cluster")
        if c is not None:
            counts.setdefault(c, Counter()).update(title_terms(d.get("title")))
    n_clusters = len(counts)
    spread = Counter(t for cnt in counts.values() for t in cnt)
    names = {}
    for c, cnt in sorted(counts.items()):
        scored = sorted(cnt, key=lambda t: (-cnt[t] * math.log(1 + n_clusters / spread[t]), t))
        names[c] = ", ".join(scored[:top])
    for _, d in G.nodes(data=True):
        if d.get("cluster") is not None:
            d["cluster_label"] = names.get(d["cluster"], "")
    G.graph["cluster_labels"] = {int(c): v for c, v in names.items()}
    return names


def metrics(G: nx.Graph, top: int = 10, seed: int = 42) -> dict:
    """Summary for a review meeting.

    Returns
    -------
    dict with ``nodes``, ``edges``, ``clusters`` (count), ``most_cited`` (node, label, cited_by),
    ``topic_links`` (edge counts per topic pair, e.g. ``msc->long-covid``), ``cross_topic_edges``,
    ``bridges`` (nodes with most cross-topic edges, with their betweenness centrality; sampled
    with ``BETWEENNESS_SAMPLE`` sources and a fixed seed on large graphs).
    """
    cited = sorted(G.nodes, key=lambda n: (-G.nodes[n].get("cited_by", 0), str(n)))[:top]
    links = Counter(d.get("topic_link") for _, _, d in G.edges(data=True) if d.get("topic_link"))
    cross = Counter()
    for u, v, d in G.edges(data=True):
        if d.get("cross_topic"):
            cross[u] += 1
            cross[v] += 1
    if G.number_of_nodes() > BETWEENNESS_NODES:
        deg = dict(G.degree())
        inside = set(sorted(G, key=lambda n: (-deg[n], str(n)))[:BETWEENNESS_NODES])
        # An undirected copy of the core in the graph's node and edge order (a subgraph view
        # lists its nodes in the order of a set, which changed with the process's string
        # hashing, and the sampled sources follow the node order)
        U = nx.Graph()
        U.add_nodes_from(n for n in G if n in inside)
        U.add_edges_from((u, v) for u, v in G.edges() if u in inside and v in inside)
    else:
        U = nx.Graph(G)  # a copy: neighbour lookups through views are slow
    k: Optional[int] = BETWEENNESS_SAMPLE if U.number_of_nodes() > BETWEENNESS_SAMPLE else None
    btw = nx.betweenness_centrality(U, k=k, seed=seed) if G.number_of_edges() else {}
    bridges = sorted(cross, key=lambda n: (-cross[n], -btw.get(n, 0.0), str(n)))[:top]
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "clusters": len({d.get("cluster") for _, d in G.nodes(data=True)}),
        "most_cited": [{"node": n, "label": G.nodes[n].get("label"),
                        "cited_by": G.nodes[n].get("cited_by", 0)} for n in cited],
        "topic_links": dict(sorted(links.items())),
        "cross_topic_edges": sum(1 for _, _, d in G.edges(data=True) if d.get("cross_topic")),
        "bridges": [{"node": n, "label": G.nodes[n].get("label"), "cross_topic_edges": cross[n],
                     "betweenness": round(btw.get(n, 0.0), 6)} for n in bridges],
    }
