"""Consistency checks over the stored trial rows: flag, never fix.

:func:`run_checks` is called by :meth:`corpus.store.Store.save` inside the save transaction
(it never commits) and again by ``evidence check``.  It reads one document's ``studies``,
``arms``, ``outcomes``, ``arm_results`` and ``effects``, recomputes what can be recomputed with
:mod:`extractor.stats`, and writes one ``checks`` row per finding: the subject (table and id),
the check's name, ``pass``/``flag``/``fail``, the expected and reported values and a message
that shows the arithmetic.

``fail`` is kept for numbers that cannot all be true (a percentage above 100, a p above 1,
reversed limits, an estimate outside its own interval, events above their printed total, a
percentage that contradicts its own events/total, arms that add up to more than the trial, a
CI and a p on opposite sides of α by far).  Everything that has an innocent explanation (an
adjusted odds ratio, a conditional denominator, an exact interval, an unstated denominator,
recurrent events, a significance claim in words) is a ``flag`` with the explanation in the
message.

Rows written from extraction :class:`~extractor.model.Flag` items (for example
``exponent_loss``) are left alone: re-running deletes only rows whose check name is one of
:data:`CHECK_NAMES`.  The thresholds and measure vocabularies live in ``corpus/data/checks.json``.
"""
from __future__ import annotations

import math
import re
import sqlite3
from typing import Iterator

from extractor import stats

from .checkrows import _Doc, _decimals, _fmt, _pairs, _row, rules
from .effectchecks import check_effects

__all__ = ["CHECK_NAMES", "run_checks", "check_store", "CheckReport", "rules"]

CHECK_NAMES = frozenset({
    "percent_fit", "percent_rounding", "denominator_change", "conditional_denominator",
    "percent_events_total", "number_format", "effect_recomputed", "p_recomputed",
    "ci_symmetry", "estimate_in_ci", "p_ci_consistency", "arm_sizes_total",
    "allocation_ratio", "difference_of_summaries", "significance_claim", "ci_recomputed",
    "check_error", "grim",
})

# --- per-arm percentages ------------------------------------------------------------------------

def _check_percents(doc: _Doc) -> Iterator[dict]:
    """Per-arm percentages and counts; an arm whose percentages share one other denominator
    gets one flag for the arm instead of one per outcome."""
    rows = list(_percent_rows(doc))
    by_arm: dict = {}
    for row in rows:
        if "_dens" in row:
            by_arm.setdefault(row["_arm"], []).append(row)
    for arm_id, flagged in by_arm.items():
        common = set.intersection(*(r["_dens"] for r in flagged))
        arm = doc.arms.get(arm_id)
        if len(flagged) < rules()["common_denominator_min"] or not common or not arm:
            continue
        d, n = max(common), doc.arm_n(arm)
        fit_n = sum(1 for r in rows if r["check"] in ("percent_fit", "percent_events_total")
                    and r["status"] == "pass" and doc.result_arm.get(r["subject_id"]) == arm_id)
        yield _row(doc, "arms", arm_id, "denominator_change", "flag",
                   f"arm {arm['label']}: {len(flagged)} percentages fit the denominator {d}, not "
                   f"the stored arm size n={n} ({fit_n} fit n): these outcomes were analysed in "
                   f"{d} participants, or the arm size is wrong", str(d), str(n))
        for r in flagged:
            r["status"] = "pass"
            r["message"] += f" — the arm's common denominator {d} (see the arm's flag)"
    for row in rows:
        row.pop("_dens", None)
        row.pop("_arm", None)
        yield row


def _percent_rows(doc: _Doc) -> Iterator[dict]:
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
                    # above its own printed total: impossible; above the arm size: recurrent
                    # events (exacerbations, episodes) can outnumber participants
                    yield _row(doc, "arm_results", r["id"], "number_format",
                               "fail" if tot else "flag",
                               f"{o['name']}: {_fmt(v)} events in {arm['label'] if arm else '?'} "
                               f"exceed its {'total' if tot else 'arm size'} {_fmt(limit)}"
                               + ("" if tot else " (recurrent events rather than participants?)"),
                               f"≤ {_fmt(limit)}", _fmt(v))


def _check_one_percent(doc: _Doc, o: dict, r: dict) -> Iterator[dict]:
    R = rules()
    st = R["statistics"]
    arm = doc.arms.get(r["arm_id"])
    pct = r["value"]
    dec = _decimals(r["quote"], pct)
    label = arm["label"] if arm else "?"
    what = f"{o['name']}, {label}: {_fmt(pct)}% ({dec} decimal{'' if dec == 1 else 's'})"
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
    if o["subgroup"]:
        return  # a subgroup's percentages have the subgroup's denominators, not the arm's
    sizes = []
    for key in ("n_analyzed", "n_randomized"):
        n = arm.get(key) if arm else None
        if n and int(n) not in sizes:
            sizes.append(int(n))
    if not sizes:
        return
    if ev and not ev["derived"] and not tot and ev["value"] == int(ev["value"]) \
            and ev["value"] > 0 and pct > 0:
        yield from _check_events_percent(doc, r, int(ev["value"]), pct, dec, sizes, what)
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
                   f"{what} does not round from any count of n={n}; it fits {e}/{n} = "
                   f"{100 * e / n:.{dec + 3}f}% only if truncated, not rounded (rounded: "
                   f"{100 * e / n:.{dec}f}%) — or the arm size is wrong",
                   f"{100 * e / n:.{dec}f}", _fmt(pct))
        return
    fit = stats.denominators_for_percent(pct, dec, max_total=n)
    near = max((t for _, t in fit), default=None)
    gap = R["denominator_change_fraction"] * n
    if near is not None and n - near <= max(R["denominator_change_max"], gap) \
            and n - near <= max(2, gap):
        pairs = [(e, t) for e, t in fit if t == near]
        row = _row(doc, "arm_results", r["id"], "denominator_change", "flag",
                   f"{what} fits no count of the arm size n={n} but fits {_pairs(pairs)} = "
                   f"{100 * pairs[0][0] / near:.{dec + 2}f}%: the denominator changes from {n} "
                   f"to {near} for this outcome (participants lost or excluded?)",
                   _pairs(pairs), _fmt(pct))
        row["_dens"], row["_arm"] = {t for _, t in fit if n - t <= max(2, gap)}, arm["id"]
        yield row
        return
    if fit:
        dens = sorted({t for _, t in fit})
        subsets = _subsets(doc, o, arm, dens)
        first = subsets[0][0] if subsets else dens[0]  # the named subset, else the smallest
        shown = [(e, t) for e, t in fit if t == first]
        listed = ", ".join(str(t) for t in dens[:8]) + (" …" if len(dens) > 8 else "")
        why = ("; ".join(f"{t} is the number with {name!r} in this arm ({t}/{of})"
                         for t, name, of in subsets) + ": likely a rate among them") if subsets \
            else "a conditional denominator (a subset of the arm) or a wrong arm size"
        yield _row(doc, "arm_results", r["id"], "conditional_denominator", "flag",
                   f"{what} fits no count of the arm size n={n}; it fits {_pairs(shown)} = "
                   f"{100 * shown[0][0] / first:.{dec + 2}f}% — denominators ≤ {n} that fit: "
                   f"{listed}; {why}", listed, _fmt(pct))
        return
    above = stats.denominators_for_percent(pct, dec, min_total=n + 1, max_total=2 * n + 10)
    shown = _pairs(above[:3]) + (" …" if len(above) > 3 else "")
    yield _row(doc, "arm_results", r["id"], "percent_fit", "flag",
               f"{what} fits no count of any denominator up to the arm size n={n}"
               + (f"; the nearest above are {shown}: a wrong arm size, the other arm's "
                  f"denominator, or a typo" if above else
                  " (wrong arm, wrong denominator or a typo)"),
               shown or f"k/{n}", _fmt(pct))


def _check_events_percent(doc: _Doc, r: dict, e: int, pct: float, dec: int, sizes: list[int],
                          what: str) -> Iterator[dict]:
    """Events printed with a percentage ("23 (46.9%)"): which denominators give that percent."""
    for n in sizes:
        if stats.rounds_to(100.0 * e / n, pct, dec):
            yield _row(doc, "arm_results", r["id"], "percent_events_total", "pass",
                       f"{what} with {e} events: 100×{e}/{n} (arm size) = {100 * e / n:.{dec + 2}f}%",
                       f"{e}/{n}", _fmt(pct))
            return
    n = sizes[0]
    h = stats.half_unit(dec)
    lo = max(e, math.floor(100.0 * e / (pct + h)))
    hi = math.ceil(100.0 * e / max(pct - h, 1e-9))
    fits = [t for t in range(lo, min(hi, 2 * max(n, e) + 10) + 1)  # near the arm size
            if stats.rounds_to(100.0 * e / t, pct, dec)]
    if not fits:
        trunc = [t for t in sizes if e in stats.counts_for_percent(pct, t, dec, truncated=True)]
        why = (f"{e}/{trunc[0]} = {100 * e / trunc[0]:.{dec + 3}f}% fits only if truncated, not "
               f"rounded (rounded: {100 * e / trunc[0]:.{dec}f}%)" if trunc else
               "the percentage or the count is of something else, or a typo")
        yield _row(doc, "arm_results", r["id"], "percent_events_total", "flag",
                   f"{what} with {e} events: no denominator gives {_fmt(pct)}% (100×{e}/{n} = "
                   f"{100 * e / n:.{dec + 2}f}% for the arm size) — {why}", f"{e}/{n}", _fmt(pct))
        return
    below = [t for t in fits if t < n]
    shown = ", ".join(f"{e}/{t}" for t in fits[:4]) + (" …" if len(fits) > 4 else "")
    R = rules()
    if below and n - max(below) <= max(2, R["denominator_change_fraction"] * n):
        check, why = "denominator_change", (f"the denominator changes from {n} to "
                                             f"{max(below)} for this outcome")
    elif below:
        check, why = "conditional_denominator", (f"a conditional denominator (a subset of the "
                                                  f"arm, {', '.join(map(str, below[:4]))}) or "
                                                  f"a wrong arm size")
    else:
        check, why = "denominator_change", (f"only denominators above the arm size n={n} fit: "
                                             f"a wrong arm size or a percentage of something else")
    row = _row(doc, "arm_results", r["id"], check, "flag",
               f"{what} with {e} events does not fit the arm size n={n} (100×{e}/{n} = "
               f"{100 * e / n:.{dec + 2}f}%); it fits {shown}: {why}", shown, _fmt(pct))
    if check == "denominator_change":
        row["_dens"], row["_arm"] = set(fits), r["arm_id"]
    yield row


def _subsets(doc: _Doc, o: dict, arm: dict, dens: list[int]) -> list[tuple[int, str, int]]:
    """Fitting denominators that equal the event count of another outcome of the same arm."""
    out = []
    for other in doc.outcomes:
        if other["id"] == o["id"] or other["study_id"] != o["study_id"]:
            continue
        pairs, src = doc.counts(other["id"], arm)
        if len(pairs) == 1 and src != "assumed" and pairs[0][0] in dens:
            out.append((pairs[0][0], other["name"], pairs[0][1]))
    return out

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

def _check_grim(doc: _Doc) -> Iterator[dict]:
    """GRIM (Brown & Heathers 2016) for means of whole-number outcomes (counts per participant).

    Only outcomes whose name says they count something (``grim.outcome_pattern`` in the rules)
    and only where the test can say anything: n below 10^decimals.
    """
    pattern = rules()["grim_re"]
    for o in doc.outcomes:
        if o["subgroup"] or not pattern.search(o["name"] or ""):
            continue
        for r in doc.results.get(o["id"], ()):
            arm = doc.arms.get(r["arm_id"])
            if (r["statistic"] or "").lower() != "mean" or r["derived"] or not arm:
                continue
            tot = doc.stat(o["id"], arm["id"], rules()["statistics"]["total"])
            ns = (int(tot["value"]),) * 2 if tot else doc.arm_n_range(arm)
            dec = _decimals(r["quote"], r["value"])
            if not ns or ns[1] >= 10 ** dec or r["value"] < 0:
                continue
            fits = [n for n in range(ns[0], ns[1] + 1) if stats.grim_mean(r["value"], n, dec)]
            label = f"{o['name']}, {arm['label']}: mean {_fmt(r['value'])} ({dec} decimals)"
            n_txt = f"n={ns[0]}" if ns[0] == ns[1] else f"n={ns[0]}–{ns[1]}"
            if fits:
                s_ = round(r["value"] * fits[-1])
                yield _row(doc, "arm_results", r["id"], "grim", "pass",
                           f"{label} is possible for whole-number values: {s_}/{fits[-1]} = "
                           f"{s_ / fits[-1]:.{dec + 2}f}", f"{s_}/{fits[-1]}", _fmt(r["value"]))
            else:
                near = [round(r["value"] * ns[1] + k) / ns[1] for k in (-1, 0, 1)]
                yield _row(doc, "arm_results", r["id"], "grim", "flag",
                           f"{label} is impossible for whole-number values with {n_txt} (GRIM: "
                           f"the nearest means are " + ", ".join(f"{x:.{dec + 2}f}" for x in near)
                           + "): a typo, a different n, or values that are not whole numbers",
                           " ".join(f"{x:.{dec}f}" for x in near), _fmt(r["value"]))


CHECKERS = (_check_studies, _check_percents, check_effects, _check_grim)


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
    rows = []
    for fn in CHECKERS:
        try:
            rows += list(fn(doc))
        except Exception as exc:  # noqa: BLE001 — a checker's bug must not lose the document
            rows.append(_row(doc, "documents", document_id, "check_error", "flag",
                             f"the {fn.__name__.strip('_')} checks stopped on an internal error "
                             f"({type(exc).__name__}: {exc}); the other checks ran — please "
                             f"report it", None, None))
    conn.executemany(
        'INSERT INTO checks (document_id, subject, subject_id, "check", status, expected, '
        "reported, message) VALUES (:document_id, :subject, :subject_id, :check, :status, "
        ":expected, :reported, :message)", rows)
    return rows


from .checkreport import CheckReport, check_store  # noqa: E402  (re-exported)
