"""Tables as data: the grid layout and table records shared by the readers.

A reader writes a table into the text (HTML and JATS: one line per row, cells separated by tabs)
and hands each cell's offsets, row and column spans and header flag to a :class:`GridBuilder`,
which lays the cells out on a grid the way a browser does: a cell spanning two rows pushes the
cells of the next row to the right, and a cell spanning two columns fills both.  Once the text
is built, :meth:`PendingTable.build` turns the collected cells into a
:class:`~extractor.model.Table` whose cells quote the text exactly
(``text[cell.prov.char_start:cell.prov.char_end] == cell.text``).

>>> g = GridBuilder()
>>> g.start_group(); g.start_row()
>>> g.add(0, 5, row_span=2, header=True); g.add(6, 9, col_span=2, header=True)
>>> g.start_row(); g.add(10, 12); g.add(13, 15)
>>> [(c.row, c.col, c.row_span, c.col_span) for c in g.cells], g.n_rows, g.n_cols
([(0, 0, 2, 1), (0, 1, 1, 2), (1, 1, 1, 1), (1, 2, 1, 1)], 2, 3)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..model import Table, TableCell
from ..source import Source

__all__ = ["GridBuilder", "PendingTable", "LABEL", "split_label", "span_value", "tables_from_spans"]

#: the most rows or columns one cell may span (HTML's own limits are 65534 and 1000)
MAX_ROW_SPAN = 65534
MAX_COL_SPAN = 1000

#: a table label at the start of a caption line: "Table 2", "TABLE II", "Table S1", "Tab. 3"
LABEL = re.compile(
    r"(?P<label>(?:Table|TABLE|Tab\.)\s?(?:[A-Z]{0,2}\d{1,3}[A-Za-z]?(?:\.\d{1,2})?|[IVXL]{1,6}))"
    r"(?![\w-])(?!\s+[a-z])\s*(?:[.:|—–-]\s*)?")


def split_label(line: str) -> tuple[Optional[str], str]:
    """``(label, rest)`` of a caption line that starts with a table label, else ``(None, line)``.

    >>> split_label("Table 2. Outcomes at week 12")
    ('Table 2', 'Outcomes at week 12')
    >>> split_label("TABLE IV")
    ('TABLE IV', '')
    >>> split_label("Tables 2 and 3 show the outcomes.")
    (None, 'Tables 2 and 3 show the outcomes.')
    >>> split_label("Table 2 shows the outcomes.")
    (None, 'Table 2 shows the outcomes.')
    """
    m = LABEL.match(line)
    if not m:
        return None, line
    return m["label"], line[m.end():]


def span_value(value: Optional[str], limit: int, zero: int = 1) -> int:
    """A ``rowspan``/``colspan`` attribute as a count in ``1..limit`` (``zero`` for "0").

    >>> span_value("3", 10), span_value(" 2x", 10), span_value(None, 10), span_value("0", 10, zero=7)
    (3, 2, 1, 7)
    >>> span_value("99999", 1000), span_value("-1", 5)
    (1000, 1)
    """
    m = re.match(r"\s*(\d+)", value or "")
    if not m:
        return 1
    n = int(m.group(1)[:7])
    if n == 0:
        return max(1, min(zero, limit))
    return max(1, min(n, limit))


@dataclass
class _Cell:
    row: int
    col: int
    start: int
    end: int
    row_span: int
    col_span: int
    header: bool
    lines: tuple = ()  # ((start, end), ...) of a cell written over several text lines


class GridBuilder:
    """Cells in reading order (row by row) laid out on a grid.

    Rows belong to groups (each ``<table>`` element of a table split into several parts): a
    row span never reaches past its group.  Unlike a browser, a span does reach from ``thead``
    into ``tbody`` (publishers' XML spans a stub header into the first body row).  The layout
    costs time in proportion to the cells and the grid positions they cover.
    """

    def __init__(self) -> None:
        self.cells: list[_Cell] = []
        self.n_rows = 0
        self.n_cols = 0
        self._group_rows: list[int] = []  # the rows of the current group
        self._busy: dict[int, int] = {}  # column -> last row a row-spanning cell covers
        self._row = -1
        self._col = 0
        self._pending_zero: list[_Cell] = []  # rowspan="0": to the end of the group
        self._group_start = 0

    def start_group(self) -> None:
        """Start a row group (a table part); row spans of the previous group end with it."""
        self._close_group()
        self._busy = {}

    def start_row(self) -> None:
        self._row = self.n_rows
        self.n_rows += 1
        self._col = 0

    def add(self, start: int, end: int, *, row_span: int = 1, col_span: int = 1, header: bool = False,
            to_group_end: bool = False, lines: tuple = ()) -> None:
        """Place a cell at the next free position of the current row (``text[start:end]``)."""
        if self._row < 0:
            self.start_row()
        col = self._col
        while self._busy.get(col, -1) >= self._row:
            col += 1
        cell = _Cell(self._row, col, start, end, max(1, row_span), max(1, col_span), header,
                     tuple(lines) if len(lines) > 1 else ())
        self.cells.append(cell)
        if to_group_end:
            self._pending_zero.append(cell)
        last = self._row + cell.row_span - 1
        if cell.row_span > 1 or to_group_end:
            for k in range(col, col + cell.col_span):
                self._busy[k] = MAX_ROW_SPAN * 2 if to_group_end else last
        self._col = col + cell.col_span
        self.n_cols = max(self.n_cols, self._col)

    def _close_group(self) -> None:
        """Clamp row spans to the rows that exist (a span past the last row covers none)."""
        last = self.n_rows - 1
        for c in self._pending_zero:
            c.row_span = max(1, last - c.row + 1)
        self._pending_zero = []
        for c in reversed(self.cells):
            if c.row < self._group_start:
                break
            if c.row + c.row_span - 1 > last:
                c.row_span = max(1, last - c.row + 1)
        self._group_start = self.n_rows

    def finish(self) -> None:
        self._close_group()


@dataclass
class PendingTable:
    """A table whose cells are known by offset; :meth:`build` makes the record once the text
    exists.  ``label``/``caption``/``footnotes`` are ``(start, end)`` ranges of the text."""

    grid: GridBuilder = field(default_factory=GridBuilder)
    start: Optional[int] = None  # first character of the table's text (label line or first row)
    end: Optional[int] = None
    label: Optional[tuple[int, int]] = None
    caption: Optional[tuple[int, int]] = None
    footnotes: list[tuple[int, int]] = field(default_factory=list)
    rows_start: Optional[int] = None
    rows_end: Optional[int] = None
    wrapper_end: Optional[int] = None  # HTML: where the element wrapping the table ends
    label_text: Optional[str] = None  # the label as read, when it is not ``text[label]``

    def extend(self, start: int, end: int) -> None:
        if end <= start:
            return
        self.start = start if self.start is None else min(self.start, start)
        self.end = end if self.end is None else max(self.end, end)

    def build(self, src: Source, label_text: Optional[str] = None) -> Optional[Table]:
        """The :class:`Table` record, or ``None`` for a table with no text at all."""
        self.grid.finish()
        text = src.text
        if self.start is None or self.end is None:
            return None
        label = label_text if label_text is not None else (_slice(text, self.label) or None)
        caption = _slice(text, self.caption) or None
        notes = "\n".join(x for x in (_slice(text, r) for r in self.footnotes) if x) or None
        cells = tuple(
            TableCell(row=c.row, col=c.col, text=text[c.start:c.end], prov=src.provenance(c.start, c.end),
                      row_span=c.row_span, col_span=c.col_span, is_header=c.header,
                      lines=tuple(src.provenance(a, b) for a, b in c.lines))
            for c in self.grid.cells)
        return Table(prov=src.provenance(self.start, self.end), label=label, caption=caption, footnotes=notes,
                     n_rows=self.grid.n_rows if cells else 0, n_cols=self.grid.n_cols if cells else 0,
                     cells=cells)


def _slice(text: str, r: Optional[tuple[int, int]]) -> str:
    return text[r[0]:r[1]].strip() if r and r[1] > r[0] else ""


def tables_from_spans(src: Source) -> list[Table]:
    """Table records from a reader's ``table``/``table_row``/``table_cell`` spans (a reader that
    marks rows and cells but builds no records): one grid row per row span, one column per cell
    in the order written.  One pass over the spans, in text order.
    """
    tables = sorted(src.spans_of("table"), key=lambda s: s.start)
    rows = sorted(src.spans_of("table_row"), key=lambda s: s.start)
    cells = sorted(src.spans_of("table_cell"), key=lambda s: s.start)
    out: list[Table] = []
    ri = ci = 0
    for t in tables:
        while ri < len(rows) and rows[ri].start < t.start:
            ri += 1
        while ci < len(cells) and cells[ci].start < t.start:
            ci += 1
        pending = PendingTable()
        pending.extend(t.start, t.end)
        g = pending.grid
        g.start_group()
        while ri < len(rows) and rows[ri].start < max(t.end, t.start + 1):
            r = rows[ri]
            ri += 1
            g.start_row()
            while ci < len(cells) and cells[ci].start < r.start:
                ci += 1
            while ci < len(cells) and cells[ci].start < max(r.end, r.start + 1):
                c = cells[ci]
                ci += 1
                a, b = _trim(src.text, c.start, c.end)
                g.add(a, b)
        table = pending.build(src)
        if table is not None and table.cells:
            out.append(table)
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
