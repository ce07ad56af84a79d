"""Words of a reviewer's question against words of an article: tokens, normal forms, overlap.

Matching must survive the ways the same thing is written twice: case, British and American
spelling (``haemoglobin``/``hemoglobin``, ``randomised``/``randomized``), singular and plural
(``infections``/``infection``, ``therapies``/``therapy``), hyphens and Unicode dashes, and
abbreviations (``6MWD`` for ``6-minute walk distance``), which the document's abbreviation map
expands.

>>> norm("Haemoglobin")
'hemoglobin'
>>> [norm(w) for w in ("infections", "therapies", "randomised", "behaviour", "status")]
['infection', 'therapy', 'randomized', 'behavior', 'status']
>>> [norm(w) for w in ("Hours", "four", "odours", "tumour")]
['hour', 'four', 'odor', 'tumor']
>>> tokens("Peak inspiratory pressure (PIP), cmH2O")
['Peak', 'inspiratory', 'pressure', 'PIP', 'cmH2O']
>>> content("the incidence of post-operative nausea", outcome=True)
['post', 'operative', 'nausea']
>>> expand("6MWD at 12 weeks", {"6MWD": "6-minute walk distance"})
'6MWD at 12 weeks (6-minute walk distance)'
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

__all__ = ["tokens", "norm", "content", "expand", "spelled_out", "acronyms", "units", "words", "token_f1", "DATA",
           "times", "time_spans", "same_time", "time_unit", "UNIT_AFTER", "UNIT_DAYS", "NUMBER_WORDS"]

DATA = Path(__file__).resolve().parent.parent / "data" / "compare"

_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F\u0370-\u03FF]+(?:[.·,]\d+)?")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
# a unit in brackets after an outcome's name ("sVCAM-1 (ng/dL)", "Weight (kg)", "HbA1c (%)"):
# not a word of the outcome
_UNITS = ("mg|g|kg|µg|μg|ug|ng|pg|ml|mL|l|L|dl|dL|cm|mm|m|km|mmHg|mmol|µmol|μmol|nmol|pmol|mol|"
          "iu|IU|U|kcal|cal|bpm|min|s|sec|h|hr|hrs|hours?|days?|weeks?|months?|years?|points?|score")
# a unit may carry a power ("cm2", "cm²", "m^2", "kg m−2", "kg·m-2")
_POWER = r"(?:\^?[-−]?[23²³](?![\d.]))?"
_UNIT = (r"(?:%|(?:{u}){p}(?:\s*[·⋅ ]\s*(?:{u}){p})?(?:\s*/\s*[A-Za-zµμ0-9.²³ ]{1,12})?|"
         r"[A-Za-zµμ]{1,6}\s*/\s*[A-Za-zµμ0-9.²³]{1,8}"
         r"(?:\s*/\s*[A-Za-zµμ0-9.²³]{1,8})?)").replace("{u}", _UNITS).replace("{p}", _POWER)
# ... or after a comma at the end ("RRT dose, mL/kg/h", "Duration, days")
_UNIT_PAREN = re.compile(rf"[(\[]\s*{_UNIT}\s*[)\]]|[,;]\s*{_UNIT}\s*(?=$|[(\[,;])")


@lru_cache(maxsize=None)
def words(key: str) -> frozenset[str]:
    """A word list of ``data/compare/words.json`` as a set."""
    with open(DATA / "words.json", encoding="utf-8") as fh:
        data = json.load(fh)
    return frozenset(data[key])


def tokens(text: str) -> list[str]:
    """Word and number tokens of ``text`` as written (hyphens and punctuation split)."""
    return _TOKEN.findall(text.translate(_DASHES))


_SPELLING = ((re.compile(r"ae"), "e"), (re.compile(r"oe(?=[a-z])"), "e"),
             (re.compile(r"^([a-z]{2,})our(s?)$"), r"\1or\2"), (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
             (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"), (re.compile(r"([^aeiou])tre(s?)$"), r"\1ter\2"),
             (re.compile(r"ogue(s?)$"), r"og\1"))
_KEEP_S = re.compile(r"(?:ss|us|is|ous|ics|sis|xis|as|os)$")


@lru_cache(maxsize=65536)
def norm(word: str) -> str:
    """One token's normal form: lower case, American spelling, singular."""
    w = word.lower()
    if len(w) <= 3 or w.isdigit() or word.isupper():
        return w  # short words and acronyms ("BPRS", "HADS") as written
    for pat, rep in _SPELLING:
        w = pat.sub(rep, w)
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses") or w.endswith("xes") or w.endswith("ches") or w.endswith("shes"):
        w = w[:-2]
    elif w.endswith("s") and not _KEEP_S.search(w) and len(w) > 3:
        w = w[:-1]
    return w


def content(text: str, *, outcome: bool = False, arm: bool = False) -> list[str]:
    """Normal forms of the content words of ``text`` (stop words out; with ``outcome`` the
    generic outcome words such as "incidence" or "level", with ``arm`` the generic arm words
    such as "group" or "mg", out as well)."""
    stop = words("stopwords")
    drop = (words("generic_outcome_words") if outcome else frozenset()) | \
        (words("generic_arm_words") if arm else frozenset())
    if outcome:
        text = _UNIT_PAREN.sub(" ", text)
    out = []
    for t in tokens(text):
        n = norm(t)
        if n in stop or n in drop:
            continue
        out.append(n)
    return out


def _uses(text: str, short: str, toks: set[str]) -> bool:
    """Whether ``text`` writes the abbreviation ``short`` as a word of its own (``IL-6``,
    ``sVCAM-1`` and ``HOMA-IR`` keep their hyphens: "IL-6" is not used by "IL-10")."""
    if short in toks:
        return True
    if not re.search(r"[^A-Za-z0-9]", short):
        return False
    return re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-]|\.\d)", text.translate(_DASHES)) is not None


def units(text: str) -> set[str]:
    """The units an outcome's name states in brackets or after a comma ("WC changes (%)",
    "Waist, cm, Change (%)"), normalised.

    >>> sorted(units("Waist, cm, Change (%)")), sorted(units("HbA1c [%]")), units("Pain")
    (['%', 'cm'], ['%'], set())
    >>> sorted(units("Fat area, cm2, Change (%)")), sorted(units("BMI, kg m−2")), sorted(units("Area (cm²)"))
    (['%', 'cm2'], ['kgm−2'], ['cm²'])
    """
    return {re.sub(r"[\s(\[\]),;]+", "", m.group(0)).lower() for m in _UNIT_PAREN.finditer(text)}


def expand(text: str, abbreviations: dict[str, str]) -> str:
    """``text`` with the long form of each abbreviation it uses appended in parentheses, and
    the short form of each long form it spells out (so either spelling matches)."""
    extra = []
    toks = set(tokens(text))
    low = text.lower()
    for short, long in abbreviations.items():
        if _uses(text, short, toks) and long.lower() not in low:
            extra.append(long)
        elif len(long) > 3 and long.lower() in low and short not in toks:
            extra.append(short)
    return f"{text} ({'; '.join(extra)})" if extra else text


# an acronym, with a lower-case prefix of its own ("hs-CRP", "sVCAM"), a capital after a
# hyphen ("CIS-R", spelled out by a word of its own: "... Schedule - Revised") and a number after
# a hyphen ("sVCAM-1", not spelled out by the long form's initials)
_ACRONYM = re.compile(r"(?<![\w-])((?:\d|[a-z]{1,2}-?)?[A-Z][A-Za-z]{0,2}[A-Z]{1,7}[s]?(?:-[A-Z]{1,2})?)"
                      r"(?:-\d{1,2})?(?![\w-])")
_LINK_WORDS = frozenset(("of", "and", "the", "for", "in", "on", "to", "with", "&"))
# a number written out stands for its digit in an acronym ("six-minute walk test", 6MWT)
_DIGIT_WORDS = {w: str(i) for i, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven",
                                                 "eight", "nine"))}


def _initial(w: str) -> str:
    """The letter (or digit) a word gives an acronym."""
    return _DIGIT_WORDS.get(w.lower(), w[0].lower())


def acronyms(text: str) -> list[str]:
    """The acronyms ``text`` writes (``AEs``, ``hs-CRP``, ``QoL``), in order.

    >>> acronyms("AEs and hs-CRP were lower; QoL improved (P = 0.01)")
    ['AEs', 'hs-CRP', 'QoL']
    """
    return [m.group(1) for m in _ACRONYM.finditer(text)]


def spelled_out(text: str, other: str, known: dict[str, str] = {}) -> dict[str, str]:
    """Acronyms of ``text`` that ``other`` spells out by the initials of consecutive words
    (``BPRS`` and "Brief Psychiatric Rating Scale", ``QoL`` and "quality of life"), as an
    abbreviation map for :func:`expand`; acronyms in ``known`` are left to it.

    >>> spelled_out("BPRS positive symptoms", "Brief Psychiatric Rating Scale positive symptoms")
    {'BPRS': 'Brief Psychiatric Rating Scale'}
    >>> spelled_out("QoL", "health-related quality of life")
    {'QoL': 'quality of life'}
    >>> spelled_out("SBP at 6 weeks", "diastolic blood pressure")
    {}
    >>> spelled_out("hs-CRP, mg/L", "high-sensitivity C-reactive protein")
    {'hs-CRP': 'high-sensitivity C-reactive protein'}
    >>> spelled_out("HDRS-R total", "Hamilton Depression Rating Scale – Revised (HDRS-R) total")
    {'HDRS-R': 'Hamilton Depression Rating Scale Revised'}
    >>> spelled_out("Distance in 6MWT (meters)", "distance in the six-minute walking test")
    {'6MWT': 'six-minute walking test'}
    """
    out: dict[str, str] = {}
    toks = None
    for m in _ACRONYM.finditer(text):
        short = m.group(1)
        if short in known or short in out:
            continue
        if toks is None:
            toks = [t for t in re.findall(r"[A-Za-z][A-Za-z'-]*", other)]
        letters = short.lower().rstrip("s") if short[-1] == "s" and short[:-1].isupper() else short.lower()
        letters = letters.replace("-", "")
        if len(letters) < 2:
            continue
        for i in range(len(toks)):
            k, j, used = 0, i, []
            while j < len(toks) and k < len(letters):
                w = toks[j]
                parts = w.split("-")
                if len(parts) > 1 and k + len(parts) <= len(letters) and \
                        all(p and _initial(p) == letters[k + n] for n, p in enumerate(parts)):
                    k += len(parts)
                elif _initial(w) == letters[k]:
                    k += 1
                elif not (w.lower() in _LINK_WORDS and used):
                    break
                used.append(w)
                j += 1
            if k == len(letters) and used and used[-1].lower() not in _LINK_WORDS:
                out[short] = " ".join(used)
                break
    return out


def token_f1(a: str | Iterable[str], b: str | Iterable[str]) -> float:
    """Token F1 of two texts (lower-cased word tokens, as counted multisets)."""
    from collections import Counter

    ta = Counter(t.lower() for t in (tokens(a) if isinstance(a, str) else a))
    tb = Counter(t.lower() for t in (tokens(b) if isinstance(b, str) else b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


# -- time points -----------------------------------------------------------------------------
NUMBER_WORDS = {w: i for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve".split(), 1)}
NUMBER_WORDS.update(twenty=20, thirty=30, forty=40, fifty=50, sixty=60, ninety=90)
# one time point, a number and its unit in either order, the unit written out or abbreviated,
# joined by a space, a hyphen, a dot or nothing: "12 weeks", "12-wk", "6.month", "three months",
# "1-year", "48 h"; "week 12", "wk 4", "W12", "mo 6", "Month-6"
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"
UNIT_AFTER = r"(h|hours?|hrs?|d|days?|wks?|weeks?|mos?|mths?|months?|y|yrs?|years?|min|mins|minutes?)"
_UNIT_BEFORE = r"(hours?|days?|wks?|weeks?|mos?|mths?|months?|yrs?|years?)"
_TIME_SPAN = re.compile(r"\b" + _NUM + r"(?:\s*[-.]\s*|\s+)?" + UNIT_AFTER + r"\b"
                        r"|\b" + _UNIT_BEFORE + r"(?:\s*[-.]\s*|\s*)(\d+(?:\.\d+)?)\b"
                        r"|\b(w)[-.]?(\d+)\b", re.I)
#: days in one unit: "12 months", "1 year" and "52 weeks" name one time point
UNIT_DAYS = {"min": 1 / 1440, "h": 1 / 24, "d": 1, "w": 7, "m": 365.25 / 12, "y": 365.25}


def time_unit(word: str) -> str:
    w = word.lower()
    if w.startswith("mi"):
        return "min"
    if w.startswith("m"):
        return "m"
    return "w" if w.startswith("w") else w[0]


def time_spans(text: str) -> list[tuple[int, int, float]]:
    """The time points ``text`` names: ``(start, end, days)`` of each, a number spelled out
    counting as written in digits."""
    out = []
    for m in _TIME_SPAN.finditer(text or ""):
        if m.group(1):
            n, u = m.group(1).lower(), m.group(2)
        elif m.group(3):
            n, u = m.group(4), m.group(3)
        else:
            n, u = m.group(6), m.group(5)
        v = float(NUMBER_WORDS.get(n, n) if not n[0].isdigit() else n)
        out.append((m.start(), m.end(), round(v * UNIT_DAYS[time_unit(u)], 4)))
    return out


def times(text: str) -> set[float]:
    """The time points ``text`` names, in days ("three months", "12 weeks", "week 12", "1-year",
    "48 h", "wk 4", "12-wk", "W12", "6.month")."""
    return {d for _, _, d in time_spans(text)}


def same_time(a: set[float], b: set[float]) -> bool:
    """Whether two sets of time points (days) share one, months and years counted loosely
    (26 weeks and 6 months)."""
    return any(abs(x - y) <= max(0.04 * max(x, y), 1e-9) for x in a for y in b)
