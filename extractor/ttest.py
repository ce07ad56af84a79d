"""Student's t for the checks of mean differences: the distribution and two-sample tests.

Standard library only (part of :mod:`extractor.stats`, which re-exports these names).

>>> round(t_p(2.0, 10), 5)
0.07339
"""
from __future__ import annotations

import math

__all__ = ["betainc", "t_p", "t_quantile", "welch_t", "pooled_t"]


def _z(level: float) -> float:
    from statistics import NormalDist  # imported when first needed (with random, fractions)

    return NormalDist().inv_cdf(0.5 + level / 2.0)


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
    z = _z(level)
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
