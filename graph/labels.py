"""Node labels of the maps: what a node is called, and where its label goes.

:func:`display_label` is the one rule naming a node, as reviewers do ("Shi 2022"): the stored
document label, else the first author's family name and the year (of the document or of a
reference to the work), else a cut title, the journal and year, or the file name.

:func:`place_labels` puts labels beside their nodes without any two labels overlapping: labels
are taken in priority order (corpus articles first, then the most cited), each tries a fixed
list of positions around its node (right, left, above, below, the diagonals, then further out
with a leader line for labels that must be shown) and takes the first free one with the fewest
covered nodes (only labels that must be shown may cover a node); a label with no free position is
hidden.  The result depends only on the input,
so the same graph gives the same picture.  The HTML map runs the same procedure in the browser
(``templates/graph.js``, ``placeLabels``) on every zoom, with the sizes the browser measures.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

__all__ = ["display_label", "first_family", "Box", "Placed", "place_labels", "overlaps",
           "disambiguate", "TITLE_WIDTH"]

TITLE_WIDTH = 36  # characters of a title used as a label when nothing better is known


def first_family(authors) -> Optional[str]:
    """The first author's family name from CSL-JSON names (a JSON text or a list).

    >>> first_family('[{"family": "Shi", "given": "L"}, {"family": "Zhu", "given": "X"}]')
    'Shi'
    >>> first_family([{"literal": "WHO Working Group"}]), first_family("not json"), first_family(None)
    ('WHO Working Group', None, None)
    """
    if not authors:
        return None
    if isinstance(authors, str):
        try:
            authors = json.loads(authors)
        except ValueError:
            return None
    if not isinstance(authors, list) or not authors:
        return None
    a = authors[0]
    if isinstance(a, dict):
        name = a.get("family") or a.get("literal")
    else:
        name = str(a)
    name = " ".join(str(name or "").split())
    return name or None


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    if " " in cut[width // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "\u2026"


def display_label(label: Optional[str] = None, authors=None, year=None, title: Optional[str] = None,
                  journal: Optional[str] = None, path: Optional[str] = None,
                  width: int = TITLE_WIDTH) -> str:
    """What a node is called on a map.

    >>> display_label("Shi 2022a", title="Effect of human umbilical cord-derived MSCs")
    'Shi 2022a'
    >>> display_label(authors='[{"family": "Wu", "given": "X"}]', year=2021, title="Persistent symptoms")
    'Wu 2021'
    >>> display_label(title="Effect of human umbilical cord-derived mesenchymal stem cells on lung damage")
    'Effect of human umbilical\u2026'
    >>> display_label(journal="Lancet", year=2024), display_label(path="/data/x/m01.pdf")
    ('Lancet 2024', 'm01.pdf')
    """
    if label and str(label).strip():
        return " ".join(str(label).split())
    family = first_family(authors)
    if family:
        return f"{family} {int(year)}" if year else family
    if title and title.strip():
        return _cut(title, width)
    bits = [b for b in (journal, str(int(year)) if year else None) if b]
    if bits:
        return " ".join(bits)
    return (path or "?").replace("\\", "/").rsplit("/", 1)[-1]


def disambiguate(labels: dict, fixed: Iterable = ()) -> dict:
    """Give labels shared by several nodes a/b/c suffixes ("Wang 2020a", "Wang 2020b").

    ``labels``: node -> label, in priority order (the first of a clash gets "a").  Nodes in
    ``fixed`` (stored document labels, already unique among documents) keep theirs; the others
    take the next unused suffix.

    >>> disambiguate({"d1": "Wang 2020", "w7": "Wang 2020", "w9": "Wang 2020", "w3": "Li 2019"})
    {'d1': 'Wang 2020a', 'w7': 'Wang 2020b', 'w9': 'Wang 2020c', 'w3': 'Li 2019'}
    >>> disambiguate({"d1": "Wang 2020", "w7": "Wang 2020"}, fixed={"d1"})
    {'d1': 'Wang 2020', 'w7': 'Wang 2020b'}
    """
    fixed = set(fixed)
    groups: dict[str, list] = {}
    for n, lab in labels.items():
        groups.setdefault(lab, []).append(n)
    taken = set(labels.values())
    out = dict(labels)
    for lab, nodes in groups.items():
        if len(nodes) < 2:
            continue
        letters = (chr(c) for c in range(ord("a"), ord("z") + 1))
        movable = [n for n in nodes if n not in fixed]
        if len(movable) == len(nodes):
            pass  # every one gets a suffix, the first "a"
        else:
            next(letters)  # the stored label keeps its place as the "a" of the clash
        for n in movable:
            for c in letters:
                if lab + c not in taken:
                    out[n] = lab + c
                    taken.add(lab + c)
                    break
            else:
                out[n] = f"{lab} [{n}]"
    return out


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in screen units (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: "Box", gap: float = 0.0) -> bool:
        return (self.x0 < other.x1 + gap and other.x0 < self.x1 + gap
                and self.y0 < other.y1 + gap and other.y0 < self.y1 + gap)

    def hits_circle(self, cx: float, cy: float, r: float) -> bool:
        dx = cx - min(max(cx, self.x0), self.x1)
        dy = cy - min(max(cy, self.y0), self.y1)
        return dx * dx + dy * dy < r * r


@dataclass(frozen=True)
class Placed:
    """A placed label: its box, the text anchor (left, top) and whether a leader line is drawn."""

    node: object
    box: Box
    leader: bool


# Directions tried around a node, in order: right, left, above, below, then the diagonals.
_DIRS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))
RINGS_OPTIONAL = (0,)  # a label that may be hidden only tries the positions next to its node
RINGS_REQUIRED = (0, 1, 2, 3, 4, 6, 8)  # one that must be shown also tries further out


def _candidate(x: float, y: float, r: float, w: float, h: float, d: tuple, ring: int, gap: float) -> Box:
    """The box of a ``w`` x ``h`` label on side ``d`` of a node of radius ``r`` at (x, y),
    pushed ``ring`` label heights further out."""
    dx, dy = d
    off = gap + ring * h
    if dy == 0:  # beside the node, vertically centred
        left = x + r + off if dx > 0 else x - r - off - w
        top = y - h / 2
    elif dx == 0:  # above or below, horizontally centred
        left = x - w / 2
        top = y - r - off - h if dy < 0 else y + r + off
    else:  # diagonal: the corner of the label touches the circle's bounding square
        k = r * 0.7071 + off
        left = x + k if dx > 0 else x - k - w
        top = y - k - h if dy < 0 else y + k
    return Box(left, top, left + w, top + h)


class _Grid:
    """Buckets of boxes/circles for quick overlap queries."""

    def __init__(self, cell: float):
        self.cell = max(cell, 1.0)
        self.cells: dict[tuple[int, int], list] = {}

    def _keys(self, x0, y0, x1, y1):
        c = self.cell
        for i in range(int(math.floor(x0 / c)), int(math.floor(x1 / c)) + 1):
            for j in range(int(math.floor(y0 / c)), int(math.floor(y1 / c)) + 1):
                yield i, j

    def add(self, item, x0, y0, x1, y1) -> None:
        for k in self._keys(x0, y0, x1, y1):
            self.cells.setdefault(k, []).append(item)

    def near(self, b: Box) -> list:
        seen, out = set(), []
        for k in self._keys(b.x0, b.y0, b.x1, b.y1):
            for item in self.cells.get(k, ()):
                if id(item) not in seen:
                    seen.add(id(item))
                    out.append(item)
        return out


def place_labels(items: Sequence[dict], bounds: Box, blocked: Iterable[Box] = (),
                 circles: Iterable[tuple] = (), gap: float = 3.0, pad: float = 1.0) -> list[Placed]:
    """Place labels without overlaps; return the placed ones (the others are hidden).

    Parameters
    ----------
    items : sequence of dict
        In priority order, each ``{"node", "x", "y", "r", "w", "h", "required"}``: the node's
        centre and radius and the label's size, in one unit (pixels or points).
    bounds : Box
        Labels stay inside.
    blocked : iterable of Box
        Areas no label may cover (legend, title, axis).
    circles : iterable of (node, x, y, r)
        Nodes that labels should not cover (a covered node costs, it is not forbidden).
    gap : float
        Distance between a node's circle and its label.
    pad : float
        Kept free around each label (so outlines do not touch).

    >>> items = [{"node": "a", "x": 50, "y": 50, "r": 5, "w": 40, "h": 12, "required": True},
    ...          {"node": "b", "x": 60, "y": 50, "r": 5, "w": 40, "h": 12, "required": True}]
    >>> [(p.node, p.box.x0, p.box.y0) for p in place_labels(items, Box(0, 0, 200, 200),
    ...                                                      circles=[("a", 50, 50, 5), ("b", 60, 50, 5)])]
    [('a', 2.0, 44.0), ('b', 68.0, 44.0)]
    """
    items = list(items)
    size = max((max(it["w"], it["h"]) for it in items), default=20.0)
    labels = _Grid(size)
    circles = list(circles)
    dots = _Grid(max(24.0, 2 * max((c[3] for c in circles), default=12.0)))  # small cells: few nodes each
    for b in blocked:
        labels.add(b, b.x0, b.y0, b.x1, b.y1)
    for node, cx, cy, r in circles:
        dots.add((node, cx, cy, r), cx - r, cy - r, cx + r, cy + r)
    placed: list[Placed] = []
    for it in items:
        x, y, r, w, h = it["x"], it["y"], it["r"], it["w"], it["h"]
        best, best_cost = None, None
        rings = RINGS_REQUIRED if it.get("required") else RINGS_OPTIONAL
        for ring in rings:
            for di, d in enumerate(_DIRS):
                b = _candidate(x, y, r, w, h, d, ring, gap)
                if b.x0 < bounds.x0 or b.y0 < bounds.y0 or b.x1 > bounds.x1 or b.y1 > bounds.y1:
                    continue
                if any(b.hits(o, pad) for o in labels.near(b)):
                    continue
                covered = sum(1 for (n, cx, cy, cr) in dots.near(b)
                              if n != it["node"] and b.hits_circle(cx, cy, cr))
                if covered and not it.get("required"):
                    continue  # a label that may be hidden never covers a node
                # A covered node costs more than moving one ring out; the first direction wins ties.
                cost = (covered * 2 + ring, ring, di)
                if best_cost is None or cost < best_cost:
                    best, best_cost = b, cost
            if best is not None and best_cost[0] <= ring:
                break  # a free spot at this distance: no need to look further out
        if best is None:
            continue
        labels.add(best, best.x0, best.y0, best.x1, best.y1)
        placed.append(Placed(it["node"], best, best_cost[1] > 0))
    return placed


def overlaps(boxes: Sequence[tuple], tol: float = 0.0) -> list[tuple[int, int]]:
    """Index pairs of overlapping ``(x0, y0, x1, y1)`` boxes (overlaps of at most ``tol`` ignored).

    >>> overlaps([(0, 0, 10, 10), (9, 9, 20, 20), (30, 0, 40, 5)])
    [(0, 1)]
    >>> overlaps([(0, 0, 10, 10), (9.5, 0, 20, 10)], tol=0.5)
    []
    """
    out = []
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    for a_pos, i in enumerate(order):
        ax0, ay0, ax1, ay1 = boxes[i]
        for j in order[a_pos + 1:]:
            bx0, by0, bx1, by1 = boxes[j]
            if bx0 >= ax1 - tol:
                break
            if min(ax1, bx1) - max(ax0, bx0) > tol and min(ay1, by1) - max(ay0, by0) > tol:
                out.append((min(i, j), max(i, j)))
    return sorted(out)
