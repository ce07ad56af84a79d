"""PDF reader: pypdfium2 characters and boxes → lines → reading order → paragraphs.

Speed matters (a review corpus is thousands of PDFs), so the reader asks pdfium for the page
text once and for one loose box per character (``FPDFText_GetLooseCharBox``: the glyph's
advance box from the font's ascent/descent, so its height tracks the font size), and does the
layout in Python on lines rather than characters:

1. **Lines.** Characters join the current line while their vertical centre stays inside the
   line's vertical range and they continue it horizontally; pdfium's own line breaks only
   matter when the next character does not continue the line (a superscript that pdfium
   puts on a line of its own rejoins its line).
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
   document, or when the first part is a word that usually keeps its hyphen
   (``extractor/data/hyphen_prefixes.txt``: ``double-blind``, ``follow-up``).
6. **Headings.** Short lines in a larger or bold font; the title is the PDF metadata title
   when it is meaningful, else the largest line at the top of page 1.

Every text character keeps its page and box (``(x0, top, x1, bottom)`` in points from the top
left of the page); characters the reader inserts (spaces, ``^``, ``\\n``) have none.  Damaged,
encrypted, empty and image-only files raise coded errors, never a pdfium traceback.
"""
from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Optional

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import CorruptFile, EncryptedFile, NoTextLayer, TooLarge
from ..model import Flag
from ..source import Source, SourceBuilder, Span
from .headings import known_heading

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
    """One visual line: its characters, their boxes, and the line's geometry."""

    __slots__ = ("page", "chars", "boxes", "x0", "top", "x1", "bottom", "size", "sup", "first", "bold", "text")

    def __init__(self, page: int, first: int):
        self.page = page
        self.first = first  # pdfium index of the first character (for font queries)
        self.chars: list[str] = []
        self.boxes: list = []
        self.x0 = self.top = float("inf")
        self.x1 = self.bottom = float("-inf")
        self.size = 0.0
        self.sup: Optional[list[bool]] = None
        self.bold = False
        self.text = ""

    @property
    def width(self) -> float:
        return self.x1 - self.x0


# -- opening ----------------------------------------------------------------------------------


def _open(data: bytes, path: str):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower() or "security" in msg.lower():
            raise EncryptedFile(f"{path} is encrypted and needs a password", path=path) from None
        raise CorruptFile(f"{path} cannot be opened as a PDF ({msg.split('(')[-1].rstrip(')') or msg})", path=path) from None
    except Exception as exc:  # pdfium may raise other errors on very broken input
        raise CorruptFile(f"{path} cannot be opened as a PDF ({type(exc).__name__})", path=path) from None


# -- characters to lines ----------------------------------------------------------------------


def _page_lines(page, textpage, pageno: int, stats: Counter) -> list[_Line]:
    n = textpage.count_chars()
    if n <= 0:
        return []
    raw = textpage.raw
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP or unmapped ones: ask one by one
        get = pdfium_c.FPDFText_GetUnicode
        text = "".join(chr(get(raw, i) or 0xFFFD) if get(raw, i) < 0x110000 else "\ufffd" for i in range(n))
    left, bottom_, right, top_ = page.get_cropbox()
    page_top = top_
    rect = pdfium_c.FS_RECTF()
    pr = ctypes.byref(rect)
    loose = pdfium_c.FPDFText_GetLooseCharBox
    lines: list[_Line] = []
    cur: Optional[_Line] = None
    pending_space = False
    broke = False
    # the running vertical range of the current line, and where it ends horizontally
    ltop = lbot = lx1 = 0.0
    for i in range(n):
        c = text[i]
        if c == "\r" or c == "\n":
            broke = True
            continue
        loose(raw, i, pr)
        x0 = rect.left
        x1 = rect.right
        if x1 == x0 and rect.top == rect.bottom:  # generated by pdfium (a space between words)
            if c == " " or c == "\t":
                pending_space = True
            continue
        top = page_top - rect.top
        bot = page_top - rect.bottom
        h = bot - top
        if h <= 0:
            h = 1.0
        stats["chars"] += 1
        if c.isspace():
            if cur is not None:
                pending_space = True
            continue
        mid = (top + bot) * 0.5
        if cur is not None and ltop <= mid <= lbot and lx1 - 0.5 * h <= x0 <= lx1 + 2.5 * h:
            if (pending_space or (broke and x0 - lx1 > 0.15 * h)) and cur.chars and cur.chars[-1] != " ":
                cur.chars.append(" ")
                cur.boxes.append(None)
        else:
            cur = _Line(pageno, i)
            lines.append(cur)
            ltop, lbot = top, bot
        cur.chars.append(c)
        cur.boxes.append((x0, top, x1, bot))
        if top < ltop:
            ltop = top
        if bot > lbot:
            lbot = bot
        lx1 = x1
        pending_space = broke = False
    for line in lines:
        _finish_line(line)
    return lines


def _finish_line(line: _Line) -> None:
    boxes = [b for b in line.boxes if b is not None]
    line.x0 = min(b[0] for b in boxes)
    line.x1 = max(b[2] for b in boxes)
    heights = sorted(b[3] - b[1] for b in boxes)
    size = heights[len(heights) // 2] if len(heights) < 3 else heights[(len(heights) * 2) // 3]
    line.size = size
    main = [b for b in boxes if b[3] - b[1] >= 0.88 * size]
    baseline = statistics.median(b[3] for b in main) if main else max(b[3] for b in boxes)
    line.top = min(b[1] for b in main) if main else min(b[1] for b in boxes)
    line.bottom = max(b[3] for b in main) if main else max(b[3] for b in boxes)
    if len(main) < len(boxes):
        sup = [
            b is not None and (b[3] - b[1]) < 0.88 * size and b[3] < baseline - 0.12 * size
            for b in line.boxes
        ]
        if any(sup) and not all(s for s, b in zip(sup, line.boxes) if b is not None):
            line.sup = sup
    line.text = "".join(line.chars)


# -- headers, footers, page numbers -----------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[ivxlc]{1,6}$", re.I)


def _drop_running_lines(pages: list[list[_Line]], heights: list[float]) -> int:
    """Remove running headers/footers and page numbers in place; return how many were removed."""
    def edge(line: _Line, h: float) -> bool:
        return line.bottom < 0.09 * h or line.top > 0.91 * h

    keys = Counter()
    for lines, h in zip(pages, heights):
        seen = set()
        for line in lines:
            if edge(line, h):
                k = re.sub(r"\d+", "#", line.text.strip().lower())
                if k not in seen:
                    seen.add(k)
                    keys[k] += 1
    n = len(pages)
    repeated = {k for k, c in keys.items() if c >= 2 and (n <= 4 or c >= 0.3 * n)}
    dropped = 0
    for p, (lines, h) in enumerate(zip(pages, heights)):
        keep = []
        for line in lines:
            t = line.text.strip()
            if edge(line, h) and (_PAGE_NUMBER.match(t) or re.sub(r"\d+", "#", t.lower()) in repeated):
                dropped += 1
                continue
            keep.append(line)
        pages[p] = keep
    return dropped


# -- reading order (XY-cut on a gutter) -------------------------------------------------------


def _gutter(items: list[_Line], page_width: float) -> Optional[float]:
    """x of the widest vertical gap between lines, with column text on both sides, or ``None``."""
    if len(items) < 4:
        return None
    spans = sorted((l.x0, l.x1) for l in items)
    candidates = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= 4.0:
            candidates.append((x0 - reach, (reach + x0) / 2))
        reach = max(reach, x1)
    wide = 0.18 * page_width
    for _, cut in sorted(candidates, reverse=True):
        left = sum(1 for l in items if l.x1 <= cut and l.width >= wide)
        right = sum(1 for l in items if l.x0 >= cut and l.width >= wide)
        if left >= 2 and right >= 2:
            return cut
    return None


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
    spanning = sorted((l for l in items if l.x0 < cut - 1 and l.x1 > cut + 1), key=lambda l: l.top)
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
        left = [l for l in seg if (l.x0 + l.x1) / 2 < cut]
        right = [l for l in seg if (l.x0 + l.x1) / 2 >= cut]
        out.extend(_xy_order(left, page_width, depth + 1))
        out.extend(_xy_order(right, page_width, depth + 1))
        if k < len(spanning):
            out.append(spanning[k])
    return out


# -- paragraphs and text ----------------------------------------------------------------------


def _ends_sentence(t: str) -> bool:
    return t.rstrip().endswith((".", "?", "!", ":", ".”", '."', ".)", "]"))


def _is_heading(line: _Line, body: float, body_bold: bool) -> int:
    """Heading level (1–3) of a standalone line, or 0."""
    t = line.text.strip()
    words = t.split()
    if not words or len(words) > 14 or len(t) > 120 or not re.search(r"[A-Za-z]{2}", t):
        return 0
    if t.endswith((".", ",", ";")) and not known_heading(t):
        return 0
    if line.size >= 1.5 * body:
        return 1
    if line.size >= 1.12 * body:
        return 2
    if (line.bold and not body_bold) or (known_heading(t) and (t.isupper() or line.bold)):
        return 3
    return 0


def _join_hyphen(prev: _Line, nxt: _Line, hyphenated: set, words: set) -> Optional[bool]:
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
    if f"{left}-{right}".lower() in hyphenated:
        return True
    if (left + right).lower() in words:
        return False
    return left.lower() in _hyphen_prefixes()


def _emit_line(b: SourceBuilder, line: _Line, drop_last: bool = False, hyphen_as_dash: bool = False) -> None:
    chars, boxes = line.chars, line.boxes
    end = len(chars)
    while end and chars[end - 1] == " ":
        end -= 1
    start = 0
    while start < end and chars[start] == " ":
        start += 1
    if drop_last:
        end -= 1
    sup = line.sup
    i = start
    while i < end:
        if sup is not None and sup[i]:
            j = i
            while j < end and sup[j]:
                j += 1
            b.add_sup("".join(chars[i:j]).replace("\ufffe", "-"), boxes[i:j])
            i = j
            continue
        j = i
        if sup is not None:
            while j < end and not sup[j]:
                j += 1
        else:
            j = end
        seg = "".join(chars[i:j])
        if "\ufffe" in seg or "\u00ad" in seg:
            seg = seg.replace("\ufffe", "-").replace("\u00ad", "-")
        b.add(seg, boxes[i:j])
        i = j


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Group ordered lines into paragraphs (see the module docstring, step 5)."""
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
    paras: list[list[_Line]] = []
    for line in lines:
        if not paras:
            paras.append([line])
            continue
        prev = paras[-1][-1]
        size = max(prev.size, line.size)
        resized = abs(line.size - prev.size) > 0.1 * size
        flows = line.page == prev.page and -0.5 * size <= line.top - prev.bottom and abs(line.x0 - prev.x0) < 3 * size
        ends = _ends_sentence(prev.text)
        if flows:
            new = (
                resized
                or line.top - prev.bottom > typical + 0.35 * size
                or (ends and line.x0 > prev.x0 + 0.8 * size)
                or (ends and prev.x1 < full(prev) - 3 * size)
            )
        else:  # next column or next page: continue unless the previous line ended a paragraph
            new = resized or (ends and prev.x1 < full(prev) - 0.1 * (full(prev) - prev.x0))
        if new:
            paras.append([line])
        else:
            paras[-1].append(line)
    return paras


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
    """Read a PDF (see the module docstring)."""
    doc = _open(data, path)
    try:
        return _read(doc, data, path, options)
    except (TooLarge, NoTextLayer, CorruptFile, EncryptedFile):
        raise
    except pdfium.PdfiumError as exc:
        raise CorruptFile(f"{path} is damaged ({exc})", path=path) from None
    finally:
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
    stats: Counter = Counter()
    pages: list[list[_Line]] = []
    sizes: list[tuple[float, float]] = []
    bad_map = sampled = 0
    map_error = getattr(pdfium_c, "FPDFText_HasUnicodeMapError", None)
    weight = pdfium_c.FPDFText_GetFontWeight
    for p in range(npages):
        try:
            page = doc[p]
        except pdfium.PdfiumError:
            raise CorruptFile(f"{path}: page {p + 1} cannot be read (damaged or truncated?)", path=path) from None
        textpage = page.get_textpage()
        try:
            w, h = page.get_size()
            lines = _page_lines(page, textpage, p + 1, stats)
            for line in lines:
                wts = weight(textpage.raw, line.first)
                line.bold = wts >= 600
            if map_error is not None:
                n = textpage.count_chars()
                for i in range(0, n, 23):
                    sampled += 1
                    bad_map += map_error(textpage.raw, i) == 1
        finally:
            textpage.close()
            page.close()
        pages.append(lines)
        sizes.append((w, h))
    if stats["chars"] == 0:
        if not data.rstrip().endswith(b"%%EOF") and b"%%EOF" not in data[-2048:]:
            raise CorruptFile(f"{path} is truncated (no text could be read and the end-of-file marker is missing)", path=path)
        raise NoTextLayer(f"{path} has {npages} page(s) but no text layer (a scanned image?)", path=path)

    dropped = _drop_running_lines(pages, [h for _, h in sizes])
    all_lines = [l for lines in pages for l in lines]
    size_count: Counter = Counter()
    bold_count = 0
    for l in all_lines:
        size_count[round(l.size, 1)] += len(l.chars)
        bold_count += len(l.chars) if l.bold else 0
    body = size_count.most_common(1)[0][0] if size_count else 10.0
    body_bold = bold_count > 0.5 * sum(size_count.values())

    # words of the whole document, to decide hyphen breaks
    raw_text = "\n".join(l.text for l in all_lines).replace("\ufffe", "-")
    hyphenated = {m.lower() for m in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+", raw_text)}
    words = {m.lower() for m in re.findall(r"[A-Za-z]+", raw_text)}

    try:
        meta = doc.get_metadata_dict()
    except Exception:  # a damaged info dictionary is no reason to lose the text
        meta = {}
    meta_title = _meaningful_title(meta.get("Title"))

    b = SourceBuilder("pdf", paged=True)
    title_span: Optional[tuple[int, int]] = None
    largest_first = None
    for p, lines in enumerate(pages):
        b.new_page()
        ordered = _xy_order(lines, sizes[p][0])
        # headings stand alone: split paragraphs around them
        levels = {id(l): _is_heading(l, body, body_bold) for l in ordered}
        paras = []
        for para in _paragraphs(ordered):
            cur: list[_Line] = []
            for l in para:
                if levels[id(l)] and not (cur and levels[id(cur[-1])] == levels[id(l)] and abs(cur[-1].size - l.size) < 0.05 * l.size):
                    if cur:
                        paras.append(cur)
                    cur = [l]
                elif cur and levels[id(cur[-1])] and not levels[id(l)]:
                    paras.append(cur)
                    cur = [l]
                else:
                    cur.append(l)
            if cur:
                paras.append(cur)
        for para in paras:
            b.newline()
            start = b.offset
            for k, line in enumerate(para):
                if k:
                    keep = _join_hyphen(para[k - 1], line, hyphenated, words)
                    if keep is None:
                        b.space()
                if k + 1 < len(para):
                    keep_next = _join_hyphen(line, para[k + 1], hyphenated, words)
                    _emit_line(b, line, drop_last=keep_next is False)
                else:
                    _emit_line(b, line)
            end = b.offset
            b.newline()
            if end <= start:
                continue
            level = levels[id(para[0])]
            if level:
                b.mark(start, end, "heading", level=level, size=round(para[0].size, 1))
                if p == 0 and (largest_first is None or para[0].size > largest_first[0] + 0.5):
                    largest_first = (para[0].size, start, end)
            else:
                b.mark(start, end, "paragraph")
    src = b.build()
    text = src.text
    heads = src.spans.get("heading", [])
    title = meta_title
    if meta_title:
        nt = _norm(meta_title)
        for h in heads:
            if src.page_of(h.start) == 1 and nt and _norm(text[h.start:h.end]) == nt:
                title_span = (h.start, h.end)
                break
    elif largest_first is not None and largest_first[0] >= 1.3 * body:
        title_span = (largest_first[1], largest_first[2])
        title = re.sub(r"\s+", " ", text[title_span[0]:title_span[1]]).strip()
    if title_span:
        src.spans.setdefault("title", []).append(Span(title_span[0], title_span[1], "title"))
    src.title = title
    meta_out: dict = {"dropped_lines": dropped, "body_font_size": body}
    flags = []
    if sampled and bad_map / sampled > 0.2:
        flags.append(
            Flag(
                "text_layer_quality",
                "flag",
                f"{bad_map} of {sampled} sampled characters have no Unicode mapping in the PDF's fonts: "
                "the text layer is garbled; re-export the PDF or run OCR",
                expected="mapped glyphs",
                reported=f"{bad_map / sampled:.0%} unmapped",
            )
        )
    else:
        bad = sum(1 for ch in text if ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF or (ord(ch) < 32 and ch not in "\n\t"))
        if text and bad / len(text) > 0.02:
            flags.append(
                Flag(
                    "text_layer_quality",
                    "flag",
                    f"{bad} of {len(text)} characters are unmapped or private-use glyphs: the text layer is partly garbled",
                    reported=f"{bad / len(text):.1%} bad characters",
                )
            )
    if flags:
        meta_out["flags"] = flags
    src.meta.update(meta_out)
    doi = None
    for key in ("Subject", "Keywords", "Title"):
        v = meta.get(key)
        if v:
            m = re.search(r"\b10\.\d{4,9}/\S+", v)
            if m:
                doi = m.group(0).rstrip(".,;)")
                break
    src.doi = doi
    return src
