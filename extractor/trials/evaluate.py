"""Scoring extracted studies against hand-written expectations (used by the fixture tests and
``benchmarks/bench_trials.py``).

An expectation file (``tests/data/trials/*.expect.json``) lists what a reviewer extracts from a
passage: the study fields, the arms, each outcome's per-arm values (which locate the outcome,
as in the shared seed score), its name pattern, kind, time point, subgroup, derived counts and
effect, plus ``not_values``: numbers in the text that are not results.  An outcome marked
``known_miss`` is a documented limitation: it counts as a false negative in the benchmark and
its misses are labelled ``known miss`` so the fixture tests can tell them from regressions; an
effect's ``known_miss`` list names effect fields the rules cannot fill yet (a missing value is
a labelled false negative, a wrong one is still an error).  :func:`compare` turns
one document into counted items (true positive / false positive / false negative per field),
so precision and recall can be reported per field.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from ..model import Study

__all__ = ["Item", "compare", "tally", "STUDY_FIELDS"]

STUDY_FIELDS = ("design", "randomized", "blinding", "control", "allocation_ratio", "phase",
                "n_randomized", "n_analyzed", "follow_up_days", "registration")
ARM_NUMERIC = ("n_randomized", "n_analyzed", "dose_value")


@dataclass(frozen=True)
class Item:
    field: str
    outcome: str  # tp, fp, fn
    detail: str = ""


def _eq(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    return a == b


def _score(field: str, pred: Any, exp: Any, items: list[Item], known: bool = False) -> None:
    if exp is None and pred is None:
        return
    if exp is None:
        items.append(Item(field, "fp", f"got {pred!r}, expected nothing"))
    elif pred is None:
        items.append(Item(field, "fn", ("known miss: " if known else "") + f"expected {exp!r}"))
    elif _eq(pred, exp):
        items.append(Item(field, "tp"))
    else:
        items.append(Item(field, "fp", f"got {pred!r}, expected {exp!r}"))
        items.append(Item(field, "fn", f"expected {exp!r}"))


def _key(arm: str, stat: str, value: float) -> tuple[str, str, float]:
    return (arm.lower(), stat, round(float(value), 6))


def compare(studies: Iterable[Study], exp: dict) -> list[Item]:
    """Items comparing ``studies`` (the extractor's output for one document) with ``exp``."""
    studies = list(studies)
    items: list[Item] = []
    st: Optional[Study] = studies[0] if studies else None
    if exp.get("study") is None:
        if st is not None and (st.outcomes or st.arms):
            items.append(Item("study.present", "fp", "a study was extracted from a passage without one"))
        for o in (st.outcomes if st else ()):
            for r in o.results:
                if not r.derived:
                    items.append(Item("result", "fp", f"{r.arm} {r.statistic} {r.value}"))
        return items
    if st is None:
        items.append(Item("study.present", "fn", "no study extracted"))
        st = Study(prov=None)  # type: ignore[arg-type]
    else:
        items.append(Item("study.present", "tp"))
    for f in STUDY_FIELDS:
        _score(f"study.{f}", getattr(st, f), exp["study"].get(f), items)
    # arms
    pred_arms = {a.label.lower(): a for a in st.arms}
    for ea in exp.get("arms", []):
        a = pred_arms.pop(ea["label"].lower(), None)
        if a is None:
            items.append(Item("arm.label", "fn", ea["label"]))
            continue
        items.append(Item("arm.label", "tp"))
        for f in ("role", "n_randomized", "n_analyzed", "dose_value", "dose_unit", "route", "schedule"):
            if f in ea or f in ARM_NUMERIC:
                _score(f"arm.{f}", getattr(a, f), ea.get(f), items)
    for label in pred_arms:
        items.append(Item("arm.label", "fp", label))
    # per-arm results (reported values only)
    expected = Counter(_key(a, s, v) for o in exp.get("outcomes", []) for a, s, v in o["values"])
    got = Counter(_key(r.arm, r.statistic, r.value) for o in st.outcomes for r in o.results if not r.derived)
    for k in (got & expected).elements():
        items.append(Item("result", "tp"))
    for k in (got - expected).elements():
        items.append(Item("result", "fp", f"{k}"))
    known = {_key(a, s_, v) for o in exp.get("outcomes", []) if o.get("known_miss") for a, s_, v in o["values"]}
    for k in (expected - got).elements():
        items.append(Item("result", "fn", ("known miss: " if k in known else "") + f"{k}"))
    notv = {round(float(x), 6) for x in exp.get("not_values", [])} - {k[2] for k in expected}
    for k in got.elements():
        if k[2] in notv:
            items.append(Item("negative", "fp", f"{k} is not a result"))
    # outcomes located by their values
    used: set[int] = set()
    for eo in exp.get("outcomes", []):
        keys = {_key(a, s, v) for a, s, v in eo["values"]}
        match = None
        for i, o in enumerate(st.outcomes):
            if i in used:
                continue
            mine = {_key(r.arm, r.statistic, r.value) for r in o.results if not r.derived}
            if keys <= mine:
                match = o
                used.add(i)
                break
        if match is None:
            items.append(Item("outcome.found", "fn", ("known miss: " if eo.get("known_miss") else "") + eo["name_like"]))
            continue
        items.append(Item("outcome.found", "tp"))
        items.append(Item("outcome.name", "tp" if re.search(eo["name_like"], match.name) else "fn",
                          f"got {match.name!r}"))
        for f in ("kind", "primary"):
            if f in eo:
                _score(f"outcome.{f}", getattr(match, f), eo[f], items)
        if "timepoint_like" in eo:
            ok = match.timepoint is not None and re.search(eo["timepoint_like"], match.timepoint)
            items.append(Item("outcome.timepoint", "tp" if ok else "fn", f"got {match.timepoint!r}"))
        if "subgroup" in eo:
            _score("outcome.subgroup", match.subgroup, eo["subgroup"], items)
        if "subgroup_like" in eo:
            ok = match.subgroup is not None and re.search(eo["subgroup_like"], match.subgroup)
            items.append(Item("outcome.subgroup", "tp" if ok else "fn", f"got {match.subgroup!r}"))
        if "derived" in eo:
            want = {(a.lower(), e, t) for a, e, t in eo["derived"]}
            have = {}
            for r in match.results:
                if r.derived:
                    have.setdefault(r.arm.lower(), {})[r.statistic] = int(r.value)
            have_set = {(a, d.get("events"), d.get("total")) for a, d in have.items()}
            for w in want:
                items.append(Item("derived", "tp" if w in have_set else "fn", str(w)))
            for h in have_set - want:
                items.append(Item("derived", "fp", str(h)))
        ee = eo.get("effect")
        if ee is None:
            continue
        effs = list(match.effects)
        if not effs:
            items.append(Item("effect.present", "fn", eo["name_like"]))
            continue
        items.append(Item("effect.present", "tp"))
        e = next((x for x in effs if "value" in ee and _eq(x.value, ee["value"])), effs[0])
        for f, v in ee.items():
            if f != "known_miss":
                _score(f"effect.{f}", getattr(e, f), v, items, known=f in ee.get("known_miss", ()))
    for i, o in enumerate(st.outcomes):
        if i not in used and any(not r.derived for r in o.results):
            items.append(Item("outcome.found", "fp", o.name))
    # outcomes reported only by an estimate (no per-arm values), located by name
    bare = [o for o in st.outcomes if not o.results]
    for ee in exp.get("estimates", []):
        o = next((x for x in bare if re.search(ee["name_like"], x.name)), None)
        if o is None or not o.effects:
            items.append(Item("estimate.found", "fn", ee["name_like"]))
            continue
        bare.remove(o)
        items.append(Item("estimate.found", "tp"))
        for f, v in ee.items():
            if f != "name_like":
                _score(f"effect.{f}", getattr(o.effects[0], f), v, items)
    for o in bare:
        items.append(Item("estimate.found", "fp", o.name))
    return items


def tally(items: Iterable[Item]) -> dict[str, dict[str, float]]:
    """``{field group: {tp, fp, fn, precision, recall}}`` (groups: study, arm, result, ...)."""
    out: dict[str, Counter] = {}
    for it in items:
        out.setdefault(it.field, Counter())[it.outcome] += 1
    table = {}
    for f, c in sorted(out.items()):
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        table[f] = {"tp": tp, "fp": fp, "fn": fn,
                    "precision": tp / (tp + fp) if tp + fp else 1.0,
                    "recall": tp / (tp + fn) if tp + fn else 1.0}
    return table
