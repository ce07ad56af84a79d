"""Graph exports, as ``generate_*`` / ``write_*`` pairs in a registry keyed by format name.

========  ===========================================================================
format    what is written
========  ===========================================================================
html      one self-contained interactive page (no external requests), see graph/html.py
gexf      GEXF 1.3 with ``viz`` position, colour and size (Gephi opens it laid out)
graphml   GraphML (typed keys, read back by networkx); lists joined with ``;``
json      node-link JSON (``networkx.node_link_data``, key ``edges``), all attributes
csv       two files: ``NAME-nodes.csv`` and ``NAME-edges.csv`` next to ``NAME.csv``
net       Pajek: vertices with coordinates, ``*Arcs``/``*Edges`` with weights
svg/png   static 16 x 10 inch figure for a slide (graph/figure.py): title, arrows, labels of
          at least 10 pt placed without overlaps, legend; the same graph and seed give a
          byte-identical SVG
========  ===========================================================================

``write(G, path, fmt=None, force=False)`` picks the writer from ``fmt`` or the file suffix and
returns the paths written.  Files are written through :mod:`corpus.output` (an existing file is
kept unless ``force``; the store and any SQLite database never; complete files only).  Labels
are drawn as written: ``$`` never starts TeX math in a figure.  Every writer is tested by a round trip (written, read back, compared).
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional
from xml.sax.saxutils import quoteattr

import networkx as nx

from corpus.output import PLAIN_TEXT, CsvWriter, check_output, write_output

from .errors import UnknownFormat
from .layout import LAYOUT_CAP, hex_to_rgb, prepare

__all__ = ["FORMATS", "Format", "write", "format_for", "flat_attrs", "STATIC_CAP",
           "generate_gexf", "write_gexf", "generate_graphml", "write_graphml",
           "generate_json", "write_json", "generate_csv", "write_csv",
           "generate_pajek", "write_pajek", "generate_svg", "write_svg", "generate_png", "write_png",
           "generate_html", "write_html"]

STATIC_CAP = 1500  # nodes drawn in an SVG/PNG figure (best connected first); the caption says so
NODE_COLUMNS = ("label", "title", "journal", "year", "doi", "pmid", "kind", "in_corpus", "design",
                "n", "topic", "topics", "cluster", "cited_by", "references", "in_degree",
                "out_degree", "degree", "work_id", "document_id", "path", "x", "y", "colour", "size")


def flat_attrs(d: dict) -> dict:
    """Attributes as scalars for formats without lists/maps: lists joined with ';', None and
    dicts dropped.

    >>> flat_attrs({"topics": ["msc", "covid-19"], "year": None, "study": {}, "n": 3})
    {'topics': 'msc;covid-19', 'n': 3}
    """
    out = {}
    for k, v in d.items():
        if v is None or isinstance(v, dict):
            continue
        if isinstance(v, (list, tuple)):
            v = ";".join(map(str, v))
        out[k] = v
    return out


def _flat_graph(G: nx.Graph) -> nx.Graph:
    H = G.__class__()
    H.graph.update(flat_attrs(G.graph))
    H.add_nodes_from((n, flat_attrs(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, flat_attrs(d)) for u, v, d in G.edges(data=True))
    return H


# --- GEXF 1.3 -------------------------------------------------------------------------------
def _gexf_type(values) -> str:
    vals = [v for v in values if v is not None]
    if vals and all(isinstance(v, bool) for v in vals):
        return "boolean"
    if vals and all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return "long"
    if vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return "double"
    return "string"


def _gexf_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return _XML_BAD.sub("", str(v))


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0


def generate_gexf(G: nx.Graph, **_) -> str:
    """GEXF 1.3 text: attributes declared with types, ``viz:position/color/size`` per node."""
    prepare(G)
    viz_keys = {"x", "y", "colour", "size", "label"}
    nodes = [(n, flat_attrs(d)) for n, d in G.nodes(data=True)]
    edges = [(u, v, flat_attrs(d)) for u, v, d in G.edges(data=True)]
    nkeys = sorted({k for _, d in nodes for k in d} - viz_keys)
    ekeys = sorted({k for _, _, d in edges for k in d} - {"weight"})
    ntypes = {k: _gexf_type(d.get(k) for _, d in nodes) for k in nkeys}
    etypes = {k: _gexf_type(d.get(k) for _, _, d in edges) for k in ekeys}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
           '  <meta><creator>evidence (trialevidence)</creator>'
           f'<description>{_xml_text(G.graph.get("kind", "citation"))} graph</description></meta>',
           f'  <graph defaultedgetype="{"directed" if G.is_directed() else "undirected"}" mode="static">',
           '    <attributes class="node">']
    out += [f'      <attribute id="n{i}" title={quoteattr(k)} type="{ntypes[k]}"/>' for i, k in enumerate(nkeys)]
    out += ['    </attributes>', '    <attributes class="edge">']
    out += [f'      <attribute id="e{i}" title={quoteattr(k)} type="{etypes[k]}"/>' for i, k in enumerate(ekeys)]
    out += ['    </attributes>', '    <nodes>']
    nid = {k: f"n{i}" for i, k in enumerate(nkeys)}
    eid = {k: f"e{i}" for i, k in enumerate(ekeys)}
    for n, d in nodes:
        out.append(f'      <node id={quoteattr(_gexf_value(n))} label={quoteattr(_gexf_value(d.get("label", n)))}>')
        vals = [f'<attvalue for="{nid[k]}" value={quoteattr(_gexf_value(d[k]))}/>' for k in nkeys if k in d]
        if vals:
            out.append("        <attvalues>" + "".join(vals) + "</attvalues>")
        r, g, b = hex_to_rgb(d["colour"])
        out.append(f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>'
                   f'<viz:position x="{d["x"] * 1000:.2f}" y="{d["y"] * 1000:.2f}" z="0.0"/>'
                   f'<viz:size value="{d["size"]}"/>')
        out.append("      </node>")
    out += ["    </nodes>", "    <edges>"]
    for i, (u, v, d) in enumerate(edges):
        vals = "".join(f'<attvalue for="{eid[k]}" value={quoteattr(_gexf_value(d[k]))}/>' for k in ekeys if k in d)
        body = f"><attvalues>{vals}</attvalues></edge>" if vals else "/>"
        out.append(f'      <edge id="{i}" source={quoteattr(_gexf_value(u))} target={quoteattr(_gexf_value(v))} '
                   f'weight="{d.get("weight", 1)}"' + body)
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out)


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_gexf(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    return [write_output(path, generate_gexf(G, **kw), force=force, protect=protect)]


# --- GraphML, JSON --------------------------------------------------------------------------
def generate_graphml(G: nx.Graph, **_) -> str:
    """GraphML, streamed (networkx's writer builds an element tree: ~10x slower on big graphs).
    Typed keys (``boolean``, ``long``, ``double``, ``string``); lists joined with ``;``."""
    prepare(G)
    nodes = [(n, flat_attrs(d)) for n, d in G.nodes(data=True)]
    edges = [(u, v, flat_attrs(d)) for u, v, d in G.edges(data=True)]
    gattrs = flat_attrs(G.graph)
    out = ["<?xml version='1.0' encoding='utf-8'?>",
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    ids: dict[tuple[str, str], str] = {}
    for domain, items in (("graph", [gattrs]), ("node", [d for _, d in nodes]), ("edge", [d for _, _, d in edges])):
        for k in sorted({k for d in items for k in d}):
            key = f"d{len(ids)}"
            ids[(domain, k)] = key
            gtype = _gexf_type(d.get(k) for d in items)
            out.append(f'  <key id="{key}" for="{domain}" attr.name={quoteattr(k)} attr.type="{gtype}" />')
    out.append(f'  <graph edgedefault="{"directed" if G.is_directed() else "undirected"}">')
    out += [f'    <data key="{ids[("graph", k)]}">{_xml_text(_gexf_value(v))}</data>' for k, v in sorted(gattrs.items())]
    for n, d in nodes:
        data = "".join(f'<data key="{ids[("node", k)]}">{_xml_text(_gexf_value(v))}</data>' for k, v in d.items())
        out.append(f"    <node id={quoteattr(_gexf_value(n))}>{data}</node>")
    for u, v, d in edges:
        data = "".join(f'<data key="{ids[("edge", k)]}">{_xml_text(_gexf_value(x))}</data>' for k, x in d.items())
        out.append(f"    <edge source={quoteattr(_gexf_value(u))} target={quoteattr(_gexf_value(v))}>{data}</edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def write_graphml(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    return [write_output(path, generate_graphml(G, **kw), force=force, protect=protect)]


def generate_json(G: nx.Graph, **_) -> str:
    """Node-link JSON with every attribute (lists and the study details kept)."""
    prepare(G)
    data = nx.node_link_data(G, edges="edges")
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) + "\n"


def write_json(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    return [write_output(path, generate_json(G, **kw), force=force, protect=protect)]


# --- CSV ------------------------------------------------------------------------------------
def generate_csv(G: nx.Graph, **_) -> dict[str, str]:
    """``{"nodes": text, "edges": text}``: one row per node (``id`` first) and per edge."""
    prepare(G)
    nodes = [(n, flat_attrs(d)) for n, d in G.nodes(data=True)]
    extra = sorted({k for _, d in nodes for k in d} - set(NODE_COLUMNS))
    ncols = ["id"] + [c for c in NODE_COLUMNS if any(c in d for _, d in nodes)] + extra
    buf = io.StringIO()
    w = CsvWriter(buf, ncols)
    for n, d in nodes:
        w.writerow({"id": n, **d})
    edges = [(u, v, flat_attrs(d)) for u, v, d in G.edges(data=True)]
    ecols = ["source", "target"] + sorted({k for _, _, d in edges for k in d})
    ebuf = io.StringIO()
    w = CsvWriter(ebuf, ecols)
    for u, v, d in edges:
        w.writerow({"source": u, "target": v, **d})
    return {"nodes": buf.getvalue(), "edges": ebuf.getvalue()}


def csv_paths(path) -> tuple[Path, Path]:
    """``out/review.csv`` -> (``out/review-nodes.csv``, ``out/review-edges.csv``)."""
    p = Path(path)
    return p.with_name(p.stem + "-nodes.csv"), p.with_name(p.stem + "-edges.csv")


def write_csv(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    npath, epath = csv_paths(path)
    for p in (npath, epath):  # neither file is written when the other one is refused
        check_output(p, force=force, protect=protect)
    texts = generate_csv(G, **kw)
    return [write_output(npath, texts["nodes"], force=force, protect=protect),
            write_output(epath, texts["edges"], force=force, protect=protect)]


# --- Pajek ----------------------------------------------------------------------------------
def generate_pajek(G: nx.Graph, **_) -> str:
    """Pajek ``.net``: vertex labels are the node ids (quoted), with x/y coordinates."""
    prepare(G)
    index = {n: i for i, n in enumerate(G.nodes, 1)}
    out = [f"*Vertices {len(index)}"]
    for n, i in index.items():
        d = G.nodes[n]
        out.append(f'{i} "{n}" {d["x"]:.4f} {1 - d["y"]:.4f} 0.5')
    out.append("*Arcs" if G.is_directed() else "*Edges")
    for u, v, d in G.edges(data=True):
        out.append(f"{index[u]} {index[v]} {d.get('weight', 1)}")
    return "\r\n".join(out) + "\r\n"


def write_pajek(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    return [write_output(path, generate_pajek(G, **kw).encode("utf-8"), force=force,
                         protect=protect)]


# --- SVG / PNG ------------------------------------------------------------------------------
def _figure(G: nx.Graph, title: Optional[str] = None, cap: int = STATIC_CAP, colour_by: str = "topic"):
    from .figure import draw

    prepare(G)
    return draw(G, title=title, cap=cap, colour_by=colour_by)


# Labels are data (titles, journal names, topic labels): drawn as written (corpus.output's one
# rule for figures), with math parsing and LaTeX off from the figure's creation to its rendering.
_PLAIN_TEXT = PLAIN_TEXT


def generate_svg(G: nx.Graph, title: Optional[str] = None, colour_by: str = "topic", **_) -> str:
    """SVG text; deterministic (fixed ``svg.hashsalt``, no date in the metadata); labels stay
    text (``svg.fonttype`` none), in groups ``label-<node>``."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "evidence-graph", "svg.fonttype": "none",
                                **_PLAIN_TEXT}):
        _figure(G, title, colour_by=colour_by).savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def write_svg(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    return [write_output(path, generate_svg(G, **kw), force=force, protect=protect)]


def generate_png(G: nx.Graph, title: Optional[str] = None, dpi: int = 150, colour_by: str = "topic",
                 **_) -> bytes:
    """PNG bytes: the SVG's figure at ``dpi`` (150: 2400 x 1500 pixels)."""
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(_PLAIN_TEXT):
        _figure(G, title, colour_by=colour_by).savefig(buf, format="png", dpi=dpi,
                                                       metadata={"Software": None})
    return buf.getvalue()


def write_png(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    return [write_output(path, generate_png(G, **kw), force=force, protect=protect)]


# --- HTML -----------------------------------------------------------------------------------
def generate_html(G: nx.Graph, **kw) -> str:
    from .html import render

    prepare(G)
    return render(G, **kw)


def write_html(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    return [write_output(path, generate_html(G, **kw), force=force, protect=protect)]


# --- registry -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    generate: Callable
    write: Callable
    description: str

    def targets(self, path) -> list[Path]:
        """The files :attr:`write` creates for ``path`` (two for CSV)."""
        return list(csv_paths(path)) if self.name == "csv" else [Path(path)]


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("html", (".html", ".htm"), generate_html, write_html,
           f"self-contained interactive page (at most {LAYOUT_CAP} force-laid-out nodes; see html.py)"),
    Format("gexf", (".gexf",), generate_gexf, write_gexf, "GEXF 1.3 with viz position/colour/size"),
    Format("graphml", (".graphml",), generate_graphml, write_graphml, "GraphML"),
    Format("json", (".json",), generate_json, write_json, "node-link JSON"),
    Format("csv", (".csv",), generate_csv, write_csv, "NAME-nodes.csv + NAME-edges.csv"),
    Format("net", (".net", ".pajek"), generate_pajek, write_pajek, "Pajek"),
    Format("svg", (".svg",), generate_svg, write_svg, "static figure with legend"),
    Format("png", (".png",), generate_png, write_png, "static figure with legend"),
)}


def format_for(path=None, fmt: Optional[str] = None) -> Format:
    """The writer for ``fmt`` (a name) or else the suffix of ``path``."""
    key = (fmt or "").lower().lstrip(".")
    if key:
        if key in FORMATS:
            return FORMATS[key]
        for f in FORMATS.values():
            if "." + key in f.suffixes:
                return f
    elif path is not None:
        suffix = Path(path).suffix.lower()
        for f in FORMATS.values():
            if suffix in f.suffixes:
                return f
        key = suffix or str(path)
    raise UnknownFormat(f"unknown graph format {key!r}",
                        hint="use one of: " + ", ".join(sorted(FORMATS)) + " (or a matching suffix)")


def write(G: nx.Graph, path, fmt: Optional[str] = None, *, force: bool = False, protect=(),
          **kw) -> list[Path]:
    """Write ``G`` to ``path`` in ``fmt`` (default: from the suffix); return the paths written.

    Every file goes through :func:`corpus.output.write_output`: an existing file is replaced
    only with ``force``, the ``protect`` files (the store) and SQLite databases never, and a
    file appears only once it is complete.
    """
    return format_for(path, fmt).write(G, path, force=force, protect=protect, **kw)
