"""Tables of a PDF page from glyph geometry and ruling lines.

The PDF reader (:mod:`extractor.readers.pdf`) calls :func:`find_tables` on each page's lines
before it orders them.  A table is found from its caption (``Table 2``, ``TABLE II``) — or, on
the next page, from its repeated header row — and read downwards:

1. **Region.** The lines under the caption inside its horizontal extent (the caption's column,
   or the whole text width for a caption wider than a column, widened to the ruling lines
   below it), until a gap of more than two lines, another caption, or a line of body text
   (body size, one stretch of text across most of the width, outside the rules).  A
   caption in the lower half of a page with nothing under it starts its table on the next
   page.  A chart drawn under the caption (a table printed as a picture: filled shapes that
   no text sits on, :func:`chart_lines`) gives no rows: its tick labels, legend and axis
   title are figure text.
2. **Chunks.** Each line is cut where its glyphs stand apart by more than 0.6 of the font
   size: a cell's words stay together, neighbouring cells part.
3. **Columns.** Vertical ruling lines when the table draws them; otherwise the free vertical
   bands of the projection of the body rows' chunks (rows of one chunk — a section row, a
   note — and header rows, whose cells may span columns, do not count; nor do the few cells
   that span two columns, a label centred over them or values set flush left in a narrow
   column that reach where the next one starts, nor the labels of rows of a label and a value
   or two — a section row with its P value — among rows of a cell in every column).  Rows set
   in from the left edge, all from one place, stand in a stub column of their own; header
   labels standing clear inside a wide free band, between labels over the columns on either
   side, stand in a column of their own; a table run on over pages keeps the columns of the
   page before, gaining such a stub column when the rows of a later page show it.
4. **Rows.** Lines sharing a baseline; a line set closer to the previous one than the table's
   usual row gap (or between the same two ruling lines) continues its cells (multi-line
   cells); a raised footnote marker lifts the top of its line, not its bottom.
5. **Header rows.** The rows above the first horizontal rule inside the table (a booktabs
   rule under the header), and rows of bold labels right under it; in a fully ruled grid, or
   without rules, the leading rows set in bold; else the first row.  A header chunk wider than
   a column spans the columns it covers.
6. **Footnotes.** One-chunk lines under the last row (below the last rule when there is one).

The result per table is a :class:`TablePart` (caption lines, rows of cells, footnote lines);
the reader writes it into the text and builds the :class:`~extractor.model.Table` records.
A part at the top of a page whose first row repeats the header of the previous page's last
table continues that table; so do rows at the top of a page, in that table's font size, whose
cells stand in its columns (a table run on without its header printed again).
"""
from __future__ import annotations

import bisect
import ctypes
import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import Callable, Optional

import numpy as np

import pypdfium2.raw as pdfium_c

__all__ = ["CAPTION", "FIGURE", "Rules", "page_rules", "figure_lines", "chart_lines", "TablePart", "Cell", "find_tables", "chunks_of"]

#: a table caption: "Table 2", "TABLE II", "Table S1", "Table 3a" (label, then text or nothing)
CAPTION = re.compile(r"^\s*(Table|TABLE)\s+([A-Z]?\d{1,3}[A-Za-z]?|[IVXLC]{1,6})(?=$|[\s.:|])")
#: a cell holding a number (a count, a percentage, a mean and SD, a P value, a range)
_NUMERIC = re.compile(r"^\s*[-−–+<>≤≥=]?\s*\d[\d\s.,·%±()\[\]/:;–−-]*$")


def _is_caption(text: str) -> bool:
    """A table caption, not a sentence that names the table ("Table 1 presents ...", "Table 2
    shows ...": a caption's title opens with a capital, a digit or punctuation)."""
    t0 = text[:1]
    if not (t0 in LABEL_FIRST or t0.isspace()):
        return False  # (what CAPTION would find: no label opens the line)
    m = CAPTION.match(text)
    if not m:
        return False
    rest = text[m.end():].lstrip()
    return not (rest[:1].islower() or rest[:1] in "(,;")


_OTHER_CAPTION = re.compile(r"^\s*(Table|TABLE|Figure|FIGURE|Fig\.|FIG\.)\s+([A-Z]?\d{1,3}[A-Za-z]?|[IVXLC]{1,6})(?=$|[\s.:|])")
#: a float's label on a line of its own: "Figure 3", "Fig. (8)", "Table 2."
_LABEL = re.compile(r"^\s*(Table|TABLE|Figure|FIGURE|Fig\.?|FIG\.?)\s*\(?([A-Z]?\d{1,3}[A-Za-z]?|[IVXLC]{1,6})\)?[.:]?$")
#: the first character of a float's label or caption other than white space (``CAPTION``,
#: ``FIGURE``, ``_OTHER_CAPTION`` and ``_LABEL`` match no line that opens with anything else)
LABEL_FIRST = frozenset("TF")
_PATH = 2
_IMAGE = 3


@dataclass
class Rules:
    """Ruling lines of a page in top-left coordinates: horizontal ``(x0, y, x1)``, vertical
    ``(x, top, bottom)``."""

    h: np.ndarray
    v: np.ndarray
    #: boxes ``(x0, top, x1, bottom)`` of every path and image of the page (figure graphics)
    shapes: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))


def page_rules(page) -> Rules:
    """Thin path objects of the page (table rules and cell borders)."""
    raw = page.raw
    n = pdfium_c.FPDFPage_CountObjects(raw)
    height = page.get_height()
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    get, kind = _object_calls()
    bounds = pdfium_c.FPDFPageObj_GetBounds
    hs, vs, shapes = [], [], []
    # a printed page may hold thousands of text objects (one per glyph): ask only for their
    # types in one pass, then for the boxes of the few paths and images
    page = ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
    objs = list(map(get, repeat(page, n), range(n)))
    kinds = np.fromiter(map(kind, objs), dtype=np.int32, count=n)
    for i in np.flatnonzero((kinds == _PATH) | (kinds == _IMAGE)).tolist():
        k = int(kinds[i])
        obj = ctypes.c_void_p(objs[i])
        if not bounds(ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT), l, b, r, t):
            continue
        x0, x1, top, bot = l.value, r.value, height - t.value, height - b.value
        shapes.append((x0, top, x1, bot))
        if k == _IMAGE:
            continue
        w, h = x1 - x0, bot - top
        if h <= 2.0 and w >= 8.0:
            hs.append((x0, (top + bot) / 2, x1))
        elif w <= 2.0 and h >= 6.0:
            vs.append(((x0 + x1) / 2, top, bot))
        elif w > 8.0 and h > 6.0:
            # a filled or stroked rectangle: its edges rule the table like lines would
            hs.append((x0, top, x1))
            hs.append((x0, bot, x1))
            vs.append((x0, top, bot))
            vs.append((x1, top, bot))
    return Rules(np.array(hs, dtype=float).reshape(-1, 3), np.array(vs, dtype=float).reshape(-1, 3),
                 np.array(shapes, dtype=float).reshape(-1, 4))


#: a figure caption: "Figure 2", "Fig. 3", "FIGURE 1"
FIGURE = re.compile(r"^\s*(Figure|FIGURE|Fig\.?|FIG\.?)\s*([A-Z]?\d{1,3}[A-Za-z]?)(?=$|[\s.:|])")


def figure_lines(lines: list, rules: Rules) -> list:
    """Lines drawn inside a figure (axis labels, tick values, legends): lines that lie within
    the cluster of graphics right above a figure caption, widened by a line's height.  Captions
    and lines as wide as the figure stay in the text flow."""
    if rules.shapes.size == 0:
        return []
    out: list = []
    seen: set = set()
    sh = rules.shapes
    for cap in (l for l in lines if not l.rotated and FIGURE.match(l.text)):
        size = cap.size
        # graphics ending just above the caption, overlapping it horizontally
        near = sh[(sh[:, 3] <= cap.top + 2) & (sh[:, 3] > cap.top - 6 * size - 40) & (sh[:, 2] > cap.x0) & (sh[:, 0] < cap.x1 + 200)]
        if near.shape[0] < 2:
            continue
        box = _grown(sh, near, 1.5 * size, sh[:, 3] <= cap.top + 2)
        # labels sit around the graphics: axis titles under them down to the caption, a legend
        # beside them
        pad = 2.0 * size
        bot = cap.top if cap.top - box[3] < 6 * size else box[3] + pad
        for l in lines:
            if id(l) in seen or l is cap or FIGURE.match(l.text):
                continue
            side = 6 * size if len(l.text.split()) <= 4 else pad
            if (l.x0 >= box[0] - side and l.x1 <= box[2] + side and l.top >= box[1] - pad and l.bottom <= bot + 1
                    and l.width < 0.8 * (box[2] - box[0] + 2 * side)):
                out.append(l)
                seen.add(id(l))
    return out


def _grown(sh: np.ndarray, seed: np.ndarray, pad: float, allowed: np.ndarray) -> list:
    """The box of the ``seed`` graphics, grown by the ``allowed`` graphics that touch it (within
    ``pad``) until none more do."""
    box = [float(seed[:, 0].min()), float(seed[:, 1].min()), float(seed[:, 2].max()), float(seed[:, 3].max())]
    grown = True
    while grown:
        m = (sh[:, 0] < box[2] + pad) & (sh[:, 2] > box[0] - pad) & (sh[:, 1] < box[3] + pad) & (sh[:, 3] > box[1] - pad) & allowed
        nb = [min(box[0], float(sh[m, 0].min())), min(box[1], float(sh[m, 1].min())),
              max(box[2], float(sh[m, 2].max())), max(box[3], float(sh[m, 3].max()))] if m.any() else box
        grown = nb != box
        box = nb
    return box


def chart_lines(lines: list, rules: Rules, at_top: bool = False) -> list:
    """Lines drawn inside a chart right under a table caption (a table printed as a picture:
    tick labels, a legend, axis titles) — or at the top of the page, ``at_top``, under a caption
    that ended the page before: the caption is followed, within its first three lines, by
    graphics holding two filled shapes or more (bars, legend keys) none of which any line of
    text sits on (a table's shaded cells hold their text); the lines within those graphics,
    widened by two line heights, belong to the chart, and a short line right under them (an axis
    title)."""
    sh = rules.shapes
    upright = sorted((l for l in lines if not l.rotated), key=lambda l: l.top)
    if sh.shape[0] < 2 or not upright:
        return []
    out: list = []
    seen: set = set()
    # where a chart may start: (the caption or None, y under it, its left and right, the type size)
    starts = [(c, c.bottom, c.x0, c.x1, c.size) for c in upright if _is_caption(c.text)]
    if at_top:
        starts.insert(0, (None, upright[0].top - 1, min(l.x0 for l in upright), max(l.x1 for l in upright),
                          float(statistics.median(l.size for l in upright))))
    for cap, y, x0, x1, size in starts:
        near = sh[(sh[:, 1] >= y - 1) & (sh[:, 1] < y + 6 * size + 40) & (sh[:, 2] > x0) & (sh[:, 0] < x1 + 300)]
        if near.shape[0] < 1:
            continue
        box = _grown(sh, near, 1.5 * size, sh[:, 1] >= y - 1)
        m = (sh[:, 0] >= box[0]) & (sh[:, 2] <= box[2]) & (sh[:, 1] >= box[1]) & (sh[:, 3] <= box[3])
        inner = sh[m]
        filled = inner[(inner[:, 2] - inner[:, 0] > 8.0) & (inner[:, 3] - inner[:, 1] > 6.0)]
        # the graphics start within the first three lines under the caption (not under a
        # table's rows, a figure after it)
        under = [l for l in upright if l.top > y - 0.3 * size and l.x1 > box[0] and l.x0 < box[2]][:3]
        if filled.shape[0] < 2 or (under and float(filled[:, 1].min()) > under[-1].bottom):
            continue
        pad = 2.0 * size
        around = [l for l in upright if id(l) not in seen and l is not cap and not _OTHER_CAPTION.match(l.text)
                  and l.x0 >= box[0] - 6 * size and l.x1 <= box[2] + 6 * size and l.top >= box[1] - pad and l.bottom <= box[3] + pad]
        if not around or any(
                f[0] < (l.x0 + l.x1) / 2 < f[2] and f[1] < (l.top + l.bottom) / 2 < f[3] for l in around for f in filled.tolist()):
            continue
        # an axis title under the labels under the graphics (a short line inside them, a line
        # apart at most)
        low = max(l.bottom for l in around)
        for l in upright:
            if (id(l) not in seen and l not in around and low - 0.3 * l.size < l.top < low + l.size and l.x0 >= box[0]
                    and l.x1 <= box[2] and l.width < 0.8 * (box[2] - box[0]) and len(l.text.split()) <= 6
                    and not _is_caption(l.text) and not _OTHER_CAPTION.match(l.text)):
                around.append(l)
                low = l.bottom
        for l in around:
            out.append(l)
            seen.add(id(l))
    return out


@lru_cache(maxsize=1)
def _object_calls():
    """``FPDFPage_GetObject`` and ``FPDFPageObj_GetType`` on plain addresses (the typed
    bindings cost more per call than the page has time for).  ``FPDFPage_GetObject`` takes
    the page as a ``c_void_p`` and the index as a plain int, unchecked: converting its two
    arguments through declared types was a third of the page's object scan.  Both are called
    holding the GIL (``PYFUNCTYPE``): two look-ups in pdfium's object list cost less than
    releasing and taking it back, which was a fifth of each call."""
    vp = ctypes.c_void_p
    get = ctypes.PYFUNCTYPE(vp)(ctypes.cast(pdfium_c.FPDFPage_GetObject, vp).value)
    get.argtypes = None
    kind = ctypes.PYFUNCTYPE(ctypes.c_int, vp)(ctypes.cast(pdfium_c.FPDFPageObj_GetType, vp).value)
    return get, kind


@dataclass
class Cell:
    row: int
    col: int
    col_span: int
    header: bool
    chunks: list  # chunk lines (``_Line``) in reading order


@dataclass
class TablePart:
    label: Optional[str]
    caption: list  # caption lines
    rows: list  # list of rows, each a list of Cell
    footnotes: list  # footnote lines
    n_cols: int
    n_header: int
    x0: float
    top: float
    x1: float
    bottom: float
    header_key: tuple = ()
    continues: bool = False  # continues the previous page's last table
    repeats_header: bool = False  # ... and starts with that table's header rows again
    lines: list = field(default_factory=list)  # every line the part took from the page
    turn: tuple = (0, 0.0, 0.0)  # (rotation, page width, height) of a page read turned
    bounds: tuple = ()  # the column boundaries the cells were placed by


def _mode_size(lines) -> float:
    counts: dict = {}
    for l in lines:
        k = round(l.size, 1)
        counts[k] = counts.get(k, 0) + max(l.e - l.s, 1)
    return max(counts, key=counts.get) if counts else 10.0


def chunks_of(line, boxes: np.ndarray, text: str, make) -> list:
    """The line cut where its glyphs stand apart by more than 0.6 of its size (``make(line, s, e)``
    builds a chunk line over the stream range ``[s, e)``; a ``make`` with a ``cache`` dict
    keeps each line's chunks)."""
    cache = getattr(make, "cache", None)
    if cache is not None:
        got = cache.get(id(line))
        if got is None or got[0] is not line:
            got = cache[id(line)] = (line, _chunks(line, boxes, text, make))
        return got[1]
    return _chunks(line, boxes, text, make)


def page_chunks(lines: list, boxes: np.ndarray, text: str, make) -> None:
    """Cut every line of a page into chunks in one pass over the page's glyphs (the same cuts
    as :func:`chunks_of`), filling ``make.cache``."""
    cache = getattr(make, "cache", None)
    if cache is None:
        return
    todo = []
    for l in lines:
        if id(l) not in cache:
            if l.e - l.s >= 2:
                todo.append(l)
            else:
                cache[id(l)] = (l, [l])  # one character or none: nothing to cut (as :func:`_chunks` finds)
    if not todo:
        return
    s = np.fromiter((l.s for l in todo), dtype=np.int64, count=len(todo))
    e = np.fromiter((l.e for l in todo), dtype=np.int64, count=len(todo))
    size = np.fromiter((l.size for l in todo), dtype=float, count=len(todo))
    lens = e - s
    owner = np.repeat(np.arange(len(todo)), lens)
    idx = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens) + np.repeat(s, lens)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ok = np.isfinite(boxes[idx, 0]) & (codes[idx] != 32) & (codes[idx] != 0xA0) & (codes[idx] != 13) & (codes[idx] != 10)
    idx, owner = idx[ok], owner[ok]
    gb = boxes[idx]
    same = owner[1:] == owner[:-1]
    lim = size[owner[1:]]
    cut = same & (((gb[1:, 0] - gb[:-1, 2]) > 0.6 * lim) | (gb[1:, 0] < gb[:-1, 0] - lim))
    counts = np.bincount(owner, minlength=len(todo))
    cut_at = np.flatnonzero(cut)
    cut_owner = owner[cut_at].tolist()
    cut_list = cut_at.tolist()
    first_of = (np.cumsum(counts) - counts).tolist()
    idx_l = idx.tolist()
    counts_l = counts.tolist()
    by_line: dict = {}
    for c, o in zip(cut_list, cut_owner):
        by_line.setdefault(o, []).append(c)
    pieces: list = []  # (line, s, e) of every chunk of a line that is cut
    for k, line in enumerate(todo):
        n = counts_l[k]
        cuts = by_line.get(k)
        if n < 2 or not cuts:
            cache[id(line)] = (line, [line])
            continue
        first = first_of[k]
        for c in cuts + [first + n - 1]:
            pieces.append((line, idx_l[first], idx_l[c] + 1))
            first = c + 1
    if not pieces:
        return
    # every chunk's box at once: the extremes of its glyphs' boxes (NaN rows, white space and
    # inserted characters, left out), one reduction per side over the page's boxes
    bounds = np.array([(a, z) for _, a, z in pieces], dtype=np.intp).ravel()
    padded = np.concatenate((boxes, np.full((1, 4), np.nan, dtype=boxes.dtype)))
    padded[~np.isfinite(padded[:, 0])] = np.nan  # a glyph counts when its x0 is finite
    lo = np.fmin.reduceat(padded[:, :2], bounds, axis=0)[::2].tolist()
    hi = np.fmax.reduceat(padded[:, 2:], bounds, axis=0)[::2].tolist()
    for (line, a, z), (x0, top), (x1, bot) in zip(pieces, lo, hi):
        got = cache.get(id(line))
        if got is None or got[0] is not line:
            got = cache[id(line)] = (line, [])
        got[1].append(make(line, a, z, (x0, top, x1, bot) if x0 == x0 else None))


def _chunks(line, boxes: np.ndarray, text: str, make) -> list:
    s, e = line.s, line.e
    b = boxes[s:e]
    ok = np.isfinite(b[:, 0])
    if ok.sum() < 2:
        return [line]
    codes = np.frombuffer(text[s:e].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ok &= (codes != 32) & (codes != 0xA0) & (codes != 13) & (codes != 10)
    idx = np.flatnonzero(ok)
    if idx.size < 2:
        return [line]
    gb = b[idx]
    gap = gb[1:, 0] - gb[:-1, 2]
    cut = np.flatnonzero((gap > 0.6 * line.size) | (gb[1:, 0] < gb[:-1, 0] - line.size))
    if cut.size == 0:
        return [line]
    out = []
    first = 0
    for c in cut.tolist() + [idx.size - 1]:
        a, z = s + int(idx[first]), s + int(idx[c]) + 1
        out.append(make(line, a, z))
        first = c + 1
    return out


def _rows(lines: list) -> list[list]:
    """Lines grouped by baseline (each row's lines left to right)."""
    rows: list[list] = []
    ref = None  # the row's first line of its largest size (kept as lines join it)
    for l in sorted(lines, key=lambda l: (l.bottom, l.x0)):
        if rows:
            if abs(l.bottom - ref.bottom) < 0.35 * max(l.size, ref.size) or (
                    l.top < ref.bottom - 0.5 * ref.size and l.bottom > ref.top + 0.5 * ref.size and l.size < ref.size):
                rows[-1].append(l)
                if l.size > ref.size:
                    ref = l
                continue
        rows.append([l])
        ref = l
    for r in rows:
        r.sort(key=lambda l: l.x0)
    return rows


def _h_rules_in(rules: Rules, x0: float, x1: float, top: float, bottom: float, share: float = 0.1) -> np.ndarray:
    """y of horizontal rules across more than ``share`` of ``[x0, x1]`` between ``top`` and
    ``bottom`` (segments on one y added up)."""
    if rules.h.size == 0:
        return np.zeros(0)
    h = rules.h
    width = x1 - x0
    if share > 0.1:
        inside = (h[:, 1] >= top) & (h[:, 1] <= bottom)
        if not inside.any():
            return np.zeros(0)
        seg = h[inside]
        ys = np.round(seg[:, 1])
        out = []
        for y in np.unique(ys):
            m = seg[ys == y]
            cover = float(np.sum(np.clip(np.minimum(m[:, 2], x1) - np.maximum(m[:, 0], x0), 0, None)))
            if cover > share * width:
                out.append(float(m[0, 1]))
        return np.array(sorted(out))
    inside = (h[:, 1] >= top) & (h[:, 1] <= bottom) & (np.minimum(h[:, 2], x1) - np.maximum(h[:, 0], x0) > 0.1 * width)
    ys = np.sort(h[inside, 1])
    if ys.size == 0:
        return ys
    keep = np.concatenate(([True], np.diff(ys) > 1.5))
    return ys[keep]


def find_tables(lines: list, page_text: str, boxes: np.ndarray, rules_of: Callable[[], Rules], bold_of: Callable[[int], bool],
                make_chunk, carry: Optional[TablePart], sizes: Optional[dict] = None,
                page_height: float = 0.0, figure: Optional[set] = None) -> list[TablePart]:
    """Tables of one page (see the module docstring); the lines they take are listed in each
    part's ``lines``.  ``sizes`` counts characters by font size over the pages read so far
    (updated here): its most common size is the body text's.  ``figure`` holds the ids of lines
    drawn inside a chart (:func:`chart_lines`): a table's rows end where they start."""
    if sizes is not None:
        tenths: dict = {}  # round(size, 1) of the page's few sizes, each computed once
        for l in lines:
            size = l.size
            k = tenths.get(size)
            if k is None:
                k = tenths[size] = round(size, 1)
            n = l.e - l.s
            sizes[k] = sizes.get(k, 0) + (n if n > 1 else 1)
    captions = [l for l in lines if not l.rotated and _is_caption(l.text) and not _ends_sentence_above(l, lines)]
    if not captions and carry is None:
        return []
    rules = rules_of()
    page_chunks([l for l in lines if not l.rotated], boxes, page_text, make_chunk)
    body = max(sizes, key=sizes.get) if sizes else _mode_size(lines)
    taken: set = set()
    parts: list[TablePart] = []
    upright = [l for l in lines if not l.rotated] or lines
    x_lo = min(l.x0 for l in upright)
    x_hi = max(l.x1 for l in upright)
    full_width = x_hi - x_lo
    ordered = sorted((l for l in lines if not l.rotated), key=lambda l: (l.top, l.x0))
    starts: list[tuple] = [(c, False) for c in sorted(captions, key=lambda l: l.top)]
    if carry is not None and not carry.rows:
        top = [l for l in ordered if carry.x0 - 5 <= l.x0 and l.x1 <= carry.x1 + 5 and id(l) not in (figure or ())]
        if top:
            starts.insert(0, (top[0], True))
    elif carry is not None:
        head = _repeated_header(ordered, carry, boxes, page_text, make_chunk)
        if head is not None:
            # only at the top of the page (a running header aside): a header under a caption of
            # its own starts another table (lines reaching past the table's sides count: a
            # paragraph across the page above it)
            above = [l for l in ordered if l.bottom <= head.top and l.x1 > carry.x0 and l.x0 < carry.x1]
            if len(above) <= 2 and not any(CAPTION.match(l.text) for l in above):
                starts.insert(0, (head, True))
        else:
            rows_on = _continued_rows(ordered, carry, boxes, page_text, make_chunk)
            if rows_on is not None:
                starts.insert(0, (rows_on, None))
    for start, continued in starts:
        if id(start) in taken:
            continue
        part = _read_table(start, continued is not False, ordered, taken, rules, body, x_lo, x_hi, full_width, boxes, page_text,
                           bold_of, make_chunk, carry if continued is not False else None, page_height, continued is None,
                           figure or set())
        if part is not None and continued:
            part.repeats_header = bool(carry.rows)
        if part is not None:
            parts.append(part)
            taken.update(id(l) for l in part.lines)
    return parts


def _justified(chunks: list) -> bool:
    """Whether a line's chunks are the words of justified running text: single words, mostly
    of letters, the spaces between them all alike (a row's cells stand apart by unlike gaps)."""
    words = [c.text.strip() for c in chunks]
    if any(" " in w or not w for w in words) or sum(w.strip(".,;:()'’").isalpha() for w in words) < 0.75 * len(words):
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(chunks, chunks[1:])]
    return min(gaps) > 0 and max(gaps) - min(gaps) < 0.3


def _ends_sentence_above(line, lines: list) -> bool:
    """Whether ``line`` ends a sentence of the paragraph above it ("... are presented in" over
    "Table 1."): a line of the same size right above it, starting where it starts, that does not
    end a sentence."""
    for l in lines:
        if (l is not line and not l.rotated and abs(l.x0 - line.x0) < line.size and abs(l.size - line.size) < 0.05 * line.size
                and -0.2 * line.size < line.top - l.bottom < 0.5 * line.size):
            t = l.text.rstrip()
            if _LABEL.match(t) or line.x1 > l.x1 + 2 * line.size:
                # a figure's label ("Fig. (8)") over the caption, or a line of a column narrower
                # than the caption (the caption runs across the columns under their text)
                return False
            return bool(t) and t[-1] not in ".:;!?" and not t.endswith((".)", ".”"))
    return False


def _repeated_header(ordered: list, carry: TablePart, boxes, text, make_chunk):
    """The first line of a page that starts the previous table's header again, or ``None``."""
    if not carry.header_key:
        return None
    key0 = carry.header_key[0]
    bottoms = across = None  # every line's bottom, and which lines stand inside the table's sides
    for l in ordered[:12]:
        if l.x1 < carry.x0 - 5 or l.x0 > carry.x1 + 5:
            continue
        if bottoms is None:
            n = len(ordered)
            bottoms = np.fromiter((x.bottom for x in ordered), dtype=float, count=n)
            x0s = np.fromiter((x.x0 for x in ordered), dtype=float, count=n)
            across = (x0s >= carry.x0 - 5) & (x0s <= carry.x1 + 5)
        # the lines on its baseline inside the table's sides, in page order
        row = [ordered[i] for i in np.flatnonzero((np.abs(bottoms - l.bottom) < 0.35 * l.size) & across).tolist()]
        texts = tuple(_norm(c.text) for x in sorted(row, key=lambda x: x.x0) for c in chunks_of(x, boxes, text, make_chunk))
        if texts == key0:
            return min(row, key=lambda x: x.x0)
    return None


def _continued_rows(ordered: list, carry: TablePart, boxes, text, make_chunk):
    """The first line of a page whose rows go on with the previous page's last table without
    printing its header again, or ``None``: the page opens (a running header aside) with lines
    in the table's font size inside its sides, and one of its first rows holds cells in two or
    more of the table's columns, each inside one column."""
    if not carry.rows or carry.footnotes or len(carry.bounds) < 2:
        return None
    sizes = [c.size for row in carry.rows for cell in row for c in cell.chunks]
    size = statistics.median(sizes) if sizes else 0.0
    bounds = carry.bounds
    top = [l for l in ordered[:12] if l.x1 > carry.x0 - 5 and l.x0 < carry.x1 + 5]
    if not top:
        return None
    above = [l for l in ordered if l.bottom <= top[0].top + 0.1 * l.size]
    if len(above) > 2 or any(CAPTION.match(l.text) or _OTHER_CAPTION.match(l.text) for l in top[:1]):
        return None
    first = top[0]
    for l in top[:6]:
        if abs(l.size - size) > 0.06 * size or l.x0 < carry.x0 - size or l.x1 > carry.x1 + size:
            return None
        row = [x for x in top if abs(x.bottom - l.bottom) < 0.35 * l.size]
        cols = set()
        for c in (c for x in row for c in chunks_of(x, boxes, text, make_chunk)):
            inside = [k for k in range(len(bounds) - 1) if bounds[k] - 1 <= c.x0 and c.x1 <= bounds[k + 1] + 1]
            if inside:
                cols.add(inside[0])
        if len(cols) >= 2 or (len(bounds) == 2 and len(row) >= 1 and sum(
                len(chunks_of(x, boxes, text, make_chunk)) for x in row) >= 2):
            return first  # (a table whose first page held a label row alone: cells in two places)
    return None


def _norm(t: str) -> str:
    return re.sub(r"\s+", "", t)


def _read_table(start, continued, ordered, taken, rules, body, x_lo, x_hi, full_width, boxes, text, bold_of, make_chunk,
                carry, page_height: float = 0.0, headless: bool = False, figure: set = frozenset()) -> Optional[TablePart]:
    size = start.size
    # horizontal extent: the whole text width, unless body text runs beside the table's first
    # rows (the table sits in one column of several)
    if continued:
        ex0, ex1 = carry.x0, carry.x1
        if ex1 - ex0 > 0.6 * (x_hi - x_lo):
            # a table across the text width runs on across it (its notes may reach further
            # right than its cells)
            ex0, ex1 = min(ex0, x_lo), max(ex1, x_hi)
    else:
        ex0, ex1 = x_lo, x_hi
        beside = [l for l in ordered if start.top - 0.3 * size < l.top < start.bottom + 5 * size and l.size >= 0.97 * body
                  and (l.x0 > start.x1 + size or l.x1 < start.x0 - size) and l.width > 0.15 * full_width]
        right = [l.x0 for l in beside if l.x0 > start.x1]
        left = [l.x1 for l in beside if l.x1 < start.x0]
        if right:
            ex1 = min(right) - 2
        if left:
            ex0 = max(left) + 2
        # ruling lines right under the caption widen it (segments joined end to end)
        if rules.h.size:
            near = rules.h[(rules.h[:, 1] > start.top - 2) & (rules.h[:, 1] < start.bottom + 4 * size)]
            for y in np.unique(np.round(near[:, 1])):
                seg = near[np.abs(near[:, 1] - y) <= 1]
                seg = seg[np.argsort(seg[:, 0])]
                a, b = float(seg[0, 0]), float(seg[0, 2])
                for x0, _, x1 in seg[1:].tolist():
                    if x0 <= b + 2:
                        b = max(b, x1)
                        continue
                    if b > ex0 and a < ex1:
                        ex0, ex1 = min(ex0, a), max(ex1, b)
                    a, b = x0, x1
                if b > ex0 and a < ex1:
                    ex0, ex1 = min(ex0, a), max(ex1, b)
    width = ex1 - ex0

    def inside(l) -> bool:
        return l.x0 >= ex0 - 3 and l.x1 <= ex1 + 3

    cache = getattr(make_chunk, "cache", None)
    if cache is None:
        cache = {}

    def chunks(l) -> list:
        """:func:`chunks_of`, read straight from the page's cache when it holds the line."""
        got = cache.get(id(l))
        if got is not None and got[0] is l:
            return got[1]
        return chunks_of(l, boxes, text, make_chunk)

    below = [l for l in ordered if id(l) not in taken and l.top >= start.top - 0.3 * size and inside(l)]
    caption: list = []
    last = start.top if continued else start.bottom
    if not continued:
        caption = [start]
        for l in below:
            if l.top < start.top + 0.3 * size:
                continue  # on the caption's own row
            prev = caption[-1]
            # a wide line, or the short last line of a caption whose line above ran to the edge
            wide = l.x1 - l.x0 > 0.4 * width or (prev.x1 > ex0 + 0.8 * width and abs(l.x0 - caption[0].x0) < 0.5 * l.size)
            if (l.top - last < 0.6 * l.size and abs(l.size - start.size) < 0.1 * start.size and wide
                    and len(chunks_of(l, boxes, text, make_chunk)) == 1
                    and not _h_rules_in(rules, ex0, ex1, last, l.top).size):
                caption.append(l)
                last = l.bottom
            else:
                break
    cap_ids = {id(l) for l in caption}
    body_lines = []
    body_max = float("-inf")  # the largest size of the body lines so far
    ruled = _h_rules_in(rules, ex0, ex1, last - 1, 10000.0)
    floor = last - 0.3 * size  # lines above it sit on the caption's rows
    ruled_ys = ruled.tolist()  # ascending
    first_rule = next((y for y in ruled_ys if y > start.top), None)  # the first one under the start's top
    has_rule = bool(ruled_ys) and first_rule is not None
    n_ruled = len(ruled_ys)
    heading_size = 1.08 * max(body, size)
    for l in below:
        if id(l) in cap_ids:
            continue
        top = l.top
        if top < floor:
            continue
        gap = top - last
        lsize = l.size
        tall = lsize if lsize >= size else size  # max(l.size, size)
        # a row with a rule above it (inside the table) and one close below it
        # (the first rule under the line's bottom less a point, found by bisection: a rule within
        # three sizes under it, as :func:`_rule_at` finds)
        if has_rule and first_rule < top:
            below_at = bisect.bisect_right(ruled_ys, l.bottom - 1)
            between_rules = (below_at < n_ruled and ruled_ys[below_at] < l.bottom + 3 * lsize) or bool(
                body_lines and gap > 2.2 * tall and _in_grid(rules, ex0, ex1, (last + top) / 2, (top + l.bottom) / 2))
        else:
            between_rules = False
        if body_lines and gap > 2.2 * tall and not between_rules and not _aligned_row(
                l, below, body_lines, inside, boxes, text, make_chunk):
            break
        if not body_lines and gap > 4 * tall and not between_rules:
            break
        t0 = l.text[:1]  # (a caption's label opens with white space, "T" or "F")
        if ((t0 in LABEL_FIRST or t0.isspace()) and _OTHER_CAPTION.match(l.text)) or (
                lsize > heading_size and not between_rules) or id(l) in figure:
            break  # the next float's caption, or a heading, or a chart's labels
        if (body_lines and not between_rules and l.size >= 0.97 * body and gap > 0.5 * l.size
                and body_max < 0.95 * body):
            break  # text in the body's size after a table set smaller: the page goes on
        if body_lines and not between_rules and gap > 0.8 * l.size:
            p = body_lines[-1]
            if (l.size > 1.05 * p.size and (p.x1 - p.x0 > 0.35 * width or p.x0 < ex0 + 0.05 * width)
                    and len(chunks_of(p, boxes, text, make_chunk)) == 1):
                break  # after the table's notes (one stretch of text in a smaller font) larger text goes on
        n_chunks = len(chunks(l))
        if (not between_rules and l.size >= 0.97 * body and n_chunks == 1
                and (l.x1 - l.x0 > 0.35 * width or (l.x1 - l.x0 > 0.22 * width and gap > 0.4 * l.size))
                and not (body_lines and abs(l.size - body_lines[-1].size) < 0.05 * l.size and l.size < 0.97 * body)):
            break
        if (body_lines and not between_rules and gap > 0.8 * l.size and l.size > 1.05 * body_max
                and not ruled_ys):
            break  # a line's gap under an unruled table, text larger than every row of it goes on
        if not between_rules and l.size >= 0.97 * body and n_chunks >= 3 and _justified(chunks_of(l, boxes, text, make_chunk)):
            break  # a line of running text set justified (its words spread evenly), not a row
        if not body_lines or l.size > body_max:
            body_max = l.size
        body_lines.append(l)
        if l.bottom > last:
            last = l.bottom
    if not body_lines:
        after = [l for l in below if id(l) not in cap_ids and l.top > caption[-1].bottom] if caption else []
        if caption and page_height and ((caption[-1].bottom > 0.75 * page_height and len(after) < 3) or (
                not after and caption[-1].bottom > 0.5 * page_height)):
            # the caption ends the page (in its last quarter, or with nothing under it): its
            # table starts on the next one (text set under the caption — a heading and
            # paragraphs — says the table is not printed here at all: an image, or a table
            # printed elsewhere)
            return TablePart(label=_label(caption), caption=caption, rows=[], footnotes=[], n_cols=0, n_header=0,
                             x0=ex0, top=min(l.top for l in caption), x1=ex1, bottom=max(l.bottom for l in caption),
                             lines=list(caption))
        return None
    rows = _rows(body_lines)
    # footnotes: one-chunk rows under the last rule, or trailing wide one-chunk rows
    grid_top = min(l.top for l in rows[0])
    grid_bottom = max(l.bottom for l in rows[-1])
    hr = _h_rules_in(rules, ex0, ex1, grid_top - 0.6 * size, grid_bottom + 0.6 * size)
    chunked = [[c for l in r for c in chunks(l)] for r in rows]
    n_foot = 0
    below_rule = [k for k, r in enumerate(rows) if min(l.top for l in r) > hr.max()] if hr.size else []
    if below_rule and below_rule[0] > 0 and all(bold_of(c.s) for r in chunked[:below_rule[0]] for c in r):
        # the last rule so far is the one under the header (set in bold): the lines under it
        # are the table's first rows (a section row alone at the foot of a page), not its notes
        below_rule = []
    if below_rule and len(chunked[below_rule[0]]) == 1:
        # under the table's last rule: one-chunk note lines, then whatever follows is no table
        # (rows of several cells under the last rule: the table runs on to the next page)
        if below_rule:
            k0 = below_rule[0]
            k = k0
            while k < len(rows) and len(chunked[k]) == 1 and (k == k0 or min(l.top for l in rows[k]) - max(
                    l.bottom for l in rows[k - 1]) < 1.2 * rows[k][0].size):
                k += 1
            if k < len(rows) and len(chunked[k]) >= 2 and min(l.top for l in rows[k]) - max(
                    l.bottom for l in rows[k - 1]) < 1.2 * rows[k][0].size:
                # rows of cells right under them: section rows of a table that runs on to the
                # next page (its last rule so far is the one under the header)
                below_rule = []
            else:
                rows, chunked = rows[:k], chunked[:k]
                n_foot = k - k0
    if not below_rule or len(chunked[below_rule[0]]) != 1:
        # trailing notes: lines in a smaller font than the table's, or one stretch of text from
        # the left edge across most of the width (a short last line of a note counts too)
        cell_size = float(statistics.median([l.size for r in rows for l in r]))
        left = min(c.x0 for ch in chunked for c in ch)
        starts = [c.x0 for ch in chunked if len(ch) >= 2 for c in ch[1:]]
        for r, ch in zip(reversed(rows), reversed(chunked)):
            small = all(l.size < 0.95 * cell_size for l in r)
            # (a line set from where a column of cells starts, right of the stubs, is a further
            # line of a cell that wraps: "Countering: ..." under a long cell's first paragraph)
            prose = (len(ch) == 1 and ch[0].x0 < ex0 + 0.3 * width and (ch[0].x1 - ch[0].x0 > 0.45 * width or n_foot)
                     and not (ch[0].x0 > left + cell_size and any(abs(x - ch[0].x0) <= 1.0 for x in starts)))
            if small or prose:
                n_foot += 1
            else:
                break
    # a note set in a run (several lines, the first one short) joins as a whole
    if n_foot < len(rows):
        foot_rows = rows[len(rows) - n_foot:]
        rows, chunked = rows[:len(rows) - n_foot], chunked[:len(rows) - n_foot]
    else:
        return None
    if len(rows) < 2 or max(len(c) for c in chunked) < 2:
        if (caption and not continued and page_height and len(rows) <= 2 and not foot_rows
                and max(l.bottom for l in rows[-1]) > 0.85 * page_height and all(l.size < 0.97 * body for r in rows for l in r)):
            # the caption and a first row or two (a section label) end the page: the table
            # starts here and runs on to the next page, where its columns show
            lines_here = caption + [l for r in rows for l in r]
            return TablePart(label=_label(caption), caption=caption,
                             rows=[[Cell(k, 0, 1, False, list(ch))] for k, ch in enumerate(chunked)], footnotes=[],
                             n_cols=1, n_header=0, x0=ex0, top=min(l.top for l in lines_here), x1=ex1,
                             bottom=max(l.bottom for l in lines_here), lines=lines_here, bounds=(ex0, ex1))
        return None
    grid_top = min(l.top for l in rows[0])
    grid_bottom = max(l.bottom for l in rows[-1])
    internal = _h_rules_in(rules, ex0, ex1, grid_top + 1, grid_bottom - 1)
    # -- rows: lines that continue the cells of the row above --------------------------------
    tops = [min(l.top for l in r) for r in rows]
    bots = [max(l.bottom for l in r) for r in rows]
    gaps = [tops[k] - bots[k - 1] for k in range(1, len(rows))]
    rule_count = internal.size
    # (a grid's first rows alone at the foot of a page may show one rule inside it: its cell
    # borders down the rows say it is a grid)
    grid_ruled = rule_count >= 1 and ((rule_count >= 2 and rule_count >= 0.6 * (len(rows) - 1))
                                      or _ruled_columns(rules, ex0, ex1, grid_top, grid_bottom))
    hr_in = rules.h[(rules.h[:, 1] >= grid_top) & (rules.h[:, 1] <= grid_bottom) & (rules.h[:, 2] > ex0 - 3)
                    & (rules.h[:, 0] < ex1 + 3)] if rules.h.size else rules.h
    merged = _merge_rows(rows, chunked, hr_in, grid_ruled, bold_of)
    merged_tops = [min(c.top for c in r) for r in merged]
    # -- header rows ----------------------------------------------------------------------------
    n_header = 0
    # the rule under the header runs across the table (short rules under labels that span
    # columns sit inside the header)
    across = _h_rules_in(rules, ex0, ex1, grid_top + 1, grid_bottom - 1, 0.6) if internal.size else internal
    if across.size and not grid_ruled:
        first = float(across.min())
        n_header = sum(1 for t in merged_tops if t < first)
        if n_header >= max(1, len(merged) // 2 + 1):
            n_header = 0
        # rows of bold labels right under that rule go on with the header (a rule under a
        # spanning label only, the column labels set in bold under it)
        j = n_header
        while 0 < j < len(merged) - 1 and len(merged[j]) >= 2 and all(bold_of(c.s) for c in merged[j]):
            j += 1
        if j > n_header and not all(bold_of(c.s) for c in merged[j]) and j <= len(merged) // 2:
            n_header = j
    if n_header == 0:
        for row in merged:
            if row and all(bold_of(c.s) for c in row):
                n_header += 1
            else:
                break
        if n_header >= len(merged):
            n_header = 1
    if n_header == 0:
        # no rule and no weight: the header is the leading rows before the first row that
        # holds a number cell (column labels, and labels spanning groups of them, above)
        first_numeric = next((k for k, row in enumerate(merged) if any(_NUMERIC.match(c.text) for c in row)
                              or (len(row) == 1 and k > 0)), None)
        if first_numeric is not None and 1 < first_numeric <= min(3, len(merged) // 2):
            n_header = first_numeric
    if n_header == 0:
        n_header = 1
    if headless:
        n_header = 0  # rows that go on from the page before, under no header of their own
    # -- columns ------------------------------------------------------------------------------------
    # rows of bold labels further down (the header of a second block of rows, whose labels span
    # the value columns under them; mostly words, not a bold row of values such as a subtotal)
    # part no columns, as the header does not
    heads = {k for k in range(n_header, len(merged)) if len(merged[k]) >= 2 and all(bold_of(c.s) for c in merged[k])
             and 2 * sum(1 for c in merged[k] if _NUMERIC.match(c.text)) < len(merged[k])}
    bounds = _columns(merged, n_header, rules, ex0, ex1, grid_top, grid_bottom, size,
                      heads=heads if len(heads) < 0.25 * (len(merged) - n_header) else frozenset())
    if carry is not None and len(carry.bounds) > (len(bounds) if bounds else 0):
        # a table run on from the page before keeps its columns: the few rows here may leave
        # some of them empty (cells aligned alike, so no band between them shows)
        lo, hi = carry.bounds[0] - size, carry.bounds[-1] + size
        if all(lo <= c.x0 and c.x1 <= hi for r in merged for c in r):
            bounds = list(carry.bounds)
            # rows here may show a stub column the page before did not part (its rows set in
            # under a group label, no row there with a stub across both stub columns): the
            # columns gain it, where no cell of the rows before straddles it
            indent = _indented_stubs(merged[n_header:], min(c.x0 for r in merged for c in r), size)
            if indent is not None:
                x = indent - min(1.0, 0.25 * size)
                if bounds[0] < x < bounds[1] - size and not any(
                        c.x0 < x < c.x1 for row in carry.rows[carry.n_header:] if len(row) >= 2
                        for cell in row for c in cell.chunks):
                    bounds.insert(1, x)
    if bounds is None:
        return None
    n_cols = len(bounds) - 1
    # which columns each chunk overlaps (by more than half a point), every chunk of the table at
    # once: a chunk stands in the first of them
    flat = [c for row in merged for c in row]
    nf = len(flat)
    fx0 = np.fromiter((c.x0 for c in flat), dtype=float, count=nf)
    fx1 = np.fromiter((c.x1 for c in flat), dtype=float, count=nf)
    bb = np.asarray(bounds, dtype=float)
    overlaps = (np.minimum(bb[1:], fx1[:, None]) - np.maximum(bb[:-1], fx0[:, None])) > 0.5
    first_col = overlaps.argmax(axis=1).tolist()
    in_any = overlaps.any(axis=1).tolist()
    body0 = sum(len(r) for r in merged[:n_header])  # where the body rows' chunks start in ``flat``
    content: list = []
    ends: list = []
    if body0 and bool((overlaps[:body0].sum(axis=1) > 1).any()):
        # a header chunk over several columns: what the body rows print in each column (a header
        # spans the columns whose content it covers), and where each column's cells end (cells
        # inside the column, in rows of several cells)
        content = [[float("inf"), float("-inf")] for _ in range(n_cols)]
        ends = [float("-inf")] * n_cols
        body_first = overlaps[body0:].argmax(axis=1)
        body_in = overlaps[body0:].any(axis=1)
        bx0, bx1 = fx0[body0:], fx1[body0:]
        inside = (bb[:-1] - 0.5 <= bx0[:, None]) & (bx1[:, None] <= bb[1:] + 0.5)
        multi = np.repeat(np.array([len(r) >= 2 for r in merged[n_header:]], dtype=bool),
                          [len(r) for r in merged[n_header:]])
        end_first = inside.argmax(axis=1)
        end_in = inside.any(axis=1) & multi
        for k in range(n_cols):
            m = body_in & (body_first == k)
            if m.any():
                content[k] = [min(float("inf"), float(bx0[m].min())),
                              max(float("-inf"), float(np.minimum(bx1[m], bb[k + 1]).max()))]
            m = end_in & (end_first == k)
            if m.any():
                ends[k] = max(float("-inf"), float(bx1[m].max()))
    out_rows = []
    moved: list = []  # where header labels moved off the column on their left start
    at = 0  # the row's first chunk in ``flat``
    for r, row in enumerate(merged):
        cells: dict[int, Cell] = {}
        base = at
        at += len(row)
        for i in sorted(range(len(row)), key=lambda i: (row[i].top, row[i].x0)):
            c = row[i]
            j = base + i
            if r < n_header:
                cols = np.flatnonzero(overlaps[j]).tolist()
            else:
                cols = [first_col[j]] if in_any[j] else []
            if not cols:
                mid = (c.x0 + c.x1) / 2
                cols = [min(range(n_cols), key=lambda k: abs((bounds[k] + bounds[k + 1]) / 2 - mid))]
            if (r < n_header and len(cols) > 1 and c.x0 > ends[cols[0]] - 0.5
                    and (bounds[cols[0] + 1] - c.x0 < 0.3 * c.size or any(
                        x is not c and abs(x.bottom - c.bottom) < 0.35 * c.size and x.x1 < c.x0
                        and bounds[cols[0]] < (x.x0 + x.x1) / 2 < bounds[cols[0] + 1] for x in row)
                        or any(abs(c.x0 - x) <= 1.0 for x in moved))):
                # a header label that starts in the band between two columns, right of all the
                # column on the left prints (a label centred over a narrower column, or set
                # beside that column's own label on its line, or under a label moved so), is
                # not that column's
                cols = cols[1:]
                moved.append(c.x0)
            k0 = cols[0]
            span = 1
            if r < n_header and len(cols) > 1:
                covered = [k for k in cols if k == k0 or min(c.x1, content[k][1]) - max(c.x0, content[k][0]) > 0.5]
                span = covered[-1] - k0 + 1
            over = next((h for h in cells.values() if h.col < k0 < h.col + h.col_span and k0 + span <= h.col + h.col_span
                         and c.top > min(x.bottom for x in h.chunks) - 0.3 * c.size), None) if r < n_header else None
            if over is not None:
                over.chunks.append(c)  # the next line of a header label over several columns
            elif k0 in cells:
                cells[k0].chunks.append(c)
                cells[k0].col_span = max(cells[k0].col_span, span)
            else:
                cells[k0] = Cell(r, k0, span, r < n_header, [c])
        out_rows.append([cells[k] for k in sorted(cells)])
    # the first line of the header, cell by cell: a page that starts with it again continues the table
    header_key = tuple(tuple(_norm(x.text) for x in sorted((c for c in chunked[k]), key=lambda c: c.x0))
                       for k in range(min(len(chunked), 1)))
    all_lines = caption + [l for r in rows for l in r] + [l for r in foot_rows for l in r]
    return TablePart(
        label=_label(caption), caption=caption, rows=out_rows, footnotes=[l for r in foot_rows for l in r], n_cols=n_cols,
        n_header=n_header, x0=min(l.x0 for l in all_lines), top=min(l.top for l in all_lines),
        x1=max(l.x1 for l in all_lines), bottom=max(l.bottom for l in all_lines), header_key=header_key,
        continues=continued, lines=all_lines, bounds=tuple(bounds),
    )



def _merge_rows(rows, chunked, hrules: np.ndarray, grid_ruled, bold_of) -> list[list]:
    """Baseline rows grouped into table rows (a row's cells may run over several lines).

    Each chunk is measured against the nearest chunk above it that it overlaps horizontally:
    the vertical gap between them, and whether a ruling line crosses between them over the
    chunk.  In a fully ruled grid a chunk with no rule above it continues the cell above it.
    Otherwise, where the gaps fall into two levels — lines of one cell set tight, rows set apart
    by the cells' padding — a tight chunk with no rule above it continues that cell.  A line
    whose chunks all continue belongs to the row above; on a line that opens a row, a chunk
    that continues (a cell spanning rows, a header cell beside a two-row header) joins the
    cell above it.  A plain line under a bold one opens a row (the header ends)."""
    n = len(rows)
    size = float(statistics.median([l.size for r in rows for l in r]))  # the cells' size, not the caption's
    # per chunk: gap to the chunk above, its baseline row, and the top of that chunk's line
    info: list[list] = [[(float("inf"), -1, 0.0)] * len(chunked[0])]
    # a chunk's core box: a raised superscript or a lowered subscript (a glyph of a smaller
    # size) does not narrow the gap between two lines; nor does a raised footnote marker, which
    # lifts the chunk's top but not its bottom, widen it (the next line of a cell that wraps
    # under "0.10^d (-0.10," stays in its row)
    # (every chunk at once against the chunks of the line right above it, then the chunks that
    # overlap none there against the line above that, up to six lines up: the nearest of those
    # lines holding a chunk it overlaps by more than half a point, and the lowest core bottom
    # of the chunks it overlaps there)
    lens = [len(r) for r in chunked]
    first = lens[0]  # the chunks of the first line measure up to nothing
    if n > 1:
        flat = [a for r in chunked for a in r]
        nf = len(flat)
        fx0 = np.fromiter((a.x0 for a in flat), dtype=float, count=nf)
        fx1 = np.fromiter((a.x1 for a in flat), dtype=float, count=nf)
        core = np.fromiter((a.bottom if a.sup else min(a.bottom, a.top + a.size) for a in flat), dtype=float, count=nf)
        ctop = [max(c.top, c.bottom - c.size) for c in flat[first:]]
        lens_a = np.array(lens)
        row_start = np.concatenate(([0], np.cumsum(lens_a)))
        j_of = np.full(nf, -1)
        up_of = np.zeros(nf)
        todo = np.arange(first, nf)
        k_todo = np.repeat(np.arange(n), lens_a)[first:]
        for d in range(1, 7):
            keep = k_todo >= d
            todo, k_todo = todo[keep], k_todo[keep]
            if not todo.size:
                break
            j = k_todo - d
            lo = row_start[j]
            count = lens_a[j]
            offsets = np.cumsum(count) - count
            ci = np.repeat(todo, count)
            ai = np.arange(int(count.sum())) - np.repeat(offsets, count) + np.repeat(lo, count)
            ov = (np.minimum(fx1[ci], fx1[ai]) - np.maximum(fx0[ci], fx0[ai])) > 0.5
            hit = np.logical_or.reduceat(ov, offsets)
            up = np.maximum.reduceat(np.where(ov, core[ai], -np.inf), offsets)
            j_of[todo[hit]] = j[hit]
            up_of[todo[hit]] = up[hit]
            todo, k_todo = todo[~hit], k_todo[~hit]
        best = [(t - up, j, up) if j >= 0 else (float("inf"), -1, 0.0)
                for t, j, up in zip(ctop, j_of[first:].tolist(), up_of[first:].tolist())]
        at = 0
        for k in range(1, n):
            info.append(best[at:at + lens[k]])
            at += lens[k]
    if grid_ruled:
        thr = float("inf")
    else:
        # the spacing of the lines: gaps between a chunk and a chunk on the line right above it
        # (a value under a section row measures up to the row before it, lines away)
        finite = sorted(g for k, r in enumerate(info[1:], 1) for g, j, _ in r if g < 2.5 * size and j == k - 1)
        # the widest step between two gaps, the smaller one tight (a stray gap between the two
        # levels — a line with a marker or a symbol of another height — does not hide the step)
        thr = None
        steps = [(b - a, a, b) for a, b in zip(finite, finite[1:]) if a < 0.3 * size and b - a > 0.12 * size]
        if steps:
            _, a, b = max(steps)
            thr = (a + b) / 2
        if thr is not None:
            opening = [k for k, r in enumerate(info[1:], 1)
                       if any((g >= thr and j == k - 1) or j < 0 for g, j, _ in r) or all(g >= thr for g, _, _ in r)]
            few = len(opening) < max(2, 0.25 * (n - 1)) or (n >= 8 and len(opening) <= 0.25 * (n - 1))
            if few and not _partial_lines(chunked, set(opening), bold_of):
                thr = None  # a few wider gaps (groups set apart) in a table of evenly spaced rows
        if thr is None and n <= 3:
            # a table's first rows alone at the foot of a page (its header; the table runs on):
            # no spacing to learn from, lines set closer than a sixth of their size are one row
            thr = 0.15 * size

    hys = np.sort(hrules[:, 1]).tolist() if hrules.size else []  # the rules' heights, ascending

    def ruled(c, up: float) -> bool:
        """A ruling line between ``up`` and the chunk, across it."""
        if not hrules.size or not _rule_at(hys, up - 1.0, c.top + 1.0):
            return False  # (no rule at a height between them at all)
        return bool(np.any((hrules[:, 1] > up - 1.0) & (hrules[:, 1] < c.top + 1.0)
                           & (np.minimum(hrules[:, 2], c.x1) - np.maximum(hrules[:, 0], c.x0) > 0.5 * min(c.x1 - c.x0, 10.0))))

    merged: list[list] = [list(chunked[0])]
    row_of = {id(a): 0 for a in chunked[0]}  # merged row of each chunk placed so far
    left = min(c.x0 for r in chunked for c in r)  # the table's left edge (where stubs start)
    where = [0]  # merged row of each baseline row
    for k in range(1, n):
        if grid_ruled:
            # in a ruled grid a cell's band runs from rule to rule: a chunk with no rule between it
            # and the line above goes on in that line's row, under a cell of its own or not (a
            # value set level with the second line of its stub)
            # (no rule between it and the top of that line, over the chunk)
            above = max(min(a.bottom, a.top + a.size) for a in chunked[k - 1])
            line_top = min(max(a.top, a.bottom - a.size) for a in chunked[k - 1])
            info[k] = [(g, j, up) if j >= 0 and not ruled(c, up) else (max(c.top, c.bottom - c.size) - above, k - 1, line_top)
                       for c, (g, j, up) in zip(chunked[k], info[k])]
        conts = [thr is not None and g < thr and j >= 0 and not ruled(c, up) for c, (g, j, up) in zip(chunked[k], info[k])]
        cont = all(conts)
        if (cont and all(bold_of(c.s) for c in chunked[k - 1]) and not all(bold_of(c.s) for c in chunked[k])
                and min(c.x0 for c in chunked[k]) < left + size):
            # a plain row with its stub under a bold one: the header has ended (a plain line
            # without a stub, set tight under bold labels, is their second line: "(n = 41)")
            cont = False
            conts = [False] * len(conts)
        if not cont and (len(merged) == 1 or (all(bold_of(c.s) for c in merged[-1]) and all(bold_of(c.s) for c in chunked[k]))):
            # a header line beside the row above, not under any of its cells, set a hair lower
            # (a cell aligned differently): one row with it
            prev = merged[-1]
            low = max(min(b.bottom, b.top + b.size) for b in prev)
            gap = min(max(c.top, c.bottom - c.size) for c in chunked[k]) - low
            apart = all(min(c.x1, b.x1) - max(c.x0, b.x0) <= 0.5 for c in chunked[k] for b in prev)
            if apart and gap < (thr if thr is not None and thr < float("inf") else 0.3 * size) and gap < 0.3 * size \
                    and not any(ruled(c, low) for c in chunked[k]):
                cont = True
        if cont:
            # every chunk goes on with a cell above it: all of them with cells of one earlier row
            # (the third line of a stub spanning rows, under its second line, which stands in a
            # row of its own beside the next row's values) join that row
            at = len(merged) - 1
            if all(conts) and all(j >= 0 for _, j, _ in info[k]):
                into = {row_of.get(id(next((a for a in chunked[j] if min(a.x1, c.x1) - max(a.x0, c.x0) > 0.5), None)), where[j])
                        for c, (g, j, _) in zip(chunked[k], info[k])}
                if len(into) == 1:
                    at = into.pop()
            merged[at].extend(chunked[k])
            row_of.update((id(a), at) for a in chunked[k])
            where.append(at)
            continue
        fresh = []
        into = next((where[j] for (g, j, _), ok in zip(info[k], conts) if ok), None)
        if (into == len(merged) - 1 and not grid_ruled
                and all(ok or j != k - 1 for (g, j, _), ok in zip(info[k], conts))):
            # a label's second line beside values with nothing printed right above them: the
            # values stand level with the last line of their row's label ("Parity" over "0")
            merged[-1].extend(chunked[k])
            row_of.update((id(a), len(merged) - 1) for a in chunked[k])
            where.append(len(merged) - 1)
            continue
        # a chunk set well under a cell of the line above opens a row here: text on this line
        # with nothing above it opens that row with it (a header label beside a stub that
        # spans the header's rows), not the row above
        opens = any(not ok and j >= 0 for (g, j, _), ok in zip(info[k], conts))
        for c, (g, j, _), ok in zip(chunked[k], info[k], conts):
            if ok:
                merged[where[j]].append(c)  # under a cell that spans this row too
                row_of[id(c)] = where[j]
            elif j < 0 and into is not None and not opens:
                merged[into].append(c)  # first text of its column, beside cells that go on above
                row_of[id(c)] = into
            else:
                fresh.append(c)
        if fresh:
            merged.append(fresh)
            row_of.update((id(a), len(merged) - 1) for a in fresh)
        where.append(len(merged) - 1)
    return merged


def _rule_at(ys: list, lo: float, hi: float) -> bool:
    """Whether the ascending ``ys`` hold a value strictly between ``lo`` and ``hi``."""
    i = bisect.bisect_right(ys, lo)
    return i < len(ys) and ys[i] < hi


def _aligned_row(l, below: list, body_lines: list, inside, boxes, text, make_chunk) -> bool:
    """Whether the row of ``l`` (the lines on its baseline) goes on with the table above it
    across a blank: three cells or more in the size of the table's rows, two of them starting
    or ending where cells of the rows above start or end (the columns go on; the blank is the
    height of a cell that wraps, or of a column the page does not show)."""
    sizes = sorted(b.size for b in body_lines)
    size = sizes[len(sizes) // 2]
    if abs(l.size - size) > 0.05 * size:
        return False
    row = [x for x in below if abs(x.bottom - l.bottom) < 0.35 * l.size and inside(x)]
    cells = [c for x in row for c in chunks_of(x, boxes, text, make_chunk)]
    if len(cells) < 3 or any(abs(x.size - size) > 0.05 * size for x in row):
        return False
    edges = set()
    for r in _rows(body_lines):
        ch = [c for b in r for c in chunks_of(b, boxes, text, make_chunk)]
        if len(ch) >= 2:
            for c in ch:
                edges.update((round(c.x0), round(c.x1)))
    hits = sum(1 for c in cells if any(abs(c.x0 - e) <= 1 or abs(c.x1 - e) <= 1 for e in edges))
    return hits >= 2


def _in_grid(rules: Rules, x0: float, x1: float, *ys: float) -> bool:
    """Whether cell borders (vertical rules) stand at two places or more inside ``[x0, x1]``
    across each height ``ys``: the blank under a tall row of a ruled grid (its stub set over
    several lines, its values on the first) lies inside the grid's cells."""
    v = rules.v
    if v.shape[0] < 2:
        return False
    m = (v[:, 0] > x0 - 3) & (v[:, 0] < x1 + 3)
    if m.sum() < 2:
        return False
    v = v[m]
    for y in ys:
        xs = np.unique(np.round(v[(v[:, 1] <= y) & (v[:, 2] >= y), 0]))
        if xs.size < 2:
            return False
    return True


def _ruled_columns(rules: Rules, x0: float, x1: float, top: float, bottom: float) -> bool:
    """Vertical rules part the table's columns (cell borders down most of its height at two
    places or more inside it): a fully ruled grid, whose rows are parted by rules alone, however
    many lines a cell takes."""
    v = rules.v
    if v.shape[0] < 2:
        return False
    m = (v[:, 0] > x0 + 2) & (v[:, 0] < x1 - 2) & (v[:, 2] > top) & (v[:, 1] < bottom)
    if not m.any():
        return False
    xs = np.round(v[m, 0])
    cover = {}
    for x, a, b in zip(xs.tolist(), v[m, 1].tolist(), v[m, 2].tolist()):
        cover[x] = cover.get(x, 0.0) + min(b, bottom) - max(a, top)
    return sum(1 for c in cover.values() if c > 0.6 * (bottom - top)) >= 2


def _partial_lines(chunked: list, opening: set, bold_of) -> bool:
    """Whether the lines set tight under a row's first line mostly hold fewer chunks than it
    (the further lines of cells that wrap: a long stub, a value over its interval), rather
    than a cell in every column (rows of their own, grouped by wider gaps, some with empty
    cells: a row label set from a capital at the left edge, outside a bold header)."""
    first = 0
    tight = partial = 0
    left = min(c.x0 for r in chunked for c in r)
    size = float(np.median([c.size for r in chunked for c in r]))
    for k in range(1, len(chunked)):
        if k in opening:
            first = k
            continue
        tight += 1
        c0 = min(chunked[k], key=lambda c: c.x0)
        # a row label of its own at the left edge (a capital, not in a bold header's title case)
        # opens a row, whatever it holds
        stub = c0.x0 < left + size and c0.text.lstrip()[:1].isupper() and not bold_of(c0.s)
        partial += (len(chunked[k]) < len(chunked[first]) and not stub) or _wraps(chunked, k, size)
    return tight > 0 and partial >= 0.6 * tight


def _wraps(chunked: list, k: int, size: float) -> bool:
    """Whether a chunk of line ``k`` goes on with the text of a cell of the line above that
    wrapped: set from the same left edge, in a column of text (wider than ten times the
    size), under a line that ends where the column's first word would not have fitted
    (the line above ran up to the column's right edge)."""
    if k == 0:
        return False
    for c in chunked[k]:
        u = next((u for u in chunked[k - 1] if abs(u.x0 - c.x0) <= 1.0), None)
        if u is None:
            continue
        right = max((x.x1 for r in chunked for x in r if abs(x.x0 - c.x0) <= 1.0), default=u.x1)
        if right - c.x0 < 10 * size:
            continue
        t = c.text.strip()
        word = t.split()[0] if t else ""
        w = (c.x1 - c.x0) * len(word) / max(len(t), 1)
        if u.x1 + 0.3 * size + w > right - 0.5:
            return True
    return False


def _label(caption: list) -> Optional[str]:
    m = CAPTION.match(caption[0].text) if caption else None
    return f"{m.group(1).title()} {m.group(2)}" if m else None


def _left_stub(rows: list[list], lo: float, band: float, size: float) -> Optional[float]:
    """The boundary between a stub column of group labels and the stub column of the rows of
    cells, when the labels (on rows of their own) end left of every row of cells' first cell."""
    ends = [c.x1 - lo for r in rows for c in r if c.x0 - lo < band]
    if not ends or max(ends) > band - max(2.0, 0.25 * size):
        return None
    return lo + (max(ends) + band) / 2


def _columns(rows: list[list], n_header: int, rules: Rules, ex0, ex1, top, bottom, size,
             heads=frozenset()) -> Optional[list[float]]:
    """Column boundaries ``[b0, b1, ..., bn]``: vertical rules, or free bands of the body rows
    (less the rows ``heads``, header rows of a later block, counted with the header)."""
    xs_all = [c for r in rows for c in r]
    lo = min(c.x0 for c in xs_all)
    hi = max(c.x1 for c in xs_all)
    if rules.v.size:
        v = rules.v[(rules.v[:, 1] < bottom) & (rules.v[:, 2] > top) & (rules.v[:, 0] > ex0 - 5) & (rules.v[:, 0] < ex1 + 5)]
        if v.shape[0] >= 3:
            xs = np.sort(v[:, 0])
            xs = xs[np.concatenate(([True], np.diff(xs) > 2.0))]
            inner = [float(x) for x in xs if lo + 2 < x < hi - 2]
            if inner:
                return [lo - 1] + inner + [hi + 1]
    body = [r for k, r in enumerate(rows) if k >= n_header and k not in heads and len(r) >= 2] or [
        r for r in rows if len(r) >= 2] or rows
    head = [c for k, r in enumerate(rows) if k < n_header or k in heads for c in r] if body is not rows else []
    widest = max(len(r) for r in body)
    if widest >= 4 and sum(1 for r in body if len(r) >= widest - 1) >= 3:
        # a row of a label and a value or two (a section row with its P value) among rows of
        # cells in every column: its label, from the stub's edge, may run across the columns
        # of those rows (its place says nothing of where they part)
        body = [[c for c in r if not (c is min(r, key=lambda x: x.x0) and c.x0 < lo + size)]
                if len(r) <= max(2, widest // 2) else r for r in body]
    n = int(hi - lo) + 2
    # each body chunk's columns [a, b) of the projection (b at most n)
    spans = [(int(c.x0 - lo), min(int(c.x1 - lo) + 1, n)) for r in body for c in r]
    cover = np.zeros(n + 1, dtype=np.int64)
    if spans:
        sa = np.array(spans, dtype=np.int64)
        np.add.at(cover, sa[:, 0], 1)
        np.add.at(cover, sa[:, 1], -1)
    cover = np.cumsum(cover)[:n]
    # a cell spanning columns in a body row (a label centred over two columns of values) covers
    # the band between them alone: it straddles chunks of other rows on both sides of that band
    # (two or three such labels — stubs spanning two stub columns, from the table's left edge
    # — may cover that band together: a band no chunk starts or ends in, held by a few chunks
    # that all reach past it on both sides to where other rows' chunks stand)
    minw = max(2.0, 0.25 * size)
    spanning = []
    most = max(2, min(3, len(body) // 4))
    taken_by = -1  # the last chunk found spanning (a chunk counts once: its first band)
    for s, ra, rb, k in _spanning_bands(spans, cover, minw, most):
        if s == taken_by:
            continue
        if k > 1:
            # several cells over the band: stubs from the table's left edge, or cells of one
            # column set flush left where other rows' cells of that column start ("22 (63 %)"
            # over a column's count and percentage, reaching where the percentages start)
            starts = [x0 for x0, x1 in spans if x0 < ra and x1 > rb - 1]
            if any(x0 > 1 for x0 in starts) and (max(starts) - min(starts) > 1 or not any(
                    abs(x0 - starts[0]) <= 1 and x1 <= ra for x0, x1 in spans)):
                continue
        spanning.append(spans[s])
        taken_by = s
    if spanning and len(spanning) <= max(1, 0.2 * sum(len(r) for r in body)):
        for a, b in spanning:
            cover[a:b] -= 1
    free = cover == 0
    edges = np.diff(np.concatenate(([0], free.view(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    inner = []
    bands = list(zip(starts.tolist(), ends.tolist()))
    for i, (a, b) in enumerate(bands):
        if b >= n:
            continue
        if a == 0:
            # no row of cells reaches the left edge: rows of one label there (group names)
            # may stand in a stub column of their own left of the labels of the rows of cells
            stub = _left_stub(rows[n_header:], lo, b, size)
            if stub is not None:
                inner.append(stub)
            continue
        if b - a >= max(2.0, 0.25 * size):
            nxt = lo + bands[i + 1][0] if i + 1 < len(bands) else hi
            prv = lo + bands[i - 1][1] if i > 0 else lo
            # (each between labels of its line over the columns on either side: not the label
            # of the column on the right, set flush left over values set flush right, nor that
            # of the column on the left, centred over it or set right of its values)
            own = [c for c in head if c.x0 > lo + a + c.size and c.x1 < lo + b - c.size and any(
                abs(x.bottom - c.bottom) < 0.35 * c.size and lo + b - c.size <= x.x0 < nxt for x in head) and any(
                abs(x.bottom - c.bottom) < 0.35 * c.size and x.x1 < c.x0 - c.size and x.x1 > prv and x.x0 < lo + a
                for x in head)]
            if own and b - a > 6 * size:
                # header labels standing clear inside a wide free band of the body: a column of
                # their own that no body row fills ("NAT2 genotype status" over "Treatments",
                # between the stubs and the first column of values)
                x0, x1 = min(c.x0 for c in own), max(c.x1 for c in own)
                inner.append((lo + a + x0) / 2)
                inner.append((x1 + lo + b) / 2)
                continue
            inner.append(_between(lo + a, lo + b, prv, nxt, head))
    if not inner:
        return None
    indent = _indented_stubs(rows[n_header:], lo, size)
    if indent is not None and not any(lo < x < indent + 0.5 for x in inner):
        inner.insert(0, indent - min(1.0, 0.25 * size))
    return [lo - 1] + inner + [hi + 1]


def _spanning_bands(spans: list, cover: np.ndarray, minw: float, most: int):
    """The bands a chunk alone — or with one or two others — may hold between columns, for
    every chunk at once: ``(chunk, start, end, count)`` for each band between two consecutive
    chunk edges strictly inside the chunk ``spans[chunk]`` (``(start, end)`` columns of
    ``cover``), at least ``minw`` wide, covered by 1 to ``most`` chunks, with more chunks
    than that somewhere on each side of it inside the chunk; in order of chunk, then band.

    ``cover`` (chunks over each column) changes only at chunk edges, so it is one count per
    band between consecutive edges; the counts on either side of a band come from running
    maxima within each chunk's bands."""
    if not spans:
        return []
    sa = np.array(spans, dtype=np.int64)
    edges = np.unique(sa.ravel())
    p = np.searchsorted(edges, sa[:, 0])
    q = np.searchsorted(edges, sa[:, 1])
    count = q - p  # bands of each chunk (between its own edges)
    off = np.cumsum(count) - count
    total = int(count.sum())
    owner = np.repeat(np.arange(len(spans)), count)
    local = np.arange(total) - np.repeat(off, count)
    band = local + np.repeat(p, count)
    value = cover[edges[:-1]][band]
    big = int(value.max()) + 1
    lift = owner * big  # later chunks' values above every earlier chunk's: maxima run per chunk
    before = np.maximum.accumulate(value + lift) - lift
    drop = (len(spans) - 1 - owner) * big
    after = np.maximum.accumulate((value + drop)[::-1])[::-1] - drop
    inner = np.flatnonzero((local >= 1) & (local <= np.repeat(count, count) - 2))
    b = band[inner]
    k = value[inner]
    width = edges[b + 1] - edges[b]
    ok = (width >= minw) & (k >= 1) & (k <= most) & (before[inner - 1] > k) & (after[inner + 1] > k)
    hit = inner[ok]
    return list(zip(owner[hit].tolist(), edges[b[ok]].tolist(), edges[b[ok] + 1].tolist(), k[ok].tolist()))


def _indented_stubs(rows: list[list], lo: float, size: float) -> Optional[float]:
    """Where the stubs of rows under group labels start, when they stand in a stub column of
    their own: rows whose first cell is set in from the table's left edge, all from one place
    (by up to eight times the size), the other rows' first cells starting at the left edge (a
    group label on a row of its own, or a stub spanning both stub columns, with values of its
    own or not), one run at least under such a row (the first may stand right under the
    header)."""
    firsts = [min(r, key=lambda c: c.x0) for r in rows if r]
    if len(firsts) < 4:
        return None
    at_left = [c.x0 < lo + 1.0 for c in firsts]
    ins = [(k, c.x0) for k, c in enumerate(firsts) if lo + 0.5 * size <= c.x0 <= lo + 8 * size]
    if len(ins) < 2 or len(ins) + sum(at_left) != len(firsts):
        return None
    x = min(v for _, v in ins)
    if max(v for _, v in ins) - x > 1.0:
        return None
    # a run set in right under the header stands under no label of the left edge; another run
    # must (stubs centred in their column, "TOTAL" wider than "1" to "8" under them, are no runs)
    under = False
    for k, _ in ins:
        j = k - 1
        while j >= 0 and not at_left[j]:
            j -= 1
        under |= j >= 0
    if not under:
        return None
    return x


def _between(a: float, b: float, prv: float, nxt: float, head: list) -> float:
    """A column boundary in the free band ``[a, b]`` of the body rows: its middle, moved so that
    no header chunk of one column straddles it (a header set flush left over values set flush
    right starts left of the band's middle; ``prv`` and ``nxt``, where the free bands beside
    end and start, bound the columns on either side: a header reaching past them spans
    columns, and its place says nothing)."""
    left = [c for c in head if a < c.x1 < b and prv - 0.5 <= c.x0 < a + 0.5]
    right = [c for c in head if a < c.x0 < b and b - 0.5 < c.x1 <= nxt + 0.5]
    x0 = max((c.x1 for c in left), default=a)
    x1 = min((c.x0 for c in right), default=b)
    mid = (a + b) / 2
    if x0 < x1 and not x0 <= mid <= x1:
        r = (x0 + x1) / 2
        lo, hi = min(mid, r), max(mid, r)
        moved = {id(c) for c in left + right}
        # the boundary moves past no edge of another header label
        if not any(lo < e < hi for c in head if id(c) not in moved for e in (c.x0, c.x1)):
            return r
    return mid
