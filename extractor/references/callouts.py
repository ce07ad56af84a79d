"""In-text callouts linked to reference-list entries.

* numeric brackets ``[1]``, ``[1,3-5]``, ``[2–4, 7]`` (ranges expanded);
* numeric parentheses ``(1–3)`` — only where the article's list is numbered, every number is a
  label of that list, and no "Fig."/"Table"/"n =" precedes;
* superscripts (``mortality.^12``, ``^1,3-5``: the reader's ``sup`` spans, or ``^`` runs in the
  text) — but never an exponent or a unit power: a superscript right after a digit, ``×10``,
  or a unit (``10^9/L``, ``m^2``, ``kg/m^2``) is not a callout;
* author–year: ``Smith et al., 2020``, ``Smith and Doe (2019)``, ``(Smith & Doe 2019; Lee 2020a)``
  matched to the first author's family name and year (plus the second author's for two-author
  works, and the year letter a/b/... given in list order);
* JATS/HTML links: ``xref`` spans whose ``rid`` names a ``ref`` span.

Every callout becomes one :class:`~extractor.model.Citation` per reference it names, with the
callout as written as ``marker``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

from .. import fastre

__all__ = ["Callout", "expand_numbers", "numeric_callouts", "superscript_callouts",
           "author_year_callouts", "author_year_index"]

_NUMLIST = r"\d{1,4}(?:\s*(?:[-–—‐]|,|;)\s*\d{1,4})*"
_BRACKET_NUM = fastre.lazy(rf"\[(?P<n>{_NUMLIST})\](?:\s*[-–—]\s*\[(?P<to>\d{{1,4}})\])?")
_PAREN_NUM = fastre.lazy(rf"\((?P<n>{_NUMLIST})\)")
_NOT_BEFORE_PAREN = fastre.lazy(
    r"(?:[Ff]ig(?:ure)?s?\.?|[Tt]ables?|[Ee]qs?\.?|[Ee]quation|[Ss]teps?|[Ss]tage|[Pp]hase|[Gg]rade|"
    r"[Ss]ection|[Aa]ppendix|[Bb]ox|[Pp]anel|n\s*=|N\s*=|[Dd]ose|[Aa]rms?|[Gg]roups?|[Tt]ype|"
    r"[Vv]ersion|[Cc]hapter|[Ll]evel|[Vv]isit)\s*$")
_SUP_TEXT = fastre.lazy(r"\^(?P<n>\d{1,4}(?:[-–,]\d{1,4})*)")
_UNIT_BEFORE = fastre.lazy(
    r"(?:\d|×\s*10|x\s*10|\b(?:m|cm|mm|km|µm|μm|nm|L|dL|mL|g|kg|mg|s|h|min|ft|in|mol|mmol)|/\s*[A-Za-zµμ]+)\s*$")


@dataclass(frozen=True)
class Callout:
    """A callout found in the text and the reference ordinals it names."""

    start: int
    end: int
    marker: str
    ordinals: tuple[int, ...]


def expand_numbers(s: str) -> list[int]:
    """``"1,3-5"`` → ``[1, 3, 4, 5]`` (ranges of at most 200, else the ends only).

    >>> expand_numbers("1,3-5"), expand_numbers("2–4; 7")
    ([1, 3, 4, 5], [2, 3, 4, 7])
    """
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", s.strip()):
        # ASCII digits, at most 9: "²" is a digit to str.isdigit() but not to int(), and a
        # 5,000-digit run in a damaged file is no callout (int() refuses it).
        m = re.fullmatch(r"([0-9]{1,9})\s*[-–—‐]\s*([0-9]{1,9})", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a <= b and b - a <= 200:
                out.extend(range(a, b + 1))
            else:
                out.extend([a, b])
        elif re.fullmatch(r"[0-9]{1,9}", part):
            out.append(int(part))
    seen: list[int] = []
    for n in out:
        if n not in seen:
            seen.append(n)
    return seen


def _map(nums: Iterable[int], label_to_ordinal: dict[str, int]) -> Optional[tuple[int, ...]]:
    out = []
    for n in nums:
        o = label_to_ordinal.get(str(n))
        if o is None:
            return None
        out.append(o)
    return tuple(out) if out else None


def numeric_callouts(text: str, spans: list[tuple[int, int]], label_to_ordinal: dict[str, int],
                     *, parentheses: bool) -> list[Callout]:
    """Bracketed (and, when asked, parenthesised) numeric callouts within ``spans``."""
    out = []
    for a, b in spans:
        for rx in ((_BRACKET_NUM, _PAREN_NUM) if parentheses else (_BRACKET_NUM,)):
            for m in rx.finditer(text, a, b):
                if rx is _PAREN_NUM:
                    before = text[max(0, m.start() - 20): m.start()]
                    if _NOT_BEFORE_PAREN.search(before) or re.search(r"\d\s*$", before):
                        continue
                nums = expand_numbers(m.group("n") + (f"-{m.group('to')}" if m.groupdict().get("to") else ""))
                if rx is _PAREN_NUM and len(nums) == 1 and nums[0] > 1900:
                    continue
                ords = _map(nums, label_to_ordinal)
                if ords:
                    out.append(Callout(m.start(), m.end(), m.group(0), ords))
    return out


def superscript_callouts(text: str, sup_spans: list[tuple[int, int]], spans: list[tuple[int, int]],
                         label_to_ordinal: dict[str, int]) -> list[Callout]:
    """Superscript callouts (``sup`` spans, or ``^`` runs when the reader gave no spans)."""
    runs = list(sup_spans)
    if not runs:
        for a, b in spans:
            runs.extend((m.start("n"), m.end("n")) for m in _SUP_TEXT.finditer(text, a, b))
    affil = [_affiliation_like(text, s, e) for s, e in runs]
    out = []
    for k, (s, e) in enumerate(runs):
        if not any(a <= s < b for a, b in spans):
            continue
        if affil[k] and any(affil[j] and abs(runs[j][0] - s) < 120 for j in range(len(runs)) if j != k):
            continue  # "Alan J Forster^1,2*, Tobias E Erlanger^5,6, ..." marks affiliations
        content = text[s:e].strip()
        if not re.fullmatch(r"\d{1,4}(?:\s*[-–,]\s*\d{1,4})*,?", content):
            continue
        lead = s - 1 if s > 0 and text[s - 1] == "^" else s
        if e < len(text) and text[e].isalpha():
            continue  # "^1Clinical Epidemiology Program, ..." marks an affiliation
        before = text[max(0, lead - 12): lead]
        if _UNIT_BEFORE.search(before) or not before.strip():
            continue
        ords = _map(expand_numbers(content.rstrip(",")), label_to_ordinal)
        if ords:
            out.append(Callout(lead, e, text[lead:e], ords))
    return out


def _affiliation_like(text: str, s: int, e: int) -> bool:
    """A superscript right after a capitalised name and before ", Name", " and", "*" or a line end."""
    lead = s - 1 if s > 0 and text[s - 1] == "^" else s
    before = text[max(0, lead - 30): lead]
    after = text[e: e + 6]
    return bool(re.search(r"[A-Z][\w'’\-]*[a-z]$", before)) and \
        bool(re.match(r"\*?(?:\s*,|\s+and\b|\s*\n|\s*$|\*)", after))


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def author_year_index(refs) -> dict[tuple, int]:
    """Keys ``(family, year+letter)`` and ``(family, family2, year+letter)`` → ordinal.

    Letters a, b, ... are given to works of the same first author and year in list order,
    unless the list printed them.
    """
    index: dict[tuple, int] = {}
    seen: dict[tuple, int] = {}
    for r in refs:
        names = [a for a in r.authors if a.get("family")]
        if not names or not r.year:
            continue
        fam = _fold(names[0]["family"])
        y = str(r.year)
        suffix = getattr(r, "year_suffix", "") or ""
        k = (fam, y)
        seen[k] = seen.get(k, 0) + 1
        letter = suffix or "abcdefghij"[seen[k] - 1]
        for yy in (y + letter, y):
            index.setdefault((fam, yy), r.ordinal)
            if len(names) >= 2:
                index.setdefault((fam, _fold(names[1]["family"]), yy), r.ordinal)
    return index


_NAME = r"[A-ZÀ-Þ][\w'’\-]+(?:\s(?:[A-Z][\w'’\-]+))?"
_PREFIX = r"(?:(?:van der|van den|van|von|de la|de|der|den|da|di|del|le|la|du)\s)?"
_AY = fastre.compile(
    rf"(?P<f1>{_PREFIX}{_NAME})(?:\s+et\s+al\.?|\s+(?:and|&)\s+(?P<f2>{_PREFIX}{_NAME}))?"
    rf"(?P<sep>,?\s*\(?\s*)(?P<y>(?:19|20)\d{{2}}[a-z]?)(?:\s*,\s*(?P<ys>(?:19|20)\d{{2}}[a-z]?))*\)?")


def author_year_callouts(text: str, spans: list[tuple[int, int]], index: dict[tuple, int]) -> list[Callout]:
    """Author–year callouts whose name and year match an entry of ``index``."""
    out = []
    for a, b in spans:
        for m in _AY.finditer(text, a, b):
            f1 = _fold(m.group("f1").split()[-1])
            f1_full = _fold(m.group("f1"))
            years = re.findall(r"(?:19|20)\d{2}[a-z]?", m.group(0)[m.start("y") - m.start():])
            f2 = _fold(m.group("f2")) if m.group("f2") else None
            ords = []
            for y in years:
                o = None
                for fam in (f1_full, f1):
                    if f2:
                        o = index.get((fam, f2, y))
                    o = o or index.get((fam, y))
                    if o:
                        break
                if o and o not in ords:
                    ords.append(o)
            if ords:
                marker = m.group(0)
                if marker.endswith(")") and "(" not in marker:
                    marker = marker[:-1]
                out.append(Callout(m.start(), m.start() + len(marker), marker, tuple(ords)))
    return out
