"""The text of a document with a per-character map back to page and box.

A reader turns a file into a :class:`Source`: one string (``text``) that every later step
works on, plus, for each character, the page it came from and (for PDFs) its box.  Offsets into
``text`` are the provenance of every extracted value, so the text is built once and never
edited afterwards.

Conventions every reader follows (so that the same article reads the same in every format):

* Paragraphs and block elements end with ``"\\n"``; a heading is its own line.
* A superscript run is written with a ``"^"`` in front (``4×10^7``, ``mortality.^12``) and
  recorded as a ``"sup"`` span covering the run itself (the ``^`` excluded).  Characters a reader
  inserts (``^``, line breaks, joining spaces) have no box.
* Structure worth keeping is recorded as :class:`Span` lists in ``spans`` keyed by label:
  ``"sup"``, ``"heading"``, ``"paragraph"``, ``"table"``, ``"table_row"``, ``"table_cell"``,
  ``"ref"`` (one entry of a structured reference list, ``attrs`` may hold parsed fields),
  ``"xref"`` (an in-text link to a reference: ``attrs["rid"]``), ``"title"``.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence as _Sequence
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from .model import Provenance, Table

__all__ = ["Span", "Source", "SourceBuilder", "BoxArray"]

Box = tuple[float, float, float, float]


class BoxArray(_Sequence):
    """Per-character boxes backed by one ``float32`` array (NaN rows: inserted characters).

    A list of tuples costs about 120 bytes a character; this costs 16.  Indexing returns
    ``(x0, top, x1, bottom)`` or ``None`` like the list :class:`Source` expects.  The PDF reader
    makes it; it is defined here, with the source, so that a source read in another process
    unpickles without importing the PDF reader (pypdfium2 and the layout code: about 0.2 s in
    each worker of a batch whose files were all read ahead).
    """

    __slots__ = ("array",)

    def __init__(self, array: "numpy.ndarray"):
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self.array)))]
        r = self.array[i]
        x0 = float(r[0])
        if x0 != x0:
            return None
        return (x0, float(r[1]), float(r[2]), float(r[3]))


@dataclass(frozen=True)
class Span:
    """A labelled character range of :attr:`Source.text` (``text[start:end]``)."""

    start: int
    end: int
    label: str
    attrs: dict = field(default_factory=dict, compare=False)


@dataclass
class Source:
    """Text plus a character map.

    Parameters
    ----------
    text
        The document's extracted text.
    format
        ``pdf``, ``html``, ``jats`` or ``text``.
    page_starts
        Offsets where pages 2, 3, ... begin (empty for formats without pages).  ``pages`` is the
        page count (``None`` for formats without pages).
    boxes
        ``None``, or one entry per character of ``text``: ``(x0, top, x1, bottom)`` in PDF
        points, or ``None`` for characters the reader inserted.
    spans
        Structure recorded by the reader, keyed by label (see the module docstring).
    tables
        The document's tables as :class:`~extractor.model.Table` records (label, caption,
        footnotes, cells with row/column spans, header flags and provenance into ``text``).
    """

    text: str
    format: str
    pages: Optional[int] = None
    page_starts: list[int] = field(default_factory=list)
    boxes: Optional[Sequence[Optional[Box]]] = None
    spans: dict[str, list[Span]] = field(default_factory=dict)
    title: Optional[str] = None
    doi: Optional[str] = None
    meta: dict = field(default_factory=dict)
    #: the document's tables as data (cells with spans, header flags and provenance)
    tables: list[Table] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str, format: str = "text", **kw) -> "Source":
        """A source for text that has no pages or boxes (plain text, tests)."""
        return cls(text=text, format=format, **kw)

    # -- the character map ------------------------------------------------------------------
    def page_of(self, offset: int) -> Optional[int]:
        """The 1-based page of the character at ``offset`` (``None`` without pages)."""
        if self.pages is None:
            return None
        return bisect_right(self.page_starts, offset) + 1

    def bbox(self, start: int, end: int) -> Optional[Box]:
        """The union of the boxes of ``text[start:end]`` on the page of ``start``.

        Pages are contiguous ranges of the text, so the characters on the page of ``start``
        are a prefix of the range; their boxes are reduced as one slice of an array built
        once per source (:meth:`_box_array`).
        """
        if self.boxes is None:
            return None
        page = self.page_of(start)
        stop = min(end, len(self.boxes))
        if page is not None and page - 1 < len(self.page_starts):
            stop = min(stop, self.page_starts[page - 1])  # the next page starts there
        if stop <= start:
            return None
        if stop - start <= 64:  # a few characters: a plain loop beats array calls
            backing = getattr(self.boxes, "array", None)
            if backing is not None and len(backing) == len(self.boxes):
                # an array-backed sequence (the PDF reader's): its rows in one call, a NaN
                # first coordinate marking a character without a box
                got = [b for b in backing[start:stop].tolist() if b[0] == b[0]]
            else:
                got = [b for b in self.boxes[start:stop] if b is not None]
            if not got:
                return None
            return (round(min(b[0] for b in got), 2), round(min(b[1] for b in got), 2),
                    round(max(b[2] for b in got), 2), round(max(b[3] for b in got), 2))
        import numpy

        arr, has = self._box_array()
        if not has[start:stop].any():
            return None
        part = arr[start:stop]
        x0, top = numpy.nanmin(part[:, 0]), numpy.nanmin(part[:, 1])
        x1, bottom = numpy.nanmax(part[:, 2]), numpy.nanmax(part[:, 3])
        return (round(float(x0), 2), round(float(top), 2), round(float(x1), 2), round(float(bottom), 2))

    def _box_array(self):
        """``boxes`` as an ``(n, 4)`` float array (NaN where a character has no box) and a
        mask of the characters that have one; rebuilt when ``boxes`` is replaced."""
        import numpy

        cached = self.__dict__.get("_boxes_np")
        if cached is not None and cached[0] is self.boxes and cached[1] == len(self.boxes):
            return cached[2], cached[3]
        n = len(self.boxes)
        backing = getattr(self.boxes, "array", None)
        if isinstance(backing, numpy.ndarray) and backing.shape == (n, 4):
            # an array-backed sequence (the PDF reader's): NaN rows are the characters without
            # a box; converted at once instead of a tuple per character
            arr = backing.astype(float)
            has = ~numpy.isnan(arr[:, 0])
            arr[~has] = numpy.nan
        else:
            has = numpy.fromiter((b is not None for b in self.boxes), dtype=bool, count=n)
            arr = numpy.full((n, 4), numpy.nan)
            if has.any():
                arr[has] = numpy.array([b for b in self.boxes if b is not None], dtype=float).reshape(-1, 4)
        self.__dict__["_boxes_np"] = (self.boxes, n, arr, has)
        return arr, has

    def provenance(self, start: int, end: int) -> Provenance:
        """Provenance of ``text[start:end]``: quote, page and box."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside text of length {len(self.text)}")
        return Provenance(
            char_start=start,
            char_end=end,
            quote=self.text[start:end],
            page=self.page_of(start),
            bbox=self.bbox(start, end),
        )

    def spans_of(self, label: str) -> list[Span]:
        return self.spans.get(label, [])


class SourceBuilder:
    """Build a :class:`Source` piece by piece, keeping the character map in step.

    >>> b = SourceBuilder("html")
    >>> b.add("4×10")
    (0, 4)
    >>> b.add_sup("7")
    (5, 6)
    >>> b.newline()
    >>> s = b.build()
    >>> s.text, s.spans["sup"][0].start
    ('4×10^7\\n', 5)
    """

    def __init__(self, format: str, *, paged: bool = False):
        self.format = format
        self.paged = paged
        self._parts: list[str] = []
        self._len = 0
        self._boxes: Optional[list[Optional[Box]]] = [] if paged else None
        self.page_starts: list[int] = []
        self.pages = 0 if paged else None
        self.spans: dict[str, list[Span]] = {}
        self._last = ""

    @property
    def offset(self) -> int:
        return self._len

    def last_char(self) -> str:
        return self._last

    def new_page(self) -> None:
        """Start the next page (the first call starts page 1)."""
        if self.pages:
            self.page_starts.append(self._len)
        self.pages = (self.pages or 0) + 1

    def add(self, text: str, boxes: Optional[Iterable[Optional[Box]]] = None) -> tuple[int, int]:
        """Append ``text`` (with one box per character, or none); return its range."""
        start = self._len
        if not text:
            return start, start
        self._parts.append(text)
        self._len += len(text)
        self._last = text[-1]
        if self._boxes is not None:
            if boxes is None:
                self._boxes.extend([None] * len(text))
            else:
                bl = list(boxes)
                if len(bl) != len(text):
                    raise ValueError("one box per character expected")
                self._boxes.extend(bl)
        return start, self._len

    def add_sup(self, text: str, boxes=None) -> tuple[int, int]:
        """Append a superscript run as ``^run`` and record a ``sup`` span over the run."""
        self.add("^")
        start, end = self.add(text, boxes)
        self.mark(start, end, "sup")
        return start, end

    def newline(self) -> None:
        """End the current line unless the text already ends one (or is empty)."""
        if self._len and self._last != "\n":
            self.add("\n")

    def space(self) -> None:
        if self._len and self._last not in " \n":
            self.add(" ")

    def mark(self, start: int, end: int, label: str, **attrs) -> Span:
        span = Span(start, end, label, attrs)
        self.spans.setdefault(label, []).append(span)
        return span

    def build(self, **kw) -> Source:
        return Source(
            text="".join(self._parts),
            format=self.format,
            pages=self.pages,
            page_starts=list(self.page_starts),
            boxes=self._boxes,
            spans=self.spans,
            **kw,
        )
