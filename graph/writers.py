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
kept unless ``force``; the store and any SQLite database never; complete files only).  GEXF, GraphML,
JSON and CSV are written a node or edge at a time, so memory does not grow with the file.  Labels
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

from corpus.output import PLAIN_TEXT, CsvWriter, atomic_output, check_output, csv_cell, write_output

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
        t = type(v)
        if t is str or t is int or t is float or t is bool:
            out[k] = v
        elif v is None or isinstance(v, dict):
            continue
        elif isinstance(v, (list, tuple)):
            out[k] = ";".join(map(str, v))
        else:
            out[k] = v
    return out


def _flat_graph(G: nx.Graph) -> nx.Graph:
    H = G.__class__()
    H.graph.update(flat_attrs(G.graph))
    H.add_nodes_from((n, flat_attrs(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, flat_attrs(d)) for u, v, d in G.edges(data=True))
    return H


# --- typed attributes, streamed output ------------------------------------------------------
# One bit per kind of flattened value: bool, int (not bool), float, anything else (text).
_KIND_BITS = {bool: 1, int: 2, float: 4, str: 8, list: 8, tuple: 8, type(None): 0, dict: 0}


def _kind_bit(v) -> int:
    bit = _KIND_BITS.get(type(v))
    if bit is not None:
        return bit
    if v is None or isinstance(v, dict):
        return 0
    if isinstance(v, bool):
        return 1
    if isinstance(v, int):
        return 2
    return 4 if isinstance(v, float) else 8


def _attr_kinds(dicts) -> dict[str, int]:
    """Key -> the kinds of its flattened values (bits of ``_KIND_BITS``), for every key that
    :func:`flat_attrs` keeps in at least one of ``dicts``: one pass, nothing flattened."""
    masks: dict[str, int] = {}
    get = _KIND_BITS.get
    seen = set()  # keys and value types already counted: the kinds follow from them
    for d in dicts:
        sig = (*d, *map(type, d.values()))
        if sig in seen:
            continue
        seen.add(sig)
        for k, v in d.items():
            bit = get(type(v))
            if bit is None:
                bit = _kind_bit(v)
            if bit:
                masks[k] = masks.get(k, 0) | bit
    return masks


def _type_of_kinds(mask: int) -> str:
    """The GEXF/GraphML type of a key whose values are of the kinds ``mask``: ``boolean`` or
    ``long`` when all are, ``double`` for numbers mixing ints and floats, else ``string``."""
    if mask == 1:
        return "boolean"
    if mask == 2:
        return "long"
    if mask and not mask & ~6:
        return "double"
    return "string"


#: streamed text is written in pieces of about this many lines
_CHUNK_LINES = 4096


def _write_lines(fh, lines) -> None:
    """Write ``lines`` each followed by a newline, a chunk at a time."""
    buf: list[str] = []
    for line in lines:
        buf.append(line)
        if len(buf) >= _CHUNK_LINES:
            buf.append("")
            fh.write("\n".join(buf))
            buf.clear()
    if buf:
        buf.append("")
        fh.write("\n".join(buf))


def _write_pieces(fh, pieces) -> None:
    """Write ``pieces`` of text as they are, a chunk at a time."""
    buf: list[str] = []
    for piece in pieces:
        buf.append(piece)
        if len(buf) >= _CHUNK_LINES:
            fh.write("".join(buf))
            buf.clear()
    fh.write("".join(buf))


def _text(lines) -> str:
    buf = io.StringIO()
    _write_lines(buf, lines)
    return buf.getvalue()


# --- GEXF 1.3 -------------------------------------------------------------------------------
def _gexf_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return _XML_BAD.sub("", str(v))


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
# what quoteattr or _xml_text would change, or _XML_BAD would remove
_ATTR_SPECIAL = re.compile("[&<>\"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _flat_text(v) -> str:
    """``str`` of a flattened value (a list or tuple joined with ';')."""
    if isinstance(v, (list, tuple)):
        return ";".join(map(str, v))
    return str(v)


def _attr(v) -> str:
    """``quoteattr(_gexf_value(v))`` of a flattened value, without the escaping work for the
    many values that need none."""
    t = type(v)
    if t is str:
        s = v
    elif t is bool:
        return '"true"' if v else '"false"'
    elif t is int or t is float:
        return f'"{v}"'  # digits, sign, point, exponent, inf or nan: nothing to escape
    elif isinstance(v, bool):
        return '"true"' if v else '"false"'
    else:
        s = _flat_text(v)
    if _ATTR_SPECIAL.search(s) is None:
        return f'"{s}"'
    return quoteattr(_XML_BAD.sub("", s))


def _id_attr(n) -> str:
    """``quoteattr(_gexf_value(n))`` of a node id."""
    if type(n) is str and _ATTR_SPECIAL.search(n) is None:
        return f'"{n}"'
    return quoteattr(_gexf_value(n))


def _xml_value(v) -> str:
    """``_xml_text(_gexf_value(v))`` of a flattened value (element text)."""
    t = type(v)
    if t is str:
        s = v
    elif t is bool:
        return "true" if v else "false"
    elif t is int or t is float:
        return f"{v}"
    elif isinstance(v, bool):
        return "true" if v else "false"
    else:
        s = _flat_text(v)
    if _TEXT_SPECIAL.search(s) is None:
        return s
    return _xml_text(_XML_BAD.sub("", s))


def _gexf_lines(G: nx.Graph):
    """The lines of the GEXF document, one node or edge at a time."""
    prepare(G)
    viz_keys = {"x", "y", "colour", "size", "label"}
    nkinds = _attr_kinds(d for _, d in G.nodes(data=True))
    ekinds = _attr_kinds(d for _, _, d in G.edges(data=True))
    nkeys = sorted(set(nkinds) - viz_keys)
    ekeys = sorted(set(ekinds) - {"weight"})
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield ('<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">')
    yield ('  <meta><creator>evidence (trialevidence)</creator>'
           f'<description>{_xml_text(G.graph.get("kind", "citation"))} graph</description></meta>')
    yield f'  <graph defaultedgetype="{"directed" if G.is_directed() else "undirected"}" mode="static">'
    yield '    <attributes class="node">'
    for i, k in enumerate(nkeys):
        yield f'      <attribute id="n{i}" title={quoteattr(k)} type="{_type_of_kinds(nkinds[k])}"/>'
    yield '    </attributes>'
    yield '    <attributes class="edge">'
    for i, k in enumerate(ekeys):
        yield f'      <attribute id="e{i}" title={quoteattr(k)} type="{_type_of_kinds(ekinds[k])}"/>'
    yield '    </attributes>'
    yield '    <nodes>'
    nfor = [(k, f'<attvalue for="n{i}" value=') for i, k in enumerate(nkeys)]
    for n, raw in G.nodes(data=True):
        d = flat_attrs(raw)
        label = _attr(d["label"]) if "label" in d else _id_attr(n)
        yield f'      <node id={_id_attr(n)} label={label}>'
        vals = [f'{pre}{_attr(d[k])}/>' for k, pre in nfor if k in d]
        if vals:
            yield "        <attvalues>" + "".join(vals) + "</attvalues>"
        r, g, b = hex_to_rgb(d["colour"])
        yield (f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>'
               f'<viz:position x="{d["x"] * 1000:.2f}" y="{d["y"] * 1000:.2f}" z="0.0"/>'
               f'<viz:size value="{d["size"]}"/>')
        yield "      </node>"
    yield "    </nodes>"
    yield "    <edges>"
    efor = [(k, f'<attvalue for="e{i}" value=') for i, k in enumerate(ekeys)]
    seen: dict = {}  # (key, value) -> its attvalue element: edges repeat few values
    quoted: dict = {}  # node -> its quoted id
    for i, (u, v, raw) in enumerate(G.edges(data=True)):
        vals = []
        for k, pre in efor:
            x = raw.get(k)
            if x is None:
                continue
            t = type(x)
            if t is str or t is bool or t is int:
                item = seen.get((k, t, x))
                if item is None:
                    item = f"{pre}{_attr(x)}/>"
                    if len(seen) < 65536:
                        seen[(k, t, x)] = item
                vals.append(item)
            elif t is float:
                vals.append(f'{pre}"{x}"/>')
            elif not isinstance(x, dict):
                vals.append(f"{pre}{_attr(x)}/>")
        w = raw.get("weight", 1)
        if w is None or isinstance(w, dict):
            w = 1
        elif isinstance(w, (list, tuple)):
            w = ";".join(map(str, w))
        body = f"><attvalues>{''.join(vals)}</attvalues></edge>" if vals else "/>"
        su = quoted.get(u) or quoted.setdefault(u, _id_attr(u))
        sv = quoted.get(v) or quoted.setdefault(v, _id_attr(v))
        yield f'      <edge id="{i}" source={su} target={sv} weight="{w}"' + body
    yield "    </edges>"
    yield "  </graph>"
    yield "</gexf>"


def generate_gexf(G: nx.Graph, **_) -> str:
    """GEXF 1.3 text: attributes declared with types, ``viz:position/color/size`` per node."""
    return _text(_gexf_lines(G))


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_streamed(path, lines, *, force: bool, protect) -> Path:
    """Write ``lines`` to ``path`` as they come (the whole text is never held)."""
    with atomic_output(path, force=force, protect=protect) as fh:
        _write_lines(fh, lines)
    return Path(path)


def write_gexf(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    return [_write_streamed(path, _gexf_lines(G), force=force, protect=protect)]


# --- GraphML, JSON --------------------------------------------------------------------------
def _graphml_lines(G: nx.Graph):
    """The lines of the GraphML document, one node or edge at a time."""
    prepare(G)
    gattrs = flat_attrs(G.graph)
    yield "<?xml version='1.0' encoding='utf-8'?>"
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
    ids: dict[tuple[str, str], str] = {}
    for domain, kinds in (("graph", _attr_kinds([gattrs])),
                          ("node", _attr_kinds(d for _, d in G.nodes(data=True))),
                          ("edge", _attr_kinds(d for _, _, d in G.edges(data=True)))):
        for k in sorted(kinds):
            key = f"d{len(ids)}"
            ids[(domain, k)] = key
            yield f'  <key id="{key}" for="{domain}" attr.name={quoteattr(k)} attr.type="{_type_of_kinds(kinds[k])}" />'
    yield f'  <graph edgedefault="{"directed" if G.is_directed() else "undirected"}">'
    for k, v in sorted(gattrs.items()):
        yield f'    <data key="{ids[("graph", k)]}">{_xml_value(v)}</data>'
    nopen = {k: f'<data key="{key}">' for (domain, k), key in ids.items() if domain == "node"}
    for n, raw in G.nodes(data=True):
        data = "".join(f"{nopen[k]}{_xml_value(v)}</data>" for k, v in raw.items()
                       if v is not None and not isinstance(v, dict))
        yield f"    <node id={_id_attr(n)}>{data}</node>"
    eopen = {k: f'<data key="{key}">' for (domain, k), key in ids.items() if domain == "edge"}
    seen: dict = {}  # (key, type, value) -> its data element: edges repeat few values
    quoted: dict = {}  # node -> its quoted id
    for u, v, raw in G.edges(data=True):
        parts = []
        for k, x in raw.items():
            t = type(x)
            if t is str or t is bool or t is int:
                item = seen.get((k, t, x))
                if item is None:
                    item = f"{eopen[k]}{_xml_value(x)}</data>"
                    if len(seen) < 65536:
                        seen[(k, t, x)] = item
                parts.append(item)
            elif t is float:
                parts.append(f"{eopen[k]}{x}</data>")
            elif x is not None and not isinstance(x, dict):
                parts.append(f"{eopen[k]}{_xml_value(x)}</data>")
        su = quoted.get(u) or quoted.setdefault(u, _id_attr(u))
        sv = quoted.get(v) or quoted.setdefault(v, _id_attr(v))
        yield f"    <edge source={su} target={sv}>{''.join(parts)}</edge>"
    yield "  </graph>"
    yield "</graphml>"


def generate_graphml(G: nx.Graph, **_) -> str:
    """GraphML, streamed (networkx's writer builds an element tree: ~10x slower on big graphs).
    Typed keys (``boolean``, ``long``, ``double``, ``string``); lists joined with ``;``."""
    return _text(_graphml_lines(G))


def write_graphml(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    return [_write_streamed(path, _graphml_lines(G), force=force, protect=protect)]


def _json_pieces(G: nx.Graph):
    """The node-link JSON text (``json.dumps(node_link_data(G), sort_keys=True)`` and a
    newline) in pieces: one per node and edge, so the whole document is never held."""
    prepare(G)
    enc = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode
    if G.is_multigraph():
        yield enc(nx.node_link_data(G, edges="edges")) + "\n"
        return
    # the keys of node_link_data's dict, sorted: directed, edges, graph, multigraph, nodes
    yield '{"directed": ' + enc(G.is_directed()) + ', "edges": ['
    sep = ""
    for u, v, d in G.edges(data=True):
        yield sep + enc({**d, "source": u, "target": v})
        sep = ", "
    yield '], "graph": ' + enc(G.graph) + ', "multigraph": false, "nodes": ['
    sep = ""
    for n, d in G.nodes(data=True):
        yield sep + enc({**d, "id": n})
        sep = ", "
    yield "]}\n"


def generate_json(G: nx.Graph, **_) -> str:
    """Node-link JSON with every attribute (lists and the study details kept)."""
    buf = io.StringIO()
    _write_pieces(buf, _json_pieces(G))
    return buf.getvalue()


def write_json(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    with atomic_output(path, force=force, protect=protect) as fh:
        _write_pieces(fh, _json_pieces(G))
    return [Path(path)]


# --- CSV ------------------------------------------------------------------------------------
def _csv_columns(G: nx.Graph) -> tuple[list[str], list[str]]:
    """The node columns (``id``, the known ones in order, others sorted) and edge columns."""
    nkinds = _attr_kinds(d for _, d in G.nodes(data=True))
    extra = sorted(set(nkinds) - set(NODE_COLUMNS))
    ncols = ["id"] + [c for c in NODE_COLUMNS if c in nkinds] + extra
    ecols = ["source", "target"] + sorted(_attr_kinds(d for _, _, d in G.edges(data=True)))
    return ncols, ecols


def _csv_nodes(G: nx.Graph, out, columns: list[str]) -> None:
    w = CsvWriter(out, columns)
    for n, d in G.nodes(data=True):
        w.writerow({"id": n, **flat_attrs(d)})


def _csv_flat_cell(x):
    """``csv_cell`` of a value as :func:`flat_attrs` leaves it (dropped values are empty)."""
    t = type(x)
    if t is int or t is float or t is bool:
        return x
    if t is str:
        return csv_cell(x)
    if x is None or isinstance(x, dict):
        return ""
    if isinstance(x, (list, tuple)):
        return csv_cell(";".join(map(str, x)))
    return csv_cell(x)


def _csv_edges(G: nx.Graph, out, columns: list[str]) -> None:
    w = CsvWriter(out, columns)
    keys = columns[2:]
    if "source" in keys or "target" in keys:  # an attribute named like an end wins, as in a dict
        for u, v, d in G.edges(data=True):
            w.writerow({"source": u, "target": v, **flat_attrs(d)})
        return
    cell = _csv_flat_cell
    seen: dict = {}  # (type, value) -> cell, for the few texts edges repeat
    cells: dict = {}  # node -> its cell
    for u, v, d in G.edges(data=True):
        cu = cells[u] if u in cells else cells.setdefault(u, csv_cell(u))
        cv = cells[v] if v in cells else cells.setdefault(v, csv_cell(v))
        row = [cu, cv]
        for k in keys:
            x = d.get(k)
            if type(x) is str:
                c = seen.get(x)
                if c is None:
                    c = cell(x)
                    if len(seen) < 65536:
                        seen[x] = c
                row.append(c)
            else:
                row.append(cell(x))
        w.write_cells(row)


def generate_csv(G: nx.Graph, **_) -> dict[str, str]:
    """``{"nodes": text, "edges": text}``: one row per node (``id`` first) and per edge."""
    prepare(G)
    ncols, ecols = _csv_columns(G)
    buf, ebuf = io.StringIO(), io.StringIO()
    _csv_nodes(G, buf, ncols)
    _csv_edges(G, ebuf, ecols)
    return {"nodes": buf.getvalue(), "edges": ebuf.getvalue()}


def csv_paths(path) -> tuple[Path, Path]:
    """``out/review.csv`` -> (``out/review-nodes.csv``, ``out/review-edges.csv``)."""
    p = Path(path)
    return p.with_name(p.stem + "-nodes.csv"), p.with_name(p.stem + "-edges.csv")


def write_csv(G: nx.Graph, path, *, force: bool = False, protect=(), **kw) -> list[Path]:
    """Both files streamed row by row; either both appear or neither."""
    npath, epath = csv_paths(path)
    for p in (npath, epath):  # neither file is written when the other one is refused
        check_output(p, force=force, protect=protect)
    prepare(G)
    ncols, ecols = _csv_columns(G)
    with atomic_output(npath, force=force, protect=protect) as nfh:
        _csv_nodes(G, nfh, ncols)
        with atomic_output(epath, force=force, protect=protect) as efh:
            _csv_edges(G, efh, ecols)
    return [npath, epath]


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
