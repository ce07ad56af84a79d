"""Events and totals rebuilt from a reported percentage and a known arm size.

The rule (stated once, applied everywhere):

1. If exactly one count ``e`` makes ``100·e/n`` print as the reported percentage at its
   reported precision, with ``n`` the arm size, store ``e/n`` as derived.
2. If none fits, the percentage was computed on another population (a drop-out, a
   conditional denominator).  Search the denominators between half the arm size and ``n − 1``;
   if exactly one pair ``e/d`` fits, store it as derived and say in the derivation that ``n``
   did not fit (the checks flag such rows).  Otherwise store nothing.
3. Several counts fitting the arm size (coarse precision, large arms) store nothing.

>>> derive_counts(46.94, "46.94", 49).derivation
'46.94% × 49 = 23.0 → 23/49 (23/49 = 46.94%)'
>>> d = derive_counts(67.86, "67.86", 29); (d.events, d.total)
(19, 28)
>>> derive_counts(50, "50", 49) is None
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from .. import stats

__all__ = ["Derived", "derive_counts"]


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
    lo = max(1, math.ceil(arm_size / 2))
    pairs = stats.denominators_for_percent(percent, dec, max_total=arm_size - 1, min_total=lo)
    if len(pairs) != 1:
        return None
    e, d = pairs[0]
    return Derived(e, d,
                   f"{_fmt(percent, dec)}% does not fit the arm size n={arm_size} (no count e gives "
                   f"100·e/{arm_size} = {_fmt(percent, dec)}%); the only denominator from {lo} to "
                   f"{arm_size - 1} that fits is {d}: {e}/{d} = {_fmt(100 * e / d, dec)}%", False)
