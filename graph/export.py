"""One call from store to file: build a graph, attach study details, lay out, write, summarise.

This is what ``evidence graph`` runs (the CLI only parses options and prints the summary).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from corpus.output import check_output

from .build import citation_graph, study_details
from .cluster import metrics
from .html import HTML_CAP
from .layout import LAYOUT_CAP, prepare
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
                 title: Optional[str] = None, force: bool = False) -> dict:
    """Build the ``kind`` graph from ``store`` and write it to ``path``.

    Parameters
    ----------
    store : corpus.store.Store or sqlite3.Connection
    path : str or Path
        Output file; the format comes from ``fmt`` or the suffix (see ``graph.writers.FORMATS``).
    kind, topics, min_weight, seed
        As in :func:`graph.citation_graph`.
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
    topics = list(topics or ())
    G = citation_graph(store, kind, topics=topics, min_weight=min_weight, seed=seed)
    if f.name in ("html", "json"):
        details = study_details(store, (d["document_id"] for _, d in G.nodes(data=True)
                                        if d.get("document_id") is not None))
        for _, d in G.nodes(data=True):
            if d.get("document_id") in details:
                d["studies"] = details[d["document_id"]]
    prepare(G, seed=seed)
    kw = {"title": title} if title else {}
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
            "unlinked_refs": G.graph.get("unlinked_refs", 0), "notes": notes}
