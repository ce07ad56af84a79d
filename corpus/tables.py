"""Reviewer tables of the effects: CSV, R metafor, RevMan, PythonMeta and Markdown.

One row per outcome × time point × comparison (intervention arm vs control arm).  Outcomes in
the store already carry their time point and subgroup, so a comparison is an (outcome,
intervention arm, control arm) triple: the arms named on the effect when the extractor paired
them, otherwise every intervention-role arm against every control-role arm of the study.

What a meta-analysis package needs is computed only from what the store holds, never guessed:

* binary ``ai, bi, ci, di, n1i, n2i`` from per-arm ``events`` and ``total`` (derived counts, e.g.
  23/49 rebuilt from 46.94 %, are used and the row says ``derived = 1`` with the formula);
* continuous ``m1i, sd1i, n1i, m2i, sd2i, n2i`` from per-arm ``mean`` and ``sd`` and the arm's n;
* generic ``yi, vi, sei`` from a reported estimate and its confidence interval, on the log scale
  for ratios (Cochrane Handbook 6.3.1-6.3.2, via :func:`extractor.stats.se_from_ci`).

A comparison for which none of these can be computed is *refused* with a reason (medians only,
events without totals, an estimate without a CI...).  Writers print refusals to stderr (the
Markdown table lists them in its own section); :func:`effect_table` returns them.
"""
from __future__ import annotations

import csv
import io
import math
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, TextIO

__all__ = ["Comparison", "Refusal", "effect_table", "RATIO_MEASURES", "EFFECT_COLUMNS",
           "METAFOR_COLUMNS", "REVMAN_COLUMNS", "write_effects_csv", "write_metafor",
           "write_revman", "write_pythonmeta", "write_markdown", "parse_pythonmeta", "MEASURES",
           "MEASURE_COLUMNS", "measure_rows"]

RATIO_MEASURES = {"OR", "RR", "HR", "IRR", "RRR", "PR", "aOR", "aHR", "aRR", "SHR"}
ARM_STATS = ("events", "total", "percent", "mean", "sd", "median", "iqr_low", "iqr_high",
             "range_low", "range_high", "n")


@dataclass
class Comparison:
    """One outcome × comparison with everything the tables need."""

    document_id: int
    study: str
    outcome_id: int
    outcome: str
    timepoint: Optional[str]
    subgroup: Optional[str]
    kind: Optional[str]
    arm1: str
    arm2: str
    arm1_n: Optional[float] = None
    arm2_n: Optional[float] = None
    arms: tuple = ()  # the two arm rows (intervention, control)
    stats1: dict = field(default_factory=dict)  # statistic -> (value, unit, derived, derivation)
    stats2: dict = field(default_factory=dict)
    effect: Optional[dict] = None
    other_effects: list = field(default_factory=list)
    metafor: dict = field(default_factory=dict)
    derived: bool = False
    derivation: str = ""
    notes: list = field(default_factory=list)
    slab: str = ""  # the document's author–year label (metafor's slab, RevMan's study ID)
    work_id: Optional[int] = None
    n_source: str = ""  # where n1i/n2i come from: "outcome" (its totals) or "arm analysed"

    @property
    def label(self) -> str:
        return f"{self.arm1} vs {self.arm2}"

    @property
    def adjusted(self) -> str:
        """``adjusted``, ``unadjusted`` or ``not stated`` for the estimate on this row."""
        computed = "yi" not in self.metafor and ("ai" in self.metafor or "m1i" in self.metafor)
        return adjustment(self.effect, computed)

    @property
    def direction(self) -> Optional[str]:
        return (self.effect or {}).get("direction")

    def key(self) -> tuple:
        """Study (work) × outcome × time point × subgroup × comparison, normalised."""
        return (self.work_id if self.work_id is not None else ("d", self.document_id),
                _norm(self.outcome), _norm(self.timepoint), _norm(self.subgroup),
                _norm(self.arm1), _norm(self.arm2))


@dataclass(frozen=True)
class Refusal:
    document_id: int
    study: str
    outcome: str
    timepoint: Optional[str]
    comparison: str
    reason: str
    subgroup: Optional[str] = None
    slab: str = ""
    comparison_key: tuple = field(default=(), compare=False)

    @property
    def where(self) -> str:
        return "".join(f" [{x}]" for x in (self.timepoint, self.subgroup) if x)

    def line(self) -> str:
        return f"refused: {self.slab or self.study}: {self.outcome}{self.where} ({self.comparison}): {self.reason}"


def adjustment(e: Optional[dict], computed: bool = False) -> str:
    """Whether an estimate was adjusted for covariates, from its measure (``aOR``) and the words
    around it ("adjusted", "multivariable", "crude"); an estimate computed here from counts or
    means is unadjusted.

    >>> adjustment({"measure": "aOR"}), adjustment({"quote": "crude OR 1.2"}), adjustment({})
    ('adjusted', 'unadjusted', 'not stated')
    """
    e = e or {}
    text = " ".join(str(e.get(k) or "") for k in ("measure", "reported_as", "quote")).lower()
    if re.search(r"\bunadjusted\b|\bcrude\b", text):
        return "unadjusted"
    if re.search(r"\badjusted\b|\bmultivariab|\bmultivariat|\ba(?:or|hr|rr)\b", text):
        return "adjusted"
    return "unadjusted" if computed else "not stated"


def _norm(v) -> str:
    return " ".join(str(v or "").casefold().split())


#: the copy of an article whose extraction a table uses first (structured formats first)
FORMAT_RANK = {"jats": 0, "html": 1, "pdf": 2, "text": 3}


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cur = conn.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _study_name(doc: dict) -> str:
    if doc.get("title"):
        t = doc["title"]
        return t if len(t) <= 80 else t[:77] + "..."
    return Path(doc.get("path") or f"document {doc['id']}").stem


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(round(v, 10))
    return str(v)


def effect_table(conn: sqlite3.Connection, document_ids: Optional[list[int]] = None,
                 keep_refused: bool = False) -> tuple[list[Comparison], list[Refusal]]:
    """All comparisons of the selected documents (all when None) with their metafor values.

    With ``keep_refused`` the comparisons that were refused are returned too (with an empty
    ``metafor``), for tables that show the reported numbers anyway.

    Returns
    -------
    (comparisons, refusals)
        Comparisons for which at least one of the binary, continuous or generic blocks could be
        computed (``Comparison.metafor``), and the others with the reason they were refused.
    """
    where, params = "", []
    if document_ids is not None:
        ids = [int(i) for i in document_ids] or [-1]
        where = f" WHERE s.document_id IN ({','.join('?' * len(ids))})"
        params = ids
    docs = {d["id"]: d for d in _rows(conn, "SELECT id, path, title, label, work_id, format FROM documents")}
    outcomes = _rows(conn, "SELECT o.id, o.study_id, o.name, o.timepoint, o.subgroup, o.kind, s.document_id "
                           "FROM outcomes o JOIN studies s ON s.id = o.study_id" + where +
                     " ORDER BY s.document_id, s.id, o.id", params)
    # the copies of one article (documents.work_id) are one study: read the copy with the most
    # outcomes first (then JATS, HTML, PDF, text), and keep a row once per key
    n_out: dict[int, int] = {}
    for o in outcomes:
        n_out[o["document_id"]] = n_out.get(o["document_id"], 0) + 1
    first_doc: dict = {}
    for o in outcomes:
        d = docs.get(o["document_id"], {})
        first_doc.setdefault(d.get("work_id") or ("d", o["document_id"]), o["document_id"])

    def doc_order(o):
        d = docs.get(o["document_id"], {})
        w = d.get("work_id") or ("d", o["document_id"])
        return (first_doc[w], -n_out[o["document_id"]], FORMAT_RANK.get(d.get("format"), 9),
                o["document_id"])
    outcomes.sort(key=doc_order)
    arms = _rows(conn, "SELECT a.id, a.study_id, a.label, a.role, a.n_randomized, a.n_analyzed FROM arms a "
                       "JOIN studies s ON s.id = a.study_id" + where + " ORDER BY a.id", params)
    results = _rows(conn, "SELECT r.outcome_id, r.arm_id, r.statistic, r.value, r.unit, r.derived, r.derivation "
                          "FROM arm_results r JOIN outcomes o ON o.id = r.outcome_id "
                          "JOIN studies s ON s.id = o.study_id" + where + " ORDER BY r.id", params)
    effects = _rows(conn, "SELECT e.* FROM effects e JOIN outcomes o ON o.id = e.outcome_id "
                          "JOIN studies s ON s.id = o.study_id" + where + " ORDER BY e.id", params)
    arms_of: dict[int, list[dict]] = {}
    for a in arms:
        arms_of.setdefault(a["study_id"], []).append(a)
    res: dict[tuple[int, int], dict] = {}
    for r in results:
        res.setdefault((r["outcome_id"], r["arm_id"]), {}).setdefault(
            r["statistic"], (r["value"], r["unit"], bool(r["derived"]), r["derivation"]))
    eff_of: dict[int, list[dict]] = {}
    for e in effects:
        eff_of.setdefault(e["outcome_id"], []).append(e)

    comps, refused = [], []
    seen: dict[tuple, Comparison] = {}
    refused_keys: set = set()
    for o in outcomes:
        doc = docs.get(o["document_id"], {"id": o["document_id"]})
        study = _study_name(doc)
        sarms = {a["id"]: a for a in arms_of.get(o["study_id"], [])}
        pairs = []
        for e in eff_of.get(o["id"], []):
            p = (e.get("intervention_arm_id"), e.get("control_arm_id"))
            if all(p) and p not in pairs:
                pairs.append(p)
        if not pairs:
            ints = [a for a in sarms.values() if a["role"] == "intervention"]
            ctls = [a for a in sarms.values() if a["role"] == "control"]
            pairs = [(i["id"], c["id"]) for i in ints for c in ctls]
        if not pairs:
            key = (doc.get("work_id") or ("d", o["document_id"]), _norm(o["name"]), _norm(o["timepoint"]),
                   _norm(o["subgroup"]))
            if key not in refused_keys:
                refused_keys.add(key)
                refused.append(Refusal(o["document_id"], study, o["name"], o["timepoint"], "?",
                                       "no intervention and control arms identified for this outcome",
                                       o["subgroup"], slab=doc.get("label") or study))
            continue
        for a1, a2 in pairs:
            A1, A2 = sarms.get(a1), sarms.get(a2)
            if A1 is None or A2 is None:
                continue
            c = Comparison(o["document_id"], study, o["id"], o["name"], o["timepoint"], o["subgroup"],
                           o["kind"], A1["label"], A2["label"],
                           stats1=res.get((o["id"], a1), {}), stats2=res.get((o["id"], a2), {}),
                           slab=doc.get("label") or study, work_id=doc.get("work_id"))
            c.arms = (A1, A2)
            c.arm1_n, src1 = _arm_n(c.stats1, A1)
            c.arm2_n, src2 = _arm_n(c.stats2, A2)
            c.n_source = src1 if src1 == src2 else "; ".join(x for x in (src1, src2) if x)
            # an effect that names no arms belongs to a comparison only when the outcome has
            # just one: never the same estimate under several invented comparisons
            effs = [e for e in eff_of.get(o["id"], [])
                    if (e.get("intervention_arm_id"), e.get("control_arm_id")) == (a1, a2)
                    or (len(pairs) == 1 and e.get("intervention_arm_id") in (None, a1)
                        and e.get("control_arm_id") in (None, a2))]
            numeric = [e for e in effs if e.get("value") is not None]
            c.effect = (numeric or effs or [None])[0]
            c.other_effects = [e for e in effs if e is not c.effect]
            reasons = _compute(c)
            k = c.key()
            if k in seen:  # another copy of the article (or a repeated outcome): once per key
                prev = seen[k]
                if prev.metafor or not c.metafor:
                    continue
                comps[:] = [x for x in comps if x is not prev]
                refused[:] = [r for r in refused if r.comparison_key != k]
            seen[k] = c
            if c.metafor or keep_refused:
                comps.append(c)
            if not c.metafor:
                refused.append(Refusal(c.document_id, study, c.outcome, c.timepoint, c.label,
                                       "; ".join(reasons), c.subgroup, slab=c.slab, comparison_key=k))
    return comps, refused


def _arm_n(stats: dict, arm: dict) -> tuple[Optional[float], str]:
    """An arm's n for one outcome: the outcome's own total (or n) for that arm, else the arm's
    analysed n (never the randomised n, nor another outcome's denominator)."""
    for k in ("total", "n"):
        if k in stats:
            return stats[k][0], "outcome"
    if arm.get("n_analyzed"):
        return arm["n_analyzed"], "arm analysed"
    return None, ""


def _compute(c: Comparison) -> list[str]:
    """Fill ``c.metafor`` with whatever blocks the stored numbers support; return reasons for
    the blocks that could not be filled."""
    from extractor import stats

    reasons, derivs = [], []
    s1, s2 = c.stats1, c.stats2
    # binary
    if "events" in s1 and "events" in s2:
        t1, t2 = s1.get("total"), s2.get("total")
        if t1 and t2:
            e1, e2, n1, n2 = s1["events"][0], s2["events"][0], t1[0], t2[0]
            if 0 <= e1 <= n1 and 0 <= e2 <= n2:
                c.metafor.update(ai=e1, bi=n1 - e1, ci=e2, di=n2 - e2, n1i=n1, n2i=n2)
                for v in (s1["events"], t1, s2["events"], t2):
                    if v[2]:
                        derivs.append(v[3] or "derived")
            else:
                reasons.append(f"events exceed totals ({e1}/{n1}, {e2}/{n2})")
        else:
            sizes = [_fmt(a.get("n_analyzed") or a.get("n_randomized")) for a in (c.arms or ())]
            reasons.append("events reported without per-arm totals" +
                           (f" (arm sizes {'/'.join(sizes)} not assumed: the outcome's denominator "
                            "may differ)" if all(sizes) and sizes else ""))
    elif "percent" in s1 or "percent" in s2:
        reasons.append("percentages without event counts (no exact events/total reconstruction stored)")
    # continuous
    if "mean" in s1 and "mean" in s2:
        if "sd" in s1 and "sd" in s2 and c.arm1_n and c.arm2_n:
            c.metafor.update(m1i=s1["mean"][0], sd1i=s1["sd"][0], m2i=s2["mean"][0], sd2i=s2["sd"][0])
            c.metafor.setdefault("n1i", c.arm1_n)
            c.metafor.setdefault("n2i", c.arm2_n)
        else:
            reasons.append("means without SDs or arm sizes")
    elif "median" in s1 or "median" in s2:
        reasons.append("medians only: metafor needs means and SDs (not converted)")
    # generic (estimate + CI)
    e = c.effect
    if e and e.get("value") is not None and e.get("measure"):
        lo, hi, level = e.get("ci_low"), e.get("ci_high"), (e.get("ci_level") or 0.95)
        level = level / 100 if level > 1 else level
        ratio = e["measure"] in RATIO_MEASURES
        if lo is not None and hi is not None:
            try:
                sei = stats.se_from_ci(lo, hi, level, ratio=ratio)
                yi = math.log(e["value"]) if ratio else e["value"]
            except (ValueError, ZeroDivisionError) as exc:
                reasons.append(f"{e['measure']} {e['value']} CI [{lo}, {hi}] unusable: {exc}")
            else:
                c.metafor.update(yi=round(yi, 10), sei=round(sei, 10), vi=round(sei * sei, 12),
                                 measure=("log " if ratio else "") + e["measure"])
        else:
            reasons.append(f"{e['measure']} {e['value']} reported without a confidence interval")
    elif e is not None:
        reasons.append("effect stated in words only (no estimate)")
    if derivs:
        c.derived = True
        c.derivation = "; ".join(dict.fromkeys(derivs))
    c.notes = reasons
    if not (s1 or s2 or e):
        reasons.append("no per-arm numbers and no effect estimate stored")
    elif not c.metafor and not reasons:
        have = sorted({k for k in s1} | {k for k in s2})
        reasons.append("no events/totals, means/SDs or estimate with CI (stored per arm: "
                       + ", ".join(have) + ")")
    return reasons


# --- writers --------------------------------------------------------------------------------
EFFECT_COLUMNS = ["slab", "document_id", "study", "outcome", "timepoint", "subgroup", "kind", "comparison",
                  "adjusted",
                  "measure", "value", "ci_low", "ci_high", "ci_level", "p_value", "p_relation",
                  "significant", "direction", "other_effects"] + \
                 [f"{side}_{s}" for side in ("int", "ctl") for s in ARM_STATS] + \
                 ["int_arm_n", "ctl_arm_n", "n_source", "derived", "derivation", "not_computable"]
METAFOR_COLUMNS = ["slab", "study", "document_id", "outcome", "timepoint", "subgroup", "comparison",
                   "adjusted", "direction",
                   "ai", "bi", "ci", "di", "n1i", "n2i", "m1i", "sd1i", "m2i", "sd2i",
                   "yi", "vi", "sei", "measure", "n_source", "derived", "derivation"]
REVMAN_COLUMNS = ["Study ID", "Outcome", "Time point", "Subgroup", "Comparison", "Data type",
                  "Experimental events", "Experimental total", "Control events", "Control total",
                  "Experimental mean", "Experimental SD", "Control mean", "Control SD",
                  "Effect measure", "Estimate", "SE", "Derived"]


def _report(refused: list[Refusal], err: Optional[TextIO]) -> None:
    err = err if err is not None else sys.stderr
    for r in refused:
        print(r.line(), file=err)


def effects_rows(comps: list[Comparison], refused: list[Refusal] = ()) -> list[dict]:
    """Rows of the ``effects-csv`` table (refused comparisons keep their reported numbers)."""
    out = []
    for c in comps:
        e = c.effect or {}
        row = {"slab": c.slab, "document_id": c.document_id, "study": c.study, "outcome": c.outcome,
               "timepoint": c.timepoint, "subgroup": c.subgroup, "kind": c.kind, "comparison": c.label,
               "adjusted": c.adjusted, "n_source": c.n_source,
               **{k: e.get(k) for k in ("measure", "value", "ci_low", "ci_high", "ci_level", "p_value",
                                         "p_relation", "significant", "direction")},
               "other_effects": "; ".join(_effect_text(x) for x in c.other_effects),
               "int_arm_n": c.arm1_n, "ctl_arm_n": c.arm2_n, "derived": int(c.derived),
               "derivation": c.derivation, "not_computable": "; ".join(c.notes)}
        for side, st in (("int", c.stats1), ("ctl", c.stats2)):
            for s in ARM_STATS:
                if s in st:
                    row[f"{side}_{s}"] = st[s][0]
        out.append(row)
    return out


def _effect_text(e: dict) -> str:
    t = f"{e.get('measure') or 'effect'}"
    if e.get("value") is not None:
        t += f"={_fmt(e['value'])}"
    if e.get("ci_low") is not None:
        t += f" [{_fmt(e['ci_low'])}, {_fmt(e['ci_high'])}]"
    if e.get("p_value") is not None:
        t += f" p{e.get('p_relation') or '='}{_fmt(e['p_value'])}"
    return t


def _csv(out: TextIO, columns: list[str], rows: list[dict]) -> None:
    w = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: _fmt(v) for k, v in r.items()})


def write_effects_csv(conn, out: TextIO, document_ids=None, err: Optional[TextIO] = None) -> int:
    """Every outcome × comparison with its reported effect and per-arm numbers (``int_*`` for the
    intervention arm, ``ctl_*`` for the control arm).  Comparisons that metafor cannot use are
    kept, with the reason in ``not_computable``."""
    comps, refused = effect_table(conn, document_ids, keep_refused=True)
    rows = effects_rows(comps)
    for r in refused:
        if r.comparison == "?":  # no arms at all: nothing else to show for it
            rows.append({"slab": r.slab, "document_id": r.document_id, "study": r.study, "outcome": r.outcome,
                         "timepoint": r.timepoint, "comparison": "", "not_computable": r.reason})
    _csv(out, EFFECT_COLUMNS, rows)
    return len(rows)


def metafor_rows(comps: list[Comparison]) -> list[dict]:
    return [{"slab": c.slab, "study": c.study, "document_id": c.document_id, "outcome": c.outcome,
             "timepoint": c.timepoint, "subgroup": c.subgroup, "comparison": c.label,
             "adjusted": c.adjusted, "direction": c.direction, **c.metafor,
             "n_source": c.n_source if ("n1i" in c.metafor) else "",
             "derived": int(c.derived), "derivation": c.derivation} for c in comps if c.metafor]


# --- one measure per file: ready for metafor::escalc(measure=...) -----------------------------
#: what each ``--measure`` reads: the data type, the reported measures that are the same estimate,
#: and whether the analysis scale is the log
MEASURES = {
    "OR": ("binary", {"OR", "aOR"}, True),
    "RR": ("binary", {"RR", "aRR"}, True),
    "MD": ("continuous", {"MD"}, False),
    "SMD": ("continuous", {"SMD"}, False),
}
MEASURE_BASE = ["slab", "study", "document_id", "outcome", "timepoint", "subgroup", "comparison",
                "adjusted", "direction"]
MEASURE_COLUMNS = {
    "binary": MEASURE_BASE + ["ai", "bi", "ci", "di", "n1i", "n2i", "yi", "vi", "source",
                              "derived", "derivation"],
    "continuous": MEASURE_BASE + ["m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i", "yi", "vi",
                                  "source", "n_source"],
}


def measure_rows(comps: list[Comparison], measure: str) -> tuple[list[dict], list[Refusal]]:
    """Rows usable for one ``measure`` (OR, RR, MD or SMD), one per study × outcome × time point
    × subgroup × comparison, with ``yi``/``vi`` on metafor's scale (log for OR and RR).

    From counts (``ai..di``) or means/SDs with the outcome's n (``m1i..n2i``) when stored —
    ``source`` = ``counts``/``means``, and ``yi``/``vi`` are what ``escalc`` computes (0.5 added
    to every cell of a table with a zero cell; Hedges' g with the usual approximate correction)
    — else from a reported estimate of that measure with its CI (``source`` = ``reported``).
    The other comparisons are returned as refusals naming what is missing.
    """
    from extractor import stats

    kind, names, log = MEASURES[measure]
    rows, skipped = [], []
    for c in comps:
        m = c.metafor
        base = {"slab": c.slab, "study": c.study, "document_id": c.document_id, "outcome": c.outcome,
                "timepoint": c.timepoint, "subgroup": c.subgroup, "comparison": c.label,
                "adjusted": c.adjusted, "direction": c.direction}
        row = None
        try:
            if kind == "binary" and "ai" in m:
                a, b, cc, d = m["ai"], m["bi"], m["ci"], m["di"]
                est = (stats.odds_ratio if measure == "OR" else stats.risk_ratio)(a, b, cc, d)
                row = {**base, "ai": a, "bi": b, "ci": cc, "di": d, "n1i": m["n1i"], "n2i": m["n2i"],
                       "yi": round(math.log(est.value), 10), "vi": round(est.se ** 2, 12),
                       "source": "counts", "derived": int(c.derived), "derivation": c.derivation,
                       "adjusted": "unadjusted"}
            elif kind == "continuous" and "m1i" in m:
                fn = stats.mean_difference if measure == "MD" else stats.standardized_mean_difference
                est = fn(m["m1i"], m["sd1i"], m["n1i"], m["m2i"], m["sd2i"], m["n2i"])
                row = {**base, "m1i": m["m1i"], "sd1i": m["sd1i"], "n1i": m["n1i"], "m2i": m["m2i"],
                       "sd2i": m["sd2i"], "n2i": m["n2i"], "yi": round(est.value, 10),
                       "vi": round(est.se ** 2, 12), "source": "means", "n_source": c.n_source,
                       "adjusted": "unadjusted"}
        except (ValueError, ZeroDivisionError):
            row = None
        if row is None:
            for e in [c.effect] + list(c.other_effects):
                if not e or e.get("measure") not in names or e.get("value") is None \
                        or e.get("ci_low") is None or e.get("ci_high") is None:
                    continue
                level = e.get("ci_level") or 0.95
                level = level / 100 if level > 1 else level
                try:
                    se = stats.se_from_ci(e["ci_low"], e["ci_high"], level, ratio=log)
                    yi = math.log(e["value"]) if log else e["value"]
                except (ValueError, ZeroDivisionError):
                    continue
                row = {**base, "yi": round(yi, 10), "vi": round(se * se, 12), "source": "reported"}
                row["adjusted"] = adjustment(e)
                row["direction"] = e.get("direction")
                break
        if row is None:
            need = ("events and totals per arm" if kind == "binary"
                    else "means, SDs and the outcome's n per arm")
            skipped.append(Refusal(c.document_id, c.study, c.outcome, c.timepoint, c.label,
                                   f"not usable for {measure}: no {need} and no reported {measure} "
                                   "with a confidence interval", c.subgroup, slab=c.slab))
            continue
        rows.append(row)
    return rows, skipped


def write_metafor(conn, out: TextIO, document_ids=None, err: Optional[TextIO] = None,
                  measure: Optional[str] = None) -> int:
    """CSV for R ``metafor::escalc``: ``ai,bi,ci,di,n1i,n2i`` / ``m1i,sd1i,n1i,m2i,sd2i,n2i`` /
    ``yi,vi,sei`` (log scale for ratio measures), one row per study × outcome × time point ×
    subgroup × comparison, ``slab`` the study's author–year label.  With ``measure`` (OR, RR,
    MD, SMD) only the comparisons usable for that measure, with its columns and ``yi``/``vi``
    (:func:`measure_rows`).  Refused comparisons go to stderr."""
    comps, refused = effect_table(conn, document_ids)
    if measure:
        measure = measure.upper()
        if measure not in MEASURES:
            from .exports import ExportOptionError
            raise ExportOptionError(f"unknown measure {measure!r}", f"use one of: {', '.join(MEASURES)}")
        rows, skipped = measure_rows(comps, measure)
        _csv(out, MEASURE_COLUMNS[MEASURES[measure][0]], rows)
        _report(refused + skipped, err)
        return len(rows)
    rows = metafor_rows(comps)
    _csv(out, METAFOR_COLUMNS, rows)
    _report(refused, err)
    return len(rows)


def revman_rows(comps: list[Comparison]) -> list[dict]:
    out = []
    for c in comps:
        m = c.metafor
        base = {"Study ID": c.slab or c.study, "Outcome": c.outcome, "Time point": c.timepoint,
                "Subgroup": c.subgroup, "Comparison": c.label, "Derived": "yes" if c.derived else ""}
        if "ai" in m:
            out.append({**base, "Data type": "Dichotomous", "Experimental events": m["ai"],
                        "Experimental total": m["n1i"], "Control events": m["ci"], "Control total": m["n2i"]})
        if "m1i" in m:
            out.append({**base, "Data type": "Continuous", "Experimental mean": m["m1i"],
                        "Experimental SD": m["sd1i"], "Experimental total": m["n1i"],
                        "Control mean": m["m2i"], "Control SD": m["sd2i"], "Control total": m["n2i"]})
        if "yi" in m:
            out.append({**base, "Data type": "Generic inverse variance", "Effect measure": m["measure"],
                        "Estimate": m["yi"], "SE": m["sei"]})
    return out


def write_revman(conn, out: TextIO, document_ids=None, err: Optional[TextIO] = None) -> int:
    """CSV with RevMan's study-data columns, one row per data type (dichotomous, continuous,
    generic inverse variance: log estimate and SE for ratios) for copying into RevMan."""
    comps, refused = effect_table(conn, document_ids)
    rows = revman_rows(comps)
    _csv(out, REVMAN_COLUMNS, rows)
    _report(refused, err)
    return len(rows)


def _pm_name(c: Comparison) -> str:
    name = f"{c.slab or c.study} ({c.label})"
    return name.replace(",", ";").replace("\n", " ")


def write_pythonmeta(conn, out: TextIO, document_ids=None, err: Optional[TextIO] = None) -> int:
    """PythonMeta input text, one block per outcome and data type.

    Binary lines are ``study, e1, n1, e2, n2``; continuous ``study, n1, m1, sd1, n2, m2, sd2``;
    generic ``study, yi, sei``.  ``#`` lines name the block (outcome, time point, type) and are
    comments for PythonMeta; read a block with ``PythonMeta.Data().getdata(lines)``.
    """
    comps, refused = effect_table(conn, document_ids)
    blocks: dict[tuple, list[str]] = {}
    for c in comps:
        m = c.metafor
        key = (c.outcome, c.timepoint or "", c.subgroup or "")
        if "ai" in m:
            blocks.setdefault(key + ("binary",), []).append(
                f"{_pm_name(c)}, {_fmt(m['ai'])}, {_fmt(m['n1i'])}, {_fmt(m['ci'])}, {_fmt(m['n2i'])}")
        if "m1i" in m:
            blocks.setdefault(key + ("continuous",), []).append(
                f"{_pm_name(c)}, {_fmt(m['n1i'])}, {_fmt(m['m1i'])}, {_fmt(m['sd1i'])}, "
                f"{_fmt(m['n2i'])}, {_fmt(m['m2i'])}, {_fmt(m['sd2i'])}")
        if "yi" in m:
            blocks.setdefault(key + ("generic:" + m["measure"],), []).append(
                f"{_pm_name(c)}, {_fmt(m['yi'])}, {_fmt(m['sei'])}")
    n = 0
    for (outcome, tp, sg, kind), lines in blocks.items():
        out.write(f"# outcome: {outcome}" + (f" | timepoint: {tp}" if tp else "") +
                  (f" | subgroup: {sg}" if sg else "") + f" | type: {kind}\n")
        for line in lines:
            out.write(line + "\n")
            n += 1
        out.write("\n")
    _report(refused, err)
    return n


def parse_pythonmeta(text: str) -> list[dict]:
    """Read :func:`write_pythonmeta` output back: one dict per data line with its block header.

    >>> parse_pythonmeta("# outcome: CT | type: binary\\nA (x vs y), 23, 49, 10, 29\\n")
    [{'outcome': 'CT', 'type': 'binary', 'study': 'A (x vs y)', 'values': [23.0, 49.0, 10.0, 29.0]}]
    """
    out, head = [], {}
    for line in text.splitlines():
        if line.startswith("#"):
            head = dict(part.strip().split(": ", 1) for part in line[1:].split(" | "))
        elif line.strip():
            study, *vals = [p.strip() for p in line.split(",")]
            out.append({**head, "study": study, "values": [float(v) for v in vals]})
    return out


def _md(v) -> str:
    return _fmt(v).replace("|", "\\|").replace("\n", " ")


def write_markdown(conn, out: TextIO, document_ids=None, err: Optional[TextIO] = None) -> int:
    """A Markdown effects table for notes and meeting minutes, then the refused comparisons."""
    comps, refused = effect_table(conn, document_ids)
    cols = ["Study", "Outcome", "Time point", "Subgroup", "Comparison", "Intervention", "Control",
            "Effect", "Derived"]
    out.write("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n")
    for c in comps:
        e = c.effect
        cells = [c.slab or c.study, c.outcome, c.timepoint, c.subgroup, c.label, _arm_text(c.stats1, c.arm1_n),
                 _arm_text(c.stats2, c.arm2_n), _effect_text(e) if e else "", "yes" if c.derived else ""]
        out.write("| " + " | ".join(_md(x) for x in cells) + " |\n")
    if refused:
        out.write("\n**Refused (not computable from the stored numbers):**\n\n")
        for r in refused:
            out.write(f"- {_md(r.slab or r.study)}: {_md(r.outcome)}{_md(r.where)} ({_md(r.comparison)}): {_md(r.reason)}\n")
    return len(comps)


def _arm_text(st: dict, n) -> str:
    bits = []
    if "events" in st and "total" in st:
        bits.append(f"{_fmt(st['events'][0])}/{_fmt(st['total'][0])}" + ("*" if st["events"][2] else ""))
    for k, fmt in (("percent", "{}%"), ("mean", "mean {}"), ("sd", "SD {}"), ("median", "median {}")):
        if k in st:
            bits.append(fmt.format(_fmt(st[k][0])) + (" " + st[k][1] if st[k][1] and k != "percent" else ""))
    if "events" in st and "total" not in st:
        bits.append(f"{_fmt(st['events'][0])} events")
    return ", ".join(bits) + (f" (n={_fmt(n)})" if n and "total" not in st else "")


def _register() -> None:
    from .exports import register

    register("effects-csv", ".csv", write_effects_csv, "effects, one row per outcome × comparison, with per-arm numbers")
    register("metafor", ".csv", write_metafor, "R metafor escalc columns (ai..di / m1i..sd2i / yi,vi,sei)")
    register("revman", ".csv", write_revman, "RevMan study data (dichotomous, continuous, generic inverse variance)")
    register("pythonmeta", ".txt", write_pythonmeta, "PythonMeta input blocks per outcome")
    register("markdown", ".md", write_markdown, "Markdown effects table with the refused comparisons")



_register()
