"""How far to trust the per-arm numbers ``evidence ask`` returns: a confidence learned on train.

Rules written while reading some articles look sure of themselves on those articles and much
less so on others.  This module scores each answer that returns per-arm numbers with a small
logistic regression over features known at answer time (:func:`features`): how well the stored
outcome's name fits the question, whether another stored outcome fits nearly as well with other
numbers, where the numbers come from (a table cell, a sentence, rebuilt from a percentage),
whether the question names both arms, whether the group size is the outcome's own.  Below the
model's threshold the answer keeps its outcome, direction and evidence but withholds the numbers,
saying why (``numbers_withheld``: "low confidence (0.31): the outcome name matched on 1 of 4
words"); a wrong number costs a reviewer more than a missing one.

The weights are a plain JSON file (``data/numbers_confidence.json``: feature names, their means
and scales, coefficients, intercept, threshold and how they were trained), written by
``benchmarks/train_confidence.py`` from the table ``benchmarks/confidence_dump.py`` dumps (one
row per per-arm gold question of ei-dev train whose answer returns numbers, with whether the
numbers are right).  The threshold is chosen on 5-fold cross-validated predictions grouped by
article.  Without the file nothing is withheld.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

__all__ = ["FEATURES", "features", "Confidence", "Judgement", "load", "MODEL_PATH", "strip_numbers"]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "numbers_confidence.json"

#: every feature :func:`features` computes (a model reads a subset, named in its file)
FEATURES = ("score", "margin", "rivals", "miss_share", "miss_words", "q_words", "table", "sentence",
            "derived", "sides_named", "many_arms", "own_total", "whole", "continuous", "time_asked",
            "time_agree", "other_reading", "subgroup", "n_outcomes", "primary", "pct_fits", "pct_off",
            "size_off", "size_ratio", "spread", "mean_ratio", "places", "same_name")

#: the keys of an answer's arm that are numbers of the outcome or the arm's size
_NUMBERS = ("events", "total", "percent", "mean", "sd", "median", "iqr_low", "iqr_high",
            "n_randomized", "n_analyzed", "derived")


def _numbers_of(o: dict, arm_ids: tuple) -> dict:
    return {(r["arm_id"], r["statistic"]): r["value"] for r in o["results"] if r["arm_id"] in arm_ids}


def features(idx, q, good: list, chosen: dict, source: dict, ai: Optional[dict], ac: Optional[dict],
             arms: tuple) -> dict[str, float]:
    """The features of one answer returning numbers: ``good`` the outcome candidates with their
    match scores (best first), ``chosen`` the outcome matched, ``source`` the one whose numbers
    are given, ``ai``/``ac`` the stored arms and ``arms`` the answer's two arms' numbers."""
    from . import ask as A  # the matching helpers (ask imports this module)

    scores = {id(o): s for s, o in good}
    score = scores.get(id(source), scores.get(id(chosen), 0.0))
    arm_ids = tuple(a["id"] for a in (ai, ac) if a is not None)
    mine = _numbers_of(source, arm_ids)
    # the best other candidate whose numbers for these arms differ from the ones given
    rival = max((s for s, o in good if o is not source and o is not chosen and o["results"]
                 and _numbers_of(o, arm_ids) and _numbers_of(o, arm_ids) != mine), default=None)
    margin = min(score - rival, 0.5) if rival is not None else 0.5
    # words of the question's outcome that the stored name (and time point) does not print
    qw = A._wset(A.expand(A._without_times(q.outcome), idx.abbrev), outcome=True) - A._REPORTING
    name = " ".join(x for x in (source["name"] or "", source["timepoint"] or "", source["subgroup"] or "") if x)
    ow = A._wset(A.expand(name, idx.abbrev), outcome=True) | A._wset(name, outcome=True)
    found = A._stem_match(qw, ow) if qw else set()
    missed = len(qw) - len(found)
    # where the given numbers were read
    used = [r for r in source["results"] if r["arm_id"] in arm_ids and r["statistic"] in A.NUMBER_KEYS]
    in_table = in_sentence = 0
    places = set()
    for r in used:
        s = idx.sentence_at(r["char_start"]) if r.get("char_start") is not None else None
        if s is not None:
            places.add(s.char_start)
        if s is not None and (s.tab or "\t" in s.text):
            in_table += 1
        elif s is not None:
            in_sentence += 1
    n_used = max(len(used), 1)
    derived = any(a and a.get("derived") for a in arms)
    named = sum(1 for arm, text in ((ai, q.intervention), (ac, q.comparator))
                if arm is not None and A._names_arm(idx, arm, text))
    n_arms = sum(1 for a in idx.arms if ai is not None and a["study_id"] == ai["study_id"])
    own_total = all(any(r["arm_id"] == a and r["statistic"] == "total" for r in source["results"]) for a in arm_ids) \
        if arm_ids else False
    complete = ai is not None and ac is not None and A._complete(source, ai, ac)
    cont = any(a and a.get("mean") is not None for a in arms)
    qt = A._times(q.outcome)
    ot = A._times(" ".join(x for x in (source["timepoint"] or "", source["name"] or "") if x))
    checks = _arithmetic_checks(arms, (ai, ac))
    # other readings of the same name (other time points, subgroups, tables) that fit the question
    key = (source["name"] or "").strip().lower()
    same = sum(1 for _, o in good if o is not source and (o["name"] or "").strip().lower() == key
               and o["results"] and _numbers_of(o, arm_ids) != mine)
    return {
        "score": float(score),
        "margin": float(margin),
        "rivals": math.log1p(len(good) - 1),
        "miss_share": missed / len(qw) if qw else 0.0,
        "miss_words": float(missed),
        "q_words": float(len(qw)),
        "table": in_table / n_used,
        "sentence": in_sentence / n_used,
        "derived": 1.0 if derived else 0.0,
        "sides_named": float(named),
        "many_arms": 1.0 if n_arms > 2 else 0.0,
        "own_total": 1.0 if own_total else 0.0,
        "whole": 1.0 if complete else 0.0,
        "continuous": 1.0 if cont else 0.0,
        "time_asked": 1.0 if qt else 0.0,
        "time_agree": 1.0 if qt and ot and A._same_time(qt, ot) else 0.0,
        "other_reading": 1.0 if source is not chosen else 0.0,
        "subgroup": 1.0 if source["subgroup"] else 0.0,
        "n_outcomes": math.log1p(len(idx.outcomes)),
        "primary": 1.0 if source["is_primary"] else 0.0,
        "places": float(min(len(places), 4)),
        "same_name": math.log1p(same),
        **checks,
    }


def _size(a: dict) -> Optional[float]:
    for k in ("total", "n_analyzed", "n_randomized"):
        if a.get(k) is not None:
            return float(a[k])
    return None


def _arithmetic_checks(arms: tuple, stored: tuple) -> dict[str, float]:
    """How the numbers agree with themselves: a percentage that events of the group size
    reproduce (``pct_fits``) or that none does (``pct_off``); the group size against the arm's
    randomised size (``size_off``: the largest share apart, a subgroup or another population);
    the two arms' sizes (``size_ratio``: the smaller over the larger); a spread large for its
    mean (``spread``: the largest SD over |mean|, log scale: an SE, a range or a row of another
    measure); and two means far apart (``mean_ratio``: log of the larger over the smaller)."""
    from extractor import stats

    fits = off = 0
    size_off = 0.0
    sizes, means, spread = [], [], 0.0
    for a, arm in zip(arms, stored):
        if not a:
            continue
        n = _size(a)
        if n:
            sizes.append(n)
        ev, pct = a.get("events"), a.get("percent")
        if ev is not None and pct is not None and n:
            if stats.rounds_to(100 * ev / n, pct, stats.decimals_of(pct)):
                fits += 1
            else:
                off += 1
        nr = arm.get("n_randomized") if arm else None
        if n and nr:
            size_off = max(size_off, abs(n - nr) / nr)
        m, sd = a.get("mean"), a.get("sd")
        if m is not None:
            means.append(abs(float(m)))
            if sd is not None:
                spread = max(spread, math.log1p(float(sd) / max(abs(float(m)), 1e-6)))
    ratio = 0.0
    if len(means) == 2 and min(means) > 0:
        ratio = math.log(max(means) / min(means))
    return {"pct_fits": fits / 2, "pct_off": off / 2, "size_off": min(size_off, 1.0),
            "size_ratio": min(sizes) / max(sizes) if len(sizes) == 2 and max(sizes) > 0 else 1.0,
            "spread": min(spread, 5.0), "mean_ratio": min(ratio, 5.0)}


def _reason(name: str, f: dict) -> str:
    """A reviewer's words for a feature that lowered the confidence."""
    if name in ("miss_share", "miss_words", "q_words"):
        q = int(f["q_words"])
        return f"the outcome name matched on {q - int(f['miss_words'])} of {q} words"
    if name == "score":
        return f"the stored outcome fits the question's with a score of {f['score']:.2f} only"
    if name == "margin":
        return f"another stored outcome with other numbers fits the question nearly as well (margin {f['margin']:.2f})"
    if name == "rivals":
        return f"{int(round(math.expm1(f['rivals']))) + 1} stored outcomes fit the question"
    if name in ("table", "sentence"):
        return "the numbers are read from a sentence" if f["sentence"] > f["table"] else \
            "the numbers are read from a table" if f["table"] else "the numbers have no quote"
    if name == "derived":
        return "some numbers are rebuilt from percentages" if f["derived"] else "no number is rebuilt"
    if name == "sides_named":
        return f"the question names {int(f['sides_named'])} of the 2 stored arms"
    if name == "many_arms":
        return "the trial has more than two arms" if f["many_arms"] else "the trial has two arms"
    if name == "own_total":
        return "the group sizes are the arms', not the outcome's" if not f["own_total"] else \
            "the group sizes are the outcome's"
    if name == "whole":
        return "the numbers are incomplete" if not f["whole"] else "the numbers are complete"
    if name in ("time_asked", "time_agree"):
        return "the stored time point does not state the question's" if f["time_asked"] and not f["time_agree"] \
            else "the question names no time point"
    if name == "other_reading":
        return "the numbers are another reading's than the outcome matched"
    if name == "subgroup":
        return "the numbers are a subgroup's" if f["subgroup"] else "the numbers are the whole trial's"
    if name == "n_outcomes":
        return f"the article has {int(round(math.expm1(f['n_outcomes'])))} stored outcomes"
    if name == "primary":
        return "the outcome is not the primary one" if not f["primary"] else "the outcome is the primary one"
    if name == "mean_ratio":
        return f"the two arms' means are {math.exp(f['mean_ratio']):.1f} times apart"
    if name == "spread":
        return f"an SD is {math.expm1(f['spread']):.1f} times its mean"
    if name in ("pct_fits", "pct_off"):
        return "a percentage fits no count of its group" if f["pct_off"] else \
            "no percentage confirms the counts" if not f["pct_fits"] else "the percentages fit the counts"
    if name == "size_off":
        return f"a group size is {100 * f['size_off']:.0f}% away from the arm's randomised size"
    if name == "size_ratio":
        return f"the arms' group sizes differ (ratio {f['size_ratio']:.2f})"
    if name == "places":
        return f"the numbers are read from {int(f['places'])} places of the text"
    if name == "same_name":
        return f"{int(round(math.expm1(f['same_name'])))} other readings of this outcome hold other numbers"
    if name == "continuous":
        return "a continuous outcome" if f["continuous"] else "a binary outcome"
    return name


@dataclass
class Judgement:
    p: float
    withhold: bool
    reason: Optional[str]


class Confidence:
    """A logistic regression over :func:`features` with a threshold (from the JSON file)."""

    def __init__(self, data: dict):
        self.data = data
        self.names = list(data["features"])
        self.mean = [float(x) for x in data["mean"]]
        self.scale = [float(x) or 1.0 for x in data["scale"]]
        self.coef = [float(x) for x in data["coef"]]
        self.intercept = float(data["intercept"])
        self.threshold = float(data["threshold"])

    def contributions(self, f: dict) -> list[tuple[float, str]]:
        return [(c * (f.get(n, 0.0) - m) / s, n) for n, m, s, c in zip(self.names, self.mean, self.scale, self.coef)]

    def probability(self, f: dict) -> float:
        z = self.intercept + sum(c for c, _ in self.contributions(f))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def judge(self, f: dict) -> Judgement:
        p = self.probability(f)
        if p >= self.threshold:
            return Judgement(p, False, None)
        # the feature that lowered the confidence most
        low, name = min(self.contributions(f))
        why = f"low confidence ({p:.2f} < {self.threshold:.2f})"
        if low < 0:
            why += f": {_reason(name, f)}"
        return Judgement(p, True, why)


def strip_numbers(arm: Optional[dict]) -> None:
    """Remove the numbers of an answer's arm, keeping its id and label."""
    if arm is not None:
        for k in _NUMBERS:
            arm.pop(k, None)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Optional[Confidence]:
    with open(path, encoding="utf-8") as fh:
        return Confidence(json.load(fh))


def load(path: Path | str | None = None) -> Optional[Confidence]:
    """The shipped model, or None when its file is absent (nothing is then withheld)."""
    p = Path(path) if path is not None else MODEL_PATH
    if not p.is_file():
        return None
    return _load(str(p), p.stat().st_mtime)
