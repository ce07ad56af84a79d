"""Consistency checks of effect estimates (part of :mod:`corpus.checks`).

For each stored effect: number formats (p in [0, 1], ratios > 0, limits in order), the estimate
inside its interval, interval symmetry (log scale for ratios, Wald), p against the interval
(Altman & Bland 2011), OR/RR/RD and p recomputed from the arms' counts (χ², Yates, Fisher —
naming the test that reproduces the reported p), a "difference" against the difference of the
reported medians/means, and significance words against p or counts.
"""
from __future__ import annotations

import itertools
import math
import re
from typing import Iterator, Optional

from extractor import stats

from .checkrows import _Doc, _decimals, _fmt, _measure_key, _p, _pairs, _row, _table, rules

__all__ = ["check_effects"]

# --- effects ------------------------------------------------------------------------------------

def _rrr(a, b, c, d) -> stats.Estimate:
    # relative risk reduction = 1 − RR (Cochrane Handbook 15.4.4.2)
    return stats.Estimate(1.0 - stats.risk_ratio(a, b, c, d).value, math.nan, math.nan)


def _nnt(a, b, c, d) -> stats.Estimate:
    # number needed to treat (or harm) = 1/|RD| (Cochrane Handbook 15.4.4.1)
    rd = stats.risk_difference(a, b, c, d).value
    return stats.Estimate(1.0 / abs(rd) if rd else math.inf, math.nan, math.nan)


_RECOMPUTE = {"odds_ratio": ("OR", stats.odds_ratio), "risk_ratio": ("RR", stats.risk_ratio),
              "risk_difference": ("RD", stats.risk_difference),
              "relative_risk_reduction": ("RRR", _rrr), "nnt": ("NNT", _nnt)}
_FORMULA = {"odds_ratio": "({a}×{d})/({b}×{c})", "risk_ratio": "({a}/{n1})/({c}/{n2})",
            "risk_difference": "{a}/{n1} − {c}/{n2}",
            "relative_risk_reduction": "1 − ({a}/{n1})/({c}/{n2})",
            "nnt": "1/|{a}/{n1} − {c}/{n2}|"}


def _printed(quote: Optional[str], value: float) -> Optional[str]:
    """The token of ``quote`` that printed ``value`` (digits as written), if any."""
    for tok in re.findall(r"\d[\d.,·]*", quote or ""):
        try:
            if float(tok.replace(",", "").replace("·", ".")) == value:
                return tok
        except ValueError:
            continue
    return None


def _family(key: str) -> Optional[str]:
    m = rules()["measures"]
    for fam in _RECOMPUTE:
        if key in m[fam]:
            return fam
    return None


def check_effects(doc: _Doc) -> Iterator[dict]:
    for o in doc.outcomes:
        for e in doc.effects.get(o["id"], ()):
            recomputed = list(_check_recomputed(doc, o, e)) + list(_check_means(doc, o, e))
            p_ok = next((r for r in recomputed if r.get("_test")), None)
            yield from _check_effect_numbers(doc, o, e, p_ok)
            for r in recomputed:
                r.pop("_test", None)
                yield r
            yield from _check_difference(doc, o, e)
            yield from _check_claim(doc, o, e)


def _check_effect_numbers(doc: _Doc, o: dict, e: dict, p_ok: Optional[dict] = None
                          ) -> Iterator[dict]:
    R = rules()
    key = _measure_key(e["measure"])
    ratio = key in R["measures"]["ratio"]
    v, lo, hi, p = e["value"], e["ci_low"], e["ci_high"], e["p_value"]
    name = f"{o['name']}: {e['measure'] or 'effect'}"
    q = e["quote"]
    if p is not None and not (0 <= p <= 1):
        tok = _printed(q, p)
        if tok and tok.startswith("0") and "." not in tok:
            hint = f" (a dropped decimal point: {_fmt(p)} printed as {tok!r}, 0.{tok[1:]}?)"
        elif p > 1:
            digits = _fmt(p).replace(".", "")
            hint = f" (a dropped decimal point: 0.{digits} or 0.0{digits}?)"
        else:
            hint = ""
        yield _row(doc, "effects", e["id"], "number_format", "fail",
                   f"{name}: p = {_fmt(p)} is not a probability{hint}", "0 ≤ p ≤ 1", _fmt(p))
        p = None
    elif p == 0 and (e["p_relation"] or "=") == "=":
        yield _row(doc, "effects", e["id"], "number_format", "flag",
                   f"{name}: p = 0 cannot be exact (report p < 0.001 or the value)", "p > 0", "0")
    if ratio and any(x is not None and x <= 0 for x in (v, lo, hi)):
        # below 0 is impossible; exactly 0 is a small value rounded away ("0.00 to 0.80")
        zero = all(x is None or x >= 0 for x in (v, lo, hi))
        yield _row(doc, "effects", e["id"], "number_format", "flag" if zero else "fail",
                   f"{name}: a ratio and its limits must be > 0 (got {_fmt(v)}, "
                   f"{_fmt(lo)}–{_fmt(hi)})"
                   + (": a small value printed as 0 — print more decimals" if zero else ""),
                   "> 0", f"{_fmt(v)} ({_fmt(lo)}–{_fmt(hi)})")
        return
    if lo is None or hi is None:
        return
    if lo > hi:
        yield _row(doc, "effects", e["id"], "number_format", "fail",
                   f"{name}: confidence limits reversed ({_fmt(lo)} > {_fmt(hi)})",
                   "low ≤ high", f"{_fmt(lo)}–{_fmt(hi)}")
        return
    dec = max(_decimals(q, x) for x in (v, lo, hi) if x is not None)
    h = stats.half_unit(dec)
    ci = f"{_fmt(lo)} to {_fmt(hi)}"
    if v is not None:
        inside = lo - 2 * h <= v <= hi + 2 * h
        yield _row(doc, "effects", e["id"], "estimate_in_ci", "pass" if inside else "fail",
                   f"{name} {_fmt(v)} {'lies inside' if inside else 'lies OUTSIDE'} its "
                   f"confidence interval {ci}", f"{ci}", _fmt(v))
        if not inside:
            return
    level = e["ci_level"] or 0.95
    level = level / 100.0 if level > 1 else level
    sym_fam = ratio or key in R["measures"]["wald_symmetric_difference"]
    if v is not None and sym_fam and hi > lo:
        ok = stats.ci_symmetric_within_rounding(v, lo, hi, dec, ratio=ratio,
                                                slack=R["ci_rounding_slack_units"])
        if ratio:
            asym = stats.ci_log_symmetry(v, lo, hi)
            arith = (f"ln({_fmt(hi)}/{_fmt(v)}) = {math.log(hi / v):.3f} vs "
                     f"ln({_fmt(v)}/{_fmt(lo)}) = {math.log(v / lo):.3f}")
        else:
            asym = abs((hi - v) - (v - lo)) / (hi - lo)
            arith = f"{_fmt(hi)} − {_fmt(v)} = {hi - v:.{dec}f} vs {_fmt(v)} − {_fmt(lo)} = " \
                    f"{v - lo:.{dec}f}"
        ok = ok or asym <= R["ci_asymmetry_tolerance"]
        scale = "log scale" if ratio else "linear scale"
        yield _row(doc, "effects", e["id"], "ci_symmetry", "pass" if ok else "flag",
                   f"{name} {_fmt(v)} ({ci}): {arith} — "
                   + (f"symmetric on the {scale} within rounding" if ok else
                      f"asymmetric on the {scale} ({asym:.0%} of the width): a wrong bound, a "
                      f"transposed digit, or a non-Wald (exact/profile/bootstrap) interval"),
                   "symmetric", f"asymmetry {asym:.3f}")
    if p is not None and v is not None and (ratio or key in R["measures"]["difference"]):
        for row in _check_p_ci(doc, o, e, v, lo, hi, p, level, ratio, dec, name):
            if p_ok and row["status"] != "pass":
                # The p is reproduced from the counts by a named test; the interval is a
                # Wald one: two methods that may disagree near α or with sparse cells.
                test = p_ok["_test"]
                row = dict(row, status="pass", message=row["message"] + f" — but p is "
                           f"reproduced from the counts by {test}: a different method from "
                           f"the Wald interval, not an inconsistency")
            yield row


def _check_p_ci(doc, o, e, v, lo, hi, p, level, ratio, dec, name) -> Iterator[dict]:
    R = rules()
    null = 1.0 if ratio else 0.0
    h = stats.half_unit(dec)
    alpha = 1 - level
    rel = e["p_relation"] or "="
    # Altman & Bland (BMJ 2011): p from the CI, over the rounding window of the three numbers.
    ps = []
    for dv, dl, dh in itertools.product((-h, 0, h), repeat=3):
        vv, ll, hh = v + dv, lo + dl, hi + dh
        if hh <= ll or (ratio and min(vv, ll, hh) <= 0) or not (ll <= vv <= hh):
            continue
        try:
            ps.append(stats.p_from_ci(vv, ll, hh, level, ratio))
        except (ValueError, ZeroDivisionError):
            continue
    if not ps:
        return
    p_mid = stats.p_from_ci(v, lo, hi, level, ratio) if hi > lo and (
        not ratio or min(v, lo, hi) > 0) else ps[0]
    p_min, p_max = min(ps), max(ps)
    excludes = lo - h > null or hi + h < null
    includes = lo + h < null < hi - h
    p_dec = _decimals(e["quote"], p)
    p_h = stats.half_unit(p_dec) if rel == "=" else 0.0
    k = R["p_ci_factor"]
    side = None
    if excludes and ((rel == "=" and p - p_h > alpha) or (rel == ">" and p >= alpha)):
        side = f"the CI excludes {_fmt(null)} but p {rel} {_fmt(p)} > {_fmt(alpha)}"
    elif includes and rel in ("=", "<") and p + p_h < alpha:
        side = f"the CI includes {_fmt(null)} but p {rel} {_fmt(p)} < {_fmt(alpha)}"
    if rel == "=":
        near = (p_min / k <= p + p_h and p - p_h <= p_max * k) or (
            max(p, p_max) < R["p_ci_small"])
    elif rel == "<":
        near = p_min <= p * k
    else:
        near = p_max >= p / k
    lo_s = f"({_fmt(lo)})" if lo < 0 else _fmt(lo)
    arith = (f"Wald p from the CI (Altman & Bland): SE = (ln {_fmt(hi)} − ln {_fmt(lo)})/"
             f"(2×{stats.z_for_level(level):.2f}), p ≈ {_p(p_mid)}" if ratio else
             f"Wald p from the CI (Altman & Bland): SE = ({_fmt(hi)} − {lo_s})/"
             f"(2×{stats.z_for_level(level):.2f}), p ≈ {_p(p_mid)}")
    close = (p_min / R["p_ci_side_factor"] <= p + p_h
             and p - p_h <= p_max * R["p_ci_side_factor"]) if rel == "=" else False
    if side and close:
        status = "pass"
        msg = (f"{name}: {side}, but the Wald p from the CI is close ({arith}): two tests "
               f"either side of α, not an inconsistency")
    elif side:
        # a Wald-type estimate (ratios, MD, RD) and its own p cannot straddle α by far; a
        # median difference's interval and a rank test's p come from different procedures
        wald = ratio or _measure_key(e["measure"]) in R["measures"]["wald_symmetric_difference"]
        status = "fail" if wald and not near else "flag"
        msg = f"{name}: {side}; {arith}"
    elif not near:
        status = "flag"
        msg = (f"{name}: reported p {rel} {_fmt(p)} is far from the p implied by the CI; {arith} "
               f"(range {_p(p_min)}–{_p(p_max)} over rounding): another test, or a wrong p or "
               f"bound")
    else:
        status = "pass"
        msg = f"{name}: reported p {rel} {_fmt(p)} agrees with the CI; {arith}"
    yield _row(doc, "effects", e["id"], "p_ci_consistency", status, msg, _p(p_mid),
               f"p {rel} {_fmt(p)}")


def _check_recomputed(doc: _Doc, o: dict, e: dict) -> Iterator[dict]:
    key = _measure_key(e["measure"])
    fam = _family(key)
    want_p = e["p_value"] is not None and 0 <= e["p_value"] <= 1
    if fam is None and not want_p:
        return
    if fam is None and (o["kind"] not in (None, "binary")):
        return
    if key in rules()["measures"]["adjusted"] or "adjust" in (e["reported_as"] or "").lower():
        return  # an adjusted estimate (and its p) is not a function of the crude 2×2 table
    if fam is None and key in rules()["measures"]["ratio"] | rules()["measures"]["difference"]:
        return  # HR, IRR, MD…: their p does not come from a 2×2 table either
    iv, ct = doc.comparison(o, e)
    c1, s1 = doc.counts(o["id"], iv)
    c2, s2 = doc.counts(o["id"], ct)
    if not c1 or not c2:
        return
    if fam is None and "assumed" in (s1, s2):
        return  # a p-value of an unknown test against unstated denominators: nothing to say
    combos = [(x, y) for x in c1 for y in c2]
    src = {"reported": "reported", "derived": "rebuilt", "percent": "rebuilt from percentages",
           "assumed": "arm sizes as denominators (not stated)"}
    base = (f"{_pairs(c1)} ({iv['label']}) vs {_pairs(c2)} ({ct['label']}) ["
            f"{src[s1] if s1 == s2 else src[s1] + ' / ' + src[s2]}]")
    name = o["name"] + (f": {e['measure']}" if e["measure"] else "")
    if fam and e["value"] is not None:
        v = e["value"]
        dec = _decimals(e["quote"], v)
        scale = 100.0 if fam in ("risk_difference", "relative_risk_reduction") \
            and abs(v) > 1 else 1.0
        sym, fn = _RECOMPUTE[fam]
        got, hit = [], None
        for x, y in combos:
            try:
                est = fn(*_table(x, y)).value * scale
            except (ValueError, ZeroDivisionError):
                continue
            got.append((est, x, y))
            # an NNT is often rounded up to a whole patient
            if hit is None and (stats.rounds_to(est, v, dec) or (
                    fam == "nnt" and dec == 0 and math.isfinite(est)
                    and math.ceil(est - 1e-9) == v)):
                hit = (est, x, y)
        if got:
            if hit:
                est, x, y = hit
                a, b, c, d = _table(x, y)
                formula = _FORMULA[fam].format(a=a, b=b, c=c, d=d, n1=a + b, n2=c + d)
                yield _row(doc, "effects", e["id"], "effect_recomputed", "pass",
                           f"{name} {_fmt(v)} reproduced: {sym} = {formula} = {est:.{dec + 2}f} "
                           f"from {x[0]}/{x[1]} ({iv['label']}) vs {y[0]}/{y[1]} "
                           f"({ct['label']}) [{src[s1] if s1 == s2 else src[s1] + ' / ' + src[s2]}]",
                           f"{est:.{dec}f}", _fmt(v))
            else:
                est, x, y = got[0]
                why = "an adjusted or model-based estimate, or wrong counts"
                # the inverse of a rounded estimate, or the rounded inverse of the estimate
                inv = fam in ("odds_ratio", "risk_ratio") and est > 0 and v > 0 and (
                    stats.rounds_to(1 / est, v, dec)
                    or stats.rounds_to(est, round(1 / v, dec), dec))
                neg = fam == "risk_difference" and stats.rounds_to(-est, v, dec)
                if inv or neg:
                    why = "inverted: the arms are swapped (control vs intervention)"
                else:
                    for other, (osym, ofn) in _RECOMPUTE.items():
                        if other == fam or other not in ("odds_ratio", "risk_ratio") \
                                or fam not in ("odds_ratio", "risk_ratio"):
                            continue
                        try:
                            alt = ofn(*_table(x, y)).value
                        except (ValueError, ZeroDivisionError):
                            continue
                        if stats.rounds_to(alt, v, dec):
                            why = f"it matches the {osym} ({alt:.{dec + 2}f}) instead"
                yield _row(doc, "effects", e["id"], "effect_recomputed", "flag",
                           f"{name} {_fmt(v)} not reproduced: {sym} recomputed from {base} = "
                           + " or ".join(f"{g[0]:.{dec + 2}f}" for g in got[:4]) + f" — {why}",
                           f"{est:.{dec}f}", _fmt(v))
    if want_p:
        yield from _check_p_counts(doc, e, combos, base, name)


_TESTS = (("Pearson χ² without continuity correction", lambda t: stats.chi2_p(*t)),
          ("χ² with Yates' continuity correction", lambda t: stats.chi2_p(*t, correction=True)),
          ("Fisher's exact test", lambda t: stats.fisher_p(*t)))


#: over this many candidate tables (counts rebuilt from rounded percentages of large arms:
#: 100 candidates a side at 0 decimals and 10,000 per arm) Fisher's exact test is left out —
#: each call sums thousands of hypergeometric terms — and the χ² tests, which it approaches
#: at such sizes, are tried alone
FISHER_MAX_TABLES = 400


def _check_p_counts(doc, e, combos, base, name) -> Iterator[dict]:
    p, rel = e["p_value"], e["p_relation"] or "="
    dec = _decimals(e["quote"], p)
    h = stats.half_unit(dec)
    results = []
    tests = _TESTS if len(combos) <= FISHER_MAX_TABLES else _TESTS[:2]
    for x, y in combos:
        t = _table(x, y)
        for test, fn in tests:
            pv = fn(t)
            if math.isnan(pv):
                continue
            if rel == "=":
                ok = abs(pv - p) <= h * (1 + 1e-9) or (
                    p < 0.001 and 0 < pv and abs(math.log10(pv / p)) < 0.05)
            elif rel == "<":
                ok = pv < p + 1e-12
            else:
                ok = pv > p - 1e-12
            results.append((test, pv, ok, x, y))
        if any(r[2] for r in results[-len(tests):]):
            break  # the first combination some test reproduces is the one reported
    if not results:
        return
    good = [r for r in results if r[2]]
    listing = "; ".join(f"{t} p = {_p(pv)}" for t, pv, _, _, _ in results[:3])
    if good:
        test, pv, _, x, y = good[0]
        others = ", ".join(t for t, _, _, xx, yy in good[1:] if (xx, yy) == (x, y))
        listing = "; ".join(f"{t} p = {_p(v)}" for t, v, _, xx, yy in results
                            if (xx, yy) == (x, y))
        row = _row(doc, "effects", e["id"], "p_recomputed", "pass",
                   f"{name} p {rel} {_fmt(p)} reproduced by {test} (p = {_p(pv)}) from "
                   f"{x[0]}/{x[1]} vs {y[0]}/{y[1]}" + (f"; also {others}" if others else "")
                   + f" [{listing}]", _p(pv), f"p {rel} {_fmt(p)}")
        row["_test"] = test
        yield row
    else:
        yield _row(doc, "effects", e["id"], "p_recomputed", "flag",
                   f"{name} p {rel} {_fmt(p)} not reproduced from {base}: {listing} — another "
                   f"test or model, or a wrong p", _p(results[0][1]), f"p {rel} {_fmt(p)}")


def _arm_summary(doc: _Doc, o: dict, arm: dict) -> Optional[tuple]:
    """(mean row, SD, rounding radius of the SD, (n_low, n_high), how the spread was printed).

    The arm's n is a range when only the trial's analysed total says that some participants
    were not analysed.  A printed SE becomes SD = SE·√n (Cochrane Handbook 6.5.2.2).
    """
    m = doc.stat(o["id"], arm["id"], ["mean"])
    tot = doc.stat(o["id"], arm["id"], rules()["statistics"]["total"])
    ns = (int(tot["value"]),) * 2 if tot else doc.arm_n_range(arm)
    if not (m and ns and ns[0] > 1):
        return None
    sd = doc.stat(o["id"], arm["id"], ["sd"])
    if sd and sd["value"] >= 0:
        return m, sd["value"], stats.half_unit(_decimals(sd["quote"], sd["value"])), ns, "SD"
    se = doc.stat(o["id"], arm["id"], ["se", "sem"])
    if se and se["value"] >= 0 and ns[0] == ns[1]:
        k = math.sqrt(ns[0])
        return (m, se["value"] * k, stats.half_unit(_decimals(se["quote"], se["value"])) * k,
                ns, f"SE {_fmt(se['value'])}, so SD")
    return None


def _z_test(m1, s1, n1, m2, s2, n2):
    se = math.sqrt(s1 * s1 / n1 + s2 * s2 / n2)
    return ((m1 - m2) / se if se else math.inf), math.inf, se


_MEAN_TESTS = (("Welch's t test", stats.welch_t), ("Student's t test (pooled SD)", stats.pooled_t),
               ("a z test", _z_test))


def _n_text(ns: tuple[int, int]) -> str:
    return f"n={ns[0]}" if ns[0] == ns[1] else f"n={ns[0]}–{ns[1]}"


def _corners(s1, h1, ns1, s2, h2, ns2, sd_is_se=False):
    """Every combination of the SDs' rounding windows and the arms' possible sizes."""
    for d1, d2, n1, n2 in itertools.product((-h1, h1), (-h2, h2), set(ns1), set(ns2)):
        x1, x2 = max(s1 + d1, 1e-12), max(s2 + d2, 1e-12)
        if sd_is_se:
            x1, x2 = x1 * math.sqrt(n1), x2 * math.sqrt(n2)
        yield x1, n1, x2, n2


def _check_means(doc: _Doc, o: dict, e: dict) -> Iterator[dict]:
    """A mean difference's p and CI against the arms' means, SDs and sizes (rounding-aware)."""
    key = _measure_key(e["measure"])
    if "mean" not in rules()["measures"]["difference_of_summaries"].get(key, ()) \
            or e["value"] is None:
        return
    iv, ct = doc.comparison(o, e)
    a = _arm_summary(doc, o, iv) if iv else None
    b = _arm_summary(doc, o, ct) if ct else None
    if not a or not b:
        return
    (m1, s1, h1, ns1, how1), (m2, s2, h2, ns2, how2) = a, b
    md = e["value"]
    h_md = stats.half_unit(_decimals(e["quote"], md))
    tol = h_md + sum(stats.half_unit(_decimals(r["quote"], r["value"])) for r in (m1, m2))
    if abs(abs(m1["value"] - m2["value"]) - abs(md)) > tol + 1e-9:
        return  # not the raw difference of these means (difference_of_summaries says so)
    desc = (f"{_fmt(m1['value'])} ({how1} {_fmt(s1)}, {_n_text(ns1)}) vs {_fmt(m2['value'])} "
            f"({how2} {_fmt(s2)}, {_n_text(ns2)})")
    name = f"{o['name']}: {e['measure']}"

    def p_range(test, sd_is_se=False):
        out = []
        # p falls as |MD| grows and as the SDs shrink: the window's corners bound it, plus
        # MD = 0 when the printed difference could be zero.
        mds = [md - h_md, md + h_md] + ([0.0] if abs(md) <= h_md else [])
        for x in mds:
            for x1, n1, x2, n2 in _corners(s1, h1, ns1, s2, h2, ns2, sd_is_se):
                t, df, _ = test(x, x1, n1, 0.0, x2, n2)
                out.append(stats.t_p(t, df) if math.isfinite(df) else stats.p_from_z(t))
        return min(out), max(out)

    yield from _check_mean_ci(doc, e, name, desc, (s1, h1, ns1), (s2, h2, ns2))
    p, rel = e["p_value"], e["p_relation"] or "="
    if p is None or not 0 < p <= 1:
        return
    hp = stats.half_unit(_decimals(e["quote"], p)) if rel == "=" else 0.0

    def fits(lo, hi):
        if rel == "=":
            return lo <= p + hp and p - hp <= hi
        return lo < p if rel == "<" else hi > p

    ranges = [(t, p_range(fn)) for t, fn in _MEAN_TESTS]
    good = [(t, r) for t, r in ranges if fits(*r)]
    listing = "; ".join(f"{t} p = {_p(lo)}–{_p(hi)}" for t, (lo, hi) in ranges)
    if good:
        row = _row(doc, "effects", e["id"], "p_recomputed", "pass",
                   f"{name} p {rel} {_fmt(p)} reproduced by {good[0][0]} from {desc} "
                   f"(over the rounding of the printed numbers: {listing})",
                   f"{_p(good[0][1][0])}–{_p(good[0][1][1])}", f"p {rel} {_fmt(p)}")
        row["_test"] = good[0][0]
        yield row
        return
    as_se = any(fits(*p_range(fn, sd_is_se=True)) for _, fn in _MEAN_TESTS)
    why = ("it is reproduced if the printed SDs are standard errors (SE mislabelled as SD?)"
           if as_se else
           "an adjusted (ANCOVA), change-from-baseline or non-parametric analysis, or a wrong "
           "p, SD or n")
    yield _row(doc, "effects", e["id"], "p_recomputed", "flag",
               f"{name} p {rel} {_fmt(p)} not reproduced from {desc}: {listing} — {why}",
               f"{_p(ranges[0][1][0])}–{_p(ranges[0][1][1])}", f"p {rel} {_fmt(p)}")


def _check_mean_ci(doc: _Doc, e: dict, name: str, desc: str, arm1: tuple, arm2: tuple
                   ) -> Iterator[dict]:
    """The printed CI's half-width against z/t times the SE from the SDs (Cochrane 6.5.2.2)."""
    lo, hi = e["ci_low"], e["ci_high"]
    if lo is None or hi is None or hi <= lo:
        return
    level = e["ci_level"] or 0.95
    level = level / 100.0 if level > 1 else level
    (s1, h1, ns1), (s2, h2, ns2) = arm1, arm2
    h_ci = stats.half_unit(max(_decimals(e["quote"], lo), _decimals(e["quote"], hi)))
    half, tol = (hi - lo) / 2.0, h_ci + 1e-9

    def widths(fn, sd_is_se=False):
        ws = []
        for x1, n1, x2, n2 in _corners(s1, h1, ns1, s2, h2, ns2, sd_is_se):
            _, df, se = fn(0.0, x1, n1, 0.0, x2, n2)
            q = stats.z_for_level(level) if not math.isfinite(df) else stats.t_quantile(level, df)
            ws.append(q * se)
        return min(ws), max(ws)

    found, listing = None, []
    for test, fn in _MEAN_TESTS:
        w_lo, w_hi = widths(fn)
        listing.append(f"{test} ±{w_lo:.3g}–{w_hi:.3g}")
        if found is None and w_lo - tol <= half <= w_hi + tol:
            found = test
    if found:
        yield _row(doc, "effects", e["id"], "ci_recomputed", "pass",
                   f"{name} CI {_fmt(lo)} to {_fmt(hi)} (±{half:.3g}) matches {found} from "
                   f"{desc}", f"±{half:.3g}", f"{_fmt(lo)} to {_fmt(hi)}")
        return
    w_lo, w_hi = widths(_z_test, sd_is_se=True)
    why = ("it matches if the printed SDs are standard errors (SE mislabelled as SD?)"
           if w_lo * 0.9 - tol <= half <= w_hi * 1.1 + tol else
           "an adjusted model, a different n, or a wrong bound or SD")
    yield _row(doc, "effects", e["id"], "ci_recomputed", "flag",
               f"{name} CI {_fmt(lo)} to {_fmt(hi)} (±{half:.3g}) is not the CI of {desc}: "
               + "; ".join(listing) + f" — {why}", listing[0], f"{_fmt(lo)} to {_fmt(hi)}")


def _check_difference(doc: _Doc, o: dict, e: dict) -> Iterator[dict]:
    key = _measure_key(e["measure"])
    allowed = rules()["measures"]["difference_of_summaries"].get(key)
    if not allowed or e["value"] is None:
        return
    iv, ct = doc.comparison(o, e)
    if not iv or not ct:
        return
    for statistic in allowed:
        a = doc.stat(o["id"], iv["id"], [statistic])
        b = doc.stat(o["id"], ct["id"], [statistic])
        if not a or not b:
            continue
        v = e["value"]
        diff = a["value"] - b["value"]
        tol = sum(stats.half_unit(_decimals(r["quote"], r["value"])) for r in (a, b)) \
            + stats.half_unit(_decimals(e["quote"], v))
        ok = abs(diff - v) <= tol + 1e-9 or abs(-diff - v) <= tol + 1e-9
        arith = f"{_fmt(a['value'])} − {_fmt(b['value'])} = {_fmt(diff)}"
        if ok:
            msg = (f"{o['name']}: difference {_fmt(v)} equals the difference of the reported "
                   f"{statistic}s ({iv['label']} vs {ct['label']}: {arith})")
        else:
            msg = (f"{o['name']}: difference {_fmt(v)} is not the difference of the reported "
                   f"{statistic}s ({iv['label']} vs {ct['label']}: {arith}): likely a "
                   f"model-based or adjusted estimate"
                   + (" (e.g. Hodges–Lehmann or quantile regression)" if statistic == "median"
                      else " (e.g. ANCOVA)"))
        yield _row(doc, "effects", e["id"], "difference_of_summaries", "pass" if ok else "flag",
                   msg, _fmt(diff), _fmt(v))
        return


def _check_claim(doc: _Doc, o: dict, e: dict) -> Iterator[dict]:
    """Significance words (significant / direction) against the p-value or the counts."""
    R = rules()
    alpha = R["alpha"]
    sig = e["significant"]
    if sig is None and e["direction"] == "no_difference":
        sig = 0
    if sig is None:
        return
    p, rel = e["p_value"], e["p_relation"] or "="
    claim = "a significant difference" if sig else "no significant difference"
    if p is not None and 0 <= p <= 1:
        says = (p < alpha) if rel == "=" else (True if rel == "<" and p <= alpha else None)
        if rel == ">" and p >= alpha:
            says = False
        if says is not None:
            ok = bool(says) == bool(sig)
            yield _row(doc, "effects", e["id"], "significance_claim", "pass" if ok else "flag",
                       f"{o['name']}: the text claims {claim} "
                       f"{'and' if ok else 'but'} p {rel} {_fmt(p)} (α = {alpha})",
                       claim, f"p {rel} {_fmt(p)}")
        return
    if e["ci_low"] is not None or (o["kind"] not in (None, "binary")):
        return
    iv, ct = doc.comparison(o, e)
    c1, s1 = doc.counts(o["id"], iv)
    c2, s2 = doc.counts(o["id"], ct)
    if not c1 or not c2:
        return
    ps = [(x, y, [fn(_table(x, y)) for _, fn in _TESTS]) for x in c1 for y in c2]
    ps = [(x, y, [v for v in vs if not math.isnan(v)]) for x, y, vs in ps]
    ps = [t for t in ps if t[2]]
    if not ps:
        return
    x, y, vs = ps[0]
    shown = (f"{x[0]}/{x[1]} vs {y[0]}/{y[1]}: χ² p = {_p(vs[0])}"
             + (f", Yates p = {_p(vs[1])}, Fisher p = {_p(vs[2])}" if len(vs) == 3 else ""))
    contradicts = [(not sig and max(v) < alpha) or (sig and min(v) >= alpha) for _, _, v in ps]
    if "assumed" in (s1, s2):
        if any(contradicts):
            m = max(x[1], y[1])
            eq = [fn(_table((x[0], m), (y[0], m))) for _, fn in _TESTS[:1]][0]
            reading = ("the difference would be significant" if not sig else "it would not be")
            yield _row(doc, "effects", e["id"], "significance_claim", "flag",
                       f"{o['name']}: {claim} claimed for {x[0]} vs {y[0]} events, but the "
                       f"denominators are not stated — ambiguous: with the arm sizes as "
                       f"denominators ({shown}) {reading}; with equal denominators "
                       f"({x[0]}/{m} vs {y[0]}/{m}) χ² p = {_p(eq)}", claim, shown)
        else:
            yield _row(doc, "effects", e["id"], "significance_claim", "pass",
                       f"{o['name']}: {claim} agrees with {shown} (arm sizes as denominators; "
                       f"denominators not stated)", claim, shown)
        return
    if all(contradicts):
        # Words are the least reliable extraction and a claim may rest on an adjusted
        # analysis, so a contradiction is a flag, worded by its strength.
        strong = all((max(v) < R["strong_p"]) if not sig else (min(v) > 0.2) for _, _, v in ps)
        yield _row(doc, "effects", e["id"], "significance_claim", "flag",
                   f"{o['name']}: {claim} claimed, but the counts say otherwise ({shown})"
                   + (" — a clear contradiction unless the claim rests on another (adjusted) "
                      "analysis" if strong else ""), claim, shown)
    else:
        yield _row(doc, "effects", e["id"], "significance_claim", "pass",
                   f"{o['name']}: {claim} agrees with the counts ({shown})", claim, shown)

