"""Study-level design fields: randomization, blinding, control, allocation ratio, phase,
registration, numbers randomized/analysed and follow-up.

Follow-up convention: ``follow_up`` keeps the statement as written; ``follow_up_days`` converts
with 1 week = 7 days, 1 month = 365.25/12 = 30.4375 days, 1 year = 365.25 days (so "3 years" ->
1095.75).  When several statements exist the most specific wins: a median/mean follow-up over a
planned duration, then the finer unit (days > weeks > months > years), then the first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .lexicon import load, pairs, rx, rx_any, rx_list
from .numbers import parse_number

__all__ = ["Design", "find_design", "control_from_arm"]


@dataclass
class Found:
    value: object
    start: int
    end: int


@dataclass
class Design:
    randomized: Optional[Found] = None
    blinding: Optional[Found] = None
    control: Optional[Found] = None
    allocation_ratio: Optional[Found] = None
    phase: Optional[Found] = None
    registration: Optional[Found] = None
    n_randomized: Optional[Found] = None
    n_analyzed: Optional[Found] = None
    follow_up: Optional[Found] = None
    follow_up_days: Optional[float] = None
    cues: list[tuple[int, int]] = field(default_factory=list)

    def first_cue(self) -> Optional[tuple[int, int]]:
        spots = [(f.start, f.end) for f in (self.randomized, self.blinding, self.control,
                                              self.allocation_ratio, self.registration) if f]
        return min(spots) if spots else None


def _int(s: str) -> int:
    return int(s.replace(",", ""))


def find_design(text: str) -> Design:
    """Scan ``text`` for the design fields (first occurrence wins unless noted)."""
    d = Design()
    m = rx_any("design", "randomized").search(text)
    neg = rx_any("design", "not_randomized").search(text)
    if m and not (neg and neg.start() <= m.start() < neg.end() + 2):
        d.randomized = Found(True, m.start(), m.end())
    elif neg:
        d.randomized = Found(False, neg.start(), neg.end())
    for key in ("blinding", "control"):
        best = None
        for value, pat in pairs("design", key):
            mm = pat.search(text)
            if mm and (best is None or mm.start() < best.start):
                best = Found(value, mm.start(), mm.end())
        setattr(d, key, best)
    for pat in rx_list("design", "allocation_ratio"):
        mm = pat.search(text)
        if mm:
            ratio = re.sub(r"\s+", "", mm["ratio"])
            if len(set(ratio.split(":"))) >= 1 and all(0 < int(x) <= 10 for x in ratio.split(":")):
                if d.allocation_ratio is None or mm.start("ratio") < d.allocation_ratio.start:
                    d.allocation_ratio = Found(ratio, mm.start("ratio"), mm.end("ratio"))
    mm = rx("design", "phase").search(text)
    if mm:
        d.phase = Found(mm["phase"].upper().replace(" ", ""), mm.start(), mm.end())
    ctx = load("design")["registration_context"]
    for pat in rx_list("design", "registration"):
        for mm in pat.finditer(text):
            reg = mm.group(0)
            if re.fullmatch(r"[\d-]+", reg) and ctx.lower() not in text[max(0, mm.start() - 40):mm.start()].lower():
                continue
            if d.registration is None or mm.start() < d.registration.start:
                d.registration = Found(reg, mm.start(), mm.end())
            break
    for key in ("n_randomized", "n_analyzed"):
        for pat in rx_list("design", key):
            mm = pat.search(text)
            if mm:
                found = Found(_int(mm["n"]), mm.start("n"), mm.end("n"))
                cur = getattr(d, key)
                if cur is None or found.start < cur.start:
                    setattr(d, key, found)
    d.follow_up, d.follow_up_days = _follow_up(text)
    return d


def control_from_arm(label: str, others: tuple[str, ...] = ()) -> Optional[str]:
    """The control type an arm label names ("normal saline" -> ``placebo``, "best supportive
    care" -> ``usual care``), from ``design.json`` ``control_from_arm``; ``None`` if none fits.

    ``others`` are the other arms' labels: saline against another fluid is an active comparator
    (``control_from_arm_active``), not a placebo."""
    for value, pat, other in load("design")["control_from_arm_active"]:
        if re.search(pat, label, re.I) and any(re.search(other, o, re.I) for o in others):
            return value
    for value, pat in pairs("design", "control_from_arm"):
        if pat.search(label.strip()):
            return value
    return None


def _follow_up(text: str) -> tuple[Optional[Found], Optional[float]]:
    data = load("design")
    words = data["word_numbers"]
    best = None
    for i, pat in enumerate(rx_list("design", "follow_up")):
        for mm in pat.finditer(text):
            num = mm["num"].lower()
            value = float(words[num]) if num in words else parse_number(num)
            unit = mm["unit"].lower()
            days = value * data["unit_days"][unit]
            stem = unit.rstrip("s") if unit not in ("d", "y", "mo", "wk", "yr") else {"d": "day", "y": "year", "yr": "year", "mo": "month", "wk": "week"}[unit]
            summary = "kind" in pat.groupindex and mm["kind"]
            rank = (1 if summary else 0, data["unit_rank"][stem], -mm.start())
            if best is None or rank > best[0]:
                best = (rank, Found(mm.group(0), mm.start(), mm.end()), days)
    if best is None:
        return None, None
    days = best[2]
    return best[1], (int(days) if float(days).is_integer() else days)
