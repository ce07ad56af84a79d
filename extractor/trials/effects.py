"""Effect estimates in text: OR/RR/HR/IRR, risk/mean/median differences, SMD, NNT, with a
confidence interval at any level and a p-value; plus standalone p-values.

>>> h = find_effects("an odds ratio (OR) of 1.68 (p=0.2819)")[0]
>>> h.measure, h.value, h.p_value, h.p_relation
('OR', 1.68, 0.2819, '=')
>>> h = find_effects("HR 0.75 (95% CI, 0.61 to 0.92; P<.001)")[0]
>>> h.measure, h.value, h.ci_low, h.ci_high, h.ci_level, h.p_value, h.p_relation
('HR', 0.75, 0.61, 0.92, 95.0, 0.001, '<')
>>> [(h.measure, h.value, h.p_value) for h in find_effects("(67 vs 50; difference, 12.86; p=0.0278)")]
[('difference', 12.86, 0.0278)]
>>> find_effects("P=0·03")[0].p_value, find_effects("p = 2.1×10−4")[0].p_value
(0.03, 0.00021)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from .. import fastre
from .lexicon import load, pairs, rx
from .numbers import parse_number

__all__ = ["EffectHit", "find_effects", "find_p_values", "find_cis"]

_NUM = r"[-−–]?(?:\d+)?[.·]?\d+"


@dataclass(frozen=True)
class EffectHit:
    start: int
    end: int
    measure: Optional[str]
    value: Optional[float] = None
    value_span: Optional[tuple[int, int]] = None
    ci_low: Optional[float] = None
    ci_high: Optional[float] = None
    ci_level: Optional[float] = None
    p_value: Optional[float] = None
    p_relation: Optional[str] = None
    p_span: Optional[tuple[int, int]] = None


@lru_cache(maxsize=None)
def _measure_rx() -> re.Pattern:
    alts = []
    for i, (name, pat) in enumerate(pairs("results", "measures")):
        alts.append(f"(?P<m{i}>{pat.pattern})")
    body = "|".join(alts)
    # every measure opens with a word boundary and one of a few letters: looked at first, they
    # let the engine leave every other position at once (fastre.lead; the same matches)
    lead = fastre.lead("|".join(p.pattern for _, p in pairs("results", "measures")), re.I)
    return re.compile(
        rf"{lead}(?:{body})\s*(?:\((?:[A-Za-z]{{1,4}})\)\s*)?(?:(?:for|of|in)\s+(?!means\b|medians\b)[A-Za-z][^,;()\d]{{0,60}}?\s+(?=was\b|were\b|is\b|:|,|=|[-−–]?\d))?(?:[,:=]|\bof\b|\bwas\b|\bwere\b|\bis\b|\bwas\s+found\s+to\s+be\b|\bamounted\s+to\b)?\s*"
        rf"(?P<val>[-−–]?\d*[.·]?\d+)(?![\d/])(?:\s*(?:%|percentage\s+points?|percent|points?|m|days?|months?|kg|mmHg)(?![\w]))?",
        re.I,
    )


def _names() -> list[str]:
    return [n for n, _ in pairs("results", "measures")]


_REL = {"≤": "<", "<=": "<", "⩽": "<", "≥": ">", ">=": ">", "⩾": ">"}


def find_p_values(text: str, start: int = 0, end: Optional[int] = None) -> list[tuple[int, int, float, str]]:
    """``(start, end, p, relation)`` for each p-value in ``text[start:end]``."""
    end = len(text) if end is None else end
    out = []
    for m in rx("results", "p_value").finditer(text, start, end):
        try:
            p = parse_number(m["num"].replace(" ", ""))
        except ValueError:
            continue
        if 0 <= p <= 1:
            out.append((m.start(), m.end(), p, _REL.get(m["rel"], m["rel"])))
    return out


_last_cis: tuple = (None, 0, 0, ())  # (text, start, end, intervals) of the last call


def _labelled_cis(text: str, start: int, end: int) -> tuple:
    """The labelled intervals of ``text[start:end]``; the last stretch's are kept (a sentence's
    estimates and its values both ask for them, one after the other)."""
    global _last_cis
    last = _last_cis
    if last[0] is text and last[1] == start and last[2] == end:
        return last[3]
    out = []
    for m in rx("results", "ci").finditer(text, start, end):
        lvl = float(m["level"]) if m["level"] else None
        out.append((m.start(), m.end(), parse_number(m["low"]), parse_number(m["high"]), lvl))
    out = tuple(out)
    _last_cis = (text, start, end, out)
    return out


def find_cis(text: str, start: int = 0, end: Optional[int] = None, bare: bool = False):
    """``(start, end, low, high, level)`` for each confidence interval in ``text[start:end]``;
    with ``bare`` also ``(low–high)`` brackets without a CI label."""
    end = len(text) if end is None else end
    out = list(_labelled_cis(text, start, end))
    if bare:
        for m in rx("results", "ci_bracket").finditer(text, start, end):
            if any(a <= m.start() < b for a, b, *_ in out):
                continue
            out.append((m.start(), m.end(), parse_number(m["low"]), parse_number(m["high"]), None))
    return sorted(out)


def find_effects(text: str, start: int = 0, end: Optional[int] = None) -> list[EffectHit]:
    """Effect estimates (with their CI and p) and standalone p-values in ``text[start:end]``."""
    end = len(text) if end is None else end
    names = _names()
    hits: list[EffectHit] = []
    for m in _measure_rx().finditer(text, start, end):
        idx = next(i for i in range(len(names)) if m.group(f"m{i}") is not None)
        measure = names[idx]
        if measure == "difference" and re.search(r"\b(?:no|any)\s+(?:significant\s+)?differences?\s*$", text[max(start, m.start() - 30):m.end("val")].split(str(m["val"]))[0]):
            continue
        val = parse_number(m["val"])
        if measure in ("OR", "RR", "HR", "IRR") and val < 0:
            continue
        hits.append(EffectHit(m.start(), m.end(), measure, val, (m.start("val"), m.end("val"))))
    # attach CIs and p-values to the nearest preceding estimate within the same clause
    cis = find_cis(text, start, end, bare=True)
    ps = find_p_values(text, start, end)
    used_p = set()
    for k, h in enumerate(hits):
        nxt = hits[k + 1].start if k + 1 < len(hits) else end
        window_end = min(nxt, end, h.end + 90)
        ci = next((c for c in cis if h.end <= c[0] <= h.end + 12 and c[1] <= window_end + 40), None)
        if ci is None:
            ci = next((c for c in cis if h.end <= c[0] < window_end and re.search(r"CI|confidence|CrI", text[c[0]:c[1]])), None)
        if ci is None and h.measure:
            # "HR 0.73; 0.52–1.03": an unlabelled interval right after the estimate
            m2 = rx("results", "ci_after_estimate").match(text, h.end, end)
            if m2:
                ci = (m2.start(), m2.end(), parse_number(m2["low"]), parse_number(m2["high"]), None)
        new = h
        if ci:
            new = replace(new, ci_low=ci[2], ci_high=ci[3], ci_level=ci[4] or (95.0 if "CI" in text[ci[0]:ci[1]] else None),
                          end=max(new.end, ci[1]))
        p = next((q for q in ps if h.end <= q[0] < window_end and q[0] not in used_p
                  and not re.search(r"\.\s+[A-Z]", text[new.end:q[0]]) and (q[0] - new.end) < 60), None)
        if p:
            used_p.add(p[0])
            new = replace(new, p_value=p[2], p_relation=p[3], p_span=(p[0], p[1]), end=max(new.end, p[1]))
        hits[k] = new
    for q in ps:
        if q[0] in used_p or any(h.start <= q[0] < h.end for h in hits):
            continue
        hits.append(EffectHit(q[0], q[1], None, p_value=q[2], p_relation=q[3], p_span=(q[0], q[1])))
    hits.sort(key=lambda h: h.start)
    return hits
