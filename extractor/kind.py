"""Document kind: ``news``, ``primary`` (a research report), ``review`` or ``protocol``.

Decided from weighted cues kept in ``extractor/data/kind_cues.json`` (reported speech such as
"said the researchers" for news, "will be randomized" and a "Trial status" heading for
protocols, "we searched" and PRISMA for reviews, Methods/Results headings for research
reports).  Cues are counted in the title, the headings or the text; the best score wins when
it reaches the threshold.

>>> classify("Statins after stroke: a systematic review and meta-analysis", "We searched MEDLINE.", [])
'review'
>>> classify(None, "“It works,” said the researchers. The researchers concluded it is safe.", [])
'news'
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from . import fastre

__all__ = ["classify", "scores"]

_DATA = Path(__file__).resolve().parent / "data" / "kind_cues.json"


@lru_cache(maxsize=1)
def _cues():
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    kinds = {
        kind: [(fastre.compile(c["pattern"], re.I | re.M), float(c["weight"]), c.get("where", "text")) for c in cues]
        for kind, cues in raw["kinds"].items()
    }
    return kinds, float(raw["min_score"]), float(raw["title_factor"]), raw["default"]


def scores(title: Optional[str], text: str, headings: Iterable[str]) -> dict[str, float]:
    """The cue score of every kind (how :func:`classify` decides)."""
    kinds, _, title_factor, _ = _cues()
    heads = "\n".join(headings)
    # a text's cues saturate: ten quotes make a news story no more a news story than four
    out = {}
    for kind, cues in kinds.items():
        total = 0.0
        for rx, weight, where in cues:
            if where == "title":
                total += weight * title_factor * bool(title and rx.search(title))
            elif where == "headings":
                total += weight * min(2, len(rx.findall(heads)))
            else:
                total += weight * min(4, len(rx.findall(text[:200000])))
                if title and rx.search(title):
                    total += weight * title_factor
        out[kind] = total
    return out


def classify(title: Optional[str], text: str, headings: Iterable[str]) -> Optional[str]:
    """The document kind, or the default kind when no cue reaches the threshold."""
    _, min_score, _, default = _cues()
    s = scores(title, text, list(headings))
    kind, best = max(s.items(), key=lambda kv: kv[1])
    return kind if best >= min_score else default
