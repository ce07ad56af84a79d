"""One call from store to file: build a graph, attach study details, lay out, write, summarise.

This is what ``evidence graph`` runs (the CLI only parses options and prints the summary).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from corpus.output import check_output

from .build import study_details
from .cluster import metrics
from .html import HTML_CAP
from .layout import LAYOUT_CAP, LAYOUTS, prepare
from .topic_file import topic_set
from .topics import score_works
from .shown import shown_graph
from .view import DEFAULT_MIN_CITED, DEFAULT_TOP_EDGES
from .writers import STATIC_CAP, format_for

__all__ = ["export_graph"]


def _store_files(store) -> list[str]:
    """The file of ``store`` (a Store or a sqlite3 connection): never an output."""
    if getattr(store, "path", None):
        return [store.path]
    conn = getattr(store, "conn", store)
    try:
        return [row[2] for row in conn.execute("PRAGMA database_list") if row[2]]
    except Exception:  # noqa: BLE001 - not a connection: nothing to protect by name
        return []


def export_graph(store, path, kind: str = "citation", topics: Optional[Iterable[str]] = None,
                 min_weight: int = 1, fmt: Optional[str] = None, seed: int = 42,
                 title: Optional[str] = None, min_cited: int = DEFAULT_MIN_CITED,
                 top_edges: Optional[int] = DEFAULT_TOP_EDGES, layout: str = "force",
                 topics_file: Optional[str] = None, add_topics: Iterable[str] = (),
                 colour_by: str = "auto", force: bool = False) -> dict:
    """Build the ``kind`` graph from ``store`` and write it to ``path``.

    Parameters
    ----------
    store : corpus.store.Store or sqlite3.Connection
    path : str or Path
        Output file; the format comes from ``fmt`` or the suffix (see ``graph.writers.FORMATS``).
    kind, topics, min_weight, seed
        As in :func:`graph.citation_graph`.
    min_cited, top_edges
        What the map shows (:func:`graph.view.select_view`, built by :func:`graph.shown.shown_graph`): references cited by at least
        ``min_cited`` corpus articles; the ``top_edges`` heaviest co-citation/coupling links.
    layout : {"force", "year"}
        ``year``: x is the publication year.
    topics_file, add_topics
        The user's topics (a JSON/TOML file, ``NAME=TERM,...`` strings; see
        :mod:`graph.topic_file`), used instead of the stored topic tags.
    colour_by : {"auto", "topic", "cluster"}
        Node colours (the HTML page can switch); ``auto``: by topic when at least half the nodes
        shown have one, else by cluster (a corpus the topics do not cover is not drawn grey).
    title : str, optional
        Title of the page or figure.
    force
        Replace existing output files (the store and other SQLite databases are never
        replaced: :func:`corpus.output.check_output`).

    Returns
    -------
    dict
        ``files`` written, ``format``, ``nodes``, ``edges``, ``clusters``, ``cross_topic_edges``,
        ``most_cited`` and ``bridges`` (top 5), ``unlinked_refs`` and ``notes`` (caps applied).
    """
    f = format_for(path, fmt)  # fail on a bad format or a refused output before any work
    protect = _store_files(store)
    for target in f.targets(path):
        check_output(target, force=force, protect=protect)
    if layout not in LAYOUTS:
        from .errors import GraphError
        raise GraphError(f"unknown layout {layout!r}", hint=f"use one of: {', '.join(LAYOUTS)}")
    defs = topic_set(topics_file, add_topics)  # a bad topics file fails before any work too
    scores = score_works(store, defs) if defs is not None else None
    topics = list(topics or ())
    G = shown_graph(store, kind, topics=topics, min_weight=min_weight, min_cited=min_cited,
                    top_edges=top_edges, seed=seed, defs=defs, work_scores=scores)
    if f.name in ("html", "json"):
        details = study_details(store, (d["document_id"] for _, d in G.nodes(data=True)
                                        if d.get("document_id") is not None))
        for _, d in G.nodes(data=True):
            if d.get("document_id") in details:
                d["studies"] = details[d["document_id"]]
    prepare(G, seed=seed, defs=defs, layout=layout)
    kw = {"title": title} if title else {}
    if colour_by == "auto":
        tagged = sum(1 for _, d in G.nodes(data=True) if d.get("topic"))
        colour_by = "topic" if tagged * 2 >= G.number_of_nodes() else "cluster"
    if colour_by != "topic":
        kw["colour_by"] = colour_by
    files = f.write(G, path, force=force, protect=protect, **kw)
    m = metrics(G, top=5, seed=seed)
    notes = []
    n = G.number_of_nodes()
    if f.name == "html" and n > HTML_CAP:
        notes.append(f"HTML shows the {HTML_CAP} best-connected of {n} nodes")
    if f.name in ("svg", "png") and n > STATIC_CAP:
        notes.append(f"figure shows the {STATIC_CAP} best-connected of {n} nodes")
    if n > LAYOUT_CAP:
        notes.append(f"force layout on the {LAYOUT_CAP} best-connected nodes; others placed by a neighbour")
    return {"files": [str(p) for p in files], "format": f.name, "kind": kind, "topics": topics,
            "min_weight": min_weight, "nodes": m["nodes"], "edges": m["edges"],
            "clusters": m["clusters"], "cross_topic_edges": m["cross_topic_edges"],
            "most_cited": m["most_cited"], "bridges": m["bridges"],
            "unlinked_refs": G.graph.get("unlinked_refs", 0), "notes": notes,
            "shown": G.graph.get("view_note", ""), "view": G.graph.get("view", {}), "layout": layout,
            "colour_by": colour_by,
            "cluster_labels": {str(k): v for k, v in (G.graph.get("cluster_labels") or {}).items()}}
