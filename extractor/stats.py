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
from fractions import Fraction
from statistics import NormalDist
from typing import Optional

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
]

# Relative slack for binary floating point when comparing against a rounding window.
_EPS = 1e-9
_NORMAL = NormalDist()

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
    return _NORMAL.inv_cdf(0.5 + level / 2.0)


def _log_ci(log_est: float, se: float, level: float, corrected: bool) -> Estimate:
    z = z_for_level(level)
    return Estimate(math.exp(log_est), math.exp(log_est - z * se), math.exp(log_est + z * se),
                    level, se, corrected)


def odds_ratio(a: int, b: int, c: int, d: int, level: float = 0.95) -> Estimate:
    """Odds ratio ``(a·d)/(b·c)`` with the Woolf (log) confidence interval.

    Cochrane Handbook chapter 6, section 6.4.1.2 (odds ratio) and the SE of ln(OR),
    ``sqrt(1/a + 1/b + 1/c + 1/d)`` (Woolf 1955); 0.5 is added to every cell when a cell is 0.

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
    # w(x) = C(r1, x)·C(r2, c1 - x), by the exact integer recurrence
    # w(x+1) = w(x)·(r1 - x)(c1 - x) / ((x + 1)(r2 - c1 + x + 1)).
    w = math.comb(r1, lo) * math.comb(r2, c1 - lo)
    weights = [w]
    for x in range(lo, hi):
        w = w * (r1 - x) * (c1 - x) // ((x + 1) * (r2 - c1 + x + 1))
        weights.append(w)
    observed = weights[a - lo]
    tail = sum(w for w in weights if w <= observed)
    return min(1.0, float(Fraction(tail, sum(weights))))


# --- CI, SE, z and p -----------------------------------------------------------------------

def _betacf(a: float, b: float, x: float) -> float:
    # Continued fraction of the incomplete beta function, modified Lentz's method
    # (Press et al., Numerical Recipes, 3rd ed., section 6.4).
    tiny, eps = 1e-300, 3e-16
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < eps:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta function I_x(a, b).

    >>> round(betainc(2, 3, 0.4), 6)
    0.5248
    """
    if not 0.0 <= x <= 1.0:
        raise ValueError("x must be in [0, 1]")
    if x in (0.0, 1.0):
        return x
    ln_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(ln_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(ln_front) * _betacf(b, a, 1.0 - x) / b


def t_p(t: float, df: float, two_sided: bool = True) -> float:
    """Tail probability of Student's t with ``df`` degrees of freedom.

    ``P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2)`` (Abramowitz & Stegun 26.7.1 with 26.5.27).

    >>> round(t_p(2.0, 10), 5), round(t_p(1.959964, 1e9), 4)
    (0.07339, 0.05)
    """
    if df <= 0:
        raise ValueError("df must be > 0")
    p = betainc(df / 2.0, 0.5, df / (df + t * t))
    return min(1.0, p) if two_sided else p / 2.0


def t_quantile(level: float, df: float) -> float:
    """The two-sided critical value of Student's t: ``P(|T| > q) = 1 - level``.

    Starts from the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5) and refines with
    Newton steps on :func:`t_p` using the t density.

    >>> round(t_quantile(0.95, 10), 4), round(t_quantile(0.95, 1e9), 4)
    (2.2281, 1.96)
    >>> round(t_quantile(0.95, 1), 3)
    12.706
    """
    if not 0 < level < 1:
        raise ValueError("level must be in (0, 1)")
    if df <= 0:
        raise ValueError("df must be > 0")
    alpha = 1.0 - level
    z = z_for_level(level)
    z2 = z * z
    q = (z + (z2 + 1) * z / (4 * df) + ((5 * z2 + 16) * z2 + 3) * z / (96 * df ** 2)
         + (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / (384 * df ** 3))
    log_c = (math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi))
    for _ in range(50):
        dens = math.exp(log_c - (df + 1) / 2 * math.log1p(q * q / df))
        step = (t_p(q, df) - alpha) / (2 * dens)
        q_new = q + step
        if q_new <= 0:
            q_new = q / 2
        if abs(q_new - q) < 1e-12 * max(1.0, q):
            return q_new
        q = q_new
    return q


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
    return -_NORMAL.inv_cdf(tail) if tail < 0.5 else 0.0


def welch_t(m1: float, sd1: float, n1: int, m2: float, sd2: float, n2: int
            ) -> tuple[float, float, float]:
    """Welch's unequal-variance t test of two means: ``(t, df, se)``.

    SE = sqrt(sd1²/n1 + sd2²/n2); Welch–Satterthwaite degrees of freedom (Welch 1947).

    >>> t, df, se = welch_t(10.0, 2.0, 20, 8.5, 2.5, 25)
    >>> round(t, 3), round(df, 1), round(t_p(t, df), 4)
    (2.236, 43.0, 0.0306)
    """
    v1, v2 = sd1 * sd1 / n1, sd2 * sd2 / n2
    se = math.sqrt(v1 + v2)
    if se == 0:
        return math.inf if m1 != m2 else 0.0, max(1.0, n1 + n2 - 2.0), 0.0
    df = (v1 + v2) ** 2 / ((v1 * v1 / (n1 - 1) if n1 > 1 else 0) +
                            (v2 * v2 / (n2 - 1) if n2 > 1 else 0) or 1e-300)
    return (m1 - m2) / se, df, se


def pooled_t(m1: float, sd1: float, n1: int, m2: float, sd2: float, n2: int
             ) -> tuple[float, float, float]:
    """Student's two-sample t test with pooled variance: ``(t, df, se)``.

    Cochrane Handbook chapter 6, section 6.5.1.2 (pooled SD of two groups).

    >>> t, df, se = pooled_t(10.0, 2.0, 20, 8.5, 2.5, 25)
    >>> round(t, 3), df, round(t_p(t, df), 4)
    (2.181, 43, 0.0347)
    """
    df = n1 + n2 - 2
    sp = math.sqrt(((n1 - 1) * sd1 * sd1 + (n2 - 1) * sd2 * sd2) / df) if df > 0 else 0.0
    se = sp * math.sqrt(1.0 / n1 + 1.0 / n2)
    if se == 0:
        return math.inf if m1 != m2 else 0.0, df, 0.0
    return (m1 - m2) / se, df, se


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
