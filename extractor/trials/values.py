"""Per-arm value tokens: ``23/49``, ``23 of 49 (46.9%)``, ``46.94 percent``, ``n=22``,
``7.2 ± 1.1``, ``7.2 (1.1)``, ``430 (IQR 300–510)``, ``3 months``... each read into
(statistic, value, unit, offsets) parts.

>>> [(p.statistic, p.value) for p in parse_value("23 of 49 (46.9%)").parts]
[('events', 23.0), ('total', 49.0), ('percent', 46.9)]
>>> [(p.statistic, p.value) for p in parse_value("7.2 ± 1.1").parts]
[('mean', 7.2), ('sd', 1.1)]
>>> [(p.statistic, p.value, p.unit) for p in parse_value("median 430 (IQR, 300-510) m").parts]
[('median', 430.0, 'm'), ('iqr_low', 300.0, 'm'), ('iqr_high', 510.0, 'm')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .. import fastre
from .lexicon import load
from .numbers import parse_number

__all__ = ["Part", "Value", "VALUE_RX", "parse_value", "find_values"]

N = r"[-−–]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:[.·]\d+)?"
UN = r"[-−–]?(?:\d+)(?:[.·]\d+)?"
PCT = r"\s*(?:%|percent\b|per\s?cent\b)"
DASH = r"\s*(?:–|-|—|to|,)\s*"
# a count: digits, or digits in thousands groups ("1,210"; a list "1, 2" has a space)
C = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)"
# a count spelled out, where a total in digits follows ("four of 313", "8% [five of 313]")
WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                    "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
# "thirty-nine", "forty two", "twelve": a count below one hundred spelled out
WORD_COUNT = (r"(?:(?:" + "|".join(TENS) + r")(?:[-‐\s](?:" + _UNITS + r"))?|"
              + "|".join(sorted(WORDS, key=len, reverse=True)) + r")\b")
CW = r"(?:" + C + r"|" + WORD_COUNT + r")"


def word_count(word: str) -> Optional[int]:
    """The value of a count spelled out ("thirty-nine" -> 39), else None."""
    if not word.strip()[:1].isalpha():
        return None  # digits ("23"), a sign: no word
    w = re.split(r"[-‐\s]+", word.strip().lower())
    if len(w) == 1:
        return WORDS.get(w[0], TENS.get(w[0]))
    if len(w) == 2 and w[0] in TENS and w[1] in WORDS and 0 < WORDS[w[1]] < 10:
        return TENS[w[0]] + WORDS[w[1]]
    return None


# a whole SD in brackets after a mean with decimals ("6.9 [2]"); after a whole number a bracketed
# integer is more often a citation ("in 2010 [12]")
BRACKET_INT = "|".join(r"(?<=\d[.·]" + r"\d" * k + sp + r"\[)\d{1,3}(?![\d.·])" for k in (1, 2, 3) for sp in ("", r"\s"))
# who a count counts, between the count and its percentage: "116 patients (9.6%)", "one
# patient (4.1%)"
WHO = (r"(?:\s+(?:(?:patient|participant|subject|person|infant|neonate|newborn|adult|adolescent|individual|case|"
       r"mother|student|volunteer|eye)s?|people|wom[ae]n|m[ae]n|child(?:ren)?))?")
WHO_REQ = WHO[:-1]


def _units(guarded: bool = True) -> str:
    """The units a value may carry: the lexicon's, each whole (``mg/l`` is not ``m``), and any
    compound unit written with a slash (``mg/l``, ``pg/ml``, ``mL/kg/h``).

    ``guarded``: the alternatives open with a look at the next character (one a unit can
    start with, :func:`extractor.fastre.start_class`), so that after a number followed by
    anything else (a bracket, a comma, "vs") the engine tries none of them; the same matches."""
    units = (r"(?:[A-Za-zµμ]{1,5}/[A-Za-zµμ][A-Za-z0-9µμ.²³]{0,7}(?:/[A-Za-zµμ][A-Za-z0-9µμ.²³]{0,5})?|"
             + load("results")["result_units"] + r")")
    first = fastre.start_class(units, re.I) if guarded else None
    return r"(?:" + (f"(?={first})" if first else "") + units + r"(?![\w/]))"


# what a value token starts with (every form below opens with one of them): a digit or a sign,
# "n" ("n = 22"), a statistic's word or a count spelled out.  Looked at first, it lets the
# engine leave at once every other word of a sentence, where it would try each form in turn.
# (A form opening with anything else must be added here: tests/test_trials.py compares the
# guarded pattern with the unguarded one.)
_VALUE_START = r"(?=[-−–\d]|(?:n|median|mean|average)\b|" + WORD_COUNT + ")"


@dataclass(frozen=True)
class Part:
    statistic: str
    value: float
    start: int  # offsets relative to the string parsed
    end: int
    unit: Optional[str] = None


@dataclass(frozen=True)
class Value:
    start: int
    end: int
    parts: tuple[Part, ...] = field(default_factory=tuple)
    form: str = ""  # events_total, count_pct, pct, mean_sd, mean_paren, median_iqr, plain, n_eq


def _value_rx(guarded: bool = True) -> re.Pattern:
    """The value token pattern; ``guarded``: with the looks ahead that make it faster
    (:data:`_VALUE_START`, :func:`_units`), the same matches."""
    u = _units(guarded)
    forms = [
        # 11.7% (24/206)
        rf"(?P<pc0>{N}){PCT}\s*[(\[]\s*(?P<ev0>{CW})\s*(?:/|of)\s*(?P<tot0>{C})\s*[)\]]",
        # 23/49 (46.9%)  | 23/49
        rf"(?P<ev1>{C})\s*/\s*(?P<tot1>{C})(?:\s*[(\[]\s*(?P<pc1>{UN}){PCT}?\s*[)\]])?",
        # 23 of 49 (46.9%) | 12 out of 40 | 5 of the 7 subjects | five of the nine patients (a total spelled out is
        # read only before the word for who it counts, or a noun and its percentage)
        rf"(?P<ev2>{CW})\s+(?:out\s+)?of\s+(?:(?:the\s+(?={C}{WHO_REQ}))?(?P<tot2>{C}){WHO}|(?:the\s+)?(?P<tot2w>{WORD_COUNT})(?:{WHO_REQ}|\s+[a-z]{{3,}}(?=\s*\(\s*{UN}{PCT}\s*\))))(?:\s*\(\s*(?P<pc2>{UN}){PCT}?\s*\))?",
        # n=22 | n = 22 (12%)
        rf"\bn\s*=\s*(?P<ev3>\d+)(?:\s*\(\s*(?P<pc3>{UN}){PCT}\s*\))?",
        # 12 (40%) / 12 (40) / five patients (16.2%)  count with percent
        rf"(?P<ev4>{CW}){WHO}\s*[(\[]\s*(?P<pc4>{UN}){PCT}\s*[)\]]",
        # median 430 (IQR 300–510) / (range 1-9)
        # (quartiles written "(0; 3)" or "(Q1 = 3.7, Q3 = 10.7)")
        rf"(?:(?P<mlab>median|mean)\s+)?(?P<med>{N})\s*(?P<u5>{u})?\s*(?:,\s*(?=\(\s*Q1))?[\[(]\s*(?:(?P<rk>IQR|interquartile\s+range|range|Q1[-–]Q3|95%\s*CI|Q1)\s*[,:=]?\s*)?(?P<lo>{N})(?:{DASH}|\s*;\s*)(?:Q3\s*[=:]?\s*)?(?P<hi>{N})\s*(?P<u5b>{u})?\s*[\])]\s*(?P<u5c>{u}(?![\w]))?",
        # mean ± SD
        rf"(?:(?P<mlab6>mean|median)\s+(?:of\s+)?)?(?P<mean6>{N})\s*(?:±|\+/-|\+-|\+/−)\s*(?P<sd6>{N})(?:\s*(?P<u6>{u}))?",
        # mean (SD 1.2) / mean (1.2) / mean (±1.2, range 0-4) — the bare form is resolved by context (n (%) vs mean (SD))
        rf"(?:(?P<mlab7>mean|median)\s+(?:of\s+)?)?(?P<mean7>{N})\s*(?P<u7>{u})?\s*(?:\(\s*(?:(?P<sdl>SD|s\.d\.|SE|SEM)\s*[,:=]?\s*|(?P<pm7>±|\+/-|\+-)\s*)?(?P<sd7>{N})\s*(?(sdl)(?:[;,]\s*(?:range|IQR|min(?:imum)?|median)\b[^()]{{0,40}})?|(?(pm7)(?:[;,]\s*(?:range\s*[=:]?\s*)?{N}(?:–|-|—|\s+to\s+){N}\s*)?))\)|\[\s*(?:(?P<sdl2>SD|s\.d\.|SE|SEM)\s*[,:=]?\s*)?(?P<sd7b>\d*[.·]\d+|{BRACKET_INT})\s*\])(?:\s*(?P<u7b>{u})(?![\w/]))?",
        # mean SD 1.2 / mean, SD = 1.2 (the spread named between the numbers, no bracket)
        rf"(?:(?P<mlab10>mean|median)\s+(?:of\s+)?)?(?P<mean10>{N})\s*(?P<u10>{u})?\s*,?\s*(?P<sdl10>SD|s\.d\.|SEM|SE)\s*[=:]?\s*(?P<sd10>{N})(?![\d.,])",
        # 46.94 percent / 46.9%
        rf"(?P<pc8>{N}){PCT}",
        # plain number with optional unit: median 430 m | 3 months
        rf"(?:(?P<mlab9>median|mean|average)\s+(?:of\s+)?)?(?P<num9>{N})(?:\s*(?P<u9>{u})(?![\w/]))?",
    ]
    return re.compile(r"(?<![\w.·/^])" + (_VALUE_START if guarded else "") + r"(?:" + "|".join(f"(?:{f})" for f in forms) + r")", re.I)


_RX: Optional[re.Pattern] = None


def VALUE_RX() -> re.Pattern:  # noqa: N802 - a lazily compiled constant
    global _RX
    if _RX is None:
        _RX = _value_rx()
    return _RX


def _unit(u: Optional[str]) -> Optional[str]:
    if not u:
        return None
    u = re.sub(r"\s+", " ", u.strip())
    return {"per cent": "%", "percent": "%"}.get(u.lower(), u)


def _part(m: re.Match, group: str, stat: str, unit: Optional[str] = None) -> Part:
    text = m[group]
    word = word_count(text)
    value = float(word) if word is not None else parse_number(text)
    return Part(stat, value, m.start(group), m.end(group), _unit(unit))


_group_index: list = [None, {}]  # the last pattern read, {group name: its index in groups()}


def _group_getter(m: re.Match):
    """``name -> m[name]``, read from one ``m.groups()`` tuple (``m.groupdict()`` builds a dict
    of every one of the value pattern's groups for each value read)."""
    rx, ix = _group_index
    if rx is not m.re:
        ix = {k: i - 1 for k, i in m.re.groupindex.items()}
        _group_index[:] = [m.re, ix]
    gs = m.groups()
    return lambda name: gs[ix[name]]


def from_match(m: re.Match, paren_as: str = "auto") -> Value:
    """Read one :data:`VALUE_RX` match into a :class:`Value`.

    ``paren_as`` resolves ``12 (40)`` without a percent sign: ``count_pct``, ``mean_sd`` or
    ``auto`` (``mean_sd`` unless the label says mean/median).
    """
    g = _group_getter(m)
    parts: list[Part] = []
    if g("pc0") is not None:
        parts = [_part(m, "pc0", "percent", "%"), _part(m, "ev0", "events"), _part(m, "tot0", "total")]
        form = "events_total"
    elif g("ev1") is not None:
        parts = [_part(m, "ev1", "events"), _part(m, "tot1", "total")]
        if g("pc1"):
            parts.append(_part(m, "pc1", "percent", "%"))
        form = "events_total"
    elif g("ev2") is not None:
        parts = [_part(m, "ev2", "events"), _part(m, "tot2" if g("tot2") is not None else "tot2w", "total")]
        if g("pc2"):
            parts.append(_part(m, "pc2", "percent", "%"))
        form = "events_total"
    elif g("ev3") is not None:
        parts = [_part(m, "ev3", "events")]
        if g("pc3"):
            parts.append(_part(m, "pc3", "percent", "%"))
        form = "n_eq"
    elif g("ev4") is not None:
        parts = [_part(m, "ev4", "events"), _part(m, "pc4", "percent", "%")]
        form = "count_pct"
    elif g("med") is not None:
        lab = (g("mlab") or "").lower()
        rk = (g("rk") or "").lower()
        unit = g("u5") or g("u5b") or g("u5c")
        if "ci" in rk:
            lo, hi = "ci_low", "ci_high"
        elif rk.startswith("range"):
            lo, hi = "range_low", "range_high"
        else:
            lo, hi = "iqr_low", "iqr_high"
        # an interval around a number with no word for it is a mean's ("121.4 (95% CI 119.8–123.0)");
        # a range or quartiles go with a median
        centre = lab or ("mean" if "ci" in rk else "median")
        parts = [_part(m, "med", centre, unit), _part(m, "lo", lo, unit), _part(m, "hi", hi, unit)]
        form = "median_iqr"
    elif g("mean6") is not None:
        lab = (g("mlab6") or "mean").lower()
        parts = [_part(m, "mean6", lab, g("u6")), _part(m, "sd6", "sd", g("u6"))]
        form = "mean_sd"
    elif g("mean7") is not None:
        lab = (g("mlab7") or "").lower()
        sdl = (g("sdl") or g("sdl2") or "").lower().replace(".", "")
        sd_group = "sd7" if g("sd7") is not None else "sd7b"  # "5.2 (0.3)" or "5.2 [0.3]"
        spread = {"se": "se", "sem": "se"}.get(sdl, "sd")
        if paren_as == "count_pct" and not lab and not sdl and not g("pm7") and re.fullmatch(r"\d+", m["mean7"]) \
                and not (g("u7") or g("u7b")):  # "138 (11) mm Hg": a unit makes it a mean (SD)
            parts = [_part(m, "mean7", "events"), _part(m, sd_group, "percent", "%")]
            form = "count_pct"
        else:
            u7 = g("u7") or g("u7b")
            parts = [_part(m, "mean7", lab or "mean", u7), _part(m, sd_group, spread, u7)]
            form = "mean_paren"
    elif g("mean10") is not None:
        lab = (g("mlab10") or "mean").lower()
        spread = "se" if g("sdl10").lower().startswith("se") else "sd"
        parts = [_part(m, "mean10", lab, g("u10")), _part(m, "sd10", spread, g("u10"))]
        form = "mean_sd"
    elif g("pc8") is not None:
        parts = [_part(m, "pc8", "percent", "%")]
        form = "pct"
    else:
        lab = (g("mlab9") or "").lower()
        lab = "mean" if lab == "average" else lab
        parts = [_part(m, "num9", lab or "value", g("u9"))]
        form = "plain"
    return Value(m.start(), m.end(), tuple(parts), form)


def parse_value(text: str, paren_as: str = "auto") -> Value:
    """Parse one value token (the whole string, stripped)."""
    m = VALUE_RX().match(text.strip())
    if not m:
        raise ValueError(f"not a value: {text!r}")
    return from_match(m, paren_as)


_ANY_DIGIT = re.compile(r"\d")


def find_values(text: str, start: int = 0, end: Optional[int] = None, paren_as: str = "auto") -> list[Value]:
    """Every value token of ``text[start:end]`` (offsets into ``text``)."""
    end = len(text) if end is None else end
    out: list[Value] = []
    skip_to = start
    for m in VALUE_RX().finditer(text, start, end):
        if m.start() < skip_to:
            continue  # the total of "265 [25%] of 1054", read with its count
        whole = m.group(0)
        if not whole.strip() or not _ANY_DIGIT.search(whole) and m["tot2w"] is None:
            continue
        v = from_match(m, paren_as)
        if v.form == "count_pct":
            t = _OF_TOTAL.match(text, v.end, end)
            if t is not None and _share_fits(v, int(t["tot"].replace(",", ""))):
                # "265 [25%] of 1054 participants": the count, its share, then its denominator
                tot = Part("total", float(t["tot"].replace(",", "")), t.start("tot"), t.end("tot"))
                ev, pc = v.parts  # (events, percent): the order of the other counts with totals
                v = Value(v.start, t.end("tot"), (ev, tot, pc), "events_total")
                skip_to = t.end()
        if out and v.form == "pct" and _percent_of(out[-1], v, text):
            last = out[-1]  # "9/23, 39%": the percentage of the count before it
            v = Value(last.start, v.end, last.parts + v.parts, last.form)
            out[-1] = v
            continue
        if out and v.form == "events_total" and out[-1].form == "pct" and _count_of(out[-1], v, text):
            # "44.5% in the CG (18 of 42 patients)": the count of the percentage before it; the
            # value stays where the percentage is, before the group it names
            last = out[-1]
            direct = bool(re.fullmatch(r"\s*[(\[]\s*|\s*[,;]\s*", text[last.end:v.start]))
            out[-1] = Value(last.start, v.end if direct else last.end, last.parts + v.parts, "events_total")
            continue
        out.append(v)
    return out


_OF_TOTAL = re.compile(r"\s+of\s+(?:the\s+|all\s+)?(?P<tot>\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?![\d.,·]|\s*%)")


def _share_fits(count: Value, total: int) -> bool:
    """A count's printed share is its count of ``total`` (to within one point)."""
    ev = next(p.value for p in count.parts if p.statistic == "events")
    pc = next(p.value for p in count.parts if p.statistic == "percent")
    return total > 0 and ev <= total and abs(100.0 * ev / total - pc) <= 1.0


_LIST_GAP = re.compile(r"\s*[,;]\s*")
_OPEN = re.compile(r"[(\[]\s*$")
_COUNT_GAP = re.compile(r"\s*[(\[]\s*|\s+(?:in|among|for|with)\s+(?:the\s+)?[^\d()\[\].;:,%]{1,40}?\s*[(\[]\s*")


def _count_of(pct: Value, count: Value, text: str) -> bool:
    """``count`` is ``pct``'s own count, in brackets right after it or after the group it names
    ("20.5% (8 of 39 patients)", "44.5% in the CG (18 of 42 patients)"), or after a comma in the
    bracket the percentage opens ("(32%, 7 of 22)"): events/total gives the
    percentage to within two points (an actuarial or adjusted rate printed beside the raw count)."""
    if any(p.statistic == "percent" for p in count.parts):
        return False
    if not _COUNT_GAP.fullmatch(text, pct.end, count.start) and not (
            _LIST_GAP.fullmatch(text, pct.end, count.start) and _OPEN.search(text, max(0, pct.start - 3), pct.start)):
        return False  # "(32%, 7 of 22)": the share first, then its count, in one bracket
    ev = next((p.value for p in count.parts if p.statistic == "events"), None)
    tot = next((p.value for p in count.parts if p.statistic == "total"), None)
    return ev is not None and bool(tot) and abs(100.0 * ev / tot - pct.parts[0].value) <= 2.0


def _percent_of(count: Value, pct: Value, text: str) -> bool:
    """``pct`` is ``count``'s own percentage written after a comma, a semicolon or in
    brackets, who is counted maybe between ("9/23, 39%", "(6/20 dogs; 30%)", "14/40 dogs
    (35%)"): the percentage agrees with events/total to within one point."""
    if count.form != "events_total" or any(p.statistic == "percent" for p in count.parts):
        return False
    if not re.fullmatch(r"\s*(?:(?!(?:vs|versus|and|or|to)\b)[A-Za-z]+\s*)?[,;(\[]\s*", text[count.end:pct.start]):
        return False
    ev = next(p.value for p in count.parts if p.statistic == "events")
    tot = next(p.value for p in count.parts if p.statistic == "total")
    return bool(tot) and abs(100.0 * ev / tot - pct.parts[0].value) <= 1.0

