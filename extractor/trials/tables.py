"""Results tables with arms as columns.

Tables come from the reader as data (:attr:`~extractor.source.Source.tables`: cells with
row and column spans and offsets, for every format); nothing here re-reads table text.  The
header row names the arms (``Placebo (n = 29)``); each later row is one
outcome whose cells are per-arm values (``23/49``, ``12 (40.0)``, ``7.2 ± 1.1``,
``430 (300–510)``); a ``P`` column gives a p-value and an ``OR/RR/HR/difference (95% CI)``
column an effect.  Whether ``12 (40)`` is a count with its percentage or a mean with its SD is
read from the table legend ("No. (%)", "mean (SD)") or, failing that, from the arm size
(12 of 30 is 40%).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from .. import fastre
from ..source import Source
from .arms import ArmInfo, ArmMatcher, is_control
from .effects import find_effects, find_p_values
from .results import EffectDraft, OutcomeDraft, ResultDraft
from .text import Cell
from .values import VALUE_RX, from_match

__all__ = ["Table", "read_tables", "arms_from_tables", "outcomes_from_tables"]

_N_IN_HEADER = fastre.lazy(r"\(?\s*\*?[nN]\*?\s*=\s*(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+))\s*\)?")
_NOT_ARM = fastre.lazy(r"^(?:p|p[- ]?values?|p\s*\(.*\)|total|all|overall|difference|estimates?|standard\s+errors?|s\.?e\.?m?|s\.?d\.?|mean|median|range|iqr|n|%|no\.|number|percent(?:age)?|coefficients?|beta|t|z|f|df|chi.*|statistics?|value|definition|description|notes?|comments?|source|reference|.*\b(?:OR|RR|HR|CI|ratio|difference)\b.*|variables?|characteristics?|outcomes?|measures?|items?)$", re.I)


@dataclass
class Table:
    start: int
    end: int
    rows: list[list[Cell]]
    legend: str = ""


def _transposed(t: Table, matcher: ArmMatcher) -> Optional[Table]:
    """A table with arms as rows and outcomes as columns ("Group | N | Remission, n (%)"),
    turned so that arms are columns; a size column ("N") fills the arms' analysed numbers."""
    rows = [r for r in t.rows if r]
    if len(rows) < 3:
        return None
    arm_rows = []
    for r in rows[1:]:
        arm = matcher.arm_for(re.sub(r"[*_]+", "", _arm_label(r[0])[0]).strip()) if r[0].text.strip() else None
        if arm is not None:
            arm_rows.append((arm, r))
    if len(arm_rows) < 2 or len({id(a) for a, _ in arm_rows}) != len(arm_rows):
        return None
    header = rows[0]
    size_cols = {j for j, c in enumerate(header) if j and _SIZE_HEAD.fullmatch(c.text.strip())}
    for arm, r in arm_rows:
        for j in size_cols:
            if j < len(r) and re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", r[j].text.strip()):
                if arm.n_analyzed is None:
                    arm.n_analyzed = int(r[j].text.strip().replace(",", ""))
    grid = [[header[0]] + [r[0] for _, r in arm_rows]]
    for j in range(1, len(header)):
        if j in size_cols:
            continue
        grid.append([header[j]] + [r[j] if j < len(r) else Cell("", r[-1].end, r[-1].end) for _, r in arm_rows])
    return Table(t.start, t.end, grid, t.legend)


_STAT_LABEL = fastre.lazy(r"\s*[,;—–-]?\s*(?:(?:n|no\.?|number)\s*\(\s*%\s*\)|(?:mean|median)\s*(?:\(\s*(?:SD|SE|IQR|range)\s*\)|±\s*SD))\s*$", re.I)
_SIZE_HEAD = fastre.lazy(r"(?:n|N|No\.?|number(?:\s+of\s+(?:patients|participants))?|patients|participants)(?:\s*\(?\s*n\s*\)?)?", re.I)


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


def _paren_mode(t: Table) -> str:
    leg = t.legend + " " + " ".join(c.text for c in t.rows[0])
    if re.search(r"\b(?:No\.|n|number)\s*\(\s*%\s*\)", leg, re.I):
        return "count_pct"
    if re.search(r"\bmean\s*\(\s*SD\s*\)|\bmean\s*±|\bmean\s*\(\s*standard", leg, re.I):
        return "mean_sd"
    return "auto"


def _columns(header: list[Cell], matcher: ArmMatcher):
    """Arm columns grouped: a new group starts when an arm repeats ("Children: Placebo,
    Fluoxetine | Adolescents: Placebo, Fluoxetine"); plus the p-value and effect columns."""
    groups: list[dict[int, ArmInfo]] = [{}]
    p_col = eff_col = None
    for j, c in enumerate(header):
        if j == 0:
            continue
        label, n = _arm_label(c)
        label = re.sub(r"[*_]+", "", label).strip()
        arm = matcher.arm_for(label) if label else None
        if arm is None and label:
            ms = matcher.mentions(label)
            arm = ms[0][2] if len({id(m[2]) for m in ms}) == 1 else None
        if arm is not None:
            if arm in groups[-1].values():
                groups.append({})
            groups[-1][j] = arm
            if n and arm.n_analyzed is None and len(groups) == 1:
                arm.n_analyzed = n
        elif re.match(r"^\*?p\*?(?:[- ]?values?)?\b", c.text.strip(), re.I):
            p_col = j
        elif re.search(r"\b(?:OR|RR|HR|ratio|difference|MD|SMD|ES)\b|effect\s+size", c.text, re.I):
            eff_col = j
    return [g for g in groups if len(g) >= 2], p_col, eff_col


_PAIRED_HEAD = fastre.lazy(r"^(?P<pre>.*?)[;,:]?\s*(?P<a>[A-Za-z][\w\- ]*?)\s*\(\s*(?P<b>[A-Za-z][\w\- ]*?)\s*\)\s*$")


def _paired_columns(header: list[Cell], matcher: ArmMatcher):
    """Columns holding two arms per cell, "Intervention (control)": ``[(j, arm_a, arm_b, time)]``."""
    out = []
    for j, c in enumerate(header):
        m = _PAIRED_HEAD.match(re.sub(r"\[\d+\]\(#\)|[*_]", "", c.text).strip()) if j else None
        if not m:
            continue
        a, b = matcher.arm_for(m["a"]), matcher.arm_for(m["b"])
        if a is None or b is None or a is b:
            continue
        time = re.sub(r"^(?:mean\s*(?:±|\+/-)\s*SD|mean\s*\(SD\)|median\s*\(IQR\)|n\s*\(%\))\s*(?:of|at)?\s*", "", m["pre"].strip(" ;,:"), flags=re.I)
        out.append((j, a, b, time or None))
    return out


def _paired_outcomes(t: Table, hi: int, paired, text: str) -> list[OutcomeDraft]:
    from .values import find_values
    out = []
    for row in t.rows[hi + 1:]:
        if not row or not row[0].text or not re.search(r"[A-Za-z]", row[0].text):
            continue
        for j, a, b, time in paired:
            if j >= len(row) or not row[j].text:
                continue
            c = row[j]
            vals = find_values(text, c.start, c.end)
            if len(vals) != 2 or "(" not in text[vals[0].end:vals[1].start + 1]:
                continue
            od = OutcomeDraft(name=re.sub(r"[*_]+", "", row[0].text).strip(), start=row[0].start, end=row[0].end,
                              timepoint=time)
            for arm, v in ((a, vals[0]), (b, vals[1])):
                for p in v.parts:
                    stat = "mean" if p.statistic == "value" else p.statistic
                    od.results.append(ResultDraft(arm, stat, p.value, p.start, p.end,
                                                  None if stat in ("events", "total") else ("%" if stat == "percent" else p.unit)))
            stats_ = {r.statistic for r in od.results}
            od.kind = "binary" if stats_ & {"events", "percent"} else ("continuous" if stats_ & {"mean", "median", "sd"} else None)
            out.append(od)
    return out


def _arm_row_outcomes(t: Table, matcher: ArmMatcher, text: str) -> list[OutcomeDraft]:
    """Arms as rows under outcome rows ("Relapse" / "Intervention (n = 80) 12 (15) 20 (25)"
    / "Usual care 25 (31) 33 (41)"), columns as time points: one outcome per outcome row and column
    (a count may be split from its "(%)" into the next cell)."""
    from .values import find_values
    out: list[OutcomeDraft] = []
    top = [re.sub(r"[*_]+", "", c.text).strip() for c in t.rows[0][1:] if c.text.strip()]
    section: Optional[Cell] = None
    block: list[tuple[ArmInfo, list[Cell]]] = []

    def flush():
        if section is None or len(block) < 2:
            return
        per_arm = []
        for arm, cells in block:
            vals = []
            k = 0
            while k < len(cells):
                c = cells[k]
                m = re.fullmatch(r"\s*(\d+)\s*", c.text)
                nxt = cells[k + 1] if k + 1 < len(cells) else None
                if m and nxt is not None and re.fullmatch(r"\s*\(\s*\d+(?:[.·]\d+)?\s*%?\s*\)\W*", nxt.text):
                    pv = find_values(text, nxt.start, nxt.end)
                    vals.append([("events", float(m.group(1)), c.start + m.start(1), c.start + m.end(1))] +
                                [("percent", p.value, p.start, p.end) for v in pv[:1] for p in v.parts if p.statistic in ("value", "percent")][:1])
                    k += 2
                    continue
                vm = VALUE_RX().fullmatch(text, c.start, c.end)
                if vm:
                    v = from_match(vm, "count_pct")
                    vals.append([(p.statistic, p.value, p.start, p.end) for p in v.parts])
                k += 1
            per_arm.append((arm, vals))
        width = min(len(v) for _, v in per_arm)
        name = re.sub(r"[*_]+", "", section.text).strip()
        for k in range(width):
            od = OutcomeDraft(name=name, start=section.start, end=section.end,
                              timepoint=top[k] if len(top) == width else None)
            for arm, vals in per_arm:
                for stat, value, a, b in vals[k]:
                    od.results.append(ResultDraft(arm, "percent" if stat == "value" else stat, value, a, b,
                                                  "%" if stat in ("percent", "value") else None))
            od.kind = "binary" if {r.statistic for r in od.results} & {"events", "percent"} else None
            out.append(od)

    for row in t.rows[1:]:
        if not row or not row[0].text.strip():
            continue
        label = re.sub(r"[*_^¤]+", "", _arm_label(row[0])[0]).strip()
        arm = matcher.arm_for(label)
        filled = [c for c in row[1:] if c.text.strip()]
        if arm is not None and filled:
            _, n = _arm_label(row[0])
            if n and arm.n_analyzed is None and arm.n_randomized is None:
                arm.n_analyzed = n
            block.append((arm, filled))
        elif not filled:
            flush()
            section, block = row[0], []
        else:
            flush()
            section, block = None, []
    flush()
    return out


def _shifted_header(t: Table, matcher: ArmMatcher) -> tuple[int, list[dict[int, ArmInfo]]]:
    """A header row of arm names that the text layout shifted left ("Intervention  Control"
    starting in the label column): its names map, in order, onto the value columns of the
    first data row."""
    for i, row in enumerate(t.rows[:4]):
        named = [(j, c.text) for j, c in enumerate(row) if c.text.strip()]
        arms = [matcher.arm_for(re.sub(r"[*_]+", "", _arm_label(Cell(n, 0, 0))[0])) for _, n in named]
        if len(arms) < 2 or any(a is None for a in arms) or len({id(a) for a in arms}) != len(arms):
            continue
        if all(j >= 1 for j, _ in named):
            # arm names above a sub-header ("n (%) | Mean | SD" per arm): their own columns
            return i, [{j: a for (j, _), a in zip(named, arms)}]
        for data in t.rows[i + 1:]:
            vcols = [j for j, c in enumerate(data) if j and c.text and VALUE_RX().fullmatch(c.text.strip())]
            if len(vcols) >= len(arms):
                return i, [dict(zip(vcols[:len(arms)], arms))]
        break
    return 0, []


def _group_names(t: Table, hi: int, count: int) -> list[Optional[str]]:
    """Subgroup names of column groups from the header row above ("Children", "Overall")."""
    if count <= 1 or hi == 0:
        return [None] * count
    above = [re.sub(r"[*_]+", "", c.text).strip() for c in t.rows[hi - 1][1:] if c.text.strip()]
    if len(above) != count:
        return [None] * count
    return [None if re.fullmatch(r"(?:overall|total|all(?:\s+\w+)?|whole\s+\w+)", a, re.I) else a for a in above]


def outcomes_from_tables(tables: list[Table], text: str, arms: list[ArmInfo], matcher: ArmMatcher) -> list[OutcomeDraft]:
    """One outcome per data row (and column group) of each table whose header names at least
    two arms."""
    from dataclasses import replace

    from .effects import EffectHit
    from .numbers import parse_number
    out: list[OutcomeDraft] = []
    for t in tables:
        hi, header = _header(t)
        groups, p_col, eff_col = _columns(header, matcher)
        if not groups and not _is_baseline(t, text):
            turned = _transposed(t, matcher)
            if turned is not None:
                t = turned
                hi, header = _header(t)
                groups, p_col, eff_col = _columns(header, matcher)
        if not groups:
            paired = _paired_columns(header, matcher)
            if paired and not _is_baseline(t, text):
                out.extend(_paired_outcomes(t, hi, paired, text))
                continue
            hi, groups = _shifted_header(t, matcher)
            if not groups and not _is_baseline(t, text):
                out.extend(_arm_row_outcomes(t, matcher, text))
                continue
        if not groups or _is_baseline(t, text):
            continue
        subgroups = _group_names(t, hi, len(groups))
        mode = _paren_mode(t)
        col_mode: dict[int, str] = {}
        sub_names: dict[int, str] = {}
        for row in t.rows[hi + 1:hi + 3]:  # a sub-header row under the arm names: "n (%) | Mean | SD"
            if any(re.match(r"\s*[-−–]?\d", c.text) for c in row[1:]):
                break
            if row and row[0].text.strip():
                continue  # a sub-header that starts in the label column is shifted: not aligned
            for j, c in enumerate(row):
                if re.search(r"\b(?:n|no\.?)\*?\s*\(\s*%\s*\)", c.text, re.I):
                    col_mode[j] = "count_pct"
                elif re.search(r"\bmean\b|\bSD\b", c.text, re.I):
                    col_mode[j] = "mean_sd"
            sub_names.update({j: re.sub(r"[*_]+", "", c.text).strip() for j, c in enumerate(row) if c.text.strip()})
        extra = _block_columns(groups, sub_names) if sub_names else []
        section = None
        for row in t.rows[hi + 1:]:
            if not row or not row[0].text:
                continue
            name_cell = row[0]
            name = re.sub(r"[*_]+", "", name_cell.text).strip()
            if not any(j < len(row) and row[j].text for g in groups for j in g):
                section = row[0]
                continue
            if not re.search(r"[A-Za-z]", name):
                continue
            raw_name = name
            name = _STAT_LABEL.sub("", name) or name  # "Relapse, n (%)": the statistic has its field
            if section is not None and name_cell.text[:1].islower():
                name = f"{re.sub(r'[*_]+', '', section.text).strip()}: {name}"
            pm_row = mode
            if re.search(r"\b(?:n|no\.?|number)\s*\(\s*%\s*\)", raw_name, re.I):
                pm_row = "count_pct"
            elif re.search(r"\bmean\b|\bSD\b|\bmedian\b", raw_name, re.I):
                pm_row = "mean_sd"
            for gi, cols in enumerate(groups):
                od = OutcomeDraft(name=name, start=name_cell.start, end=name_cell.end, subgroup=subgroups[gi])
                for j, arm in cols.items():
                    if j >= len(row) or not row[j].text:
                        continue
                    cell = row[j]
                    m = VALUE_RX().fullmatch(text, cell.start, cell.end)
                    if not m:
                        continue
                    pm = col_mode.get(j) or (pm_row if pm_row != "auto" else _guess_paren(m, arm))
                    v = from_match(m, pm)
                    for p in v.parts:
                        stat = "mean" if p.statistic == "value" and pm == "mean_sd" else p.statistic
                        od.results.append(ResultDraft(arm, stat, p.value, p.start, p.end,
                                                      None if stat in ("events", "total", "value") else ("%" if stat == "percent" else p.unit)))
                if len({r.arm.label for r in od.results}) < 2:
                    continue
                stats_ = {r.statistic for r in od.results}
                if "events" in stats_:  # "0" beside "27 (64.3)" is a count of zero
                    for r in od.results:
                        if r.statistic == "value" and float(r.value).is_integer():
                            r.statistic = "events"
                    stats_ = {r.statistic for r in od.results}
                od.kind = "binary" if stats_ & {"events", "percent"} else ("continuous" if stats_ & {"mean", "median", "sd"} else None)
                if gi == len(groups) - 1:
                    for col in (eff_col, p_col):
                        if col is None or col >= len(row) or not row[col].text:
                            continue
                        c = row[col]
                        hits = find_effects(text, c.start, c.end)
                        if col == p_col and not hits:
                            pmm = re.match(r"\s*(?P<rel>[<>≤≥=]?)\s*(?P<num>0?[.·]\d+|1(?:\.0+)?)(?!\d)", text[c.start:c.end])
                            if pmm:
                                rel = {"≤": "<", "≥": ">", "": "="}.get(pmm["rel"], pmm["rel"])
                                hits = [EffectHit(c.start, c.start + pmm.end(), None, p_value=parse_number(pmm["num"]),
                                                  p_relation=rel, p_span=(c.start, c.start + pmm.end()))]
                        for h in hits:
                            if col == eff_col and h.measure is None:
                                h = replace(h, measure=_measure_of(header[col].text))
                            od.effects.append(EffectDraft(h, h.start, h.end))
                out.append(od)
            for sub, cols, sd_cols in extra:
                od = OutcomeDraft(name=f"{sub}: {name}", start=name_cell.start, end=name_cell.end)
                for j, arm in cols.items():
                    vm = VALUE_RX().fullmatch(text, row[j].start, row[j].end) if j < len(row) and row[j].text else None
                    if not vm:
                        continue
                    v = from_match(vm, "mean_sd")
                    stat = "median" if re.search(r"\bmedian\b", sub, re.I) else "mean"
                    for p in v.parts:
                        od.results.append(ResultDraft(arm, stat if p.statistic in ("value", "mean") else p.statistic,
                                                      p.value, p.start, p.end, p.unit))
                    k = sd_cols.get(j)
                    sm = VALUE_RX().fullmatch(text, row[k].start, row[k].end) if k is not None and k < len(row) and row[k].text else None
                    if sm:
                        q = from_match(sm).parts[0]
                        od.results.append(ResultDraft(arm, "sd", q.value, q.start, q.end, q.unit))
                if len({r.arm.label for r in od.results}) >= 2:
                    od.kind = "continuous"
                    out.append(od)
    return out


def _block_columns(groups, sub_names: dict[int, str]):
    """Arms heading blocks of sub-columns ("Physiotherapy: n (%) | Mean days | SD"): the extra
    sub-columns after each arm's first one, as ``[(sub-header, {column: arm}, {column: SD column})]``."""
    if len(groups) != 1:
        return []
    starts = sorted(groups[0].items())
    if len(starts) < 2:
        return []
    width = starts[1][0] - starts[0][0]
    if width < 2 or any(b[0] - a[0] != width for a, b in zip(starts, starts[1:])):
        return []
    out = []
    for k in range(1, width):
        names = [sub_names.get(j + k, "") for j, _ in starts]
        if not names[0] or len(set(n.lower() for n in names)) != 1 or re.fullmatch(r"SD|SE|SEM|s\.d\.", names[0], re.I):
            continue
        cols = {j + k: arm for j, arm in starts}
        nxt = [sub_names.get(j + k + 1, "") for j, _ in starts]
        sd = {j + k: j + k + 1 for j, _ in starts} if all(re.fullmatch(r"SD", n or "", re.I) for n in nxt) else {}
        out.append((names[0], cols, sd))
    return out


_BASELINE = fastre.lazy(r"\bbaseline\b(?!\s+(?:to|and)\b)|\bdemographic|\bcharacteristics\s+of\s+(?:the\s+)?(?:study\s+)?(?:participants|patients|subjects|population)", re.I)
_BASELINE_HEAD = fastre.lazy(r"^\W*(?:baseline\s+)?characteristics?\W*$|baseline|demographic", re.I)


def _is_baseline(t: Table, text: str) -> bool:
    """A table of baseline characteristics (its caption or first header cell says so)."""
    caption = text[max(0, t.start - 300):t.start]
    caption = re.sub(r"\bfrom\s+baseline\b|\bbaseline\s+(?:to|and)\b", "", caption, flags=re.I)
    first = t.rows[0][0].text if t.rows and t.rows[0] else ""
    return bool(_BASELINE.search(caption) or _BASELINE_HEAD.search(first))


def _measure_of(header: str) -> Optional[str]:
    for m, pat in (("SMD", r"\bES\b|effect\s+size|\bSMD\b|cohen"), ("OR", r"\bOR\b|odds"), ("RR", r"\bRR\b|relative risk|risk ratio"), ("HR", r"\bHR\b|hazard"),
                   ("MD", r"mean difference|\bMD\b"), ("difference", r"difference")):
        if re.search(pat, header, re.I):
            return m
    return None


def _guess_paren(m: re.Match, arm: ArmInfo) -> str:
    """``12 (40.0)``: a count and its percentage when 12/n rounds to 40.0 for the arm size."""
    if m["mean7"] is None or not re.fullmatch(r"\d+", m["mean7"]):
        return "auto"
    n = arm.n_analyzed or arm.n_randomized
    try:
        k, pct = int(m["mean7"]), float(m["sd7"])
    except ValueError:
        return "auto"
    if n and abs(100.0 * k / n - pct) < 0.6:
        return "count_pct"
    return "auto"
