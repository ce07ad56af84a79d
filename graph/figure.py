"""The static map (SVG, PNG) for a slide: title, arrows, labels that never overlap, a legend.

The figure is 16 x 10 inches; it is drawn in pixel units of its 100-dpi rendering (1600 x 1000,
y downwards), so node radii, label boxes and the legend are placed with one arithmetic.  Label
text is at least 10 pt (14 px at 1600 px wide); corpus articles are always labelled (further
out with a leader line when the space beside them is taken), other nodes by citations while
room is left (:func:`graph.labels.place_labels`).  Each label's text is an SVG group with id
``label-<node>``; the legend is the group ``legend`` and its entries ``legend-*``.
"""
from __future__ import annotations

import math
from typing import Optional

import networkx as nx

from .html import default_title
from .labels import Box, place_labels
from .layout import NO_TOPIC_COLOUR, fit, top_nodes, topic_legend, year_ticks
from .view import priority

__all__ = ["draw", "WIDTH", "HEIGHT", "DPI", "LABEL_PT", "CORPUS_LABEL_PT"]

WIDTH, HEIGHT, DPI = 1600, 1000, 100
PX_PER_PT = DPI / 72.0
LABEL_PT = 10.0  # labels of references
CORPUS_LABEL_PT = 11.0  # labels of corpus articles
LEGEND_PT = 10.5
TITLE_PT = 17.0
SUBTITLE_PT = 11.0
LEGEND_W = 300  # the legend panel on the right
TOP = 84  # title and subtitle above the map
EDGE_GREY = "#7a7a7a"
CROSS = "#a2409a"  # cross-topic links (as in the HTML map)
CLUSTER_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                   "#ff9da7", "#9c755f", "#bab0ac")
MAX_OPTIONAL_LABELS = 150
MAX_REQUIRED_LABELS = 300  # beyond this many corpus articles, they compete like the others
_EDGE_WORDS = {"citation": ("cites (arrow: cited work)", "citation across topics"),
               "cocitation": ("co-cited (width: how often)", "co-citation across topics"),
               "coupling": ("shared references (width)", "coupling across topics")}


class _Metrics:
    """Text widths and the font's ascent/descent in pixels (Agg, the same font files the SVG names)."""

    def __init__(self, fig):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.font_manager import FontProperties, findfont, get_font

        self.renderer = FigureCanvasAgg(fig).get_renderer()
        self.FontProperties = FontProperties
        font = get_font(findfont(FontProperties()))
        self.ascent = font.ascender / font.units_per_EM
        self.descent = -font.descender / font.units_per_EM

    def width(self, text: str, pt: float) -> float:
        w, _, _ = self.renderer.get_text_width_height_descent(text, self.FontProperties(size=pt), ismath=False)
        return w

    def line(self, pt: float) -> tuple[float, float]:
        """(ascent, descent) in pixels at ``pt``."""
        px = pt * PX_PER_PT
        return self.ascent * px, self.descent * px


def _radius(G: nx.Graph, nodes, big: bool) -> dict:
    top = max((G.nodes[n].get("citations", G.nodes[n].get("cited_by", 0)) or 0 for n in nodes), default=0)
    rmax = 22.0 if not big else 14.0
    out = {}
    for n in nodes:
        d = G.nodes[n]
        base = 6.0 if d.get("in_corpus") else 4.0
        c = d.get("citations", d.get("cited_by", 0)) or 0
        out[n] = base + (rmax - 6.0) * math.sqrt(c / top) if top else base
    return out


def _colours(G: nx.Graph, nodes, by: str) -> tuple[dict, list[tuple[str, str, str]]]:
    """Node colours and the legend's (key, colour, text) entries for the colours in use."""
    if by == "cluster":
        names = G.graph.get("cluster_labels", {})
        present = sorted({G.nodes[n].get("cluster") for n in nodes if G.nodes[n].get("cluster") is not None})
        col = {c: CLUSTER_PALETTE[c % len(CLUSTER_PALETTE)] for c in present}
        shown = present[:len(CLUSTER_PALETTE)]
        entries = [(f"cluster-{c}", col[c], f"{c + 1}: {names.get(c, names.get(str(c), ''))}") for c in shown]
        if len(present) > len(shown):
            entries.append(("cluster-more", "#ffffff", f"colours repeat after {len(shown)} clusters"))
        return {n: col.get(G.nodes[n].get("cluster"), NO_TOPIC_COLOUR) for n in nodes}, entries
    present = {G.nodes[n].get("topic") for n in nodes}
    entries = [(f"topic-{t['name']}", t["colour"], t["label"]) for t in topic_legend(G) if t["name"] in present]
    if None in present:
        entries.append(("topic-none", NO_TOPIC_COLOUR, "no topic"))
    return {n: G.nodes[n].get("colour", NO_TOPIC_COLOUR) for n in nodes}, entries


# control characters have no glyph: tabs and line breaks become spaces, the rest (an escape
# character in a title) is left out of the drawn text
_CONTROL = {c: (" " if c in (9, 10, 13) else None) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}


def _cut(text: str, n: int) -> str:
    """``text`` as drawn: control characters out, at most ``n`` characters (an ellipsis ends a
    longer one)."""
    text = text.translate(_CONTROL)
    return text if len(text) <= n else text[:n - 1].rstrip() + "\u2026"


def draw(G: nx.Graph, title: Optional[str] = None, cap: int = 1500, colour_by: str = "topic"):
    """The figure of ``G`` (positions from :func:`graph.layout.prepare`); returns a matplotlib
    Figure (no pyplot state)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    fig.patch.set_facecolor("white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(HEIGHT, 0)
    ax.set_axis_off()
    met = _Metrics(fig)
    kind = G.graph.get("kind", "citation")
    year_layout = G.graph.get("layout") == "year"
    keep = top_nodes(G, cap)
    keep_set = set(keep)
    area = Box(24.0, TOP + 10.0, WIDTH - LEGEND_W - 24.0, HEIGHT - (52.0 if year_layout else 16.0))
    inner = Box(area.x0 + 30, area.y0 + 16, area.x1 - 30, area.y1 - 16)
    unit = fit(G, keep)  # the drawn nodes fill the map (a linear rescaling: year columns stay)
    pos = {n: (inner.x0 + (inner.x1 - inner.x0) * x, inner.y0 + (inner.y1 - inner.y0) * y)
           for n, (x, y) in unit.items()}
    rad = _radius(G, keep, big=len(keep) > 300)
    colour, colour_entries = _colours(G, keep, colour_by)

    # --- edges: one collection per colour, arrowheads as one polygon collection --------------
    lines = {EDGE_GREY: [], CROSS: []}
    widths = {EDGE_GREY: [], CROSS: []}
    heads = []
    head_colours = []
    for u, v, d in G.edges(data=True):
        if u not in keep_set or v not in keep_set or u == v:
            continue
        (x1, y1), (x2, y2) = pos[u], pos[v]
        L = math.hypot(x2 - x1, y2 - y1)
        if L < rad[u] + rad[v] + 2:
            continue
        ux, uy = (x2 - x1) / L, (y2 - y1) / L
        c = CROSS if d.get("cross_topic") else EDGE_GREY
        sx, sy = x1 + ux * rad[u], y1 + uy * rad[u]
        ex, ey = x2 - ux * (rad[v] + 1), y2 - uy * (rad[v] + 1)
        if G.is_directed():
            hl, hw = 10.0, 4.2
            bx, by = ex - ux * hl, ey - uy * hl
            heads.append([(ex, ey), (bx - uy * hw, by + ux * hw), (bx + uy * hw, by - ux * hw)])
            head_colours.append(c)
            ex, ey = bx + ux * 1.0, by + uy * 1.0
        lines[c].append([(sx, sy), (ex, ey)])
        widths[c].append(round(0.7 + 0.6 * min(math.log1p(d.get("weight", 1) or 1), 3.0), 2))
    n_edges = sum(len(v) for v in lines.values())
    alpha = 0.55 if n_edges < 400 else max(0.18, 0.55 * math.sqrt(400 / n_edges))
    for c in (EDGE_GREY, CROSS):
        if lines[c]:
            lc = LineCollection(lines[c], colors=c, linewidths=widths[c], alpha=alpha, zorder=1,
                                capstyle="butt")
            lc.set_gid("edges-cross" if c == CROSS else "edges")
            ax.add_collection(lc)
    if heads:
        pc = PolyCollection(heads, facecolors=head_colours, edgecolors="none", alpha=min(0.9, alpha + 0.25),
                            zorder=1.5)
        pc.set_gid("arrows")
        ax.add_collection(pc)

    # --- nodes --------------------------------------------------------------------------------
    order = sorted(keep, key=lambda n: (rad[n], str(n)))
    ax.scatter([pos[n][0] for n in order], [pos[n][1] for n in order],
               s=[(2 * rad[n] / PX_PER_PT) ** 2 for n in order], c=[colour[n] for n in order],
               edgecolors=["#1a1a1a" if G.nodes[n].get("in_corpus") else "#ffffff" for n in order],
               linewidths=[1.3 if G.nodes[n].get("in_corpus") else 0.6 for n in order], zorder=2,
               gid="nodes")

    # --- title, subtitle ------------------------------------------------------------------------
    ax.text(24, 34, _cut(title or default_title(G), 110), fontsize=TITLE_PT, fontweight="bold",
            color="#111111", ha="left", va="baseline", gid="title", parse_math=False)
    sub = G.graph.get("view_note") or f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
    if len(keep) < G.number_of_nodes():
        sub += f"; the {len(keep)} best-connected nodes drawn"
    sub += "; layout: publication year" if year_layout else "; layout: force-directed (fixed seed)"
    ax.text(24, 62, _cut(sub, 200), fontsize=SUBTITLE_PT, color="#444444", ha="left", va="baseline",
            gid="subtitle", parse_math=False)

    # --- year axis ----------------------------------------------------------------------------
    blocked = []
    if year_layout:
        axis_y = area.y1 + 8
        ax.plot([area.x0, area.x1], [axis_y, axis_y], color="#999999", linewidth=0.8, zorder=0.5)
        for text, x in year_ticks(G, unit):
            px = inner.x0 + (inner.x1 - inner.x0) * x
            ax.plot([px, px], [area.y0, axis_y], color="#e6e6e6", linewidth=0.8, zorder=0.2)
            ax.text(px, axis_y + 22, text, fontsize=LABEL_PT, color="#444444", ha="center",
                    va="baseline", gid=f"year-{text}", parse_math=False)

    # --- labels -----------------------------------------------------------------------------------
    ranked = sorted(keep, key=lambda n: priority(G, n))
    required = [n for n in ranked if G.nodes[n].get("in_corpus")][:MAX_REQUIRED_LABELS]
    req_set = set(required)
    optional = [n for n in ranked if n not in req_set][:MAX_OPTIONAL_LABELS]
    items = []
    pad_x, pad_y = 2.0, 1.0
    for n in required + optional:
        pt = CORPUS_LABEL_PT if G.nodes[n].get("in_corpus") else LABEL_PT
        text = _cut(str(G.nodes[n].get("label") or n), 40)
        asc, desc = met.line(pt)
        items.append({"node": n, "x": pos[n][0], "y": pos[n][1], "r": rad[n],
                      "w": met.width(text, pt) + 2 * pad_x, "h": asc + desc + 2 * pad_y,
                      "required": n in req_set, "text": text, "pt": pt, "asc": asc})
    placed = place_labels(items, area, blocked=blocked,
                          circles=[(n, pos[n][0], pos[n][1], rad[n]) for n in keep], gap=3.0, pad=1.5)
    by_node = {it["node"]: it for it in items}
    leaders = []
    for p in placed:
        it = by_node[p.node]
        b = p.box
        bg = Rectangle((b.x0, b.y0), b.x1 - b.x0, b.y1 - b.y0, facecolor="white", edgecolor="none",
                       alpha=0.78, zorder=3)
        bg.set_gid(f"labelbg-{p.node}")
        ax.add_patch(bg)
        corpus = G.nodes[p.node].get("in_corpus")
        ax.text(b.x0 + pad_x, b.y0 + pad_y + it["asc"], it["text"], fontsize=it["pt"],
                color="#111111" if corpus else "#3a3a3a", ha="left", va="baseline", zorder=4,
                gid=f"label-{p.node}", parse_math=False)
        if p.leader:
            x, y = pos[p.node]
            cx, cy = min(max(x, b.x0), b.x1), min(max(y, b.y0), b.y1)
            L = math.hypot(cx - x, cy - y) or 1.0
            leaders.append([(x + (cx - x) / L * rad[p.node], y + (cy - y) / L * rad[p.node]), (cx, cy)])
    if leaders:
        lc = LineCollection(leaders, colors="#222222", linewidths=1.0, linestyles=(0, (2.5, 2)), zorder=2.5)
        lc.set_gid("leaders")
        ax.add_collection(lc)
    done = {p.node for p in placed}
    fig.evidence_labels = {"placed": len(placed), "candidates": len(items),
                           "corpus_unlabelled": [n for n in required if n not in done]}

    # --- legend panel -----------------------------------------------------------------------
    _legend(ax, G, kind, colour_by, colour_entries, rad, keep, bool(leaders))
    return fig


def _legend(ax, G, kind, colour_by, colour_entries, rad, keep, leaders: bool) -> None:
    from matplotlib.patches import Rectangle

    x0 = WIDTH - LEGEND_W + 8
    y = TOP + 4
    top_r = max(rad.values(), default=6.0)
    mark_x = x0 + 4 + max(12.0, top_r)  # marks centred here, text right of the largest circle
    text_x = mark_x + max(12.0, top_r) + 10

    def heading(text):
        nonlocal y
        y += 30
        ax.text(x0 + 4, y, text, fontsize=LEGEND_PT, fontweight="bold", color="#222222", ha="left",
                va="baseline", gid=f"legend-heading-{text.split()[0].lower()}", parse_math=False)
        y += 4

    def entry(key, text, draw_mark):
        nonlocal y
        y += 21
        draw_mark(mark_x, y - 4.5)
        ax.text(text_x, y, _cut(text, 30), fontsize=LEGEND_PT, color="#222222", ha="left",
                va="baseline", gid=f"legend-{key}", parse_math=False)

    heading("Colour: " + ("cluster (top title terms)" if colour_by == "cluster" else "topic"))
    for key, c, text in colour_entries:
        entry(key, text, lambda x, yy, c=c: ax.scatter([x], [yy], s=(12 / PX_PER_PT) ** 2, c=[c],
                                                       edgecolors="#555555", linewidths=0.5, zorder=5))
    heading("Size: corpus articles citing it")
    counts = sorted({G.nodes[n].get("citations", G.nodes[n].get("cited_by", 0)) or 0 for n in keep})
    top = counts[-1] if counts else 0
    samples = sorted({c for c in (1, round(top / 2), top) if c >= 1}) if top else [0]
    for c in samples:
        r = 4.0 + (top_r - 4.0) * math.sqrt(c / top) if top else 4.0
        y += max(0, r - 8)
        entry(f"size-{c}", f"{c} citing article{'s' if c != 1 else ''}",
              lambda x, yy, r=r: ax.scatter([x], [yy], s=(2 * r / PX_PER_PT) ** 2, c=["#bdbdbd"],
                                            edgecolors="#777777", linewidths=0.5, zorder=5))
        y += max(0, r - 8)
    heading("Nodes")
    entry("corpus", "corpus article (outlined)",
          lambda x, yy: ax.scatter([x], [yy], s=(14 / PX_PER_PT) ** 2, c=["#ffffff"], edgecolors="#1a1a1a",
                                   linewidths=1.3, zorder=5))
    if kind != "coupling":
        entry("reference", "reference, not in corpus",
              lambda x, yy: ax.scatter([x], [yy], s=(10 / PX_PER_PT) ** 2, c=["#cfcfcf"],
                                       edgecolors="#ffffff", linewidths=0.6, zorder=5))
    heading("Edges")
    plain, cross = _EDGE_WORDS.get(kind, ("link", "link across topics"))

    def arrow(x, yy, c):
        ax.plot([x - 14, x + 8], [yy, yy], color=c, linewidth=1.2, zorder=5)
        if G.is_directed():
            ax.fill([x + 14, x + 5, x + 5], [yy, yy - 4.2, yy + 4.2], color=c, zorder=5, linewidth=0)
    entry("edge", plain, lambda x, yy: arrow(x, yy, EDGE_GREY))
    if any(d.get("cross_topic") for _, _, d in G.edges(data=True)):
        entry("edge-cross", cross, lambda x, yy: arrow(x, yy, CROSS))
    if leaders:
        entry("leader", "leader line: label set apart",
              lambda x, yy: ax.plot([x - 14, x + 14], [yy, yy], color="#222222", linewidth=1.0,
                                    linestyle=(0, (2.5, 2)), zorder=5))
    frame = Rectangle((x0 - 8, TOP), LEGEND_W - 16, y - TOP + 16, facecolor="#f7f7f7",
                      edgecolor="#dddddd", linewidth=0.8, zorder=0.1)
    frame.set_gid("legend")
    ax.add_patch(frame)
