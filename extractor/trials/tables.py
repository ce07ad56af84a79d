"""Results tables with arms as columns, from ``table``/``table_row``/``table_cell`` spans
(HTML, JATS, PDF readers) or plain-text fixed-width tables."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..source import Source
from .text import Cell, text_tables

__all__ = ["Table", "read_tables", "arms_from_tables", "outcomes_from_tables"]


@dataclass
class Table:
    start: int
    end: int
    rows: list[list[Cell]]


def read_tables(src: Source) -> Iterator[Table]:
    return iter(())


def arms_from_tables(tables, text, abbrev):
    return []


def outcomes_from_tables(tables, text, arms, matcher):
    return []
