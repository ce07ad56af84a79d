"""Cell grammar: the numbers a table cell holds and the statistics a label says they are.

A cell is read into numbers with offsets and a *shape* — the numbers and the separators
between them, markers and words left out (``151 (63)`` is ``N(N)``, ``1.25±0.91 (0–2)†`` is
``N±N(N-N)``, ``36.5% (93/255)`` is ``N%(N/N)``, ``−3.0 (16.8)`` is ``N(N)``).  A statistic
label (``n (%)``, ``mean ± SD``, ``Median [IQR]``, ``n/N (%)``, ``LS mean (SE)``) is read by the
same grammar into a :class:`Spec`: the slots its numbers fill (``events, percent``; ``mean,
sd``; ``median, iqr_low, iqr_high``) and the shape of the cells it describes.  A cell takes the
spec whose shape it has.

What the tokenizer knows about printed numbers: thousands separators (``1,184``; a thin or
no-break space ``242 749``), a decimal comma (``53,5``) or middle dot (``4·5``), a Unicode or
en-dash minus at the start of a number (``−3.0``, ``(–11.0 to 4.9)``), ranges written with an
en dash, a hyphen or ``to`` (``1.16–1.87``, ``0.052 - 0.058``), censored values (``<1``),
footnote markers (``*``, ``†``, ``^a``) and superscript exponents (``4×10^7``), ``n = 98``
inside a cell, and cells that report nothing (``NR``, ``NA``, ``–``).

>>> c = read_cell("151 (63)")
>>> c.shape, [n.value for n in c.nums]
('N(N)', [151.0, 63.0])
>>> read_cell("1.25±0.91 (0–2)†").shape
'N±N(N-N)'
>>> [n.value for n in read_cell("−0.3 ± 1.5").nums], read_cell("36.5% (93/255)").shape
([-0.3, 1.5], 'N%(N/N)')
>>> c = read_cell("55.7 (20.2) N=98"); c.shape, c.n.value
('N(N)', 98.0)
>>> read_cell("NR").missing, read_cell("1 (<1)").nums[1].rel
(True, '<')
>>> [s.slots for s in find_specs("Data are mean ± SD or n (%)")]
[('mean', 'sd'), ('events', 'percent')]
>>> assign(read_cell("21 (48.8)"), find_specs("n (%)"))
[('events', 21.0), ('percent', 48.8)]
>>> assign(read_cell("0 (0–1)"), find_specs("Values are mean ± SD or median (IQR)"))
[('median', 0.0), ('iqr_low', 0.0), ('iqr_high', 1.0)]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from .. import fastre
from .lexicon import load

__all__ = ["Num", "Cell", "Spec", "read_cell", "find_specs", "assign", "strip_markers",
           "spec_of_slots"]


@dataclass(frozen=True)
class Num:
    """One number of a cell; ``start``/``end`` are offsets in the string read (plus ``base``)."""

    value: float
    start: int
    end: int
    text: str
    rel: str = "="  # "<", ">" for a censored value ("<1", ">99")
    pct: bool = False  # a percent sign follows
    integer: bool = False


@dataclass(frozen=True)
class Cell:
    """A read cell: its numbers (an in-cell ``n = 98`` and p-value apart) and their shape."""

    nums: tuple[Num, ...]
    shape: str
    missing: bool = False
    n: Optional[Num] = None  # "N=98" written in the cell: the size its values rest on
    p: Optional[Num] = None  # "P = 0.04" written after the values
    words: str = ""  # letters left in the cell once numbers and markers are read


@dataclass(frozen=True)
class Spec:
    """A statistic label: the slots its numbers fill, in order, and the shape of its cells."""

    slots: tuple[str, ...]
    shape: str
    text: str = ""
    change: bool = False  # the label says the values are changes (from baseline)
    spans: tuple[tuple[int, int], ...] = ()  # where the statistic words are in the label

    @property
    def kind(self) -> Optional[str]:
        s = set(self.slots)
        if s & {"events", "percent"} and not s & {"mean", "median", "sd", "se"}:
            return "binary"
        if s & {"mean", "median", "sd", "se"}:
            return "continuous"
        return None


# -- tokens ---------------------------------------------------------------------------------
_MARK_CH = "*†‡§¶#‖※⁎∗"
_MINUS = "−–—‒-"
_TOKEN = fastre.lazy(
    r"(?P<sup>\^[^\s()\[\],;]*)"
    r"|(?P<neq>(?<![A-Za-z])[nN]\s*[=:]\s*)"
    r"|(?P<p>(?<![A-Za-z])[pP]\s*(?=[<=>≤≥]))"
    r"|(?P<rel>[<>≤≥]=?|=)"
    r"|(?P<num>\d{1,3}(?:(?:,|[\u2009\u202f\u00a0 ])\d{3})+(?![\d,])(?:[.·]\d+)?|\d+(?:[.·,]\d+)?|[.·]\d+)"
    r"|(?P<pct>%)"
    r"|(?P<pm>±|\+/[-−]|\+-|∓)"
    r"|(?P<times>[x×✕]\s*10\s*\^?)"
    r"|(?P<dash>[−–—‒-])"
    r"|(?P<to>\bto\b)"
    r"|(?P<open>[(\[{])"
    r"|(?P<close>[)\]}])"
    r"|(?P<slash>/)"
    r"|(?P<sep>[,;:])"
    r"|(?P<mark>[" + _MARK_CH + r"]+)"
    r"|(?P<word>[^\W\d_]+\.?)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.UNICODE,
)
_OPEN = {"(": "(", "[": "(", "{": "("}
_CLOSE = {")": ")", "]": ")", "}": ")"}


@lru_cache(maxsize=1)
def _missing() -> re.Pattern:
    return re.compile(load("tables")["missing_cell"], re.I)


def _number(text: str) -> tuple[float, bool]:
    t = re.sub("[\u2009\u202f\u00a0 ]", "", text).replace("·", ".")
    if "," in t:
        # "1,184" thousands; "53,5" a decimal comma (one or two digits after it)
        head, _, tail = t.rpartition(",")
        if len(tail) == 3 and re.fullmatch(r"\d{1,3}(?:,\d{3})*", t):
            t = t.replace(",", "")
        elif t.count(",") == 1 and len(tail) in (1, 2):
            t = t.replace(",", ".")
        else:
            t = t.replace(",", "")
    return float(t), "." not in t


def read_cell(text: str, base: int = 0) -> Cell:
    """Read one cell's text; offsets of the numbers are ``base`` + their place in ``text``.

    Time is linear in the text.
    """
    if _missing().match(text):
        return Cell((), "", missing=True)
    nums: list[Num] = []
    shape: list[str] = []
    words: list[str] = []
    n_eq = p_eq = False
    n_num = p_num = None
    pending_rel = ""
    pending_minus = False
    exponent_next = False
    depth = 0
    prev_kind = ""  # the kind of the last significant token
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        tok = m.group()
        if kind == "space":
            continue
        if kind == "sup":
            run = tok[1:]
            if exponent_next and re.fullmatch(r"[-−–]?\d{1,3}", run):
                # 4×10^7: the exponent scales the number before it
                last = nums[-1]
                e = int(run.replace("−", "-").replace("–", "-"))
                nums[-1] = Num(last.value * 10 ** e, last.start, base + m.end(), last.text + text[last.end - base:m.end()],
                               last.rel, last.pct, False)
            exponent_next = False
            continue  # a footnote marker or exponent: no part of the shape
        if kind == "times":
            if nums and prev_kind == "num":
                exponent_next = True
                continue
            words.append(tok)
            continue
        if kind == "neq":
            n_eq = True
            prev_kind = kind
            continue
        if kind == "p":
            p_eq = True
            prev_kind = kind
            continue
        if kind == "rel":
            if tok == "=":
                prev_kind = kind
                continue
            pending_rel = tok[0].replace("≤", "<").replace("≥", ">")
            prev_kind = kind
            continue
        if kind == "num":
            if exponent_next and nums and re.fullmatch(r"\d{1,2}", tok):
                # 4×10^7 (the caret eaten with the base): the exponent scales the number before it
                last = nums[-1]
                nums[-1] = Num(last.value * 10 ** int(tok), last.start, base + m.end(),
                               text[last.start - base:m.end()], last.rel, last.pct, False)
                exponent_next = False
                continue
            exponent_next = False
            value, integer = _number(tok)
            start, end = m.start(), m.end()
            if pending_minus:
                value = -value
                start = pending_minus_at
            num = Num(value, base + start, base + end, text[start:end], pending_rel or "=", False, integer)
            pending_rel = ""
            pending_minus = False
            if n_eq and n_num is None:
                n_num = num
                n_eq = False
                prev_kind = "n"
                continue
            if p_eq and p_num is None:
                p_num = num
                p_eq = False
                prev_kind = "p"
                continue
            nums.append(num)
            shape.append("N")
            prev_kind = "num"
            continue
        if kind == "dash":
            # a minus when a number follows at once and no number stands just before it
            nxt = text[m.end():m.end() + 1]
            if nxt == " " and prev_kind in ("", "open") and not nums:
                # "− 6 ± 23.3": a minus set apart from the number at the start of the cell
                gap = re.match(r" {1,2}(?=[\d.])", text[m.end():m.end() + 3])
                nxt = text[m.end() + len(gap.group()):][:1] if gap else nxt
            if (nxt.isdigit() or nxt == ".") and prev_kind not in ("num", "pct"):
                pending_minus, pending_minus_at = True, m.start()
                continue
            if prev_kind in ("num", "pct"):
                shape.append("-")
                prev_kind = "dash"
            continue
        if kind == "to":
            if prev_kind in ("num", "pct"):
                shape.append("-")
                prev_kind = "dash"
            continue
        if kind == "pct":
            if nums and prev_kind == "num":
                nums[-1] = Num(nums[-1].value, nums[-1].start, nums[-1].end, nums[-1].text, nums[-1].rel, True, nums[-1].integer)
                shape.append("%")
                prev_kind = "pct"
            continue
        if kind == "pm":
            shape.append("±")
            prev_kind = kind
            continue
        if kind == "open":
            depth += 1
            shape.append("(")
            prev_kind = kind
            continue
        if kind == "close":
            depth = max(0, depth - 1)
            shape.append(")")
            prev_kind = kind
            continue
        if kind == "slash":
            shape.append("/")
            prev_kind = kind
            continue
        if kind == "sep":
            shape.append(",")
            prev_kind = kind
            continue
        if kind == "mark":
            continue
        if kind == "word":
            # a single letter right after a number is a footnote marker ("0.65c"); "to" is read above
            if prev_kind == "num" and len(tok) == 1 and tok.islower() and m.start() == nums[-1].end - base:
                continue
            words.append(tok)
            continue
    return Cell(tuple(nums), _tidy("".join(shape)), False, n_num, p_num, " ".join(words))


def _tidy(shape: str) -> str:
    """Drop separators with no number after them and empty brackets (``N()`` from a marker)."""
    s = shape
    for _ in range(3):
        s2 = re.sub(r"\(\)|[,±/-]+(?=\)|$)|^[,-]+", "", s)
        if s2 == s:
            break
        s = s2
    return s


# -- statistic labels -------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _stat_rx() -> tuple[re.Pattern, dict[str, str]]:
    words = load("tables")["stat_words"]
    alts = "|".join(f"(?P<{name}>{pat})" for name, pat in words)
    # a statistic word stands alone: no letters right before or after it, nor a hyphen
    # joining it to a name ("CIS-R" and "SD-score" are no "CI" and no "SD")
    return re.compile(rf"(?<![\w])(?:{alts})(?![\w]|-[A-Za-z0-9])", re.I), {name: name for name, _ in words}


_SEP = fastre.lazy(r"\s*(±|\+/[-−]|\+-|/|,|;|\(|\[|\)|\]|or\b|and\b|\s)\s*", re.I)


def _slots(name: str) -> tuple[str, ...]:
    return tuple(load("tables")["stat_slots"][name])


def spec_of_slots(slots: Sequence[str], text: str = "", change: bool = False,
                  seps: Optional[Sequence[str]] = None, spans: tuple = ()) -> Spec:
    """The :class:`Spec` of a run of slots; ``seps`` are the separators before each slot
    after the first (``±``, ``/`` or ``(``; brackets by default)."""
    shape = ""
    k = 0
    for i, s in enumerate(slots):
        if i == 0:
            shape = "N-N" if s.endswith("_low") else "N"
            continue
        if s.endswith("_high"):
            continue
        sep = (seps[k] if seps and k < len(seps) else "(") or "("
        k += 1
        rng = i + 1 < len(slots) and slots[i + 1].endswith("_high")
        body = "N-N" if rng else "N"
        if sep == "±" and not rng:
            shape += "±" + body
        elif sep == "/" and not rng:
            shape += "/" + body
        else:
            shape += "(" + body + ")"
    return Spec(tuple(slots), shape, text, change, tuple(spans))


def find_specs(label: str) -> list[Spec]:
    """The statistic labels written in ``label``, in order (``mean ± SD or n (%)`` gives two).

    A run is statistic words joined by the separators a cell uses (``±``, ``/``, brackets,
    commas); words or a number between two statistic words end a run.  Sizes (``n = 49``) are
    no statistic.
    """
    return list(_find_specs(label))


@lru_cache(maxsize=8192)
def _find_specs(label: str) -> tuple[Spec, ...]:
    """:func:`find_specs`, read once per label and process (specs are frozen)."""
    if not label:
        return ()
    rx, _ = _stat_rx()
    text = re.sub(r"(?<![A-Za-z])[nN]\s*[=:]\s*\d[\d,]*", lambda m: " " * len(m.group()), label)
    text = re.sub(r"\^[^\s()\[\],;]*", lambda m: " " * len(m.group()), text)
    hits = [(m.start(), m.end(), m.lastgroup) for m in rx.finditer(text)]
    runs: list[list[tuple[int, int, str, str]]] = []
    prev_end = -1
    for a, b, name in hits:
        gap = text[prev_end:a] if prev_end >= 0 else None
        sep = _sep_kind(gap) if gap is not None else None
        if sep == "with":
            # "numbers with percentages" is one statistic, a count and its share; "means with
            # standard deviations" is left to the legend's pairing of centre and spread
            sep = "(" if runs and runs[-1][-1][2] == "events" and len(runs[-1]) == 1 and name == "percent" else None
        if runs and sep is not None:
            runs[-1].append((a, b, name, sep))
        else:
            runs.append([(a, b, name, "")])
        prev_end = b
    out = []
    change = bool(re.search(load("tables")["change"], label, re.I))
    for run in runs:
        slots: list[str] = []
        seps: list[str] = []
        spans: list[tuple[int, int]] = []
        for a, b, name, sep in run:
            if name == "events" and sep == "/" and slots == ["events"]:
                slots.append("total")  # n/N
                seps.append("/")
                spans.append((a, b))
                continue
            if name == "total" and not slots:
                continue  # "N" alone is a size, not a statistic
            new = _slots(name)
            if slots and list(new) == slots[-len(new):]:
                spans.append((a, b))
                continue  # "Number of patients, n (%)": the count named twice
            if slots and not _combines(slots[0], new[0]):
                # "mean (% improvement)": no statistic pair; the run ends
                if slots and slots != ["total"]:
                    out.append(spec_of_slots(slots, label[run[0][0]:a].strip(" ,;(["), change, seps, tuple(spans)))
                slots, seps, spans = [], [], []
            if slots:
                seps.append(sep if sep in ("±", "/") else "(")
            slots.extend(new)
            spans.append((a, b))
        if not slots or slots == ["total"]:
            continue
        # "% (n)" reads percent then events: the printed order is kept
        out.append(spec_of_slots(slots, label[run[0][0]:run[-1][1]], change, seps, tuple(spans)))
    return tuple(out)


_PAIRS = {"events": {"percent", "total"}, "percent": {"events", "total"},
          "mean": {"sd", "se", "ci_low", "range_low", "iqr_low"},
          "median": {"iqr_low", "range_low", "ci_low", "sd"}}


def _combines(center: str, disp: str) -> bool:
    return disp in _PAIRS.get(center, set()) or (center in ("sd", "se") and disp in ("range_low", "ci_low"))


def _sep_kind(gap: str) -> Optional[str]:
    """The separator between two statistic words, or None when the gap ends a run.  A unit
    or the counted noun may stand between them ("mean years (SD)", "n women (%)")."""
    g = gap.strip()
    m = re.fullmatch(r"((?:(?!or\b|and\b|vs\b|versus\b)[^\W\d_][\w/.²'’-]*,?\s+){0,5}?)((?!or\b|and\b)[^\W\d_][\w/.²'’-]*\s*)?([(\[])", g)
    if m and (m.group(1) or m.group(2)):
        return "("
    if g == "":
        return " " if gap else ""
    if re.fullmatch(r"(?:±|\+/[-−]|\+-)", g):
        return "±"
    if re.fullmatch(r"with(?:\s+(?:their|the))?", g, re.I):
        return "with"  # "numbers with percentages": a count and its share (see _find_specs)
    if g == "/":
        return "/"
    if re.fullmatch(r"[(\[]|[)\]]\s*[(\[]|,|;|,\s*[(\[]|[)\]]\s*,?", g):
        return "("
    return None


# -- a cell read against its specs ------------------------------------------------------------
def _norm_shape(shape: str) -> str:
    s = shape.replace("%", "")
    if s == "(N)":
        s = "N"  # "(22)" under "(%)": the bracket is the label's
    s = s.replace(",", "-") if re.search(r"\(N,N\)", s) else s
    return s


def _fits(cell: Cell, spec: Spec, strict: bool = False) -> bool:
    """Whether ``cell`` has the shape ``spec`` describes.  Loosely (a label printed over the
    cells themselves): a ``mean ± SD`` label also fits ``7.2 (1.1)`` cells and the reverse;
    strictly (a legend or the methods): the brackets must agree."""
    cs, ss = _norm_shape(cell.shape), spec.shape
    if len(cell.nums) != len(spec.slots):
        return False
    if _count_share(cell) and spec.slots[0] in ("mean", "median"):
        # "814 (71%)" under "mean (SD)" even where a legend states it: the percent sign on the
        # bracket alone makes a count and its share, never a mean and its spread
        return False
    if cs == ss:
        return True
    if len(spec.slots) == 3 and spec.slots[1].endswith("_low") and cs in ("N(N-N)", "N(N,N)"):
        return True
    if len(spec.slots) == 2 and spec.slots[0].endswith("_low") and cs in ("N-N", "N,N", "(N-N)", "(N,N)"):
        return True
    if spec.slots in (("events", "percent"), ("percent", "events")) and cs == "N(N)":
        return True
    if spec.slots == ("events", "total", "percent") and cs == "N/N(N)":
        return True
    if strict:
        return False
    if spec.slots in (("mean", "sd"), ("mean", "se")) and cs == "N,N":
        return True  # "17.33, 2.48" where the row's or column's label says "Mean (SD)"
    if spec.slots[:2] in (("mean", "sd"), ("mean", "se"), ("median", "sd")) and cs in ("N±N", "N(N)"):
        return True
    loose = lambda x: x.replace("±", "(").replace(")", "")
    return loose(cs) == loose(ss)


def _count_share(cell: Cell) -> bool:
    """A whole number with a bracketed percentage (``62 (72.1%)``): a count and its share of
    the arm; the percent sign on the bracket alone says it is no spread (a mean in percent
    prints its spread in percent too: ``25.3% (4.1%)``)."""
    ns = cell.nums
    return len(ns) == 2 and _norm_shape(cell.shape) == "N(N)" and ns[0].integer and not ns[0].pct \
        and ns[1].pct and 0 <= ns[1].value <= 100


def _lone_spread(cell: Cell, specs: Sequence[Spec]) -> Optional[str]:
    """``70 (9)`` or ``70 ± 9`` under a label naming the spread alone ("Heart rate, bpm (SD)",
    "Weight, kg ± SE"): the printed pair is a mean and that spread (``sd`` or ``se``), the mean
    left unsaid; a count and its share (``9 (35%)``) stays what it is."""
    if len(cell.nums) != 2 or _norm_shape(cell.shape) not in ("N(N)", "N±N") or _count_share(cell):
        return None
    lone = [sp.slots[0] for sp in specs if sp.slots in (("sd",), ("se",))]
    if len(set(lone)) != 1 or any(sp.slots[0] in ("median", "events", "mean") for sp in specs):
        return None
    return lone[0] if cell.nums[1].value >= 0 else None


def _iqr_width(cell: Cell, spec: Spec) -> bool:
    """``2 (1.5)`` under ``median (IQR)``: the bracket holds the IQR as one number."""
    return spec.slots[:2] in (("median", "iqr_low"),) and _norm_shape(cell.shape) == "N(N)" and not _count_share(cell)


def assign(cell: Cell, specs: Sequence[Spec], strict: bool = False) -> Optional[list[tuple[str, float]]]:
    """``[(slot, value)]`` for the first spec ``cell`` fits, else None (values not read)."""
    got = assign_nums(cell, specs, strict=strict)
    return None if got is None else [(s, n.value) for s, n in got]


def assign_nums(cell: Cell, specs: Sequence[Spec], strict: bool = False,
                n_hint: Optional[float] = None, general: bool = False) -> Optional[list[tuple[str, Num]]]:
    """As :func:`assign`, with the :class:`Num` of each slot (offsets for provenance).

    When a count label and a mean label both fit (``12 (40.0)`` under "n (%) or mean (SD)"),
    the count wins where the percentage is the count's share of ``n_hint`` (or, without a
    size, where both numbers are whole or the first is and the second is at most 100 with
    one decimal); otherwise the mean.

    ``general``: the specs are said of the whole article ("Data are presented as mean (SD) or
    median (IQR)" in the methods), not of this cell's table; a bracket of one number under
    them is the SD of a mean, since an IQR is printed as its two quartiles far more often
    than as one width (under a table's own legend saying both, such a cell stays unread)."""
    fitting = [sp for sp in specs if _fits(cell, sp, strict)]
    if fitting and not general and any(_iqr_width(cell, sp) for sp in specs) and \
            any(sp.slots[0] == "mean" for sp in fitting):
        return None  # "25 (7.75)" under "mean (SD), median (IQR)": either; not read
    if not fitting:
        fitting = [sp for sp in specs if _iqr_width(cell, sp)]
        if fitting:
            return [(s, n) for s, n in (("median", cell.nums[0]), ("iqr", cell.nums[1])) if n.rel == "="]
    if not fitting and not strict:
        spread = _lone_spread(cell, specs)
        if spread:
            return [(s, n) for s, n in (("mean", cell.nums[0]), (spread, cell.nums[1])) if n.rel == "="]
    kinds = {sp.slots[0] for sp in fitting}
    if len(fitting) > 1 and "events" in kinds and kinds & {"mean", "median"}:
        if len(cell.nums) < 2:
            return None  # one number under "n or mean": a count or a mean; not read
        k, p = cell.nums[0], cell.nums[1]
        count = k.integer and 0 <= p.value <= 100 and (
            abs(100.0 * k.value / n_hint - p.value) <= 0.51 * 10 ** -_decimals(p.text) + 1e-9 if n_hint else True)
        fitting.sort(key=lambda sp: (sp.slots[0] == "events") != count)
    for spec in fitting:
        out = list(zip(spec.slots, cell.nums))
        if _sane(out):
            # a censored value ("<1") is no value of its slot
            return [(s, n) for s, n in out if n.rel == "="]
    return None


def _decimals(t: str) -> int:
    m = re.search(r"[.·,](\d+)\s*$", t)
    return len(m.group(1)) if m else 0


def _sane(pairs: list[tuple[str, Num]]) -> bool:
    d = {s: n for s, n in pairs}
    for s in ("sd", "se"):
        if s in d and d[s].value < 0:
            return False
    if "percent" in d and not (0 <= d["percent"].value <= 100.5):
        return False
    if "events" in d and (not d["events"].integer or d["events"].value < 0):
        return False
    if "total" in d and (not d["total"].integer or d["total"].value <= 0 or
                         ("events" in d and d["events"].value > d["total"].value)):
        return False
    for lo, hi in (("iqr_low", "iqr_high"), ("range_low", "range_high"), ("ci_low", "ci_high")):
        if lo in d and hi in d and d[lo].value > d[hi].value:
            return False
    return True


# -- names without markers --------------------------------------------------------------------
# a unit's exponent ("kg/m^2", "mm^3", "L^-1"): after a short unit, never a bare 1, nor a
# positive one after a capital ("Group A^1", "Group B^2", "Placebo^2" carry a footnote mark)
_UNIT_EXP = fastre.lazy(r"(?<![A-Za-z]{5})(?:(?<=[a-zµμ/])\^(?P<e>[-−]\d|[2-9])|(?<=[A-Z])\^(?P<neg>[-−]\d))(?![\d\w])")
# a raised run ends at a space or bracket; a lone letter before a capitalised word ("PHQ^bPre")
# is the marker, the word is the label's own
_SUP_RUN = fastre.lazy(r"\s*\^(?:[a-z](?=[A-Z][a-z])|[^\s()\[\]]*)")
_SUP_IN_WORD = fastre.lazy(r"(?<=[A-Za-z])\^(?=[a-z]{3,}\b)")  # "e^fficacy": a ligature read as raised
_TRAIL_MARK = fastre.lazy(r"(?:\s*[" + _MARK_CH + r"]+)+\s*$")
_LEAD_MARK = fastre.lazy(r"^\s*[" + _MARK_CH + r"]+\s*")
_MID_MARK = fastre.lazy(r"(?<=[\w)\]%])[" + _MARK_CH + r"]+(?=[\s,;:)(\]])")


def strip_markers(text: str) -> str:
    """``text`` without footnote markers: superscript runs (``^a``, ``^*,†``), trailing and
    leading marker characters; a unit's exponent stays (``kg/m^2`` reads ``kg/m2``).

    >>> strip_markers("Dosing interruptions,^b n (%)"), strip_markers("BMI, kg/m^2"), strip_markers("Triple-negative*†")
    ('Dosing interruptions, n (%)', 'BMI, kg/m2', 'Triple-negative')
    """
    return _strip_markers(text)


@lru_cache(maxsize=8192)
def _strip_markers(text: str) -> str:
    """:func:`strip_markers`, read once per text and process (cells and labels repeat)."""
    t = _SUP_IN_WORD.sub("", text)
    t = _UNIT_EXP.sub(lambda m: m["e"] or m["neg"], t)
    t = _SUP_RUN.sub(lambda m: " " if m.group().startswith(" ") or len(m.group()) == 2 and m.group()[1].islower()
                     and m.string[m.end():m.end() + 1].isupper() else "", t)
    t = t.replace("\u2003", " ").replace("\u2002", " ").replace("\xa0", " ")
    t = _LEAD_MARK.sub("", t)
    t = _TRAIL_MARK.sub("", t)
    t = _MID_MARK.sub("", t)
    t = re.sub(r"\s+([,;:)])", r"\1", t)
    return re.sub(r"\s{2,}", " ", t).strip()
