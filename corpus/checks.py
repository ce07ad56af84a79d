"""Consistency checks over the stored trial rows: flag, never fix.

:func:`run_checks` is called by :meth:`corpus.store.Store.save` inside the save transaction
(it never commits) and again by ``evidence check``.  It reads one document's ``studies``,
``arms``, ``outcomes``, ``arm_results`` and ``effects``, recomputes what can be recomputed with
:mod:`extractor.stats`, and writes one ``checks`` row per finding: the subject (table and id),
the check's name, ``pass``/``flag``/``fail``, the expected and reported values and a message
that shows the arithmetic.

``fail`` is kept for numbers that cannot all be true (a percentage above 100, an estimate
outside its own interval, events above the arm size, a percentage that contradicts its own
events/total, arms that add up to more than the trial).  Everything that has an innocent
explanation (an adjusted odds ratio, a conditional denominator, an exact interval, an unstated
denominator) is a ``flag`` with the explanation in the message.

Rows written from extraction :class:`~extractor.model.Flag` items (for example
``exponent_loss``) are left alone: re-running deletes only rows whose check name is one of
:data:`CHECK_NAMES`.  The thresholds and measure vocabularies live in ``corpus/data/checks.json``.
"""
from __future__ import annotations

import itertools
import json
import math
import re
import sqlite3
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

from extractor import stats

__all__ = ["CHECK_NAMES", "run_checks", "check_store", "CheckReport", "rules"]

RULES_PATH = Path(__file__).with_name("data") / "checks.json"

CHECK_NAMES = frozenset({
    "percent_fit", "percent_rounding", "denominator_change", "conditional_denominator",
    "percent_events_total", "number_format", "effect_recomputed", "p_recomputed",
    "ci_symmetry", "estimate_in_ci", "p_ci_consistency", "arm_sizes_total",
    "allocation_ratio", "difference_of_summaries", "significance_claim",
})

_NUM = re.compile(r"(?<![\w.])[-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:[.·]\d+)?")


@lru_cache(maxsize=1)
def rules() -> dict:
    """The check rules (``corpus/data/checks.json``), loaded once."""
    data = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    m = data["measures"]
    for key in ("odds_ratio", "risk_ratio", "risk_difference", "ratio", "difference",
                "wald_symmetric_difference"):
        m[key] = frozenset(m[key])
    data["exponent_re"] = re.compile(data["exponent_loss"]["pattern"])
    return data


def _measure_key(measure: Optional[str]) -> str:
    return re.sub(r"[\s.\-_'’]+", "", measure or "").upper()


def _fmt(x: Optional[float], digits: int = 4) -> str:
    """A number for a message: integers without decimals, others to ``digits`` significant."""
    if x is None:
        return "?"
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return str(x)
    if float(x) == int(x) and abs(x) < 1e12:
        return str(int(x))
    return f"{x:.{digits}g}" if abs(x) < 1e-3 else f"{x:.{digits}f}".rstrip("0").rstrip(".")


def _p(x: float) -> str:
    return "nan" if x is None or math.isnan(x) else (f"{x:.2g}" if x < 0.0001 else f"{x:.4f}")


def _decimals(quote: Optional[str], value: Optional[float]) -> int:
    """Decimals with which ``value`` was printed in ``quote`` (falls back to the float)."""
    if value is None:
        return 0
    if quote:
        for m in _NUM.finditer(quote):
            tok = m.group(0)
            if not any(ch.isdigit() for ch in tok):
                continue
            clean = tok.replace(",", "").replace("·", ".").lstrip("-−–")
            try:
                if math.isclose(float(clean), abs(value), rel_tol=1e-9, abs_tol=1e-12):
                    return stats.decimals_of(tok)
            except ValueError:
                continue
    return stats.decimals_of(float(value))


class _Doc:
    """One document's trial rows, indexed for the checks."""

    def __init__(self, conn: sqlite3.Connection, document_id: int):
        self.id = document_id

        def q(sql: str, *params) -> list[dict]:
            cur = conn.execute(sql, params)
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, r)) for r in cur]

        self.studies = q("SELECT * FROM studies WHERE document_id = ? ORDER BY id", document_id)
        sids = [s["id"] for s in self.studies] or [-1]
        marks = ",".join("?" * len(sids))
        self.arms = {a["id"]: a for a in q(f"SELECT * FROM arms WHERE study_id IN ({marks})"
                                           " ORDER BY id", *sids)}
        self.outcomes = q(f"SELECT * FROM outcomes WHERE study_id IN ({marks}) ORDER BY id", *sids)
        oids = [o["id"] for o in self.outcomes] or [-1]
        omarks = ",".join("?" * len(oids))
        self.results: dict[int, list[dict]] = defaultdict(list)
        for r in q(f"SELECT * FROM arm_results WHERE outcome_id IN ({omarks}) ORDER BY id", *oids):
            self.results[r["outcome_id"]].append(r)
        self.effects: dict[int, list[dict]] = defaultdict(list)
        for e in q(f"SELECT * FROM effects WHERE outcome_id IN ({omarks}) ORDER BY id", *oids):
            self.effects[e["outcome_id"]].append(e)
        self.arm_flags = {(r["subject_id"], r["check"]) for r in q(
            'SELECT subject_id, "check" FROM checks WHERE document_id = ? AND subject = \'arms\'',
            document_id)}
        self.study_arms: dict[int, list[dict]] = defaultdict(list)
        for a in self.arms.values():
            self.study_arms[a["study_id"]].append(a)

    # -- helpers over the rows ------------------------------------------------------------------
    @staticmethod
    def arm_n(arm: Optional[dict]) -> Optional[int]:
        if not arm:
            return None
        n = arm.get("n_analyzed") or arm.get("n_randomized")
        return int(n) if n else None

    def stat(self, outcome_id: int, arm_id: int, names: Iterable[str]) -> Optional[dict]:
        """The arm's result row of one of ``names`` (reported rows before derived ones)."""
        names = set(names)
        rows = [r for r in self.results.get(outcome_id, ()) if r["arm_id"] == arm_id
                and (r["statistic"] or "").lower() in names and r["value"] is not None]
        rows.sort(key=lambda r: bool(r["derived"]))
        return rows[0] if rows else None

    def comparison(self, outcome: dict, effect: Optional[dict] = None
                   ) -> tuple[Optional[dict], Optional[dict]]:
        """The (intervention, control) arms an effect compares."""
        if effect and effect.get("intervention_arm_id") and effect.get("control_arm_id"):
            return self.arms.get(effect["intervention_arm_id"]), self.arms.get(
                effect["control_arm_id"])
        arms = self.study_arms.get(outcome["study_id"], [])
        iv = [a for a in arms if a["role"] == "intervention"]
        ct = [a for a in arms if a["role"] == "control"]
        if len(iv) == 1 and len(ct) == 1:
            return iv[0], ct[0]
        if len(arms) == 2 and not (iv and ct):
            return arms[0], arms[1]
        return None, None

    def counts(self, outcome_id: int, arm: Optional[dict]) -> tuple[list[tuple[int, int]], str]:
        """Candidate ``(events, total)`` pairs of one arm and where they come from.

        ``reported`` (events and total printed), ``derived`` (rebuilt by the extractor),
        ``percent`` (rebuilt here from a percentage and the arm size), ``assumed`` (events
        printed, the arm size taken as denominator) or ``none``.
        """
        if not arm:
            return [], "none"
        st = rules()["statistics"]
        ev = self.stat(outcome_id, arm["id"], st["events"])
        tot = self.stat(outcome_id, arm["id"], st["total"])
        n = self.arm_n(arm)
        if ev and tot:
            src = "derived" if ev["derived"] or tot["derived"] else "reported"
            return [(int(round(ev["value"])), int(round(tot["value"])))], src
        pct = self.stat(outcome_id, arm["id"], st["percent"])
        if pct and n:
            dec = _decimals(pct["quote"], pct["value"])
            fits = stats.counts_for_percent(pct["value"], n, dec)
            if fits:
                return [(e, n) for e in fits], "percent"
        if ev and n and ev["value"] <= n:
            return [(int(round(ev["value"])), n)], "assumed"
        return [], "none"


def _row(doc: _Doc, subject: str, subject_id: int, check: str, status: str, message: str,
         expected=None, reported=None) -> dict:
    return {"document_id": doc.id, "subject": subject, "subject_id": subject_id,
            "check": check, "status": status,
            "expected": None if expected is None else str(expected),
            "reported": None if reported is None else str(reported), "message": message}


def _pairs(x: list[tuple[int, int]]) -> str:
    return " or ".join(f"{e}/{t}" for e, t in x)


# --- per-arm percentages ------------------------------------------------------------------------

def _check_percents(doc: _Doc) -> Iterator[dict]:
    R = rules()
    st = R["statistics"]
    for o in doc.outcomes:
        for r in doc.results.get(o["id"], ()):
            name = (r["statistic"] or "").lower()
            v = r["value"]
            if v is None:
                continue
            if name in st["percent"] and not (0 <= v <= 100):
                yield _row(doc, "arm_results", r["id"], "number_format", "fail",
                           f"{o['name']}: a percentage of {_fmt(v)} is outside 0–100",
                           "0–100", _fmt(v))
                continue
            if name in st["percent"] and not r["derived"]:
                yield from _check_one_percent(doc, o, r)
            if name in st["events"]:
                arm = doc.arms.get(r["arm_id"])
                tot = doc.stat(o["id"], r["arm_id"], st["total"])
                limit = tot["value"] if tot else doc.arm_n(arm)
                if v < 0 or int(v) != v:
                    yield _row(doc, "arm_results", r["id"], "number_format", "fail",
                               f"{o['name']}: an event count of {_fmt(v)} is not a whole number "
                               f"≥ 0", "integer ≥ 0", _fmt(v))
                elif limit and v > limit:
                    yield _row(doc, "arm_results", r["id"], "number_format", "fail",
                               f"{o['name']}: {_fmt(v)} events in {arm['label'] if arm else '?'} "
                               f"exceed its {'total' if tot else 'arm size'} {_fmt(limit)}",
                               f"≤ {_fmt(limit)}", _fmt(v))


def _check_one_percent(doc: _Doc, o: dict, r: dict) -> Iterator[dict]:
    R = rules()
    st = R["statistics"]
    arm = doc.arms.get(r["arm_id"])
    pct = r["value"]
    dec = _decimals(r["quote"], pct)
    label = arm["label"] if arm else "?"
    what = f"{o['name']}, {label}: {_fmt(pct)}% ({dec} decimals)"
    ev = doc.stat(o["id"], r["arm_id"], st["events"])
    tot = doc.stat(o["id"], r["arm_id"], st["total"])
    if ev and tot and not ev["derived"] and not tot["derived"] and tot["value"] > 0:
        calc = 100.0 * ev["value"] / tot["value"]
        ok = stats.rounds_to(calc, pct, dec)
        yield _row(doc, "arm_results", r["id"], "percent_events_total", "pass" if ok else "fail",
                   f"{what} vs reported {_fmt(ev['value'])}/{_fmt(tot['value'])}: 100×"
                   f"{_fmt(ev['value'])}/{_fmt(tot['value'])} = {calc:.{dec + 2}f}%"
                   + ("" if ok else f", which does not round to {_fmt(pct)}%"),
                   f"{calc:.{dec}f}", _fmt(pct))
        return
    sizes = []
    for key in ("n_analyzed", "n_randomized"):
        n = arm.get(key) if arm else None
        if n and int(n) not in sizes:
            sizes.append(int(n))
    if not sizes:
        return
    for n in sizes:
        fits = stats.counts_for_percent(pct, n, dec)
        if fits:
            shown = " or ".join(f"{e}/{n} = {100 * e / n:.{dec + 2}f}%" for e in fits)
            yield _row(doc, "arm_results", r["id"], "percent_fit", "pass",
                       f"{what} fits the arm size n={n}: {shown}", _pairs([(e, n) for e in fits]),
                       _fmt(pct))
            return
    n = sizes[0]
    if stats.counts_for_percent(pct, n, dec, truncated=True):
        e = stats.counts_for_percent(pct, n, dec, truncated=True)[0]
        yield _row(doc, "arm_results", r["id"], "percent_rounding", "flag",
                   f"{what} does not round from any count of n={n}; {e}/{n} = "
                   f"{100 * e / n:.{dec + 3}f}% was truncated, not rounded (rounded: "
                   f"{100 * e / n:.{dec}f}%)", f"{100 * e / n:.{dec}f}", _fmt(pct))
        return
    fit = stats.denominators_for_percent(pct, dec, max_total=n)
    near = max((t for _, t in fit), default=None)
    gap = R["denominator_change_fraction"] * n
    if near is not None and n - near <= max(R["denominator_change_max"], gap) \
            and n - near <= max(2, gap):
        pairs = [(e, t) for e, t in fit if t == near]
        yield _row(doc, "arm_results", r["id"], "denominator_change", "flag",
                   f"{what} fits no count of the arm size n={n} but fits {_pairs(pairs)} = "
                   f"{100 * pairs[0][0] / near:.{dec + 2}f}%: the denominator changes from {n} "
                   f"to {near} for this outcome (participants lost or excluded?)",
                   _pairs(pairs), _fmt(pct))
        return
    if fit:
        dens = sorted({t for _, t in fit})
        smallest = [(e, t) for e, t in fit if t == dens[0]]
        listed = ", ".join(str(t) for t in dens[:8]) + (" …" if len(dens) > 8 else "")
        yield _row(doc, "arm_results", r["id"], "conditional_denominator", "flag",
                   f"{what} fits no count of the arm size n={n}; it fits {_pairs(smallest)} = "
                   f"{100 * smallest[0][0] / dens[0]:.{dec + 2}f}% — denominators ≤ {n} that fit: "
                   f"{listed}. A conditional denominator (a subset of the arm) or a wrong arm "
                   f"size", listed, _fmt(pct))
        return
    yield _row(doc, "arm_results", r["id"], "percent_fit", "flag",
               f"{what} fits no count of any denominator up to the arm size n={n} "
               f"(wrong arm, wrong denominator or a typo)", f"k/{n}", _fmt(pct))


# --- effects ------------------------------------------------------------------------------------

def _table(ev1: tuple[int, int], ev2: tuple[int, int]) -> tuple[int, int, int, int]:
    return ev1[0], ev1[1] - ev1[0], ev2[0], ev2[1] - ev2[0]


_RECOMPUTE = {"odds_ratio": ("OR", stats.odds_ratio), "risk_ratio": ("RR", stats.risk_ratio),
              "risk_difference": ("RD", stats.risk_difference)}


def _family(key: str) -> Optional[str]:
    m = rules()["measures"]
    for fam in ("odds_ratio", "risk_ratio", "risk_difference"):
        if key in m[fam]:
            return fam
    return None


def _check_effects(doc: _Doc) -> Iterator[dict]:
    for o in doc.outcomes:
        for e in doc.effects.get(o["id"], ()):
            yield from _check_effect_numbers(doc, o, e)
            yield from _check_recomputed(doc, o, e)
            yield from _check_difference(doc, o, e)
            yield from _check_claim(doc, o, e)


def _check_effect_numbers(doc: _Doc, o: dict, e: dict) -> Iterator[dict]:
    R = rules()
    key = _measure_key(e["measure"])
    ratio = key in R["measures"]["ratio"]
    v, lo, hi, p = e["value"], e["ci_low"], e["ci_high"], e["p_value"]
    name = f"{o['name']}: {e['measure'] or 'effect'}"
    q = e["quote"]
    if p is not None and not (0 <= p <= 1):
        hint = f" (a dropped decimal point: 0.{_fmt(p).replace('.', '')}?)" if p > 1 else ""
        yield _row(doc, "effects", e["id"], "number_format", "fail",
                   f"{name}: p = {_fmt(p)} is not a probability{hint}", "0 ≤ p ≤ 1", _fmt(p))
        p = None
    elif p == 0 and (e["p_relation"] or "=") == "=":
        yield _row(doc, "effects", e["id"], "number_format", "flag",
                   f"{name}: p = 0 cannot be exact (report p < 0.001 or the value)", "p > 0", "0")
    if ratio and any(x is not None and x <= 0 for x in (v, lo, hi)):
        yield _row(doc, "effects", e["id"], "number_format", "fail",
                   f"{name}: a ratio and its limits must be > 0 (got {_fmt(v)}, "
                   f"{_fmt(lo)}–{_fmt(hi)})", "> 0", f"{_fmt(v)} ({_fmt(lo)}–{_fmt(hi)})")
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
        yield from _check_p_ci(doc, o, e, v, lo, hi, p, level, ratio, dec, name)


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
    arith = (f"Wald p from the CI (Altman & Bland): SE = (ln {_fmt(hi)} − ln {_fmt(lo)})/"
             f"(2×{stats.z_for_level(level):.2f}), p ≈ {_p(p_mid)}" if ratio else
             f"Wald p from the CI (Altman & Bland): SE = ({_fmt(hi)} − {_fmt(lo)})/"
             f"(2×{stats.z_for_level(level):.2f}), p ≈ {_p(p_mid)}")
    if side:
        status = "flag" if near else "fail"
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
    base = (f"{_pairs(c1)} ({iv['label']}) vs {_pairs(c2)} ({ct['label']}), "
            f"{src[s1] if s1 == s2 else src[s1] + ' / ' + src[s2]}")
    name = f"{o['name']}: {e['measure'] or 'p'}"
    if fam and e["value"] is not None:
        v = e["value"]
        dec = _decimals(e["quote"], v)
        scale = 100.0 if fam == "risk_difference" and abs(v) > 1 else 1.0
        sym, fn = _RECOMPUTE[fam]
        got, hit = [], None
        for x, y in combos:
            try:
                est = fn(*_table(x, y)).value * scale
            except (ValueError, ZeroDivisionError):
                continue
            got.append((est, x, y))
            if hit is None and stats.rounds_to(est, v, dec):
                hit = (est, x, y)
        if got:
            if hit:
                est, x, y = hit
                a, b, c, d = _table(x, y)
                formula = {"odds_ratio": f"({a}×{d})/({b}×{c})",
                           "risk_ratio": f"({a}/{a + b})/({c}/{c + d})",
                           "risk_difference": f"{a}/{a + b} − {c}/{c + d}"}[fam]
                yield _row(doc, "effects", e["id"], "effect_recomputed", "pass",
                           f"{name} {_fmt(v)} reproduced: {sym} = {formula} = {est:.{dec + 2}f} "
                           f"from {x[0]}/{x[1]} vs {y[0]}/{y[1]} ({base})",
                           f"{est:.{dec}f}", _fmt(v))
            else:
                est, x, y = got[0]
                why = "an adjusted or model-based estimate, or wrong counts"
                inv = fam != "risk_difference" and est > 0 and stats.rounds_to(1 / est, v, dec)
                neg = fam == "risk_difference" and stats.rounds_to(-est, v, dec)
                if inv or neg:
                    why = "inverted: the arms are swapped (control vs intervention)"
                else:
                    for other, (osym, ofn) in _RECOMPUTE.items():
                        if other == fam or other == "risk_difference":
                            continue
                        try:
                            alt = ofn(*_table(x, y)).value
                        except (ValueError, ZeroDivisionError):
                            continue
                        if stats.rounds_to(alt, v, dec):
                            why = f"it matches the {osym} ({alt:.{dec + 2}f}) instead"
                yield _row(doc, "effects", e["id"], "effect_recomputed", "flag",
                           f"{name} {_fmt(v)} not reproduced: {sym} from {base} = "
                           + ", ".join(f"{g[0]:.{dec + 2}f}" for g in got[:4]) + f" — {why}",
                           f"{est:.{dec}f}", _fmt(v))
    if want_p:
        yield from _check_p_counts(doc, e, combos, base, name)


_TESTS = (("Pearson χ² without continuity correction", lambda t: stats.chi2_p(*t)),
          ("χ² with Yates' continuity correction", lambda t: stats.chi2_p(*t, correction=True)),
          ("Fisher's exact test", lambda t: stats.fisher_p(*t)))


def _check_p_counts(doc, e, combos, base, name) -> Iterator[dict]:
    p, rel = e["p_value"], e["p_relation"] or "="
    dec = _decimals(e["quote"], p)
    h = stats.half_unit(dec)
    results = []
    for x, y in combos:
        t = _table(x, y)
        for test, fn in _TESTS:
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
    if not results:
        return
    good = [r for r in results if r[2]]
    listing = "; ".join(f"{t} p = {_p(pv)}" for t, pv, _, _, _ in results[:3])
    if good:
        test, pv, _, x, y = good[0]
        others = ", ".join(t for t, _, _, xx, yy in good[1:] if (xx, yy) == (x, y))
        yield _row(doc, "effects", e["id"], "p_recomputed", "pass",
                   f"{name} p {rel} {_fmt(p)} reproduced by {test} (p = {_p(pv)}) from "
                   f"{x[0]}/{x[1]} vs {y[0]}/{y[1]}" + (f"; also {others}" if others else "")
                   + f" [{listing}]", _p(pv), f"p {rel} {_fmt(p)}")
    else:
        yield _row(doc, "effects", e["id"], "p_recomputed", "flag",
                   f"{name} p {rel} {_fmt(p)} not reproduced from {base}: {listing} — another "
                   f"test or model, or a wrong p", _p(results[0][1]), f"p {rel} {_fmt(p)}")


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
    claim = "significant" if sig else "no significant difference"
    if p is not None and 0 <= p <= 1:
        says = (p < alpha) if rel == "=" else (True if rel == "<" and p <= alpha else None)
        if rel == ">" and p >= alpha:
            says = False
        if says is not None and bool(says) != bool(sig):
            yield _row(doc, "effects", e["id"], "significance_claim", "flag",
                       f"{o['name']}: the text claims {claim} but p {rel} {_fmt(p)} "
                       f"(α = {alpha})", claim, f"p {rel} {_fmt(p)}")
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
        strong = all((max(v) < R["strong_p"]) if not sig else (min(v) > 0.2) for _, _, v in ps)
        yield _row(doc, "effects", e["id"], "significance_claim",
                   "fail" if strong and s1 == s2 == "reported" else "flag",
                   f"{o['name']}: {claim} claimed, but the counts say otherwise ({shown})",
                   claim, shown)
    else:
        yield _row(doc, "effects", e["id"], "significance_claim", "pass",
                   f"{o['name']}: {claim} agrees with the counts ({shown})", claim, shown)


# --- studies and arms ---------------------------------------------------------------------------

def _check_studies(doc: _Doc) -> Iterator[dict]:
    R = rules()
    for s in doc.studies:
        arms = doc.study_arms.get(s["id"], [])
        for a in arms:
            if a["n_randomized"] and a["n_analyzed"] and a["n_analyzed"] > a["n_randomized"]:
                yield _row(doc, "arms", a["id"], "arm_sizes_total", "fail",
                           f"arm {a['label']}: {a['n_analyzed']} analysed > {a['n_randomized']} "
                           f"randomized", f"≤ {a['n_randomized']}", a["n_analyzed"])
            yield from _check_dose(doc, a)
        for key, word in (("n_randomized", "randomized"), ("n_analyzed", "analysed")):
            total = s[key]
            ns = [a[key] for a in arms]
            if not total or len(arms) < 2 or not all(ns):
                continue
            got = sum(ns)
            arith = " + ".join(str(n) for n in ns) + f" = {got}"
            if got == total:
                status, msg = "pass", f"arms {arith} = {total} {word}"
            elif got > total:
                status, msg = "fail", f"arms {arith} exceed the {total} {word}"
            else:
                status, msg = "flag", (f"arms {arith} fall short of the {total} {word} "
                                       f"(an arm or a subgroup missing?)")
            yield _row(doc, "studies", s["id"], "arm_sizes_total", status, msg, total, got)
        if s["n_randomized"] and s["n_analyzed"] and s["n_analyzed"] > s["n_randomized"]:
            yield _row(doc, "studies", s["id"], "arm_sizes_total", "fail",
                       f"{s['n_analyzed']} analysed > {s['n_randomized']} randomized",
                       f"≤ {s['n_randomized']}", s["n_analyzed"])
        yield from _check_allocation(doc, s, arms, R["allocation_sd"])


def _check_allocation(doc, s, arms, k) -> Iterator[dict]:
    ratio = s["allocation_ratio"]
    if not ratio:
        return
    parts = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", ratio)]
    if len(parts) < 2 or len(parts) != len(arms) or not all(parts):
        return
    for key, word in (("n_randomized", "randomized"), ("n_analyzed", "analysed")):
        ns = [a[key] for a in arms]
        if all(ns):
            break
    else:
        return
    n = sum(ns)
    shares = sorted(x / sum(parts) for x in parts)
    order = sorted(range(len(ns)), key=lambda i: ns[i])
    worst, lines = 0.0, []
    for share, i in zip(shares, order):
        exp = n * share
        sd = math.sqrt(n * share * (1 - share)) or 1.0
        worst = max(worst, abs(ns[i] - exp) / sd)
        lines.append(f"{arms[i]['label']} {ns[i]} vs {exp:.1f} expected")
    ok = worst <= k
    yield _row(doc, "studies", s["id"], "allocation_ratio", "pass" if ok else "flag",
               f"allocation {ratio} of {n} {word}: " + "; ".join(lines)
               + f" — largest deviation {worst:.1f} SD (binomial)"
               + ("" if ok else f", beyond {k:g} SD: the ratio or an arm size looks wrong"),
               ratio, ":".join(str(x) for x in ns))


def _check_dose(doc: _Doc, arm: dict) -> Iterator[dict]:
    R = rules()
    text = arm["dose"] or ""
    if not text or (arm["id"], "exponent_loss") in doc.arm_flags:
        return
    m = R["exponent_re"].search(text)
    if not m:
        return
    unit = (arm["dose_unit"] or "") + " " + text[m.end():m.end() + 30]
    if not any(u in unit.lower() for u in R["exponent_loss"]["units"]):
        return
    mant, exp = m.group(1), m.group(2)
    yield _row(doc, "arms", arm["id"], "number_format", "flag",
               f"arm {arm['label']}: dose {m.group(0)!r} looks like {mant}×10^{exp} with the "
               f"superscript exponent lost", f"{mant}×10^{exp}", m.group(0))


# --- running ------------------------------------------------------------------------------------

CHECKERS = (_check_studies, _check_percents, _check_effects)


def run_checks(conn: sqlite3.Connection, document_id: int) -> list[dict]:
    """Recompute this module's checks of one document and store them in ``checks``.

    Runs inside the caller's transaction (never commits).  Rows this module wrote before
    (check names in :data:`CHECK_NAMES`) are replaced; rows from extraction flags stay.

    Parameters
    ----------
    conn : sqlite3.Connection
        An open store connection (schema migrated).
    document_id : int
        ``documents.id`` of the document to check.

    Returns
    -------
    list of dict
        The rows written (the ``checks`` columns except ``id``).
    """
    names = sorted(CHECK_NAMES)
    conn.execute(f'DELETE FROM checks WHERE document_id = ? AND "check" IN '
                 f'({",".join("?" * len(names))})', (document_id, *names))
    doc = _Doc(conn, document_id)
    rows = [r for fn in CHECKERS for r in fn(doc)]
    conn.executemany(
        'INSERT INTO checks (document_id, subject, subject_id, "check", status, expected, '
        "reported, message) VALUES (:document_id, :subject, :subject_id, :check, :status, "
        ":expected, :reported, :message)", rows)
    return rows


from .checkreport import CheckReport, check_store  # noqa: E402  (re-exported)
