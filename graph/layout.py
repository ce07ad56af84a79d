"""Deterministic node positions, colours and sizes shared by every graph writer.

Layout is computed once in Python with a fixed seed (Fruchterman-Reingold, vectorised with
numpy: networkx's own spring layout minimises a dense energy with L-BFGS, which takes minutes
at a few thousand nodes), so the HTML, GEXF, Pajek and SVG files of one graph agree and the
browser does no physics.  Above ``LAYOUT_CAP`` nodes only the best-connected ``LAYOUT_CAP``
nodes get the force layout; every other node is placed beside its strongest laid-out neighbour
(or on an outer ring), which keeps the step linear in the graph size.
"""
from __future__ import annotations

import math
import random
from typing import Optional

import networkx as nx
import numpy as np

from .topics import TopicSet, load_topics

__all__ = ["LAYOUT_CAP", "NO_TOPIC_COLOUR", "LAYOUTS", "prepare", "positions", "year_positions",
           "top_nodes", "hex_to_rgb", "fit", "draw_radius", "topic_legend", "year_ticks"]

LAYOUTS = ("force", "year")

LAYOUT_CAP = 2000
NO_TOPIC_COLOUR = "#9e9e9e"


def top_nodes(G: nx.Graph, cap: int) -> list:
    """The ``cap`` nodes with the highest degree (ties: node id), in that order."""
    if G.number_of_nodes() <= cap:
        return sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))
    deg = dict(G.degree())
    return sorted(G.nodes, key=lambda n: (-deg[n], str(n)))[:cap]


# The layout reads networkx's adjacency dicts (``_adj``, and ``_pred`` of a directed graph)
# directly: through the views every neighbour lookup costs several Python calls, and the
# undirected view of a directed graph lists neighbours in an order that changes with the
# process's string hashing (which made positions differ from one run to the next).
def _neighbours(G: nx.Graph, n):
    """(neighbour, edge data) of ``n`` ignoring direction: successors first, then the
    predecessors that are not also successors (the data of ``n -> m`` when both edges exist)."""
    succ = G._adj[n]
    yield from succ.items()
    if G.is_directed():
        for m, d in G._pred[n].items():
            if m not in succ:
                yield m, d


def _undirected_edges(G: nx.Graph, order: list, index: dict):
    """Each edge among ``order`` once, as (i, j, data) with index i < j, in the order of
    ``order`` and then of the adjacency (no self-loops)."""
    for u in order:
        i = index[u]
        for v, d in _neighbours(G, u):
            j = index.get(v)
            if j is not None and j > i:
                yield i, j, d


def _force(G: nx.Graph, nodes: list, seed: int, iterations: int = 50) -> dict:
    """Fruchterman-Reingold on ``nodes`` (vectorised numpy, repulsion in row blocks so memory
    stays O(block * n)), with a weak pull to the centre so components stay in view."""
    order = sorted(nodes, key=str)  # seeded start positions independent of insertion order
    n = len(order)
    if n == 1:
        return {order[0]: (0.5, 0.5)}
    index = {v: i for i, v in enumerate(order)}
    src, dst, w = [], [], []
    for i, j, d in _undirected_edges(G, order, index):
        src.append(i)
        dst.append(j)
        w.append(math.log1p(float(d.get("weight", 1) or 1)))
    src_a, dst_a = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
    w_a = np.asarray(w, dtype=np.float32)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
    k2 = np.float32(1.0 / n)  # k = 1/sqrt(n): the ideal edge length
    k = math.sqrt(1.0 / n)
    t = 0.1
    cool = t / (iterations + 1)
    block = max(1, min(n, 524_288 // n))  # rows per block: each temporary array stays ~2 MB
    for _ in range(iterations):
        fx = np.zeros(n, dtype=np.float32)
        fy = np.zeros(n, dtype=np.float32)
        for a in range(0, n, block):
            dx = x[a:a + block, None] - x[None, :]
            dy = y[a:a + block, None] - y[None, :]
            inv = dx * dx
            inv += dy * dy
            np.maximum(inv, 1e-9, out=inv)
            np.divide(k2, inv, out=inv)  # repulsion k^2/d along the unit vector = k^2 * delta / d^2
            fx[a:a + block] += (dx * inv).sum(axis=1)
            fy[a:a + block] += (dy * inv).sum(axis=1)
        if len(src_a):
            dx = x[src_a] - x[dst_a]
            dy = y[src_a] - y[dst_a]
            f = np.sqrt(np.maximum(dx * dx + dy * dy, 1e-18)) * w_a / k  # attraction d^2/k
            np.subtract.at(fx, src_a, dx * f)
            np.add.at(fx, dst_a, dx * f)
            np.subtract.at(fy, src_a, dy * f)
            np.add.at(fy, dst_a, dy * f)
        fx -= 2.0 * (x - x.mean())  # gravity: isolated parts do not fly off
        fy -= 2.0 * (y - y.mean())
        length = np.sqrt(np.maximum(fx * fx + fy * fy, 1e-18))
        step = np.minimum(length, t) / length
        x += fx * step
        y += fy * step
        t -= cool
    pos = np.stack([x, y], axis=1).astype(float)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for v, i in index.items()}


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
        for i, n in enumerate(rest):
            anchor, best = None, None
            for m, d in _neighbours(G, n):  # the strongest placed neighbour (ties: id as text)
                if m in pos:
                    key = (d.get("weight", 1), str(m))
                    if best is None or key > best:
                        anchor, best = m, key
            if anchor is not None:
                ax, ay = pos[anchor]
                a, r = rng.uniform(0, 2 * math.pi), rng.uniform(0.01, 0.04)
                pos[n] = (ax + r * math.cos(a), ay + r * math.sin(a))
            else:
                a = 2 * math.pi * i / len(rest)
                pos[n] = (0.5 + 0.75 * math.cos(a), 0.5 + 0.75 * math.sin(a))
    return _normalise(pos)


def _spread(ys: list[float], gaps: list[float], lo: float = 0.02, hi: float = 0.98) -> list[float]:
    """Sorted values pushed apart so that neighbours i, i+1 are at least ``gaps[i]`` apart (as
    little as possible), kept in [lo, hi] (gaps shrink evenly when the column is too full)."""
    if not ys:
        return ys
    total = sum(gaps)
    if total > hi - lo:
        gaps = [g * (hi - lo) / total for g in gaps]
    out = [max(lo, ys[0])]
    for y, g in zip(ys[1:], gaps):
        out.append(max(y, out[-1] + g))
    out[-1] = min(out[-1], hi)
    for i in range(len(out) - 2, -1, -1):
        out[i] = min(out[i], out[i + 1] - gaps[i])
    return [round(max(lo, y), 5) for y in out]


def year_positions(G: nx.Graph, seed: int = 42, cap: int = LAYOUT_CAP) -> dict:
    """Node -> (x, y) with one column per publication year present, in year order (undated works
    in a column on the left), and y from the force layout, pushed apart within each column
    by the nodes' sizes so they do not sit on each other.

    Columns are evenly spaced rather than proportional to time: recent years hold most
    articles, and a linear axis would squeeze them into a corner.

    >>> G = nx.path_graph(4)
    >>> for n, y in zip(G, (2019, 2020, 2020, None)):
    ...     G.nodes[n]["year"] = y
    >>> pos = year_positions(G)
    >>> pos[0][0] < pos[1][0] == pos[2][0], pos[3][0] < pos[0][0]
    (True, True)
    """
    base = positions(G, seed=seed, cap=cap)
    years = {n: (int(G.nodes[n]["year"]) if G.nodes[n].get("year") else None) for n in G}
    dated = sorted({y for y in years.values() if y is not None})
    if not dated:
        return base
    columns_order = ([None] if any(y is None for y in years.values()) else []) + dated
    step = 0.96 / max(1, len(columns_order) - 1)
    col_x = {y: (0.02 + i * step if len(columns_order) > 1 else 0.5) for i, y in enumerate(columns_order)}
    top = max((G.nodes[n].get("citations", G.nodes[n].get("cited_by", 0)) or 0 for n in G), default=0)

    def extent(n):  # a node's radius as a share of the map height (about 800 px drawn)
        c = G.nodes[n].get("citations", G.nodes[n].get("cited_by", 0)) or 0
        return (6.0 + 16.0 * math.sqrt(c / top) if top else 6.0) / 800.0

    columns: dict = {}
    for n in G:
        columns.setdefault(years[n], []).append(n)
    out = {}
    for y, nodes in columns.items():
        nodes.sort(key=lambda n: (base[n][1], str(n)))
        gaps = [extent(a) + extent(b) + 8 / 800.0 for a, b in zip(nodes, nodes[1:])]
        for n, v in zip(nodes, _spread([base[n][1] for n in nodes], gaps)):
            out[n] = (round(col_x[y], 5), v)
    return out


def year_ticks(G: nx.Graph, pos: Optional[dict] = None, most: int = 30) -> list[tuple[str, float]]:
    """(text, x) of the year axis of a year layout: every year column (thinned to ``most``
    ticks), and "n.d." for undated works."""
    pos = pos or {n: (d["x"], d["y"]) for n, d in G.nodes(data=True) if "x" in d}
    by_year: dict = {}
    for n, (x, _) in pos.items():
        y = G.nodes[n].get("year")
        by_year.setdefault(int(y) if y else None, x)
    dated = sorted(y for y in by_year if y is not None)
    step = max(1, math.ceil(len(dated) / most))
    ticks = [(str(y), by_year[y]) for i, y in enumerate(dated) if i % step == 0 or y == dated[-1]]
    if None in by_year:
        ticks.insert(0, ("n.d.", by_year[None]))
    return ticks


def topic_legend(G: nx.Graph) -> list[dict]:
    """The topics of the graph's colours: ``[{"name", "label", "colour"}]`` in priority order."""
    defs = G.graph.get("topic_legend")
    if isinstance(defs, dict):
        return [{"name": k, "label": v["label"], "colour": v["colour"]} for k, v in defs.items()]
    return [{"name": t.name, "label": t.label, "colour": t.colour} for t in load_topics()]


def fit(G: nx.Graph, nodes) -> dict:
    """Positions of ``nodes`` rescaled to fill [0.02, 0.98]² (for views showing a subset)."""
    return _normalise({n: (G.nodes[n]["x"], G.nodes[n]["y"]) for n in nodes}) if nodes else {}


def draw_radius(G: nx.Graph, nodes, small: float, large: float) -> dict:
    """Node -> radius from ``small`` to ``large``, area growing with ``size`` relative to the
    largest shown (so one hub cannot cover the picture)."""
    sizes = {n: float(G.nodes[n].get("size", 4.0)) for n in nodes}
    top = max(sizes.values(), default=4.0)
    span = max(top - 4.0, 1e-9)
    return {n: small + (large - small) * math.sqrt(max(0.0, v - 4.0) / span) for n, v in sizes.items()}


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """'#1f77b4' -> (31, 119, 180)."""
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def prepare(G: nx.Graph, seed: int = 42, defs: Optional[TopicSet] = None,
            layout: str = "force") -> nx.Graph:
    """Add ``x``, ``y``, ``colour`` and ``size`` to every node (in place) unless present.

    ``defs``: the topics whose colours are used (default: the ones the graph was prepared with,
    else the shipped ones); ``layout``: ``force`` or ``year`` (x = publication year)."""
    if defs is None and isinstance(G.graph.get("topic_legend"), dict):
        colours = {k: v["colour"] for k, v in G.graph["topic_legend"].items()}
    else:
        defs = defs or load_topics()
        colours = {t.name: t.colour for t in defs}
        G.graph["legend"] = ";".join(f"{t.name}={t.label}={t.colour}" for t in defs)
        G.graph["topic_legend"] = {t.name: {"label": t.label, "colour": t.colour} for t in defs}
    if any("x" not in d for _, d in G.nodes(data=True)):
        place = year_positions if layout == "year" else positions
        for n, (x, y) in place(G, seed=seed).items():
            G.nodes[n]["x"], G.nodes[n]["y"] = x, y
        G.graph["layout"] = layout
    for n, d in G.nodes(data=True):
        d.setdefault("colour", colours.get(d.get("topic"), NO_TOPIC_COLOUR))
        d.setdefault("size", round(4.0 + 3.0 * math.sqrt(d.get("cited_by", 0) or 0), 3))
    return G
