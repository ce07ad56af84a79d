"""Pure statistics for rebuilding and checking reported trial numbers.

Everything here is a small pure function over Python floats and ints (standard library only),
so it can be used by the extractor (to rebuild ``23/49`` from ``46.94%``) and by the store's
consistency checks (to recompute an odds ratio or a p-value and compare it with what an article
reports).  Each formula cites its source next to the code.

Conventions
-----------
A 2×2 table is ``a, b, c, d`` = intervention events, intervention non-events, control events,
control non-events (the layout of the Cochrane Handbook, chapter 6, section 6.4.1), so the
intervention arm has ``a + b`` participants and the control arm ``c + d``.

Rounding: a reported number ``x`` printed with ``k`` decimals stands for every true value in
``[x - 0.5·10^-k, x + 0.5·10^-k]`` (both ends included, so round-half-up, round-half-even and
round-half-down all fit), widened by a tiny relative tolerance for binary floating point.
Truncation is a different reporting habit and is only accepted where a function says so.

>>> counts_for_percent(46.94, 49, 2)
[23]
>>> round(odds_ratio(23, 26, 10, 19).value, 2)
1.68
>>> round(chi2_p(23, 26, 10, 19), 4)
0.2819
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from .ttest import betainc, pooled_t, t_p, t_quantile, welch_t

__all__ = [
    "Estimate",
    "decimals_of",
    "half_unit",
    "rounds_to",
    "counts_for_percent",
    "denominators_for_percent",
    "grim_mean",
    "odds_ratio",
    "risk_ratio",
    "risk_difference",
    "chi2_test",
    "chi2_p",
    "fisher_p",
    "z_for_level",
    "p_from_z",
    "z_from_p",
    "betainc",
    "t_p",
    "t_quantile",
    "welch_t",
    "pooled_t",
    "se_from_ci",
    "ci_from_se",
    "p_from_ci",
    "ci_log_symmetry",
    "ci_symmetric_within_rounding",
    "mean_difference",
    "standardized_mean_difference",
    "Pooled",
    "pool_inverse_variance",
]

# Relative slack for binary floating point when comparing against a rounding window.
_EPS = 1e-9


@lru_cache(maxsize=1)
def _normal():
    """The standard normal distribution (``statistics`` is imported when first needed: it
    brings ``random``, ``fractions`` and ``decimal``, none of which a process reading a
    document without a confidence level to convert needs)."""
    from statistics import NormalDist

    return NormalDist()

_NUMBER = re.compile(r"[-+−–]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:[.·]\d+)?(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Estimate:
    """An effect estimate with its confidence interval.

    ``se`` is the standard error on the scale the interval was built on (the natural log for
    ratios); ``corrected`` says whether 0.5 was added to every cell (Haldane) because a cell
    was zero.
    """

    value: float
    ci_low: float
    ci_high: float
    level: float = 0.95
    se: Optional[float] = None
    corrected: bool = False


# --- reading precision ---------------------------------------------------------------------

def decimals_of(text: str | float | int) -> int:
    """Number of decimals written in the first number of ``text``.

    Thousands separators (``1,106``) are not decimals; the Lancet's raised decimal point
    (``46·94``) is.  A float argument is read through ``repr``, so trailing zeros that were
    printed in the article (``42.50``) are lost: pass the quoted text when you have it.

    Parameters
    ----------
    text : str, float or int
        A number as written (``"46.94 percent"``, ``"p=0.2819"``) or a number.

    Returns
    -------
    int
        Digits after the decimal point; 0 when none (or when no number is found).

    Examples
    --------
    >>> decimals_of("46.94 percent"), decimals_of("p=0.2819"), decimals_of("1,106 days")
    (2, 4, 0)
    >>> decimals_of("46·9%"), decimals_of(42.5), decimals_of(7)
    (1, 1, 0)
    """
    if isinstance(text, bool):
        return 0
    if isinstance(text, int):
        return 0
    if isinstance(text, float):
        if not math.isfinite(text):
            return 0
        s = repr(text)
        if "e" in s or "E" in s:
            mant, exp = s.lower().split("e")
            frac = mant.split(".")[1] if "." in mant else ""
            frac = frac.rstrip("0")
            return max(0, len(frac) - int(exp))
        frac = s.split(".")[1] if "." in s else ""
        return len(frac.rstrip("0"))
    for m in _NUMBER.finditer(str(text)):
        tok = m.group(0)
        if not any(ch.isdigit() for ch in tok):
            continue
        tok = tok.split("e")[0].split("E")[0]
        for sep in (".", "·"):
            if sep in tok:
                return len(tok.split(sep, 1)[1])
        return 0
    return 0


def half_unit(decimals: int) -> float:
    """Half of the last printed digit: the rounding radius of a number with ``decimals``.

    >>> half_unit(2)
    0.005
    """
    return 0.5 * 10.0 ** (-decimals)


def rounds_to(value: float, reported: float, decimals: int, *, slack: float = 0.0) -> bool:
    """True when ``value`` rounded to ``decimals`` places can print as ``reported``.

    ``slack`` widens the window by that many units of the last digit (for numbers that were
    themselves computed from rounded inputs).

    >>> rounds_to(1.6808, 1.68, 2), rounds_to(1.6850, 1.68, 2), rounds_to(1.6861, 1.68, 2)
    (True, True, False)
    """
    h = half_unit(decimals) + slack * 10.0 ** (-decimals)
    return abs(value - reported) <= h + _EPS * max(1.0, abs(reported))


# --- percentages and GRIM ------------------------------------------------------------------

def counts_for_percent(percent: float, total: int, decimals: int, *,
                       truncated: bool = False) -> list[int]:
    """Event counts ``e`` in ``0..total`` whose percentage ``100·e/total`` prints as ``percent``.

    This is the GRIM idea (Brown & Heathers 2016, "The GRIM test", Soc Psychol Personal Sci
    8:363-369) applied to proportions: with ``total`` participants only the fractions
    ``e/total`` exist, so a percentage reported to ``decimals`` places fits either no count,
    one, or (for large totals or coarse precision) several.

    Parameters
    ----------
    percent : float
        The reported percentage (46.94 for "46.94%").
    total : int
        The denominator (arm size).
    decimals : int
        Decimals printed (see :func:`decimals_of`).
    truncated : bool
        Accept truncation (``66.66`` for 2/3) instead of rounding.

    Returns
    -------
    list of int
        The fitting counts, ascending (empty when none fits).

    Examples
    --------
    >>> counts_for_percent(46.94, 49, 2), counts_for_percent(67.86, 29, 2)
    ([23], [])
    >>> counts_for_percent(67.86, 28, 2), counts_for_percent(35, 100, 0)
    ([19], [35])
    >>> counts_for_percent(66.66, 3, 2), counts_for_percent(66.66, 3, 2, truncated=True)
    ([], [2])
    """
    if total <= 0 or not math.isfinite(percent):
        return []
    unit = 10.0 ** (-decimals)
    tol = _EPS * max(1.0, abs(percent))
    if truncated:
        lo, hi = percent - tol, percent + unit  # [x, x + unit) for truncation
    else:
        h = 0.5 * unit
        lo, hi = percent - h - tol, percent + h + tol
    e_lo = max(0, math.ceil(lo * total / 100.0 - 1e-9))
    e_hi = min(total, math.floor(hi * total / 100.0 + 1e-9))
    out = []
    for e in range(e_lo, e_hi + 1):
        p = 100.0 * e / total
        if truncated:
            if lo <= p < hi - tol:
                out.append(e)
        elif lo <= p <= hi:
            out.append(e)
    return out


def denominators_for_percent(percent: float, decimals: int, *, max_total: int = 1000,
                             min_total: int = 1, truncated: bool = False
                             ) -> list[tuple[int, int]]:
    """Every ``(events, total)`` pair with ``min_total <= total <= max_total`` that fits.

    Use it when the denominator is unknown, or to name the populations a percentage could
    come from when it does not fit the arm size (a conditional denominator).

    Examples
    --------
    >>> denominators_for_percent(11.54, 2, max_total=49)
    [(3, 26)]
    >>> denominators_for_percent(5.26, 2, max_total=40)
    [(1, 19), (2, 38)]
    """
    out = []
    for n in range(max(1, min_total), max_total + 1):
        for e in counts_for_percent(percent, n, decimals, truncated=truncated):
            out.append((e, n))
    return out


def grim_mean(mean: float, n: int, decimals: int, items: int = 1) -> bool:
    """GRIM test: can ``n`` integer responses (on ``items`` items) average to ``mean``?

    The sum of ``n·items`` integers is an integer, so the mean is a multiple of
    ``1/(n·items)``; Brown & Heathers (2016) check whether any such multiple rounds to the
    reported mean.  The test is informative only when ``n·items < 10^decimals``.

    Parameters
    ----------
    mean : float
        The reported mean.
    n : int
        Number of participants.
    decimals : int
        Decimals printed.
    items : int
        Items per participant (the mean of a k-item scale has granularity 1/(n·k)).

    Returns
    -------
    bool
        True when some integer total gives the reported mean.

    Examples
    --------
    >>> grim_mean(5.19, 28, 2), grim_mean(5.18, 28, 2)
    (False, True)
    >>> grim_mean(3.5, 1000, 2)
    True
    """
    if n <= 0:
        return False
    k = n * items
    h = half_unit(decimals)
    tol = _EPS * max(1.0, abs(mean))
    s_lo = math.ceil((mean - h - tol) * k - 1e-9)
    s_hi = math.floor((mean + h + tol) * k + 1e-9)
    return any(abs(s / k - mean) <= h + tol for s in range(s_lo, s_hi + 1))


# --- 2x2 tables ----------------------------------------------------------------------------

def _cells(a: float, b: float, c: float, d: float) -> tuple[float, float, float, float, bool]:
    for x in (a, b, c, d):
        if x < 0:
            raise ValueError("2x2 cells must be >= 0")
    if 0 in (a, b, c, d):
        # Haldane (1956) / Cochrane Handbook 10.4.4.2: add 0.5 to every cell when one is 0.
        return a + 0.5, b + 0.5, c + 0.5, d + 0.5, True
    return float(a), float(b), float(c), float(d), False


def z_for_level(level: float = 0.95) -> float:
    """The two-sided normal quantile of a confidence level (1.959964 for 0.95).

    >>> round(z_for_level(0.95), 6), round(z_for_level(0.90), 4)
    (1.959964, 1.6449)
    """
    if not 0 < level < 1:
        raise ValueError("level must be in (0, 1)")
    return _normal().inv_cdf(0.5 + level / 2.0)


def _log_ci(log_est: float, se: float, level: float, corrected: bool) -> Estimate:
    z = z_for_level(level)
    return Estimate(math.exp(log_est), math.exp(log_est - z * se), math.exp(log_est + z * se),
                    level, se, corrected)


def odds_ratio(a: int, b: int, c: int, d: int, level: float = 0.95) -> Estimate:
    """Odds ratio ``(a·d)/(b·c)`` with the Woolf (log) confidence interval.

    Cochrane Handbook chapter 6, section 6.4.1.2 (odds ratio) and the SE of ln(OR),
    ``sqrt(1/a + 1/b + 1/c + 1/d)`` (Woolf 1955); 0.5 is added to every cell when a cell is 0.

    Parameters
    ----------
    a, b : int
        Intervention events and non-events.
    c, d : int
        Control events and non-events.
    level : float
        Confidence level of the interval (0.95 for a 95% CI).

    Returns
    -------
    Estimate
        The estimate, its interval, the SE on the analysis scale and whether cells were
        corrected.

    Examples
    --------
    >>> e = odds_ratio(23, 26, 10, 19)
    >>> round(e.value, 4), round(e.ci_low, 2), round(e.ci_high, 2)
    (1.6808, 0.65, 4.34)
    >>> odds_ratio(0, 10, 3, 7).corrected
    True
    """
    a2, b2, c2, d2, corr = _cells(a, b, c, d)
    log_or = math.log(a2 * d2 / (b2 * c2))
    se = math.sqrt(1 / a2 + 1 / b2 + 1 / c2 + 1 / d2)
    return _log_ci(log_or, se, level, corr)


def risk_ratio(a: int, b: int, c: int, d: int, level: float = 0.95) -> Estimate:
    """Risk ratio ``(a/(a+b)) / (c/(c+d))`` with its log-scale confidence interval.

    Cochrane Handbook chapter 6, section 6.4.1.2 (risk ratio); SE of ln(RR) =
    ``sqrt(1/a - 1/(a+b) + 1/c - 1/(c+d))`` (Katz et al. 1978); Haldane correction for zeros.

    Parameters
    ----------
    a, b : int
        Intervention events and non-events.
    c, d : int
        Control events and non-events.
    level : float
        Confidence level of the interval (0.95 for a 95% CI).

    Returns
    -------
    Estimate
        The estimate, its interval, the SE on the analysis scale and whether cells were
        corrected.

    Examples
    --------
    >>> e = risk_ratio(23, 26, 10, 19)
    >>> round(e.value, 4), round(e.ci_low, 2), round(e.ci_high, 2)
    (1.3612, 0.76, 2.44)
    """
    a2, b2, c2, d2, corr = _cells(a, b, c, d)
    n1, n2 = a2 + b2, c2 + d2
    log_rr = math.log((a2 / n1) / (c2 / n2))
    se = math.sqrt(max(0.0, 1 / a2 - 1 / n1 + 1 / c2 - 1 / n2))
    return _log_ci(log_rr, se, level, corr)


def risk_difference(a: int, b: int, c: int, d: int, level: float = 0.95) -> Estimate:
    """Risk difference ``a/(a+b) - c/(c+d)`` with the Wald interval.

    Cochrane Handbook chapter 6, section 6.4.1.2; SE =
    ``sqrt(p1(1-p1)/n1 + p2(1-p2)/n2)``.  No cell correction (the RD is defined with zeros).

    Parameters
    ----------
    a, b : int
        Intervention events and non-events.
    c, d : int
        Control events and non-events.
    level : float
        Confidence level of the interval (0.95 for a 95% CI).

    Returns
    -------
    Estimate
        The estimate, its interval, the SE on the analysis scale and whether cells were
        corrected.

    Examples
    --------
    >>> e = risk_difference(23, 26, 10, 19)
    >>> round(e.value, 4), round(e.ci_low, 3), round(e.ci_high, 3)
    (0.1246, -0.098, 0.347)
    """
    n1, n2 = a + b, c + d
    if n1 <= 0 or n2 <= 0:
        raise ValueError("both arms need participants")
    p1, p2 = a / n1, c / n2
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    z = z_for_level(level)
    rd = p1 - p2
    return Estimate(rd, rd - z * se, rd + z * se, level, se, False)


def chi2_test(a: int, b: int, c: int, d: int, correction: bool = False) -> tuple[float, float]:
    """Pearson's χ² statistic (1 df) of a 2×2 table and its p-value.

    ``X² = N (ad - bc)² / ((a+b)(c+d)(a+c)(b+d))`` (Agresti, Categorical Data Analysis, 3rd
    ed., section 3.2); with Yates' continuity correction ``|ad - bc|`` is reduced by ``N/2``
    (not below 0).  The p-value is the upper tail of χ²(1): ``erfc(sqrt(X²/2))``.  A table
    with an empty row or column has no test: ``(nan, nan)``.

    Parameters
    ----------
    a, b, c, d : int
        The 2×2 cells (intervention events/non-events, control events/non-events).
    correction : bool
        Apply Yates' continuity correction.

    Returns
    -------
    tuple of float
        ``(X², p)``.

    Examples
    --------
    >>> x2, p = chi2_test(23, 26, 10, 19)
    >>> round(x2, 4), round(p, 4)
    (1.158, 0.2819)
    >>> round(chi2_test(23, 26, 10, 19, correction=True)[1], 4)
    0.4015
    """
    n = a + b + c + d
    den = (a + b) * (c + d) * (a + c) * (b + d)
    if den == 0:
        return math.nan, math.nan
    diff = abs(a * d - b * c)
    if correction:
        diff = max(0.0, diff - n / 2.0)
    x2 = n * diff * diff / den
    return x2, math.erfc(math.sqrt(x2 / 2.0))


def chi2_p(a: int, b: int, c: int, d: int, correction: bool = False) -> float:
    """The p-value of :func:`chi2_test` (Pearson χ², optionally Yates-corrected).

    >>> round(chi2_p(23, 26, 10, 19), 4)
    0.2819
    """
    return chi2_test(a, b, c, d, correction)[1]


def fisher_p(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher exact p-value of a 2×2 table.

    Conditioning on the margins, ``a`` is hypergeometric; the two-sided p-value sums the
    probabilities of every table no more likely than the observed one (Agresti, Categorical
    Data Analysis, section 3.5.1; the convention of R's ``fisher.test``).  Computed in exact
    integer arithmetic, so ties are decided exactly.

    Parameters
    ----------
    a, b, c, d : int
        The 2×2 cells (non-negative integers).

    Returns
    -------
    float
        The two-sided p-value.

    Examples
    --------
    >>> round(fisher_p(23, 26, 10, 19), 4)
    0.3463
    >>> fisher_p(3, 0, 0, 3)
    0.1
    """
    for x in (a, b, c, d):
        if x < 0 or int(x) != x:
            raise ValueError("Fisher's test needs non-negative integer cells")
    a, b, c, d = int(a), int(b), int(c), int(d)
    r1, r2, c1 = a + b, c + d, a + c
    n = r1 + r2
    if n == 0:
        return 1.0
    lo, hi = max(0, c1 - r2), min(r1, c1)
    if n > _FISHER_EXACT_MAX:
        return _fisher_p_log(a, r1, r2, c1, lo, hi)
    # w(x) = C(r1, x)·C(r2, c1 - x), by the exact integer recurrence
    # w(x+1) = w(x)·(r1 - x)(c1 - x) / ((x + 1)(r2 - c1 + x + 1)).
    w = math.comb(r1, lo) * math.comb(r2, c1 - lo)
    weights = [w]
    for x in range(lo, hi):
        w = w * (r1 - x) * (c1 - x) // ((x + 1) * (r2 - c1 + x + 1))
        weights.append(w)
    observed = weights[a - lo]
    tail = sum(w for w in weights if w <= observed)
    from fractions import Fraction

    return min(1.0, float(Fraction(tail, sum(weights))))


#: above this many participants the integer weights run to thousands of digits; the
#: probabilities are summed in floating point, ties decided with R's relative tolerance
_FISHER_EXACT_MAX = 2000


def _fisher_p_log(a: int, r1: int, r2: int, c1: int, lo: int, hi: int) -> float:
    """Fisher's p from log-probabilities (``gammaln`` over the whole support at once), for large
    tables; a table counts as no more likely than the observed one when its probability is at most
    the observed one's times 1 + 1e-7, as in R's ``fisher.test``."""
    import numpy as np
    from scipy.special import gammaln

    x = np.arange(lo, hi + 1, dtype=float)
    logs = -(gammaln(x + 1) + gammaln(r1 - x + 1) + gammaln(c1 - x + 1) + gammaln(r2 - c1 + x + 1))
    obs = logs[a - lo]
    w = np.exp(logs - logs.max())
    # R's tolerance is on the probability scale (d <= d_obs * (1 + 1e-7)): an absolute
    # log1p(1e-7) in log space, never one growing with the size of the log-weights
    tail = w[logs <= obs + math.log1p(1e-7)].sum()
    return min(1.0, float(tail / w.sum()))


# --- CI, SE, z and p -----------------------------------------------------------------------

def p_from_z(z: float, two_sided: bool = True) -> float:
    """Normal tail probability of ``z`` (two-sided by default).

    >>> round(p_from_z(1.959964), 4), round(p_from_z(1.959964, two_sided=False), 4)
    (0.05, 0.025)
    """
    tail = 0.5 * math.erfc(abs(z) / math.sqrt(2.0))
    return min(1.0, 2.0 * tail) if two_sided else tail


def z_from_p(p: float, two_sided: bool = True) -> float:
    """The |z| whose normal tail probability is ``p`` (inverse of :func:`p_from_z`).

    >>> round(z_from_p(0.05), 4), round(z_from_p(0.025, two_sided=False), 4)
    (1.96, 1.96)
    """
    if not 0 < p <= 1:
        raise ValueError("p must be in (0, 1]")
    tail = p / 2.0 if two_sided else p
    return -_normal().inv_cdf(tail) if tail < 0.5 else 0.0


def se_from_ci(low: float, high: float, level: float = 0.95, ratio: bool = True) -> float:
    """Standard error from a confidence interval.

    Cochrane Handbook chapter 6, section 6.3.1 (differences) and 6.3.2 (ratios):
    ``SE = (high - low) / (2·z)``, on the log scale for ratios, with ``z`` from the level.

    >>> round(se_from_ci(0.65, 4.34), 3)
    0.484
    """
    if ratio:
        if low <= 0 or high <= 0:
            raise ValueError("ratio confidence limits must be > 0")
        low, high = math.log(low), math.log(high)
    return (high - low) / (2.0 * z_for_level(level))


def ci_from_se(estimate: float, se: float, level: float = 0.95, ratio: bool = True
               ) -> tuple[float, float]:
    """The Wald interval ``estimate ± z·SE`` (on the log scale for ratios).

    >>> [round(x, 2) for x in ci_from_se(1.68, 0.484)]
    [0.65, 4.34]
    """
    z = z_for_level(level)
    if ratio:
        m = math.log(estimate)
        return math.exp(m - z * se), math.exp(m + z * se)
    return estimate - z * se, estimate + z * se


def p_from_ci(estimate: float, low: float, high: float, level: float = 0.95,
              ratio: bool = True) -> float:
    """Two-sided p-value of the null (1 for ratios, 0 for differences) from an estimate and CI.

    Altman & Bland, "How to obtain the P value from a confidence interval", BMJ
    2011;343:d2304: ``SE`` from the interval width, ``z = estimate / SE`` (logs for ratios),
    ``p`` from the normal distribution (exactly here, instead of their exp(-0.717z-0.416z²)
    approximation).

    Parameters
    ----------
    estimate, low, high : float
        The estimate and its confidence limits (ratios on their natural scale).
    level : float
        Confidence level of the interval.
    ratio : bool
        Work on the log scale (OR, RR, HR…); False for differences.

    Returns
    -------
    float
        The two-sided p-value for no effect.

    Examples
    --------
    >>> round(p_from_ci(1.68, 0.65, 4.34), 2)
    0.28
    >>> round(p_from_ci(-2.0, -3.96, -0.04, ratio=False), 4)
    0.0455
    """
    se = se_from_ci(low, high, level, ratio)
    if se <= 0:
        return 0.0 if (math.log(estimate) if ratio else estimate) != 0 else 1.0
    est = math.log(estimate) if ratio else estimate
    return p_from_z(est / se)


def ci_log_symmetry(estimate: float, low: float, high: float) -> float:
    """Relative asymmetry of a ratio's interval on the log scale (0 = symmetric).

    A Wald interval of a ratio is symmetric around ln(estimate):
    ``ln(high) - ln(est) = ln(est) - ln(low)``.  Returned is
    ``|(ln high - ln est) - (ln est - ln low)| / (ln high - ln low)``; values near 0 are
    consistent, values near 1 mean the estimate sits at one end of the interval.

    >>> round(ci_log_symmetry(1.68, 0.65, 4.34), 3)
    0.0
    >>> round(ci_log_symmetry(2.0, 1.0, 4.0), 6)
    0.0
    """
    if min(estimate, low, high) <= 0:
        raise ValueError("ratio, and its limits, must be > 0")
    lo, e, hi = math.log(low), math.log(estimate), math.log(high)
    width = hi - lo
    if width <= 0:
        return 0.0 if width == 0 and lo == e else math.inf
    return abs((hi - e) - (e - lo)) / width


def ci_symmetric_within_rounding(estimate: float, low: float, high: float, decimals: int,
                                 ratio: bool = True, slack: float = 0.0) -> bool:
    """Can the unrounded estimate be the centre of the unrounded interval?

    Each printed number stands for a window of ± half a unit of its last digit; the interval
    is symmetric (on the log scale for ratios) when the set of possible centres
    ``(low' + high')/2`` meets the window of the estimate.  ``slack`` widens every window by
    that many units of the last digit.

    >>> ci_symmetric_within_rounding(1.68, 0.65, 4.34, 2)
    True
    >>> ci_symmetric_within_rounding(1.68, 0.65, 4.84, 2)
    False
    >>> ci_symmetric_within_rounding(-2.0, -3.9, -0.1, 1, ratio=False)
    True
    """
    h = half_unit(decimals) + slack * 10.0 ** (-decimals)
    h *= 1 + 1e-9

    def f(x: float) -> float:
        if not ratio:
            return x
        return math.log(x) if x > 0 else -math.inf

    c_lo = (f(low - h) + f(high - h)) / 2.0
    c_hi = (f(low + h) + f(high + h)) / 2.0
    e_lo, e_hi = f(estimate - h), f(estimate + h)
    return c_lo <= e_hi and e_lo <= c_hi


# --- continuous outcomes and pooling ---------------------------------------------------------

def mean_difference(m1: float, sd1: float, n1: float, m2: float, sd2: float, n2: float,
                    level: float = 0.95) -> Estimate:
    """Mean difference ``m1 - m2`` with ``SE = sqrt(sd1²/n1 + sd2²/n2)``.

    Cochrane Handbook chapter 6, section 6.5.1.1 (metafor's ``escalc(measure="MD")``).

    >>> e = mean_difference(4.1, 2.0, 60, 5.3, 2.4, 60)
    >>> round(e.value, 2), round(e.se, 4)
    (-1.2, 0.4033)
    """
    if n1 <= 0 or n2 <= 0 or sd1 < 0 or sd2 < 0:
        raise ValueError("group sizes must be > 0 and SDs >= 0")
    md = m1 - m2
    se = math.sqrt(sd1 * sd1 / n1 + sd2 * sd2 / n2)
    z = z_for_level(level)
    return Estimate(md, md - z * se, md + z * se, level, se, False)


def standardized_mean_difference(m1: float, sd1: float, n1: float, m2: float, sd2: float,
                                 n2: float, level: float = 0.95) -> Estimate:
    """Hedges' g: the mean difference over the pooled SD, with the small-sample correction.

    ``d = (m1 - m2) / s_pooled``, ``g = J·d`` with ``J = 1 - 3 / (4(n1 + n2 - 2) - 1)``, and
    ``var(g) = (n1 + n2) / (n1·n2) + g² / (2(n1 + n2))`` (Cochrane Handbook chapter 6, section
    6.5.1.2; Hedges & Olkin 1985; metafor's ``escalc(measure="SMD")``).

    >>> e = standardized_mean_difference(4.1, 2.0, 60, 5.3, 2.4, 60)
    >>> round(e.value, 4), round(e.se, 4)
    (-0.5398, 0.1859)
    """
    if n1 < 2 or n2 < 2 or sd1 < 0 or sd2 < 0:
        raise ValueError("each group needs n >= 2 and SD >= 0")
    df = n1 + n2 - 2
    sp = math.sqrt(((n1 - 1) * sd1 * sd1 + (n2 - 1) * sd2 * sd2) / df)
    if sp == 0:
        raise ValueError("pooled SD is 0")
    j = 1 - 3 / (4 * df - 1)
    g = j * (m1 - m2) / sp
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
    z = z_for_level(level)
    return Estimate(g, g - z * se, g + z * se, level, se, False)


@dataclass(frozen=True)
class Pooled:
    """A pooled estimate on the analysis scale (log for ratios), fixed or random effects."""

    value: float
    se: float
    ci_low: float
    ci_high: float
    tau2: float
    i2: float
    k: int


def pool_inverse_variance(yi: Sequence[float], vi: Sequence[float], random: bool = True,
                          level: float = 0.95) -> Pooled:
    """Inverse-variance pooling: fixed effect, or random effects with the DerSimonian–Laird tau².

    Cochrane Handbook chapter 10, sections 10.3.1 (inverse variance) and 10.10.4
    (DerSimonian & Laird 1986); ``I² = max(0, (Q - df) / Q)`` (Higgins & Thompson 2002).

    >>> p = pool_inverse_variance([0.1, 0.3], [0.04, 0.04], random=False)
    >>> round(p.value, 6), round(p.se, 6), p.k
    (0.2, 0.141421, 2)
    """
    if len(yi) != len(vi) or not yi:
        raise ValueError("one variance per estimate, at least one estimate")
    if any(v <= 0 for v in vi):
        raise ValueError("variances must be > 0")
    w = [1 / v for v in vi]
    sw = sum(w)
    fixed = sum(wi * y for wi, y in zip(w, yi)) / sw
    q = sum(wi * (y - fixed) ** 2 for wi, y in zip(w, yi))
    df = len(yi) - 1
    tau2 = 0.0
    if random and df > 0:
        c = sw - sum(wi * wi for wi in w) / sw
        tau2 = max(0.0, (q - df) / c) if c > 0 else 0.0
    ws = [1 / (v + tau2) for v in vi]
    est = sum(wi * y for wi, y in zip(ws, yi)) / sum(ws)
    se = math.sqrt(1 / sum(ws))
    z = z_for_level(level)
    i2 = max(0.0, (q - df) / q) if q > 0 and df > 0 else 0.0
    return Pooled(est, se, est - z * se, est + z * se, tau2, i2, len(yi))
