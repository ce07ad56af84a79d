"""Reading a results table as data: which cell holds which arm's value of which outcome.

Input: one :class:`~extractor.model.Table` from the reader (a grid of cells with spans,
header flags and offsets) and the trial's arms.  Every data cell gets *coordinates* from the
labels above it (its column's header cells, top to bottom) and beside it (its row stub and the
section rows it sits under), each label read by the header grammar (:mod:`.headers`): an arm
(``Placebo (n = 29)``), a statistic (``n (%)``, ``mean ± SD``), a time point (``Week 8``), a
role (``P``, ``OR (95% CI)``, ``Total``, ``N``) or a name.  Exactly one arm among a cell's
coordinates makes it a per-arm value; the other coordinates say which outcome, time point and
statistic it is.  So one reading covers arms as columns or as rows, header levels spanning
arm columns (a time point or an outcome group above the arms), section rows, statistics
split over sub-columns (``n | %``, ``Mean | SD``), and p-value, estimate and CI columns.

The statistic of a cell comes from the nearest label that states one and that the cell's
shape fits (:mod:`.cells`): its row stub, the section rows above it, its column headers, the
stub header, then the caption and footnotes; a cell no label describes is read only where its
shape is unambiguous (``23/49``, ``12 (40%)``, ``36.5% (93/255)``, or ``12 (40.0)`` where 12 of
the arm's n is 40.0%).

A table of baseline characteristics gives no outcomes, only its arms' sizes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Optional, Union

from ..model import Table, TableCell
from .arms import ArmInfo
from .cells import Cell, Num, Spec, assign_nums, find_specs, read_cell, spec_of_slots, strip_markers
from .effects import EffectHit
from .headers import Label, find_time, is_generic, is_size_word, read_label, without_definitions
from .lexicon import load
from .results import EffectDraft, OutcomeDraft, ResultDraft

__all__ = ["TableReading", "read_results_table", "is_baseline_table", "table_kind", "header_arm_labels", "Sized"]


@dataclass
class Sized:
    """A group size a table prints for an arm (``Placebo (n = 29)``), with where it is."""

    arm: ArmInfo
    n: int
    start: int
    end: int
    baseline: bool  # printed in a baseline table (randomised sizes, usually)


@dataclass
class TableReading:
    outcomes: list[OutcomeDraft] = field(default_factory=list)
    sizes: list[Sized] = field(default_factory=list)
    baseline: bool = False
    arms_as: Optional[str] = None  # "columns" or "rows"


# ---------------------------------------------------------------------------------------------
# Grid structure
# ---------------------------------------------------------------------------------------------
_ADJUSTED = re.compile(r"\s*(?:adjusted|adj\.?)\s*$", re.I)
_BARE_MEAN = re.compile(r"\s*(?:M|x\u0304|X\u0304|\u0078\u0305|\u00af[xX])\s*$")
_SPREAD_HEAD = re.compile(r"\s*(?:\+|±|\+/[-−])?\s*(?:SD|SE|SEM|s\.d\.)\s*$", re.I)


class _Grid:
    def __init__(self, table: Table, text: str):
        self.t = table
        self.text = text
        self.g = table.grid()
        self.nr, self.nc = table.n_rows, table.n_cols
        # readings of cells by id(cell), each beside its cell: the cell is kept alive, so its id
        # is never reused by a later (temporary) cell while the reading is cached
        self._labels: dict[int, tuple[TableCell, Label]] = {}
        self._cells: dict[int, tuple[TableCell, Cell]] = {}
        if self.nc > 2 and not any(c.col_span > 1 or c.row_span > 1 for c in table.cells):
            self._realign()

    def _realign(self) -> None:
        """Repairs of a grid cut from plain text by column alignment (no spans known): a row
        whose cells ran together ("(72)        86" in one cell, the last cell empty) gets one
        part per cell; a sub-header row set one column to the left ("n | (%) | n | (%) |")
        moves right."""
        from ..model import Provenance
        g = self.g
        for r in range(self.nr):
            row = g[r]
            if row[-1] is not None and row[-1].content.strip():
                continue
            parts = []
            for c in range(1, self.nc):
                cell = row[c]
                if cell is None or not cell.content.strip() or cell.lines:
                    continue
                for m in re.finditer(r"\S+(?:\s\S+)*", cell.text):
                    parts.append((cell, m.start(), m.end()))
            cells = [row[c] for c in range(1, self.nc) if row[c] is not None and row[c].content.strip()]
            if len(parts) == self.nc - 1 and len(parts) > len(cells):
                new = [row[0]]
                for i, (cell, a, b) in enumerate(parts):
                    st = cell.prov.char_start + a
                    q = cell.text[a:b]
                    new.append(TableCell(r, i + 1, q, Provenance(st, st + len(q), q), is_header=cell.is_header))
                g[r] = new
                continue
            first = row[0]
            if first is not None and first.content.strip() and r + 1 < self.nr:
                lab = read_label(first.content)
                nxt = g[r + 1][0]
                if lab.specs and not lab.rest and not self.has_value(first) and \
                        all(x is None or not self.has_value(x) for x in row) and nxt is not None:
                    # "*n* | (%) | *n* | (%)" over the value columns
                    g[r] = [None] + [None if x is None else replace(x, col=x.col + 1) for x in row[:-1]]

    def cell(self, r: int, c: int) -> Optional[TableCell]:
        return self.g[r][c] if 0 <= r < self.nr and 0 <= c < self.nc else None

    def label(self, c: TableCell) -> Label:
        k = id(c)
        if k not in self._labels:
            lab = read_label(c.content)
            if _BARE_MEAN.match(c.content) and not lab.specs:
                # "M | SD" (or "x̄ | SD"): a mean's short form in a header cell of its own, read
                # as the mean when the cell right of it names the spread
                right = self.cell(c.row, c.col + max(c.col_span, 1))
                if right is not None and right is not c and _SPREAD_HEAD.match(right.content):
                    lab = replace(read_label("Mean"), raw=lab.raw, text=lab.text)
            self._labels[k] = (c, lab)
        return self._labels[k][1]

    def value(self, c: TableCell) -> Cell:
        """The cell read by the cell grammar, offsets into the document text."""
        k = id(c)
        if k not in self._cells:
            parts = c.lines or (c.prov,)
            if len(parts) == 1:
                got = read_cell(parts[0].quote, parts[0].char_start)
            else:
                reads = [read_cell(p.quote, p.char_start) for p in parts]
                nums = tuple(n for x in reads for n in x.nums)
                got = Cell(nums, "".join(x.shape for x in reads), all(x.missing for x in reads),
                           next((x.n for x in reads if x.n), None), next((x.p for x in reads if x.p), None),
                           " ".join(x.words for x in reads if x.words))
            self._cells[k] = (c, got)
        return self._cells[k][1]

    def has_value(self, c: Optional[TableCell]) -> bool:
        if c is None or not c.content.strip():
            return False
        v = self.value(c)
        return bool(v.nums) and not re.search(r"[A-Za-z]{3,}", v.words)


def _header_rows(G: _Grid, stubs: int) -> int:
    """How many rows at the top are headers: the rows flagged as headers, and unflagged rows
    before the first row with a value that hold labels beyond the stub (a sub-header row the
    reader kept in the body)."""
    flagged_top = 0
    for r in range(G.nr):
        row = [G.cell(r, c) for c in range(G.nc)]
        if any(c is not None and c.is_header and c.row <= r for c in row) and \
                all(c is None or c.is_header or not c.content.strip() for c in row):
            flagged_top = r + 1
        else:
            break
    first_data = G.nr
    for r in range(flagged_top, G.nr):
        if any(G.has_value(G.cell(r, c)) and G.cell(r, c).row == r for c in range(stubs, G.nc)):
            first_data = r
            break
    h = flagged_top
    for r in range(flagged_top, first_data):
        row = [G.cell(r, c) for c in range(G.nc)]
        flagged = all(c is None or c.is_header or not c.content.strip() for c in row) and any(c is not None and c.is_header for c in row)
        beyond = any(c is not None and c.content.strip() and c.col >= stubs for c in row)
        if flagged or (beyond and h == r):
            h = r + 1
        else:
            break
    return h


def _stub_columns(G: _Grid, top: int) -> int:
    """Leading columns of text labels (at least the first)."""
    k = 1
    while k < min(G.nc - 1, 3):
        cells = [G.cell(r, k) for r in range(top, G.nr)]
        cells = [c for c in cells if c is not None and c.col == k and c.row >= top and c.content.strip()]
        if not cells:
            break
        texty = sum(1 for c in cells if not G.has_value(c) or re.match(r"\s*[A-Za-z]", c.content))
        if texty < 0.7 * len(cells):
            # a column with no header beside headed value columns, whose cells are labels or
            # lone numbers unlike the values next to it ("Preoperative", "12 hr", "1*"), is
            # a second stub
            head_empty = all(G.cell(r, k) is None or not G.cell(r, k).content.strip() or G.cell(r, k).col < k
                             for r in range(top))
            right = [G.cell(r, k + 1) for r in range(top)]
            right_headed = any(x is not None and x.content.strip() for x in right)
            mine = [G.value(c).shape for c in cells]
            theirs = [G.value(c).shape for c in (G.cell(r, k + 1) for r in range(top, G.nr))
                      if c is not None and c.content.strip() and c.col == k + 1]
            lone = sum(1 for x in mine if x in ("N", "")) / len(mine)
            multi = sum(1 for x in theirs if len(x) > 1) / len(theirs) if theirs else 0
            if not (top and head_empty and right_headed and texty >= 0.3 * len(cells) and lone >= 0.8 and multi >= 0.6):
                break
        k += 1
    return k


# ---------------------------------------------------------------------------------------------
# Coordinates
# ---------------------------------------------------------------------------------------------
@dataclass
class _Coord:
    label: Label
    cell: TableCell
    arm: Optional[ArmInfo] = None
    level: int = 0  # 0 nearest the cell


@dataclass
class _Row:
    r: int
    stub: list[_Coord]  # the row's own stub labels (left to right)
    parents: list[_Coord]  # section rows above, nearest first
    indent: int = 0
    section: bool = False
    size_row: bool = False
    of_row: Optional[_Coord] = None  # an indented row under a row with values: that row's name
    # a section row under outer stub cells from rows above (a label spanning its block of rows):
    # those cells; the section ends with their block
    scope: frozenset = frozenset()


def _indent(c: Optional[TableCell]) -> int:
    if c is None:
        return 0
    t = c.content
    return len(t) - len(t.lstrip(" \u2003\u2002\u00a0\t"))


_GENERIC_HEAD = re.compile(r"\b(?:total|all|overall|combined|pooled|both|whole|entire|sample|population|"
                           r"difference|ratio|change|estimate|effect|p|value|mean|median|n)\b", re.I)


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", strip_markers(s)).strip(" ,;:")


class _Reader:
    def __init__(self, table: Table, text: str, arms: list[ArmInfo], arm_of: Callable[[Label], Optional[ArmInfo]],
                 doc_specs: list[Spec]):
        self.G = _Grid(table, text)
        self.text = text
        self.arms = arms
        self.arm_of = arm_of
        self.doc_specs = _ArticleSpecs(doc_specs)
        self.legend = " ".join(x for x in (table.caption or "", table.footnotes or "") if x)
        self.marked = marker_specs(table.footnotes)
        self.part = False  # one part of a table cut at its repeated header rows (see _segments)

    # -- structure ----------------------------------------------------------------------------
    def layout(self) -> None:
        G = self.G
        top0 = 0
        stubs = 1
        for _ in range(2):
            top0 = _header_rows(G, stubs)
            stubs = _stub_columns(G, top0)
        self.top, self.stubs = top0, stubs
        # column labels, nearest the body first
        self.cols: dict[int, list[_Coord]] = {}
        spread = self._spread_heads()
        for c in range(stubs, G.nc):
            seen, labs = set(), []
            for r in range(self.top - 1, -1, -1):
                cell = G.cell(r, c)
                if (r, c) in spread:
                    cell = spread[(r, c)]
                if cell is None or id(cell) in seen or not cell.content.strip():
                    continue
                if cell.col < stubs and not self._spans_group(cell, r, stubs):
                    continue  # a stub header spanning over: no column label
                seen.add(id(cell))
                lab = G.label(cell)
                labs.append(_Coord(lab, cell, self.arm_of(lab) if lab.rest else None, len(labs)))
            self.cols[c] = labs
        self._adopt_stat_columns()
        self._complement_arm()
        # "Exercise (control)": one column holding both arms' values, the control's in brackets
        self.paired: dict[int, tuple[ArmInfo, ArmInfo]] = {}
        for c, labs in self.cols.items():
            if any(x.arm is not None for x in labs):
                continue
            for x in labs:
                m = re.match(r"^(?:.*[;:,]\s*)?(?P<a>[^;:,()]+?)\s*\(\s*(?P<b>[^()]+?)\s*\)\s*$", x.label.rest or "")
                if m:
                    a, b = self.arm_of(read_label(m["a"])), self.arm_of(read_label(m["b"]))
                    if a is not None and b is not None and a is not b:
                        self.paired[c] = (a, b)
                        break
        # the stub header: labels that apply to the whole table ("Number of patients, n (%)")
        self.stub_head: list[Label] = []
        self.stub_head_cells: list[TableCell] = []
        for r in range(self.top):
            for c in range(stubs):
                cell = G.cell(r, c)
                if cell is not None and cell.row == r and cell.col == c and cell.content.strip():
                    self.stub_head.append(G.label(cell))
                    self.stub_head_cells.append(cell)
        # "Phase | ..." over stubs "1", "2", "3": each row is a time point of the outcome
        self.stub_unit = next((lab.rest for lab in self.stub_head if re.fullmatch(_TIME_UNIT, lab.rest or "", re.I)), None)
        # "3*" under "*Postoperative days": a footnote mark saying the stub is a time point
        self.marked_units = {m["mark"]: m["unit"].strip() for m in re.finditer(
            r"(?:^|[\n;.]\s*)\^?(?P<mark>[*†‡§¶#]+)\s*(?P<unit>(?:[A-Za-z-]+\s+)?" + _TIME_UNIT + r")\s*(?=$|[\n;.,])",
            self.G.t.footnotes or "", re.I)}
        self.sub_heads: dict[int, dict[int, Label]] = {}
        self.rows = self._rows()

    def _spans_group(self, cell: TableCell, r: int, stubs: int) -> bool:
        """A header cell that starts over the stub column but spans a group of value columns
        beside other header cells of its row ("+ Drug A (n = 16)" over the stub and the first
        arm's columns, "+ Drug B (n = 19)" over the next): a column label, not a stub header."""
        if cell.col_span < 2 or cell.col + cell.col_span <= stubs or cell.col + cell.col_span >= self.G.nc:
            return False
        others = {id(x) for x in (self.G.cell(r, c) for c in range(cell.col + cell.col_span, self.G.nc))
                  if x is not None and x.content.strip()}
        return bool(others)

    def _adopt_stat_columns(self) -> None:
        """A column headed by a statistic alone ("SD", "%") right of an arm's column
        ("Placebo, mean | SD | Drug, mean | SD") holds the rest of that arm's values: it takes
        the arm as its upper label, as if the arm's header spanned both columns."""
        for c in sorted(self.cols):
            labs = self.cols[c]
            if not labs or any(x.arm is not None for x in labs):
                continue
            if not all(x.label.specs and not x.label.rest and not x.label.role and not x.label.time
                       and x.label.n is None for x in labs):
                continue
            left = [x for x in self.cols.get(c - 1, ()) if x.arm is not None]
            if len(left) != 1 or not left[0].label.specs:
                continue
            a = left[0]
            self.cols[c] = labs + [_Coord(a.label, a.cell, a.arm, len(labs))]

    def _complement_arm(self) -> None:
        """The header names all the trial's arms but one, and one other label stands beside a
        named arm's column in every header group ("UC | B4" under each time point, "UC" the
        usual-care arm and "B4" a programme name the text never defines): that label is the
        arm left over. Only a short label with no statistic, time, role or change word, the
        same words in every place, adjacent to a named arm's column at the same header row."""
        arms = self.arms
        named = {id(x.arm) for labs in self.cols.values() for x in labs if x.arm is not None}
        left = [a for a in arms if id(a) not in named]
        if len(left) != 1 or len(named) != len(arms) - 1 or not named:
            return
        if re.search(r"placebo|sham|vehicle|dummy", " ".join((left[0].label, left[0].intervention or "")), re.I):
            return  # a placebo column is always headed so: an unnamed label beside one is another comparator
        rows = {x.cell.row for labs in self.cols.values() for x in labs if x.arm is not None}
        spots: list[tuple[int, int]] = []
        texts = set()
        for c, labs in self.cols.items():
            if any(x.arm is not None for x in labs):
                continue
            for i, x in enumerate(labs):
                lab = x.label
                if x.cell.row not in rows:
                    continue  # a time point or outcome group over the arm labels
                if not lab.rest or lab.role or lab.time or lab.change or lab.specs:
                    continue
                words = _clean(lab.rest).lower().split()
                if not 1 <= len(words) <= 4 or _GENERIC_HEAD.search(lab.rest) or not re.search(r"[A-Za-z]", lab.rest):
                    continue
                row = x.cell.row
                cell = x.cell
                near = [y for k in (cell.col - 1, cell.col + cell.col_span) for y in self.cols.get(k, ())
                        if y.arm is not None and y.cell.row == row]
                if not near:
                    return  # a label beside no named arm: not a pair of arm columns
                spots.append((c, i))
                texts.add(" ".join(words))
        if len(texts) != 1:
            return
        # a label whose words or initials are part of a named arm's names ("Hypertonic saline"
        # beside the "mannitol with the HS test" arm) is no arm of its own
        words = next(iter(texts)).split()
        initials = "".join(w[0] for w in words) if len(words) >= 2 else ""
        for a in arms:
            if a is left[0]:
                continue
            names = " ".join([a.label, a.intervention or ""] + sorted(a.aliases)).lower()
            own = set(re.findall(r"[\w-]+", names))
            if initials in own or any(len(w) >= 4 and w in own for w in words):
                return
        other = left[0]
        for c, i in spots:
            x = self.cols[c][i]
            self.cols[c][i] = _Coord(x.label, x.cell, other, x.level)

    def _spread_heads(self) -> dict[tuple[int, int], TableCell]:
        """Upper header labels of a table whose reader knew no spans (plain text): a label
        stands over the empty header cells to its right, up to the next label ("Children" over
        two arm columns)."""
        G = self.G
        if self.top < 2 or any(c.col_span > 1 for c in G.t.cells if c.row < self.top):
            return {}
        out = {}
        bottom = [c for c in range(self.stubs, G.nc)
                  if G.cell(self.top - 1, c) is not None and G.cell(self.top - 1, c).content.strip()]
        for r in range(self.top - 1):
            labels = [c for c in range(self.stubs, G.nc) if G.cell(r, c) is not None and G.cell(r, c).content.strip()]
            if labels and len(bottom) > len(labels) and len(bottom) % len(labels) == 0 and \
                    labels == bottom[:len(labels)] and not any(G.label(G.cell(r, c)).role in ("p", "effect", "ci") for c in labels):
                # k labels set over k*w sub-columns, shifted left by the plain-text layout:
                # each label stands over its own w sub-columns, in order
                w = len(bottom) // len(labels)
                for i, c0 in enumerate(labels):
                    for c in bottom[i * w:(i + 1) * w]:
                        out[(r, c)] = G.cell(r, c0)
                continue
            cur = None
            for c in range(self.stubs, G.nc):
                cell = G.cell(r, c)
                if cell is not None and cell.content.strip():
                    cur = cell
                elif cur is not None:
                    out[(r, c)] = cur
        return out

    def _rows(self) -> list[_Row]:
        G = self.G
        rows: list[_Row] = []
        stack: list[_Row] = []
        last_stub: dict[int, TableCell] = {}
        last_valued: Optional[_Row] = None
        # columns of statistics beside the arms' (p value, effect, CI, test): no arm's values
        stat_cols = {c for c, labs in self.cols.items() if labs and all(x.arm is None for x in labs)
                     and any(x.label.role in ("p", "effect", "ci", "test") for x in labs)} \
            if any(x.arm is not None for labs in self.cols.values() for x in labs) else set()
        for r in range(self.top, G.nr):
            stub: list[_Coord] = []
            row_has_vals = any(G.has_value(G.cell(r, c)) for c in range(self.stubs, G.nc))
            for c in range(self.stubs):
                cell = G.cell(r, c)
                if (cell is None or not cell.content.strip()) and c < self.stubs - 1 and row_has_vals and c in last_stub:
                    # a blank outer stub under "Magnesium (mg/dL)": the rows below it are its
                    # own until the next label in that column ("Preoperative", "12 hr"...)
                    cell = last_stub[c]
                if cell is None or not cell.content.strip():
                    continue
                if cell.row == r and c < self.stubs - 1:
                    last_stub[c] = cell
                if cell.row != r and cell.col == c and c == self.stubs - 1 and cell.row_span > 1:
                    pass  # a last-stub cell spanning rows labels each of them
                if any(x.cell is cell for x in stub):
                    continue
                lab = G.label(cell)
                stub.append(_Coord(lab, cell, self.arm_of(lab) if lab.rest else None))
            first = G.cell(r, 0)
            full = first is not None and first.col_span >= G.nc - 0 and G.nc > 1
            values = [G.cell(r, c) for c in range(self.stubs, G.nc)]
            has_vals = any(G.has_value(v) and v.row == r for v in values if v is not None) and not full
            p_section = False
            if has_vals and stat_cols and all(c in stat_cols for c in range(self.stubs, G.nc)
                                              if G.has_value(G.cell(r, c)) and G.cell(r, c).row == r):
                # "Referral by birth weight, g | | | 0.04" over indented "< 2500", "2500 - 4000"
                # rows: the p value of the whole group, the row the section that names its rows
                # (the rows under it indented, or named by a category alone: "< 2000", "Yes")
                nxt = G.cell(r + 1, 0) if r + 1 < G.nr else None
                if nxt is not None and nxt.row == r + 1 and nxt.content.strip() and (
                        _indent(nxt) > _indent(first if first is not None and first.row == r else None)
                        or self._child_like([_Coord(G.label(nxt), nxt)])):
                    has_vals = False
                    p_section = True
            # spanned stub cells from rows above are parents, not this row's own label
            own = [s for s in stub if s.cell.row == r]
            spanned = [s for s in stub if s.cell.row != r]
            if len(own) >= 2 and own[-1].arm is not None and own[-1].cell.col == self.stubs - 1:
                # "Metabolic control | Active implementation | ...": the arm is the inner stub's;
                # an outer label that reads as another arm ("... control") names the outcome
                own = [replace(x, arm=None) if x.arm is not None and x.arm is not own[-1].arm and
                       x.cell.col < own[-1].cell.col else x for x in own[:-1]] + own[-1:]
            if len(own) >= 2 and own[-1].arm is not None and own[-1].cell.col == self.stubs - 1 and \
                    all(s.arm is None and s.cell.col < own[-1].cell.col and self._heads_block(s.cell, r) for s in own[:-1]):
                # a long table ("Outcome | Group | n | Mean ± SD"): the outcome printed once
                # left of its first arm's row heads that arm's row as it heads the rows below
                # (spanning or blank there), one block of arm rows per outcome
                spanned = spanned + own[:-1]
                own = own[-1:]
            ind = _indent(first) if first is not None and first.row == r else 0
            row = _Row(r, own, [], ind, section=not has_vals and bool(own),
                       scope=frozenset(id(s.cell) for s in spanned))
            # "FAACT | 0 weeks ..." spanning its rows, its last row "ANOVA" a label with no
            # values: a section of that block only, not the parent of the next outcome's rows
            outer = {id(s.cell) for s in stub}
            while stack and stack[-1].scope and not stack[-1].scope <= outer:
                stack.pop()
            # parents: section rows above at a smaller (or equal, for a generic child) indent
            while stack and (stack[-1].indent > ind or (stack[-1].indent == ind and row.section)):
                stack.pop()
            if stack and stack[-1].indent == ind and not row.section and own and not self._child_like(own):
                # a named data row at the section's own indent closes the section
                stack.pop()
            row.parents = [x for p in reversed(stack) for x in p.stub] + spanned[::-1]
            if not has_vals and not own:
                continue
            if has_vals and own and ind > 0 and last_valued is not None and last_valued.indent < ind and \
                    last_valued.stub and last_valued.stub[-1].arm is None and own[-1].arm is None and \
                    not self._child_like(own):
                # "Diarrhoea episodes | 1641 | 1697" then, indented, "≤24 mo | 603 | 563": a part
                # of the row above, named by it
                row.of_row = last_valued.stub[-1]
            if has_vals and own and row.of_row is None:
                last_valued = row
            if row.section:
                stack.append(row)
                if p_section:
                    last_valued = None  # its rows are its own, not parts of the valued row above it
                # a section row with labels over the value columns ("Mean Score (%
                # improvement)", "n (%)"): they say what the cells under them hold
                heads = {}
                for c in range(self.stubs, G.nc):
                    cell = G.cell(r, c)
                    if cell is not None and cell.content.strip() and not G.has_value(cell):
                        heads[c] = G.label(cell)
                if heads:
                    self.sub_heads[r] = heads
            elif own and has_vals and self._size_row(own) and \
                    not (own[-1].label.role == "size" and any("%" in v.content for v in values if v is not None)) and \
                    not any(len(G.value(v).nums) > 1 for v in values if v is not None and v.row == r):
                # ("No | 388 (38.8%)": the answer "No", not the number of participants; "Improved
                # (n) | 50% (5/10)": cells of several numbers are no group sizes)
                row.size_row = True
                # a size row with children ("Systolic BP, n" then indented rows) opens a section
                nxt = G.cell(r + 1, 0)
                if nxt is not None and _indent(nxt) > ind:
                    stack.append(row)
            rows.append(row)
        return rows

    def _heads_block(self, cell: TableCell, r: int) -> bool:
        """An outer stub cell printed once at the top of the rows it names: it spans the rows
        below, or the cell under it is blank, and it is no label set in the middle of its
        rows (a blank cell of a row of values above it, with no label further up)."""
        G, c = self.G, cell.col
        below = G.cell(r + 1, c) if r + 1 < G.nr else None
        if cell.row_span < 2 and (r + 1 >= G.nr or (below is not None and below.content.strip())):
            return False
        valued = False
        for k in range(r - 1, self.top - 1, -1):
            up = G.cell(k, c)
            if up is not None and up.content.strip():
                return True  # the blank rows between belong to the label above
            valued = valued or any(G.has_value(G.cell(k, j)) for j in range(self.stubs, G.nc))
        return not valued  # rows of values above with no label: the label is centred in its rows

    def _child_like(self, stub: list[_Coord]) -> bool:
        if stub[-1].arm is not None:
            return True  # arm rows under an outcome row ("Statins" / "Nurse-led" / "Usual care")
        lab = stub[-1].label
        return is_generic(lab) or bool(lab.time and not lab.rest) or bool(re.fullmatch(r"[\d\s<>≥≤.,–-]+", lab.rest or "")) \
            or _change_stub(lab) or lab.role in ("ci", "p")

    @staticmethod
    def _size_row(stub: list[_Coord]) -> bool:
        lab = stub[-1].label
        return bool(lab.specs and [s.slots for s in lab.specs] in ([("events",)], [("total",)]) and
                    not re.search(r"%|percent", lab.text)) or lab.role == "size"

    # -- the table's arms ---------------------------------------------------------------------
    def orientation(self) -> Optional[str]:
        col_arms = {id(x.arm) for labs in self.cols.values() for x in labs if x.arm is not None}
        row_arms = {id(x.arm) for row in self.rows for x in row.stub if x.arm is not None}
        if len(col_arms) >= 2 and len(col_arms) >= len(row_arms):
            return "columns"
        if len(row_arms) >= 2:
            return "rows"
        return None

    # -- statistics ---------------------------------------------------------------------------
    def marked_specs(self, lab: Label) -> list[list[Spec]]:
        """The statistics the footnotes state for the markers a label carries."""
        if not self.marked:
            return []
        return [self.marked[m] for m in label_markers(lab.raw) if m in self.marked]

    def specs_for(self, row: _Row, col_labels: list[_Coord], col: Optional[int] = None) -> list[tuple[list[Spec], bool]]:
        """Candidate specs by level, nearest first, each with whether it must fit strictly
        (a legend or the methods, not a label printed over the cells)."""
        out: list[tuple[list[Spec], bool]] = []
        for x in row.stub[::-1]:
            out.append((x.label.specs, False))
        for x in row.stub[::-1]:
            # "Birthweight (kg)^Ψ" over the note "Ψ Mean (SD)": what the row's cells hold, as
            # if the row's label said it
            out.extend((sp, False) for sp in self.marked_specs(x.label))
        for x in row.parents:
            out.append((x.label.specs, False))
            if col is not None and x.cell.row in self.sub_heads:
                lab = self.sub_heads[x.cell.row].get(col)
                if lab is not None:
                    out.append((lab.specs, False))
        for x in col_labels:
            out.append((x.label.specs, False))
        for x in col_labels:
            out.extend((sp, False) for sp in self.marked_specs(x.label))
        for lab in self.stub_head:
            out.append((lab.specs, False))
        out.append((find_specs(without_definitions(self.legend)), True))
        out.append((self.doc_specs, True))
        return [(s, st) for s, st in out if s]


# ---------------------------------------------------------------------------------------------
# Values of one arm in one outcome
# ---------------------------------------------------------------------------------------------
class _ArticleSpecs(list):
    """The statistic labels the article's text states for all its data (the methods), as
    opposed to those of one table."""


_SPREADS = ("sd", "se", "range_low", "iqr_low", "ci_low")


def _joined(specs: list[Spec], n_nums: int) -> list[Spec]:
    """A legend's centre and spread named apart ("Data are numbers or medians with ranges in
    parentheses", "means with standard deviations in brackets"): one statistic, the centre
    with its spread in brackets; a lone number is then not the centre of that phrase."""
    centres = [sp for sp in specs if len(sp.slots) == 1 and sp.slots[0] in ("mean", "median")]
    spreads = [sp for sp in specs if sp.slots[0] in _SPREADS and len(sp.slots) <= 2]
    if len({sp.slots for sp in centres}) != 1 or len({sp.slots for sp in spreads}) != 1:
        return specs
    c, d = centres[0], spreads[0]
    if n_nums == 1:
        return [sp for sp in specs if sp not in centres]
    slots = c.slots + d.slots
    if d.slots[0] not in _PAIRS.get(c.slots[0], ()):
        return specs
    joined = [spec_of_slots(slots, c.text + " " + d.text, c.change)]
    if c.slots == ("mean",) and d.slots in (("sd",), ("se",)):
        # "mean and standard deviation" names no punctuation: "56.6 ± 9.2" is that pair as
        # well as "56.6 (9.2)"
        joined.append(replace(joined[0], shape="N±N"))
    return joined + [sp for sp in specs if sp not in centres and sp not in spreads]


_PAIRS = {"mean": ("sd", "se", "ci_low", "range_low"), "median": ("range_low", "iqr_low", "ci_low")}


#: a footnote marker: a symbol run, or one lower-case letter
_MARK = r"(?:[*†‡§¶#ΨΦψφΩ]{1,3}|[a-z])"
_MARK_ALONE = re.compile(rf"\^?({_MARK})")
_MARK_LEAD = re.compile(r"(?:\^([a-z]|[*†‡§¶#ΨΦψφΩ]{1,3})|([*†‡§¶#ΨΦψφΩ]{1,3}))\s*(?=[A-Z(])")


def marker_specs(footnotes: Optional[str]) -> dict[str, list[Spec]]:
    """The statistics a table's footnotes state per marker: ``{"Ψ": [mean (SD)], "*": [median,
    IQR], "Φ": [n (%)]}`` from notes printed as a marker and its text ("Ψ" then "Mean
    (Standard deviation), T-test"; "^a Mean ± SD"; "* Median (IQR)").  A note naming no
    statistic (an abbreviation, a test, a p-value) gives none."""
    if not footnotes:
        return {}
    lines = [x.strip() for x in footnotes.splitlines() if x.strip()]
    out: dict[str, list[Spec]] = {}
    i = 0
    while i < len(lines):
        m = _MARK_ALONE.fullmatch(lines[i])
        if m and i + 1 < len(lines) and not _MARK_ALONE.fullmatch(lines[i + 1]):
            mark, note = m.group(1), lines[i + 1]
            i += 2
        else:
            m = _MARK_LEAD.match(lines[i])
            i += 1
            if not m:
                continue
            mark, note = m.group(1) or m.group(2), lines[i - 1][m.end():]
        specs = find_specs(without_definitions(note))
        if specs and mark not in out:
            out[mark] = specs
    return out


_LABEL_MARKS = re.compile(r"\^([^\s()\[\]]+)|([*†‡§¶#ΨΦψφΩ]{1,3})\s*$")


def label_markers(raw: str) -> list[str]:
    """The footnote markers a header or stub carries ("Birthweight^Ψ", "Ferritin (ng/ml)*",
    "^a,b")."""
    out = []
    for m in _LABEL_MARKS.finditer(raw or ""):
        for part in re.split(r"[,\s]+", m.group(1) or m.group(2)):
            if part and part not in out:
                out.append(part)
    return out


def _fit(cells: list[tuple[TableCell, Cell, list[Spec]]], levels: list[list[Spec]], n_hint: Optional[float],
         legend: str, incidence: bool = False) -> Optional[list[tuple[str, Num]]]:
    """The statistics of one arm's cells in one outcome (one cell, or sibling cells split over
    sub-columns: ``n | %``, ``Mean | SD``, ``3.5 | (2.0–7.3)``).

    ``incidence``: the row names how many participants had something ("Incidence of
    hypotension"); a lone whole number there, under labels that allow a count as well as a
    median or mean ("Values are median or number (%)"), is the count."""
    if incidence and len(cells) == 1 and cells[0][1].shape == "N" and cells[0][1].nums[0].integer and \
            cells[0][1].nums[0].rel == "=" and not cells[0][1].nums[0].pct and (n_hint is None or cells[0][1].nums[0].value <= n_hint):
        kinds = {sp.slots[0] for specs, _ in levels for sp in specs}
        printed = {sp.slots[0] for specs, strict in levels if not strict for sp in specs}
        if "events" in kinds and kinds & {"median", "mean"} and not printed & {"median", "mean"}:
            return [("events", cells[0][1].nums[0])]
    if len(cells) > 1:
        # each sub-column's own label says what it holds ("n", "%", "Mean", "SD")
        own = []
        for cell, val, specs in cells:
            got = assign_nums(val, specs) if specs else None
            if got is None or len(got) != len(val.nums):
                own = None
                break
            own.extend(got)
        if own:
            return own
        nums = tuple(n for _, v, _ in cells for n in v.nums)
        joined = Cell(nums, "".join(v.shape if i == 0 or not v.shape.startswith("N") or v.shape.startswith("(")
                                    else ("(" + v.shape + ")" if "%" in v.shape or len(v.nums) == 1 else v.shape)
                                    for i, (_, v, _) in enumerate(cells)))
        val = joined
    else:
        val = cells[0][1]
    if not val.nums:
        return None
    stated = False
    for specs, strict in levels:
        general = isinstance(specs, _ArticleSpecs)
        if strict:
            specs = _joined(specs, len(val.nums))
        got = assign_nums(val, specs, strict=strict or stated, n_hint=n_hint, general=general)
        if got is not None:
            return got
        if len(val.nums) == 1 and val.nums[0].value == 0 and val.shape == "N" and \
                any(s.slots[:1] == ("events",) for s in specs):
            return [("events", val.nums[0])]  # "0" under "n (%)": no events, no percentage printed
        if any(len(sp.slots) >= 2 for sp in specs):
            stated = True  # a nearer label said what the cells hold: farther ones must fit exactly
    return _by_shape(val, n_hint, legend, stated)


def _by_shape(val: Cell, n_hint: Optional[float], legend: str, stated: bool = False) -> Optional[list[tuple[str, Num]]]:
    """A cell no label describes, read only where its shape says what it is; a reading by
    convention alone (``7.2 ± 1.1`` as mean ± SD) only where no label states anything."""
    s = val.shape
    ns = val.nums
    pairs: Optional[list[tuple[str, Num]]] = None
    assumed = None
    if s in ("N/N", "N/N(N%)", "N/N(N)") and ns[0].integer and ns[1].integer and ns[0].value <= ns[1].value:
        pairs = [("events", ns[0]), ("total", ns[1])] + ([("percent", ns[2])] if len(ns) == 3 else [])
    elif s == "N%(N/N)" and ns[1].integer and ns[2].integer:
        pairs = [("percent", ns[0]), ("events", ns[1]), ("total", ns[2])]
    elif s == "N(N%)" and ns[0].integer:
        pairs = [("events", ns[0]), ("percent", ns[1])]
    elif s == "N%" or (s == "N" and ns[0].pct):
        pairs = [("percent", ns[0])]
    elif s == "N(N)" and ns[0].integer and n_hint:
        k, pct = ns[0].value, ns[1].value
        if k <= n_hint and abs(100.0 * k / n_hint - pct) <= 0.51 * 10 ** -_decimals(ns[1].text) + 1e-9:
            pairs = [("events", ns[0]), ("percent", ns[1])]
    elif s == "N±N" and not stated:
        if re.search(r"\bSE(?:M)?\b|standard\s+error", legend) and not re.search(r"\bSD\b|standard\s+deviation", legend, re.I):
            pairs = [("mean", ns[0]), ("se", ns[1])]
        elif not re.search(r"\bmedian|\bIQR\b|\brange\b|\bCI\b|confidence", legend, re.I):
            pairs = [("mean", ns[0]), ("sd", ns[1])]
            assumed = "mean ± SD"
    elif re.fullmatch(r"N±N,?\((?:N-N|N,N|N,N-N)\)", s) and not stated and \
            min(n.value for n in ns[2:]) <= ns[0].value <= max(n.value for n in ns[2:]):
        # "0.30 ± 0.57 (0–2)", "−3.9 ± 3.3 [−4.8, −3.1]", "69.4 ± 4.1 (69.0, 65–82)": a mean and
        # its spread, then a bracket around the mean (a range, a CI, a median and range) that
        # is read no further
        if re.search(r"\bSE(?:M)?\b|standard\s+error", legend) and not re.search(r"\bSD\b|standard\s+deviation", legend, re.I):
            pairs = [("mean", ns[0]), ("se", ns[1])]
        else:
            pairs = [("mean", ns[0]), ("sd", ns[1])]
            assumed = "mean ± SD"
    elif s == "N(N)" and not stated and ns[1].value >= 0 and not (ns[0].integer and ns[1].integer) and \
            (not ns[0].integer or ns[0].value < 0 or (n_hint and ns[0].value > n_hint) or ns[1].value > 100) and \
            not re.search(r"\bmedian|\bIQR\b|\brange\b|\bCI\b|confidence|%", legend, re.I) and \
            not (re.search(r"\bSE(?:M)?\b|standard\s+error", legend, re.I) and not re.search(r"\bSD\b|standard\s+deviation", legend, re.I)):
        # "−3.0 (16.8)" where nothing says what the bracket holds: mean (SD), the usual reading,
        # flagged; a legend naming the standard error alone leaves it unread, one naming both
        # spreads ("SD standard deviation, SE standard error", for the rows that say which) does not
        pairs = [("mean", ns[0]), ("sd", ns[1])]
        assumed = "mean (SD)"
    if pairs is None:
        return None
    d = dict((k, v) for k, v in pairs)
    if "percent" in d and not 0 <= d["percent"].value <= 100:
        return None
    if assumed:
        # the table does not say what its figures are: the conventional reading, flagged
        return [(k, v) for k, v in pairs if v.rel == "="] + [("?assumed", assumed)]
    return [(k, v) for k, v in pairs if v.rel == "="]


def _share_of(got: list[tuple[str, Num]], n: float) -> bool:
    """Whether a size printed above a cell can be the denominator of the cell's count: a count
    with its percentage ("265 (25%)") must give that percentage of ``n`` at its printed
    precision (265 of 1161 is 22.8%, not 25%: the 25% counts those with a scan, another
    denominator, and the header's size is no total of this outcome)."""
    d = dict((k, v) for k, v in got if isinstance(v, Num))
    k, p = d.get("events"), d.get("percent")
    if k is None or p is None or not n:
        return True
    return abs(100.0 * k.value / n - p.value) <= 0.51 * 10 ** -_decimals(p.text) + 1e-9


def _decimals(t: str) -> int:
    m = re.search(r"[.·,](\d+)\s*$", t)
    return len(m.group(1)) if m else 0


# ---------------------------------------------------------------------------------------------
# The reading
# ---------------------------------------------------------------------------------------------
#: a later time point or a change: a table naming one reports more than characteristics at entry
_LATER = (r"\bfollow[- ]?up\b|\bpost[- ]?(?:treatment|intervention|test|trial|operative(?:ly)?|op|randomi[sz]ation|discharge)\b|"
          r"\bafter\b|\bend\s+of\b|\bpost-\s|\bbaseline\s*(?:\([^()]*\)\s*)?,|\bchanges?\b|\bimprovements?\b|\bdifferences?\s+from\b|"
          r"\b(?:weeks?|wks?|months?|days?|years?|visit)\s*\d|\b(?:\d+|one|two|three|four|five|six|eight|nine|ten|twelve)[- ]?(?:weeks?|wks?|w|months?|mo|days?)\b|\b\d+[- ]?years?\s+(?:later|after|follow)")
#: words of a caption that announce results
_RESULT_WORDS = (r"\b(?:outcomes?|results?|efficacy|end[- ]?points?|adverse|safety|effects?|responses?|improved|"
                 r"incidence|events?|complications?|mortality|recurrence)\b")
#: "baseline" as a time of measurement, not "from baseline" or "baseline to week 12", nor a
#: grouping of the results ("exacerbations by treatment and according to baseline severity")
_BARE_BASELINE = (r"(?<!\bfrom\s)(?<!\bsince\s)(?<!\bover\s)(?<!\bto\s)(?<!\bby\s)"
                  r"\bbaseline\b(?!\s+(?:to|and|through|until|vs\.?|versus)\b)")


#: a header cell that is only a measurement occasion after the first ("T1", "Post", "After")
_LATER_CELL = r"\W*(?:T|V|M)\s?[1-9]\d?|post(?:[- ]?(?:test|treatment|intervention|training))?|after|end(?:\s+of\s+\w+)?|final\W*"
_FIRST_CELL = r"\W*(?:T|V|M)\s?0|pre(?:[- ]?(?:test|treatment|intervention|training))?|before|baseline|initial|start\W*"


def _timed_heads(grid) -> bool:
    """Header cells naming a first and a later measurement occasion ("T0 | T1", "Pre |
    Post"): values measured again after entry, not characteristics at entry."""
    cells = [strip_markers(c.content).strip() for row in grid for c in row if c is not None and c.is_header]
    return any(re.fullmatch(_FIRST_CELL, x, re.I) for x in cells) and any(re.fullmatch(_LATER_CELL, x, re.I) for x in cells)


def _arms_differ(table: Table, G: Optional[_Grid] = None) -> bool:
    """Whether the table's p-value column says its groups differ on most rows: at least two
    p-values below 0.05 making at least half of the column's p-values.  Randomised groups
    differ at entry on about one row in twenty; groups that differ on most rows are compared
    after treatment (or are no randomised groups), so the table is no list of characteristics
    at entry, whatever its caption calls them ("Sensory and motor block characteristics")."""
    G = G or _Grid(table, "")
    pcols = {c for r in range(G.nr) for c in range(G.nc)
             if (x := G.cell(r, c)) is not None and x.is_header and x.row == r and x.col == c
             and x.col_span == 1 and G.label(x).role == "p"}
    if not pcols:
        return False
    seen = sig = 0
    for r in range(G.nr):
        for c in pcols:
            x = G.cell(r, c)
            if x is None or x.is_header or x.row != r or not x.content.strip():
                continue
            v = G.value(x)
            n = v.p or (v.nums[0] if len(v.nums) == 1 else None)
            if n is None or not 0 <= n.value <= 1:
                continue
            seen += 1
            if n.value < 0.05 or (n.rel == "<" and n.value <= 0.05):
                sig += 1
    return sig >= 2 and 2 * sig >= seen


def table_kind(table: Table, G: Optional[_Grid] = None) -> str:
    """What a table reports: ``"baseline"`` (characteristics at entry: it gives arm sizes,
    never outcomes), ``"mixed"`` (its caption names characteristics at entry and results too,
    "Baseline characteristics and primary outcomes": its demographic rows are no outcomes) or
    ``"outcome"``, or ``"composition"`` (what the products compared are made of: "Composition of
    the study formulas", "Nutritional constituents of the key foods": neither sizes nor
    outcomes).

    Read from the caption ("Baseline characteristics", "Baseline information on the
    participants", "Demographics"), the header cells and the row stubs: a caption that says
    baseline makes a baseline table unless the caption or a column header names a later time
    point or several (``at baseline, 6 and 12 months``) or a change ("6-month change", "Week 12", "Follow-up") or the caption
    announces results ("outcomes", "adverse events"); failing the caption, a first header cell
    "Characteristics" or row stubs that are mostly demographics (age, sex, BMI...) with no
    later time point in the headers make one too."""
    g = load("tables")
    cap = strip_markers(table.caption or "")
    grid = table.grid()
    stubs = [grid[r][0] for r in range(table.n_rows) if grid[r] and grid[r][0] is not None and grid[r][0].row == r]
    heads = " ".join(strip_markers(c.content) for row in grid for c in row if c is not None and c.is_header)
    body = [c for c in stubs if not c.is_header]
    later_heads = bool(re.search(_LATER, heads, re.I)) or _timed_heads(grid)
    title = re.split(r"(?<=[a-z0-9)\]])\.\s+(?=[A-Z])", cap, maxsplit=1)[0]  # the caption's first sentence
    if re.search(g["composition_caption"], title, re.I) and not re.search(_RESULT_WORDS, cap, re.I) and not later_heads:
        return "composition"
    named = re.search(g["baseline_caption"], cap, re.I)
    if named or re.search(_BARE_BASELINE, title, re.I):
        results = re.search(_RESULT_WORDS, cap, re.I)
        later = later_heads or re.search(_LATER, cap, re.I)
        if not results and not later:
            return "mixed" if _arms_differ(table, G) else "baseline"
        if re.search(g["baseline_caption"], title, re.I) and re.search(r"\bbaseline\b|\bdemographic", title, re.I):
            return "mixed"
    if not stubs:
        return "outcome"
    head = stubs[0].content if stubs[0].is_header else ""
    if re.fullmatch(r"\W*(?:baseline\s+)?(?:characteristics?|demographics?|variables?\s+at\s+baseline)\W*", strip_markers(head), re.I):
        return "mixed" if _arms_differ(table, G) else "baseline"
    demo = sum(1 for c in body if re.match(g["baseline_rows"], strip_markers(c.content), re.I))
    if body and demo >= max(2, 0.4 * len(body)):
        return "outcome" if later_heads else "mixed" if _arms_differ(table, G) else "baseline"
    return "outcome"


def is_baseline_table(table: Table, G: Optional[_Grid] = None) -> bool:
    """A table of characteristics at entry (see :func:`table_kind`)."""
    return table_kind(table, G) == "baseline"


def _segments(table: Table, arm_of: Callable[[Label], Optional[ArmInfo]]) -> list[Table]:
    """A table that repeats its header part-way down ("Intervention 4-12 months | TAU 4-12
    months" under the 0-3 months rows; or, arms as rows, "CGI-I response | Proportion
    responders | %" over a second block of arm rows) as one table per header, each with its
    own rows."""
    G = _Grid(table, "")
    cuts = []
    top = _header_rows(G, 1)
    for r in range(max(2, top + 1), G.nr):
        row = [G.cell(r, c) for c in range(G.nc)]
        if row[0] is not None and (row[0].row != r or row[0].content.strip()):
            continue
        labs = [x for x in row[1:] if x is not None and x.row == r and x.content.strip()]
        if len(labs) < 2 or any(G.has_value(x) for x in labs):
            continue
        if sum(1 for x in labs if arm_of(G.label(x)) is not None) >= 2:
            cuts.append(r)
    for r in range(max(2, top + 1), G.nr - 1):
        # arms as rows, each block under its own header row ("CGI-I response | Proportion
        # responders | % | Adjusted odds ratio" over "Placebo", "Fluoxetine" ...): the header
        # row names the block's outcome in its stub and its columns' statistics
        row = [G.cell(r, c) for c in range(G.nc)]
        first, nxt, prev = row[0], G.cell(r + 1, 0), G.cell(r - 1, 0)
        if first is None or first.row != r or not first.content.strip() or arm_of(G.label(first)) is not None:
            continue
        labs = [x for x in row[1:] if x is not None and x.row == r and x.content.strip()]
        if len(labs) < 2 or any(G.has_value(x) for x in labs):
            continue
        if nxt is None or arm_of(G.label(nxt)) is None or prev is None or arm_of(G.label(prev)) is None:
            continue
        if not any(G.has_value(G.cell(r - 1, c)) for c in range(1, G.nc)):
            continue
        cuts.append(r)
    cuts = sorted(set(cuts))
    if not cuts:
        return [table]
    out = []
    bounds = [0] + cuts + [G.nr]
    for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
        cells = [replace(c, row=c.row - a, is_header=c.is_header or (i > 0 and c.row == a),
                         row_span=min(c.row_span, b - c.row)) for c in table.cells if a <= c.row < b]
        out.append(replace(table, n_rows=b - a, cells=tuple(cells)))
    return out


def read_results_table(table: Table, text: str, arms: list[ArmInfo],
                       arm_of: Callable[[Label], Optional[ArmInfo]], doc_specs: list[Spec] = ()) -> TableReading:
    """Outcomes (with per-arm values, totals and effects) and arm sizes of one table (a
    table that repeats its header part-way down is read part by part)."""
    parts = _segments(table, arm_of) if table.cells and table.n_rows > 3 else [table]
    if len(parts) > 1:
        out = TableReading()
        for part in parts:
            got = _read_one(part, text, arms, arm_of, doc_specs, part=True)
            out.outcomes += got.outcomes
            out.sizes += got.sizes
            out.baseline = out.baseline or got.baseline
            out.arms_as = out.arms_as or got.arms_as
        return out
    return _read_one(table, text, arms, arm_of, doc_specs)


def _read_one(table: Table, text: str, arms: list[ArmInfo],
              arm_of: Callable[[Label], Optional[ArmInfo]], doc_specs: list[Spec] = (), part: bool = False) -> TableReading:
    out = TableReading()
    if not table.cells or table.n_cols < 2 or table.n_rows < 2:
        return out
    R = _Reader(table, text, arms, arm_of, list(doc_specs))
    R.part = part
    R.layout()
    kind = table_kind(table, R.G)
    if kind == "composition":
        return out
    out.baseline = kind == "baseline"
    orient = R.orientation()
    out.arms_as = orient
    if orient is None:
        if R.paired and not out.baseline:
            out.arms_as = "paired columns"
            out.outcomes = _outcomes_paired(R)
        return out
    out.sizes = _sizes(R, orient, out.baseline) or _crossover_sizes(R, table, orient, out.baseline) or \
        _footnote_sizes(R, table, orient, out.baseline)
    if out.baseline:
        return out
    if orient == "columns":
        out.outcomes = _outcomes_arm_columns(R)
    else:
        out.outcomes = _outcomes_arm_rows(R)
    if kind == "mixed":
        # characteristics at entry beside results: a demographic row is no outcome, unless the
        # table gives it again at a later occasion ("Weight (kg)" at "Baseline" and "After"): a
        # measure taken after treatment is an outcome, whatever it measures
        demo = load("tables")["baseline_rows"]
        again = {(od.name or "").lower() for od in out.outcomes
                 if od.timepoint and not re.fullmatch(_FIRST_CELL, strip_markers(od.timepoint).strip(), re.I)}
        out.outcomes = [od for od in out.outcomes if not re.match(demo, strip_markers(od.name or ""), re.I)
                        or (od.name or "").lower() in again]
    if out.outcomes and not any(od.timepoint for od in out.outcomes):
        # "... treated with GH vs control for 6 months": no header or stub names a time point,
        # the caption names one: every outcome of the table is measured then
        when = _caption_time(table.caption)
        if when:
            for od in out.outcomes:
                od.timepoint = when
    return out


_SEVERAL_TIMES = (r"\d+(?:\s*(?:,|and|or|to|vs\.?|versus|-|–)\s*\d+)+\s*(?:h|hours?|days?|weeks?|wks?|months?|years?)\b|"
                  r"\b(?:baseline|pre-?treatment|before)\b.{0,40}\b(?:and|to|vs\.?|versus)\b")


_CLOCK_TIME = (r"\d\s*-?\s*(?:h|hrs?|hours?|days?|d|weeks?|wks?|w|months?|mo|years?|yrs?)\b|"
               r"\b(?:hours?|days?|weeks?|wks?|months?|years?)\s*\d")


# a caption that says its values are those before treatment ("... between groups before the
# intervention", "Pre-test comparisons of ...", "Baseline outcome measurement") or at its end
# ("Outcome measures, postintervention", "... after the intervention"), with no number
_PHASE_ENTRY = (r"\bbefore\s+(?:the\s+)?(?:start\s+of\s+(?:the\s+)?)?(?:interventions?|treatments?|therapy|"
                r"training|programm?e?|exercise|study)\b|\bpre-?(?:intervention|treatment|test|training)\b|"
                r"\bat\s+(?:the\s+)?baseline\b|\bat\s+(?:study\s+)?entry\b|"
                r"^\W*baseline\b(?![\s-]*(?:adjusted|corrected|to\b))")
_PHASE_END = (r"\bpost[- ]?(?:test|intervention|treatment|training|programm?e?|trial)\b|"
              r"\bend\s+of\s+(?:the\s+)?(?:\d+\s+)?[\w-]+|"
              r"\bimmediately\s+after\b|\bafter\s+(?:the\s+)?(?:intervention|treatment|training|programm?e?)\b")
# ... and the words that name another time beside it (the caption then names several)
_PHASE_LATER = r"\bafter\b|\bpost|\bfollow|\bend\b|\bfinal\b|\bweeks?\b|\bmonths?\b|\byears?\b"
_PHASE_EARLIER = (r"\bbaseline\b|\bpre-?(?:treatment|intervention|operative|test|op)\b|\bbefore\b|"
                  r"\binclusion\b|\bentry\b|\benrol|\brandomi[sz]|\badmission\b")
# a change between two times: no one time point
_PHASE_CHANGE = (r"\bchanges?\b|\bchanged\b|Δ|\bdelta\b|\bfrom\s+baseline\b|"
                 r"\b(?:improvements?|reductions?|decreases?|increases?|declines?)\s+(?:in|of|from)\b")


def _caption_time(caption: Optional[str]) -> Optional[str]:
    """The one time point the caption's first sentence gives every row of its table, as the
    caption words it: a time with a number ("at 12 weeks", "for 6 months"), else the phase
    of the trial before treatment ("before the intervention", "Pre-test", "at baseline") or at
    its end ("postintervention", "after the intervention"); None when it names none, several
    ("baseline and 6 months", "at 3 and 6 months"), a change or a follow-up.

    >>> _caption_time("Outcomes of the two groups after 6 months of treatment")
    '6 months'
    >>> _caption_time("Scores of the two groups before the intervention.")
    'before the intervention'
    >>> _caption_time("Outcomes at baseline and after 12 weeks") is None
    True
    """
    cap = strip_markers(" ".join((caption or "").split()))
    cap = re.split(r"(?<=[a-z0-9)\]])\.\s+(?=[A-Z])", cap, maxsplit=1)[0]
    if not cap or re.search(_SEVERAL_TIMES, cap, re.I):
        return None
    got = find_time(cap, anywhere=True)
    if got is None or not re.search(_CLOCK_TIME, got[2], re.I):
        # "after period 1", "visit 3": a stage of the trial, no time on the clock; a phase
        # named in words may still be one
        return _caption_phase(cap)
    again = find_time(cap[got[1]:], anywhere=True)
    if again is not None and again[2].lower() != got[2].lower():
        return None
    if re.search(_PHASE_END, cap, re.I) and re.search(_PHASE_EARLIER, cap, re.I):
        return None  # "at inclusion, at the end of the intervention and after 10 years"
    return got[2]


def _caption_phase(cap: str) -> Optional[str]:
    """Before treatment or at its end, as the caption words it (see :func:`_caption_time`)."""
    if re.search(_PHASE_CHANGE, cap, re.I):
        return None
    m = re.search(_PHASE_ENTRY, cap, re.I)
    if m:
        return None if re.search(_PHASE_LATER, cap, re.I) else m.group(0).strip()
    m = re.search(_PHASE_END, cap, re.I)
    if m and not re.search(_PHASE_EARLIER, cap, re.I) and not re.search(r"\bfollow", cap, re.I):
        return m.group(0).strip()
    return None


def _n_of(cell: TableCell, lab: Label) -> Optional[tuple[int, int, int]]:
    """``(n, start, end)`` of the group size printed in a label cell, offsets in the text."""
    if lab.n is None:
        return None
    for p in cell.lines or (cell.prov,):
        m = re.search(load("tables")["size_in_label"], p.quote)
        if m:
            g = "n" if m["n"] else ("n2" if m["n2"] else "n3")
            return lab.n, p.char_start + m.start(g), p.char_start + m.end(g)
    return None


def _size_cols(R: "_Reader") -> list[int]:
    """Columns of group sizes ("N", "Total N"); an "n" followed by its "%" is a count.  A
    statistic named by a header spanning the size column and its neighbours ("Mean ± SD change"
    over "N | 1 month | N | 3 months") is the neighbours' statistic: each "N" there is the size
    of the values beside it."""
    return [c for c, labs in R.cols.items() if labs and labs[0].label.role == "size" and not
            any(x.label.specs and x.label.specs[0].slots != ("events",) and
                not (i > 0 and x.cell.col_span > 1) for i, x in enumerate(labs))
            and not (c + 1 in R.cols and _group_key(R.cols[c + 1]) == _group_key(labs) and _joins(labs, R.cols[c + 1]))]


def _sizes(R: _Reader, orient: str, baseline: bool) -> list[Sized]:
    out, seen = [], set()
    if orient == "rows":
        # arms as rows with a size column ("Group | N | Response, n (%)")
        for c in _size_cols(R):
            for row in R.rows:
                arm = next((x.arm for x in row.stub if x.arm is not None), None)
                cell = R.G.cell(row.r, c)
                if arm is None or cell is None or cell.row != row.r or id(arm) in seen:
                    continue
                v = R.G.value(cell)
                if len(v.nums) == 1 and v.nums[0].integer and v.shape == "N":
                    seen.add(id(arm))
                    out.append(Sized(arm, int(v.nums[0].value), v.nums[0].start, v.nums[0].end, baseline))
    paths = list(R.cols.values()) if orient == "columns" else [row.stub for row in R.rows]
    if orient == "columns":
        # a top-level row of sizes under arm columns ("Number of subjects | 15 | 15",
        # "n | 48 | 47"), where the headers print none
        headed = {id(x.arm) for labs in paths for x in labs if x.arm is not None and _n_of(x.cell, x.label)}
        for row in R.rows:
            if not row.size_row or row.parents or not all(x.label.role == "size" for x in row.stub):
                continue
            for c, labs in sorted(R.cols.items()):
                arms = {id(x.arm): x.arm for x in labs if x.arm is not None}
                cell = R.G.cell(row.r, c)
                if len(arms) != 1 or cell is None or cell.row != row.r or cell.col != c:
                    continue
                arm = next(iter(arms.values()))
                v = R.G.value(cell)
                if id(arm) in seen or id(arm) in headed or len(v.nums) != 1 or not v.nums[0].integer:
                    continue
                seen.add(id(arm))
                out.append(Sized(arm, int(v.nums[0].value), v.nums[0].start, v.nums[0].end, baseline))
            break
    for labs in paths:
        arm = next((x.arm for x in labs if x.arm is not None), None)
        if arm is None:
            continue
        for x in labs:
            # the arm's own header cell, or a size-only cell under it ("(n = 16)")
            if id(x.cell) in seen or not (x.arm is arm or (x.arm is None and not x.label.rest)):
                continue
            got = _n_of(x.cell, x.label)
            if got:
                seen.add(id(x.cell))
                out.append(Sized(arm, got[0], got[1], got[2], baseline))
                break
    return out


_TIME_UNIT = r"(?:phase|period|week|month|day|year|visit|cycle|session|time\s*point|wave|assessment)s?(?:\s+no\.?)?"

_STAT_STUB = (r"\W*(?:events?|total|all|overall|n|number|patients|participants|subjects|mean|median|value|values|"
              r"score|scores|result|results|changes?|months?|weeks?|days?|hours?|years?|%|[a-zµμ]{1,4}/[a-zA-Zµμ0-9]{1,4})\W*")


_CROSSOVER = re.compile(r"\bcross-?over\b", re.I)
_CAPTION_N = re.compile(r"\(\s*[nN]\s*=\s*(?P<n>\d{1,5})\s*\)")


def _table_arms(R: _Reader, orient: str) -> list[ArmInfo]:
    """The arms the table's headers (``orient == "columns"``) or row stubs name, each once, in
    order."""
    if orient == "columns":
        arms = [x.arm for labs in R.cols.values() for x in labs if x.arm is not None]
    else:
        arms = [x.arm for row in R.rows for x in row.stub if x.arm is not None]
    return list({id(a): a for a in arms}.values())


def _crossover_sizes(R: _Reader, t: Table, orient: str, baseline: bool) -> list[Sized]:
    """In a crossover trial, a caption's one size ("... in cilostazol and placebo group
    (n=37)") over arms whose headers print none: every participant had every treatment, so
    it is each arm's size."""
    if not t.caption or not _CROSSOVER.search(R.text):
        return []
    window = R.text[t.prov.char_start:t.prov.char_end]
    at = window.find(t.caption)
    hits = list(_CAPTION_N.finditer(t.caption))
    if at < 0 or len(hits) != 1:
        return []
    m = hits[0]
    uniq = _table_arms(R, orient)
    if len(uniq) < 2:
        return []
    start = t.prov.char_start + at + m.start("n")
    return [Sized(a, int(m["n"]), start, start + len(m["n"]), baseline) for a in uniq]


_FOOTNOTE_N = re.compile(r"(?m)^\W{0,2}[a-z*†‡§]?\s*[nN]\s*=\s*(?P<n>\d{1,5})\s*\.?\s*$")


def _footnote_sizes(R: _Reader, t: Table, orient: str, baseline: bool) -> list[Sized]:
    """A footnote that only says ``N = 38`` under arms whose headers print no size: each arm's
    size, where the table's counts and shares agree with it (most ``k (p)`` cells give
    ``100·k/38`` within a point of ``p``; a total of both arms would not)."""
    if not t.footnotes:
        return []
    hits = list(_FOOTNOTE_N.finditer(t.footnotes))
    if len(hits) != 1:
        return []
    n = int(hits[0]["n"])
    uniq = _table_arms(R, orient)
    if len(uniq) < 2 or n < 2:
        return []
    fit = tried = 0
    for c in t.cells:
        if c.is_header:
            continue
        v = read_cell(c.text)
        if _norm(v.shape) != "N(N)" or not v.nums[0].integer or not 0 <= v.nums[1].value <= 100:
            continue
        tried += 1
        fit += abs(100.0 * v.nums[0].value / n - v.nums[1].value) <= 1.0
    if tried < 2 or 3 * fit < 2 * tried:
        return []
    window = R.text[t.prov.char_start:t.prov.char_end]
    found = list(re.finditer(rf"[nN]\s*=\s*({n})(?![\d.,]\d)", window))
    if not found:
        return []
    m = found[-1]  # the footnotes close the table's text
    start = t.prov.char_start + m.start(1)
    return [Sized(a, n, start, start + len(m.group(1)), baseline) for a in uniq]


def _change_stub(lab: Label) -> bool:
    """A stub that says its values are changes of the outcome above ("Change", "Change (%)",
    "Change in scores", "Δ from baseline")."""
    if not lab.change:
        return False
    left = re.sub(load("tables")["change"], " ", lab.rest, flags=re.I)
    left = re.sub(r"\b(?:in|of|the|from|to|score|scores|value|values|mean|%|improvement|reduction|decrease|"
                  r"increase|decline|rise|fall)\b", " ", left, flags=re.I)
    # the period the change spans, its unit read as the time point ("Δ(0–4 weeks)")
    left = re.sub(r"\(?\s*\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?\s*\)?", " ", left)
    return not left.strip(" ,;:()[]-–")


def _name_of(R: _Reader, row: _Row, skip_arms: bool = True) -> tuple[Optional[str], Optional[str], int, int, Optional[str]]:
    """``(name, time point, start, end, qualifier)`` of a data row: its own stub unless it is
    generic ("Events, n (%)", "Week 8"), then the nearest named section row above.  A change
    row ("Change (%)") names the change of the outcome above: its stub is added to the name."""
    time = None
    own = [x for x in row.stub if not (skip_arms and x.arm is not None)]
    name_coord = None
    change = next((x for x in own if _change_stub(x.label)), None)
    extra = []
    timed: list[_Coord] = []  # stubs read as the row's time point
    for x in own[::-1]:
        if x is change and re.search(r"\b(?:from|since)\s+(?:the\s+)?" + re.escape(x.label.time or "@@") + r"\b", x.label.text, re.I):
            # "Improvement from baseline" under the "12 w" row: the change to the time of the row above
            above = [o for o in R.rows if o.r < row.r and o.parents == row.parents]
            prev = _name_of(R, above[-1], skip_arms) if above else None
            if prev and prev[1] and not time:
                time = prev[1]
            continue
        if x.label.time and not time:
            time = x.label.time
        if R.stub_unit and not time and re.fullmatch(r"\d{1,3}|[IVX]{1,4}", (x.label.rest or "").strip()):
            time = f"{R.stub_unit} {x.label.rest.strip()}"
            continue
        mark = re.fullmatch(r"\s*(\d{1,3})\s*\^?([*†‡§¶#]+)\s*", x.label.raw or "")
        if mark and not time and mark[2] in R.marked_units:
            time = f"{R.marked_units[mark[2]]} {mark[1]}"  # "3*" with "*Postoperative days"
            timed.append(x)
            continue
        if x is change:
            continue
        if x.label.rest and not is_generic(x.label):
            if name_coord is None:
                name_coord = x
            else:
                extra.insert(0, x)  # "GP | visit": the stub columns name the outcome together
    qual = None
    if name_coord is None:
        for p in row.parents:
            if skip_arms and p.arm is not None:
                continue
            if p.label.time and not time:
                time = p.label.time
            if p.label.rest and not is_generic(p.label) and not re.match(load("tables")["section_words"], p.label.rest, re.I):
                name_coord = p
                break
        q = [x for x in own if x.label.rest and is_generic(x.label) and x not in timed]
        qual = q[-1].label.rest if q else None
    else:
        for p in row.parents:
            if p.label.time and not time and not p.label.rest:
                time = p.label.time
    stat_only = bool(own) and all(x.label.specs and (not x.label.rest or is_generic(x.label)) for x in own)
    if name_coord is None and (time or stat_only) and not row.parents:
        # "AChR titer | Drug | Placebo" over rows "Visit 1", "Visit 3": the stub header names
        # the outcome its time-point rows measure; so does "Mean actual PID (VAS)" over rows
        # that only name a statistic ("Mean ± SD", "Median (range)")
        for lab, cell in zip(R.stub_head, R.stub_head_cells):
            if lab.rest and not lab.time and not lab.role and not is_generic(lab) and \
                    not re.match(_STUB_HEADER_WORDS, lab.rest) and \
                    not re.match(load("tables")["section_words"], lab.rest, re.I):
                return _clean(lab.rest), time, cell.prov.char_start, cell.prov.char_end, qual
    if name_coord is None:
        return None, time, 0, 0, qual
    c = name_coord.cell
    name = _clean(name_coord.label.rest)
    if extra:
        name = " ".join([_clean(x.label.rest) for x in extra] + [name])
        c = extra[0].cell if extra[0].cell.prov.char_start < c.prov.char_start else c
    if change is not None:
        name = f"{name}, {_clean(change.label.text)}"
    return name, time, c.prov.char_start, c.prov.char_end, qual


_STUB_HEADER_WORDS = re.compile(
    r"^\W*(?:(?:outcomes?|variables?|parameters?|characteristics?|measures?|measurements?|items?|end[- ]?points?|"
    r"time(?:\s*points?)?|visits?|assessments?|periods?|phases?|days?|weeks?|months?|years?|hours?|groups?|arms?|"
    r"treatments?|statistics?|domains?|scales?|subscales?|indicators?|factors?|variates?|indices|index|tests?|"
    r"sessions?|cycles?)\W*)+$", re.I)


def _population(R: "_Reader", row: _Row, caption: Optional[str]) -> Optional[tuple[str, int, int, Optional[str]]]:
    """``(name, start, end, subgroup)`` of a row that names who was measured rather than what:
    a respondent ("Patient", "Partner" under "Effect on satisfaction scores"), or a row under
    an analysis set ("ITT" over "Overall" and "Age <35 years").  The outcome is the nearest row
    above that names a measure, else the caption; the respondent, the subgroup under the
    analysis set and any analysis set but the primary one make the subgroup.  ``None`` for
    any other row."""
    g = load("tables")

    def named(x: _Coord) -> str:
        return _clean(x.label.rest or "")

    own = [x for x in row.stub if x.arm is None and x.label.rest]
    parents = [p for p in row.parents if p.arm is None and p.label.rest]
    sets = [p for p in parents if re.fullmatch(g["analysis_set"], named(p), re.I)]
    who = [x for x in own if re.fullmatch(g["respondent_stub"], named(x), re.I)]
    if not sets and not who:
        return None
    others = [x for x in own if x not in who and not is_generic(x.label) and not (x.label.time and not x.label.rest)]
    if who and others:
        return None  # "Patient | Pain score": the row names its measure itself
    measure = next((p for p in parents if p not in sets and not is_generic(p.label) and
                    not re.fullmatch(g["respondent_stub"], named(p), re.I) and
                    not re.match(g["section_words"], p.label.rest, re.I)), None)
    if measure is not None:
        name, ns, ne = named(measure), measure.cell.prov.char_start, measure.cell.prov.char_end
    elif caption:
        at = R.text.find(caption, R.G.t.prov.char_start, R.G.t.prov.char_end)
        if at < 0:
            return None
        name, ns, ne = caption, at, at + len(caption)
    else:
        return None
    parts = [named(p) for p in sets[::-1] if not re.fullmatch(g["primary_set"], named(p), re.I)]
    parts += [named(x) for x in who + others]
    return name, ns, ne, "; ".join(parts) or None


def _caption_name(table: Table) -> Optional[str]:
    cap = strip_markers(" ".join((table.caption or "").split()))
    cap = re.sub(r"\s*\[[^\[\]]*(?:mean|median|SD|n\s*=|%)[^\[\]]*\]", "", cap, flags=re.I)
    cap = re.split(r"(?<=[a-z)])\.\s|:\s", cap)[0] if cap else ""
    if len(cap) > 60 and ", " in cap:
        cap = cap.split(", ")[0]  # "Number of individuals on sick leave, mean days of sick leave, and p-values ..."
    cap = re.sub(r"^(?:(?:the\s+)?(?:numbers?|proportions?|percentages?|percent|rates?|frequenc(?:y|ies))"
                 r"(?:\s+and\s+(?:numbers?|proportions?|percentages?|percent|rates?))?\s+of\s+)", "", cap, flags=re.I)
    cap = re.sub(r"\s*\((?:[^()]*(?:mean|median|SD|n\s*=|%)[^()]*)\)", "", cap, flags=re.I)
    cap = re.sub(r"\s+(?:by|in|among|between|across|for|of)\s+(?:the\s+)?(?:\w+\s+){0,2}(?:groups?|arms?|patients|participants|subjects|treatments?)\b.*$", "", cap, flags=re.I)
    cap = re.sub(r"^(?:comparison|summary|results?|changes?)\s+of\s+(?:the\s+)?", "", cap, flags=re.I)
    cap = re.sub(r",?\s+(?:by|per|at\s+each|over)\s+(?:\w+\s+)?(?:visit|time(?:\s*point)?|treatment|group|arm|age\s+group|sex|week|month)s?$", "", cap, flags=re.I)
    cap = cap.strip(" .,;:")
    return cap if 2 <= len(cap) <= 90 else None


def _caption_for_rows(caption: Optional[str], R: "_Reader") -> Optional[str]:
    """"NRS scores and area under the curve of NRS scores": a caption that names two things,
    the second of which is a row of the table, names the other rows by its first part."""
    if not caption or " and " not in caption:
        return caption
    first, _, second = caption.partition(" and ")
    sw = {w for w in re.findall(r"[a-z]{3,}", second.lower())}
    for row in R.rows:
        for x in row.stub:
            rw = {w for w in re.findall(r"[a-z]{3,}", (x.label.rest or "").lower())}
            if rw and sw and len(rw & sw) >= 0.6 * len(rw):
                return first.strip(" ,")
    return caption


def _effect_from(R: _Reader, cells: list[tuple[_Coord, TableCell]], arms: Optional[tuple[ArmInfo, ArmInfo]]) -> Optional[EffectDraft]:
    """One effect from a row's p-value, estimate and CI cells."""
    G = R.G
    measure = value = lo = hi = p = None
    rel = None
    level = None
    start = end = None
    p_span = None
    for coord, cell in cells:
        v = G.value(cell)
        role = coord.label.role
        if not v.nums:
            continue
        s = v.shape
        if start is None or cell.prov.char_start < start:
            start = cell.prov.char_start
        end = max(end or 0, cell.prov.char_end)
        if role == "p":
            n = v.p or v.nums[0]
            if 0 <= n.value <= 1:
                p, rel = n.value, n.rel
                p_span = (n.start, n.end)
        elif role == "ci":
            if len(v.nums) >= 2:
                lo, hi = v.nums[0].value, v.nums[1].value
        elif role == "effect":
            measure = coord.label.measure
            if s.startswith("N(N-N)") or s.startswith("N(N,N)") or s.startswith("N-N"):
                if s.startswith("N-N"):
                    lo, hi = v.nums[0].value, v.nums[1].value
                else:
                    value, lo, hi = v.nums[0].value, v.nums[1].value, v.nums[2].value
            elif len(v.nums) >= 1:
                value = v.nums[0].value
            if v.p is not None:
                p, rel = v.p.value, v.p.rel
            m = re.search(r"(\d{2}(?:\.\d)?)\s*%", coord.label.text)
            level = float(m.group(1)) / 100 if m else (0.95 if lo is not None else None)
    if p is None and value is None and lo is None:
        return None
    if lo is not None and hi is not None and value is not None and not lo <= value <= hi:
        lo = hi = None
    hit = EffectHit(start, end, measure if value is not None else None, value, None, lo, hi,
                    level if lo is not None else None, p, rel if p is not None else None, p_span)
    e = EffectDraft(hit, start, end)
    e.arms = arms
    return e


def _group_key(labs: list[_Coord]) -> tuple:
    """What a column says besides its arm and statistic: time point, change, and the names
    printed above the arm (a subgroup or analysis set over several arm columns)."""
    arm_at = next((i for i, x in enumerate(labs) if x.arm is not None), None)
    time = next((x.label.time for x in labs if x.label.time), None)
    names = tuple(_clean(x.label.rest) for i, x in enumerate(labs)
                  if x.arm is None and x.label.rest and not x.label.role and (arm_at is None or i > arm_at)
                  and not (x.label.time and not x.label.rest))
    change = any(x.label.change for x in labs)
    return time, names, change


def _unit_labels(labs: list[_Coord]) -> list[_Coord]:
    """The labels under a column's arm (``n (%)``, ``Mean days``, ``SD``), nearest first."""
    arm_at = next((i for i, x in enumerate(labs) if x.arm is not None), None)
    return [x for i, x in enumerate(labs) if arm_at is not None and i < arm_at and not x.label.time]


def _units(cols: list[int], R: "_Reader") -> list[list[int]]:
    """One arm's columns of a group split into statistics: a sub-column continues the one on
    its left when it holds the rest of the same statistic ("%" after "n", "SD" after "Mean",
    an unlabelled bracket after a bare value)."""
    units: list[list[int]] = []
    for c in cols:
        if units:
            left, right = _unit_labels(R.cols[units[-1][-1]]), _unit_labels(R.cols[c])
            # "Drug, mean | SD": the statistic the sub-column continues is in the arm's own label
            own = [x for x in R.cols[units[-1][-1]] if x.arm is not None and x.label.specs][:1]
            if (not left and not right) or (right and _joins(left or own, right)):
                units[-1].append(c)
                continue
        units.append([c])
    return units


def _outcomes_paired(R: _Reader) -> list[OutcomeDraft]:
    """Rows of a table whose columns hold two arms each ("Pre-test; Exercise (control)" over
    ``42.1±8.3 (41.7±7.9)``): one outcome per row and column."""
    G = R.G
    out = []
    for row in R.rows:
        if row.section:
            continue
        name, rtime, ns, ne, _ = _name_of(R, row)
        if not name:
            continue
        for c, (a, b) in R.paired.items():
            cell = G.cell(row.r, c)
            if cell is None or cell.row != row.r:
                continue
            v = G.value(cell)
            half = len(v.nums) // 2
            shape = _norm(v.shape)
            m = re.fullmatch(r"(?P<x>[^()]+)\((?P<y>[^()]+)\)", shape)
            flat = shape.replace("(", "").replace(")", "")
            if m and m["x"] == m["y"]:
                x = m["x"]
            elif half and len(flat) % 2 == 0 and flat[:len(flat) // 2] == flat[len(flat) // 2:] and flat.count("N") == 2 * half:
                x = flat[:len(flat) // 2]  # "80.50±9.97 ()69.89±1.59": a bracket misplaced
            else:
                continue
            if len(v.nums) != 2 * half or not half:
                continue
            first = Cell(v.nums[:half], x)
            second = Cell(v.nums[half:], x)
            labs = R.cols[c]
            time = next((x.label.time for x in labs if x.label.time), None)
            od = OutcomeDraft(name=name, start=ns, end=ne, timepoint=rtime or time)
            levels = R.specs_for(row, labs)
            for arm, val in ((a, first), (b, second)):
                got = _fit([(cell, val, [])], levels, None, R.legend)
                if got:
                    _add(od, arm, got, False)
            if len({id(r.arm) for r in od.results}) == 2:
                _set_kind(od)
                out.append(od)
    return out


def _norm(shape: str) -> str:
    return shape.replace("%", "")


_PCT_IN_CELL = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%|\(\s*(\d{1,3}(?:\.\d+)?)\s*\)\s*$")


def _category_rows(R: _Reader, arm_cols: dict[int, ArmInfo]) -> dict[int, _Coord]:
    """Rows that are categories of the row above them ("Yes" / "No" under "Did the patient
    return to work?", "Male" / "Female" under "Sex", "Never" / "Sometimes" / "Often"), each
    with that row: the parent row asks a question (it ends in "?"), or the rows' percentages
    add up to 100 in every arm column (they split the arm into parts).  Their outcome is
    "parent: category"; a list of adverse events under "Adverse events" is no category."""
    G = R.G
    groups: dict[int, list[_Row]] = {}
    parent: dict[int, _Coord] = {}
    for row in R.rows:
        if row.section or row.size_row or not row.parents or not row.stub:
            continue
        p = row.parents[0]
        if p.arm is not None or not p.label.rest or is_generic(p.label) or \
                re.match(load("tables")["section_words"], p.label.rest, re.I):
            continue
        groups.setdefault(id(p.cell), []).append(row)
        parent[id(p.cell)] = p
    out: dict[int, _Coord] = {}
    for k, rows in groups.items():
        p = parent[k]
        question = strip_markers(p.label.raw).rstrip(" :").endswith("?")
        whole = False
        if not question and len(rows) >= 2:
            sums: dict[int, float] = {}
            complete = True
            for row in rows:
                for c in arm_cols:
                    cell = G.cell(row.r, c)
                    m = _PCT_IN_CELL.search(cell.content) if cell is not None and cell.row == row.r else None
                    if m is None:
                        complete = False
                        break
                    sums[c] = sums.get(c, 0.0) + float(m.group(1) or m.group(2))
                if not complete:
                    break
            whole = complete and len(sums) >= 2 and all(98.0 <= v <= 102.0 for v in sums.values())
        if question or whole:
            for row in rows:
                out[row.r] = p
    return out


def _row_sizes(G, r: int, arm_cols: dict) -> dict[int, tuple[float, int, int]]:
    """The group size each arm column of a size row ``r`` gives ("Subjects, n | 65 | 65"): one
    whole number in the cell the row starts, ``(value, start, end)`` by ``id`` of the arm."""
    out = {}
    for c, arm in arm_cols.items():
        cell = G.cell(r, c)
        if cell is not None and cell.row == r:
            v = G.value(cell)
            if len(v.nums) == 1 and v.nums[0].integer:
                out[id(arm)] = (v.nums[0].value, v.nums[0].start, v.nums[0].end)
    return out


def _outcomes_arm_columns(R: _Reader) -> list[OutcomeDraft]:
    G = R.G
    # columns by arm; effect columns; column groups (arms repeat under a new time or name)
    arm_cols: dict[int, ArmInfo] = {}
    role_cols: dict[int, _Coord] = {}
    for c, labs in R.cols.items():
        arms = {id(x.arm): x.arm for x in labs if x.arm is not None}
        role = next((x for x in labs if x.label.role in ("p", "effect", "ci")), None)
        if len(arms) == 1:
            if role is not None and role.label.role == "p":
                role_cols[c] = role  # "P (A vs baseline)": no arm value
                continue
            arm_cols[c] = next(iter(arms.values()))
        elif not arms and role is not None:
            role_cols[c] = role
    if len({id(a) for a in arm_cols.values()}) < 2:
        return []
    groups: dict[tuple, list[int]] = {}
    order: list[tuple] = []
    for c in sorted(arm_cols):
        key = _group_key(R.cols[c])
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(c)
    _pair_lone_times(groups, order, arm_cols)
    # subgroup names: non-time names above the arms that differ between groups
    differing = len({k[1] for k in order}) > 1
    # within a group, each arm's columns split into statistics ("n (%)" | "Mean days" + "SD"):
    # the k-th statistic of every arm is one outcome
    unit_cols: dict[tuple, list[dict[int, list[int]]]] = {}
    for key in order:
        per_arm: dict[int, list[list[int]]] = {}
        for c in groups[key]:
            per_arm.setdefault(id(arm_cols[c]), []).append(c)
        split = {aid: _units(cs, R) for aid, cs in per_arm.items()}
        width = max(len(u) for u in split.values())
        unit_cols[key] = [{aid: u[k] for aid, u in split.items() if k < len(u)} for k in range(width)]
    # effect columns belong to the group on their left
    eff_of: dict[tuple, list[int]] = {k: [] for k in order}
    for c in sorted(role_cols):
        left = [k for k in order if min(groups[k]) < c]
        key = max(left, key=lambda k: max(x for x in groups[k] if x < c)) if left else order[0]
        eff_of[key].append(c)
    caption = _caption_for_rows(_caption_name(R.G.t), R)
    cats = _category_rows(R, arm_cols)
    # "n | Mean (SD)" under each arm: the "n" column is the size of the values beside it
    size_units = {k: [u for u in unit_cols[k] if _is_size_unit(R, u)] for k in order}
    out: list[OutcomeDraft] = []
    sizes_by_section: dict[int, dict[int, tuple[float, int, int]]] = {}
    top_sizes: Optional[dict[int, tuple[float, int, int]]] = None
    last_named: Optional[tuple[str, int, int, tuple]] = None
    entry = load("tables")["baseline_section"]
    entry_ods: set[int] = set()
    for row in R.rows:
        if row.section:
            last_named = None
            continue
        if row.size_row and not row.parents and top_sizes is None and row.stub and \
                all(x.label.role == "size" for x in row.stub):
            # "Subjects, n | 65 | 65" atop the table, a row of sizes alone: the group sizes of every
            # row below it that no size of its own section covers
            top_sizes = _row_sizes(G, row.r, arm_cols)
            continue
        if any(x.label.role in ("effect", "p", "test") for x in row.stub):
            continue  # "OR (95% CI)" row: estimates against a reference arm, not arm values
        at_entry = any(re.match(entry, strip_markers(p.label.raw), re.I) for p in row.parents)
        if at_entry and not any(k[0] and not re.fullmatch(_FIRST_CELL, strip_markers(k[0]).strip(), re.I)
                                for k in order):
            continue  # rows under "Intake status" or "Baseline characteristics": no outcomes
        name, rtime, ns, ne, qual = _name_of(R, row, skip_arms=False)
        who = _population(R, row, caption) if name else None
        if who is not None:
            name, ns, ne, popsub = who
            qual = None
        else:
            popsub = None
        if name and qual and not re.fullmatch(_STAT_STUB, qual, re.I):
            name = f"{name}: {qual}"  # "ECOG PS" / "0", "1*": one outcome per category row
        elif name and row.r in cats and not name.startswith(_clean(cats[row.r].label.rest)):
            name = f"{_clean(cats[row.r].label.rest)}: {name}"  # "Sex" / "Male": the male participants
        elif name and row.of_row is not None and row.of_row.label.rest and not qual:
            name = f"{_clean(row.of_row.label.rest)}: {name}"  # "Diarrhoea episodes: ≤24 mo"
        ci_row = any(x.label.role == "ci" for x in row.stub)
        if (name is None or ci_row) and last_named is not None and \
                last_named[3] == tuple(id(p.cell) for p in row.parents) and (ci_row or not row.stub or all(is_generic(x.label) for x in row.stub)):
            # "95% CI" or "Median, months" under a named row: more statistics of that row's outcome
            name, ns, ne = last_named[0], last_named[1], last_named[2]
        elif name is not None and not ci_row:
            last_named = (name, ns, ne, tuple(id(p.cell) for p in row.parents))
        if name is None and (rtime or not row.stub):
            name, ns, ne = caption, R.G.t.prov.char_start, R.G.t.prov.char_start
            if name is not None:
                # the caption as the outcome's name: its offsets are the caption's own
                at = R.text.find(name, R.G.t.prov.char_start, R.G.t.prov.char_end)
                ns, ne = (at, at + len(name)) if at >= 0 else (0, 0)
        if not name or ns == ne:
            continue
        if row.size_row:
            # "Systolic BP, n | 89 | 90": the group sizes of the rows under it
            sizes_by_section[row.r] = _row_sizes(G, row.r, arm_cols)
            continue
        parent_sizes = next((sizes_by_section[p.cell.row] for p in row.parents if p.cell.row in sizes_by_section),
                            None) or top_sizes
        below = _sizes_below(R, row, arm_cols)
        for key, unit in ((k, u) for k in order for u in unit_cols[k]):
            if size_units[key] and unit in size_units[key] and len(size_units[key]) < len(unit_cols[key]):
                continue
            time, names, change = key
            od = OutcomeDraft(name=name, start=ns, end=ne, timepoint=rtime or time)
            first_cols = [cs[0] for cs in unit.values()]
            sub = next((_clean(x.label.rest) for x in _unit_labels(R.cols[first_cols[0]]) if x.label.rest
                        and not x.label.role), None) if first_cols else None
            if sub and len(unit_cols[key]) > 1:
                od.name = f"{name}, {sub}"  # "Sick leave" | "Mean days": the days of sick leave
            if change and "change" not in od.name.lower():
                od.name = f"{od.name}, change"
            if differing and names:
                od.subgroup = "; ".join(names)
            if popsub:
                od.subgroup = "; ".join(x for x in (popsub, od.subgroup) if x)
            by_arm: dict[int, list[tuple[TableCell, Cell, list[Spec]]]] = {}
            arm_obj: dict[int, ArmInfo] = {}
            col_labels: dict[int, list[_Coord]] = {}
            for c in (c for cs in unit.values() for c in cs):
                cell = G.cell(row.r, c)
                if cell is None or cell.row != row.r or not cell.content.strip():
                    continue
                arm = arm_cols[c]
                if by_arm.get(id(arm)) and by_arm[id(arm)][-1][0] is cell:
                    continue
                v = G.value(cell)
                if v.missing or not v.nums:
                    continue
                specs = [s for x in R.cols[c] if x.arm is None or True for s in x.label.specs][:3]
                by_arm.setdefault(id(arm), []).append((cell, v, specs))
                arm_obj[id(arm)] = arm
                col_labels.setdefault(id(arm), R.cols[c])
            for aid, cells in by_arm.items():
                arm = arm_obj[aid]
                size_n = _unit_size(R, size_units[key], aid, row.r)
                levels = R.specs_for(row, col_labels[aid], unit[aid][0])
                n_hint = _arm_n(R, col_labels[aid], arm, parent_sizes)
                got = _fit(cells, levels, n_hint[0] if n_hint else None, R.legend,
                           bool(re.search(load("tables")["incidence_stub"], name, re.I)))
                pairs = [v for _, v, _ in cells if v.shape == "N/N" and all(n.integer for n in v.nums)]
                if pairs:
                    pair = _category_pair(row)
                    if pair == "other":
                        continue  # "Sex (female/male) | 10/6": two counts, no events of a total
                    if pair == "yes":  # "Responders (yes/no) | 10/6": 10 responders of the arm
                        got = [("events", pairs[0].nums[0])]
                if not got:
                    continue
                _add(od, arm, got, change, _counts(name, col_labels[aid]))
                cell_n = next((v.n for _, v, _ in cells if v.n is not None), None)
                if size_n is not None and not any(r.arm is arm and r.statistic == "total" for r in od.results):
                    num = size_n[1]
                    od.results.append(ResultDraft(arm, "total", num.value, num.start, num.end))
                elif cell_n is not None and not any(r.arm is arm and r.statistic == "total" for r in od.results):
                    od.results.append(ResultDraft(arm, "total", cell_n.value, cell_n.start, cell_n.end))
                elif n_hint and not any(r.arm is arm and r.statistic == "total" for r in od.results) and \
                        _share_of(got, n_hint[0]):
                    od.results.append(ResultDraft(arm, "total", float(n_hint[0]), n_hint[1], n_hint[2], from_header=True))
                elif aid in below and not any(r.arm is arm and r.statistic == "total" for r in od.results):
                    # no size above the cell (header or size row): the sizes printed right under it
                    n, s0, e0 = below[aid]
                    od.results.append(ResultDraft(arm, "total", float(n), s0, e0))
            if len({id(r.arm) for r in od.results if r.statistic != "total"}) < 2:
                continue
            _set_kind(od)
            eff_cells = [(R.cols[c][0] if R.cols[c] else None, G.cell(row.r, c)) for c in eff_of[key]]
            eff_cells = [(next(x for x in R.cols[c] if x.label.role), G.cell(row.r, c)) for c in eff_of[key]
                         if G.cell(row.r, c) is not None and G.cell(row.r, c).row == row.r]
            arms_here = list({id(r.arm): r.arm for r in od.results}.values())
            pair = _pair(arms_here, [x for c in eff_of[key] for x in R.cols[c]])
            e = _effect_from(R, eff_cells, pair) if eff_cells else None
            if e is not None and unit is unit_cols[key][0]:
                od.effects.append(e)
            if at_entry:
                entry_ods.add(id(od))
            out.append(od)
    if entry_ods:
        # "Clinical data" over "Age", "BMI", "Waist" with pre-treatment and 12-week columns: a
        # characteristic at entry is an outcome only where the table gives it again at a later
        # occasion (BMI and waist at 12 weeks), at every occasion; one printed at entry alone is not
        again = {od.name for od in out if id(od) in entry_ods and od.timepoint and
                 not re.fullmatch(_FIRST_CELL, strip_markers(od.timepoint).strip(), re.I)}
        out = [od for od in out if id(od) not in entry_ods or od.name in again]
    return _merge_generic(out)


def _pair_lone_times(groups: dict[tuple, list[int]], order: list[tuple], arm_cols: dict[int, ArmInfo]) -> None:
    """Time points each arm names in its own words ("Intervention: Baseline | Post-test |
    Follow-up", "Control: Baseline | Post-intervention | Follow-up"): where every arm has the
    same number of columns, groups of one arm's column each, all naming a time point, at the
    same place in their arms' runs of columns and alike otherwise, are one group (the first
    arm's time point names it).  Changed in place."""
    by_arm: dict[int, list[int]] = {}
    for c in sorted(arm_cols):
        by_arm.setdefault(id(arm_cols[c]), []).append(c)
    if len(by_arm) < 2 or len({len(cs) for cs in by_arm.values()}) != 1:
        return
    pos = {c: i for cs in by_arm.values() for i, c in enumerate(cs)}
    buckets: dict[tuple, list[tuple]] = {}
    for key in order:
        cs = groups[key]
        if key[0] is None or len({id(arm_cols[c]) for c in cs}) != 1:
            continue
        buckets.setdefault((tuple(pos[c] for c in cs), key[1], key[2]), []).append(key)
    for keys in buckets.values():
        if len(keys) != len(by_arm) or len({id(arm_cols[groups[k][0]]) for k in keys}) != len(keys):
            continue
        first = keys[0]
        for k in keys[1:]:
            groups[first] = sorted(groups[first] + groups.pop(k))
            order.remove(k)


def _sizes_below(R: "_Reader", row: _Row, arm_cols: dict[int, ArmInfo]) -> dict[int, tuple[int, int, int]]:
    """``{id(arm): (n, start, end)}`` from a row of group sizes alone right under a row of
    values ("Patient | 82.3 (20.2) | 36.8 (22.5)" over "| (N = 39) | (N = 36)"): the sizes of
    that row's values where no header or size row above prints one.  Its stub is empty or a
    size too; every arm column holds one size."""
    G = R.G
    r = row.r + 1
    if r >= G.nr or row.size_row:
        return {}
    for c in range(R.stubs):
        cell = G.cell(r, c)
        if cell is not None and cell.content.strip() and (cell.row != r or G.label(cell).n is None or G.label(cell).rest):
            return {}
    out: dict[int, tuple[int, int, int]] = {}
    for c, arm in arm_cols.items():
        cell = G.cell(r, c)
        if cell is None or cell.row != r or not cell.content.strip():
            continue
        lab = G.label(cell)
        got = _n_of(cell, lab) if not lab.rest and not lab.specs else None
        if got is None or G.has_value(cell) and G.value(cell).nums and len(G.value(cell).nums) > 1:
            return {}
        if id(arm) in out and out[id(arm)][0] != got[0]:
            return {}
        out.setdefault(id(arm), got)
    return out if len(out) >= 2 else {}


def _is_size_unit(R: "_Reader", unit: dict[int, list[int]]) -> bool:
    """Whether every column of a statistic unit is headed "n" or "N" alone (the arm's size
    column in "Drug" over "n | Mean (SD)")."""
    def size(c: int) -> bool:
        labs = R.cols.get(c, ())  # the lowest header level first
        return bool(labs) and labs[0].arm is None and labs[0].label.role == "size" and \
            (not labs[0].label.rest or is_size_word(labs[0].label.rest))
    return bool(unit) and all(size(c) for cs in unit.values() for c in cs)


def _own_size(G, r: int, cols: list[int], size_cols: list[int], val_cols: list[int]) -> Optional[tuple[float, int, int]]:
    """With several size columns in a row ("Baseline: n | Mean | SD", "Week 12: n | Mean | SD"),
    the size printed right before an outcome's value columns: that group's own n."""
    if len(size_cols) < 2:
        return None
    left = [c for c in size_cols if c < cols[0] and not any(c < k < cols[0] for k in val_cols)]
    if not left:
        return None
    cell = G.cell(r, max(left))
    if cell is None or cell.row != r:
        return None
    v = G.value(cell)
    if len(v.nums) == 1 and v.nums[0].integer and not v.missing:
        return v.nums[0].value, v.nums[0].start, v.nums[0].end
    return None


def _unit_size(R: "_Reader", units: list[dict[int, list[int]]], aid: int, r: int) -> Optional[tuple[TableCell, Num]]:
    """The arm's size printed in row ``r`` of its size column (:func:`_is_size_unit`): one
    whole number."""
    for unit in units:
        for c in unit.get(aid, ()):
            cell = R.G.cell(r, c)
            if cell is None or cell.row != r:
                continue
            v = R.G.value(cell)
            if len(v.nums) == 1 and v.nums[0].integer and not v.missing:
                return cell, v.nums[0]
    return None


def _pair(arms_here: list[ArmInfo], labs: list[_Coord]) -> Optional[tuple[ArmInfo, ArmInfo]]:
    """The two arms an effect column compares: named in its header ("A vs B"), else the only
    two arms of the outcome (the intervention first)."""
    for x in labs:
        m = re.search(r"(.+?)\s+(?:vs\.?|versus|v\.?|compared\s+with|against|-)\s+(.+)", x.label.rest or "", re.I)
        if m:
            return None  # resolved by the caller's matcher when it can; unknown here
    if len(arms_here) == 2:
        a, b = arms_here
        if a.role == "control" and b.role != "control":
            a, b = b, a
        return a, b
    return None


def _arm_n(R: _Reader, labs: list[_Coord], arm: ArmInfo, parent_sizes) -> Optional[tuple[float, int, int]]:
    """The group size a cell's values rest on: a size row above it, else its column header."""
    if parent_sizes and id(arm) in parent_sizes:
        return parent_sizes[id(arm)]
    for x in labs:
        if x.arm is arm or (x.arm is None and not x.label.rest):
            got = _n_of(x.cell, x.label)
            if got:
                return float(got[0]), got[1], got[2]
    return None


_PERSON_TIME = re.compile(r"\bperson[- ]?(?:days|weeks|months|years|time)\b", re.I)


def _counts(name: str, labs: list[_Coord]) -> Union[bool, str]:
    """Whether the counts of a row count things other than participants (episodes, days...);
    a row naming who is counted ("Responder rate (migraine days)") counts participants.
    ``"person-time"`` when they count the time observed ("person-weeks"): their totals are
    that time, no group size."""
    g = load("tables")
    rx = g["count_nouns"]
    if any(_PERSON_TIME.search(t) for t in [name] + [x.label.text for x in labs]):
        return "person-time"  # "% weeks with diarrhoea of the person-weeks observed": whoever the row names
    if re.search(g["participant_nouns"], name, re.I):
        return False
    return bool(re.search(rx, name, re.I) or any(re.search(rx, x.label.text, re.I) for x in labs))


_STAT_NAMES = {"events": "events", "percent": "percent", "mean": "mean", "median": "median", "sd": "sd",
               "se": "se", "iqr_low": "iqr_low", "iqr_high": "iqr_high", "range_low": "range_low",
               "range_high": "range_high", "ci_low": "ci_low", "ci_high": "ci_high", "total": "total",
               "iqr": "iqr"}


_STAT_SIDE = re.compile(r"^(?:n|no\.?|number|events?|total|all|patients|participants|subjects|cases|N)$", re.I)


def _category_pair(row: _Row) -> Optional[str]:
    """``"yes"`` for a stub counting yes/no answers ("Responders (yes/no)"), ``"other"`` for
    one counting two other categories ("Sex (female/male)", "RUL 5 / RUL 2.5"): a cell "10/6"
    there holds two counts, not events of a total."""
    return _category_pair_of(row.stub)


def _category_pair_of(labels: list[_Coord]) -> Optional[str]:
    """:func:`_category_pair` for any labels of a cell: the row stub (arms as columns) or the
    column headers (arms as rows: a column "Responders (yes/no)")."""
    for x in labels:
        raw = x.label.text
        if re.search(r"\byes\s*/\s*no\b", raw, re.I):
            return "yes"
        m = re.search(r"\(\s*([A-Za-z][^()/]{0,30}?)\s*/\s*([A-Za-z][^()/]{0,30}?)\s*\)", raw) or \
            re.fullmatch(r"\s*([A-Za-z][\w .,-]{0,30}?)\s*/\s*([A-Za-z][\w .,-]{0,30}?)\s*", raw)
        if m and not (_STAT_SIDE.match(m.group(1).strip()) or _STAT_SIDE.match(m.group(2).strip())):
            return "other"
    return None


def _add(od: OutcomeDraft, arm: ArmInfo, got: list[tuple[str, Num]], change: bool, counts: Union[bool, str] = False) -> None:
    note = next((f"read as {v}: the table does not say what its figures are" for k, v in got if k == "?assumed"), None)
    for stat, num in got:
        st = _STAT_NAMES.get(stat)
        if st == "events" and counts:
            st = "count"  # "Dysentery episodes | 125": episodes, not participants with one
        if st == "total" and counts == "person-time":
            continue  # "40/608" person-weeks with diarrhoea: the time observed, not a group size
        if st is None:
            continue
        if any(r.arm is arm and r.statistic == st for r in od.results):
            continue
        unit = "%" if st == "percent" else None
        od.results.append(ResultDraft(arm, st, num.value, num.start, num.end, unit,
                                      note if st in ("mean", "sd") else None))


def _set_kind(od: OutcomeDraft) -> None:
    stats = {r.statistic for r in od.results}
    if stats & {"events", "percent"} and not stats & {"mean", "sd"}:
        od.kind = "binary"
    elif stats & {"mean", "median", "sd", "se"}:
        od.kind = "continuous"


def _merge_generic(ods: list[OutcomeDraft]) -> list[OutcomeDraft]:
    """Rows of one section that name no outcome themselves ("Events, n (%)", "Median,
    months", "95% CI" under "Progression-free survival") are one outcome: their statistics
    join when they do not collide."""
    out: list[OutcomeDraft] = []
    for od in ods:
        prev = out[-1] if out else None
        if prev is not None and prev.name == od.name and prev.start == od.start and prev.timepoint == od.timepoint \
                and prev.subgroup == od.subgroup:
            mine = {(id(r.arm), r.statistic) for r in prev.results if r.statistic != "total"}
            theirs = {(id(r.arm), r.statistic) for r in od.results if r.statistic != "total"}
            ci_only = {s for _, s in theirs} <= {"ci_low", "ci_high"}
            if not mine & theirs:
                for r in od.results:
                    if r.statistic == "total" and (id(r.arm), "total") in {(id(x.arm), x.statistic) for x in prev.results}:
                        continue
                    if ci_only and any(x.arm is r.arm and x.statistic == "median" for x in prev.results):
                        # the 95% CI of a median survival time
                        r.statistic = {"ci_low": "ci_low", "ci_high": "ci_high"}[r.statistic]
                    prev.results.append(r)
                prev.effects.extend(od.effects)
                _set_kind(prev)
                continue
        out.append(od)
    return out


def _outcomes_arm_rows(R: _Reader) -> list[OutcomeDraft]:
    """Arms as row stubs: each value column (or section row above a block of arm rows) is an
    outcome; a size column gives each arm's total."""
    G = R.G
    out: list[OutcomeDraft] = []
    arm_rows = [row for row in R.rows if not row.section and any(x.arm is not None for x in row.stub)]
    if len({id(next(x.arm for x in row.stub if x.arm is not None)) for row in arm_rows}) < 2:
        return []
    # blocks: consecutive arm rows under the same parents
    blocks: list[list[_Row]] = []
    for row in arm_rows:
        key = tuple(id(p.cell) for p in row.parents)
        if blocks and tuple(id(p.cell) for p in blocks[-1][0].parents) == key and \
                row.r == blocks[-1][-1].r + 1 + sum(1 for x in R.rows if blocks[-1][-1].r < x.r < row.r and False):
            blocks[-1].append(row)
        else:
            blocks.append([row])
    blocks, row_times = _by_row_time(blocks, R.rows)
    size_cols = _size_cols(R)
    eff_cols = [c for c, labs in R.cols.items() if any(x.label.role in ("p", "effect", "ci") for x in labs)]
    val_cols = [c for c in R.cols if c not in size_cols and c not in eff_cols and
                not any(x.label.role in ("total", "test") for x in R.cols[c])]
    caption = _caption_name(R.G.t)
    repeated = _repeated_leaves(R, val_cols)
    table_totals: dict[int, tuple[float, int, int]] = {}
    for block in blocks:
        if len({id(next(x.arm for x in row.stub if x.arm is not None)) for row in block}) < 2:
            continue
        # the block's section: an outcome name or a time point
        sec_name = sec_time = None
        sec_cell = None
        for p in block[0].parents:
            if p.label.time and not sec_time and (not p.label.rest or is_generic(p.label)):
                sec_time = p.label.time
            elif p.label.rest and not is_generic(p.label) and sec_name is None:
                sec_name, sec_cell = _clean(p.label.rest), p.cell
        if id(block) in row_times:
            sec_time = row_times[id(block)]
        if sec_name is None and R.part:
            # a part of a table cut at its repeated header rows: the part's stub head
            # ("CGI-I response") names the outcome of its arm rows
            head = G.cell(0, 0)
            hl = G.label(head) if head is not None and head.content.strip() else None
            if hl is not None and hl.rest and not is_generic(hl) and R.arm_of(hl) is None and \
                    not re.fullmatch(r"\W*(?:groups?|arms?|treatments?(?:\s+groups?)?|interventions?|variables?|outcomes?|measures?)\W*", hl.rest, re.I):
                sec_name, sec_cell = _clean(hl.rest), head
        totals: dict[int, tuple[float, int, int]] = {}
        for row in block:
            arm = next(x.arm for x in row.stub if x.arm is not None)
            for c in size_cols:
                cell = G.cell(row.r, c)
                if cell is not None and cell.row == row.r:
                    v = G.value(cell)
                    if len(v.nums) == 1 and v.nums[0].integer:
                        totals[id(arm)] = (v.nums[0].value, v.nums[0].start, v.nums[0].end)
            lab = next(x for x in row.stub if x.arm is not None)
            got = _n_of(lab.cell, lab.label)
            if got and id(arm) not in totals:
                totals[id(arm)] = (float(got[0]), got[1], got[2])
            if id(arm) in totals:
                table_totals.setdefault(id(arm), totals[id(arm)])
            elif id(arm) in table_totals:
                totals[id(arm)] = table_totals[id(arm)]  # the arm's size printed in an earlier block
        # value columns grouped by what their header says (sub-columns of one outcome join)
        colgroups: list[list[int]] = []
        for c in val_cols:
            key = _group_key(R.cols[c])
            prev = colgroups[-1] if colgroups else None
            if prev and _group_key(R.cols[prev[0]]) == key and _joins(R.cols[prev[-1]], R.cols[c]):
                prev.append(c)
            else:
                colgroups.append([c])
        # a column printing two measures in each cell ("60% (28.9 ± 7)" under "Seroconversion
        # rate (antibody titre)") is read as two outcomes, one per measure
        units: list[tuple[list[int], Optional[str], Optional[tuple[str, str]]]] = []
        for cols in colgroups:
            split = _two_measures(R, cols, block)
            units.extend([(cols, "outer", split), (cols, "inner", split)] if split else [(cols, None, None)])
        for cols, part, split in units:
            labs = R.cols[cols[0]]
            # a sub-header repeated under every outcome ("D1 | D2" under "Pain" and under
            # "Swelling") divides the outcome, it does not name it: the label above does
            named = labs[1:] if cols[0] in repeated else labs
            cname = next((_clean(x.label.rest) for x in named if x.label.rest and not is_generic(x.label)), None)
            if part and split:
                cname = split[0] if part == "outer" else split[1]
            ctime = next((x.label.time for x in labs if x.label.time), None)
            if cols[0] in repeated and ctime is None:
                ctime = _clean(labs[0].label.rest)
            change = any(x.label.change for x in labs)
            if cname and sec_name and _ADJUSTED.match(cname):
                # "Weight (kg)" over arm rows, "Unadjusted | Adjusted" over the columns: the
                # section names the outcome, the adjusted column a reading of it
                cname = None
                sec_name_here = f"{sec_name}, adjusted"
            else:
                sec_name_here = sec_name
            name = cname or sec_name_here or caption
            if not name:
                continue
            if cname and sec_name:
                name_cell = next(x.cell for x in named if x.label.rest and not is_generic(x.label))
                tp = ctime or sec_time
                if tp is None:
                    name = f"{sec_name}: {cname}"
            elif sec_name_here is not sec_name:
                name_cell = sec_cell
            else:
                name_cell = next((x.cell for x in named if x.label.rest and not is_generic(x.label)), None) or sec_cell
            if name_cell is not None:
                ns, ne = name_cell.prov.char_start, name_cell.prov.char_end
                if part == "inner":
                    at = R.text.find(cname, ns, ne)
                    ns, ne = (at, at + len(cname)) if at >= 0 else (ns, ne)
            else:
                at = R.text.find(name, R.G.t.prov.char_start, R.G.t.prov.char_end)
                if at < 0:
                    continue
                ns, ne = at, at + len(name)
            tp = sec_time if id(block) in row_times else ctime or sec_time  # the row's own time first
            if cname and sec_name and tp is None:
                # "Initial mail out" / "Final reminder" sections are time points when unnamed by the grammar
                tp = None
            od = OutcomeDraft(name=name, start=ns, end=ne, timepoint=tp)
            if change and "change" not in name.lower():
                od.name = f"{name}, change"
            for row in block:
                arm = next(x.arm for x in row.stub if x.arm is not None)
                cells = []
                for c in cols:
                    cell = G.cell(row.r, c)
                    if cell is None or cell.row != row.r or not cell.content.strip():
                        continue
                    v = G.value(cell)
                    if v.missing or not v.nums:
                        continue
                    if part:
                        v = _measure_part(v, part)
                    cells.append((cell, v, [s for x in R.cols[c] for s in x.label.specs][:3]))
                if not cells:
                    continue
                levels = [(x.label.specs, False) for x in labs if x.label.specs] + R.specs_for(row, [])
                t = _own_size(G, row.r, cols, size_cols, val_cols) or totals.get(id(arm))
                got = _fit(cells, levels, t[0] if t else None, R.legend)
                pairs = [v for _, v, _ in cells if v.shape == "N/N" and all(n.integer for n in v.nums)]
                if pairs:
                    pair = _category_pair_of(labs)
                    if pair == "other":
                        continue  # a column "Sex (F/M)" holding "9/7": two counts, no events of a total
                    if pair == "yes":  # a column "Responders (yes/no)" holding "10/6": 10 responders
                        got = [("events", pairs[0].nums[0])]
                if not got:
                    continue
                _add(od, arm, got, change, _counts(name, labs))
                if t and not any(r.arm is arm and r.statistic == "total" for r in od.results) and _share_of(got, t[0]):
                    od.results.append(ResultDraft(arm, "total", t[0], t[1], t[2], from_header=True))
            if len({id(r.arm) for r in od.results if r.statistic != "total"}) < 2:
                continue
            _set_kind(od)
            # an estimate column right of this outcome's columns
            e_cells = []
            for c in eff_cols:
                if c < cols[0] or any(cols[-1] < k < c for k in val_cols):
                    continue
                for row in block:
                    cell = G.cell(row.r, c)
                    if cell is not None and cell.row == row.r and G.value(cell).nums:
                        v = G.value(cell)
                        if len(v.nums) == 1 and v.nums[0].value in (0.0, 1.0) and R.cols[c][0].label.role == "effect":
                            continue  # the reference arm's 1.00
                        e_cells.append((next(x for x in R.cols[c] if x.label.role), cell))
            arms_here = list({id(r.arm): r.arm for r in od.results}.values())
            if e_cells:
                e = _effect_from(R, e_cells[:3], _pair(arms_here, []))
                if e is not None:
                    od.effects.append(e)
            out.append(od)
    return out


#: a header naming a measure, then a second one in brackets: "Seroconversion rate after 1 month
#: (antibody titre, IU/L)"; the bracket holds words (a statistic label there is read as one)
_TWO_NAMES = re.compile(r"(?P<outer>[^()]*?[^\W\d_]{3,}[^()]*?)\s*\((?P<inner>[^()]*?[^\W\d_]{3,}[^()]*)\)\s*$")
#: a preposition left dangling once the header's time point is read ("rate after (…)")
_DANGLING = re.compile(r"\s+(?:at|after|by|in|on|of|from|to|during|within)\s*$", re.I)
#: a cell printing a percentage, then in brackets a value with its spread: "60% (28.9 ± 7)"
_TWO_MEASURE_SHAPES = ("N%(N±N)",)


_ROW_TIME = re.compile(r"\d+(?:\.\d+)?\s*-?\s*(?:min(?:ute)?s?|h(?:ours?|rs?)?|days?|d|weeks?|wks?|months?|mo|years?|yrs?)\b", re.I)


def _repeated_leaves(R: "_Reader", cols: list[int]) -> set[int]:
    """The value columns whose own header (the one nearest the body) repeats the same run of
    labels under two or more spanning headers ("Pain | Swelling" each over "D1 | D2"): those
    labels divide every outcome alike (an occasion, a site), and the spanning header above
    names the outcome.  Labels that are statistics, arms or roles are not counted."""
    under: dict[int, list[tuple[int, str]]] = {}
    parent_of: dict[int, TableCell] = {}
    for c in cols:
        labs = R.cols.get(c) or []
        if len(labs) < 2:
            continue
        leaf, up = labs[0], labs[1]
        if leaf.arm is not None or up.arm is not None or leaf.label.role or leaf.label.specs or \
                leaf.label.time or not leaf.label.rest or not up.label.rest or up.label.role or \
                is_generic(up.label) or up.cell.col_span < 2:
            continue
        under.setdefault(id(up.cell), []).append((c, _clean(leaf.label.rest).lower()))
        parent_of[id(up.cell)] = up.cell
    runs: dict[tuple[str, ...], list[int]] = {}
    for key, got in under.items():
        seq = tuple(t for _, t in got)
        if len(seq) >= 2 and len(set(seq)) == len(seq):
            runs.setdefault(seq, []).append(key)
    out: set[int] = set()
    for seq, parents in runs.items():
        if len(parents) >= 2 and len({_clean(parent_of[k].content).lower() for k in parents}) == len(parents):
            for k in parents:
                out.update(c for c, _ in under[k])
    return out


def _row_time(row: "_Row") -> Optional[str]:
    """The time point a row's own stub prints beside its arm ("Active | 15 minutes post |
    18 | 1.2 ± 1.0"): a label the grammar reads as a time, or one opening with a number and a
    unit of time ("5 minutes into treatment")."""
    for x in row.stub:
        if x.arm is not None or x.cell.row != row.r:
            continue
        if x.label.time and not x.label.rest:
            return x.label.time
        raw = _clean(strip_markers(x.label.raw))
        if _ROW_TIME.match(raw):
            return raw
    return None


def _by_row_time(blocks: list[list["_Row"]], rows: list["_Row"]) -> tuple[list[list["_Row"]], dict[int, str]]:
    """A long table, one row per arm and time point ("Group | Time point | N | Mean ± SD":
    "Active | Before", "Active | 15 minutes post", ..., "Placebo | Before", ...; the arm's cell
    often spanning its rows): consecutive arm rows under the same parents other than their
    arms, in which an arm comes back and every row names its time point beside the arm, are
    read as one block per time point, the arms' rows of that time together; other blocks
    stay as they are.  Returns the blocks and the time point of each block so made (by
    ``id``)."""
    runs: list[list[_Row]] = []
    for row in rows:
        if row.section:
            continue
        if not any(x.arm is not None for x in row.stub):
            # the arm's cell spanning its rows ("Active" over "Before", "5 minutes", ...): the
            # arm of every row it spans
            span = next((p for p in row.parents if p.arm is not None and p.cell.row < row.r < p.cell.row + p.cell.row_span), None)
            if span is None:
                continue
            row = replace(row, stub=[span] + row.stub, parents=[p for p in row.parents if p is not span])
        key = tuple(id(p.cell) for p in row.parents if p.arm is None)
        if runs and tuple(id(p.cell) for p in runs[-1][0].parents if p.arm is None) == key and \
                row.r == runs[-1][-1].r + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    timed = []
    for run in runs:
        arms = [id(next(x.arm for x in row.stub if x.arm is not None)) for row in run]
        if len(arms) != len(set(arms)) and len(set(arms)) >= 2 and all(_row_time(row) for row in run):
            timed.append(run)
    if not timed:
        return blocks, {}
    taken = {id(row) for run in timed for row in run}
    out: list[list[_Row]] = [b for b in blocks if not any(id(row) in taken for row in b)]
    times: dict[int, str] = {}
    for block in timed:
        when = [_row_time(row) for row in block]
        groups: dict[str, list[_Row]] = {}
        for row, w in zip(block, when):
            groups.setdefault(w.lower(), []).append(row)
        for key, rows in groups.items():
            sub = [id(next(x.arm for x in row.stub if x.arm is not None)) for row in rows]
            if len(sub) != len(set(sub)):
                continue  # an arm twice at one time point: two readings, neither taken
            out.append(rows)
            times[id(rows)] = when[block.index(rows[0])]
    return out, times


def _two_measures(R: "_Reader", cols: list[int], block: list["_Row"]) -> Optional[tuple[str, str]]:
    """The two outcome names of a column printing two measures in each cell: the header names
    a share and, in brackets, a measured value ("Seroconversion rate (antibody titre/IU)"), and
    every filled cell of the column in ``block`` prints a percentage then, in brackets, a value
    with its spread ("60% (28.9 ± 7)").  None for any other column."""
    if len(cols) != 1:
        return None
    labs = R.cols[cols[0]]
    if any(x.label.specs or x.label.role for x in labs):
        return None
    rest = next((_clean(x.label.rest) for x in labs if x.label.rest and not is_generic(x.label)), None)
    m = _TWO_NAMES.fullmatch(rest or "")
    if not m:
        return None
    shapes = []
    for row in block:
        cell = R.G.cell(row.r, cols[0])
        if cell is None or cell.row != row.r or not cell.content.strip():
            continue
        v = R.G.value(cell)
        if v.missing or not v.nums:
            continue
        shapes.append(v.shape)
    if len(shapes) < 2 or any(sh not in _TWO_MEASURE_SHAPES for sh in shapes):
        return None
    outer = _DANGLING.sub("", m["outer"]).strip(" ,;:")
    inner = m["inner"].strip(" ,;:")
    return (outer, inner) if outer and inner else None


def _measure_part(v: Cell, part: str) -> Cell:
    """One of the two measures of a ``60% (28.9 ± 7)`` cell: the percentage (``outer``) or
    the value with its spread (``inner``)."""
    if part == "outer":
        return Cell(v.nums[:1], "N%", n=v.n)
    return Cell(v.nums[1:], "N±N", n=v.n, p=v.p)


def _joins(left: list[_Coord], right: list[_Coord]) -> bool:
    """Whether a sub-column continues the one on its left ("n" then "%", "Mean" then "SD")."""
    ls = [s for x in left for s in x.label.specs]
    rs = [s for x in right for s in x.label.specs]
    if not rs:
        return not any(x.label.rest for x in right)
    first = rs[0].slots[0]
    return first in ("percent", "sd", "se", "iqr_low", "range_low", "ci_low") and bool(ls) and \
        ls[0].slots[0] in ("events", "mean", "median")


_LETTER_GROUP = re.compile(r"^\s*(?:group|arm|cohort)\s*(?:[A-Z]|\d{1,2}|I{1,3}|IV|[A-Z][\w.+-]{0,6})\b", re.I)


def header_arm_labels(table: Table) -> list[tuple[str, TableCell, Optional[int]]]:
    """Group names a table prints for its columns (``Placebo (n = 29)``, or ``Group L``
    over ``(n = 16)``) or rows (``Group A``, ``Group B``...): sibling labels that are no
    statistic, time, role or total label, at least two of them, each with a size (in its
    own cell or the header cell under it) or named "Group X"/"Arm N".  ``[(name, cell, n)]``."""
    G = _Grid(table, "")
    if not table.cells:
        return []
    stubs = 1
    top = _header_rows(G, stubs)
    best: list[tuple[str, TableCell, Optional[int]]] = []
    for r in range(top):
        seen = set()
        row = []
        for c in range(1, G.nc):
            cell = G.cell(r, c)
            if cell is None or id(cell) in seen or not cell.content.strip() or cell.row != r:
                continue
            seen.add(id(cell))
            lab = G.label(cell)
            if lab.role or not lab.rest or (lab.time and not lab.rest) or is_generic(lab):
                continue
            n = lab.n
            if n is None:
                # the size printed in the header cell right under the name ("(n = 16)")
                below = G.cell(r + 1, c) if r + 1 < top else None
                if below is not None and below.col == cell.col and below.col_span == cell.col_span:
                    bl = G.label(below)
                    if bl.n is not None and not bl.rest:
                        n = bl.n
            row.append((_clean(lab.rest), cell, n))
        sized = [x for x in row if x[2] is not None]
        if len(sized) < 2:
            sized = [(_LETTER_GROUP.match(x[0]).group().strip(), x[1], x[2]) for x in row if _LETTER_GROUP.match(x[0])]
        if len(sized) >= 2 and len({x[0].lower() for x in sized}) == len(sized):
            best = sized
    if best:
        return best
    # arms as rows: stub cells "Group A (...)", "Group B (...)" or "Placebo (n = 20)"
    stub_rows = []
    for r in range(top, G.nr):
        cell = G.cell(r, 0)
        if cell is None or cell.row != r or not cell.content.strip():
            continue
        lab = G.label(cell)
        if lab.role or not lab.rest or is_generic(lab):
            continue
        stub_rows.append((_clean(lab.rest), cell, lab.n))
    lettered = [x for x in stub_rows if _LETTER_GROUP.match(x[0])]
    sized = [x for x in stub_rows if x[2] is not None]
    for cand in (lettered, sized):
        names = [re.sub(r"\s*\(.*$", "", x[0]).strip() for x in cand]
        if 2 <= len(cand) <= 8 and len(set(n.lower() for n in names)) == len(cand):
            return [(nm, cell, n) for nm, (_, cell, n) in zip(names, cand)]
    return []
