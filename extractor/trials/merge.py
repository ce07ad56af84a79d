"""Prose and tables together: a value printed in both a sentence and a table is stored once.

Each outcome read from a sentence is compared with the outcomes read from the tables of the
same trial:

* **the same values** (at least two per-arm numbers, on at least two arms, equal at the
  sentence's printed precision, none different): the sentence restates the table.  The
  table's outcome is kept (its cells are the provenance; its name becomes the sentence's when
  that holds every word of the row's name and more: "Grade 3 or 4 diarrhoea" for a row
  "Diarrhoea" under a section row "grade 3 or 4 only"); the sentence becomes a passing
  ``prose_table_agree`` check on it quoting the sentence, and the sentence's estimates (a
  hazard ratio with its CI, a p-value) join the outcome when the table has none of them;
* **the same outcome, other values** (its name shares most words with the table outcome's,
  a number of the same arm and statistic differs and none agrees): both are kept and the
  table outcome carries a ``prose_table_disagree`` flag with both numbers (flag, never fix:
  the sentence may report another time point or population);
* otherwise the sentence's outcome is kept as read.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Flag
from .results import OutcomeDraft

__all__ = ["merge_prose"]

_STOP = {"the", "a", "an", "of", "in", "at", "to", "and", "or", "with", "for", "on", "by", "from", "after",
         "total", "mean", "median", "rate", "rates", "score", "scores", "level", "levels", "number", "patients",
         "proportion", "percentage", "incidence", "change", "changes", "group", "groups", "value", "values"}
_MATCHED = ("events", "total", "percent", "mean", "sd", "median", "iqr_low", "iqr_high", "se")

def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9-]+", name.lower()) if w not in _STOP}


def _decimals(t: str) -> int:
    m = re.search(r"[.·](\d+)", t)
    return len(m.group(1)) if m else 0


def _same(prose_value: float, quote: str, table_value: float) -> bool:
    """Equal at the sentence's printed precision ("63%" and "63.0")."""
    tol = 0.5 * 10 ** -_decimals(quote) + 1e-9
    return abs(prose_value - table_value) <= tol


def _compare(p: OutcomeDraft, t: OutcomeDraft, text: str) -> tuple[int, int, set, list]:
    agree, differ, arms, diffs = 0, 0, set(), []
    tv = {(id(r.arm), r.statistic): r for r in t.results}
    for r in p.results:
        if r.statistic == "value":
            # an unlabelled number of the sentence: the table says what it is
            x = next((tv[(id(r.arm), s)] for s in ("mean", "median", "percent", "events")
                      if (id(r.arm), s) in tv and _same(r.value, text[r.start:r.end], tv[(id(r.arm), s)].value)), None)
            if x is not None:
                agree += 1
                arms.add(id(r.arm))
            continue
        if r.statistic not in _MATCHED:
            continue
        x = tv.get((id(r.arm), r.statistic))
        if x is None:
            continue
        if _same(r.value, text[r.start:r.end], x.value):
            agree += 1
            arms.add(id(r.arm))
        else:
            differ += 1
            diffs.append((r, x))
    return agree, differ, arms, diffs


def merge_prose(table: list[OutcomeDraft], prose: list[OutcomeDraft], text: str) -> list[OutcomeDraft]:
    """The outcomes to store: the table outcomes first, then the prose outcomes that no table
    outcome restates (see the module docstring)."""
    if not table:
        return prose
    kept: list[OutcomeDraft] = []
    for p in prose:
        if not p.results:
            kept.append(p)
            continue
        best: Optional[OutcomeDraft] = None
        best_agree = 0
        best_arms: set = set()
        clash: Optional[tuple[OutcomeDraft, list]] = None
        pw = _words(p.name)
        for t in table:
            agree, differ, arms, diffs = _compare(p, t, text)
            if agree >= 2 and len(arms) >= 2 and differ == 0 and agree > best_agree:
                best, best_agree, best_arms = t, agree, arms
            elif differ and not agree and pw and clash is None:
                tw = _words(t.name)
                if tw and len(pw & tw) >= 0.6 * min(len(pw), len(tw)) and t.timepoint is None and p.timepoint is None:
                    clash = (t, diffs)
        if best is not None:
            sent = text[p.start:p.end] if p.end > p.start else ""
            best.flags.append(Flag(
                check="prose_table_agree", status="pass",
                message=f"the text reports the same values: {_quote(text, p)}",
                reported=sent[:200] or None))
            tw = _words(best.name)
            if tw and pw > tw and p.end > p.start and text[p.start:p.end] == p.name:
                # a row named by its stub alone ("Diarrhoea" under "Grade 3 or 4 only") that the
                # sentence names in full ("Grade 3 or 4 diarrhoea"): the fuller name, quoted
                best.name, best.start, best.end = p.name, p.start, p.end
            sized = {id(r.arm) for r in best.results if r.statistic == "total"}
            for r in p.results:
                if r.statistic == "total" and id(r.arm) not in sized and id(r.arm) in best_arms and \
                        r.value not in (r.arm.n_analyzed, r.arm.n_randomized) and _gives_share(best, r, text):
                    # "265 of 1054" in the text, "265 (25%)" under "(n = 1161)" in the table:
                    # the count agrees and the table's share is of 1054, the sentence's
                    # denominator (one equal to the arm's size adds nothing the arm does not say)
                    best.results.append(r)
                    sized.add(id(r.arm))
            have = {(e.hit.measure, e.hit.value) for e in best.effects if e.hit is not None}
            for e in p.effects:
                if e.hit is not None and (e.hit.measure, e.hit.value) not in have and \
                        (e.hit.measure or not any(x.hit and x.hit.p_value is not None for x in best.effects)):
                    best.effects.append(e)
            continue
        if clash is not None:
            t, diffs = clash
            for r, x in diffs[:3]:
                t.flags.append(Flag(
                    check="prose_table_disagree", status="flag",
                    message=(f"{r.arm.label} {r.statistic}: the table gives {x.value:g}, the text "
                             f"{r.value:g} ({_quote(text, p)}); another time point or population?"),
                    expected=f"{x.value:g}", reported=f"{r.value:g}"))
        kept.append(p)
    return list(table) + kept


def _gives_share(t: OutcomeDraft, total, text: str) -> bool:
    """Whether ``total`` (a sentence's denominator) reproduces the count and the percentage
    that ``t`` (a table's outcome) prints for the same arm, at the percentage's precision."""
    got = {r.statistic: r for r in t.results if r.arm is total.arm}
    k, p = got.get("events"), got.get("percent")
    if k is None or p is None or total.value <= 0 or k.value > total.value:
        return False
    return abs(100.0 * k.value / total.value - p.value) <= 0.51 * 10 ** -_decimals(text[p.start:p.end]) + 1e-9


def _quote(text: str, od: OutcomeDraft) -> str:
    a = min(r.start for r in od.results)
    b = max(r.end for r in od.results)
    lo = text.rfind(". ", max(0, a - 160), a)
    lo = lo + 2 if lo >= 0 else max(0, a - 80)
    hi = text.find(". ", b, b + 160)
    hi = hi + 1 if hi >= 0 else min(len(text), b + 60)
    return "'" + " ".join(text[lo:hi].split())[:240] + "'"
