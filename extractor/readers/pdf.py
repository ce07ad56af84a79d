"""PDF reader: pypdfium2 characters and boxes → lines → reading order → paragraphs.

Speed matters (a review corpus is thousands of PDFs), so the reader asks pdfium for the page
text once and for one loose box per glyph (``FPDFText_GetLooseCharBox``: the glyph's
advance box from the font's ascent/descent, so its height tracks the font size), and does the
layout in Python on lines rather than characters:

1. **Lines.** Characters join the current line while their vertical centre stays inside the
   line's vertical range and they continue it horizontally; pdfium's own line breaks only
   matter when the next character does not continue the line (a superscript that pdfium
   puts on a line of its own rejoins its line).
   Letter-spaced labels (``R E S EAR CH`` as pdfium spaces them) lose the spaces their
   uniform tracking explains, and a ligature's letters (pdfium writes ﬁ as ``f``, ``i`` with
   one box) share its box out, so every character keeps a box of its own.
2. **Superscripts.** A run of characters smaller than the line's font (loose box height
   < 0.88×) and raised above its baseline is written ``^run`` with a ``sup`` span.
3. **Running headers, footers, page numbers.** Lines near the top or bottom edge whose text
   (digits masked) repeats on several pages, and bare page numbers there, are left out of the
   text (their count is in ``meta["dropped_lines"]``).
4. **Reading order.** Recursive XY-cut on line boxes: a vertical gutter with text lines on
   both sides splits a region into columns; otherwise the region is cut into horizontal bands
   and consecutive bands that together show a gutter are read as one multi-column run.  A
   title spanning both columns at the top is read first, then each column top to bottom.
5. **Paragraphs.** Lines of one column block join into a paragraph (with a space, no box)
   unless a vertical gap, a font-size change, an indent, or a short line ending a sentence
   separates them.  A line ending in a hyphen joins the next without it when a lowercase word
   continues (``rehabili-``/``tation``), and keeps it when the next line starts with a capital
   or digit (``SARS-CoV-``/``2``, DOIs), when the hyphenated word occurs elsewhere in the
   document, after a single letter or an acronym (``n-``/``octane``, ``CHX-``/``containing``),
   when both parts (three letters or more) are printed as words inside other lines
   (``cell-``/``cycle``), or when the
   first part is a word that usually keeps its hyphen (``extractor/data/hyphen_prefixes.txt``:
   ``double-blind``, ``follow-up``).  An identifier (a DOI, a URL) that fills its line to the
   column's edge and goes on at the next line (``...2004.09.``/``013``) was broken where the
   line ran out: it joins without a space.
6. **Headings.** Short lines in a larger or bold font; the title is the PDF metadata title
   when it is meaningful, else the largest line at the top of page 1.
7. **Turned text and figures.** Runs of glyphs set at a right angle (a journal's running title
   in the margin, a turned axis label) leave the flow: repeated on two pages they are dropped,
   otherwise written after the page as a ``margin`` span.  Lines drawn inside a figure (within
   the graphics above a ``Figure N`` caption) are written after the page as ``figure_text``.
8. **Tables.** :mod:`.pdftables` finds tables from their captions and ruling lines and reads
   their cells from glyph geometry; a table stands in the layout as one block, is written as
   caption, tab-separated rows and notes, and becomes a :class:`~extractor.model.Table` in
   ``Source.tables`` (a table continued on the next page is one table).

Every glyph keeps its page and box (``(x0, top, x1, bottom)`` in points from the top left of
the page); white space and characters the reader inserts (``^``, ``\\n``) have none.  Damaged,
encrypted, empty and image-only files raise coded errors, never a pdfium traceback.
"""
from __future__ import annotations

import ctypes
import gc
import re
import statistics
from collections import Counter, deque
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Optional

import numpy as np

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import CorruptFile, EncryptedFile, NoTextLayer, TooLarge
from ..model import Flag, Provenance, Table, TableCell, record_maker
from ..source import BoxArray, Source, Span
from .headings import known_heading
from .pdftables import CAPTION, FIGURE, LABEL_FIRST, TablePart, chart_lines, figure_lines, find_tables, page_rules

__all__ = ["read_pdf"]

_HYPHENS = "-\u00ad\ufffe\u2010"
_DATA = Path(__file__).resolve().parent.parent / "data" / "hyphen_prefixes.txt"


@lru_cache(maxsize=1)
def _hyphen_prefixes() -> frozenset:
    words = set()
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line.lower())
    return frozenset(words)


class _Line:
    """One visual line: a range ``[s, e)`` of the page's pdfium character stream, and its geometry."""

    __slots__ = ("page", "s", "e", "x0", "top", "x1", "bottom", "size", "sup", "drop", "bold", "text", "raw", "width", "font", "font_end",
                 "rotated", "figure", "glue")

    def __init__(self, page, s, e, x0, top, x1, bottom, size, text):
        self.page, self.s, self.e = page, s, e
        self.x0, self.top, self.x1, self.bottom, self.size = x0, top, x1, bottom, size
        self.sup: Optional[set] = None  # stream indices of superscript characters
        self.drop: Optional[set] = None  # stream indices of spaces the layout does not show
        self.bold = False
        self.rotated = False  # set at a right angle to the page (a margin banner)
        self.figure = False  # drawn inside a figure (an axis label, a legend)
        self.glue = False  # ends inside a word that goes on at the next line's start (no space)
        self.font = self.font_end = ""
        self.raw = text
        self.width = x1 - x0
        self.text = text.replace("\r", "").replace("\n", "") if "\n" in text or "\r" in text else text


class _Lazy:
    """A value computed on first call and kept (a page's graphics, asked for only when needed)."""

    def __init__(self, make):
        self.make, self.value, self.done = make, None, False

    def __call__(self):
        if not self.done:
            self.value, self.done = self.make(), True
        return self.value


class _TableBlock(_Line):
    """A table found on the page (:mod:`.pdftables`), standing in for its lines in the layout."""

    __slots__ = ("part",)

    def __init__(self, part: TablePart, page: int):
        size = max((c.size for r in part.rows for cell in r for c in cell.chunks), default=10.0)
        super().__init__(page, 0, 0, part.x0, part.top, part.x1, part.bottom, size, f"\x00table{id(part)}")
        self.part = part


def _chunk_maker(text: str, boxes: np.ndarray):
    """Build a line over ``[s, e)`` of ``line``'s stream range (a table cell's stretch of text)."""

    def make(line: _Line, s: int, e: int, box: Optional[tuple] = None) -> _Line:
        if box is not None:  # the glyphs' box, measured by the caller
            x0, top, x1, bot = box
        else:
            b = boxes[s:e]
            ok = np.isfinite(b[:, 0])
            if ok.any():
                bb = b[ok]
                x0, top, x1, bot = float(bb[:, 0].min()), float(bb[:, 1].min()), float(bb[:, 2].max()), float(bb[:, 3].max())
            else:
                x0, top, x1, bot = line.x0, line.top, line.x1, line.bottom
        c = _Line(line.page, s, e, x0, top, x1, bot, line.size, text[s:e])
        if line.sup:
            c.sup = {i for i in line.sup if s <= i < e} or None
        if line.drop:
            c.drop = {i for i in line.drop if s <= i < e} or None
            if c.drop:
                c.text = "".join(ch for i, ch in enumerate(text[s:e], s) if i not in c.drop and ch not in "\r\n")
        return c  # (no font: a table's cells never use one, see :func:`_set_fonts`)

    make.cache = {}  # chunks per line, asked for several times while a table is read
    return make


# -- opening ----------------------------------------------------------------------------------


def _open(data: bytes, path: str):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower() or "security" in msg.lower():
            raise EncryptedFile(f"{path} is encrypted and needs a password", path=path) from None
        m = re.search(r"PDFium: ([^)]*)", msg)
        raise CorruptFile(f"{path} cannot be opened as a PDF ({(m.group(1) if m else msg).strip().rstrip('.')})", path=path) from None
    except Exception as exc:  # pdfium may raise other errors on very broken input
        raise CorruptFile(f"{path} cannot be opened as a PDF ({type(exc).__name__})", path=path) from None


# -- characters to lines ----------------------------------------------------------------------

_SPACES = np.array([9, 10, 13, 32, 0xA0, 0x2002, 0x2003, 0x2009, 0x200A, 0x3000], dtype=np.uint32)
_SPACE_LUT = np.zeros(0x3002, dtype=bool)
_SPACE_LUT[_SPACES] = True


def _is_space(codes: np.ndarray) -> np.ndarray:
    """Which code points are white space (a table lookup: ``np.isin`` costs more than the page)."""
    return _SPACE_LUT[np.minimum(codes, 0x3001)]


@lru_cache(maxsize=1)
def _loose_box():
    """``FPDFText_GetLooseCharBox`` taking plain addresses, so the per-character loop can write
    straight into one array (pypdfium2's typed binding wants a struct pointer object per call)."""
    orig = pdfium_c.FPDFText_GetLooseCharBox
    proto = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
    return proto(ctypes.cast(orig, ctypes.c_void_p).value)


def _unicode_codes(tp: int, n: int) -> np.ndarray:
    """``FPDFText_GetUnicode`` of each of a text page's ``n`` characters (``tp``: the page's
    plain address), for a page whose text range cannot be read whole: through cffi when it is
    there, like :func:`_loose_box_cffi`, else ctypes."""
    address = ctypes.cast(pdfium_c.FPDFText_GetUnicode, ctypes.c_void_p).value
    fast = _loose_box_cffi()
    if fast is not None:
        ffi = fast[0]
        call, page = ffi.cast("unsigned int (*)(void *, int)", address), ffi.cast("void *", tp)
    else:
        call, page = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.c_void_p, ctypes.c_int)(address), tp
    return np.fromiter(map(call, repeat(page, n), range(n)), dtype=np.uint32, count=n)


@lru_cache(maxsize=1)
def _loose_box_cffi():
    """``FPDFText_GetLooseCharBox`` called through cffi (``(ffi, function)``), or ``None``
    without cffi: a cffi call costs about a fifth less than a ctypes one, and a page asks once
    per glyph (on small real PDFs this loop costs as much as pdfium's whole text extraction).
    It writes into the same array as the ctypes call would; the box is passed as a plain
    address (``uintptr_t``, passed like the pointer it is), computed for all glyphs at once,
    rather than as one pointer object made per glyph."""
    try:
        from cffi import FFI
    except ImportError:  # pragma: no cover - cffi comes with the dependencies
        return None
    ffi = FFI()
    ffi.cdef("typedef struct { float left; float top; float right; float bottom; } FS_RECTF;")
    address = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
    return ffi, ffi.cast("int (*)(void *, int, uintptr_t)", address)


@lru_cache(maxsize=1)
def _map_error_cffi():
    """``FPDFText_HasUnicodeMapError`` through cffi (a sampled glyph costs a third of a
    ctypes call), or ``None`` without cffi or in a pdfium that lacks it."""
    fast = _loose_box_cffi()
    if fast is None or getattr(pdfium_c, "FPDFText_HasUnicodeMapError", None) is None:
        return None
    address = ctypes.cast(pdfium_c.FPDFText_HasUnicodeMapError, ctypes.c_void_p).value
    return fast[0].cast("int (*)(void *, int)", address)


_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|[.,+-]B$|-B[a-z]*$|,B", re.I)
_NAME_BUF = ctypes.create_string_buffer(256)


@lru_cache(maxsize=512)
def _bold_name(name: str) -> bool:
    return bool(_BOLD_NAME.search(name))


def _font_name(raw, index: int) -> str:
    flags = ctypes.c_int()
    n = pdfium_c.FPDFText_GetFontInfo(raw, index, _NAME_BUF, 256, ctypes.byref(flags))
    return _NAME_BUF.value.decode("latin-1", "replace") if n > 0 else ""


_LETTERS = re.compile(r"[A-Za-z]{2}")


@lru_cache(maxsize=1)
def _font_handles():
    """``FPDFText_GetTextObject`` and ``FPDFTextObj_GetFont`` returning plain addresses, called
    holding the GIL (two look-ups: releasing it cost more than the call's work)."""
    vp = ctypes.c_void_p
    obj = ctypes.PYFUNCTYPE(vp, vp, ctypes.c_int)(ctypes.cast(pdfium_c.FPDFText_GetTextObject, vp).value)
    font = ctypes.PYFUNCTYPE(vp, vp)(ctypes.cast(pdfium_c.FPDFTextObj_GetFont, vp).value)
    return obj, font


class _Fonts:
    """Font name and weight of a page's glyphs, asked of pdfium once per font (a page uses a
    handful; asking per glyph copied the name out for every line)."""

    def __init__(self, textpage):
        self.raw = textpage.raw
        self.tp = ctypes.cast(self.raw, ctypes.c_void_p).value
        self.obj, self.font = _font_handles()
        self.cache: dict = {}

    def of(self, index: int) -> tuple[str, int]:
        obj = self.obj(self.tp, index)
        handle = self.font(obj) if obj else None
        got = self.cache.get(handle) if handle else None
        if got is None:
            got = (_font_name(self.raw, index), pdfium_c.FPDFText_GetFontWeight(self.raw, index))
            if handle:
                self.cache[handle] = got
        return got


    def of_many(self, indices: list) -> list:
        """:meth:`of` for many glyphs (a page's lines): pdfium asked in two passes of plain calls."""
        objs = list(map(self.obj, repeat(self.tp, len(indices)), indices))
        font, cache, out = self.font, self.cache, []
        for index, obj in zip(indices, objs):
            handle = font(obj) if obj else None
            got = cache.get(handle) if handle else None
            if got is None:
                got = (_font_name(self.raw, index), pdfium_c.FPDFText_GetFontWeight(self.raw, index))
                if handle:
                    cache[handle] = got
            out.append(got)
        return out


def _glyph_bold(fonts: "_Fonts", index: int) -> bool:
    name, weight = fonts.of(index)
    return weight >= 600 or _bold_name(name)


def _bold_memo(fonts: "_Fonts"):
    """:func:`_glyph_bold` of a page's glyphs, each glyph asked of pdfium once (a table's
    rows ask for the same cells' first glyphs several times)."""
    memo: dict = {}

    def bold_of(index: int) -> bool:
        got = memo.get(index)
        if got is None:
            got = memo[index] = _glyph_bold(fonts, index)
        return got

    return bold_of


def _set_fonts(lines: list, fonts: _Fonts) -> None:
    """Each line's font (first and last glyph) and whether it is bold — by weight, or by the
    font name ("Arial-BoldMT", "AdvTT3f84ef53.B") when the PDF sets no weight; pdfium is asked
    for a page's lines at once.  Only headings and the body's font and weight read these, so a
    page's lines are given them once its tables have taken theirs (a dense table's lines were
    most of the calls); table rows ask :func:`_bold_memo` for the glyphs they need."""
    firsts = fonts.of_many([l.s for l in lines])
    maybe = [l for l in lines if _maybe_run_in(l)]
    lasts = dict(zip(map(id, maybe), fonts.of_many([l.e - 1 for l in maybe])))
    for line, (name, weight) in zip(lines, firsts):
        line.font = name
        last = lasts.get(id(line))
        line.font_end = last[0] if last is not None else name
        line.bold = weight >= 600 or _bold_name(name)


def _maybe_run_in(line: _Line) -> bool:
    """A line that may be a run-in heading (few words, a capital or digit first, letters, no
    closing punctuation): its last glyph's font matters (see :func:`_is_heading`)."""
    t = line.text
    return (
        line.e - 1 > line.s
        and line.e - line.s < 90
        and t.count(" ") < 10
        and (t[:1].isupper() or t[:1].isdigit())
        and not t.rstrip().endswith((".", ",", ";", ":", ")", "]"))
        and _LETTERS.search(t) is not None
    )


def _page_chars(page, textpage) -> tuple[str, np.ndarray]:
    """The page's text and one box per character (top-left origin; NaN for generated ones)."""
    n = textpage.count_chars()
    if n <= 0:
        return "", np.zeros((0, 4), dtype=np.float32)
    raw = textpage.raw
    text = textpage.get_text_range(0, n)
    tp = ctypes.cast(raw, ctypes.c_void_p).value
    if len(text) != n:  # characters outside the BMP or unmapped ones: ask one by one
        codes = _unicode_codes(tp, n)
        codes[(codes == 0) | (codes >= 0x110000) | ((codes >= 0xD800) & (codes <= 0xDFFF))] = 0xFFFD
        text = codes.tobytes().decode("utf-32-le")
    rects = (pdfium_c.FS_RECTF * n)()  # zero-filled: a box never asked for reads as generated
    loose = _loose_box()
    base = ctypes.addressof(rects)
    size = ctypes.sizeof(pdfium_c.FS_RECTF)
    # white space needs no box (layout works on glyphs; a space's box is never shown): asking
    # only for the glyphs saves about a sixth of the calls, and map() the loop's overhead
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    want = np.flatnonzero(~_is_space(codes))
    fast = _loose_box_cffi()
    if fast is not None:
        ffi, call = fast
        at = want.tolist()
        deque(map(call, repeat(ffi.cast("void *", tp), len(at)), at, (want * size + base).tolist()), maxlen=0)
    else:
        deque(map(loose, repeat(tp, want.size), want.tolist(), (want * size + base).tolist()), maxlen=0)
    a = np.frombuffer(rects, dtype=np.float32).reshape(n, 4)  # left, top, right, bottom (PDF y up)
    page_top = page.get_cropbox()[3]
    boxes = np.empty((n, 4), dtype=np.float32)
    boxes[:, 0] = a[:, 0]
    boxes[:, 1] = page_top - a[:, 1]
    boxes[:, 2] = a[:, 2]
    boxes[:, 3] = page_top - a[:, 3]
    generated = (a[:, 0] == a[:, 2]) & (a[:, 1] == a[:, 3])
    boxes[generated] = np.nan
    _split_ligatures(boxes)
    return text, boxes


def _split_ligatures(boxes: np.ndarray) -> None:
    """Give each letter of a ligature its share of the glyph's box, in place.

    pdfium writes a ligature glyph (ﬁ, ﬂ, ﬃ) as its letters, each with the whole glyph's box;
    splitting the box evenly keeps every character's box distinct and in reading order.
    """
    if len(boxes) < 2:
        return
    v = np.ascontiguousarray(boxes).view(np.uint64)  # a row as two 64-bit words: one compare each
    same = np.flatnonzero((v[1:, 0] == v[:-1, 0]) & (v[1:, 1] == v[:-1, 1]) & (boxes[1:, 2] > boxes[1:, 0]))
    if same.size == 0:
        return
    k = 0
    idx = same.tolist()
    while k < len(idx):
        first = idx[k]
        last = first + 1
        while k + 1 < len(idx) and idx[k + 1] == last:
            k += 1
            last += 1
        k += 1
        n = last - first + 1
        x0, x1 = float(boxes[first, 0]), float(boxes[first, 2])
        step = (x1 - x0) / n
        for j in range(n):
            boxes[first + j, 0] = x0 + j * step
            boxes[first + j, 2] = x0 + (j + 1) * step


def _median(a: np.ndarray):
    """``np.median`` of a non-empty 1-d array, the same value at a fraction of its cost on the
    short arrays of a line (one partition, no generic reduction machinery)."""
    n = a.size
    k = n // 2
    if n % 2:
        return np.partition(a, k)[k]
    p = np.partition(a, (k - 1, k))
    return a.dtype.type((p[k - 1] + p[k]) / 2)


def _frame(boxes: np.ndarray, rotation: int, width: float, height: float) -> np.ndarray:
    """Boxes seen in the frame where text rotated by ``rotation`` degrees reads left to right."""
    if rotation == 0:
        return boxes
    x0, top, x1, bot = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    if rotation == 90:  # reads bottom to top
        return np.stack([height - bot, x0, height - top, x1], axis=1)
    return np.stack([top, width - x1, bot, width - x0], axis=1)  # 270: reads top to bottom


def _page_lines(text: str, boxes: np.ndarray, pageno: int, width: float = 612.0, height: float = 792.0,
                info: Optional[dict] = None) -> list[_Line]:
    """Group the page's glyphs into visual lines.

    Vectorised: a glyph starts a new line when its vertical centre leaves the previous glyph's
    vertical range or it does not continue it horizontally.  A page whose glyphs mostly end up
    one per line holds rotated text (a landscape table): it is read in the rotated frame that
    gives the fewest lines.
    """
    if not text:
        return []
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # glyphs with a real box on (or near) the page: damaged files put text anywhere
    finite = np.isfinite(boxes[:, 0] + boxes[:, 1] + boxes[:, 2] + boxes[:, 3])  # NaN or ±inf anywhere
    margin = max(width, height)
    on_page = (boxes[:, 0] > -margin) & (boxes[:, 2] < width + margin) & (boxes[:, 1] > -margin) & (boxes[:, 3] < height + margin)
    glyph = finite & on_page & ~_is_space(codes)
    g = np.nonzero(glyph)[0]
    if g.size == 0:
        return []
    gb = boxes[g].astype(np.float64)
    rotated_lines: list[_Line] = []
    rotation = 0
    if g.size >= 6:
        rot = _rotated_runs(gb)
        if rot is not None and np.count_nonzero(rot) >= 0.5 * g.size and np.count_nonzero(np.diff(rot.view(np.int8)) == 1) >= 4:
            # most of the page is turned (a landscape table): the whole page is read in the frame
            # where its text runs left to right
            rotation = _run_direction(gb, rot)
        elif rot is not None:
            rotated_lines = _rotated_lines(text, g, gb, rot, pageno)
            keep = ~rot
            g, gb = g[keep], gb[keep]
            if g.size == 0:
                return rotated_lines
    if rotation:
        gb = _frame(gb, rotation, width, height)
        starts = _line_starts(gb)
    else:
        starts = _line_starts(gb)
    if not rotation and starts.size > 40 and np.count_nonzero(np.diff(np.append(starts, g.size)) == 1) > 0.4 * starts.size:
        best = starts
        for rot in (90, 270):
            cand = _line_starts(_frame(gb, rot, width, height))
            if cand.size < 0.6 * best.size:
                best, rotation = cand, rot
        if rotation:
            starts = best
            gb = _frame(gb, rotation, width, height)
    x0, top, x1, bot = gb[:, 0], gb[:, 1], gb[:, 2], gb[:, 3]
    h = np.maximum(bot - top, 0.5)
    lx0, lx1, ltop, lbot, hmax, hmin = _aggregate(starts, x0, x1, top, bot, h)
    # Rejoin fragments that continue one another on the same row: after a superscript the
    # next glyph is lower than the (raised, small) previous one, which split the line there.
    if starts.size > 1:
        size = np.maximum(hmax[1:], hmax[:-1])
        gap = lx0[1:] - lx1[:-1]
        overlap = np.minimum(lbot[1:], lbot[:-1]) - np.maximum(ltop[1:], ltop[:-1])
        rejoin = (gap > -0.5 * size) & (gap < 0.8 * size) & (overlap > 0.25 * np.minimum(lbot[1:] - ltop[1:], lbot[:-1] - ltop[:-1]))
        if rejoin.any():
            starts = starts[np.concatenate(([True], ~rejoin))]
            lx0, lx1, ltop, lbot, hmax, hmin = _aggregate(starts, x0, x1, top, bot, h)
    ends = np.append(starts[1:], g.size)
    drops = _false_spaces(text, g, starts, ends, x0, x1, h, hmax)
    mixed = (hmin < 0.88 * hmax).tolist()
    lines = []
    for k, (st, en, s, e, a, b, c, d, sz) in enumerate(
        zip(starts.tolist(), ends.tolist(), g[starts].tolist(), (g[ends - 1] + 1).tolist(),
            lx0.tolist(), ltop.tolist(), lx1.tolist(), lbot.tolist(), hmax.tolist())
    ):
        line = _Line(pageno, s, e, a, b, c, d, sz, text[s:e])
        if mixed[k]:
            _mixed_sizes(line, g[st:en], h[st:en], top[st:en], bot[st:en])
        drop = drops.get(k)
        if drop:
            line.drop = drop
            line.text = "".join(ch for i, ch in enumerate(text[s:e], s) if i not in drop and ch not in "\r\n")
        lines.append(line)
    if info is not None:
        info["rotation"] = rotation
    return lines + rotated_lines


def _run_direction(gb: np.ndarray, rot: np.ndarray) -> int:
    """90 when the turned glyphs read upwards (each next glyph above the last), else 270."""
    x0, top, x1, bot = gb[:, 0], gb[:, 1], gb[:, 2], gb[:, 3]
    both = rot[1:] & rot[:-1]
    w = np.maximum(x1[1:] - x0[1:], x1[:-1] - x0[:-1])
    up = np.count_nonzero(both & (np.abs(bot[1:] - top[:-1]) < 0.6 * w))
    down = np.count_nonzero(both & (np.abs(top[1:] - bot[:-1]) < 0.6 * w))
    return 90 if up >= down else 270


def _frame_rules(rules, rotation: int, width: float, height: float):
    """Ruling lines and graphics boxes of a page seen in the frame of :func:`_frame`."""
    if rotation == 0:
        return rules
    h, v = rules.h, rules.v
    if rotation == 90:  # page (x, y) -> frame (height - y, x)
        nh = np.stack([height - v[:, 2], v[:, 0], height - v[:, 1]], axis=1) if v.size else np.zeros((0, 3))
        nv = np.stack([height - h[:, 1], h[:, 0], h[:, 2]], axis=1) if h.size else np.zeros((0, 3))
    else:  # 270: page (x, y) -> frame (y, width - x)
        nh = np.stack([v[:, 1], width - v[:, 0], v[:, 2]], axis=1) if v.size else np.zeros((0, 3))
        nv = np.stack([h[:, 1], width - h[:, 2], width - h[:, 0]], axis=1) if h.size else np.zeros((0, 3))
    shapes = _frame(rules.shapes, rotation, width, height) if rules.shapes.size else rules.shapes
    return type(rules)(nh, nv, shapes)


def _unframe(box: tuple, rotation: int, width: float, height: float) -> tuple:
    """A box of the frame of :func:`_frame` back in page coordinates."""
    if rotation == 0:
        return box
    x0, top, x1, bot = box
    if rotation == 90:
        return (top, height - x1, bot, height - x0)
    return (width - bot, x0, width - top, x1)


def _rotated_runs(gb: np.ndarray) -> Optional[np.ndarray]:
    """Which glyphs belong to runs of text set at a right angle on an upright page (a margin
    banner, a rotated label), or ``None``.

    Consecutive glyphs of such a run stack vertically — one box's bottom meets the next one's
    top, or the other way round — with their x ranges overlapping, and their boxes are wider
    than tall (the box of a turned glyph is the font's height across and its advance along).
    Six glyphs or more make a run; a column of upright single digits (tall boxes) never does.
    """
    x0, top, x1, bot = gb[:, 0], gb[:, 1], gb[:, 2], gb[:, 3]
    w = x1 - x0
    h = bot - top
    ww = np.maximum(w[1:], w[:-1])
    over = np.minimum(x1[1:], x1[:-1]) - np.maximum(x0[1:], x0[:-1])
    # the next glyph continues above (text reading upwards) or below, a word space apart at most
    up = np.abs(bot[1:] - top[:-1]) < 0.6 * ww
    down = np.abs(top[1:] - bot[:-1]) < 0.6 * ww
    stack = (up | down) & (over > 0.6 * np.minimum(w[1:], w[:-1]))
    if np.count_nonzero(stack) < 5:
        return None
    out = np.zeros(gb.shape[0], dtype=bool)
    edges = np.diff(np.concatenate(([0], stack.view(np.int8), [0])))
    found = False
    first, last = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    long = last - first >= 5  # runs of five stacked pairs or more (the rest are no run)
    for a, b in zip(first[long].tolist(), last[long].tolist()):
        # pairs a .. b-1 stack: glyphs a .. b
        if _median(w[a:b + 1]) > 1.2 * _median(h[a:b + 1]):
            out[a:b + 1] = True
            found = True
            _rotated_ends(gb, out, a, b)
    return out if found else None


def _rotated_ends(gb: np.ndarray, out: np.ndarray, a: int, b: int) -> None:
    """Mark the few glyphs that open or close a turned run ``a .. b`` but do not stack on it
    (punctuation set off the baseline, an ellipsis, the tail of a banner that wraps to the
    other end of the page): the glyphs next to the run in the text stream that lie inside
    its band across, on a line of their own along it."""
    x0, x1 = gb[:, 0], gb[:, 2]
    lo, hi = float(x0[a:b + 1].min()), float(x1[a:b + 1].max())
    pad = 0.15 * (hi - lo)
    n = gb.shape[0]
    for step, first in ((1, b + 1), (-1, a - 1)):
        i, taken = first, 0
        while 0 <= i < n and taken < 8 and not out[i] and x0[i] >= lo - pad and x1[i] <= hi + pad:
            if taken:
                prev = i - step
                near = min(abs(gb[i, 1] - gb[prev, 3]), abs(gb[i, 3] - gb[prev, 1]))
                if near > hi - lo:
                    break
            out[i] = True
            taken += 1
            i += step


def _rotated_lines(text: str, g: np.ndarray, gb: np.ndarray, rot: np.ndarray, pageno: int) -> list[_Line]:
    """One line per run of turned glyphs (``rotated``), boxed in page coordinates."""
    lines = []
    idx = np.flatnonzero(rot)
    runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    for run in runs:
        s, e = int(g[run[0]]), int(g[run[-1]]) + 1
        b = gb[run]
        size = float(_median(b[:, 2] - b[:, 0]))
        line = _Line(pageno, s, e, float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()),
                     size, text[s:e])
        line.rotated = True
        lines.append(line)
    return lines


def _false_spaces(text, g, starts, ends, x0, x1, h, hmax) -> dict:
    """White space that the layout does not show, by line: ``{line: {stream index, ...}}``.

    pdfium writes a space wherever the gap between two glyphs looks wide to it, so
    letter-spaced labels come out as ``R E S EAR CH A R TIC L E``.  A line is letter-spaced
    when its glyphs stand apart by 5% of the font size or more on average and most gaps equal
    one tracking value; there a space is kept only where the gap exceeds the
    tracking by 0.15 em (a word space is 0.2–0.3 em wider than the tracking).  Elsewhere pdfium's
    spaces stand: tightly justified lines set word spaces of 0.07 em, so a narrow gap alone is
    no evidence that a space is false.
    """
    n = g.size
    if n < 2:
        return {}
    gap = x0[1:] - x1[:-1]
    hp = np.maximum(h[1:], h[:-1])
    line_of = np.repeat(np.arange(starts.size), ends - starts)
    same = line_of[1:] == line_of[:-1]
    ws = (g[1:] - g[:-1]) > 1
    out: dict = {}

    def drop(k: int, pair: int) -> None:
        out.setdefault(k, set()).update(i for i in range(int(g[pair]) + 1, int(g[pair + 1])) if text[i] in " \u00a0")

    # letter-spaced candidates: the line's gaps, clipped below a word space, average 0.05 em
    # or more (pdfium may have put a space between nearly every pair of tracked letters)
    clipped = np.clip(gap, -0.1 * hp, 0.12 * hp) * same
    firsts = starts[starts < n - 1]
    if firsts.size:
        tot = np.add.reduceat(np.append(clipped, 0.0), firsts)
        cnt = np.add.reduceat(np.append(same, False).astype(np.int64), firsts)
        spaced = np.flatnonzero((cnt >= 3) & (tot >= 0.05 * hmax[starts < n - 1] * np.maximum(cnt, 1)))
        for j in spaced.tolist():
            k = int(np.searchsorted(starts, firsts[j], side="right")) - 1
            a, b = int(starts[k]), int(ends[k]) - 1  # pairs a .. b-1 lie inside line k
            pg = gap[a:b]
            letter = float(_median(pg))
            size = float(hmax[k])
            # tracking is one constant: most gaps (in words and across pdfium's false spaces)
            # equal it; glyphs placed one by one (figure labels) scatter
            if letter < 0.05 * size or np.count_nonzero(np.abs(pg - letter) < 0.04 * size) < 0.7 * pg.size:
                continue
            for q in np.flatnonzero(ws[a:b] & (pg < letter + 0.15 * hp[a:b])).tolist():
                drop(k, a + q)
    return out


def _aggregate(starts, x0, x1, top, bot, h):
    return (
        np.minimum.reduceat(x0, starts),
        np.maximum.reduceat(x1, starts),
        np.minimum.reduceat(top, starts),
        np.maximum.reduceat(bot, starts),
        np.maximum.reduceat(h, starts),
        np.minimum.reduceat(h, starts),
    )


def _line_starts(gb: np.ndarray) -> np.ndarray:
    x0, top, x1, bot = gb[:, 0], gb[:, 1], gb[:, 2], gb[:, 3]
    h = np.maximum(bot - top, 0.5)
    mid = (top + bot) * 0.5
    brk = np.ones(len(gb), dtype=bool)
    brk[1:] = (
        (mid[1:] < top[:-1])
        | (mid[1:] > bot[:-1])
        # going back: a new line (a ligature's second letter shares the first one's box)
        | ((x0[1:] < x1[:-1] - 0.5 * h[1:]) & (x0[1:] < x0[:-1] - 0.5))
        | (x0[1:] > x1[:-1] + 2.5 * h[1:])
    )
    return np.nonzero(brk)[0]


def _mixed_sizes(line: _Line, idx, h, top, bot) -> None:
    """A line with glyphs of different sizes: its main size, baseline and superscripts."""
    n = h.size
    order = h.copy()
    order.sort()  # in place on copies: np.sort's own copy and dispatch cost more on a line's glyphs
    size = float(order[(n * 2) // 3] if n >= 3 else order[n // 2])
    main = h >= 0.88 * size
    if not main.any():
        return
    mb = bot[main]
    mb.sort()
    baseline = mb[mb.size // 2]
    line.size = size
    line.top = float(top[main].min())
    line.bottom = float(mb[-1])
    # raised: the bottom above the baseline and the middle above the line's middle (a glyph
    # whose font declares a smaller ascent and descent — a ligature in a subset font — sits
    # centred on the line with a smaller box: it is no superscript)
    mid = (top + bot) * 0.5
    mm = mid[main]
    main_mid = float(_median(mm))
    sup = ~main & (bot < baseline - 0.12 * size) & (mid < main_mid - 0.08 * size)
    if sup.any() and not sup.all():
        line.sup = set(idx[sup].tolist())


# -- headers, footers, page numbers -----------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[ivxlc]{1,6}$", re.I)


def _drop_running_lines(pages: list[list[_Line]], heights: list[float]) -> int:
    """Remove running headers/footers and page numbers in place; return how many were removed."""
    def edges(lines: list[_Line], h: float) -> list[_Line]:
        lo, hi = 0.09 * h, 0.91 * h
        return [l for l in lines if l.bottom < lo or l.top > hi]

    keys = Counter()
    for lines, h in zip(pages, heights):
        seen = set()
        for line in edges(lines, h):
            k = _DIGITS.sub("#", line.text.strip().lower())
            if k not in seen:
                seen.add(k)
                keys[k] += 1
    n = len(pages)
    repeated = {k for k, c in keys.items() if c >= 2 and (n <= 4 or c >= 0.3 * n)}
    dropped = 0
    for p, (lines, h) in enumerate(zip(pages, heights)):
        gone = set()
        for line in edges(lines, h):
            t = line.text.strip()
            if _PAGE_NUMBER.match(t) or _DIGITS.sub("#", t.lower()) in repeated:
                gone.add(id(line))
        if gone:
            dropped += len(gone)
            pages[p] = [l for l in lines if id(l) not in gone]
    return dropped


_LEADING_NUMBER = re.compile(r"\s*\d{1,4}(?=\s)")


def _line_numbers(lines: list[_Line], text: str, boxes: np.ndarray) -> set:
    """Manuscript line numbers: five or more lines of a bare number (1-9999) set in a column of
    their own beside the text (right edges aligned, left of every other line, or left edges
    aligned right of every other line), counting up down the page.  Returns their ids.  A
    number joined to the line it numbers (set close to it) is cut off that line (in place)
    first, and its line kept."""
    nums = [l for l in lines if not l.rotated and (t := l.text.strip()).isdigit() and len(t) <= 4]
    ids = {id(l) for l in nums}
    # numbers joined to their lines: a leading number far from the line's next glyph
    joined = {}
    for l in lines:
        t0 = l.text[:1]
        if not (t0.isdigit() or t0.isspace()) or id(l) in ids or l.rotated or l.sup or l.drop:
            continue  # (no number can open the line)
        m = _LEADING_NUMBER.match(l.text)
        if not m:
            continue
        a = l.s + m.end() - 1  # the number's last digit
        b = a + 1
        while b < l.e and (text[b].isspace() or not np.isfinite(boxes[b, 0])):
            b += 1
        if b < l.e and boxes[b, 0] - boxes[a, 2] > 1.2 * l.size:
            joined[id(l)] = (l, b, float(boxes[l.s, 0]), float(boxes[a, 2]))
    if len(nums) + len(joined) < 5:
        return set()
    rest = [l for l in lines if id(l) not in ids and not l.rotated]
    if not rest:
        return set()
    left = min(l.x0 if id(l) not in joined else float(boxes[joined[id(l)][1], 0]) for l in rest)
    right = max(l.x1 for l in rest)
    for side in ("left", "right"):
        if side == "left":
            cut = [j for j in joined.values() if j[3] < left - 2]
            col = [l for l in nums if l.x1 < left - 2]
            edge = [l.x1 for l in col] + [j[3] for j in cut]
            if len(col) + len(cut) < 5 or max(edge) - min(edge) > 0.5 * max(l.size for l in col + [j[0] for j in cut]) + 2:
                continue
            order = sorted([(l.top, int(l.text.strip())) for l in col]
                           + [(j[0].top, int(_LEADING_NUMBER.match(j[0].text).group(0))) for j in cut])
            vals = [v for _, v in order]
            if sum(1 for a, b in zip(vals, vals[1:]) if b > a) < 0.8 * (len(vals) - 1):
                continue
            for l, b, _, _ in cut:  # the line goes on without its number
                l.s = b
                l.x0 = float(boxes[b, 0])
                l.raw = text[b:l.e]
                l.text = l.raw.replace("\r", "").replace("\n", "")
                l.width = l.x1 - l.x0
            return {id(l) for l in col}
        col = [l for l in nums if l.x0 > right + 2]
        edge = [l.x0 for l in col]
        if len(col) < 5 or max(edge) - min(edge) > 0.5 * max(l.size for l in col) + 2:
            continue
        col.sort(key=lambda l: l.top)
        vals = [int(l.text.strip()) for l in col]
        up = sum(1 for a, b in zip(vals, vals[1:]) if b > a)
        if up >= 0.8 * (len(vals) - 1):
            return {id(l) for l in col}
    return set()


#: what opens a page footnote: a symbol, or a number or letter set as a marker
_NOTE_MARK = re.compile(r"^\s*(?:[*†‡§¶‖#]+|\^?\d{1,2}(?=[\s.)A-Z])|\^?[a-z](?=[\s.)])|\^\S{1,3})")


def _page_footnotes(pages: list[list[_Line]], heights: list[float], all_lines: list[_Line]) -> list[list[list[_Line]]]:
    """Take each page's footnotes out of its lines (in place): the lines under everything else
    on the page, in the lower part of the page, set smaller than the body text, the first of
    them opening with a marker (``*``, ``†``, a raised number or letter), set apart from the
    text above by a gap.  Returns per page the notes, each a list of lines (a line opening with
    a marker opens a note)."""
    sizes: Counter = Counter()
    for l in all_lines:
        sizes[round(l.size, 1)] += l.e - l.s
    out: list[list[list[_Line]]] = [[] for _ in pages]
    if not sizes:
        return out
    body = sizes.most_common(1)[0][0]
    for p, lines in enumerate(pages):
        upright = sorted((l for l in lines if not l.rotated and not l.figure and not isinstance(l, _TableBlock)),
                         key=lambda l: l.top)
        if len(upright) < 4:
            continue
        h = heights[p]
        # the bottom run of small lines
        k = len(upright)
        while k > 0 and upright[k - 1].size < 0.92 * body and upright[k - 1].top > 0.55 * h:
            k -= 1
        block = upright[k:]
        if not block or k == 0 or len(block) > 0.3 * len(upright):
            continue
        above = upright[:k]
        if block[0].top - max(l.bottom for l in above) < 0.4 * block[0].size:
            continue  # no gap: the small text runs on from what stands above it
        if not any(l.size >= 0.97 * body for l in above):
            continue
        def marked(l: _Line) -> bool:
            return bool(_NOTE_MARK.match(l.text)) or bool(l.sup and l.s in l.sup)
        # the block opens at its first marked line (small lines above it are no notes)
        first = next((i for i, l in enumerate(block) if marked(l)), None)
        if first is None or first > 0:
            continue
        notes: list[list[_Line]] = []
        for l in block:
            if not notes or (marked(l) and l.x0 <= notes[-1][0].x0 + 0.5 * l.size):
                notes.append([l])
            else:
                notes[-1].append(l)
        gone = {id(l) for l in block}
        pages[p] = [l for l in lines if id(l) not in gone]
        out[p] = notes
    return out


def _margin_lines(pages: list[list[_Line]]) -> tuple[list[list[_Line]], int]:
    """Take the lines set at a right angle out of each page (in place); drop those repeated on
    two pages or more (a running title in the margin).  Returns the rest per page and the
    number dropped."""
    out: list[list[_Line]] = []
    keys: Counter = Counter()
    for p, lines in enumerate(pages):
        turned = [l for l in lines if l.rotated or l.figure]
        if turned:
            pages[p] = [l for l in lines if not (l.rotated or l.figure)]
            keys.update({_DIGITS.sub("#", _SPACES.sub(" ", l.text).strip().lower()) for l in turned})
        out.append(turned)
    dropped = 0
    for p, turned in enumerate(out):
        keep = [l for l in turned if l.figure or keys[_DIGITS.sub("#", _SPACES.sub(" ", l.text).strip().lower())] < 2]
        dropped += len(turned) - len(keep)
        out[p] = keep
    return out, dropped


# -- reading order (XY-cut on a gutter) -------------------------------------------------------


def _gutter(items: list[_Line], page_width: float) -> Optional[float]:
    """x of a vertical gutter between columns of text lines, or ``None``.

    A gutter is a band at least 4 pt wide that (almost) no line covers — a few table cells or
    a figure label may cross it (up to 10% of the lines, and fewer than the column lines) — with at least two text lines (wider than 18% of the page)
    entirely on each side.  Of several, the one with the most balanced columns wins.
    """
    if len(items) < 4:
        return None
    x0 = np.array([l.x0 for l in items])
    x1 = np.array([l.x1 for l in items])
    lo, hi = max(float(x0.min()), -page_width), min(float(x1.max()), 2 * page_width)
    nbins = min(int((hi - lo) / 2) + 1, 4000)
    x0 = np.clip(x0, lo, hi)
    x1 = np.clip(x1, lo, hi)
    if nbins < 3:
        return None
    cover = np.zeros(nbins + 1, dtype=np.int64)
    np.add.at(cover, ((x0 - lo) / 2).astype(np.int64) + 1, 1)  # bins strictly inside a line
    np.add.at(cover, np.minimum(((x1 - lo) / 2).astype(np.int64), nbins), -1)
    cover = np.cumsum(cover)[:nbins]
    crossing_allowed = int(0.1 * len(items))
    free = cover <= crossing_allowed
    wide = np.array([l.width >= 0.18 * page_width for l in items])
    best = None
    edges = np.diff(np.concatenate(([0], free.view(np.int8), [0])))
    runs = [(k, j) for k, j in zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist())
            if (j - k) * 2 >= 4]  # free runs [k, j) at least 4 pt wide
    if not runs:
        return None
    # every run's wide lines on either side and the most lines across it at once: counts from
    # the sorted edges of the wide lines, maxima of the cover over each run
    cuts = [lo + (k + j) / 2 * 2 for k, j in runs]
    at = np.array(cuts)
    ends, starts = np.sort(x1[wide]), np.sort(x0[wide])
    lefts = np.searchsorted(ends, at, side="right").tolist()
    rights = (starts.size - np.searchsorted(starts, at, side="left")).tolist()
    crossings = np.maximum.reduceat(np.append(cover, 0), np.array(runs).ravel())[::2].tolist()
    for (k, j), cut, left, right, crossing in zip(runs, cuts, lefts, rights, crossings):
        score = min(left, right)
        if min(left, right) <= 1 and max(left, right) >= 2 and (j - k) * 2 >= 8 and not np.any(
                (x0 < cut - 1) & (x1 > cut + 1)):
            # a short column (the last few lines of a list) has one wide line: a band no line
            # crosses, with three lines or more entirely on that side (two when no line
            # reaches into the band at all), still parts the columns; so does a band no line
            # reaches into beside a lone line with a wide one (a heading set low in its
            # column, a list running on at the foot of the next)
            short, wide_n = min((int(np.count_nonzero(x1 <= cut)), left), (int(np.count_nonzero(x0 >= cut)), right),
                                key=lambda s: s[1])
            if short >= 3 or (short >= 2 and crossing == 0 and wide_n) or (short >= 1 and crossing == 0 and not wide_n):
                left, right = max(left, 2, crossing), max(right, 2, crossing)
        if left >= max(2, crossing) and right >= max(2, crossing) and (best is None or score > best[0]):
            best = (score, cut)
    return best[1] if best else None


def _by_rows(items: list[_Line]) -> list[_Line]:
    return sorted(items, key=lambda l: (round(l.bottom / 2), l.x0))


def _xy_order(items: list[_Line], page_width: float, depth: int = 0) -> list[_Line]:
    """Reading order of one page's lines.

    Find a gutter among the lines narrower than the region (column lines); lines crossing it
    (a title, a full-width figure or table) cut the region into horizontal segments, and each
    segment is read left column first, then right, recursively (three columns, nested ones).
    """
    if len(items) < 4 or depth > 8:
        return _by_rows(items)
    x_lo = min(l.x0 for l in items)
    x_hi = max(l.x1 for l in items)
    narrow = [l for l in items if l.width < 0.55 * (x_hi - x_lo)]
    cut = _gutter(narrow, page_width)
    if cut is None:
        return _by_rows(items)
    # lines across the gutter cut the region into bands, unless narrower than the region's
    # wide lines: a word too long for its column (a URL) runs over the gutter and stays in its
    # column
    wide = 0.55 * (x_hi - x_lo)
    reach = x_hi - 0.3 * (x_hi - cut)  # a spanning line reaches well into the last column
    spanning = sorted((l for l in items if l.x0 < cut - 1 and l.x1 > cut + 1 and l.width >= wide and l.x1 >= reach),
                      key=lambda l: l.top)
    span_ids = {id(l) for l in spanning}
    segments: list[list[_Line]] = [[] for _ in range(len(spanning) + 1)]
    tops = [l.top for l in spanning]
    for l in items:
        if id(l) in span_ids:
            continue
        k = 0
        while k < len(tops) and tops[k] <= l.top:
            k += 1
        segments[k].append(l)
    out: list[_Line] = []
    for k, seg in enumerate(segments):
        left = [l for l in seg if (l.x0 + l.x1) / 2 < cut or l.x0 < cut - 1 < cut + 1 < l.x1]
        right = [l for l in seg if not ((l.x0 + l.x1) / 2 < cut or l.x0 < cut - 1 < cut + 1 < l.x1)]
        out.extend(_xy_order(left, page_width, depth + 1))
        out.extend(_xy_order(right, page_width, depth + 1))
        if k < len(spanning):
            out.append(spanning[k])
    return out


# -- paragraphs and text ----------------------------------------------------------------------


_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def _ends_sentence(t: str) -> bool:
    return t.rstrip().endswith((".", "?", "!", ":", ".”", '."', ".)", "]"))


def _is_heading(line: _Line, body: float, body_bold: bool, body_font: str = "", typical_width: float = 1e9) -> int:
    """Heading level (1–3) of a standalone line, or 0.

    Larger than the body text (1: ≥1.5×, 2: ≥1.12×); bold where the body is not; a known
    section name alone on its line; or a short line set wholly in a font other than the body's
    ("Eligibility assessment and consent" in a sans-serif run-in style).
    """
    if line.e - line.s > 160:
        return 0
    if line.size < 1.12 * body and not (line.bold and not body_bold) and (not body_font or not line.font or line.font == body_font):
        # body size, weight and font: only a known section name alone on its line is a heading
        if line.e - line.s > 60:
            return 0
        t = line.text.strip()
        words = t.split()
        if t[:1].islower():
            return 0  # "outcomes." ending a paragraph at the top of a column is no heading
        return 3 if 0 < len(words) <= 4 and _TWO_LETTERS.search(t) and known_heading(t) else 0
    t = line.text.strip()
    words = t.split()
    if not words or len(words) > 14 or len(t) > 120 or not _TWO_LETTERS.search(t):
        return 0
    if t.endswith((".", ",", ";")) and not known_heading(t):
        return 0
    if line.size >= 1.5 * body:
        return 1
    if line.size >= 1.12 * body:
        return 2
    if (line.bold and not body_bold) or (len(words) <= 4 and known_heading(t)):
        return 3
    if (
        body_font
        and line.font
        and line.font != body_font
        and line.font_end == line.font
        and len(words) <= 8
        and line.width < 0.7 * typical_width
        and line.size >= 0.85 * body
        and (t[0].isupper() or t[0].isdigit())
        and not t.endswith((":", ")", "]"))
    ):
        return 3
    return 0


_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
#: the first word of each line of the lines joined by newlines
_FIRST_WORD = re.compile(r"(?m)^[^a-z\n]*([a-z]+(?:-[a-z]+)*)")


class _Words:
    """The document's words (lowercase, hyphenated compounds kept whole), built on first use."""

    def __init__(self, lines: list):
        self.lines = lines
        self._set: Optional[set] = None
        self._count: Optional[Counter] = None
        self._words: Optional[list] = None
        self._text: Optional[str] = None

    def count(self, word: str) -> int:
        """How often ``word`` is printed inside a line (not as a line's first word nor as a
        word broken at a line end: the parts of a broken word do not count as words)."""
        if self._count is None:
            # every word but each line's first (the first word of a line is the scan's first
            # match on it, so the two plain scans give the same counts as one scan telling the
            # two apart); then the word broken at the end of a line ending in a hyphen is taken
            # back out
            c = Counter(self._scan())
            c.subtract(_FIRST_WORD.findall(self._text))
            c = Counter({w: k for w, k in c.items() if k > 0})
            for l in self.lines:
                if l.text.rstrip()[-1:] in _HYPHENS:
                    found = _WORD.findall(l.text.replace("\ufffe", "-").lower())
                    if len(found) >= 2:
                        c[found[-1]] -= 1
            self._count = c
        return self._count.get(word.lower(), 0)

    def _scan(self) -> list:
        """One scan of the whole text: every word, in order."""
        if self._words is None:
            self._text = "\n".join(l.text for l in self.lines).replace("\ufffe", "-").lower()
            self._words = _WORD.findall(self._text)
        return self._words

    def has(self, word: str) -> bool:
        if self._set is None:
            self._set = set(self._scan())
        return word.lower() in self._set


def _join_hyphen(prev: _Line, nxt: _Line, hyphenated: "_Words", words: "_Words") -> Optional[bool]:
    """For a line ending in a hyphen: ``True`` keep it, ``False`` drop it, ``None`` not a hyphen break."""
    pt = prev.text.rstrip()
    if len(pt) < 2 or pt[-1] not in _HYPHENS or pt[-2] == " ":
        return None
    m = re.search(r"([A-Za-z0-9]+)[" + _HYPHENS + r"]$", pt)
    nm = re.match(r"\s*([A-Za-z0-9]+)", nxt.text)
    if not m or not nm:
        return True
    left, right = m.group(1), nm.group(1)
    if right[0].isupper() or right[0].isdigit() or left[-1].isdigit():
        return True
    if len(left) == 1 or (len(left) > 1 and left.isupper()):
        return True  # "n-\noctane", "CHX-\ncontaining": no word break after a letter or an acronym
    if hyphenated.has(f"{left}-{right}"):
        return True
    if words.has(left + right):
        return False
    if min(len(left), len(right)) >= 3 and words.count(left) and words.count(right):
        # two words printed on their own elsewhere ("cell-\ncycle", "medical-\nsurgical"); a
        # typesetter's break leaves a part too short ("up-\nper") or no word ("treat-\nment")
        return True
    return left.lower() in _hyphen_prefixes()


class _Text:
    """The text being built; each part remembers where its characters' boxes are.

    ``runs`` holds ``(first row, length)`` per part: rows of the document's box table for
    characters read from the page (consecutive), ``-1`` for characters the reader inserted.
    """

    def __init__(self):
        self.parts: list[str] = []
        self.runs: list[tuple[int, int]] = []
        self.offset = 0
        self.last = ""
        self.page_starts: list[int] = []
        self.spans: dict[str, list[Span]] = {}

    def add(self, t: str, row: int = -1) -> None:
        if not t:
            return
        self.parts.append(t)
        self.runs.append((row, len(t)))
        self.offset += len(t)
        self.last = t[-1]

    def newline(self) -> None:
        if self.offset and self.last != "\n":
            self.add("\n")

    def space(self) -> None:
        if self.offset and self.last not in " \n":
            self.add(" ")

    def mark(self, start: int, end: int, label: str, **attrs) -> None:
        self.spans.setdefault(label, []).append(Span(start, end, label, attrs))

    def rows(self) -> np.ndarray:
        """The box-table row of every character (-1: none), built in one vectorised step."""
        if not self.runs:
            return np.zeros(0, dtype=np.int64)
        first = np.fromiter((r for r, _ in self.runs), dtype=np.int64, count=len(self.runs))
        length = np.fromiter((n for _, n in self.runs), dtype=np.int64, count=len(self.runs))
        starts = np.cumsum(length) - length
        rows = np.arange(int(length.sum()), dtype=np.int64) - np.repeat(starts, length) + np.repeat(first, length)
        rows[np.repeat(first < 0, length)] = -1
        return rows


def _clean(seg: str) -> str:
    if "\ufffe" in seg or "\u00ad" in seg:
        seg = seg.replace("\ufffe", "-").replace("\u00ad", "-")
    return seg


def _emit_line(out: _Text, line: _Line, page_text: str, row0: int, drop_last: bool = False, boxes=None) -> None:
    """Append a line's characters (superscript runs as ``^run`` with a ``sup`` span).

    A pdfium line break inside the line (where the reader rejoined a superscript or a
    fragment on another baseline) reads as a space when the glyphs on either side stand apart
    (``and ^125I`` in justified text), and as nothing when they touch (``10^9``).
    """
    s, e = line.s, line.e
    if drop_last:
        e -= 1
    if not line.sup and not line.drop and line.raw is line.text:  # the common case: one plain run
        if e > s:
            out.add(_clean(page_text[s:e]), row0 + s)
        return
    gap_min = 0.12 * line.size
    pending = [False]

    def spaced(p: int, q: int) -> bool:
        # the break [p, q) separates glyphs p - 1 and q: is there room for a space?
        if boxes is None or p <= s or q >= e:
            return False
        a, b = boxes[p - 1], boxes[q]
        return bool(b[0] - a[2] > gap_min)

    def add(t: str, row: int) -> None:
        if pending[0]:
            out.space()
            pending[0] = False
        out.add(t, row)

    cuts: list[tuple[int, int, bool]] = []
    if line.sup:
        i = s
        while i < e:
            is_sup = i in line.sup
            j = i + 1
            while j < e and (j in line.sup) == is_sup:
                j += 1
            cuts.append((i, j, is_sup))
            i = j
    else:
        cuts.append((s, e, False))
    for i, j, is_sup in cuts:
        seg = page_text[i:j]
        if "\r" in seg or "\n" in seg:  # a pdfium line break inside a line we rejoined
            pieces = []
            k = i
            for m in re.finditer(r"[\r\n]+", seg):
                pieces.append((k, i + m.start()))
                k = i + m.end()
                pieces.append((-1, 1 if spaced(i + m.start(), i + m.end()) else 0))  # a break marker
            pieces.append((k, j))
        else:
            pieces = [(i, j)]
        if line.drop:  # spaces the layout does not show (letter-spaced labels)
            cut = []
            for a, b in pieces:
                if a < 0:
                    cut.append((a, b))
                    continue
                for d in sorted(x for x in line.drop if a <= x < b):
                    cut.append((a, d))
                    a = d + 1
                cut.append((a, b))
            pieces = cut
        if is_sup:
            text = "".join(page_text[a:b] for a, b in pieces if a >= 0)
            if not text.strip():
                continue
            # spaces around the run stay outside it ("and ^125I", "10^9 cells")
            if text[:1] == " " or (pieces[0][0] < 0 and pieces[0][1]):
                pending[0] = True
            if pending[0]:
                out.space()
                pending[0] = False
            out.add("^")
            start = out.offset
        for a, b in pieces:
            if a < 0:
                if b and not is_sup:
                    pending[0] = True
                continue
            if is_sup:  # no spaces inside a superscript run
                while a < b and page_text[a] == " ":
                    a += 1
                while b > a and page_text[b - 1] == " ":
                    b -= 1
            if b > a:
                add(_clean(page_text[a:b]), row0 + a)
        if is_sup:
            out.mark(start, out.offset, "sup")
            if text[-1:] == " " or (pieces[-1][0] < 0 and pieces[-1][1]):
                pending[0] = True


_ITEM = re.compile(r"\s*(?:\[(\d{1,3})\]\s*|(\d{1,3})\.\s+)\S")


def _same_row(a: _Line, b: _Line) -> bool:
    """``b`` sits to the right of ``a`` on the same visual row (a table cell, a split line)."""
    if isinstance(a, _TableBlock) or isinstance(b, _TableBlock):
        return False
    size = max(a.size, b.size)
    return a.page == b.page and b.x0 >= a.x1 - 1 and abs((a.top + a.bottom) - (b.top + b.bottom)) < 0.6 * size


def _rows(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of ordered lines that sit side by side on one row (one line each, most of the time)."""
    # _same_row inlined: this runs once per line of the document
    rows: list[list[_Line]] = []
    row: list = []
    a = None  # the last line of ``row``
    a_block = True
    for l in lines:
        b_block = isinstance(l, _TableBlock)
        if (not a_block and not b_block and a.page == l.page and l.x0 >= a.x1 - 1
                and abs((a.top + a.bottom) - (l.top + l.bottom)) < 0.6 * max(a.size, l.size)):
            row.append(l)
        else:
            row = [l]
            rows.append(row)
        a, a_block = l, b_block
    return rows


def _justified_row(row: list[_Line], prev: Optional[_Line], nxt: Optional[_Line]) -> Optional[_Line]:
    """One line made of the pieces of a justified line that pdfium cut at wide word gaps (a
    narrow column), or ``None`` when the row is a table row.

    The pieces follow one another in the page's character stream with only spaces between
    them, share one size, and together span the same width as a neighbouring line of prose.
    """
    a, z = row[0], row[-1]
    if any(l.page != a.page or abs(l.size - a.size) > 0.05 * a.size or l.rotated for l in row):
        return None
    for u, v in zip(row, row[1:]):
        if v.s < u.e or v.s - u.e > 3:
            return None
    ref = [l for l in (prev, nxt) if l is not None and l.page == a.page and abs(l.size - a.size) < 0.05 * a.size]
    if not (any(abs(l.x0 - a.x0) < 1.5 for l in ref) and any(abs(l.x1 - z.x1) < 1.5 for l in ref)):
        return None
    line = _Line(a.page, a.s, z.e, a.x0, min(l.top for l in row), z.x1, max(l.bottom for l in row), max(l.size for l in row),
                 " ".join(l.text for l in row))
    line.raw = None  # the characters between the pieces (spaces) are read from the page
    sup = set().union(*(l.sup or () for l in row))
    drop = set().union(*(l.drop or () for l in row))
    line.sup, line.drop = sup or None, drop or None
    line.bold, line.font, line.font_end = a.bold, a.font, z.font_end
    return line


def _paragraphs(lines: list[_Line], state: Optional[dict] = None) -> list[list[_Line]]:
    """Group ordered lines into paragraphs (see the module docstring, step 5).

    A row of several cells (a table row) is a paragraph of its own; it is returned as a list
    holding one tuple of its cells.
    """
    # each column's right edge: the widest reach of lines starting at the same x
    right_edge: dict[tuple[int, int], float] = {}
    for l in lines:
        key = (l.page, round(l.x0 / 6))
        right_edge[key] = max(right_edge.get(key, 0.0), l.x1)

    def full(l: _Line) -> float:
        return max(right_edge.get((l.page, round(l.x0 / 6) + d), 0.0) for d in (-1, 0, 1))

    gaps = [
        b.top - a.bottom
        for a, b in zip(lines, lines[1:])
        if a.page == b.page and abs(a.x0 - b.x0) < 3 * a.size and -a.size < b.top - a.bottom < 2 * a.size
    ]
    typical = statistics.median(gaps) if gaps else 0.0
    state = {} if state is None else state  # carried from page to page: the numbered list we are in
    last_item = state.get("last_item", 0)
    in_item = state.get("in_item", False)
    hang_x: Optional[float] = state.get("hang_x")  # x of entry starts in a hanging-indent list
    hang_d: float = state.get("hang_d", 0.0)  # ... and how far its further lines are indented
    dev = [None, 0, 0.0]  # paragraph, lines seen, largest indent difference from its first line

    def flush_dev(cur: list) -> float:
        # how far the lines of ``cur`` stray from its first line's x (kept up as it grows)
        if dev[0] is not cur:
            dev[:] = [cur, 0, 0.0]
        x = cur[0].x0
        for l in cur[dev[1]:]:
            d = abs(l.x0 - x)
            if d > dev[2]:
                dev[2] = d
        dev[1] = len(cur)
        return dev[2]

    lo = [None, 0, 0.0]  # paragraph, lines seen, smallest x0 of its lines

    def cur_min_x0(cur: list) -> float:
        # the smallest x0 of the lines of ``cur`` (kept up as it grows)
        if lo[0] is not cur:
            lo[:] = [cur, 0, cur[0].x0]
        m = lo[2]
        for l in cur[lo[1]:]:
            if l.x0 < m:
                m = l.x0
        lo[1], lo[2] = len(cur), m
        return m

    paras: list[list] = []
    all_rows = _rows(lines)
    for ri, row in enumerate(all_rows):
        if isinstance(row[0], _TableBlock):
            paras.append([row[0]])
            in_item = False
            continue
        if len(row) > 1:
            prev_line = paras[-1][-1] if paras and isinstance(paras[-1][-1], _Line) else None
            nxt = all_rows[ri + 1] if ri + 1 < len(all_rows) and len(all_rows[ri + 1]) == 1 else None
            joined = _justified_row(row, prev_line, nxt[0] if nxt else None)
            if joined is None:
                paras.append([tuple(row)])
                continue
            row = [joined]
        line = row[0]
        c = line.text[:1]
        m = _ITEM.match(line.text) if c.isdigit() or c in "[ \t" else None  # "12. ", "[12] " only
        item = int(m.group(1) or m.group(2)) if m else None
        if item is not None and (item == last_item + 1 or item == 1):
            # the next entry of a numbered list (a reference list): always a new paragraph
            last_item = item
            paras.append([line])
            in_item = True
            continue
        if not paras or isinstance(paras[-1][-1], (tuple, _TableBlock)):
            paras.append([line])
            in_item = False
            continue
        prev = paras[-1][-1]
        size = max(prev.size, line.size)
        resized = abs(line.size - prev.size) > 0.1 * size
        flows = line.page == prev.page and -0.5 * size <= line.top - prev.bottom and abs(line.x0 - prev.x0) < 3 * size
        ends = _ends_sentence(prev.text)
        if flows and in_item:  # inside a list entry: continuation lines may hang indented
            new = resized or line.top - prev.bottom > typical + 0.35 * size or line.x0 < paras[-1][0].x0 - 0.5 * size
        elif flows:
            cur = paras[-1]
            # a hanging-indent list (author-year references): entries start flush left and
            # continue indented, so a flush line after an entry starts the next one
            if len(cur) >= 2 and cur[1].x0 > cur[0].x0 + 0.8 * size and abs(cur[1].x0 - cur[-1].x0) < 0.3 * size:
                hang_x, hang_d = cur[0].x0, cur[1].x0 - cur[0].x0
            elif len(cur) >= 3 and flush_dev(cur) < 0.3 * size:
                hang_x = None
            # flush at the list's entry x, or (an entry run on into another column) out-dented
            # from the line above by the list's indent
            hanging = hang_x is not None and (abs(line.x0 - hang_x) < 0.3 * size or (
                abs(prev.x0 - line.x0 - hang_d) < 0.3 * size and abs(line.x0 - hang_x) > 3 * size))
            if hanging:
                hang_x = line.x0
            new = (
                resized
                or line.top - prev.bottom > typical + 0.35 * size
                or (ends and line.x0 > prev.x0 + 0.8 * size and not (hang_x is not None and len(cur) == 1))
                or (ends and prev.x1 < full(prev) - 3 * size)
                or (hanging and (prev.x0 > hang_x + 0.8 * size or len(cur) == 1))
                # left of every line of the paragraph so far: the next entry of a hanging list
                or (len(cur) >= 2 and line.x0 < cur_min_x0(cur) - 0.8 * size)
            )
            if (new and hang_x is not None and abs(cur[0].x0 - hang_x) < 0.3 * size and line.x0 > hang_x + 0.8 * size
                    and (len(cur) == 1 or abs(line.x0 - cur[-1].x0) < 0.3 * size)):
                # in a hanging-indent list, a line indented under an entry's first line goes on
                # with that entry (whatever the line above ended with)
                new = resized or line.top - prev.bottom > typical + 0.35 * size
        elif in_item:  # a list entry continued in the next column or on the next page
            new = resized
        else:  # next column or next page: continue unless the previous line ended a paragraph
            new = resized or (ends and prev.x1 < full(prev) - 0.1 * (full(prev) - prev.x0))
            if not new and hang_x is not None:
                # in a hanging-indent list, a line whose next line hangs under it opens an entry
                nxt = all_rows[ri + 1][0] if ri + 1 < len(all_rows) else None
                new = (nxt is not None and not isinstance(nxt, _TableBlock) and nxt.page == line.page
                       and -0.5 * size <= nxt.top - line.bottom < size and nxt.x0 > line.x0 + 0.8 * size)
                if new:
                    hang_x = line.x0
        if new:
            paras.append([line])
            in_item = False
        else:
            # only a line that is one long token can be broken (the column's edge is looked
            # up for those alone)
            prev.glue = _IDENTIFIER.fullmatch(prev.text.strip()) is not None and _broken_token(prev, line, full(prev))
            paras[-1].append(line)
    state["last_item"], state["in_item"], state["hang_x"], state["hang_d"] = last_item, in_item, hang_x, hang_d
    return paras


_IDENTIFIER = re.compile(r"\S{8,}")


def _broken_token(line: _Line, nxt: _Line, right: float) -> bool:
    """Whether ``line`` is one identifier-like token (a DOI, a URL: digits or ``./_:=?&%``)
    running up to its column's right edge ``right`` and broken there: it ends in ``./_=?&`` or
    ``nxt`` goes on with a digit or one of those (``10.1016/j.annemergmed.2004.09.`` + ``013``,
    not ``...10.039`` + ``PMID: 22100628`` nor a PubMed id on its own).  Too long for any line, the token goes on at the
    next line's start without a space."""
    t = line.text.strip()
    if not _IDENTIFIER.fullmatch(t) or t[-1] in _HYPHENS or line.x1 < right - 0.8 * line.size:
        return False
    if not any(c.isdigit() or c in "./_:=?&%" for c in t):
        return False
    if t[-1] in "./_=?&":
        return True
    n = nxt.text.split(None, 1)[0] if nxt.text.strip() else ""
    # a number of PubMed-id length on its own is the next item ("...4523468" + "24583875")
    return n[:1] != "" and (n[0].isdigit() or n[0] in "./_=?&") and not re.fullmatch(r"\d{7,8}[.,;]?", n)


def _continues(block: tuple[list, int], lines: list[_Line]) -> bool:
    """Whether ``lines`` (first on a page) continue the paragraph ``block`` from the page before."""
    para, level = block
    if level or isinstance(para[0], (tuple, _TableBlock)):
        return False
    last, first = para[-1], lines[0]
    if first.page != last.page + 1 or abs(first.size - last.size) > 0.1 * max(first.size, last.size):
        return False
    if _ITEM.match(first.text):
        return False
    if _next_hanging_entry(para, lines):
        return False  # the next entry of a hanging-indent list: its second line hangs under it
    return not _ends_sentence(last.text) or first.text[:1].islower()


def _next_hanging_entry(para: list, lines: list[_Line]) -> bool:
    """Whether ``para`` is an entry of a hanging-indent list (its second line set in) and
    ``lines`` open the next entry (their second line hangs under the first)."""
    first = lines[0]
    if len(para) < 2 or not isinstance(para[0], _Line) or not isinstance(para[1], _Line):
        return False
    size = max(first.size, para[-1].size if isinstance(para[-1], _Line) else first.size)
    return (para[1].x0 > para[0].x0 + 0.8 * size and len(lines) >= 2 and lines[1].x0 > first.x0 + 0.8 * size
            and lines[1].page == first.page)


def _continued_block(blocks: list, lines: list[_Line]):
    """The paragraph of the previous page that ``lines`` continue (a table, a footnote or a
    figure caption may sit between them in reading order), or ``None``."""
    for block in reversed(blocks[-5:]):
        para = block[0]
        first = para[0][0] if isinstance(para[0], tuple) else para[0]
        last = para[-1][-1] if isinstance(para[-1], tuple) else para[-1]
        if first.page != lines[0].page - 1 and last.page != lines[0].page - 1:
            return None
        if _continues(block, lines):
            return block
        if not block[1] and _next_hanging_entry(block[0], lines):
            return None  # the list's last entry ended the page: an earlier paragraph is not continued
    return None


class _Levels(dict):
    """Heading level of a line (keyed by the line itself), worked out on first use."""

    def __init__(self, body: float, body_bold: bool, body_font: str, typical_width: float):
        super().__init__()
        self.args = (body, body_bold, body_font, typical_width)

    def __missing__(self, line: "_Line") -> int:
        level = self[line] = _is_heading(line, *self.args)
        return level


def _meaningful_title(t: Optional[str]) -> Optional[str]:
    if not t:
        return None
    t = re.sub(r"\s+", " ", t).strip()
    if len(t.split()) < 3 or re.search(r"\.(?:docx?|pdf|tex|dvi|indd|qxd)\b|^microsoft word|^untitled|^doi:", t, re.I):
        return None
    return t


def _norm(t: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", t.lower().replace("\ufffe", "-"))


def read_pdf(data: bytes, path: str, options) -> Source:
    """Read a PDF (see the module docstring).

    The cyclic garbage collector is paused while the file is read: a page of a dense table
    makes thousands of short-lived objects (lines, chunks, cells) that reference counting
    frees, and the collections they set off (each walking every object the process holds)
    cost about a tenth of the reading.  It resumes as it was when the reading ends."""
    doc = _open(data, path)
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _read(doc, data, path, options)
    except (TooLarge, NoTextLayer, CorruptFile, EncryptedFile):
        raise
    except pdfium.PdfiumError as exc:
        raise CorruptFile(f"{path} is damaged ({exc})", path=path) from None
    finally:
        if paused:
            gc.enable()
        doc.close()


def _read(doc, data: bytes, path: str, options) -> Source:
    npages = len(doc)
    if npages == 0:
        raise CorruptFile(f"{path} has no pages (damaged or truncated?)", path=path)
    if npages > options.max_pages:
        raise TooLarge(
            f"{path} has {npages} pages, over the {options.max_pages}-page limit",
            "split the file, or raise the limit with --max-pages (extract(..., max_pages=N))",
            path=path,
        )
    pages: list[list[_Line]] = []
    texts: list[str] = []
    box_tables: list[np.ndarray] = []
    sizes: list[tuple[float, float]] = []
    bad_map = sampled = 0
    map_error = getattr(pdfium_c, "FPDFText_HasUnicodeMapError", None)
    fast_map_error = _map_error_cffi()
    table_parts: list[tuple[int, TablePart]] = []
    size_chars: dict = {}  # characters by font size on the pages read so far
    numbered_lines = 0  # manuscript line numbers left out
    for p in range(npages):
        try:
            page = doc[p]
        except pdfium.PdfiumError:
            raise CorruptFile(f"{path}: page {p + 1} cannot be read (damaged or truncated?)", path=path) from None
        textpage = page.get_textpage()
        try:
            w, h = page.get_size()
            text, boxes = _page_chars(page, textpage)
            info: dict = {}
            lines = _page_lines(text, boxes, p + 1, w, h, info)
            turn = info.get("rotation", 0)
            numbers = _line_numbers(lines, text, boxes)
            if numbers:
                lines = [l for l in lines if id(l) not in numbers]
                numbered_lines += len(numbers)
            # a page read turned (a landscape table): its layout works in the turned frame
            lay = _frame(boxes, turn, w, h).astype(np.float32) if turn else boxes
            fonts = _Fonts(textpage)
            carry = table_parts[-1] if table_parts and table_parts[-1][0] == p - 1 and table_parts[-1][1].bottom > 0.6 * h else None
            page_graphics = _Lazy(lambda: _frame_rules(page_rules(page), turn, w, h))
            # lines drawn inside a chart right under a table caption (a table printed as a
            # picture: tick labels, a legend) are no table's rows
            at_top = carry is not None and not carry[1].rows
            # the upright lines that may open with a float's label (white space, "T" or "F"
            # first): the only ones the caption patterns need to be tried on
            labels = [t for t in (l.text for l in lines if not l.rotated) if t[:1] in LABEL_FIRST or t[:1].isspace()]
            chart = chart_lines(lines, page_graphics(), at_top) if at_top or any(
                CAPTION.match(t) for t in labels) else []
            parts = find_tables(lines, text, lay, page_graphics, _bold_memo(fonts),
                                _chunk_maker(text, lay), carry[1] if carry else None, size_chars, w if turn else h,
                                figure={id(l) for l in chart}) if lines else []
            for part in parts:
                part.turn = (turn, w, h)
            for l in chart:
                l.figure = True
            if any(FIGURE.match(t) for t in labels):
                inside = figure_lines(lines, page_graphics())
                for l in inside:
                    l.figure = True
            if parts:
                gone = {id(l) for part in parts for l in part.lines}
                lines = [l for l in lines if id(l) not in gone]
            # fonts are read only for the lines left in the text flow (headings, body font):
            # a table's lines and cells never use theirs
            _set_fonts(lines, fonts)
            if parts:
                lines += [_TableBlock(part, p + 1) for part in parts]
                table_parts.extend((p, part) for part in parts)
            if map_error is not None:
                picks = range(0, len(text), 23)
                sampled += len(picks)
                if fast_map_error is not None:
                    page_ptr = _loose_box_cffi()[0].cast("void *", ctypes.cast(textpage.raw, ctypes.c_void_p).value)
                    bad_map += list(map(fast_map_error, repeat(page_ptr, len(picks)), picks)).count(1)
                else:
                    bad_map += list(map(map_error, repeat(textpage.raw, len(picks)), picks)).count(1)
        finally:
            textpage.close()
            page.close()
        pages.append(lines)
        texts.append(text)
        box_tables.append(boxes)
        sizes.append((w, h))
    if not any(pages):
        if b"%%EOF" not in data[-2048:]:
            raise CorruptFile(f"{path} is truncated (no text could be read and the end-of-file marker is missing)", path=path)
        raise NoTextLayer(f"{path} has {npages} page(s) but no text layer (a scanned image?)", path=path)

    dropped = _drop_running_lines(pages, [h for _, h in sizes]) + numbered_lines
    margins, dropped_margin = _margin_lines(pages)
    dropped += dropped_margin
    all_lines = [l for lines in pages for l in lines]
    notes = _page_footnotes(pages, [h for _, h in sizes], all_lines)
    # one pass over the lines, plain dicts (Counters in the same insertion order for the ties)
    size_count: dict = {}
    font_count: dict = {}
    bold_count = total = 0
    for l in all_lines:
        n = l.e - l.s
        k = round(l.size, 1)
        size_count[k] = size_count.get(k, 0) + n
        f = l.font
        font_count[f] = font_count.get(f, 0) + n
        total += n
        if l.bold:
            bold_count += n
    body = Counter(size_count).most_common(1)[0][0] if size_count else 10.0
    body_font = Counter(font_count).most_common(1)[0][0] if font_count else ""
    body_bold = bold_count > 0.5 * total

    # the whole document's words decide hyphen breaks (looked up only when a break needs it)
    words = _Words(all_lines)
    hyphenated = words

    try:
        meta = doc.get_metadata_dict()
    except Exception:  # a damaged info dictionary is no reason to lose the text
        meta = {}
    meta_title = _meaningful_title(meta.get("Title"))

    # paragraphs of every page, in reading order: (lines or (cells,), heading level)
    blocks: list[tuple[list, int]] = []
    list_state: dict = {}
    for p, lines in enumerate(pages):
        ordered = _xy_order(lines, sizes[p][0])
        widths = sorted(l.width for l in ordered if abs(l.size - body) <= 0.1 * body)
        typical_width = widths[(len(widths) * 3) // 4] if widths else sizes[p][0]
        levels = _Levels(body, body_bold, body_font, typical_width)  # table cells never ask
        first_of_page = True
        for para in _paragraphs(ordered, list_state):
            if isinstance(para[0], (tuple, _TableBlock)):
                blocks.append((para, 0))
                first_of_page = False
                continue
            cur: list[_Line] = []
            groups = []
            if _ITEM.match(para[0].text):  # a list entry: its lines are never headings
                for l in para[1:]:
                    levels[l] = 0
            for l in para:  # headings stand alone (a multi-line heading stays together)
                lv = levels[l]
                if cur and (bool(lv) != bool(levels[cur[-1]]) or (lv and abs(cur[-1].size - l.size) > 0.05 * l.size)):
                    groups.append(cur)
                    cur = []
                cur.append(l)
            if cur:
                groups.append(cur)
            for g in groups:
                level = levels[g[0]]
                host = _continued_block(blocks, g) if first_of_page and not level else None
                if host is not None:
                    host[0].extend(g)  # a paragraph running on from the previous page
                else:
                    blocks.append((g, level))
                first_of_page = False
        for line in margins[p]:  # text set across the margin: after the page, out of the flow
            blocks.append(([line], -1))
        for note in notes[p]:  # the page's footnotes: after the page, one block a note
            blocks.append((note, -2))

    # a page's footnotes and margin text follow its last paragraph, unless that paragraph runs
    # on to the next page: then they go before it (their text stays on their page)
    for k in range(len(blocks)):
        para, level = blocks[k]
        if level >= 0:
            continue
        j = k - 1
        while j >= 0 and blocks[j][1] < 0:
            j -= 1
        if j < 0:
            continue
        host = blocks[j][0]
        first = para[0]
        last = host[-1][-1] if isinstance(host[-1], tuple) else host[-1]
        if isinstance(last, _Line) and last.page > first.page and not isinstance(host[0], (tuple, _TableBlock)):
            blocks.insert(j, blocks.pop(k))
    out = _Text()
    row0s = np.cumsum([0] + [len(t) for t in texts]).tolist()
    cur_page = 1
    largest_first = None
    in_table = None
    table_end = 0
    built: list[dict] = []  # tables as written: offsets of caption, cells and footnotes

    def goto(page: int) -> None:
        nonlocal cur_page
        while cur_page < page:
            out.page_starts.append(out.offset)
            cur_page += 1

    for para, level in blocks:
        out.newline()
        first = para[0][0] if isinstance(para[0], tuple) else para[0]
        goto(first.page)
        start = out.offset
        if isinstance(first, _TableBlock):
            if in_table is not None:
                out.mark(in_table, table_end, "table")
                in_table = None
            _emit_table(out, first.part, texts, row0s, box_tables, built, hyphenated, words)
            continue
        if level == -2:
            a, b = _emit_lines(out, para, texts, row0s, box_tables, hyphenated, words)
            if b > a:
                out.mark(a, b, "footnote")
            out.newline()
            continue
        if level == -1:
            _emit_line(out, first, texts[first.page - 1], row0s[first.page - 1], boxes=box_tables[first.page - 1])
            if out.offset > start:
                out.mark(start, out.offset, "figure_text" if first.figure else "margin")
            out.newline()
            continue
        if isinstance(para[0], tuple):  # a table row: cells separated by tabs
            if in_table is None:
                in_table = start
            for k, cell in enumerate(para[0]):
                if k:
                    out.add("\t")
                cs = out.offset
                _emit_line(out, cell, texts[cell.page - 1], row0s[cell.page - 1], boxes=box_tables[cell.page - 1])
                out.mark(cs, out.offset, "table_cell", column=k)
            out.mark(start, out.offset, "table_row")
            table_end = out.offset
            out.newline()
            continue
        if in_table is not None:
            out.mark(in_table, table_end, "table")
            in_table = None
        joins = [_join_hyphen(a, b, hyphenated, words) if a.text[-1:] in _HYPHENS or a.text[-1:] == " " else None for a, b in zip(para, para[1:])]
        for k, line in enumerate(para):
            if k and joins[k - 1] is None and not para[k - 1].glue:
                out.space()
            goto(line.page)
            _emit_line(out, line, texts[line.page - 1], row0s[line.page - 1], drop_last=k + 1 < len(para) and joins[k] is False,
                       boxes=box_tables[line.page - 1])
        end = out.offset
        out.newline()
        if end <= start:
            continue
        if level:
            out.mark(start, end, "heading", level=level, size=round(para[0].size, 1))
            # the title: the largest heading of page 1 that reads like one (a journal name in a
            # big logo font, "Trials", is a single word)
            n_words = sum(len(l.text.split()) for l in para)
            if first.page == 1 and n_words >= 3 and (largest_first is None or para[0].size > largest_first[0] + 0.5):
                largest_first = (para[0].size, start, end)
        else:
            out.mark(start, end, "paragraph")
    if in_table is not None:
        out.mark(in_table, table_end, "table")
    goto(npages)

    table = np.concatenate(box_tables + [np.full((1, 4), np.nan, dtype=np.float32)])
    rows = out.rows()
    text = "".join(out.parts)
    src = Source(
        text=text,
        format="pdf",
        pages=npages,
        page_starts=out.page_starts,
        boxes=BoxArray(table[rows]),
        spans=out.spans,
    )
    heads = src.spans.get("heading", [])
    title = meta_title
    title_span = None
    if meta_title:
        nt = _norm(meta_title)
        for h in heads:
            if src.page_of(h.start) == 1 and nt and _norm(text[h.start:h.end]) == nt:
                title_span = (h.start, h.end)
                break
    elif largest_first is not None and largest_first[0] >= 1.15 * body:
        title_span = (largest_first[1], largest_first[2])
        title = re.sub(r"\s+", " ", text[title_span[0]:title_span[1]]).strip()
    if title_span:
        src.spans.setdefault("title", []).append(Span(title_span[0], title_span[1], "title"))
    src.title = title
    src.tables = [_table_record(src, t) for t in built]
    src.meta.update({"dropped_lines": dropped, "body_font_size": body})
    flags = _quality_flags(text, bad_map, sampled)
    if flags:
        src.meta["flags"] = flags
    for key in ("Subject", "Keywords", "Title"):
        m = re.search(r"\b10\.\d{4,9}/[^\s\"<>]+", meta.get(key) or "")
        if m:
            src.doi = m.group(0).rstrip(".,;)")
            break
    return src


def _emit_lines(out: _Text, lines: list, texts, row0s, box_tables, hyphenated, words) -> tuple[int, int]:
    """Write lines as one run of text (joined like a paragraph's); return its range."""
    start = out.offset
    if len(lines) == 1:
        line = lines[0]
        _emit_line(out, line, texts[line.page - 1], row0s[line.page - 1], boxes=box_tables[line.page - 1])
        return start, out.offset
    joins = [_join_hyphen(a, b, hyphenated, words) if a.text[-1:] in _HYPHENS else None for a, b in zip(lines, lines[1:])]
    for k, line in enumerate(lines):
        if k and joins[k - 1] is None and not lines[k - 1].glue:
            out.space()
        _emit_line(out, line, texts[line.page - 1], row0s[line.page - 1], drop_last=k + 1 < len(lines) and joins[k] is False,
                   boxes=box_tables[line.page - 1])
    return start, out.offset


def _emit_table(out: _Text, part: TablePart, texts, row0s, box_tables, built: list, hyphenated, words) -> None:
    """Write a table part: caption paragraph, one line per row with tab-separated cells, footnotes.

    A part that continues the previous page's table adds its rows to that table (its repeated
    header rows are left out of the text, like a running header)."""
    if part.continues and built:
        t = built[-1]
        if len(part.bounds) > len(t.get("bounds", ())) and part.turn[0] == 0 and t.get("turn", 0) == 0:
            # the rows here part more columns than those printed before them (a column empty
            # there): the cells so far are placed again by these columns (a table runs on
            # over pages in the same columns)
            _replace_cells(t, part.bounds)
    else:
        t = {"label": part.label, "caption": None, "footnotes": [], "cells": [], "n_rows": 0, "n_cols": 0,
             "start": None, "end": None, "bounds": part.bounds, "turn": part.turn[0]}
        built.append(t)
    out.newline()
    if part.caption:
        cs, ce = _emit_lines(out, part.caption, texts, row0s, box_tables, hyphenated, words)
        if ce > cs:
            out.mark(cs, ce, "paragraph")
            t["caption"] = (cs, ce)
            t["start"] = cs if t["start"] is None else t["start"]
        out.newline()
    rows = part.rows
    if part.repeats_header:
        # the header printed again at the top of the page: its rows are left out, not the bold
        # rows under it (a section row opening the page is set in the header's weight)
        m = min(max(part.n_header, t.get("n_head", 0)), len(rows))
        head = set().union(*t["lead"][:m]) if t.get("lead") else None
        k = 0
        while k < m and (head is None or _row_texts(rows[k]) <= head):
            k += 1
        rows = rows[k:]
    elif not t.get("lead"):
        # the first rows of the table as first printed (the header, as read there or here)
        t["lead"] = [_row_texts(r) for r in part.rows[:4]]
        t["n_head"] = part.n_header
    tstart = out.offset
    turned = part.turn[0]
    cells_out = t["cells"]
    placed: list = []  # each cell's (row, column, span, header, start, end, page) ...
    corners: list = []  # ... and box, rounded at once when the part is written
    cell_spans = None  # the list of ``table_cell`` spans, once the first one is marked
    span_of = record_maker(Span, ("start", "end", "label", "attrs"))
    for row in rows:
        r = t["n_rows"]
        rs = out.offset
        for k, cell in enumerate(row):
            if k:  # (out.add("\t") inlined)
                out.parts.append("\t")
                out.runs.append((-1, 1))
                out.offset += 1
                out.last = "\t"
            chunks = cell.chunks
            first = chunks[0]
            if len(chunks) == 1:
                # (what _emit_lines does for one line, without the calls: a plain run, the common
                # case, appended as _Text.add does)
                cs = out.offset
                page = first.page - 1
                s, e = first.s, first.e
                if not first.sup and not first.drop and first.raw is first.text:
                    seg = texts[page][s:e] if e > s else ""
                    if seg:
                        if "\ufffe" in seg or "\u00ad" in seg:
                            seg = _clean(seg)
                        out.parts.append(seg)
                        out.runs.append((row0s[page] + s, len(seg)))
                        out.offset += len(seg)
                        out.last = seg[-1]
                else:
                    _emit_line(out, first, texts[page], row0s[page], boxes=box_tables[page])
                ce = out.offset
                x0, top, x1, bot = first.x0, first.top, first.x1, first.bottom
            else:
                cs, ce = _emit_lines(out, chunks, texts, row0s, box_tables, hyphenated, words)
                on_page = [c for c in chunks if c.page == first.page]
                x0, top, x1, bot = (min(c.x0 for c in on_page), min(c.top for c in on_page), max(c.x1 for c in on_page),
                                    max(c.bottom for c in on_page))
            if cell_spans is None:
                out.mark(cs, ce, "table_cell", column=cell.col)
                cell_spans = out.spans["table_cell"]
            else:
                cell_spans.append(span_of(start=cs, end=ce, label="table_cell", attrs={"column": cell.col}))
            if turned:
                x0, top, x1, bot = _unframe((x0, top, x1, bot), *part.turn)
            placed.append((r, cell.col, cell.col_span, cell.header, cs, ce, first.page))
            corners.append((x0, top, x1, bot))
        out.mark(rs, out.offset, "table_row")
        t["n_rows"] += 1
        out.newline()
    if placed:
        cells_out.extend([cell + (tuple(box),) for cell, box in zip(placed, _round2(corners))])
    if out.offset > tstart:
        out.mark(tstart, out.offset - 1, "table")
        t["start"] = tstart if t["start"] is None else t["start"]
        t["end"] = out.offset - 1
    t["n_cols"] = max(t["n_cols"], part.n_cols)
    if part.footnotes:
        fs, fe = _emit_lines(out, part.footnotes, texts, row0s, box_tables, hyphenated, words)
        if fe > fs:
            out.mark(fs, fe, "paragraph")
            t["footnotes"].append((fs, fe))
            t["end"] = fe
        out.newline()


def _round2(rows: list) -> list:
    """``[round(float(v), 2) for v in row]`` for every row of numbers, computed at once.

    A value scaled by 100 and rounded to the nearest integer, then divided by 100, is the
    value ``round`` gives (both are the double nearest the rounded decimal) unless the scaled
    value lies within a hair of a half (a tie, or a product whose rounding error could cross
    it) or is not a plain page coordinate: those few are rounded by ``round`` itself.  A dense
    table has thousands of cells, four corners each, and ``round(x, 2)`` costs a third of a
    microsecond."""
    a = np.array(rows, dtype=np.float64)
    scaled = a * 100.0
    out = (np.rint(scaled) / 100.0).tolist()
    with np.errstate(invalid="ignore"):  # (a NaN or infinite corner is one of those)
        risky = ~(np.abs(scaled - np.floor(scaled) - 0.5) >= 1e-6) | ~(np.abs(a) < 1e7)
    if risky.any():
        for i, j in zip(*(x.tolist() for x in np.nonzero(risky))):
            out[i][j] = round(float(a[i, j]), 2)
    return out


def _replace_cells(t: dict, bounds: tuple) -> None:
    """Place a table's cells again by the column boundaries ``bounds`` (from their boxes): a
    cell goes to the first column it overlaps; a header cell spans the columns it reaches well
    into (a label centred over two columns spans both)."""
    n = len(bounds) - 1
    cells = []
    for r, col, span, head, cs, ce, page, box in t["cells"]:
        if box:
            x0, x1 = box[0], box[2]
            over = [min(x1, bounds[k + 1]) - max(x0, bounds[k]) for k in range(n)]
            cols = [k for k in range(n) if over[k] > (2.5 if head else 0.5)]
            if not cols:
                mid = (x0 + x1) / 2
                cols = [min(range(n), key=lambda k: abs((bounds[k] + bounds[k + 1]) / 2 - mid))]
            col, span = cols[0], (cols[-1] - cols[0] + 1 if head else 1)
        cells.append((r, col, span, head, cs, ce, page, box))
    t["cells"] = cells
    t["bounds"] = bounds
    t["n_cols"] = max(t["n_cols"], n)


def _row_texts(row) -> set:
    """The texts of a table row's chunks, white space aside (a repeated header prints the same
    chunks, though its lines may group into rows differently)."""
    return {c.text.replace(" ", "") for cell in row for c in cell.chunks}


def _table_record(src: Source, t: dict) -> Table:
    text = src.text
    # the cell's page and box come from its glyphs (the chunks' boxes), not a per-character scan
    prov_of = record_maker(Provenance, ("char_start", "char_end", "quote", "page", "bbox"))
    cell_of = record_maker(TableCell, ("row", "col", "text", "prov", "row_span", "col_span", "is_header", "lines"))
    cells = tuple(
        cell_of(row=r, col=c, text=q, prov=prov_of(char_start=a, char_end=b, quote=q, page=page, bbox=box if b > a else None),
                row_span=1, col_span=span, is_header=head, lines=())
        for r, c, span, head, a, b, page, box in t["cells"] for q in (text[a:b],)
    )
    caption = None
    if t["caption"]:
        caption = text[t["caption"][0]:t["caption"][1]]
        if t["label"]:
            caption = re.sub(r"^\s*\S+\s+\S+?[.:|]?\s+", "", caption, count=1) if caption.strip() != t["label"] else None
    foot = " ".join(text[a:b] for a, b in t["footnotes"]) or None
    start = t["start"] if t["start"] is not None else 0
    end = t["end"] if t["end"] is not None else start
    page = src.page_of(start)
    boxes = [c.prov.bbox for c in cells if c.prov.page == page and c.prov.bbox]
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)) if boxes else None
    return Table(prov=Provenance(start, end, text[start:end], page, box), label=t["label"], caption=caption, footnotes=foot, n_rows=t["n_rows"],
                 n_cols=t["n_cols"], cells=cells)


# unmapped (U+FFFD), private-use (U+E000–U+F8FF) and control characters other than tab and newline


def _quality_flags(text: str, bad_map: int, sampled: int) -> list[Flag]:
    """A ``text_layer_quality`` flag when glyphs have no Unicode mapping (``(cid:NN)`` fonts)."""
    if sampled and bad_map / sampled > 0.2:
        return [
            Flag(
                "text_layer_quality",
                "flag",
                f"{bad_map} of {sampled} sampled characters have no Unicode mapping in the PDF's fonts: "
                "the text layer is garbled; re-export the PDF or run OCR",
                expected="mapped glyphs",
                reported=f"{bad_map / sampled:.0%} unmapped",
            )
        ]
    sample = text[:50000]
    c = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bad = int(np.count_nonzero((c == 0xFFFD) | ((c >= 0xE000) & (c <= 0xF8FF)) | (c <= 8) | ((c >= 0x0B) & (c <= 0x1F))))
    if sample and bad / len(sample) > 0.02:
        return [
            Flag(
                "text_layer_quality",
                "flag",
                f"{bad} of {len(sample)} characters are unmapped or private-use glyphs: the text layer is partly garbled",
                reported=f"{bad / len(sample):.1%} bad characters",
            )
        ]
    return []
