"""Numbers as clinical articles print them: thousands separators, middle dots, Unicode minus
signs, scientific notation in its many spellings, and doses whose exponent lost its superscript.

>>> parse_number("1,106"), parse_number("0·03"), parse_number("−0.5"), parse_number(".001")
(1106.0, 0.03, -0.5, 0.001)
>>> parse_number("2.1×10−4"), parse_number("4 x 10(7)"), parse_number("4x10E7"), parse_number("4 × 10⁷")
(0.00021, 40000000.0, 40000000.0, 40000000.0)
>>> d = find_doses("three IV infusions of MSC (4×107 cells/dose on days 0, 3, and 6)")[0]
>>> d.written, d.value, d.unit, d.exponent_lost
('4×107 cells/dose', 40000000.0, 'cells/dose', True)
>>> find_doses("4×10^7 cells/kg")[0].value, find_doses("4×10^7 cells/kg")[0].exponent_lost
(40000000.0, False)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .. import fastre
from .lexicon import load

__all__ = ["NUM", "NUM_RX", "parse_number", "Dose", "find_doses", "normalize_minus"]

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
MINUS = "−–—‒"

# A plain number: thousands groups, a decimal point or middle dot, leading minus signs.
NUM = r"(?<![\w.·])[-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:[.·]\d+)?(?![\w])"
_NUM_CORE = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:[.·]\d+)?|[.·]\d+"
NUM_RX = fastre.lazy(r"(?<![\w.·^/])(?P<sign>[-−–](?=[\d.]))?(?P<num>" + _NUM_CORE + r")(?![\d])")

# Scientific notation: 4×10^7, 4 x 10(7), 4x10E7, 4 × 10⁷, 2.1×10−4, 2.1e-4.
# A mantissa starts where a digit run starts (the look-behind): without it a long run of digits
# in a damaged text layer is retried from every position, in quadratic time.  The look-behind
# stands after the first digit ("\d(?<![\d.·]\d)" is "(?<![\d.·])\d"): a pattern that opens
# with a digit lets the engine skip to the next digit itself instead of trying every position
# (the same matches; so do LOST_RX and the plain dose pattern).
SCI_RX = fastre.lazy(
    r"(?P<mant>\d(?<![\d.·]\d)\d*(?:[.·]\d+)?)\s*(?:[x×✕*·]\s*10\s*(?:\^\s*\(?(?P<e1>[-−–]?\s*\d{1,3})\)?"
    r"|\((?P<e2>[-−–]?\d{1,3})\)|[eE](?P<e3>[-−–]?\d{1,3})|(?P<e4>[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
    r"|(?P<e5>[-−–]\s*\d{1,3}))|[eE](?P<e6>[-−–+]?\d{1,3}))(?![\d])"
)
# The same with the exponent marker lost: "4×107" (the superscript 7 flattened to "107").
LOST_RX = fastre.lazy(r"(?P<mant>\d(?<![\d.·]\d)\d*(?:[.·]\d+)?)\s*[x×]\s*10(?P<exp>\d{1,2})(?![\d.,])")


def normalize_minus(s: str) -> str:
    for ch in MINUS:
        s = s.replace(ch, "-")
    return s


def parse_number(text: str) -> float:
    """The value of one number as printed (see the module doctest for the forms understood)."""
    t = text.strip()
    if t.isascii() and t.replace(".", "", 1).isdigit():
        return float(t)  # "46.94", "12": nothing to read but the digits (the common case)
    m = SCI_RX.fullmatch(t)
    if m:
        mant = m["mant"].replace("·", ".")  # the digits as printed: f"{1e-05}e0" is no number
        exp = next(g for g in (m["e1"], m["e2"], m["e3"], m["e4"], m["e5"], m["e6"]) if g)
        exp = int(normalize_minus(exp.translate(SUPERSCRIPTS)).replace(" ", ""))
        return float(f"{mant}e{exp}")
    t = re.sub("[ \u2009\u202f\u00a0]", "", normalize_minus(t).replace(",", "").replace("·", "."))
    return float(t)


@dataclass(frozen=True)
class Dose:
    """A dose found in text: offsets of ``written``, its value and unit."""

    start: int
    end: int
    written: str
    value: float
    unit: str
    exponent_lost: bool = False
    intended: Optional[str] = None  # e.g. "4×10^7" when the exponent was lost


def _dose_units() -> str:
    return load("arms")["dose_units"]


@lru_cache(maxsize=1)
def _dose_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(a dose unit right after a number, a plain number and its dose unit), built once."""
    units = _dose_units()
    return (re.compile(r"\s*(?P<unit>" + units + r")(?![\w])(?!\s*/\s*[dmµμ]?[lL]\b)", re.I),
            re.compile(r"(?P<num>\d(?<![\w.^×x]\d)\d*(?:[.,]\d+)?)\s*(?P<unit>" + units + r")(?![\w])(?!\s*/\s*[dmµμ]?[lL]\b)", re.I))


_COUNT_UNIT = fastre.lazy(r"^(?:cells?|vg|copies|PFU|CFU|IU|U|units|particles)\b", re.I)


def find_doses(text: str, offset: int = 0, sup_ranges: tuple[tuple[int, int], ...] = ()) -> list[Dose]:
    """Doses (a number or scientific number followed by a dose unit) in ``text``.

    ``offset`` is added to positions; ``sup_ranges`` are superscript spans of the source in the
    same coordinates, so that ``4×107`` whose ``7`` was a superscript is read as 4×10^7 without
    a flag (the text kept the marker elsewhere: readers write ``^7``).
    """
    doses: list[Dose] = []
    taken: list[tuple[int, int]] = []
    unit_rx, plain = _dose_patterns()
    for m in SCI_RX.finditer(text):
        u = unit_rx.match(text, m.end())
        if not u:
            continue
        value = parse_number(m.group(0))
        doses.append(Dose(offset + m.start(), offset + u.end(), text[m.start():u.end()], value,
                          re.sub(r"\s+", "", u["unit"])))
        taken.append((m.start(), u.end()))
    for m in LOST_RX.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        u = unit_rx.match(text, m.end())
        if not u or not _COUNT_UNIT.match(u["unit"]):
            continue
        exp = int(m["exp"])
        if exp < 2:
            continue
        in_sup = any(a <= offset + m.start("exp") < b for a, b in sup_ranges)
        mant = m["mant"].replace("·", ".")  # the digits as printed, not a float's repr
        intended = f"{m['mant']}×10^{m['exp']}"
        doses.append(Dose(offset + m.start(), offset + u.end(), text[m.start():u.end()],
                          float(f"{mant}e{exp}"), re.sub(r"\s+", "", u["unit"]),
                          exponent_lost=not in_sup, intended=intended))
        taken.append((m.start(), u.end()))
    for m in plain.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        unit = re.sub(r"\s+", "", m["unit"])
        if unit.lower() in {"l", "g", "u"} and not re.search(r"\d\s*(?:g|L|U)\b", m.group(0)):
            continue
        doses.append(Dose(offset + m.start(), offset + m.end(), m.group(0),
                          parse_number(m["num"].replace(",", ".") if "," in m["num"] and len(m["num"].split(",")[1]) != 3 else m["num"]),
                          unit))
    doses.sort(key=lambda d: d.start)
    return doses
