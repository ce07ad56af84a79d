"""Tables as the trial reader sees them, and the arms their headers name.

Tables come from the reader as data (:attr:`~extractor.source.Source.tables`: cells with
row and column spans and offsets, for every format); nothing here re-reads table text.
:func:`read_tables` gives them rows of cells and their legend; :func:`arms_from_tables` reads the
arms a header row names (``Placebo (n = 29)``) with their sizes.  The per-arm values of results
tables are read by :mod:`extractor.trials.tablereader`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from .. import fastre
from ..source import Source
from .arms import ArmInfo, is_control
from .text import Cell

__all__ = ["Table", "read_tables", "arms_from_tables"]

_N_IN_HEADER = fastre.lazy(r"\(?\s*\*?[nN]\*?\s*=\s*(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+))\s*\)?")
_NOT_ARM = fastre.lazy(r"^(?:p|p[- ]?values?|p\s*\(.*\)|total|all|overall|difference|estimates?|standard\s+errors?|s\.?e\.?m?|s\.?d\.?|mean|median|range|iqr|n|%|no\.|number|percent(?:age)?|coefficients?|beta|t|z|f|df|chi.*|statistics?|value|definition|description|notes?|comments?|source|reference|.*\b(?:OR|RR|HR|CI|ratio|difference)\b.*|variables?|characteristics?|outcomes?|measures?|items?)$", re.I)


@dataclass
class Table:
    start: int
    end: int
    rows: list[list[Cell]]
    legend: str = ""


def read_tables(src: Source) -> Iterator[Table]:
    """Every table of ``src`` (the reader's :attr:`Source.tables`) as rows of cells with offsets.

    A row lists the cells that start in it, left to right (a cell spanning columns appears
    once, a cell spanning rows only in its first row); a row whose cells run over several text
    lines gives one row per line.  Time is linear in the cells.
    """
    for t in src.tables:
        rows: list[list[Cell]] = [[] for _ in range(t.n_rows)]
        multi: set[int] = set()
        for c in t.cells:  # readers give cells row by row, left to right
            if 0 <= c.row < t.n_rows:
                rows[c.row].append(c)
                if c.lines:
                    multi.add(c.row)
        grid: list[list[Cell]] = []
        for r, cells in enumerate(rows):
            if r in multi:
                grid.extend(_line_rows(cells))
            elif cells:
                grid.append([Cell(c.text, c.prov.char_start, c.prov.char_end) for c in cells])
        if len(grid) >= 2:
            start = min(c.start for row in grid for c in row)
            end = max(c.end for row in grid for c in row)
            yield Table(start, end, grid, _legend(src.text, start, end))


def _line_rows(cells) -> list[list[Cell]]:
    """One row per text line of a row whose cells run over several lines (each cell's part on
    that line, or an empty cell)."""
    parts = [c.lines or (c.prov,) for c in cells]
    n = max(len(ps) for ps in parts)
    out = []
    for k in range(n):
        row = []
        for c, ps in zip(cells, parts):
            p = ps[k] if k < len(ps) else None
            row.append(Cell(p.quote, p.char_start, p.char_end) if p is not None else Cell("", c.prov.char_end, c.prov.char_end))
        out.append(row)
    return out


def _legend(text: str, start: int, end: int) -> str:
    return text[max(0, start - 400):start] + " " + text[end:end + 300]


def _header(table: Table) -> tuple[int, list[Cell]]:
    """Index of the header row and its cells (the last row before the first row with data)."""
    first_data = len(table.rows)
    for i, row in enumerate(table.rows):
        if any(re.match(r"\s*[-−–]?\d", c.text) for c in row[1:] if c.text.strip()):
            first_data = i
            break
    for i in range(min(first_data, len(table.rows)) - 1, -1, -1):
        if sum(1 for c in table.rows[i][1:] if c.text.strip()) >= 2:
            return i, table.rows[i]
    return 0, table.rows[0]


def _arm_label(cell: Cell) -> tuple[str, Optional[int]]:
    t = cell.text
    m = _N_IN_HEADER.search(t)
    n = int(m["n"].replace(",", "")) if m else None
    label = _N_IN_HEADER.sub("", t).strip(" ,;:()[]")
    label = re.sub(r"\s+(?:group|arm)$", "", label, flags=re.I)
    return label, n


def arms_from_tables(tables: list[Table], text: str, abbrev: dict[str, str]) -> list[ArmInfo]:
    """Arms named by the header of the first results table (when prose named none); tables
    whose headers give group sizes ("Placebo (n = 29)") are preferred."""
    def sized(t):
        return sum(1 for c in _header(t)[1] if _N_IN_HEADER.search(c.text))
    for t in sorted(tables, key=lambda t: -min(sized(t), 2)):
        hi, header = _header(t)
        arms = []
        for c in header[1:]:
            if not c.text or _NOT_ARM.match(c.text.strip()):
                continue
            label, n = _arm_label(c)
            if not label or not re.search(r"[A-Za-z]", label):
                continue
            at = text.find(label, c.start, c.end + 1)
            a = ArmInfo(label=label, start=at if at >= 0 else c.start, end=(at + len(label)) if at >= 0 else c.end,
                        intervention=abbrev.get(label, label), n_analyzed=n)
            a.role = "control" if is_control(label) else "intervention"
            arms.append(a)
        sized = sum(1 for c in header[1:] if _N_IN_HEADER.search(c.text))
        if len(arms) >= 2 and (sized >= 2 or any(a.role == "control" for a in arms)):
            # headers that name groups: sizes ("(n = 30)") or a control column, not any
            # two-column table ("Specific behaviours | Definition")
            if len(arms) == 2 and all(a.role == "intervention" for a in arms):
                arms[1].role = "control"  # the comparator is conventionally the last column
            return arms
    return []


