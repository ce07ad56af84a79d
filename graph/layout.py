"""Deterministic node positions, colours and sizes shared by every graph writer.

Layout is computed once in Python with a fixed seed (Fruchterman-Reingold via
``networkx.spring_layout``), so the HTML, GEXF, Pajek and SVG files of one graph agree and the
browser does no physics.  Above ``LAYOUT_CAP`` nodes only the best-connected ``LAYOUT_CAP``
nodes get the force layout; every other node is placed beside its strongest laid-out neighbour
(or on an outer ring), which keeps the step linear in the graph size.
"""
from __future__ import annotations

import math
import random
from typing import Optional

import networkx as nx

from .topics import TopicSet, load_topics

__all__ = ["LAYOUT_CAP", "NO_TOPIC_COLOUR", "prepare", "top_nodes", "hex_to_rgb"]

LAYOUT_CAP = 2500
NO_TOPIC_COLOUR = "#9e9e9e"


def top_nodes(G: nx.Graph, cap: int) -> list:
    """The ``cap`` nodes with the highest degree (ties: node id), in that order."""
    if G.number_of_nodes() <= cap:
        return sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))
    deg = dict(G.degree())
    return sorted(G.nodes, key=lambda n: (-deg[n], str(n)))[:cap]


def _force(G: nx.Graph, nodes: list, seed: int) -> dict:
    H = G.subgraph(nodes)
    U = H.to_undirected(as_view=True) if H.is_directed() else H
    if U.number_of_nodes() == 1:
        return {nodes[0]: (0.5, 0.5)}
    iterations = 50 if U.number_of_nodes() <= 1000 else 35
    # Sorted node order: the seeded initial positions do not depend on insertion order.
    S = nx.Graph()
    S.add_nodes_from(sorted(U.nodes, key=str))
    S.add_edges_from(sorted(((u, v) for u, v in U.edges), key=lambda e: (str(e[0]), str(e[1]))))
    k = 1.5 / math.sqrt(S.number_of_nodes())
    pos = nx.spring_layout(S, seed=seed, iterations=iterations, k=k)
    return {n: (float(p[0]), float(p[1])) for n, p in pos.items()}


def _normalise(pos: dict) -> dict:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    sx, sy = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    return {n: (round(0.02 + 0.96 * (x - x0) / sx, 5), round(0.02 + 0.96 * (y - y0) / sy, 5))
            for n, (x, y) in pos.items()}


def positions(G: nx.Graph, seed: int = 42, cap: int = LAYOUT_CAP) -> dict:
    """Node -> (x, y) in [0, 1]², deterministic for a given graph and seed."""
    if G.number_of_nodes() == 0:
        return {}
    core = top_nodes(G, cap)
    pos = _force(G, core, seed)
    rest = [n for n in sorted(G.nodes, key=str) if n not in pos]
    if rest:
        rng = random.Random(seed)
        U = G.to_undirected(as_view=True) if G.is_directed() else G
        for i, n in enumerate(rest):
            anchor = max((m for m in U[n] if m in pos),
                         key=lambda m: (U[n][m].get("weight", 1), str(m)), default=None)
            if anchor is not None:
                ax, ay = pos[anchor]
                a, r = rng.uniform(0, 2 * math.pi), rng.uniform(0.01, 0.04)
                pos[n] = (ax + r * math.cos(a), ay + r * math.sin(a))
            else:
                a = 2 * math.pi * i / len(rest)
                pos[n] = (0.5 + 0.75 * math.cos(a), 0.5 + 0.75 * math.sin(a))
    return _normalise(pos)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """'#1f77b4' -> (31, 119, 180)."""
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def prepare(G: nx.Graph, seed: int = 42, defs: Optional[TopicSet] = None) -> nx.Graph:
    """Add ``x``, ``y``, ``colour`` and ``size`` to every node (in place) unless present."""
    defs = defs or load_topics()
    colours = {t.name: t.colour for t in defs}
    if any("x" not in d for _, d in G.nodes(data=True)):
        for n, (x, y) in positions(G, seed=seed).items():
            G.nodes[n]["x"], G.nodes[n]["y"] = x, y
    for n, d in G.nodes(data=True):
        d.setdefault("colour", colours.get(d.get("topic"), NO_TOPIC_COLOUR))
        d.setdefault("size", round(4.0 + 3.0 * math.sqrt(d.get("cited_by", 0) or 0), 3))
    G.graph["legend"] = ";".join(f"{t.name}={t.label}={t.colour}" for t in defs)
    return G
