"""Group sizes the size statements of :mod:`.arms` do not read by themselves.

* :func:`spelled_counts` — counts of people spelled out ("Thirty-six patients in the A group and
  thirty-five in the B group"), rewritten as digits of the same width so that every size pattern
  reads them; :func:`word_span` gives back the word's own span for provenance.
* :func:`crossover_sizes` — in a crossover trial every participant has every treatment, so the
  participants who completed the periods ("25 patients completed both periods") are each
  treatment's analysed size.
"""
from __future__ import annotations

import re
from typing import Optional

from .. import fastre
from .values import WORD_COUNT, word_count

__all__ = ["spelled_counts", "word_span", "is_crossover", "crossover_sizes"]

# who or what follows a count of people (never a unit of time, dose or events)
_PEOPLE = (r"patients|participants|subjects|volunteers|children|infants|neonates|newborns|women|men|"
           r"adults|people|persons|individuals|students|mothers|households|lambs|dogs|animals|eyes")
_SPELLED = fastre.lazy(r"(?<![\w-])(?P<w>" + WORD_COUNT + r")(?=\s+(?:[a-z][\w-]*\s+){0,2}?(?:" + _PEOPLE + r")\b)",
                       re.I)


def spelled_counts(text: str) -> tuple[str, dict[int, int]]:
    """``text`` with each count of people of five or more spelled out ("Thirty-six patients",
    "Twenty eligible subjects"; not "six in the A arm", which may count events) written in digits, padded with
    spaces to the word's width so that every offset stays; and the ``{start: end}`` of each
    rewritten word."""
    out = []
    spans: dict[int, int] = {}
    at = 0
    for m in _SPELLED.finditer(text):
        n = word_count(m["w"])
        if n is None or n < 5:
            continue
        digits = str(n)
        if len(digits) > len(m["w"]):
            continue
        out.append(text[at:m.start()])
        out.append(digits.ljust(len(m["w"])))
        spans[m.start()] = m.end()
        at = m.end()
    if not spans:
        return text, spans
    out.append(text[at:])
    return "".join(out), spans


def word_span(spans: dict[int, int], start: int, end: int) -> tuple[int, int]:
    """The span of a size read at ``start..end`` of the rewritten text: the whole spelled word
    when the digits stand for one."""
    return start, spans.get(start, end)


# the trial's own design: a crossover trial, not a crossover between arms ("crossed over")
_CROSSOVER_DESIGN = fastre.lazy(
    r"\bcross-?over\s+(?:design|trial|study|fashion|manner|protocol|sequence|comparison)\b|"
    r"\b(?:randomi[sz]ed|blind(?:ed)?|placebo-controlled|controlled|two-period|three-period|two-way|three-way|"
    r"[2-4]-way|[2-4]-period|balanced|within-subjects?)[\s,]+(?:[\w-]+[\s,]+){0,4}?cross-?over\b", re.I)


def is_crossover(text: str) -> bool:
    """Whether the text describes its trial as a crossover ("a randomised, double-blind,
    crossover trial", "in a crossover design")."""
    return _CROSSOVER_DESIGN.search(text) is not None


# "25 patients completed both periods", "25 of the 30 participants completed the study",
# "all 12 volunteers completed both treatment arms"
_COMPLETED = fastre.lazy(
    r"(?<![\d.,\w-])(?:all\s+)?(?P<n>\d{1,4})\s+(?:of\s+(?:the\s+|these\s+)?\d{1,4}\s+)?(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:(?:" + _PEOPLE + r")\s+)?(?:\([^()]{0,30}\)\s+)?"
    r"(?:successfully\s+)?(?:completed|finished)\s+(?:(?:both|all|each|the|two|three|four|study|trial|treatment|"
    r"intervention|experimental|crossover|cross-over)\s+)*"
    r"(?:periods?|phases?|arms?|treatments?|conditions?|sessions?|visits?|study|trial|protocol|legs?|interventions?)\b",
    re.I)
_SEQUENCE = fastre.lazy(r"\bthen\b|\bfollowed\s+by\b|\bsequence\b|→|\S\s+[–-]\s+\S", re.I)
_NOT = fastre.lazy(r"\b(?:not|never|failed\s+to|without)\s+(?:\w+\s+)?$", re.I)


def crossover_sizes(arms, text: str, sents, spans: Optional[dict[int, int]] = None) -> list[tuple]:
    """Each treatment's analysed size in a crossover trial: the one number of participants a
    sentence says completed the periods ("Thirty were randomised; 25 completed both periods"),
    given to every arm that has no analysed size yet. ``text`` may be the digit-rewritten text
    of :func:`spelled_counts` (``spans`` its words). Returns ``(arm, "n_analyzed", n, start,
    end)`` for provenance; nothing when the sentences give two different numbers."""
    if len(arms) < 2 or not is_crossover(text):
        return []
    hits = []
    for a, b in sents:
        if b - a > 500:
            continue
        for m in _COMPLETED.finditer(text, a, b):
            if _NOT.search(text[a:m.start("n")]) or re.search(r"\b(?:not|never)\b", m.group(), re.I):
                continue
            hits.append((int(m["n"]), m.start("n"), m.end("n")))
    if not hits or len({n for n, _, _ in hits}) != 1:
        return []
    n, s, e = hits[0]
    s, e = word_span(spans or {}, s, e)
    out = []
    for arm in arms:
        if _SEQUENCE.search(arm.label):
            continue  # a sequence group ("A then B") holds part of the participants
        if arm.n_analyzed is None and (arm.n_randomized is None or arm.n_randomized >= n):
            arm.n_analyzed = n
            out.append((arm, "n_analyzed", n, s, e))
    return out
