"""Tables in plain text, read as data.

Plain text carries tables in a handful of layouts; each becomes a
:class:`~extractor.model.Table` whose cells quote the text exactly:

* **pipe tables** (``| a | b |`` with a ``|---|---|`` delimiter row, outer pipes optional when
  the delimiter row is there): rows above the delimiter are header rows;
* **grid tables** (``+---+---+`` borders, ``+===+`` under the header): column boundaries at the
  ``+`` of the borders, a missing ``|`` joins columns (column span), a border segment left open
  continues the cell below (row span), and the lines of a cell are kept together;
* **pandoc simple tables** (a header line over a rule of dash runs, ``-----  -----``) and
  **multiline tables** (a full-width dash border above the header and below the last row, rows
  separated by blank lines, a cell's lines kept together): the dash runs give the columns;
* **tab-separated rows** (two or more consecutive lines with tabs);
* **space-aligned columns** without rules: columns from the alignment of the rows (gaps of two
  or more spaces at the same places), accepted only for short, mostly numeric cells, so that
  two-column prose, reference lists and numbered lists are not taken for tables.

Words that reach across a column boundary are placed by their overlap with the columns (a
header centred over two columns spans both).  A caption line (``Table 2. ...``, pandoc's
``Table: ...`` or a ``::: caption`` block) right above or below the table gives label and
caption; paragraphs right under it that open with a footnote mark (``*``, ``†``, ``^a^``) or a
notes word (``Note``, ``Abbreviations``, ``Data are``) are its footnotes.  Leading rows without
numbers and with an empty first cell (under a header) are header rows too.

>>> t = find_tables("Table 1. Outcomes\\n\\n| Outcome | A | B |\\n|---|---|---|\\n| Death | 3 | 5 |\\n")[0]
>>> t.label, t.caption, [(c.row, c.col, c.text, c.is_header) for c in t.cells][:4]
('Table 1', 'Outcomes', [(0, 0, 'Outcome', True), (0, 1, 'A', True), (0, 2, 'B', True), (1, 0, 'Death', False)])
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .. import fastre
from ..model import Table
from ..source import Source
from .tables import LABEL, PendingTable, split_label

__all__ = ["find_tables", "text_tables"]

#: no table row, rule or caption is longer: a longer line is running text, never scanned here
#: (``_CHUNK``'s repeated group keeps a backtracking stack per word: gigabytes on a 50 MB line)
LONG_LINE = 20_000
_CHUNK = fastre.lazy(r"[^ \t]+(?: [^ \t]+)*")
_WORD = fastre.lazy(r"[^ \t]+")
_COL_RULE = fastre.lazy(r"^[ \t]*[-=]{3,}(?:[ \t]+[-=]{3,})+[ \t]*$")
_BORDER = fastre.lazy(r"^[ \t]*-{8,}[ \t]*$")
_GRID_LINE = fastre.lazy(r"^[ \t]*[+|].*[+|][ \t]*$")
_GRID_BORDER = fastre.lazy(r"^[ \t]*\+[-=:+]*[-=][-=:+]*\+[ \t]*$")
_PIPE_ROW = fastre.lazy(r"^[ \t]*\|.*\|[ \t]*$")
_DELIM_PART = fastre.lazy(r"^[ \t]*:?-+:?[ \t]*$")
_FENCE = fastre.lazy(r"^[ \t]*:{3,}")
_CAPTION_FENCE = fastre.lazy(r"^[ \t]*:{3,}\s*\{?\.?caption\}?\s*$", re.I)
_PANDOC_CAPTION = fastre.lazy(r"^[ \t]*(?:Table)?:[ \t]+(?=\S)")
_NUMERIC = fastre.lazy(r"^[(\[]?[-−–+<>≤≥~]?\s?\.?\d")
_LIST_MARK = fastre.lazy(r"^(?:\[\d{1,3}\]|\(?\d{1,3}[.)]|[-*•·–]|\(?[a-z][.)])$")
_NOTE = fastre.lazy(r"(?:\^?[*†‡§¶#‖]|\^[a-z0-9]{1,3}\^?|\(?[a-h]\)?\s+[A-Z(]|(?:NOTES?|Notes?|Abbreviations?|ABBREVIATIONS?|"
                   r"Sources?|Key|Legend|Data (?:are|were|is)|Values (?:are|were)|Results (?:are|were)|All values|"
                   r"Footnotes?)\b)")
_MD_HEADING = fastre.lazy(r"^\s{0,3}#{1,6}\s")

Line = tuple[int, int, str]  # (start, end, text) of one line of the document


@dataclass
class _Found:
    first: int  # index of the table's first line
    last: int  # index of its last line
    pending: PendingTable


def text_tables(src: Source) -> list[Table]:
    """The tables of a plain-text source as :class:`Table` records."""
    out = []
    for p in find_tables_pending(src.text):
        t = p.build(src, label_text=p.label_text)
        if t is not None and t.cells:
            out.append(t)
    return out


def find_tables(text: str) -> list[Table]:
    """:func:`text_tables` over bare text (no pages)."""
    return text_tables(Source.from_text(text))


def find_tables_pending(text: str) -> list[PendingTable]:
    """Every table of ``text`` (see the module docstring), in text order."""
    lines: list[Line] = []
    pos = 0
    while True:  # a line longer than LONG_LINE is running text: kept as offsets, read as blank
        k = text.find("\n", pos)
        end = len(text) if k < 0 else k
        lines.append((pos, end, text[pos:end] if end - pos <= LONG_LINE else ""))
        if k < 0:
            break
        pos = k + 1
    n = len(lines)
    found: list[_Found] = []
    used = bytearray(n)
    i = 0
    while i < n:
        got = _grid(lines, i) or _pipe(lines, i) or _ruled(lines, i, used) or _tabbed(lines, i)
        if got is None:
            i += 1
            continue
        found.append(got)
        for k in range(got.first, got.last + 1):
            used[k] = 1
        i = got.last + 1
    i = 0
    nch = [len(_chunks(t)) if t.strip() else 0 for _, _, t in lines]
    while i < n:  # space-aligned tables among the lines left over
        if used[i] or nch[i] < 2:
            i += 1
            continue
        got, after = _aligned(lines, i, used, nch)
        if got is None:
            i = max(i + 1, after)  # no table starts inside a block that is none
            continue
        found.append(got)
        for k in range(got.first, got.last + 1):
            used[k] = 1
        i = got.last + 1
    found.sort(key=lambda f: f.first)
    for k, f in enumerate(found):
        floor = found[k - 1].last + 1 if k else 0
        ceiling = found[k + 1].first if k + 1 < len(found) else n
        _caption_and_notes(lines, f, floor, ceiling)
    return [f.pending for f in found]


# -- rows and cells ------------------------------------------------------------------------------
def _chunks(line: str) -> list[tuple[int, int]]:
    """Runs of text separated by two or more spaces or a tab, as offsets into ``line``."""
    return [(m.start(), m.end()) for m in _CHUNK.finditer(line)]


def _place(line: str, runs: list[tuple[int, int]], header: bool) -> dict[int, tuple[int, int, int]]:
    """Cells of one line over columns ``runs``: ``{column: (start, end, col_span)}``.

    A chunk goes to the column it overlaps most (the nearest when it overlaps none); a chunk
    over several columns spans them in a header line when nothing else falls there, and is
    otherwise split word by word.  Chunks that land in one column make one cell.
    """
    fence = line.find(":::")
    if fence > 0:  # pandoc output that ran the next block onto the table's last line
        line = line[:fence]
    chunks = _chunks(line)
    spans: list[tuple[int, int, int, int]] = []  # (col, last col, start, end)
    for s, e in chunks:
        hit = [k for k, (a, b) in enumerate(runs) if min(e, b) > max(s, a)]
        if len(hit) > 1:
            if header:
                spans.append((hit[0], hit[-1], s, e))
                continue
            for m in _WORD.finditer(line, s, e):
                k = _column_of(m.start(), m.end(), runs)
                spans.append((k, k, m.start(), m.end()))
            continue
        k = hit[0] if hit else _column_of(s, e, runs)
        spans.append((k, k, s, e))
    if header:  # a spanning header chunk whose columns hold other text is split after all
        taken: dict[int, int] = {}
        for c0, c1, _, _ in spans:
            for k in range(c0, c1 + 1):
                taken[k] = taken.get(k, 0) + 1
        fixed = []
        for c0, c1, s, e in spans:
            if c1 > c0 and any(taken[k] > 1 for k in range(c0, c1 + 1)):
                for m in _WORD.finditer(line, s, e):
                    k = _column_of(m.start(), m.end(), runs)
                    fixed.append((k, k, m.start(), m.end()))
            else:
                fixed.append((c0, c1, s, e))
        spans = fixed
    spans = _unstack(spans, len(runs))
    cells: dict[int, list[int]] = {}
    for c0, c1, s, e in sorted(spans, key=lambda x: x[2]):
        if c0 in cells:
            cur = cells[c0]
            cur[1] = max(cur[1], e)
            cur[2] = max(cur[2], c1 - c0 + 1)
        else:
            # a chunk already spanning into this column swallows it
            owner = next((k for k, v in cells.items() if k < c0 <= k + v[2] - 1), None)
            if owner is not None:
                cells[owner][1] = max(cells[owner][1], e)
            else:
                cells[c0] = [s, e, c1 - c0 + 1]
    return {k: (v[0], v[1], v[2]) for k, v in cells.items()}


def _unstack(spans: list[tuple[int, int, int, int]], ncols: int) -> list[tuple[int, int, int, int]]:
    """Two chunks of a line in one column beside an empty one (text shifted by markup that
    the layout did not count): the last moves right, or the first moves left."""
    spans = sorted(spans, key=lambda x: x[2])
    taken = {k for c0, c1, _, _ in spans for k in range(c0, c1 + 1)}
    for k in range(ncols):
        here = [x for x in spans if x[0] == x[1] == k]
        if len(here) < 2:
            continue
        if k + 1 < ncols and k + 1 not in taken:
            moved = here[-1]
            spans[spans.index(moved)] = (k + 1, k + 1, moved[2], moved[3])
            taken.add(k + 1)
        elif k > 0 and k - 1 not in taken:
            moved = here[0]
            spans[spans.index(moved)] = (k - 1, k - 1, moved[2], moved[3])
            taken.add(k - 1)
    return spans


def _column_of(s: int, e: int, runs: list[tuple[int, int]]) -> int:
    """The column overlapping ``[s, e)`` most, else the last one starting before it."""
    best, over = -1, 0
    for k, (a, b) in enumerate(runs):
        o = min(e, b) - max(s, a)
        if o > over:
            best, over = k, o
    if best >= 0:
        return best
    before = [k for k, (a, _) in enumerate(runs) if a <= s]
    return before[-1] if before else 0


class _Rows:
    """Rows of a text table on columns ``runs``: each row is one or more lines."""

    def __init__(self, runs: list[tuple[int, int]]):
        self.runs = runs
        self.rows: list[tuple[list[Line], bool]] = []  # (lines, header)

    def add(self, lines: list[Line], header: bool = False) -> None:
        if any(t.strip() for _, _, t in lines):
            self.rows.append((lines, header))

    def pending(self, extra_headers: bool = True) -> PendingTable:
        p = PendingTable()
        g = p.grid
        g.start_group()
        ncols = len(self.runs)
        heads = [h for _, h in self.rows]
        if extra_headers:
            heads = _more_headers(self, heads)
        for (lines, _), header in zip(self.rows, heads):
            g.start_row()
            by_col: dict[int, list[tuple[int, int]]] = {}
            span_of: dict[int, int] = {}
            for ls, _, t in lines:
                for k, (a, b, span) in sorted(_place(t, self.runs, header and len(lines) == 1).items()):
                    by_col.setdefault(k, []).append((ls + a, ls + b))
                    span_of[k] = max(span_of.get(k, 1), span)
            first_ls, first_le, _ = lines[0]
            k = 0
            while k < ncols:
                parts = by_col.get(k)
                span = min(span_of.get(k, 1), ncols - k)
                if parts:
                    g.add(parts[0][0], parts[0][1], col_span=span, header=header, lines=tuple(parts))
                else:
                    at = min(first_ls + self.runs[k][0], first_le)
                    g.add(at, at, header=header)
                k += span
            p.extend(first_ls, lines[-1][1])
        p.rows_start = p.start
        p.rows_end = p.end
        _trim_extent(p, self.rows)
        return p


def _lead(t: str) -> int:
    return len(t) - len(t.lstrip())


def _trim_extent(p: PendingTable, rows) -> None:
    """The table's range runs from its first character of text to its last."""
    if not rows:
        return
    first = rows[0][0][0]
    p.start = first[0] + _lead(first[2]) if first[2].strip() else p.start
    last = rows[-1][0][-1]
    p.end = last[0] + len(last[2].rstrip())
    p.rows_start, p.rows_end = p.start, p.end


def _more_headers(rows: _Rows, heads: list[bool]) -> list[bool]:
    """Header rows: the declared ones, and the rows right after them (or the first rows) that
    have no number in any but the first column, while a later row has numbers.  After a
    declared header only rows with an empty first cell count (a filled one starts a section)."""
    out = list(heads)
    declared = any(heads)
    start = max((k + 1 for k, h in enumerate(heads) if h), default=0)
    if not declared:
        start = 0
    k = start
    while k < len(rows.rows) and k - start < 3:
        lines, _ = rows.rows[k]
        cells = [_place(t, rows.runs, False) for _, _, t in lines]
        texts = {col: t[c[0]:c[1]] for (_, _, t), cs in zip(lines, cells) for col, c in cs.items()}
        values = [v for col, v in texts.items() if col > 0 and v.strip()]
        if not values or any(_NUMERIC.match(v) for v in values):
            break
        if declared and texts.get(0, "").strip():
            break
        k += 1
    later = any(any(_NUMERIC.match(t[c[0]:c[1]]) for _, _, t in lines for col, c in _place(t, rows.runs, False).items() if col > 0)
                for lines, _ in rows.rows[k:])
    if k > start and later and k < len(rows.rows):
        for j in range(start, k):
            out[j] = True
    return out


# -- the layouts ---------------------------------------------------------------------------------
def _ruled(lines: list[Line], i: int, used: bytearray) -> Optional[_Found]:
    """Pandoc simple and multiline tables (and headerless ones) starting at line ``i``."""
    n = len(lines)
    t = lines[i][2]
    if _BORDER.match(t):  # a multiline table: border, header lines, column rule, rows, border
        j = i + 1
        while j < n and j - i <= 8 and lines[j][2].strip() and not _COL_RULE.match(lines[j][2]) \
                and not _BORDER.match(lines[j][2]):
            j += 1
        if j >= n or not _COL_RULE.match(lines[j][2]):
            return None
        runs = _runs(lines[j][2])
        end = _closing(lines, j + 1, _BORDER)
        if end is None:
            return None
        rows = _Rows(runs)
        if j > i + 1:
            rows.add(lines[i + 1:j], header=True)
        for group in _blank_groups(lines, j + 1, end):
            rows.add(group)
        if len(rows.rows) < 2:
            return None
        return _Found(i, end, rows.pending())
    if not _COL_RULE.match(t):
        return None
    runs = _runs(t)
    head = i - 1 if i and lines[i - 1][2].strip() and not used[i - 1] and not _FENCE.match(lines[i - 1][2]) else None
    if head is not None and split_label(lines[head][2].strip())[0] and not _chunks_gap(lines[head][2]):
        head = None  # a caption line right above the rule
    rows = _Rows(runs)
    if head is None:
        # headerless: rows up to a closing rule; blank lines between rows make it multiline
        end = _closing(lines, i + 1, _COL_RULE)
        if end is None or end == i + 1:
            return None
        body = list(range(i + 1, end))
        if any(not lines[k][2].strip() for k in body):
            for group in _blank_groups(lines, i + 1, end):
                rows.add(group)
        else:
            for k in body:
                rows.add([lines[k]])
        return _Found(i, end, rows.pending()) if len(rows.rows) >= 1 else None
    rows.add([lines[head]], header=True)
    j = i + 1
    last = i
    while j < n:
        line = lines[j][2]
        if _COL_RULE.match(line) or _BORDER.match(line):
            last = j  # a closing rule belongs to the table
            break
        if not line.strip():
            nxt = j + 1
            if nxt < n and lines[j][2] and len(lines[j][2]) >= 0.5 * runs[-1][1] and _row_line(lines[nxt][2], runs):
                j = nxt  # a line of spaces as wide as the table: an empty row of pandoc's
                continue
            break
        if not _row_line(line, runs):
            break
        rows.add([lines[j]])
        last = j
        j += 1
    if len(rows.rows) < 2:
        return None
    return _Found(head, last, rows.pending())


def _chunks_gap(line: str) -> bool:
    return len(_chunks(line.strip())) >= 2


def _row_line(line: str, runs) -> bool:
    """A line that continues a ruled table: indented or with gaps, text within the columns."""
    if not line.strip() or LABEL.match(line.strip()) or _FENCE.match(line) or _MD_HEADING.match(line):
        return False
    if not (line.startswith((" ", "\t")) or "  " in line.strip()):
        return False
    return _chunks(line)[0][0] >= runs[0][0] - 2 if runs else True


def _runs(rule: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[-=]{3,}", rule)]


def _closing(lines, j: int, rule: re.Pattern, limit: int = 400) -> Optional[int]:
    """Index of the next line matching ``rule`` (within ``limit`` lines), else None."""
    for k in range(j, min(len(lines), j + limit)):
        if rule.match(lines[k][2]):
            return k
        if _FENCE.match(lines[k][2]) or LABEL.match(lines[k][2].strip()) and not lines[k][2].startswith(" "):
            return None
    return None


def _blank_groups(lines, a: int, b: int) -> list[list[Line]]:
    """Runs of non-blank lines in ``lines[a:b]`` (a multiline table's rows)."""
    groups, cur = [], []
    for k in range(a, b):
        if lines[k][2].strip():
            cur.append(lines[k])
        elif cur:
            groups.append(cur)
            cur = []
    if cur:
        groups.append(cur)
    return groups


def _pipe(lines: list[Line], i: int) -> Optional[_Found]:
    """A pipe table starting at line ``i``: rows with outer pipes, or any rows with pipes
    around a delimiter row (``|---|:---:|``)."""
    n = len(lines)
    t = lines[i][2]
    if "|" not in t:
        return None
    outer = bool(_PIPE_ROW.match(t))
    if not outer and not (i + 1 < n and _delimiter(lines[i + 1][2])):
        return None
    j = i
    block = []
    while j < n and "|" in lines[j][2] and (_PIPE_ROW.match(lines[j][2]) or not outer) and lines[j][2].strip():
        block.append(lines[j])
        j += 1
    delim = [k for k, (_, _, x) in enumerate(block) if _delimiter(x)]
    if not outer and not delim:
        return None
    body = [b for k, b in enumerate(block) if k not in delim]
    if len(body) < 2:
        return None
    p = PendingTable()
    g = p.grid
    g.start_group()
    header_until = delim[0] if delim and delim[0] > 0 else 0
    width = 0
    split_rows = []
    for k, (ls, le, x) in enumerate(block):
        if k in delim:
            continue
        cells = _pipe_cells(x)
        width = max(width, len(cells))
        split_rows.append((k < header_until, ls, le, cells))
    for header, ls, le, cells in split_rows:
        g.start_row()
        for a, b in cells:
            g.add(ls + a, ls + b, header=header)
        for _ in range(width - len(cells)):
            g.add(le, le, header=header)
    first, last = block[0], block[-1]
    p.extend(first[0] + _lead(first[2]), last[0] + len(last[2].rstrip()))
    p.rows_start, p.rows_end = p.start, p.end
    return _Found(i, i + len(block) - 1, p)


def _delimiter(line: str) -> bool:
    x = line.strip()
    if "|" not in x and not x.startswith(":"):
        return False
    if x.startswith("|"):
        x = x[1:]
    if x.endswith("|"):
        x = x[:-1]
    parts = x.split("|")
    return bool(parts) and all(_DELIM_PART.match(p) for p in parts)


def _pipe_cells(line: str) -> list[tuple[int, int]]:
    """Trimmed cell ranges of a pipe row (``\\|`` is a literal pipe)."""
    bars = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    s = line.strip()
    lo = len(line) - len(line.lstrip())
    hi = lo + len(s)
    edges = list(bars)
    if not s.startswith("|"):
        edges = [lo - 1] + edges
    if not s.endswith("|") or s.endswith("\\|"):
        edges = edges + [hi]
    out = []
    for a, b in zip(edges, edges[1:]):
        a += 1
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        out.append((a, b))
    return out


def _grid(lines: list[Line], i: int) -> Optional[_Found]:
    """A grid table (``+---+---+`` borders) starting at line ``i``."""
    if not _GRID_BORDER.match(lines[i][2]):
        return None
    j = i
    while j + 1 < len(lines) and _GRID_LINE.match(lines[j + 1][2]):
        j += 1
    while j > i and not _GRID_BORDER.match(lines[j][2]):
        j -= 1
    if j - i < 2:
        return None
    block = lines[i:j + 1]
    borders = [k for k, (_, _, t) in enumerate(block) if _GRID_BORDER.match(t) or _partial_border(t)]
    full = [k for k in borders if _GRID_BORDER.match(block[k][2])]
    cuts = sorted({m.start() for k in borders for m in re.finditer(r"\+", block[k][2])})
    if len(cuts) < 2:
        return None
    ncols = len(cuts) - 1
    header_end = next((k for k in full if "=" in block[k][2]), None)
    bands = [(a, b) for a, b in zip(borders, borders[1:]) if b > a + 1]
    # per band: which column segments are closed above, and where the vertical bars are
    open_cells: dict[int, dict] = {}  # first column -> cell being built (spanning rows)
    cells: list[dict] = []
    for r, (a, b) in enumerate(bands):
        top = block[a][2]
        content = block[a + 1:b]
        bars = {c for c in cuts if all(len(t) > c and t[c] in "|+" for _, _, t in content)}
        bars |= {cuts[0], cuts[-1]}
        k = 0
        while k < ncols:
            m = k + 1
            while m < ncols and cuts[m] not in bars:
                m += 1
            x0, x1 = cuts[k], cuts[m]
            seg = top[x0 + 1:x1] if len(top) >= x1 else ""
            closed = bool(seg) and set(seg) <= set("-=:+")
            cell = open_cells.get(k)
            if not closed and cell is not None and cell["cols"] == (k, m):
                cell["rows"] += 1
                cell["lines"].extend(content)
            else:
                cell = {"row": r, "cols": (k, m), "rows": 1, "lines": list(content),
                        "header": header_end is not None and b <= header_end}
                cells.append(cell)
                for q in range(k, m):
                    open_cells.pop(q, None)
                open_cells[k] = cell
            k = m
    p = PendingTable()
    g = p.grid
    g.start_group()
    by_row: dict[int, list[dict]] = {}
    for c in cells:
        by_row.setdefault(c["row"], []).append(c)
    for r in range(len(bands)):
        g.start_row()
        for c in sorted(by_row.get(r, []), key=lambda c: c["cols"][0]):
            x0, x1 = cuts[c["cols"][0]], cuts[c["cols"][1]]
            parts = []
            for ls, le, t in c["lines"]:
                a, b = ls + x0 + 1, ls + min(x1, len(t))
                while a < b and t[a - ls].isspace():
                    a += 1
                while b > a and t[b - 1 - ls].isspace():
                    b -= 1
                if b > a and not set(t[a - ls:b - ls]) <= set("-=+:"):
                    parts.append((a, b))
            if not parts:
                ls = c["lines"][0][0] if c["lines"] else block[0][0]
                parts = [(ls + x0 + 1, ls + x0 + 1)]
            g.add(parts[0][0], parts[0][1], row_span=c["rows"], col_span=c["cols"][1] - c["cols"][0],
                  header=c["header"], lines=tuple(parts))
    p.extend(block[0][0] + _lead(block[0][2]), block[-1][0] + len(block[-1][2].rstrip()))
    p.rows_start, p.rows_end = p.start, p.end
    return _Found(i, j, p)


def _partial_border(t: str) -> bool:
    """A grid line that is a border for some columns only (``|  a  +-----+``)."""
    return bool(re.search(r"\+[-=]{3,}\+", t)) and t.strip().startswith("|")


def _tabbed(lines: list[Line], i: int) -> Optional[_Found]:
    """Two or more consecutive lines with tab-separated cells."""
    n = len(lines)
    j = i
    while j < n and "\t" in lines[j][2].strip(" ") and lines[j][2].strip():
        j += 1
    if j - i < 2:
        return None
    p = PendingTable()
    g = p.grid
    g.start_group()
    rows = []
    texts = []
    for ls, le, t in lines[i:j]:
        cells = []
        at = 0
        for part in t.split("\t"):
            a = at + len(part) - len(part.lstrip())
            b = at + len(part.rstrip())
            cells.append((ls + a, ls + max(a, b)))
            at += len(part) + 1
        rows.append((ls, le, cells))
        texts.append([part.strip() for part in t.split("\t")])
    width = max(len(c) for _, _, c in rows)
    heads = _text_header_rows(texts)
    for (ls, le, cells), header in zip(rows, heads):
        g.start_row()
        for a, b in cells:
            g.add(a, b, header=header)
        for _ in range(width - len(cells)):
            g.add(le, le, header=header)
    p.extend(lines[i][0] + _lead(lines[i][2]), lines[j - 1][0] + len(lines[j - 1][2].rstrip()))
    p.rows_start, p.rows_end = p.start, p.end
    return _Found(i, j - 1, p)


def _text_header_rows(rows: list[list[str]]) -> list[bool]:
    """Leading rows with no number beyond the first cell, when later rows have numbers."""
    out = [False] * len(rows)
    k = 0
    while k < len(rows) and k < 3 and not any(_NUMERIC.match(v) for v in rows[k][1:] if v.strip()):
        k += 1
    if 0 < k < len(rows):
        for j in range(k):
            out[j] = True
    return out


def _aligned(lines: list[Line], i: int, used: bytearray, nch: list[int]) -> tuple[Optional[_Found], int]:
    """Space-aligned columns without rules starting at line ``i`` (see the module docstring);
    returns the table (or None) and the line after the block looked at."""
    n = len(lines)
    j = i
    while j < n and not used[j] and nch[j] and not _COL_RULE.match(lines[j][2]) \
            and (nch[j] >= 2 or (j > i and j + 1 < n and nch[j + 1] >= 2 and _lead(lines[j][2]) <= _lead(lines[i][2]) + 2)):
        j += 1
    after = j
    while j > i and nch[j - 1] < 2:
        j -= 1  # a table does not end on a section row
    block = lines[i:j]
    above = _prev_nonblank(lines, i)
    labelled = above is not None and split_label(lines[above][2].strip())[0] is not None and i - above <= 2
    if len(block) < (2 if labelled else 3):
        return None, after
    multi = [(l, c) for l, c in zip(block, nch[i:j]) if c >= 2]
    counts = [c for _, c in multi]
    mode = max(set(counts), key=lambda c: (counts.count(c), c))
    runs = _merge([c for l, k in multi if k == mode for c in _chunks(l[2])])
    if len(runs) < 2:
        return None, after
    rows = _Rows(runs)
    for l in block:
        rows.add([l])
    grid = [[_cell_text(l[2], c) for c in sorted(_place(l[2], runs, False).items())] for l in block]
    if not _table_like(grid, len(runs), labelled):
        return None, after
    return _Found(i, j - 1, rows.pending()), after


def _cell_text(line: str, item) -> tuple[int, str]:
    col, (s, e, _) = item
    return col, line[s:e]


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping intervals merged (the columns that the rows' text occupies)."""
    out: list[list[int]] = []
    for a, b in sorted(intervals):
        if out and a < out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _table_like(grid: list[list[tuple[int, str]]], ncols: int, labelled: bool) -> bool:
    """Short cells, mostly numbers beyond the first column; not a list, not prose."""
    from statistics import median  # imported with the first table-like text (with random, fractions)

    values = [t for row in grid for col, t in row if col > 0 and t.strip()]
    firsts = [t for row in grid for col, t in row if col == 0 and t.strip()]
    if len(values) < 2:
        return False
    if any(len(v) > 60 for v in values) or median(len(v) for v in values) > 25:
        return False
    if firsts and ncols == 2 and all(_LIST_MARK.match(f) for f in firsts):
        return False
    if firsts and sum(len(f.split()) > 12 for f in firsts) > len(firsts) / 2:
        return False
    numeric = sum(1 for v in values if _NUMERIC.match(v) or re.search(r"\d", v))
    if numeric < 2 or numeric < 0.4 * len(values):
        return labelled and median(len(v) for v in values) <= 20
    filled = [sum(1 for col, t in row if t.strip()) for row in grid]
    return sum(1 for f in filled if f >= 2) >= 0.6 * len(filled)


def _prev_nonblank(lines, i: int) -> Optional[int]:
    k = i - 1
    while k >= 0 and not lines[k][2].strip():
        k -= 1
    return k if k >= 0 else None


# -- caption and notes ---------------------------------------------------------------------------
def _caption_and_notes(lines: list[Line], f: _Found, floor: int, ceiling: int) -> None:
    """Label and caption from a line right above (or below) the table, notes from the
    paragraphs right under it."""
    p = f.pending
    label = None
    # above: "Table 2. ...", "Table: ...", or a ::: caption block (skipping one blank line)
    k = f.first - 1
    blanks = 0
    while k >= floor and not lines[k][2].strip() and blanks < 2:
        k -= 1
        blanks += 1
    if k >= floor and _FENCE.match(lines[k][2]) and not _CAPTION_FENCE.match(lines[k][2]):
        # the end of a ::: caption block
        top = k - 1
        while top >= floor and top > k - 12 and not _CAPTION_FENCE.match(lines[top][2]) and not _FENCE.match(lines[top][2]):
            top -= 1
        if top >= floor and _CAPTION_FENCE.match(lines[top][2]) and top + 1 < k:
            a = lines[top + 1][0]
            b = lines[k - 1][0] + len(lines[k - 1][2].rstrip())
            label = _set_caption(p, a, b, lines[top + 1][2])
            p.extend(lines[top][0], lines[k][1])
            k = -1
    if k >= floor and label is None and p.caption is None:
        t = lines[k][2]
        s = t.strip()
        lab, rest = split_label(s)
        m = _PANDOC_CAPTION.match(t)
        if (lab or m) and len(s) < 600:
            a = lines[k][0] + _lead(t)
            label = _set_caption(p, a, lines[k][0] + len(t.rstrip()), t, pandoc=m is not None and not lab)
            p.extend(a, lines[k][0] + len(t.rstrip()))
    # below: a caption line (if none above), then notes
    k = f.last + 1
    end = ceiling
    while k < end and not lines[k][2].strip():
        k += 1
    if k < end and label is None and p.caption is None:
        t = lines[k][2]
        s = t.strip()
        lab, _ = split_label(s)
        m = _PANDOC_CAPTION.match(t)
        if (m or lab and re.match(r"(?:Table|TABLE|Tab\.)\s?\S+\s*[.:]", s)) and len(s) < 600:
            a = lines[k][0] + _lead(t)
            label = _set_caption(p, a, lines[k][0] + len(t.rstrip()), t, pandoc=m is not None and not lab)
            p.extend(a, lines[k][0] + len(t.rstrip()))
            k += 1
            while k < end and not lines[k][2].strip():
                k += 1
    paragraphs = 0
    while k < end and paragraphs < 10 and _NOTE.match(lines[k][2].strip()) and not _MD_HEADING.match(lines[k][2]) \
            and not split_label(lines[k][2].strip())[0]:
        a = lines[k][0] + _lead(lines[k][2])
        q = k
        while q + 1 < end and lines[q + 1][2].strip() and not _NOTE.match(lines[q + 1][2].strip()) \
                and not _COL_RULE.match(lines[q + 1][2]) and not _FENCE.match(lines[q + 1][2]):
            q += 1
        b = lines[q][0] + len(lines[q][2].rstrip())
        cut = _fence_cut(lines, k, q)
        if cut is not None:
            b = cut
        if b > a:
            p.footnotes.append((a, b))
            p.extend(a, b)
        paragraphs += 1
        if cut is not None:
            break
        k = q + 1
        while k < end and not lines[k][2].strip():
            k += 1
    p.label_text = label


def _fence_cut(lines, k: int, q: int) -> Optional[int]:
    """End of a note glued to a pandoc fence (``... in the unit.:::: ## Next``), if any."""
    for x in range(k, q + 1):
        at = lines[x][2].find(":::")
        if at > 0:
            b = lines[x][0] + len(lines[x][2][:at].rstrip())
            return b
    return None


def _set_caption(p: PendingTable, a: int, b: int, line: str, pandoc: bool = False) -> Optional[str]:
    """Record the caption ``[a, b)`` whose first line is ``line`` (``a`` is where its text
    starts); a pandoc caption drops its ``Table:`` lead.  Return the label, if any."""
    text = line.strip()
    if pandoc:
        m = _PANDOC_CAPTION.match(line)
        rest = line[m.end():]
        a += m.end() - _lead(line) + len(rest) - len(rest.lstrip())
        text = rest.strip()
        if b <= a:
            return None
    lab, rest = split_label(text)
    if lab:
        p.label = (a, a + len(lab))
        start = a + len(text) - len(rest)
        p.caption = (start, b) if b > start and rest.strip() else None
        return lab
    p.caption = (a, b)
    return None
