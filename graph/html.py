"""The interactive HTML view: one self-contained file for a review meeting.

Everything is inline (CSS, the canvas renderer in ``templates/graph.js``, the data as JSON), and
a Content-Security-Policy forbids any request, so the page opens with the network off.  Layout
is precomputed in Python (``graph.layout``); the browser only draws, searches and filters.

Graphs above ``HTML_CAP`` nodes are reduced to the ``HTML_CAP`` best-connected nodes (and at
most ``EDGE_CAP`` heaviest edges among them); the page says so.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

import networkx as nx

from .layout import fit, top_nodes, topic_legend

__all__ = ["render", "script_json", "HTML_CAP", "EDGE_CAP"]

HTML_CAP = 2000
EDGE_CAP = 20000
TEMPLATES = Path(__file__).parent / "templates"
NODE_FIELDS = ("label", "title", "journal", "year", "doi", "pmid", "kind", "in_corpus", "design", "n",
               "topic", "topics", "cluster", "cluster_label", "cited_by", "citations", "references", "path",
               "x", "y", "size", "colour", "studies")


@lru_cache(maxsize=1)
def _templates() -> tuple[str, str, str]:
    return tuple((TEMPLATES / f).read_text(encoding="utf-8") for f in ("graph.html", "graph.css", "graph.js"))


# The one escaping rule for data inside a <script> element: every "<", ">" and "&" of the JSON
# text becomes a \uXXXX escape (they can only occur inside JSON strings, where the escape reads
# back as the same character), so no "</script>", "<!--" or "<script" sequence can change how
# the browser tokenises the element; U+2028/U+2029 are escaped for older JavaScript parsers.
_SCRIPT_UNSAFE = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}


def script_json(obj) -> str:
    """``obj`` as JSON text that is safe inside an HTML ``<script>`` element.

    >>> script_json({"title": "<!--<script>x</script>"})
    '{"title":"\\\\u003c!--\\\\u003cscript\\\\u003ex\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.translate(_SCRIPT_UNSAFE)


_PLACEHOLDER = re.compile("__(?:TITLE|NOTE|CSS|JS|DATA)__")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(G: nx.Graph, cap: int = HTML_CAP, edge_cap: int = EDGE_CAP, colour_by: str = "topic") -> dict:
    """The data the page draws: nodes (with positions), edges as index pairs, topics."""
    keep = top_nodes(G, cap)
    keep = sorted(keep, key=str)
    index = {n: i for i, n in enumerate(keep)}
    pos = fit(G, keep) if len(keep) < G.number_of_nodes() else {}
    nodes = []
    for n in keep:
        d = G.nodes[n]
        rec = {"id": str(n)}
        for k in NODE_FIELDS:
            v = d.get(k)
            if v is not None and v != [] and v != "":
                rec[k] = v
        if n in pos:  # a subset is shown: it fills the canvas
            rec["x"], rec["y"] = pos[n]
        rec.setdefault("label", str(n))
        rec.setdefault("kind", "")
        nodes.append(rec)
    edges = [(index[u], index[v], d.get("weight", 1), 1 if d.get("cross_topic") else 0)
             for u, v, d in G.edges(data=True) if u in index and v in index]
    dropped_edges = 0
    if len(edges) > edge_cap:
        edges.sort(key=lambda e: (-e[2], e[0], e[1]))
        dropped_edges = len(edges) - edge_cap
        edges = sorted(edges[:edge_cap])
    return {"kind": G.graph.get("kind", "citation"), "directed": G.is_directed(),
            "min_weight": G.graph.get("min_weight", 1), "nodes": nodes, "edges": [list(e) for e in edges],
            "topics": topic_legend(G), "layout": G.graph.get("layout", "force"),
            "view_note": G.graph.get("view_note", ""), "colour_by": colour_by,
            "cluster_labels": {str(k): v for k, v in (G.graph.get("cluster_labels") or {}).items()},
            "total_nodes": G.number_of_nodes(), "total_edges": G.number_of_edges(),
            "dropped_edges": dropped_edges}


def default_title(G: nx.Graph) -> str:
    """'Citation map of 30 corpus articles' and the like (the figures use the same words)."""
    n = sum(1 for _, d in G.nodes(data=True) if d.get("in_corpus"))
    return {"citation": f"Citation map of {n} corpus articles",
            "cocitation": "Co-citation map: works cited together by the corpus articles",
            "coupling": f"Bibliographic coupling of {n} corpus articles"}.get(G.graph.get("kind", "citation"),
                                                                            "Citation map")


def render(G: nx.Graph, title: Optional[str] = None, cap: int = HTML_CAP, colour_by: str = "topic", **_) -> str:
    """The page as one string (``G`` must carry positions: see ``graph.layout.prepare``)."""
    html, css, js = _templates()
    data = payload(G, cap, colour_by=colour_by)
    title = title or default_title(G)
    data["title"] = title
    note = "Layout precomputed (fixed seed). Drag to pan, wheel to zoom, click a node for details."
    if len(data["nodes"]) < data["total_nodes"] or data["dropped_edges"]:
        note += (f" Showing the {len(data['nodes'])} best-connected of {data['total_nodes']} nodes"
                 f" (cap {cap}) and {len(data['edges'])} of {data['total_edges']} edges;"
                 " the GEXF/GraphML/CSV exports hold the whole graph.")
    # one pass: text put in one placeholder is never searched for the next placeholder
    parts = {"__TITLE__": _escape(title), "__NOTE__": _escape(note), "__CSS__": css,
             "__JS__": js, "__DATA__": script_json(data)}
    return _PLACEHOLDER.sub(lambda m: parts[m.group()], html)
