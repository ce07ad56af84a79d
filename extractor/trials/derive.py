"""Events and totals rebuilt from a reported percentage and a known arm size.

The rule (stated once, applied everywhere):

1. If exactly one count ``e`` makes ``100·e/n`` print as the reported percentage at its
   reported precision, with ``n`` the arm size, store ``e/n`` as derived.
2. If none fits and the percentage has decimals, a count whose percentage *truncated* (not
   rounded) to the reported precision prints it (``44/62 = 70.967…%`` written ``70.96%``) is
   the arm's: exactly one such count is stored as derived, the derivation saying the
   percentage was truncated.  Only where a chance fit is rare: a percentage printed to ``d``
   decimals fits some count of ``n`` by chance with probability about ``n / (100·10^d)``,
   which must be at most 2% (one decimal: n ≤ 20; two decimals: n ≤ 200).
3. If none fits, the percentage was computed on another population (a drop-out, a
   conditional denominator).  Search the denominators between half the arm size and ``n − 1``;
   if exactly one pair ``e/d`` fits, store it as derived and say in the derivation that ``n``
   did not fit (the checks flag such rows).  Otherwise store nothing.
4. Several counts fitting the arm size (coarse precision, large arms) store nothing.

>>> derive_counts(46.94, "46.94", 49).derivation
'46.94% × 49 = 23.0 → 23/49 (23/49 = 46.94%)'
>>> d = derive_counts(67.86, "67.86", 29); (d.events, d.total)
(19, 28)
>>> derive_counts(50, "50", 49) is None
True
>>> d = derive_counts(70.96, "70.96", 62); (d.events, d.total, d.arm_size_fits)
(44, 62, False)
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Optional

from .. import stats

__all__ = ["Derived", "derive_counts", "denominator_of", "complement_outcomes", "absent_event"]

# "No painful defecation", "Absence of rash", "Without relapse": a row counting those without
# an event; what is left of the name is the event (a comparison or a group is no event)
_NEGATED = re.compile(r"^\s*(?:no|absence\s+of|without)\s+(?P<event>(?!(?:significant|statistical|difference|differences|change|"
                      r"changes|effect|effects|data|response\s+to\s+(?:the\s+)?letter)\b)[A-Za-z][\w\s,'/-]{2,80}?)\s*$", re.I)


def absent_event(name: str) -> Optional[str]:
    """The event a name counts the absence of ("No painful defecation" -> "painful
    defecation", "Absence of rash", "Without relapse"), or None."""
    m = _NEGATED.match(name or "")
    return m["event"].strip() if m else None


@dataclass(frozen=True)
class Derived:
    events: int
    total: int
    derivation: str
    arm_size_fits: bool


def _fmt(x: float, dec: int) -> str:
    return f"{x:.{dec}f}"


def derive_counts(percent: float, written: str, arm_size: int) -> Optional[Derived]:
    """Rebuild ``events/total`` from ``percent`` (as ``written``) and ``arm_size``."""
    if arm_size is None or arm_size <= 0 or not 0 <= percent <= 100:
        return None
    dec = stats.decimals_of(written)
    ks = stats.counts_for_percent(percent, arm_size, dec)
    if len(ks) == 1:
        e = ks[0]
        return Derived(e, arm_size,
                       f"{_fmt(percent, dec)}% × {arm_size} = {percent * arm_size / 100:.1f} → {e}/{arm_size} "
                       f"({e}/{arm_size} = {_fmt(100 * e / arm_size, dec)}%)", True)
    if ks:
        return None
    if dec >= 1 and arm_size / (100 * 10 ** dec) <= 0.02:
        kt = stats.counts_for_percent(percent, arm_size, dec, truncated=True)
        if len(kt) == 1:
            e = kt[0]
            return Derived(e, arm_size,
                           f"{_fmt(percent, dec)}% × {arm_size} = {percent * arm_size / 100:.3f} → {e}/{arm_size} "
                           f"({e}/{arm_size} = {100 * e / arm_size:.{dec + 2}f}%, printed truncated to "
                           f"{_fmt(percent, dec)}%, not rounded)", False)
    lo = max(1, math.ceil(arm_size / 2))
    pairs = stats.denominators_for_percent(percent, dec, max_total=arm_size - 1, min_total=lo)
    if len(pairs) != 1:
        return None
    e, d = pairs[0]
    return Derived(e, d,
                   f"{_fmt(percent, dec)}% does not fit the arm size n={arm_size} (no count e gives "
                   f"100·e/{arm_size} = {_fmt(percent, dec)}%); the only denominator from {lo} to "
                   f"{arm_size - 1} that fits is {d}: {e}/{d} = {_fmt(100 * e / d, dec)}%", False)


def denominator_of(events: int, percent: float, written: str, arm_size: Optional[int]) -> Optional[tuple[int, str]]:
    """The total a count and its printed percentage were computed on ("13 (30.2%)": 13/43),
    where the arm's size does not reproduce the percentage: ``(total, derivation)`` when
    exactly one total does (``100·13/n`` prints 30.2 only for n = 43) and it lies within a few
    drop-outs of the arm's size (two, or 5%), else None.

    >>> denominator_of(13, 30.2, "30.2", 44)
    (43, '13 / 30.2% = 43.0 → 13/43 (13/43 = 30.23%); the arm size n=44 gives 29.5%')
    >>> denominator_of(8, 19.5, "19.5", 41) is None  # the arm's size fits
    True
    >>> denominator_of(1, 4, "4", 30) is None  # 1/23, 1/24, 1/25, ... all print 4%
    True
    >>> denominator_of(10, 16.7, "16.7", 64) is None  # only 10/60 prints 16.7%: too far from 64
    True
    """
    if events is None or events < 1 or not 0 < percent <= 100:
        return None
    dec = stats.decimals_of(written)
    if arm_size and events in stats.counts_for_percent(percent, arm_size, dec):
        return None
    half = 0.5 * 10 ** -dec
    lo = max(events, math.floor(100 * events / (percent + half)))
    hi = math.ceil(100 * events / (percent - half)) if percent > half else lo + 1000
    fits = [n for n in range(lo, min(hi, lo + 1000) + 1) if events in stats.counts_for_percent(percent, n, dec)]
    if len(fits) != 1:
        return None
    n = fits[0]
    if arm_size and abs(n - arm_size) > max(2, 0.05 * arm_size):
        return None  # a few drop-outs, not another population (nor a misprinted percentage)
    why = (f"; the arm size n={arm_size} gives {_fmt(100 * events / arm_size, dec)}%" if arm_size else "")
    return n, (f"{events} / {_fmt(percent, dec)}% = {100 * events / percent:.1f} → {events}/{n} "
               f"({events}/{n} = {_fmt(100 * events / n, dec + 1)}%){why}")


def complement_outcomes(outcomes: list, text: str) -> list:
    """The event counted by a "No X" row, rebuilt per arm as its total minus the row's count.

    For every binary outcome named "No X" ("Absence of X", "Without X") that gives, on every arm
    of at least two, a count of events and the denominator it is a count of (the outcome's own
    total, or the arm's size when the printed percentage is that count of it), a new outcome "X"
    gets ``total − count`` events, derived with their formula (``20 − 7 = 13``), and the same
    total (derived too when it is the arm's size).  Nothing is made when the study already has an outcome named X (its own
    numbers are printed) or when a denominator is unknown.

    ``outcomes`` are :class:`extractor.trials.results.OutcomeDraft`; returns them with each new
    outcome placed just before the "No X" row it was rebuilt from (``evidence ask`` tells the
    two apart by the absence the name states, :func:`absent_event`).
    """
    names = {(o.name.strip().lower(), o.timepoint, o.subgroup) for o in outcomes}
    out = []
    for od in outcomes:
        out.append(od)
        event = absent_event(od.name)
        if event is None or od.kind not in (None, "binary"):
            continue
        if (event.lower(), od.timepoint, od.subgroup) in names:
            continue
        arms = []
        for r in od.results:
            if r.arm not in arms:
                arms.append(r.arm)
        rows = []
        for arm in arms:
            own = {r.statistic: r for r in od.results if r.arm is arm}
            ev = own.get("events")
            if ev is None or not float(ev.value).is_integer():
                rows = []
                break
            tot = own.get("total")
            n = int(tot.value) if tot is not None else None
            source = "its total"
            if n is None:
                # the arm's size, only where the printed percentage is this count of it
                size = arm.n_analyzed or arm.n_randomized
                pct = own.get("percent")
                d = derive_counts(pct.value, text[pct.start:pct.end], size) if pct is not None and size else None
                if d is None or d.events != int(ev.value) or d.total != size:
                    rows = []
                    break
                n, source = size, "the arm's size"
            if not 0 <= ev.value <= n:
                rows = []
                break
            rows.append((arm, ev, tot, n, source))
        if len(rows) < 2:
            continue
        new = replace(od, name=event, results=[], effects=[], flags=[])
        for arm, ev, tot, n, source in rows:
            k = int(ev.value)
            formula = f"{n} − {k} = {n - k}: the complement of '{od.name.strip()}' ({k} of {n}, {source})"
            new.results.append(replace(ev, statistic="events", value=float(n - k), unit=None, derivation=formula))
            # the row's own printed total is the event's too (reported); the arm's size is a reading
            new.results.append(replace(tot, derivation=None) if tot is not None else
                               replace(ev, statistic="total", value=float(n), unit=None, derivation=formula))
        names.add((event.lower(), od.timepoint, od.subgroup))
        out.insert(len(out) - 1, new)
    return out
