"""Plain data objects produced by the extractor.

Everything the extractor returns is a frozen dataclass built from plain Python values, so
records can be pickled across worker processes, compared in tests and written to JSON.
spaCy objects never leave :mod:`extractor`.

Every extracted record carries a :class:`Provenance`: the 1-based ``page`` (``None`` for text
and HTML), ``char_start``/``char_end`` offsets into :attr:`Article.text` and the exact
``quote``, with the invariant ``article.text[char_start:char_end] == quote``.  PDF records also
carry ``bbox`` (``(x0, top, x1, bottom)`` in PDF points).

Records that the store keys by id are nested: an :class:`Article` holds :class:`Study`
records, a study holds its :class:`Arm` and :class:`Outcome` records, and an outcome holds
its per-arm :class:`ArmResult` values (which name their arm by ``arm`` label) and its
:class:`Effect` estimates.  Any record may carry :class:`Flag` items: anomalies noticed while
extracting (for example an exponent whose superscript was lost), which the store writes to the
``checks`` table against that record.
"""
from __future__ import annotations

import dataclasses
import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any, Optional

__all__ = [
    "Provenance",
    "Flag",
    "Sentence",
    "SentenceList",
    "Section",
    "SectionList",
    "Arm",
    "ArmResult",
    "Effect",
    "Outcome",
    "Study",
    "Reference",
    "Citation",
    "TableCell",
    "Table",
    "Article",
    "to_dict",
]


def to_dict(obj: Any) -> Any:
    """Return ``obj`` (a dataclass, or a list/tuple/dict of them) as plain JSON-able data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple, SentenceList, SectionList)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


class _Record:
    def to_dict(self) -> dict:
        """This record as plain data (nested records included)."""
        return to_dict(self)

    def __reduce__(self):
        # pickled as its field values in order, rebuilt by :func:`_record`: a frozen
        # dataclass's default pickle (its attribute dict, set back through a missing
        # ``__setstate__``) costs a worker's results three times as long to unpickle in the
        # batch's writer, and a fifth more bytes
        cls = type(self)
        fields = _FIELDS.get(cls) or _fields(cls)
        return (_record, (cls, fields[1](self.__dict__)))


#: per record class: its field names in order and a getter of their values from an instance's dict
_FIELDS: dict[type, tuple[tuple[str, ...], Any]] = {}


def _fields(cls: type) -> tuple[tuple[str, ...], Any]:
    names = tuple(f.name for f in dataclasses.fields(cls))
    get = itemgetter(*names) if len(names) > 1 else (lambda d: (d[names[0]],))
    _FIELDS[cls] = (names, get)
    return _FIELDS[cls]


def _record(cls: type, values: tuple) -> "_Record":
    """A record from its field values in order (as :meth:`_Record.__reduce__` pickles it)."""
    obj = object.__new__(cls)
    obj.__dict__.update(zip((_FIELDS.get(cls) or _fields(cls))[0], values))
    return obj


@lru_cache(maxsize=None)
def record_maker(cls: type, names: tuple):
    """A maker of ``cls`` records (a frozen dataclass), called with every field by keyword in the
    class's order.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (the class
    forbids plain assignment): for the thousands of cells of a dense PDF table (a span, a cell
    and its provenance each) that was a twentieth of reading the file.  When ``names`` are the
    class's fields, all of them in their order, and the class has no ``__post_init__`` and keeps
    its fields in the instance ``__dict__``, the record is made the way :func:`_record` unpickles
    one (``object.__new__``, its ``__dict__`` filled from the keywords): the object
    ``cls(**fields)`` makes (equal, hashing and pickling alike).  Otherwise (a field added to the
    model, a check in ``__post_init__``), or when called with another number of fields, the maker
    is the class itself."""
    if (_FIELDS.get(cls) or _fields(cls))[0] != names or hasattr(cls, "__post_init__") or "__slots__" in vars(cls):
        return cls
    new = object.__new__
    n = len(names)

    def make(**values):
        if len(values) != n:
            return cls(**values)
        record = new(cls)
        record.__dict__.update(values)
        return record

    return make


@dataclass(frozen=True)
class Provenance(_Record):
    """Where a value was read: offsets into the article text, the quote, page and box."""

    char_start: int
    char_end: int
    quote: str
    page: Optional[int] = None
    bbox: Optional[tuple[float, float, float, float]] = None


@dataclass(frozen=True)
class Flag(_Record):
    """An anomaly noticed while extracting a record, stored as a row in ``checks``.

    ``status`` is ``pass``, ``flag`` or ``fail``; ``message`` shows the arithmetic or the
    reason in words a reviewer can act on.
    """

    check: str
    status: str
    message: str
    expected: Optional[str] = None
    reported: Optional[str] = None


@dataclass(frozen=True)
class Sentence(_Record):
    seq: int
    text: str
    prov: Provenance
    section: Optional[str] = None


class SentenceList(Sequence):
    """The sentences of one text, kept as offset arrays; each :class:`Sentence` record is made
    when it is read (``sentences[i]``, iteration), with its quote sliced from the text.

    A long document has hundreds of thousands of sentences; as records they cost about 500
    bytes each, as offsets about 20 (a 50 MB text stays within a few hundred megabytes).  It
    behaves as a read-only sequence of :class:`Sentence` (``len``, indexing, slicing,
    iteration, equality with a tuple of the same records) and pickles compactly.

    >>> sl = SentenceList("One. Two.", [(0, 4), (5, 9)], sections=["results", None])
    >>> [s.text for s in sl], sl[1].prov.char_start, sl[0].section, len(sl)
    (['One.', 'Two.'], 5, 'results', 2)
    """

    __slots__ = ("text", "starts", "ends", "_pages", "_boxes", "_section_ids", "_names")

    def __init__(self, text: str, spans=(), *, pages=None, boxes=None, sections=None):
        self.text = text
        self.starts = array("q")
        self.ends = array("q")
        for a, b in spans:
            self.starts.append(a)
            self.ends.append(b)
        n = len(self.starts)
        self._pages = array("l", (-1 if p is None else p for p in pages)) if pages is not None else None
        self._boxes = None
        if boxes is not None:
            flat = array("d")
            for box in boxes:
                flat.extend(box if box is not None else (math.nan,) * 4)
            self._boxes = flat
        self._names: list = [None]
        self._section_ids = array("H", bytes(2 * n))
        if sections is not None:
            index = {None: 0}
            for i, name in enumerate(sections):
                if name not in index:
                    index[name] = len(self._names)
                    self._names.append(name)
                self._section_ids[i] = index[name]

    def add(self, start: int, end: int, page: Optional[int] = None,
            bbox: Optional[tuple] = None, section: Optional[str] = None) -> None:
        """Append one sentence (the builder's method: :func:`extractor.sentences.split_sentences`)."""
        n = len(self.starts)
        self.starts.append(start)
        self.ends.append(end)
        if page is not None and self._pages is None:
            self._pages = array("l", [-1] * n)
        if self._pages is not None:
            self._pages.append(-1 if page is None else page)
        if bbox is not None and self._boxes is None:
            self._boxes = array("d", [math.nan] * (4 * n))
        if self._boxes is not None:
            self._boxes.extend(bbox if bbox is not None else (math.nan,) * 4)
        try:
            k = self._names.index(section)
        except ValueError:
            k = len(self._names)
            self._names.append(section)
        self._section_ids.append(k)

    def __len__(self) -> int:
        return len(self.starts)

    def _make(self, i: int) -> Sentence:
        a, b = self.starts[i], self.ends[i]
        quote = self.text[a:b]
        page = self._pages[i] if self._pages is not None else None
        bbox = None
        if self._boxes is not None and not math.isnan(self._boxes[4 * i]):
            bbox = tuple(self._boxes[4 * i:4 * i + 4])
        return Sentence(i, quote, Provenance(a, b, quote, None if page == -1 else page, bbox),
                        self._names[self._section_ids[i]])

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._make(k) for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("sentence index out of range")
        return self._make(i)

    def __iter__(self):
        return (self._make(i) for i in range(len(self)))

    def spans(self):
        """``(char_start, char_end)`` of every sentence, without making records."""
        return zip(self.starts, self.ends)

    def section_of(self, i: int) -> Optional[str]:
        return self._names[self._section_ids[i]]

    def __eq__(self, other) -> bool:
        if isinstance(other, SentenceList) or isinstance(other, (tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.text, bytes(self.starts), bytes(self.ends)))

    def __repr__(self) -> str:
        return f"SentenceList({len(self)} sentences)"

    def __reduce__(self):
        return (_sentence_list, (self.text, self.starts, self.ends, self._pages, self._boxes,
                                 self._section_ids, self._names))


def _sentence_list(text, starts, ends, pages, boxes, section_ids, names) -> SentenceList:
    sl = SentenceList(text)
    sl.starts, sl.ends, sl._pages, sl._boxes = starts, ends, pages, boxes
    sl._section_ids, sl._names = section_ids, names
    return sl


class SectionList(Sequence):
    """The sections of one text as offsets; each :class:`Section` record (whose quote is the
    whole section's text) is made when read, so a document's text is not held twice.

    >>> sl = SectionList("Results\\nAll improved.")
    >>> sl.add("results", "Results", 0, 21)
    >>> sl[0].name, sl[0].prov.quote, list(sl.bounds())
    ('results', 'Results\\nAll improved.', [('results', 'Results', 0, 21)])
    """

    __slots__ = ("text", "_items")

    def __init__(self, text: str):
        self.text = text
        self._items: list[tuple] = []  # (name, heading, start, end, page, bbox)

    def add(self, name: Optional[str], heading: Optional[str], start: int, end: int,
            page: Optional[int] = None, bbox: Optional[tuple] = None) -> None:
        self._items.append((name, heading, start, end, page, bbox))

    def bounds(self):
        """``(name, heading, char_start, char_end)`` of every section, without making records."""
        return ((n, h, a, b) for n, h, a, b, _, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def _make(self, item: tuple) -> "Section":
        name, heading, a, b, page, bbox = item
        return Section(name, heading, Provenance(a, b, self.text[a:b], page, bbox))

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._make(x) for x in self._items[i]]
        return self._make(self._items[i])

    def __iter__(self):
        return (self._make(x) for x in self._items)

    def __eq__(self, other) -> bool:
        if isinstance(other, (SectionList, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._items))

    def __repr__(self) -> str:
        return f"SectionList({len(self)} sections)"

    def __reduce__(self):
        return (_section_list, (self.text, self._items))


def _section_list(text, items) -> "SectionList":
    sl = SectionList(text)
    sl._items = list(items)
    return sl


@dataclass(frozen=True)
class Section(_Record):
    """A titled part of the article (``abstract``, ``methods``, ``results``, ``discussion``,
    ``references``, ... or ``None`` for untitled body text)."""

    name: Optional[str]
    heading: Optional[str]
    prov: Provenance


@dataclass(frozen=True)
class Arm(_Record):
    label: str
    prov: Provenance
    role: Optional[str] = None  # intervention / control
    n_randomized: Optional[int] = None
    n_analyzed: Optional[int] = None
    intervention: Optional[str] = None
    dose: Optional[str] = None  # as written
    dose_value: Optional[float] = None
    dose_unit: Optional[str] = None
    route: Optional[str] = None
    schedule: Optional[str] = None
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class ArmResult(_Record):
    """One per-arm number of an outcome; ``arm`` is the label of an :class:`Arm` of the study."""

    arm: str
    statistic: str  # percent, events, total, mean, sd, median, iqr_low, iqr_high, ...
    value: float
    prov: Provenance
    unit: Optional[str] = None
    derived: bool = False
    derivation: Optional[str] = None
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Effect(_Record):
    measure: Optional[str]  # OR, RR, HR, MD, difference, ... (None: only a verbal claim)
    prov: Provenance
    value: Optional[float] = None
    ci_low: Optional[float] = None
    ci_high: Optional[float] = None
    ci_level: Optional[float] = None
    p_value: Optional[float] = None
    p_relation: Optional[str] = None  # =, <, >
    significant: Optional[bool] = None
    direction: Optional[str] = None  # favours_intervention, favours_control, no_difference
    # the outcome in the intervention arm relative to the control: significantly increased,
    # significantly decreased, no significant difference (None: the effect does not say)
    finding: Optional[str] = None
    reported_as: Optional[str] = None
    comparison: Optional[tuple[str, str]] = None  # (intervention arm label, control arm label)
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Outcome(_Record):
    name: str
    prov: Provenance
    timepoint: Optional[str] = None
    subgroup: Optional[str] = None  # None = whole population
    kind: Optional[str] = None  # binary, continuous, time-to-event
    primary: Optional[bool] = None
    results: tuple[ArmResult, ...] = ()
    effects: tuple[Effect, ...] = ()
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Study(_Record):
    prov: Provenance
    design: Optional[str] = None  # rct, ...
    randomized: Optional[bool] = None
    blinding: Optional[str] = None
    control: Optional[str] = None
    allocation_ratio: Optional[str] = None
    phase: Optional[str] = None
    n_randomized: Optional[int] = None
    n_analyzed: Optional[int] = None
    follow_up: Optional[str] = None
    follow_up_days: Optional[float] = None
    registration: Optional[str] = None
    arms: tuple[Arm, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Reference(_Record):
    """One entry of the article's reference list (or one bracketed news-style citation)."""

    ordinal: int  # 1-based position in the article's list
    raw: str
    prov: Provenance
    authors: tuple[dict, ...] = ()  # CSL-JSON names: {"family": ..., "given": ...}
    title: Optional[str] = None
    journal: Optional[str] = None
    journal_iso: Optional[str] = None
    year: Optional[int] = None
    volume: Optional[str] = None
    issue: Optional[str] = None
    first_page: Optional[str] = None
    last_page: Optional[str] = None
    article_number: Optional[str] = None
    doi: Optional[str] = None
    pmid: Optional[str] = None
    pmcid: Optional[str] = None
    label: Optional[str] = None  # the list label as printed ("12", "Smith 2020")
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Citation(_Record):
    """One in-text callout; ``ref_ordinal`` points at :attr:`Reference.ordinal`."""

    ref_ordinal: int
    marker: str  # the callout as written
    prov: Provenance
    sentence_seq: Optional[int] = None


@dataclass(frozen=True)
class TableCell(_Record):
    """One cell of a :class:`Table`, addressed by its top-left grid position.

    ``row`` and ``col`` are 0-based positions in the table's grid after spans are laid out (a
    cell spanning two columns occupies ``col`` and ``col + 1``; the grid position it covers but
    does not start holds no cell).  ``is_header`` is true for header rows (``thead``/``th``, or
    rows a reader recognises as headings) and for stub header cells.  ``text`` is the cell's
    text as it appears in the document text: ``text == article.text[prov.char_start:prov.char_end]``
    (an empty cell has ``char_start == char_end``).  A cell that runs over several lines of
    a plain-text table keeps each line's part in ``lines``.
    """

    row: int
    col: int
    text: str
    prov: Provenance
    row_span: int = 1
    col_span: int = 1
    is_header: bool = False
    #: a cell written over several lines of a plain-text table (pandoc multiline and grid
    #: tables): the provenance of each line's part, in order, the first being ``prov``; empty
    #: for a cell on one line.  ``text`` is then the first line's part (the parts are not
    #: contiguous in the text); :attr:`content` joins them.
    lines: tuple[Provenance, ...] = ()

    @property
    def content(self) -> str:
        """The cell's whole text: its line parts joined by spaces (``text`` for one line)."""
        return " ".join(p.quote for p in self.lines) if self.lines else self.text


@dataclass(frozen=True)
class Table(_Record):
    """A table of the document as data: label, caption, footnotes and a grid of cells.

    ``prov`` covers the table's text in :attr:`Article.text` (label, caption, rows and
    footnotes as the reader wrote them).  ``n_rows``/``n_cols`` are the grid's size after row
    and column spans are laid out.  A table printed only as an image keeps its label and
    caption with no cells.  A table split by the source into several parts (a continued table,
    several ``<table>`` elements under one label) is one :class:`Table`.
    """

    prov: Provenance
    label: Optional[str] = None  # "Table 2"
    caption: Optional[str] = None
    footnotes: Optional[str] = None
    n_rows: int = 0
    n_cols: int = 0
    cells: tuple[TableCell, ...] = ()

    def grid(self) -> list[list[Optional[TableCell]]]:
        """The cells as a dense ``n_rows`` × ``n_cols`` grid; a spanned cell fills every
        position it covers (the same object repeated), an empty position is ``None``."""
        g: list[list[Optional[TableCell]]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                    g[r][k] = c
        return g


@dataclass(frozen=True)
class Article(_Record):
    """Everything extracted from one file."""

    path: str
    sha256: str
    format: str  # pdf, html, jats, text
    text: str
    pages: Optional[int] = None
    title: Optional[str] = None
    doi: Optional[str] = None
    kind: Optional[str] = None  # primary, news, review, protocol, ...
    extractor_version: Optional[str] = None
    sentences: Sequence[Sentence] = ()  # a tuple, or a SentenceList (the pipeline's)
    sections: Sequence[Section] = ()  # a tuple, or a SectionList (the pipeline's)
    studies: tuple[Study, ...] = ()
    references: tuple[Reference, ...] = ()
    citations: tuple[Citation, ...] = ()
    tables: tuple[Table, ...] = ()
    flags: tuple[Flag, ...] = ()
    meta: dict = field(default_factory=dict)
    # the document's own bibliographic data (extractor.metadata): CSL names, full journal
    # title and its NLM/ISO 4 abbreviation, first/last page (or article number), ids, abstract
    authors: tuple[dict, ...] = ()
    year: Optional[int] = None
    journal: Optional[str] = None
    journal_iso: Optional[str] = None
    volume: Optional[str] = None
    issue: Optional[str] = None
    first_page: Optional[str] = None
    last_page: Optional[str] = None
    pmid: Optional[str] = None
    pmcid: Optional[str] = None
    abstract: Optional[str] = None
